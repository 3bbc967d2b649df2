"""A district's long-term plan and its milestones, one line each, through the services the
grid calls."""

from planning.models import ActionPlan, ActionStep, PlanCell
from planning.services import action_step_add, plan_cell_save


def milestone(
    plan,
    author,
    year: int,
    strand: str,
    target: str,
    *,
    status="on_track",
    expected_version=0,
    notes="",
) -> PlanCell:
    """The plan's milestone of `strand` in June of `year`, saved by `author` (the first save
    of a cell is against version 0)."""
    return plan_cell_save(
        plan=plan,
        year=year,
        strand=strand,
        expected_version=expected_version,
        target=target,
        status=status,
        notes=notes,
        acting_user=author,
    )


def add_step(plan, author, description: str, **fields) -> ActionStep:
    """A step of the action plan, added by `author` (`fields`: e.g. `due_date`,
    `coordinator`, `status`)."""
    return action_step_add(plan=plan, acting_user=author, description=description, **fields)


def new_step(
    district, author, description: str, *, goal: str = "Scoring criteria", **fields
) -> ActionStep:
    """A step of a new action plan of the district (its `goal`), added by `author` (`fields`:
    as add_step's)."""
    plan = ActionPlan.objects.create(district=district, goal=goal)
    return add_step(plan, author, description, **fields)
