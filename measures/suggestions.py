"""Suggested measures, a few per strand, written for Waypoint's districts. Each says where
the idea comes from (docs/features.md lists them): a lead adopts one with one click (the form
comes filled) and then gives its baseline and targets."""

from dataclasses import dataclass

from measures.models import Measure
from planning.models import Strand


@dataclass(frozen=True)
class Suggestion:
    slug: str
    strand: str
    name: str
    counts: str
    kind: str  # leading or lagging
    unit: str
    cadence: str
    source: str
    unit_word: str = ""
    direction: str = "higher"

    @property
    def cadence_label(self) -> str:
        return Measure.Cadence(self.cadence).label.lower()

    def initial(self) -> dict:
        return {
            "name": self.name,
            "counts": self.counts,
            "strand": self.strand,
            "kind": self.kind,
            "unit": self.unit,
            "unit_word": self.unit_word,
            "direction": self.direction,
            "cadence": self.cadence,
        }


SUGGESTIONS = [
    Suggestion(
        "common-criteria",
        Strand.PRACTICE,
        "Courses with common scoring criteria",
        "Courses whose teachers score student work against the same criteria, of all courses.",
        "leading",
        "percent",
        "quarterly",
        "Ohio OIP: adult implementation indicators",
    ),
    Suggestion(
        "scales-weekly",
        Strand.PRACTICE,
        "Teachers giving feedback on proficiency scales each week",
        "Teachers who gave students feedback on a proficiency scale in the sampled week.",
        "leading",
        "percent",
        "monthly",
        "Indistar: leading metric data",
    ),
    Suggestion(
        "seniors-competencies",
        Strand.PRACTICE,
        "Seniors meeting every graduation competency",
        "Seniors who have met every graduation competency by June, of all seniors.",
        "lagging",
        "percent",
        "yearly",
        "Kentucky CSIP: measures of success toward long-term goals",
    ),
    Suggestion(
        "on-pace",
        Strand.PRACTICE,
        "Students on pace in their competencies",
        "Students who have met the indicators expected by this point of the year.",
        "lagging",
        "percent",
        "twice_a_year",
        "Michigan MICIP: student outcome measures of a goal",
    ),
    Suggestion(
        "policies-adopted",
        Strand.POLICY,
        "Policies revised for mastery-based learning and adopted",
        "Policies of the review checklist revised and adopted by the board.",
        "leading",
        "number",
        "twice_a_year",
        "Cognia: objectives with a measure of their completion",
        unit_word="policies",
    ),
    Suggestion(
        "transcripts",
        Strand.POLICY,
        "Schools issuing competency-based transcripts",
        "Schools whose transcripts report graduation competencies, of all high schools.",
        "lagging",
        "percent",
        "yearly",
        "Ohio OIP: annual goal targets",
    ),
    Suggestion(
        "families-reached",
        Strand.PUBLIC_WILL,
        "Families at engagement activities",
        "Families who took part in the district's engagement activities this year.",
        "leading",
        "count",
        "quarterly",
        "Indistar: leading metric data",
    ),
    Suggestion(
        "understand-diploma",
        Strand.PUBLIC_WILL,
        "Families who say they understand the mastery-based diploma",
        "Families answering the yearly survey who agree they understand what the diploma means.",
        "lagging",
        "percent",
        "yearly",
        "Michigan MICIP: stakeholder perception data",
    ),
]

BY_SLUG = {s.slug: s for s in SUGGESTIONS}


def by_strand() -> list[tuple[str, list[Suggestion]]]:
    return [
        (label, [s for s in SUGGESTIONS if s.strand == value]) for value, label in Strand.choices
    ]
