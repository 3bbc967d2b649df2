"""What planning gives schools (schools.parts): the long-term plan's years, for the rollout
of the schools' implementation stages."""

from districts.access import DistrictAccess
from planning.models import LongTermPlan


def plan_years(access: DistrictAccess) -> list[int]:
    """The Junes of the district's long-term plan, if the opener reads the plan: one query
    (none for who does not read it)."""
    if not access.reads_plan:
        return []
    plan = LongTermPlan.objects.readable_in(access).first()
    return plan.horizon if plan else []


YEARS = plan_years
