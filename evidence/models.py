"""Files and links attached to a district's items (ratings, team ratings, plan cells, action
steps, policy reviews, competencies and indicators, problems of practice, commitments), and
to a cohort's own items (its meetings' notes, which belong to no district).

An attachment has no audience of its own: it is read by whoever reads its item (and, for
evidence beside levels, reads evidence), through the access layer (AttachmentQuerySet). A
removal keeps the row, without its file, as the item's history.
"""

import uuid
from pathlib import PurePosixPath

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage
from django.db import models
from django.db.models import Q

from districts.models import (
    Audience,
    Coded,
    Cohort,
    District,
    DistrictOwned,
    DistrictOwnedQuerySet,
    acting_person,
)
from districts.stored import NamedStorage
from districts.validators import one_line
from evidence.kinds import KINDS


def evidence_storage() -> Storage:
    """STORAGES["evidence"]: the media folder by default, an S3-compatible bucket when
    configured (docs/operations.md)."""
    return NamedStorage("evidence")


def stored_name(attachment: "Attachment", filename: str) -> str:
    """Where a file is kept: under its district (or cohort), by a random name (the person's
    file name is kept apart, for the download, and never reaches the storage's paths)."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    if attachment.cohort_id:
        folder = f"cohort-{attachment.cohort.code}"
    else:
        folder = attachment.district.code
    return f"evidence/{folder}/{uuid.uuid4().hex}{suffix}"


class AttachmentQuerySet(DistrictOwnedQuerySet):
    def _items(self, rows_of) -> "AttachmentQuerySet":
        """Attachments whose item is among rows_of(model) for its kind (evidence beside
        levels only where `evidence` allows)."""
        query = Q(pk__in=[])
        for kind in KINDS.values():
            items = rows_of(kind)
            if items is None:
                continue
            query |= Q(
                item_type=ContentType.objects.get_for_model(kind.model),
                item_id__in=items.values("pk"),
            )
        return self.filter(query)

    def visible_to(self, user) -> "AttachmentQuerySet":
        """Attachments of the items the person may read (each kind's visible_to); evidence
        beside levels only through the team, a coach's assignment or staff (never through
        facilitating a cohort: districts.access.Rule.reads_evidence)."""
        if not user.is_authenticated:
            return self.none()
        from districts.access import evidence_reader_rows

        evidence_readers = evidence_reader_rows(user)

        def items(kind):
            rows = kind.model.objects.visible_to(user)
            return rows.filter(evidence_readers) if kind.is_evidence and not user.is_staff else rows

        return self._items(items)

    def readable_in(self, access) -> "AttachmentQuerySet":
        """The attachments of one district whose items its opener may read."""
        return self.filter(district=access.district)._items(
            lambda kind: (
                None
                if kind.is_evidence and not access.reads_evidence
                else kind.model.objects.readable_in(access)
            )
        )


class Attachment(DistrictOwned, Coded):
    # Never read by this audience: AttachmentQuerySet reads each by its item's.
    audience = Audience.DISTRICT

    class Type(models.TextChoices):
        FILE = "file", "File"
        LINK = "link", "Link"

    # Whose it is (its quota, its whole record): a district's item's files are the district's;
    # a cohort's own item's (a meeting's note) the cohort's. Exactly one of the two. A
    # cohort's attachments are in no district's lists: the meeting pages read them through
    # their item (meetings.views.note_files).
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.CASCADE)
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    item_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    item_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("item_type", "item_id")
    type = models.CharField(max_length=4, choices=Type.choices)
    # The file's name as the person gave it (made safe), or the link's title.
    name = models.CharField(max_length=255, validators=[one_line])
    file = models.FileField(
        storage=evidence_storage, upload_to=stored_name, max_length=300, blank=True
    )
    url = models.URLField(max_length=2000, blank=True, validators=[one_line])
    media_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    added_by = acting_person()
    added_at = models.DateTimeField(auto_now_add=True)
    # A removal keeps the row (its file is deleted) as the item's history.
    removed_by = acting_person(blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["added_at", "pk"]
        indexes = [models.Index(fields=["item_type", "item_id"], name="attachment_item")]
        constraints = [
            models.CheckConstraint(
                condition=Q(district__isnull=False, cohort__isnull=True)
                | Q(district__isnull=True, cohort__isnull=False),
                name="attachment_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_file(self) -> bool:
        return self.type == self.Type.FILE

    @property
    def removed(self) -> bool:
        return self.removed_at is not None
