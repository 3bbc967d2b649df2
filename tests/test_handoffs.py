"""Hand-offs notify: a commitment recorded at a meeting is told to its owner and stays on
their district home and in My steps until it becomes an action step or is closed (reminded
when due within a week); a coach's published calibration is told to the district's leads."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings.models import Commitment, Meeting
from meetings.reminders import commitments_remind
from meetings.services import commitment_add
from notifications.models import Kind, Notice
from planning.services import action_plan_save, step_from_commitment
from tests.rubric_helpers import url
from tests.test_calibration import answers, shared_round  # noqa: F401 (a fixture)


@pytest.fixture
def meeting(cast):
    return Meeting.objects.create(
        cohort=cast.cohort, title="Meeting 2", first_date=date(2026, 12, 15)
    )


def commit(cast, meeting, *, owner, by=None, kind="commitment", due=None, text="Pilot the rubric"):
    return commitment_add(
        meeting=meeting,
        district=cast.riverside,
        acting_user=by or cast.lead,
        kind=kind,
        text=text,
        owner=owner,
        due_date=due,
    )


def told(kind) -> list[str]:
    return sorted(Notice.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_a_commitment_is_told_to_its_owner_in_the_app_and_by_email(
    cast, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        commitment = commit(cast, meeting, owner=cast.member, due=date(2027, 1, 15))
    assert told(Kind.COMMITMENT) == [cast.member.email]
    notice = Notice.objects.get(kind=Kind.COMMITMENT)
    assert notice.title == "Your commitment from Meeting 2, due January 15, 2027"
    assert notice.body == "Pilot the rubric" and notice.district == cast.riverside
    assert notice.url.endswith(f"/meetings/{meeting.code}/#record")
    assert [m.to for m in mail.outbox] == [[cast.member.email]]
    # the owner recording their own, a note, or no owner: nobody is told
    commit(cast, meeting, owner=cast.member, by=cast.member, text="Mine")
    commit(cast, meeting, owner=cast.lead, kind="note", text="A note")
    commit(cast, meeting, owner=None, text="Nobody's")
    assert Notice.objects.filter(kind=Kind.COMMITMENT).count() == 1
    assert commitment.owner == cast.member


def test_an_open_commitment_shows_on_the_home_and_in_my_steps_until_a_step_or_closed(
    cast, client_for, meeting
):
    member = client_for("member")
    commitment = commit(cast, meeting, owner=cast.member, due=timezone.localdate() - timedelta(1))
    other = commit(cast, meeting, owner=cast.member, text="Share the walkthrough tool")
    home = member.get(cast.riverside.get_absolute_url()).content.decode()
    assert "Your commitment from Meeting 2" in home and "Pilot the rubric" in home
    steps = member.get(reverse("my_steps")).content.decode()
    assert "Pilot the rubric" in steps and "Share the walkthrough tool" in steps
    assert "Overdue" in steps
    # the lead's home does not show the member's commitments
    assert (
        "Pilot the rubric"
        not in client_for("lead").get(cast.riverside.get_absolute_url()).content.decode()
    )
    # made an action step: gone from both
    plan = action_plan_save(district=cast.riverside, acting_user=cast.lead, goal="Grow")
    step_from_commitment(
        commitment=commitment, plan=plan, acting_user=cast.lead, description="Pilot"
    )
    assert "Pilot the rubric" not in member.get(reverse("my_steps")).content.decode()
    assert "Pilot the rubric" not in member.get(cast.riverside.get_absolute_url()).content.decode()
    # closed: gone too
    close = reverse(
        "planning:commitment_close",
        kwargs={"district": cast.riverside.code, "commitment": other.code},
    )
    assert client_for("viewer").post(close).status_code == 403
    assert client_for("outsider").post(close).status_code == 404
    assert member.get(close).status_code == 405
    response = member.post(close, follow=True)
    assert "Closed: “Share the walkthrough tool”." in response.content.decode()
    other.refresh_from_db()
    assert other.closed_at is not None
    assert "No open commitment is yours" in member.get(reverse("my_steps")).content.decode()
    record = member.get(reverse("meetings:meeting", kwargs={"meeting": meeting.code}))
    assert (
        "Closed " in record.content.decode() and ", not an action step." in record.content.decode()
    )


def test_a_commitment_due_within_a_week_is_reminded_once_until_a_step_or_closed(cast, meeting):
    today = timezone.localdate()
    soon = commit(cast, meeting, owner=cast.member, due=today + timedelta(days=3), text="Soon")
    commit(cast, meeting, owner=cast.member, due=today + timedelta(days=30), text="Later")
    late = commit(
        cast, meeting, owner=cast.lead, by=cast.member, due=today - timedelta(1), text="Late"
    )
    closed = commit(cast, meeting, owner=cast.member, due=today, text="Closed")
    Commitment.objects.filter(pk=closed.pk).update(closed_at=timezone.now())
    gone = commit(cast, meeting, owner=cast.viewer, due=today, text="Left")
    from districts.models import Membership

    Membership.objects.filter(user=cast.viewer).delete()
    assert commitments_remind() == 2
    titles = dict(
        Notice.objects.filter(kind=Kind.COMMITMENT_DUE).values_list("recipient__email", "title")
    )
    assert (
        titles[cast.member.email].startswith("Your commitment is due")
        and "Soon" in titles[cast.member.email]
    )
    assert titles[cast.lead.email].startswith("Your commitment was due")
    assert commitments_remind() == 0  # once per due date
    Commitment.objects.filter(pk=soon.pk).update(due_date=today + timedelta(days=4))
    assert commitments_remind() == 1  # a new due date is news again
    assert late.pk and gone.pk


def test_a_published_calibration_is_told_to_the_districts_leads(
    cast,
    client_for,
    framework,
    shared_round,  # noqa: F811
):
    page = url(shared_round, "calibration")
    coach = client_for("coach")
    data = answers(framework, {0: 3})
    coach.post(page, {**data, "action": "save"})
    assert told(Kind.CALIBRATION_PUBLISHED) == []  # a draft is the coach's alone
    assert coach.post(page, {**data, "action": "publish"}).status_code == 302
    assert told(Kind.CALIBRATION_PUBLISHED) == [cast.lead.email]
    notice = Notice.objects.get(kind=Kind.CALIBRATION_PUBLISHED)
    assert notice.title == f"{cast.coach.full_name} published a calibration of Spring 2026"
    assert notice.url == page
    coach.post(page, {**data, "action": "save"})  # saved again while published: no news
    assert Notice.objects.filter(kind=Kind.CALIBRATION_PUBLISHED).count() == 1
    coach.post(page, {"action": "withdraw"})
    coach.post(page, {**data, "action": "publish"})
    assert Notice.objects.filter(kind=Kind.CALIBRATION_PUBLISHED).count() == 2  # news again


def test_a_viewer_who_owns_a_commitment_is_not_offered_what_only_writers_may_do(
    cast, client_for, meeting
):
    """A district's viewers read their commitment in My steps, but only its leads and members
    may close it or make it a step: the viewer is offered neither."""
    commit(cast, meeting, owner=cast.viewer, text="Read the walkthrough notes")
    mine = client_for("viewer").get(reverse("my_steps")).content.decode()
    assert "Read the walkthrough notes" in mine
    assert "Close it" not in mine and "Make it an action step" not in mine
    commit(cast, meeting, owner=cast.member, text="Pilot the rubric")
    theirs = client_for("member").get(reverse("my_steps")).content.decode()
    assert "Close it" in theirs and "Make it an action step" in theirs
