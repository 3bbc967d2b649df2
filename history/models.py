"""One history of changes for every edited thing of a district (ratings, team ratings,
milestones, action steps, policy reviews, measures, data points): who changed which item,
when, and its values before and after.

A change has no audience of its own: it is read by whoever reads its item
(ChangeQuerySet), through the item's own declaration of who reads it (DistrictOwned's
`audience` or `audience_field`), so that a round shared later, or a plan shared with the
cohort, shares its history with it, and nothing else does.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from districts.models import Audience, DistrictOwned, DistrictOwnedQuerySet, acting_person
from history.kinds import KINDS


def _follows_district(model) -> bool:
    """Whether the item's audience is its model's or its district's (the plan's, which the
    district chooses), so the change can say it by itself (even once the item is deleted),
    rather than through the item."""
    field = model.audience_field
    return field is None or field.startswith("district__")


class ChangeQuerySet(DistrictOwnedQuerySet):
    def _of_kinds(self, same_rows, items) -> "ChangeQuerySet":
        query = Q(pk__in=[])
        for kind in KINDS.values():
            if _follows_district(kind.model):
                query |= Q(kind=kind.key) & same_rows(kind.model)
            else:
                query |= Q(kind=kind.key, item_id__in=items(kind.model).values("pk"))
        return self.filter(query)

    def readable_in(self, access) -> "ChangeQuerySet":
        """The changes of one district whose items its opener may read (each item's audience,
        by RULES)."""
        reads = sorted(access.rule.reads)

        def same_rows(model) -> Q:
            if model.audience_field:
                return Q(**{f"{model.audience_field}__in": reads})
            return Q() if model.audience in reads else Q(pk__in=[])

        return self.filter(district=access.district)._of_kinds(
            same_rows, lambda model: model.objects.readable_in(access)
        )

    def visible_to(self, user) -> "ChangeQuerySet":
        """The changes of the items the person may read, across their districts (each kind's
        own visible_to, by RULES); staff read every district's in use."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.filter(district__trashed_at__isnull=True)
        from districts.access import readable_rows

        return self._of_kinds(
            lambda model: readable_rows(user, model), lambda model: model.objects.visible_to(user)
        )


class Change(DistrictOwned):
    # Never read by this audience: ChangeQuerySet reads each change by its item's.
    audience = Audience.DISTRICT
    # A change is written with the write it records, which moves the district's version.
    moves_work_version = False

    kind = models.CharField(max_length=20)  # a key of history.kinds.KINDS
    item_id = models.PositiveBigIntegerField()
    # The item's public code (the API names it by that, never by its id).
    item_code = models.UUIDField(null=True, editable=False)
    # The item in a few words when it changed ("Practice, June 2027").
    title = models.CharField(max_length=300)
    changed_by = acting_person()
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    # The kind's fields as text, before (empty for an item just made) and after.
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(fields=["district", "-changed_at"], name="change_district_recent"),
            models.Index(fields=["kind", "item_id"], name="change_item"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.changed_at:%Y-%m-%d %H:%M})"
