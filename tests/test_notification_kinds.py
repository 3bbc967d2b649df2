"""Kinds of notice are a Python list (notifications.models.Kind) checked by the forms, the
serializers and the services, not the database's choices: a new kind needs no migration,
and an unknown kind is refused with a message that names the kinds."""

import pytest
from django.core.exceptions import ValidationError

from notifications import services
from notifications.models import Kind, Notice, Preference, UnsubscribeLink, kind_label
from tests.test_notifications_api import api, bearer


@pytest.mark.parametrize("model", [Notice, Preference, UnsubscribeLink])
def test_the_kind_column_keeps_no_choices(model):
    field = model._meta.get_field("kind")
    assert not field.choices  # a kind added to Kind changes no migration


def test_an_unknown_kind_is_refused_by_the_model_and_the_service(cast):
    notice = Notice(recipient=cast.lead, kind="no_such_kind", key="k", title="t", url="/")
    with pytest.raises(ValidationError) as refused:
        notice.full_clean()
    assert "“no_such_kind” is not a kind of notice" in str(refused.value)
    with pytest.raises(ValidationError, match="not a kind of notice"):
        services.email_choices_save(cast.lead, {"comment": "off", "no_such_kind": "off"})
    assert not Preference.objects.exists()  # none saved


def test_the_api_refuses_an_unknown_kind_with_the_list_of_kinds(cast, client):
    refused = client.patch(
        api("notifications/preferences/"),
        {"no_such_kind": "off"},
        content_type="application/json",
        **bearer(cast, "member"),
    )
    assert refused.status_code == 400
    message = refused.json()["no_such_kind"][0]
    assert message.startswith("“no_such_kind” is not a kind of notice; the kinds are: comment,")


def test_a_kind_is_shown_by_its_label():
    assert kind_label(Kind.COMMENT) == Kind.COMMENT.label
    assert kind_label("retired_kind") == "retired_kind"  # an old row still reads


def test_the_outbox_in_the_admin_shows_and_filters_kinds_by_their_labels(cast, client_for):
    from django.urls import reverse

    from notifications.models import Delivery

    services.notify(kind=Kind.DATA_DUE, recipients=[cast.lead], key="k", title="Due", url="/")
    assert Delivery.objects.count() == 1
    url = reverse("admin:notifications_delivery_changelist")
    page = client_for("staff").get(url).content.decode()
    assert "Data due for a measure of success you own" in page and "Due (to" in page
    filtered = client_for("staff").get(url, {"kind": "comment"}).content.decode()
    assert "Due (to" not in filtered


# ---------------------------------------------------------------- kinds per role


def test_every_kind_chosen_for_names_who_it_can_reach():
    from notifications.models import CHOSEN_KINDS, DEFAULT_FREQUENCY, KIND_AUDIENCE

    assert set(KIND_AUDIENCE) == set(CHOSEN_KINDS) == set(DEFAULT_FREQUENCY)


def test_each_person_is_offered_the_kinds_of_their_roles(cast):
    from notifications.selectors import kinds_for

    member = set(kinds_for(cast.member))
    coach = set(kinds_for(cast.coach))
    lead = set(kinds_for(cast.lead))
    coaches_only = {Kind.ROUND_SUBMITTED, Kind.COACH_DIGEST}
    assert not member & coaches_only  # a member never sees the coaches' kinds
    assert Kind.ROUND_BEHIND not in member and Kind.CALIBRATION_PUBLISHED not in member
    assert {Kind.STEP_DUE, Kind.COMMITMENT, Kind.DATA_DUE, Kind.COMMENT} <= member
    assert coaches_only | {Kind.COMMENT, Kind.REPORT_READY} == coach
    assert {Kind.ROUND_BEHIND, Kind.CALIBRATION_PUBLISHED, Kind.INVITATION_ACCEPTED} <= lead
    assert Kind.ROUND_OPENED not in set(kinds_for(cast.viewer))  # a viewer rates nothing
    assert kinds_for(cast.facilitator) == [Kind.REPORT_READY]
    assert Kind.INVITATION_ACCEPTED in kinds_for(cast.staff)


