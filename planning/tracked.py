"""What of the plans keeps a history of its changes (the history app): a milestone of the
long-term plan, an action step (its evidence text only for who reads evidence) and a policy
review, read by whoever reads the plan."""

from history.kinds import Kind
from planning.models import ActionStep, PlanCell, PolicyReview

KINDS = (
    Kind(
        key="milestone",
        model=PlanCell,
        label="Milestone",
        title=str,
        fields=("target", "status", "notes", "schools"),
    ),
    Kind(
        key="step",
        model=ActionStep,
        label="Action step",
        title=lambda step: f"{step.description} (a step of “{step.plan.goal}”)",
        fields=(
            "description",
            "status",
            "start_date",
            "due_date",
            "coordinator",
            "coordinator_name",
            "participants",
            "external_support",
            "resources",
            "evidence",
            "schools",
        ),
        evidence=frozenset({"evidence"}),
    ),
    Kind(
        key="policy",
        model=PolicyReview,
        label="Policy review",
        title=str,
        fields=("area", "policy_codes", "status", "last_reviewed", "notes", "link"),
    ),
)
