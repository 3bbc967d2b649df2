"""Graduation competencies: competency → performance indicator → learning objective, with
scoring criteria on the district's scale. All district-owned; the team edits, coaches read."""

from django.db import models

from districts.models import Audience, Coded, DistrictOwned
from districts.validators import one_line

SCALE_PRESETS: dict[str, list[str]] = {
    "meets": ["Does Not Meet", "Partially Meets", "Meets", "Exceeds"],
    "emerging": ["Emerging", "Developing", "Accomplished", "Exemplary"],
    "numeric": ["1", "2", "3", "4"],
}


class ScoringScale(DistrictOwned):
    """The district's levels of proficiency, lowest first."""

    audience = Audience.COACHES

    labels = models.JSONField(default=list)
    # Which taxonomy the cognitive-demand check applies (competencies.checks.TAXONOMIES).
    taxonomy = models.CharField(
        "cognitive demand by",
        max_length=10,
        choices=[("bloom", "Bloom’s Revised Taxonomy"), ("webb", "Webb’s Depth of Knowledge")],
        default="bloom",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["district"], name="one_scale_per_district")]


class Competency(DistrictOwned, Coded):
    audience = Audience.COACHES

    class Kind(models.TextChoices):
        CROSS_CURRICULAR = "cross_curricular", "Cross-curricular (school-wide)"
        CONTENT_AREA = "content_area", "Content-area"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    content_area = models.CharField(max_length=100, blank=True, validators=[one_line])
    title = models.CharField(max_length=300, validators=[one_line])
    statement = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-kind", "content_area", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "kind", "content_area", "title"], name="competency_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(DistrictOwned, Coded):
    """A performance indicator: measurable, citing the standards it rests on."""

    audience = Audience.COACHES

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField(
        "code", max_length=40, blank=True, help_text="For example B or SCI.2", validators=[one_line]
    )
    text = models.TextField()
    standards = models.CharField(
        max_length=500,
        blank=True,
        help_text="Codes of the standards it cites, separated by commas, e.g. HS-PS1-1.",
        validators=[one_line],
    )
    # "Assessment Pathways Simplified" (the seed): how the indicator is assessed; the first
    # four use common scoring criteria and so lead to greater comparability over time.
    pathway = models.PositiveSmallIntegerField(
        "assessment pathway",
        null=True,
        blank=True,
        choices=[(n, f"Pathway {n}") for n in range(1, 6)],
    )
    required_for_graduation = models.BooleanField("required for graduation", default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["competency", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.label} {self.text}".strip()

    @property
    def standard_codes(self) -> list[str]:
        return [code.strip() for code in self.standards.split(",") if code.strip()]


class Objective(DistrictOwned, Coded):
    """A learning objective: one progressive step toward an indicator."""

    audience = Audience.COACHES

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="objectives")
    text = models.CharField(max_length=1000, validators=[one_line])
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["indicator", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Criterion(DistrictOwned):
    """What a student knows or can do at one level of the scale, for one indicator."""

    audience = Audience.COACHES

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="criteria")
    level = models.PositiveSmallIntegerField(help_text="1 is the lowest level of the scale.")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["indicator", "level"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level"], name="criterion_unique")
        ]
