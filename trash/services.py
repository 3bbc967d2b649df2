"""A district deleted is moved to the trash (District.trashed_at): every page, list, relation
and scheduled reminder leaves it out at once (districts.models.DistrictManager, the access
and header queries), its leads are told, and for settings.DISTRICT_TRASH_DAYS staff may
restore it whole (nothing of it was removed); after that the nightly purge deletes its rows
and its files. Staff only (districts.access: Rule.trashes_district)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from districts.models import District, Membership, Role
from notifications.models import Kind
from notifications.services import Tell, notify_many

logger = logging.getLogger("waypoint.trash")


def purge_date(district: District):
    """When the nightly purge removes a district trashed at `district.trashed_at`."""
    return district.trashed_at + timedelta(days=settings.DISTRICT_TRASH_DAYS)


def _tell_leads(district: District, *, key: str, title: str, body: str, url: str, about) -> int:
    leads = Membership.objects.filter(
        district=district, role=Role.LEAD, user__is_active=True
    ).select_related("user")
    tells = [
        Tell(recipient=m.user, key=key, title=title, body=body, url=url, district=about)
        for m in leads
    ]
    return notify_many(Kind.DISTRICT_TRASH, tells)


def district_trash(*, district: District, acting_user: User) -> District:
    """Move a district in use to the trash, and tell its leads (the notice names no district:
    they no longer see it). Nothing of it is removed until the purge."""
    if not acting_user.is_staff:
        raise ValidationError("Only Waypoint's staff delete districts.")
    now = timezone.now()
    with transaction.atomic():
        moved = District.objects.filter(pk=district.pk).update(
            trashed_at=now, trashed_by=acting_user
        )  # moves its versions and every header's (trashed_at is a listed field)
        if not moved:
            raise ValidationError(f"{district.name} is already in the trash.")
        district.trashed_at, district.trashed_by = now, acting_user
        purged = date_format(timezone.localtime(purge_date(district)), "F j, Y")
        _tell_leads(
            district,
            key=f"district-trashed:{district.code}:{now.timestamp()}",
            title=f"{district.name} was deleted: it is kept in the trash until {purged}",
            body=(
                f"Waypoint's staff deleted {district.name}. Nobody can open it now. Until "
                f"{purged} the staff can restore it whole; ask them if this was a mistake."
            ),
            url=reverse("notifications:list"),
            about=None,
        )
    logger.info("District %s moved to the trash by %s", district.code, acting_user.pk)
    return district


def district_restore(*, district: District, acting_user: User) -> District:
    """Bring a district back from the trash whole (nothing of it was removed), and tell its
    leads. Its versions move: nothing kept before it was trashed is read again."""
    if not acting_user.is_staff:
        raise ValidationError("Only Waypoint's staff restore districts.")
    now = timezone.now()
    with transaction.atomic():
        moved = District.with_trashed.filter(pk=district.pk, trashed_at__isnull=False).update(
            trashed_at=None, trashed_by=None
        )
        if not moved:
            raise ValidationError(f"{district.name} is not in the trash.")
        district.trashed_at = district.trashed_by = None
        _tell_leads(
            district,
            key=f"district-restored:{district.code}:{now.timestamp()}",
            title=f"{district.name} was restored from the trash",
            body=f"Waypoint's staff restored {district.name}, whole: everything is as it was.",
            url=district.get_absolute_url(),
            about=district,
        )
    logger.info("District %s restored from the trash by %s", district.code, acting_user.pk)
    return district


def _stored_files(district: District) -> list[tuple]:
    """(storage, name) of every file a row of the district names, whatever its model and
    storage (evidence, reports and packets, what comes later)."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        owner = next(
            (
                f
                for f in model._meta.get_fields()
                if isinstance(f, models.ForeignKey) and f.related_model is District
            ),
            None,
        )
        files = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if owner is None or not files:
            continue
        rows = model._base_manager.filter(**{owner.name: district}).values_list(
            *(f.attname for f in files)
        )
        for names in rows:
            found += [(f.storage, name) for f, name in zip(files, names, strict=True) if name]
    return found


def trash_purge(now=None) -> int:
    """Delete for good the districts trashed more than DISTRICT_TRASH_DAYS ago: their rows
    (one transaction each) and then, once it commits, their files through their storages.
    Idempotent: a district purged already is not found again. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.DISTRICT_TRASH_DAYS)
    purged = 0
    for district in District.with_trashed.filter(trashed_at__lte=cutoff).order_by("pk"):
        with transaction.atomic():
            files = _stored_files(district)
            code = district.code
            District.with_trashed.filter(pk=district.pk).delete()
            transaction.on_commit(lambda files=files: _delete_files(files))
        logger.info("District %s purged from the trash (%s files)", code, len(files))
        purged += 1
    return purged


def _delete_files(files) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except Exception:  # the evidence orphans' sweep removes what is left
            logger.exception("A purged district's file could not be removed: %s", name)
