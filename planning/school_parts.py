"""What planning gives schools (schools.parts): the action steps and milestones that name a
school, on its page, read as the plan is (its audience: District.plan_sharing); and the long-term
plan's years, for the rollout of the schools' implementation stages."""

from districts.access import DistrictAccess
from planning.models import ActionStep, LongTermPlan, PlanCell
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


def plan_years(access: DistrictAccess) -> list[int]:
    """The Junes of the district's long-term plan, if the opener reads the plan: one query
    (none for who does not read it)."""
    if not access.reads_plan:
        return []
    plan = LongTermPlan.objects.readable_in(access).first()
    return plan.horizon if plan else []


PARTS = (
    SchoolPart(
        title="Its steps and milestones",
        template="planning/school_part.html",
        read=read_work,
        order=30,
    ),
)
YEARS = plan_years
