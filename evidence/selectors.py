"""Reading attachments: always through their item, whose rules they follow."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from districts.access import NOT_FOUND_MESSAGE, DistrictAccess, DistrictNotFound
from districts.models import DistrictOwned
from evidence.kinds import KINDS, Kind, kind_of_model
from evidence.models import Attachment


def kind_named(slug: str) -> Kind:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return kind


def may_read(access: DistrictAccess, kind: Kind) -> bool:
    """Evidence beside levels is for who reads evidence text; the rest follows the item."""
    return access.reads_evidence or not kind.is_evidence


def access_item(
    access: DistrictAccess, slug: str, code, user, *, for_change: bool = False
) -> tuple[Kind, DistrictOwned]:
    """The item of this kind and code in the district `access` opened, if the person reads
    it (else 404, as a missing one); `for_change`: may attach to it (else 403)."""
    kind = kind_named(slug)
    if not may_read(access, kind):
        raise DistrictNotFound(access.district)
    item = (
        kind.model.objects.readable_in(access)
        .filter(**{kind.code_field: code})
        .select_related("district")
        .first()
    )
    if item is None:
        raise Http404(NOT_FOUND_MESSAGE)
    if for_change:
        access.require(kind.may_change(access, item, user))
    return kind, item


def access_attachment(access: DistrictAccess, code) -> Attachment:
    """One attachment of the district, if the person reads its item (else 404)."""
    attachment = (
        Attachment.objects.readable_in(access)
        .filter(code=code)
        .select_related("added_by", "removed_by", "item_type")
        .first()
    )
    if attachment is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return attachment


def require_may_change(access: DistrictAccess, attachment: Attachment, user) -> Kind:
    """The attachment's kind, if the person may change its item (add to it, remove from it):
    the item's rule (else 403; an item of no registered kind is as missing)."""
    kind = kind_of_model(attachment.item_type.model_class())
    if kind is None:
        raise Http404(NOT_FOUND_MESSAGE)
    access.require(kind.may_change(access, attachment.item, user))
    return kind


@dataclass
class ItemEvidence:
    """An item's attachments as a page shows them: those kept, and the history."""

    kind: Kind
    item: DistrictOwned
    kept: list[Attachment] = field(default_factory=list)
    removed: list[Attachment] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.kind.slug

    @property
    def code(self):
        return getattr(self.item, self.kind.code_field)


def evidence_of(access: DistrictAccess, items: list[DistrictOwned]) -> dict[int, ItemEvidence]:
    """The attachments of the items (of one kind), by item id, in one query; empty when the
    person may not read them."""
    if not items:
        return {}
    kind = next(k for k in KINDS.values() if isinstance(items[0], k.model))
    found = {item.pk: ItemEvidence(kind, item) for item in items}
    if not may_read(access, kind):
        return {}
    rows = (
        Attachment.objects.filter(district=access.district)
        .filter(item_type=ContentType.objects.get_for_model(kind.model), item_id__in=list(found))
        .select_related("added_by", "removed_by")
    )
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.item_id].append(row)
    for item_id, attachments in grouped.items():
        found[item_id].kept = [a for a in attachments if not a.removed]
        found[item_id].removed = [a for a in attachments if a.removed]
    return found


def _attachments_of(items: list) -> "QuerySet[Attachment]":
    """The attachments of items of one model (a district's or a cohort's), by the items'
    index; the caller read the items through their own rules."""
    return Attachment.objects.filter(
        item_type=ContentType.objects.get_for_model(type(items[0])),
        item_id__in=[item.pk for item in items],
    )


def kept_files_of(items: list) -> dict[int, list[Attachment]]:
    """The kept files and links of items (of one kind) the caller has read through their
    own rules (a meeting's problems of practice and notes, read as the meeting page reads
    them), by item id, in one query."""
    if not items:
        return {}
    found = defaultdict(list)
    for row in _attachments_of(items).filter(removed_at__isnull=True).select_related("added_by"):
        found[row.item_id].append(row)
    return found


def kept_file_of(item, code) -> Attachment | None:
    """One kept file of an item the caller has read through its own rules."""
    try:
        return (
            _attachments_of([item])
            .filter(code=code, removed_at__isnull=True)
            .select_related("added_by")
            .first()
        )
    except ValidationError:
        return None


def history_of(item) -> tuple[list[Attachment], list[Attachment]]:
    """An item's attachments, kept and removed, for its files page (the caller read the item
    through its own rules)."""
    rows = list(_attachments_of([item]).select_related("added_by", "removed_by"))
    return [a for a in rows if not a.removed], [a for a in rows if a.removed]


@dataclass
class ItemFiles:
    """An item with its kept files and links, for a document: what it is, where it is in
    the app (its files page), and the attachments."""

    title: str
    page: str  # the path of the item's page, where its readers find its files
    attachments: list[Attachment]


def files_of_items(access: DistrictAccess, items: list[DistrictOwned]) -> list[ItemFiles]:
    """The kept files and links of the items (of any registered kinds), in the items' order,
    in one query; only those the person may read (each kind's rule), items without any left
    out. For documents: names and who added them, never the files' content."""
    kinds = {type(item): kind_of_model(type(item)) for item in items}
    readable = [i for i in items if kinds[type(i)] and may_read(access, kinds[type(i)])]
    if not readable:
        return []
    types = {model: ContentType.objects.get_for_model(model) for model in kinds}
    wanted = Q(pk__in=[])
    for model in {type(i) for i in readable}:
        ids = [i.pk for i in readable if type(i) is model]
        wanted |= Q(item_type=types[model], item_id__in=ids)
    found = defaultdict(list)
    rows = (
        Attachment.objects.filter(district=access.district, removed_at__isnull=True)
        .filter(wanted)
        .select_related("added_by")
    )
    for row in rows:
        found[(row.item_type_id, row.item_id)].append(row)
    listed = []
    for item in readable:
        attachments = found.get((types[type(item)].pk, item.pk))
        if attachments:
            kind = kinds[type(item)]
            listed.append(
                ItemFiles(
                    title=f"{kind.label.capitalize()}: {kind.title(item)}",
                    page=kind.url(item),
                    attachments=attachments,
                )
            )
    return listed
