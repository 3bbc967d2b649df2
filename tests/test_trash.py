"""Deleting a district is recoverable (trash): it moves to the trash, invisible to everyone
but the staff's trash page; staff restore it whole; the nightly purge removes it for good,
rows and files, after DISTRICT_TRASH_DAYS."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone

from districts.models import District, Membership
from evidence.models import Attachment
from notifications.models import Kind, Notice
from notifications.services import Tell, notify_many
from planning.models import ActionPlan
from tests import test_evidence
from tests.documents import PDF
from tests.test_evidence import add_files, item_url
from trash.services import district_trash, trash_purge

pytestmark = pytest.mark.django_db

step = test_evidence.step  # the evidence tests' fixture


def trash_url(district):
    return reverse("trash:district_trash", kwargs={"district": district.code})


def restore_url(district):
    return reverse("trash:district_restore", kwargs={"trashed": district.code})


def trashed(cast):
    district_trash(district=cast.riverside, acting_user=cast.staff)
    return District.with_trashed.get(pk=cast.riverside.pk)


def test_staff_are_offered_the_whole_record_before_moving_a_district_to_the_trash(cast, client_for):
    client = client_for("staff")
    page = client.get(trash_url(cast.riverside)).content.decode()
    assert "Delete Riverside School District?" in page
    archive = reverse("reports:archive_request", kwargs={"district": cast.riverside.code})
    assert f'action="{archive}"' in page  # the whole-record export, offered first
    assert "restore it whole" in page

    # staff may ask for the record of a district they do not lead
    assert client.post(archive).status_code == 302

    response = client.post(trash_url(cast.riverside))
    assert response.status_code == 302 and response.url == reverse("trash:index")
    district = District.with_trashed.get(pk=cast.riverside.pk)
    assert district.trashed_at is not None and district.trashed_by == cast.staff
    assert not District.objects.filter(pk=cast.riverside.pk).exists()
    assert Membership.objects.filter(district=district).count() == 3  # nothing removed


def test_only_staff_move_a_district_to_the_trash(cast, client_for):
    for role in ("lead", "member", "coach"):
        assert client_for(role).post(trash_url(cast.riverside)).status_code == 403
    assert client_for("outsider").post(trash_url(cast.riverside)).status_code == 404
    assert District.objects.filter(pk=cast.riverside.pk).exists()


def test_a_trashed_district_is_invisible_to_all_but_the_staffs_trash_page(cast, client_for):
    district = trashed(cast)
    home = district.get_absolute_url()
    members = reverse("districts:members", kwargs={"district": district.code})
    for role in ("lead", "member", "viewer", "coach", "facilitator", "staff"):
        client = client_for(role)
        assert client.get(home).status_code == 404, role
        assert client.get(members).status_code == 404, role
        assert client.get(restore_url(district)).status_code == (200 if role == "staff" else 404)
        assert "Riverside School District" not in client.get(reverse("home")).content.decode()
        person = cast.person(role)
        assert district not in District.objects.visible_to(person)
        assert not ActionPlan.objects.visible_to(person).filter(district=district).exists()
    # the coach's and facilitator's other district: its header no longer lists Riverside
    hillcrest = client_for("coach").get(cast.hillcrest.get_absolute_url()).content.decode()
    assert "Hillcrest Regional School Unit" in hillcrest
    assert "Riverside School District" not in hillcrest
    assert district not in cast.cohort.districts.all()
    api = client_for("lead").get("/api/v1/districts/")
    assert api.status_code in (200, 404) and b"Riverside" not in api.content


def test_its_leads_are_told_when_it_is_trashed_and_restored(cast, client_for):
    from notifications.selectors import notices_for

    old = Notice.objects.create(
        recipient=cast.lead,
        kind=Kind.COMMENT,
        key="old",
        title="A comment",
        url="/",
        district=cast.riverside,
    )
    assert old in notices_for(cast.lead)
    district = trashed(cast)
    assert old not in notices_for(cast.lead)  # a notice of a trashed district is not listed
    notice = Notice.objects.get(recipient=cast.lead, kind=Kind.DISTRICT_TRASH)
    assert notice.title.startswith("Riverside School District was deleted: it is kept")
    assert notice.district is None  # it names no district its lead can no longer open
    assert not Notice.objects.filter(kind=Kind.DISTRICT_TRASH).exclude(recipient=cast.lead)

    response = client_for("staff").post(restore_url(district))
    assert response.status_code == 302 and response.url == district.get_absolute_url()
    restored = Notice.objects.get(recipient=cast.lead, key__startswith="district-restored:")
    assert restored.district_id == district.pk
    assert restored.url == district.get_absolute_url()
    assert old in notices_for(cast.lead)


def test_staff_restore_a_district_whole_after_confirming(cast, client_for, step):
    district = trashed(cast)
    page = client_for("staff").get(restore_url(district)).content.decode()
    assert "Restore Riverside School District?" in page and "removed for good on" in page
    client_for("staff").post(restore_url(district))
    assert District.objects.get(pk=district.pk).trashed_at is None
    lead = client_for("lead")
    assert lead.get(district.get_absolute_url()).status_code == 200
    assert "Riverside School District" in lead.get(reverse("home"), follow=True).content.decode()
    assert ActionPlan.objects.visible_to(cast.lead).filter(district=district).count() == 1


def test_a_new_district_cannot_take_the_name_of_one_in_the_trash(cast, client_for):
    trashed(cast)
    response = client_for("staff").post(
        reverse("districts:district_new"),
        {
            "name": "Riverside School District",
            "state": "ME",
            "time_zone": "America/New_York",
            "lead_email": "new.lead@example.org",
        },
    )
    assert response.status_code == 400
    assert "Riverside School District (ME) is in the trash: restore it" in (
        response.content.decode()
    )


def test_the_trash_page_lists_days_left_for_staff_only(cast, client_for):
    assert "The trash is empty" in client_for("staff").get(reverse("trash:index")).content.decode()
    district = trashed(cast)
    District.with_trashed.filter(pk=district.pk).update(
        trashed_at=timezone.now() - timedelta(days=10, hours=1)
    )
    page = client_for("staff").get(reverse("trash:index")).content.decode()
    assert "Riverside School District (ME)" in page
    assert f"{django_settings.DISTRICT_TRASH_DAYS - 10} days left" in page
    assert restore_url(district) in page
    assert client_for("lead").get(reverse("trash:index")).status_code == 403


def test_the_purge_removes_rows_and_files_only_after_the_trash_days(
    cast, client_for, step, settings
):
    settings.DISTRICT_TRASH_DAYS = 30
    url = item_url(cast.riverside, "step", step.code)
    assert add_files(client_for("member"), url, ("criteria.pdf", PDF)).status_code == 302
    name = Attachment.objects.get().file.name
    assert storages["default"].exists(name) or storages["evidence"].exists(name)
    district = trashed(cast)

    assert trash_purge(now=timezone.now() + timedelta(days=29)) == 0
    assert District.with_trashed.filter(pk=district.pk).exists()
    assert storages["evidence"].exists(name)

    with django_capture_on_commit():
        assert trash_purge(now=timezone.now() + timedelta(days=31)) == 1
    assert not District.with_trashed.filter(pk=district.pk).exists()
    assert not Membership.objects.filter(district_id=district.pk).exists()
    assert not Attachment.objects.exists()
    assert not storages["evidence"].exists(name)
    assert District.objects.filter(pk=cast.hillcrest.pk).exists()  # the others stay
    assert trash_purge(now=timezone.now() + timedelta(days=31)) == 0  # idempotent


def django_capture_on_commit():
    """Run the on_commit callbacks of the test's transaction (the purge removes files then)."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_the_purge_is_scheduled_each_night():
    entry = django_settings.CELERY_BEAT_SCHEDULE["trash-purge"]
    assert entry["task"] == "trash.tasks.trash_purge_nightly"
    from trash import tasks

    assert tasks.trash_purge_nightly.name == entry["task"]


