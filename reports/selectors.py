"""What a packet or a report shows of each district, read as the person who asked for it.

Every read goes through the access layer (readable_in() with the reader's standing in each
district), so a document never shows more than its reader may see on the web: a facilitator
gets the levels of rounds shared with the cohort (no evidence), a coach what is shared with
coaches, the district's team all. The participants' packet reads every district as its cohort
does (districts.access.as_the_cohort_reads), the same for whoever asks.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from districts.access import (
    DistrictAccess,
    as_the_cohort_reads,
    cohort_access,
    district_accesses,
)
from districts.models import District
from evidence.selectors import ItemFiles, files_of_items
from measures.selectors import measures_of
from measures.status import rule_text
from meetings.models import Commitment, Meeting, ProblemOfPractice
from meetings.selectors import (
    commitments_for,
    participating_districts,
    problems_for,
    shared_problems,
)
from planning.models import ActionStep, LongTermPlan, PolicyReview
from planning.selectors import GridRow, plan_grid
from reports.models import ReportJob
from rubrics import charts
from rubrics.models import AssessmentRound, ConsensusRating, Level
from rubrics.selectors import RUBRIC, ComparedDomain, compare_rounds

STEPS_SHOWN = 25


@dataclass
class Assessment:
    round: AssessmentRound
    previous: AssessmentRound | None
    domains: list[ComparedDomain]
    levels: list[Level]
    evidence: dict[int, ConsensusRating]  # by dimension id; empty when the reader sees levels only

    @property
    def chart(self) -> str:
        return charts.comparison_print(
            self.domains,
            self.levels,
            earlier=self.previous.title if self.previous else "no earlier round",
            later=self.round.title,
            alt=self.chart_alt,
        )

    @property
    def summary(self) -> list[str]:
        return charts.domain_summary(self.domains) if self.previous else []

    @property
    def chart_alt(self) -> str:
        """The chart in words: what it plots, and per domain what changed."""
        if self.previous is None:
            return f"Chart: the level of each dimension in {self.round.title}, as in the table."
        return (
            f"Chart: the level of each dimension in {self.previous.title} (hollow circle) and "
            f"{self.round.title} (filled circle). " + " ".join(self.summary)
        )

    @property
    def evidence_rows(self) -> list[tuple]:
        """(dimension, consensus) with evidence or next steps, in rubric order."""
        rows = []
        for domain in self.domains:
            for row in domain.rows:
                rating = self.evidence.get(row.dimension.pk)
                if rating and (rating.evidence or rating.next_steps):
                    rows.append((row.dimension, rating))
        return rows


@dataclass
class DistrictSection:
    district: District
    access: DistrictAccess
    assessment: Assessment | None = None
    plan: LongTermPlan | None = None
    grid: list[GridRow] = field(default_factory=list)
    steps: list[ActionStep] = field(default_factory=list)
    steps_more: int = 0
    overdue: int = 0
    policies: list[PolicyReview] = field(default_factory=list)
    problems: list[ProblemOfPractice] | None = None  # None: not part of this document
    files: list[ItemFiles] = field(default_factory=list)  # its evidence the reader may read
    for_cohort: bool = False  # read as the whole cohort reads it (the participants' packet)
    commitments: list[Commitment] | None = None  # its part of the meeting's record, or None
    measures: list = field(default_factory=list)  # its measures of success, judged

    @property
    def reads_plan(self) -> bool:
        return self.access.reads_plan

    @property
    def measure_rule(self) -> str:
        return rule_text()

    @property
    def sources(self) -> dict:
        """Which round, earlier round and plan version this section used, for the record."""

        def round_source(r):
            if r is None:
                return None
            return {
                "code": str(r.code),
                "title": r.title,
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            }

        return {
            "district": self.district.code,
            "name": self.district.name,
            "round": round_source(self.assessment and self.assessment.round),
            "previous_round": round_source(self.assessment and self.assessment.previous),
            "plan": (
                {
                    "updated_at": self.plan.updated_at.isoformat(),
                    "cells": {
                        f"{cell.year}-{cell.strand}": cell.version
                        for row in self.grid
                        for _, _, cell in row.cells
                        if cell is not None
                    },
                }
                if self.plan
                else None
            ),
        }


def _assessment(access: DistrictAccess) -> Assessment | None:
    rounds = list(
        AssessmentRound.objects.readable_in(access)
        .filter(status=AssessmentRound.Status.SUBMITTED, framework__slug=RUBRIC)
        .select_related("framework")
        .order_by("-submitted_at", "-pk")[:2]
    )
    if not rounds:
        return None
    latest, previous = rounds[0], rounds[1] if len(rounds) > 1 else None
    ratings = list(
        ConsensusRating.objects.filter(round=latest).select_related("level", "dimension")
    )
    return Assessment(
        round=latest,
        previous=previous,
        domains=compare_rounds(previous, latest, later_ratings=ratings),
        levels=list(latest.framework.levels.order_by("position")),
        evidence={c.dimension_id: c for c in ratings} if access.reads_evidence else {},
    )


def _open_steps(district: District) -> tuple[list[ActionStep], int, int]:
    """The first open steps, soonest due first (overdue ones lead), how many more, and how
    many are overdue."""
    open_steps = (
        ActionStep.objects.filter(district=district)
        .exclude(status=ActionStep.Status.DONE)
        .select_related("plan", "coordinator")
        .order_by("due_date", "plan__created_at", "position", "pk")
    )
    counts = open_steps.aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=timezone.localdate()))
    )
    return (
        list(open_steps[:STEPS_SHOWN]),
        max(counts["total"] - STEPS_SHOWN, 0),
        counts["overdue"],
    )


def district_section(
    access: DistrictAccess,
    *,
    problems: list | None = None,
    commitments: list | None = None,
    for_cohort: bool = False,
) -> DistrictSection:
    """One district as its reader may read it (`access` is their standing in it)."""
    district = access.district
    section = DistrictSection(district=district, access=access, for_cohort=for_cohort)
    if commitments is not None:
        section.commitments = [c for c in commitments if c.district_id == district.pk]
    section.assessment = _assessment(access)
    if section.reads_plan:
        section.plan = LongTermPlan.objects.filter(district=district).first()
        section.grid = plan_grid(section.plan)
        section.steps, section.steps_more, section.overdue = _open_steps(district)
        section.policies = list(PolicyReview.objects.filter(district=district))
        section.measures = measures_of(access)
    if problems is not None:
        section.problems = [p for p in problems if p.district_id == district.pk]
    section.files = files_of_items(access, _items_with_files(section))
    return section


def _items_with_files(section: DistrictSection) -> list:
    """What of the section may carry files: the shown round's team ratings (when the reader
    reads evidence: assessment.evidence is empty otherwise), the plan's milestones, the open
    steps shown, the policies, and the problems of practice the document shows."""
    items = []
    if section.assessment:
        for rating in section.assessment.evidence.values():
            rating.round = section.assessment.round  # for its title, without a query
            items.append(rating)
    items += [cell for row in section.grid for _, _, cell in row.cells if cell is not None]
    return items + section.steps + section.policies + (section.problems or [])


def packet_sections(meeting: Meeting, user: User) -> Iterator[DistrictSection]:
    """The facilitators' packet: each participating district as the person may read it; a
    district they have no relation to is left out. One district at a time, so that the first
    sections can be laid out while the next are read."""
    access = cohort_access(user, meeting.cohort)
    problems = list(problems_for(meeting, user, access)) if access else []
    commitments = list(commitments_for(meeting, user, access)) if access else []
    districts = participating_districts(meeting)
    accesses = district_accesses(user, districts)
    for district in districts:
        if district.pk in accesses:
            yield district_section(
                accesses[district.pk], problems=problems, commitments=commitments
            )


def participants_sections(meeting: Meeting) -> Iterator[DistrictSection]:
    """The participants' packet: each participating district as its cohort reads it, with
    only the problems of practice shared with the cohort. Nobody's own standing shows in it,
    so it is the same whoever asks. One district at a time, as packet_sections()."""
    problems = list(shared_problems(meeting))
    for district in participating_districts(meeting):
        yield district_section(as_the_cohort_reads(district), problems=problems, for_cohort=True)


def jobs_of(user: User, subject: str | list[str]) -> QuerySet[ReportJob]:
    """The person's own documents of a subject (or of any of several), newest first (a
    document shows what its reader may see, so it is theirs alone)."""
    subjects = [subject] if isinstance(subject, str) else subject
    return ReportJob.objects.filter(requested_by=user, subject__in=subjects).order_by("-created_at")


def job_of(user: User, code) -> ReportJob | None:
    """One of the person's jobs, or None (anyone else's is as missing)."""
    return (
        ReportJob.objects.filter(requested_by=user, code=code)
        .select_related("meeting__cohort", "district")
        .first()
    )


def queue_state() -> dict:
    """How many jobs wait or run, and the age of the oldest none has started, for operators
    (/health/, /metrics): no person's data. Two queries on the status."""
    from reports.models import ReportJob

    unfinished = ReportJob.objects.filter(status__in=ReportJob.ACTIVE)
    counts = {"queued": 0, "running": 0}
    counts.update(unfinished.values_list("status").annotate(n=Count("pk")).order_by())
    oldest = (
        unfinished.filter(status=ReportJob.Status.QUEUED)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return {
        "counts": counts,
        "oldest_queued_seconds": (
            round((timezone.now() - oldest).total_seconds()) if oldest else None
        ),
    }
