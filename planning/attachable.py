"""What of the plans can carry files and links (the evidence app): a milestone of the
long-term plan, an action step (evidence beside its status, as its evidence text is) and a
policy review. Their readers read them; the district's leads and members add to them."""

from django.urls import reverse

from evidence.kinds import Kind, register, writers
from planning.models import ActionStep, PlanCell, PolicyReview


def _step_url(step: ActionStep) -> str:
    return (
        reverse(
            "planning:action_plan",
            kwargs={"district": step.district.code, "plan": step.plan.code},
        )
        + f"#step-{step.code}"
    )


def register_kinds() -> None:
    register(
        Kind(
            slug="step",
            model=ActionStep,
            label="action step",
            may_change=writers,
            url=_step_url,
            title=lambda step: f"{step.description} (a step of “{step.plan.goal}”)",
            is_evidence=True,
        )
    )
    register(
        Kind(
            slug="milestone",
            model=PlanCell,
            label="milestone",
            may_change=writers,
            url=lambda cell: (
                reverse("planning:grid", kwargs={"district": cell.district.code})
                + f"#cell-{cell.year}-{cell.strand}"
            ),
            title=lambda cell: f"{cell.get_strand_display()}, June {cell.year}",
        )
    )
    register(
        Kind(
            slug="policy",
            model=PolicyReview,
            label="policy review",
            may_change=writers,
            url=lambda policy: (
                reverse("planning:policies", kwargs={"district": policy.district.code})
                + f"#policy-{policy.code}"
            ),
            title=str,
        )
    )
