"""The self-assessment: frameworks as data, rounds, individual and consensus ratings, review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from config.generations import Generation
from districts.models import (
    Audience,
    Coded,
    DistrictOwned,
    DistrictOwnedQuerySet,
    acting_person,
    optional_fk,
    versioned_queryset,
)
from districts.validators import one_line

# The frameworks' text (levels, domains, dimensions, descriptors): pages read it from their
# process's memory under this version (rubrics.selectors), moved by any save, delete, update or
# bulk write of those rows (signals in RubricsConfig.ready, and this queryset).
framework_generation = Generation("frameworks")
FrameworkText = versioned_queryset(framework_generation)

# ---------------------------------------------------------------- frameworks (global data)


class Framework(Coded):
    """A rubric. Once a round has used a version, that version is never changed: loading a
    changed file creates the next version, and past rounds keep the text they were rated on."""

    slug = models.SlugField(max_length=80)
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=200, validators=[one_line])
    description = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FrameworkText.as_manager()

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="framework_slug_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class FrameworkPart(models.Model):
    """A part of a framework's text, which pages read from memory (FrameworkText)."""

    objects = FrameworkText.as_manager()

    class Meta:
        abstract = True


class FrameworkHeading(FrameworkPart):
    """A level or a domain: named, and numbered within its framework."""

    class Meta:
        abstract = True
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "position"], name="%(class)s_position")
        ]

    def __str__(self) -> str:
        return self.name


class Level(FrameworkHeading):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100, validators=[one_line])


class Domain(FrameworkHeading):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200, validators=[one_line])


class Dimension(FrameworkPart, Coded):
    # The same dimension in every version of its framework (a new version may rename it):
    # the data file's "key", or its place ("2.3": domain 2, dimension 3). Heatmaps, trends,
    # spreads and comparisons line dimensions up by it.
    key = models.CharField(max_length=40, db_index=True, validators=[one_line])
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="dimensions")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=600, validators=[one_line])

    class Meta:
        ordering = ["domain__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "position"], name="dimension_position")
        ]

    def __str__(self) -> str:
        return self.name


class Descriptor(FrameworkPart):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="descriptors")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["dimension", "level__position"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "level"], name="descriptor_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dimension} — {self.level}"


# ---------------------------------------------------------------- rounds (district-owned)


class RoundQuerySet(DistrictOwnedQuerySet):
    def of_district(self) -> "RoundQuerySet":
        """The district's own rounds (not its schools'): what its heatmap row, trend,
        comparisons, peers and documents read as the district's rating."""
        return self.filter(school__isnull=True)

    def of_schools(self) -> "RoundQuerySet":
        return self.filter(school__isnull=False)


class AssessmentRound(DistrictOwned, Coded):
    """One self-assessment of a district, or of one of its schools (`school`), against a
    framework. A draft stays inside the district; on submission the lead's choice of sharing
    becomes its audience. A school's round is rated, agreed and submitted as the district's
    is, by the same pages; it is closed (never deleted) when its school closes while it is
    open."""

    audience_field = "shared_with"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        CLOSED = "closed", "Closed"

    school = models.ForeignKey(
        "schools.School",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
        help_text="The school this round assesses; empty for the district's own round.",
    )
    title = models.CharField(max_length=200, validators=[one_line])
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    due_date = models.DateField(null=True, blank=True)
    meeting = optional_fk(
        "meetings.Meeting",
        related_name="rounds",
        help_text="The PLG meeting this round prepares for, if any.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    sharing = models.CharField(
        "share when submitted with",
        max_length=10,
        choices=Audience.choices,
        default=Audience.COACHES,
    )
    # The effective audience: the district alone while a draft, `sharing` once submitted.
    shared_with = models.CharField(
        max_length=10, choices=Audience.choices, default=Audience.DISTRICT, db_index=True
    )
    created_by = acting_person()
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = acting_person(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = acting_person(blank=True)
    # Why a round was closed without being submitted ("closed because the school closed on
    # <date>"): its ratings stay, read-only.
    closed_note = models.TextField(blank=True, default="", db_default="")

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "school",
                Lower("title"),
                condition=Q(school__isnull=False),
                name="round_school_title_unique",
            )
        ]
        indexes = [
            models.Index(fields=["district", "status", "submitted_at"]),
            # A school's latest submitted round (the rollout grid, the school's page).
            models.Index(fields=["school", "status", "-submitted_at"], name="round_school_status"),
            # Across every district, newest first: staff's queue (rounds awaiting review) and
            # the rounds of the last six months (which districts are not stale).
            models.Index(fields=["status", "-submitted_at"], name="round_status_submitted"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.district.name})"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_open(self) -> bool:
        """Being rated: neither submitted nor closed."""
        return self.status == self.Status.DRAFT

    @property
    def heading(self) -> str:
        """The round as pages and notices name it: a school's round with its school."""
        return f"{self.title} — {self.school.name}" if self.school_id else self.title


