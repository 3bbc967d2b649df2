"""What planning contributes to the documents (districts.documents): in a district's section,
the long-term plan's grid, then (after the measures) the first open action steps and the
policy checklist, each for who reads the plan; in the whole-record archive, the plan, the
steps, the policies and the engagement."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from districts.access import DistrictAccess
from districts.documents import Part, Reading, iso_date
from planning.models import ActionStep, EngagementActivity, LongTermPlan, PlanCell, PolicyReview
from planning.selectors import GridRow, plan_grid

STEPS_SHOWN = 25


@dataclass
class PlanShown:
    """The plan's grid as a section shows it; `reads_plan` False: the district does not
    share its plan with this reader (the section says so)."""

    reads_plan: bool
    plan: LongTermPlan | None = None
    grid: list[GridRow] = field(default_factory=list)


@dataclass
class StepsShown:
    steps: list[ActionStep]
    more: int
    overdue: int
    policies: list[PolicyReview]


def _plan(access: DistrictAccess, reading: Reading) -> PlanShown:
    if not access.reads_plan:
        return PlanShown(reads_plan=False)
    plan = LongTermPlan.objects.filter(district=access.district).first()
    return PlanShown(reads_plan=True, plan=plan, grid=plan_grid(plan))


def _open_steps(access: DistrictAccess, reading: Reading) -> StepsShown | None:
    """The first open steps, soonest due first (overdue ones lead), how many more, how many
    are overdue; and the policy checklist."""
    if not access.reads_plan:
        return None
    district = access.district
    open_steps = (
        ActionStep.objects.filter(district=district)
        .exclude(status=ActionStep.Status.DONE)
        .select_related("plan", "coordinator")
        .order_by("due_date", "plan__created_at", "position", "pk")
    )
    counts = open_steps.aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=timezone.localdate()))
    )
    return StepsShown(
        steps=list(open_steps[:STEPS_SHOWN]),
        more=max(counts["total"] - STEPS_SHOWN, 0),
        overdue=counts["overdue"],
        policies=list(PolicyReview.objects.filter(district=district)),
    )


def _milestones(shown: PlanShown) -> list:
    return [cell for row in shown.grid for _, _, cell in row.cells if cell is not None]


def _steps_and_policies(shown: StepsShown | None) -> list:
    return (shown.steps + shown.policies) if shown else []


def _plan_source(shown: PlanShown) -> dict:
    if not shown.plan:
        return {"plan": None}
    return {
        "plan": {
            "updated_at": shown.plan.updated_at.isoformat(),
            "cells": {
                f"{cell.year}-{cell.strand}": cell.version
                for row in shown.grid
                for _, _, cell in row.cells
                if cell is not None
            },
        }
    }


def _tables(access: DistrictAccess) -> dict[str, list[list]]:
    """The long-term plan, the action steps, the policy reviews and the engagement."""
    return {
        "long-term-plan": [["June", "Strand", "Target", "Status", "Notes"]]
        + [
            [c.year, c.get_strand_display(), c.target, c.get_status_display(), c.notes]
            for c in PlanCell.objects.readable_in(access).order_by("year", "strand")
        ],
        "action-steps": [
            [
                "Action plan",
                "Step",
                "Description",
                "Evidence",
                "Start",
                "Due",
                "Coordinator",
                "Participants",
                "External support",
                "Resources",
                "Status",
            ]
        ]
        + [
            [
                s.plan.goal,
                s.position,
                s.description,
                s.evidence,
                iso_date(s.start_date),
                iso_date(s.due_date),
                s.coordinator_label,
                s.participants,
                s.external_support,
                s.resources,
                s.get_status_display(),
            ]
            for s in ActionStep.objects.readable_in(access)
            .select_related("plan", "coordinator")
            .order_by("plan__created_at", "position", "pk")
        ],
        "policies": [["Policy area", "Codes", "Status", "Last reviewed", "Notes", "Link"]]
        + [
            [
                p.area,
                p.policy_codes,
                p.get_status_display(),
                iso_date(p.last_reviewed),
                p.notes,
                p.link,
            ]
            for p in PolicyReview.objects.readable_in(access).order_by("position", "pk")
        ],
        "engagement": [
            [
                "Activity",
                "Date",
                "Spectrum",
                "Audience",
                "Who took part",
                "Missing voices",
                "What came of it",
            ]
        ]
        + [
            [
                e.title,
                iso_date(e.date),
                e.get_spectrum_display(),
                e.audience_description,
                e.participants,
                e.missing_voices,
                e.outcome,
            ]
            for e in EngagementActivity.objects.readable_in(access).order_by("date", "pk")
        ],
    }


PARTS = (
    Part(
        slug="plan",
        position=20,
        template="planning/document_plan.html",
        read=_plan,
        items_with_files=_milestones,
        sources=_plan_source,
        tables=_tables,
    ),
    Part(
        slug="steps",
        position=40,
        template="planning/document_steps.html",
        read=_open_steps,
        items_with_files=_steps_and_policies,
    ),
)
