"""PLG meetings of a cohort: dates, agenda and protocols, attendance, problems of practice."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from districts.models import (
    Coded,
    Cohort,
    District,
    DistrictOwned,
    DistrictOwnedQuerySet,
    PeopleQuerySet,
    acting_person,
    optional_fk,
)
from districts.validators import one_line

# The seed's Quick Fire protocol (seed 001), with its seven timed steps.
QUICK_FIRE_PROTOCOL = "Quick Fire Protocol"
QUICK_FIRE_STEPS = [
    {"title": "Individually write dilemma", "minutes": 5},
    {"title": "First Presenter", "minutes": 2},
    {"title": "Clarifying Questions", "minutes": 1},
    {"title": "Participant Feedback", "minutes": 5},
    {"title": "Presenter Response", "minutes": 2},
    {"title": "Summary Conversation", "minutes": 5},
    {"title": "Debrief the Protocol", "minutes": 3},
]


class Protocol(Coded):
    """A discussion protocol with timed steps, such as the seed's Quick Fire protocol."""

    name = models.CharField(max_length=200, unique=True, validators=[one_line])
    steps = models.JSONField(default=list, help_text='[{"title": "…", "minutes": 5}, …]')

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def total_minutes(self) -> int:
        return sum(step.get("minutes", 0) for step in self.steps)


class Meeting(Coded):
    """One meeting of a cohort. Facilitators edit it; the cohort's districts read it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200, validators=[one_line])
    first_date = models.DateField()
    second_date = models.DateField(null=True, blank=True, help_text="For a two-day meeting.")
    location = models.CharField(max_length=300, blank=True, validators=[one_line])
    outcomes = models.TextField(blank=True, help_text="One per line.")
    norms = models.TextField(
        blank=True,
        help_text="One per line. Leave empty to use the cohort's norms.",
    )
    attending = models.ManyToManyField(District, blank=True, related_name="meetings_attended")
    evaluation_open = models.BooleanField(
        default=False, help_text="Participants may answer the meeting's evaluation."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeopleQuerySet.as_manager()

    class Meta:
        ordering = ["first_date", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.first_date:%b %-d, %Y})"

    @property
    def has_started(self) -> bool:
        """Its first day has come: its evaluation may open (not weeks before)."""
        return self.first_date <= timezone.localdate()

    @property
    def evaluation_is_open(self) -> bool:
        """Participants may answer now: opened by its facilitators, and the meeting started."""
        return self.evaluation_open and self.has_started

    @property
    def norms_lines(self) -> list[str]:
        """The meeting's own norms, or else its cohort's."""
        text = self.norms if self.norms.strip() else self.cohort.norms
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def has_own_norms(self) -> bool:
        return bool(self.norms.strip())


class AgendaItem(Coded):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveIntegerField(default=0)
    time = models.TimeField(null=True, blank=True)
    title = models.CharField(max_length=300, validators=[one_line])
    description = models.TextField(blank=True)
    protocol = models.ForeignKey(Protocol, null=True, blank=True, on_delete=models.SET_NULL)
    slots = models.PositiveSmallIntegerField(
        "presentation slots",
        default=0,
        help_text="How many districts may sign up to present in this item (0: no sign-ups).",
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class PresentationSignup(Coded):
    """A district signed up to present in an agenda item ("Structure of Presentations & Sign
    Ups"): what every reader of the meeting sees, like its agenda."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="signups")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField("what you will present", max_length=300, validators=[one_line])
    signed_up_by = acting_person()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "district"], name="one_signup_per_district")
        ]

    def __str__(self) -> str:
        return f"{self.district}: {self.topic}"


