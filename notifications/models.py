"""What reaches people between meetings: a notice per event and person (the app's
notifications page and the emails show the same), the outbox of its email, and each
person's choice per kind of notice."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from districts.access import Relation
from districts.models import Coded, optional_fk


class Kind(models.TextChoices):
    COMMENT = "comment", "Comments and replies on your district’s work"
    ROUND_OPENED = "round_opened", "A self-assessment round opened for you to rate"
    ROUND_DUE = "round_due", "Reminders to rate before a round’s due date"
    ROUND_BEHIND = "round_behind", "Who has not finished rating before the due date (leads)"
    ROUND_SUBMITTED = "round_submitted", "A round submitted by a district you coach"
    ROUND_REVIEWED = "round_reviewed", "Your district’s round reviewed by its coach"
    STEP_DUE = "step_due", "Your action steps due within a week"
    STEP_OVERDUE = "step_overdue", "Your action steps now overdue"
    MILESTONES_PAST = "milestones_past", "Milestones whose June is over, to say how they went"
    OVERDUE_SUMMARY = (
        "overdue_summary",
        "Each Monday, your district’s overdue steps and measures off track (leads)",
    )
    DATA_DUE = "data_due", "Data due for a measure of success you own"
    COACH_DIGEST = "coach_digest", "Each Monday, what needs your attention (coaches)"
    MEETING_SOON = "meeting_soon", "A meeting of your cohort in two weeks"
    EVALUATION_OPEN = "evaluation_open", "A meeting’s evaluation open for your answers"
    INVITATION_ACCEPTED = "invitation_accepted", "An invitation you sent accepted"
    REPORT_READY = "report_ready", "A PDF you asked for is ready"
    DISTRICT_TRASH = "district_trash", "Your district deleted (in the trash) or restored (leads)"
    COMMITMENT = "commitment", "A commitment recorded for you at a meeting"
    COMMITMENT_DUE = "commitment_due", "Your meeting commitments due within a week"
    CALIBRATION_PUBLISHED = (
        "calibration_published",
        "A coach’s calibration of your district’s round published (leads)",
    )
    DIGEST = "digest", "Digests of the notices chosen for one"  # made by the digest pass


class Frequency(models.TextChoices):
    AT_ONCE = "at_once", "Email at once"
    DAILY = "daily", "In one email a day (a digest)"
    WEEKLY = "weekly", "In one email a week, on Mondays (a digest)"
    OFF = "off", "No email (the notifications page only)"


def kind_label(kind: str) -> str:
    """What a kind of notice is called (its value again for one no longer declared)."""
    return Kind(kind).label if kind in Kind.values else kind


def validate_kind(kind: str) -> None:
    """A kind of notice must be one declared in Kind. Checked here, by forms and serializers,
    not as the column's choices: a new kind needs no migration."""
    if kind not in Kind.values:
        raise ValidationError(
            f"“{kind}” is not a kind of notice; the kinds are: {', '.join(Kind.values)}.",
            code="invalid_kind",
        )


# The kinds a person chooses for (a digest is not chosen: it follows the others' choices).
CHOSEN_KINDS = [kind for kind in Kind if kind != Kind.DIGEST]


# What each person gets until they choose (see docs/guides/notifications.md).
DEFAULT_FREQUENCY = {
    Kind.COMMENT: Frequency.AT_ONCE,
    Kind.ROUND_OPENED: Frequency.AT_ONCE,
    Kind.ROUND_DUE: Frequency.AT_ONCE,
    Kind.ROUND_BEHIND: Frequency.AT_ONCE,
    Kind.ROUND_SUBMITTED: Frequency.AT_ONCE,
    Kind.ROUND_REVIEWED: Frequency.AT_ONCE,
    Kind.STEP_DUE: Frequency.AT_ONCE,
    Kind.STEP_OVERDUE: Frequency.AT_ONCE,
    Kind.OVERDUE_SUMMARY: Frequency.AT_ONCE,
    Kind.DATA_DUE: Frequency.AT_ONCE,
    Kind.MILESTONES_PAST: Frequency.AT_ONCE,
    Kind.COACH_DIGEST: Frequency.AT_ONCE,
    Kind.MEETING_SOON: Frequency.AT_ONCE,
    Kind.EVALUATION_OPEN: Frequency.AT_ONCE,
    Kind.INVITATION_ACCEPTED: Frequency.AT_ONCE,
    Kind.DISTRICT_TRASH: Frequency.AT_ONCE,  # nobody can open the district: email is the news
    Kind.COMMITMENT: Frequency.AT_ONCE,
    Kind.COMMITMENT_DUE: Frequency.AT_ONCE,
    Kind.CALIBRATION_PUBLISHED: Frequency.AT_ONCE,
    Kind.REPORT_READY: Frequency.OFF,  # they asked for it and usually wait on its page
}