def test_the_email_choices_page_lists_only_the_persons_kinds(cast, client_for, db):
    from django.test import Client
    from django.urls import reverse

    from tests.factories import UserFactory

    url = reverse("notifications:preferences")
    member = client_for("member").get(url).content.decode()
    assert "Your action steps due within a week" in member
    assert "what needs your attention (coaches)" not in member
    assert "Everything in one daily email, each morning" in member
    coach = client_for("coach").get(url).content.decode()
    assert "what needs your attention (coaches)" in coach
    assert "Your action steps due within a week" not in coach
    nobody = Client()
    nobody.force_login(UserFactory())
    assert "No kind of notice can reach you yet" in nobody.get(url).content.decode()


def test_everything_in_one_daily_email_sets_the_persons_kinds_only(cast, client_for):
    from django.urls import reverse

    from notifications.selectors import email_choices, kinds_for

    Preference.objects.create(user=cast.member, kind=Kind.COACH_DIGEST, frequency="off")
    url = reverse("notifications:preferences")
    client = client_for("member")
    assert client.post(url, {"how": "daily"}).status_code == 302
    chosen = email_choices(cast.member)
    assert {chosen[kind] for kind in kinds_for(cast.member)} == {"daily"}
    assert chosen[Kind.COACH_DIGEST] == "off"  # another role's kind keeps its choice
    from notifications.forms import PreferencesForm

    assert PreferencesForm(cast.member).fields["how"].initial == "daily"  # shown as chosen
    # one choice per kind again
    choices = {"how": "each", **dict.fromkeys([k.value for k in kinds_for(cast.member)], "off")}
    assert client.post(url, choices | {"comment": "at_once"}).status_code == 302
    assert email_choices(cast.member)[Kind.COMMENT] == "at_once"
    assert email_choices(cast.member)[Kind.STEP_DUE] == "off"


# ---------------------------------------------------------------- the digest


def test_the_digest_opens_with_the_week_then_groups_by_district_and_what_to_do(
    cast, framework, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.core import mail
    from django.utils import timezone

    from notifications.models import Frequency
    from tests.week_helpers import fill_week

    for kind in (Kind.COMMENT, Kind.STEP_DUE, Kind.REPORT_READY):
        Preference.objects.create(user=cast.member, kind=kind, frequency=Frequency.DAILY)
    fill_week(cast, framework)  # the coach's comments are told to the member
    services.notify(
        kind=Kind.STEP_DUE,
        recipients=[cast.member],
        key="s",
        title="Step due",
        url="/",
        district=cast.riverside,
    )
    services.notify(kind=Kind.REPORT_READY, recipients=[cast.member], key="r", title="PDF", url="/")
    now = timezone.now() + timedelta(hours=1)
    assert services.digests_make(now) >= 1
    mail.outbox.clear()
    services.deliveries_sweep()
    [message] = [
        m
        for m in mail.outbox
        if m.to == [cast.member.email] and m.subject.startswith("Your Waypoint digest")
    ]
    body = message.body
    week, notices = body.split("YOUR NOTIFICATIONS")
    assert week.index("YOUR WEEK") < week.index("Riverside School District")
    assert "Rate a self-assessment" in week and "Rate “Fall 0”" in week
    assert "Moving to Implementation" in week and "Meetings this week" in week
    assert "/self-assessment/" in week and week.count("http") >= 7  # each a link
    blocks = {block.split("\n")[0]: block for block in notices.strip().split("\n\n")}
    riverside = blocks["Riverside School District"]
    assert f"  {Kind.COMMENT.label}\n" in riverside and f"  {Kind.STEP_DUE.label}\n" in riverside
    assert "  - Step due (" in riverside  # with its date
    assert f"  {Kind.REPORT_READY.label}\n  - PDF (" in blocks["Waypoint"]  # of no district
    html = message.alternatives[0][0]
    assert "<h2" in html and "Your week" in html and "<h3" in html
