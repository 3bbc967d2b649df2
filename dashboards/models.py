"""A board snapshot: a read-only page of a district's chosen parts (its latest levels and
their change, its long-term plan, its action plans' progress; its evidence only if chosen),
published by a lead at an unguessable, revocable link with an expiry, for its school board
and public: no sign-in, not indexed, rate-limited, every view counted (dashboards.snapshots).
"""

from django.db import models
from django.utils import timezone

from districts.models import Audience, Coded, DistrictOwned, acting_person
from districts.validators import one_line


class BoardSnapshot(DistrictOwned, Coded):
    audience = Audience.DISTRICT  # the district's team manages them; the public reads by link

    title = models.CharField(max_length=200, validators=[one_line])
    # The link's token is shown once, when made; only its hash is kept.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    show_levels = models.BooleanField("the latest levels and their change", default=True)
    show_plan = models.BooleanField("the long-term plan", default=True)
    show_actions = models.BooleanField("the action plans’ progress", default=True)
    show_evidence = models.BooleanField("the team’s evidence beside each level", default=False)
    measures = models.ManyToManyField(
        "measures.Measure", blank=True, related_name="+", help_text="Measures of success shown."
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = acting_person(blank=True)
    views = models.PositiveIntegerField(default=0)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    created_by = acting_person()
    created_at = models.DateTimeField(auto_now_add=True)

    # A view counts, and must not move the district's version (nothing it keeps shows it).
    moves_work_version = False

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