# Who each kind of notice can reach, by their relation to a district (districts.access):
# the email choices show a person only the kinds of their relations (a member never sees
# the coaches' kinds). A new kind names its audience here, as it names its default above.
_TEAM = frozenset({Relation.LEAD, Relation.MEMBER, Relation.VIEWER})
_RATERS = frozenset({Relation.LEAD, Relation.MEMBER})
_LEADS = frozenset({Relation.LEAD})
_COACHES = frozenset({Relation.COACH})
KIND_AUDIENCE: dict[Kind, frozenset[Relation]] = {
    Kind.COMMENT: _TEAM | _COACHES,
    Kind.ROUND_OPENED: _RATERS,
    Kind.ROUND_DUE: _RATERS,
    Kind.ROUND_BEHIND: _LEADS,
    Kind.ROUND_SUBMITTED: _COACHES,
    Kind.ROUND_REVIEWED: _LEADS,
    Kind.STEP_DUE: _TEAM,
    Kind.STEP_OVERDUE: _TEAM,
    Kind.OVERDUE_SUMMARY: _LEADS,
    Kind.DATA_DUE: _TEAM,
    Kind.MILESTONES_PAST: _LEADS,
    Kind.COACH_DIGEST: _COACHES,
    Kind.MEETING_SOON: _RATERS,
    Kind.EVALUATION_OPEN: _TEAM,
    Kind.INVITATION_ACCEPTED: _LEADS | {Relation.STAFF},
    Kind.DISTRICT_TRASH: _LEADS,
    Kind.COMMITMENT: _TEAM,
    Kind.COMMITMENT_DUE: _TEAM,
    Kind.CALIBRATION_PUBLISHED: _LEADS,
    # a PDF: anyone who may ask for one (a district's, a meeting's packet, the staff's)
    Kind.REPORT_READY: _TEAM | _COACHES | {Relation.FACILITATOR, Relation.STAFF},
}


class Notice(Coded):
    """One event told to one person: unique by the event's key and the person, so an event
    told twice (a retry, two workers) is one notice. A notice of a district is shown only
    while the person still has a relation to it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=30, validators=[validate_kind])
    key = models.CharField(max_length=200, help_text="The event: one notice per key and person.")
    district = models.ForeignKey(
        "districts.District", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, help_text="Where to act: a path in the app.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    digest = optional_fk(
        "self", related_name="items", help_text="The digest that emailed this notice, if one did."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notice_per_event")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.title} (to {self.recipient})"


class Delivery(models.Model):
    """The outbox: a notice's email, sent once. Claimed by one worker at a time (pending ->
    sending -> sent); a failure is retried later with a growing wait, and after MAX_ATTEMPTS
    it stays failed, for the staff to see (the admin)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    MAX_ATTEMPTS = 6

    notice = models.OneToOneField(Notice, on_delete=models.CASCADE, related_name="delivery")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"Email of “{self.notice.title}” ({self.get_status_display()})"


class Preference(models.Model):
    """A person's choice for one kind of notice (the default until they choose one)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences"
    )
    kind = models.CharField(max_length=30, validators=[validate_kind])
    frequency = models.CharField(max_length=10, choices=Frequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {kind_label(self.kind)}: {self.get_frequency_display()}"


class UnsubscribeLink(models.Model):
    """The one-click unsubscribe of one email: a random token that says nothing of whom it
    is for (only its hash is kept), for one person and one kind of notice, that ends a year
    after its email was made. Ended links are kept a year more, so that their page can say
    they ended (notifications.services.unsubscribe_links_forget)."""

    LIFETIME = timedelta(days=365)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, validators=[validate_kind])
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"Unsubscribe link of {self.user} ({kind_label(self.kind)})"

    @property
    def ended(self) -> bool:
        return self.created_at + self.LIFETIME <= timezone.now()
