"""What self-assessment contributes to the documents (districts.documents): the latest
submitted round of the district's rubric in a district's section, compared with the one
before (evidence and next steps only for who reads evidence), and the rounds and ratings in
the whole-record archive."""

from dataclasses import dataclass

from districts.access import DistrictAccess
from districts.documents import Part, Reading, iso_date, person_name
from rubrics import charts
from rubrics.models import AssessmentRound, ConsensusRating, Level, Rating
from rubrics.selectors import RUBRIC, ComparedDomain, compare_rounds


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
class Shown:
    """The part as a section shows it: the assessment, or None when nothing is submitted."""

    assessment: Assessment | None


def _assessment(access: DistrictAccess, reading: Reading) -> Shown:
    rounds = list(
        AssessmentRound.objects.readable_in(access)
        .of_district()
        .filter(status=AssessmentRound.Status.SUBMITTED, framework__slug=RUBRIC)
        .select_related("framework")
        .order_by("-submitted_at", "-pk")[:2]
    )
    if not rounds:
        return Shown(None)
    latest, previous = rounds[0], rounds[1] if len(rounds) > 1 else None
    ratings = list(
        ConsensusRating.objects.filter(round=latest).select_related("level", "dimension")
    )
    return Shown(
        Assessment(
            round=latest,
            previous=previous,
            domains=compare_rounds(previous, latest, later_ratings=ratings),
            levels=list(latest.framework.levels.order_by("position")),
            evidence={c.dimension_id: c for c in ratings} if access.reads_evidence else {},
        )
    )


def _items_with_files(shown: Shown) -> list:
    """The shown round's team ratings (when the reader reads evidence: the evidence dict is
    empty otherwise)."""
    if shown.assessment is None:
        return []
    items = []
    for rating in shown.assessment.evidence.values():
        rating.round = shown.assessment.round  # for its title, without a query
        items.append(rating)
    return items


def _round_source(r):
    if r is None:
        return None
    return {
        "code": str(r.code),
        "title": r.title,
        "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
    }


def _sources(shown: Shown) -> dict:
    a = shown.assessment
    return {
        "round": _round_source(a and a.round),
        "previous_round": _round_source(a and a.previous),
    }


# The columns a rater's rating and the team's have in common, after whose they are.
RATING_HEADER = ["Domain", "Dimension", "Level", "Evidence", "Next steps"]


def _rating_columns(rating: Rating | ConsensusRating) -> list:
    return [
        rating.dimension.domain.name,
        rating.dimension.name,
        rating.level.name if rating.level_id else "",
        rating.evidence,
        rating.next_steps,
    ]


def _tables(access: DistrictAccess) -> dict[str, list[list]]:
    """The rounds, the team's ratings and each rater's."""
    rounds = AssessmentRound.objects.readable_in(access).select_related("framework", "school")
    return {
        "rounds": [["Round", "Framework", "Status", "Shared with", "Due", "Submitted"]]
        + [
            [
                r.heading,
                r.framework.name,
                r.get_status_display(),
                r.shared_with,
                iso_date(r.due_date),
                iso_date(r.submitted_at),
            ]
            for r in rounds.order_by("created_at", "pk")
        ],
        "team-ratings": [["Round", *RATING_HEADER]]
        + [
            [c.round.heading, *_rating_columns(c)]
            for c in ConsensusRating.objects.readable_in(access)
            .select_related("round__school", "dimension__domain", "level")
            .order_by("round__created_at", "dimension__domain__position", "dimension__position")
        ],
        "ratings": [["Round", "Rater", *RATING_HEADER]]
        + [
            [r.round.heading, person_name(r.rater), *_rating_columns(r)]
            for r in Rating.objects.readable_in(access)
            .select_related("round__school", "rater", "dimension__domain", "level")
            .order_by(
                "round__created_at",
                "rater__full_name",
                "dimension__domain__position",
                "dimension__position",
            )
        ],
    }


PARTS = (
    Part(
        slug="assessment",
        position=10,
        template="rubrics/document_assessment.html",
        read=_assessment,
        items_with_files=_items_with_files,
        sources=_sources,
        tables=_tables,
    ),
)
