"""What a school's page shows of the plan (schools.parts): the action steps and milestones
that name the school, read as the plan is (its audience: District.plan_sharing)."""

from planning.models import ActionStep, PlanCell
from schools.parts import SchoolPart

SHOWN = 50  # the latest of each, at most: the plan's pages have them all


def read_work(access, school) -> dict | None:
    """The school's steps (soonest due first) and milestones (by June), as the opener reads
    the plan; None for who reads no plan. 2 queries, whatever their number."""
    if not access.reads_plan:
        return None
    steps = (
        ActionStep.objects.readable_in(access)
        .filter(schools=school)
        .select_related("plan")
        .order_by("status", "due_date", "pk")[:SHOWN]
    )
    milestones = (
        PlanCell.objects.readable_in(access).filter(schools=school).order_by("year", "strand")
    )[:SHOWN]
    return {"steps": list(steps), "milestones": list(milestones)}


PARTS = (
    SchoolPart(
        title="Its steps and milestones",
        template="planning/school_part.html",
        read=read_work,
        order=30,
    ),
)
