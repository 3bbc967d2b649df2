"""Implementation plans: the long-term grid, action plans, the policy review checklist and
community engagement. All district-owned; the district's team edits, coaches read."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from districts.models import (
    Coded,
    DistrictOwned,
    DistrictOwnedQuerySet,
    Strand,
    acting_person,
    optional_fk,
)
from districts.validators import one_line

# Every part of the plan is read by whom the district chose (District.plan_sharing).
PLAN_AUDIENCE = "district__plan_sharing"


class LongTermPlan(DistrictOwned):
    """Where will the district be with practice, policy and public will by June of each year?"""

    audience_field = PLAN_AUDIENCE

    first_year = models.PositiveSmallIntegerField()
    years = models.PositiveSmallIntegerField(default=4)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["district"], name="one_plan_per_district")]

    @property
    def horizon(self) -> list[int]:
        return list(range(self.first_year, self.first_year + self.years))


class PlanCell(DistrictOwned, Coded):
    """One milestone: a strand by June of a year."""

    audience_field = PLAN_AUDIENCE

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        ACHIEVED = "achieved", "Achieved"

    plan = models.ForeignKey(LongTermPlan, on_delete=models.CASCADE, related_name="cells")
    year = models.PositiveSmallIntegerField(help_text="The June this milestone is for.")
    strand = models.CharField(max_length=12, choices=Strand.choices)
    target = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = acting_person()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["district", "-updated_at"], name="plancell_district_recent"),
            # Across every district, newest first: staff's queue (milestones at risk).
            models.Index(fields=["status", "-updated_at"], name="plancell_status_recent"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "strand"], name="plan_cell_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_strand_display()}, June {self.year}"

    @property
    def has_content(self) -> bool:
        return bool(self.target or self.notes or self.status != self.Status.NOT_STARTED)


class ActionPlan(DistrictOwned, Coded):
    """A plan after the seed's action planning template: goal, rationale, strategy, steps."""

    audience_field = PLAN_AUDIENCE

    goal = models.CharField(max_length=300, validators=[one_line])
    rationale = models.TextField(blank=True)
    strategy = models.TextField(blank=True)
    strands = models.JSONField(default=list, blank=True)
    dimensions = models.ManyToManyField(
        "rubrics.Dimension", blank=True, related_name="+", help_text="Rubric dimensions it serves"
    )
    created_by = acting_person()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.goal

    def strand_labels(self) -> list[str]:
        return [Strand(s).label for s in self.strands if s in Strand.values]


class StepQuerySet(DistrictOwnedQuerySet):
    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today).exclude(status=ActionStep.Status.DONE)


class ActionStep(DistrictOwned, Coded):
    audience_field = PLAN_AUDIENCE

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        BLOCKED = "blocked", "Blocked"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    description = models.TextField()
    evidence = models.TextField(
        blank=True, help_text="What data is collected, and how it is tracked."
    )
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    coordinator = optional_fk(settings.AUTH_USER_MODEL, related_name="coordinated_steps")
    coordinator_name = models.CharField(
        max_length=150,
        blank=True,
        help_text="Someone outside Waypoint, if not a member.",
        validators=[one_line],
    )
    # The meeting commitment this step was made from (the meeting page links to the step).
    commitment = optional_fk(
        "meetings.Commitment", one_to_one=True, related_name="step", editable=False
    )
    participants = models.TextField(blank=True)
    external_support = models.TextField(blank=True)
    resources = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "pk"]
        indexes = [
            models.Index(fields=["district", "status", "due_date"]),
            models.Index(fields=["district", "-updated_at"], name="step_district_recent"),
            # Across every district, the latest due first: staff's queue (overdue steps).
            models.Index(
                fields=["-due_date"], condition=~models.Q(status="done"), name="step_open_due"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date
            and self.due_date < timezone.localdate()
            and self.status != self.Status.DONE
        )

    @property
    def coordinator_label(self) -> str:
        if self.coordinator_id:
            return str(self.coordinator)
        return self.coordinator_name


class PolicyReview(DistrictOwned, Coded):
    """One line of the district and school policy checklist."""

    audience_field = PLAN_AUDIENCE

    class Status(models.TextChoices):
        NOT_REVIEWED = "not_reviewed", "Not reviewed"
        UNDER_REVIEW = "under_review", "Under review"
        REVISION_DRAFTED = "revision_drafted", "Revision drafted"
        ADOPTED = "adopted", "Adopted"

    position = models.PositiveIntegerField(default=0)
    area = models.CharField(max_length=200, validators=[one_line])
    policy_codes = models.CharField(
        "policy file codes", max_length=60, blank=True, validators=[one_line]
    )
    is_standard = models.BooleanField(default=False, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_REVIEWED)
    last_reviewed = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    link = models.URLField("link to the policy text", blank=True, validators=[one_line])
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["district", "area"], name="policy_area_unique")
        ]

    def __str__(self) -> str:
        return f"{self.area} ({self.policy_codes})" if self.policy_codes else self.area


class EngagementActivity(DistrictOwned, Coded):
    audience_field = PLAN_AUDIENCE

    class Spectrum(models.TextChoices):
        INFORMING = "informing", "Informing"
        SEEKING_INPUT = "seeking_input", "Seeking Input"
        DECIDING_TOGETHER = "deciding_together", "Deciding Together"

    title = models.CharField(max_length=200, validators=[one_line])
    date = models.DateField()
    spectrum = models.CharField(
        "place on the engagement spectrum", max_length=20, choices=Spectrum.choices
    )
    audience_description = models.CharField(
        "audience", max_length=300, blank=True, validators=[one_line]
    )
    participants = models.TextField("who took part", blank=True)
    missing_voices = models.TextField("who has historically not been at the table", blank=True)
    outcome = models.TextField("what came of it", blank=True)
    created_by = acting_person()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title