def test_a_trashed_district_tells_nobody_of_its_reminders(cast):
    district = trashed(cast)
    tell = Tell(recipient=cast.member, key="step-due:x", title="Due", url="/", district=district)
    by_id = Tell(
        recipient=cast.member.pk, key="step-due:y", title="Due", url="/", district=district.pk
    )
    assert notify_many(Kind.STEP_DUE, [tell, by_id]) == 0
    District.with_trashed.filter(pk=district.pk).update(trashed_at=None)
    assert notify_many(Kind.STEP_DUE, [tell, by_id]) == 2


def test_the_admins_delete_goes_to_the_trash_page(cast, client_for):
    client = client_for("staff")
    delete = reverse("admin:districts_district_delete", args=[cast.riverside.pk])
    response = client.post(delete, {"post": "yes"})
    assert response.status_code == 302 and response.url == trash_url(cast.riverside)
    assert District.objects.filter(pk=cast.riverside.pk).exists()  # nothing deleted
    changelist = client.get(reverse("admin:districts_district_changelist"))
    assert b"delete_selected" not in changelist.content
    trashed(cast)
    changelist = client.get(reverse("admin:districts_district_changelist"))
    assert b"Riverside School District" not in changelist.content


def test_the_members_page_offers_staff_the_delete(cast, client_for):
    members = reverse("districts:members", kwargs={"district": cast.riverside.code})
    assert trash_url(cast.riverside) in client_for("staff").get(members).content.decode()
    assert trash_url(cast.riverside) not in client_for("lead").get(members).content.decode()


def test_kept_headers_and_lists_show_a_restored_district_at_once(cast, client_for):
    """The header (kept under the version of people and districts) and the coach dashboard
    drop a trashed district and show it again once restored, on the very next request."""
    from trash.services import district_restore

    district = trashed(cast)
    coach = client_for("coach")
    pages = (cast.hillcrest.get_absolute_url(), reverse("dashboards:coach"))
    for url in pages:
        assert "Riverside School District" not in coach.get(url).content.decode()
        assert "Riverside School District" not in coach.get(url).content.decode()  # kept
    district_restore(district=district, acting_user=cast.staff)
    for url in pages:
        assert "Riverside School District" in coach.get(url).content.decode(), url
