"""Measures of success: what a district counts to see whether its plan is working, with a
baseline, a target for each June of the plan's horizon and data over time. Every row follows
the plan's audience (District.plan_sharing), as the rest of the plan does."""

from datetime import date

from django.conf import settings
from django.db import models

from districts.models import Coded, DistrictOwned, acting_person, optional_fk
from districts.validators import one_line
from planning.models import PLAN_AUDIENCE, Strand

# Values: up to 12 digits, 2 after the point (a percent, a count, a scale score).
VALUE = {"max_digits": 14, "decimal_places": 2}


class Measure(DistrictOwned, Coded):
    """One measure of the district's plan."""

    audience_field = PLAN_AUDIENCE

    class Kind(models.TextChoices):
        LEADING = "leading", "Leading (adult implementation)"
        LAGGING = "lagging", "Lagging (student outcome)"

    class Unit(models.TextChoices):
        PERCENT = "percent", "Percent"
        COUNT = "count", "Count"
        NUMBER = "number", "Number (with its own unit word)"

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Kept(models.TextChoices):
        """For the district as a whole, or per school with the district's value of each
        period rolled up from its schools' (measures.rollup)."""

        DISTRICT = "", "For the district as a whole"
        SUM = "sum", "Per school: the district's value is their sum"
        MEAN = "mean", "Per school: the district's value is their mean"
        WEIGHTED = (
            "weighted",
            "Per school: the district's value is their mean weighted by enrolment",
        )

    class Cadence(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        TWICE_A_YEAR = "twice_a_year", "Twice a year"
        YEARLY = "yearly", "Yearly"

    plan = models.ForeignKey(
        "planning.LongTermPlan", on_delete=models.CASCADE, related_name="measures"
    )
    name = models.CharField(max_length=200, validators=[one_line])
    counts = models.TextField("what it counts", blank=True)
    strand = models.CharField(max_length=12, choices=Strand.choices)
    milestone = optional_fk(
        "planning.PlanCell",
        related_name="measures",
        help_text="The milestone of the plan grid it serves, if any.",
    )
    action_plan = optional_fk("planning.ActionPlan", related_name="measures")
    dimension = optional_fk("rubrics.Dimension", related_name="+", verbose_name="rubric dimension")
    follows_dimension = models.BooleanField(
        "follows the rubric dimension",
        default=False,
        help_text="Its data are the team's level of the dimension in each submitted round.",
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.LEADING)
    unit = models.CharField(max_length=8, choices=Unit.choices, default=Unit.PERCENT)
    unit_word = models.CharField(
        max_length=40, blank=True, validators=[one_line], help_text="For a number: “courses”."
    )
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    baseline_value = models.DecimalField(**VALUE)
    baseline_date = models.DateField("baseline as of")
    baseline_source = models.CharField(
        "source of the baseline", max_length=300, blank=True, validators=[one_line]
    )
    owner = optional_fk(
        settings.AUTH_USER_MODEL,
        related_name="owned_measures",
        help_text="A member of the district, reminded when data is due.",
    )
    cadence = models.CharField(
        "new data due", max_length=12, choices=Cadence.choices, default=Cadence.QUARTERLY
    )
    kept = models.CharField(
        "kept",
        max_length=8,
        choices=Kept.choices,
        default=Kept.DISTRICT,
        db_default=Kept.DISTRICT,  # the previous release's inserts leave it out
        blank=True,
    )
    version = models.PositiveIntegerField(default=1)
    created_by = acting_person()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["strand", "name", "pk"]
        indexes = [models.Index(fields=["district", "strand"], name="measure_district_strand")]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="measure_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def per_school(self) -> bool:
        return self.kept != self.Kept.DISTRICT

    @property
    def unit_label(self) -> str:
        if self.unit == self.Unit.PERCENT:
            return "%"
        if self.unit == self.Unit.COUNT:
            return ""
        return self.unit_word


class Target(DistrictOwned):
    """Where the measure should be by June of one year of the plan's horizon."""

    audience_field = PLAN_AUDIENCE

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(help_text="The June this target is for.")
    value = models.DecimalField(**VALUE)

    class Meta:
        ordering = ["measure", "year"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "year"], name="target_one_per_year")
        ]

    @property
    def due(self) -> date:
        return date(self.year, 6, 30)


class DataPoint(DistrictOwned, Coded):
    """One value of the measure as of a date. Corrected in place (with its version), every
    change kept in its history."""

    audience_field = PLAN_AUDIENCE

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="points")
    value = models.DecimalField(**VALUE)
    as_of = models.DateField("as of")
    source = models.CharField(max_length=300, blank=True, validators=[one_line])
    note = models.TextField(blank=True)
    # A point made from a submitted round (a measure that follows a rubric dimension).
    from_round = models.ForeignKey(
        "rubrics.AssessmentRound",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
    )
    # A measure kept per school: the school a point is of (its people enter it) ...
    school = optional_fk("schools.School", related_name="measure_points", editable=False)
    # ... or, for a point of the district's series, how many schools it rolls up (a point
    # worked out from theirs by measures.rollup, never entered; null for any other point).
    reported = models.PositiveIntegerField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_by = acting_person()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["measure", "as_of", "pk"]
        indexes = [models.Index(fields=["measure", "-as_of"], name="point_measure_latest")]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "from_round"],
                condition=models.Q(from_round__isnull=False),
                name="point_one_per_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} as of {self.as_of}"