class RoundReopening(DistrictOwned):
    """Why and by whom a submitted round was opened again."""

    audience = Audience.COACHES

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="reopenings")
    reopened_by = acting_person()
    reopened_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()

    class Meta:
        ordering = ["-reopened_at"]


class Rating(DistrictOwned, Coded):
    """One team member's own rating of one dimension. Never leaves the district."""

    audience = Audience.DISTRICT

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="ratings")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings"
    )
    level = models.ForeignKey(Level, null=True, blank=True, on_delete=models.PROTECT)
    evidence = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["district", "-updated_at"], name="rating_district_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "dimension", "rater"], name="rating_one_per_rater"
            )
        ]


class ConsensusRating(DistrictOwned, Coded):
    """The team's agreed rating of one dimension, recorded by a lead. Shared with the round."""

    audience_field = "round__shared_with"

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="consensus")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(Level, null=True, blank=True, on_delete=models.PROTECT)
    evidence = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = acting_person()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["district", "-updated_at"], name="consensus_district_recent")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "dimension"], name="consensus_one_per_dimension"
            )
        ]


class CoachCalibration(DistrictOwned, Coded):
    """An assigned coach's own rating of a round shared with coaches, dimension by dimension
    (CoachRating): theirs alone while a draft; once published, the district's team reads it
    beside its team rating, and the dimensions far apart become the agenda of the next
    coaching conversation (rubrics.calibration). Never the cohort's: its facilitators and
    other districts never read it (rubrics.calibration.readable_calibrations)."""

    audience = Audience.COACHES

    round = models.ForeignKey(
        AssessmentRound, on_delete=models.CASCADE, related_name="calibrations"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calibrations"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "coach"], name="calibration_one_per_coach")
        ]

    def __str__(self) -> str:
        return f"{self.coach}'s calibration of {self.round}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CoachRating(DistrictOwned):
    """A coach's level for one dimension, with the reason, and whether the evidence the coach
    saw points the other way from the team's."""

    audience = Audience.COACHES

    calibration = models.ForeignKey(
        CoachCalibration, on_delete=models.CASCADE, related_name="ratings"
    )
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(Level, null=True, blank=True, on_delete=models.PROTECT)
    rationale = models.TextField(blank=True)
    evidence_differs = models.BooleanField(
        "the evidence I saw points the other way from the team’s", default=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["calibration", "dimension"], name="coach_rating_one_per_dimension"
            )
        ]


class Comment(DistrictOwned, Coded):
    """Coach feedback on a round or one of its dimensions, and the district's replies."""

    audience = Audience.COACHES

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="comments")
    dimension = models.ForeignKey(
        Dimension, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = acting_person()
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]


class CommentsSeen(DistrictOwned):
    """When a person last read a round's comments: what came after is unread for them.
    Written by a read (opening the round), so it moves no version: nothing kept shows it."""

    audience = Audience.DISTRICT
    moves_work_version = False

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="comments_seen_unique")
        ]