class Topic(models.TextChoices):
    """The seed's list of issues districts confront."""

    POPULATIONS = (
        "populations",
        "Addressing needs of different student populations: special education, ELL, "
        "chronically absent, transfers, etc.",
    )
    INTERVENTION = "intervention", "Intervention and support systems"
    ENGAGEMENT = "engagement", "Community engagement plans"
    STANDARDS = "standards", "Planning for development of standards"
    CRITERIA = "criteria", "Planning for development of scoring criteria"
    NORMING = "norming", "Norming teacher assessment scores"
    HIGHER_ED = "higher_ed", "Higher education"
    OTHER = "other", "Other"


class ProblemQuerySet(DistrictOwnedQuerySet):
    pass


class ProblemOfPractice(DistrictOwned, Coded):
    """What a district brings to a meeting. Its team and the cohort's facilitators read it;
    the cohort's other districts only if the submitter shares it."""

    class Kind(models.TextChoices):
        MEANING = "meaning", "I am unclear what this means."
        HOW = "how", "I am unclear about how to do this."
        CONCERN = "concern", "I am concerned about successful implementation of this."

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="problems")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    topics = models.JSONField(default=list)
    text = models.TextField()
    share_with_cohort = models.BooleanField(
        "let the cohort's other districts read it", default=False
    )
    # What was said when a protocol took it up in the room, one line per capture.
    discussion = models.TextField(blank=True)
    submitted_by = acting_person()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def topic_labels(self) -> list[str]:
        return [Topic(t).label for t in self.topics if t in Topic.values]


class MeetingNote(Coded):
    """What the facilitators record of the meeting as a whole: a note or a decision. For the
    facilitators only (their packet) unless shared with the cohort (the participants')."""

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        DECISION = "decision", "Decision"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField()
    share_with_cohort = models.BooleanField("let the cohort's districts read it", default=False)
    written_by = acting_person()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def cohort(self):
        """Whose its files are (evidence.services.owner_of): the meeting's cohort's."""
        return self.meeting.cohort


class Commitment(DistrictOwned, Coded):
    """A district's own part of a meeting's record: a note, a decision or a commitment (with
    who owns it and by when). Its team and coaches read it, and the meeting's facilitators
    (meetings.selectors.commitments_for); never the cohort's other districts. A commitment
    can become an action step of the district's plan (planning.ActionStep.commitment)."""

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        DECISION = "decision", "Decision"
        COMMITMENT = "commitment", "Commitment"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMMITMENT)
    text = models.TextField()
    owner = optional_fk(settings.AUTH_USER_MODEL, related_name="meeting_commitments")
    due_date = models.DateField(null=True, blank=True)
    written_by = acting_person()
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept without becoming an action step (done, or dropped): off its owner's lists.
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_overdue(self) -> bool:
        return self.due_date is not None and self.due_date < timezone.localdate()


# The questions every meeting's evaluation starts with, after the seeds' "Series Evaluation
# Survey" that ends each meeting: were the outcomes met, was it useful, what to change. The
# facilitators change them before the first answer.
SCALE = [(1, "Not at all"), (2, "A little"), (3, "Mostly"), (4, "Fully")]
DEFAULT_QUESTIONS = [
    ("scale", "To what extent were this meeting’s outcomes met?"),
    ("scale", "How useful was this meeting for your district’s work?"),
    ("text", "What should we change for the next meeting?"),
]


class EvaluationQuestion(Coded):
    class Kind(models.TextChoices):
        SCALE = "scale", "A rating from “Not at all” to “Fully”"
        TEXT = "text", "A written answer"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SCALE)
    text = models.CharField(max_length=300, validators=[one_line])

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class EvaluationResponse(models.Model):
    """One participant's answers, anonymous: no person, no time, and a random key, so that
    nothing ties it to the receipt that says who has answered (EvaluationReceipt)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="responses")
    # {question code: 1-4 for a scale, text for a written answer}
    answers = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"An answer to the evaluation of {self.meeting_id}"


class EvaluationReceipt(models.Model):
    """That a person has answered a meeting's evaluation (once), and nothing of what."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_evaluation_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} answered {self.meeting_id}"
