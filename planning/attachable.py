"""What of the plans can carry files and links (the evidence app): a milestone of the
long-term plan, an action step (evidence beside its status, as its evidence text is) and a
policy review. Their readers read them; the district's leads and members add to them."""

from evidence.kinds import Kind, page_url
from planning.models import ActionStep, PlanCell, PolicyReview

KINDS = (
    Kind(
        slug="step",
        model=ActionStep,
        label="action step",
        url=lambda step: page_url(
            "planning:action_plan",
            f"step-{step.code}",
            district=step.district.code,
            plan=step.plan.code,
        ),
        title=lambda step: f"{step.description} (a step of “{step.plan.goal}”)",
        is_evidence=True,
    ),
    Kind(
        slug="milestone",
        model=PlanCell,
        label="milestone",
        url=lambda cell: page_url(
            "planning:grid", f"cell-{cell.year}-{cell.strand}", district=cell.district.code
        ),
        title=lambda cell: f"{cell.get_strand_display()}, June {cell.year}",
    ),
    Kind(
        slug="policy",
        model=PolicyReview,
        label="policy review",
        url=lambda policy: page_url(
            "planning:policies", f"policy-{policy.code}", district=policy.district.code
        ),
        title=str,
    ),
)
