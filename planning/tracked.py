"""What of the plans keeps a history of its changes (the history app): a milestone of the
long-term plan, an action step (its evidence text only for who reads evidence) and a policy
review, read by whoever reads the plan."""

from history.kinds import Kind, register
from planning.models import ActionStep, PlanCell, PolicyReview


def register_kinds() -> None:
    register(
        Kind(
            key="milestone",
            model=PlanCell,
            label="Milestone",
            title=str,
            fields=("target", "status", "notes"),
        )
    )
    register(
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
            ),
            evidence=frozenset({"evidence"}),
        )
    )
    register(
        Kind(
            key="policy",
            model=PolicyReview,
            label="Policy review",
            title=str,
            fields=("area", "policy_codes", "status", "last_reviewed", "notes", "link"),
        )
    )
