import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from districts.models import Invitation, Membership, Role

NEWCOMER = {
    "full_name": "Nia",
    "password1": "a-long-new-passphrase",
    "password2": "a-long-new-passphrase",
}


def members_url(cast):
    return reverse("districts:members", kwargs={"district": cast.riverside.code})


def invite(client, cast, email, role="member", capture=None):
    url = reverse("districts:member_invite", kwargs={"district": cast.riverside.code})
    if capture is None:
        return client.post(url, {"email": email, "role": role})
    with capture(execute=True):
        return client.post(url, {"email": email, "role": role})


def link_in(message) -> str:
    """The path of the emailed link, which is on the site's address (SITE_URL)."""
    return re.search(re.escape(settings.SITE_URL) + r"(/invitations/\S+/)", message.body)[1]


@pytest.fixture
def invited(cast, client_for, django_capture_on_commit_callbacks):
    """Lena invites new@example.org as a viewer; returns the path of the emailed link."""
    response = invite(
        client_for("lead"), cast, "New@Example.org", "viewer", django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    return link_in(mail.outbox[-1])


def test_lead_invites_by_email_and_the_invitation_is_listed(cast, client_for, invited):
    assert mail.outbox[-1].to == ["new@example.org"]
    assert "Riverside School District" in mail.outbox[-1].subject
    page = client_for("lead").get(members_url(cast))
    assert b"new@example.org" in page.content
    assert b"Invitations waiting for an answer" in page.content


def test_only_a_hash_of_the_invitation_token_is_stored(cast, invited):
    token = invited.strip("/").split("/")[-1]
    invitation = Invitation.objects.get(email="new@example.org")
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64


def test_a_new_person_sets_a_password_and_joins_with_the_invited_role(cast, invited):
    client = Client()
    page = client.get(invited)
    assert page.status_code == 200
    assert b"Choose a password" in page.content
    response = client.post(
        invited,
        {
            "full_name": "Nia Newcomer",
            "password1": "a-long-new-passphrase",
            "password2": "a-long-new-passphrase",
        },
    )
    assert response.status_code == 302
    assert response.url == cast.riverside.get_absolute_url()
    person = User.objects.get(email="new@example.org")
    assert person.full_name == "Nia Newcomer"
    assert Membership.objects.get(user=person, district=cast.riverside).role == Role.VIEWER
    assert client.get(response.url).status_code == 200  # signed in


def test_invitation_link_works_once(cast, invited):
    Client().post(
        invited,
        NEWCOMER,
    )
    again = Client().get(invited)
    assert again.status_code == 410
    assert b"can no longer be used" in again.content


def test_expired_invitation_is_refused(cast, invited):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().post(
        invited,
        NEWCOMER,
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="new@example.org").exists()


def test_withdrawn_invitation_stops_working(cast, client_for, invited):
    invitation = Invitation.objects.get(email="new@example.org")
    url = reverse(
        "districts:invitation_withdraw",
        kwargs={"district": cast.riverside.code, "invitation": invitation.code},
    )
    assert client_for("lead").post(url).status_code == 302
    assert Client().get(invited).status_code == 410


def test_new_person_password_is_validated_and_nothing_is_created(cast, invited):
    response = Client().post(
        invited, {"full_name": "Nia", "password1": "short", "password2": "short"}
    )
    assert response.status_code == 400
    assert b"at least 12 characters" in response.content
    assert not User.objects.filter(email="new@example.org").exists()
    assert Invitation.objects.get(email="new@example.org").is_usable


def test_someone_with_an_account_signs_in_then_confirms(
    cast, client_for, django_capture_on_commit_callbacks
):
    lead = client_for("lead")
    invite(lead, cast, cast.outsider.email, "member", django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[-1])
    assert b"Sign in with your password to accept" in Client().get(link).content
    otto = client_for("outsider")
    assert b"Join Riverside" in otto.get(link).content
    assert otto.post(link).status_code == 302
    assert Membership.objects.get(user=cast.outsider, district=cast.riverside).role == Role.MEMBER


def test_someone_else_signed_in_cannot_use_the_link(cast, client_for, invited):
    milo = client_for("member")
    response = milo.post(
        invited,
        NEWCOMER,
    )
    assert b"Sign out, then sign in as new@example.org" in response.content
    assert not User.objects.filter(email="new@example.org").exists()


def test_unknown_invitation_token_is_404(db):
    assert Client().get("/invitations/not-a-real-token/").status_code == 404


def test_inviting_an_existing_member_says_so(cast, client_for):
    response = invite(client_for("lead"), cast, cast.member.email)
    assert response.status_code == 400
    assert b"is already a member of Riverside School District" in response.content
    assert not Invitation.objects.exists()


def test_inviting_with_a_bad_address_keeps_what_was_typed(cast, client_for):
    response = invite(client_for("lead"), cast, "not-an-email", "viewer")
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content
    assert b'value="not-an-email"' in response.content


def test_inviting_again_replaces_the_pending_invitation(
    cast, client_for, invited, django_capture_on_commit_callbacks
):
    lead = client_for("lead")
    invite(lead, cast, "new@example.org", "member", django_capture_on_commit_callbacks)
    assert Client().get(invited).status_code == 410
    assert Invitation.objects.pending().get().role == Role.MEMBER


def test_lead_changes_a_role(cast, client_for):
    url = reverse(
        "districts:member_role",
        kwargs={"district": cast.riverside.code, "membership": cast.viewer_membership.code},
    )
    response = client_for("lead").post(url, {"role": "member"}, follow=True)
    assert b"is now member" in response.content
    cast.viewer_membership.refresh_from_db()
    assert cast.viewer_membership.role == Role.MEMBER


def test_the_last_lead_cannot_step_down_or_be_removed(cast, client_for):
    lead = client_for("lead")
    role_url = reverse(
        "districts:member_role",
        kwargs={"district": cast.riverside.code, "membership": cast.lead_membership.code},
    )
    response = lead.post(role_url, {"role": "viewer"}, follow=True)
    assert b"is the only lead of Riverside School District" in response.content
    remove_url = reverse(
        "districts:member_remove",
        kwargs={"district": cast.riverside.code, "membership": cast.lead_membership.code},
    )
    lead.post(remove_url)
    cast.lead_membership.refresh_from_db()
    assert cast.lead_membership.role == Role.LEAD


def test_removing_a_member_asks_first_then_removes(cast, client_for):
    url = reverse(
        "districts:member_remove",
        kwargs={"district": cast.riverside.code, "membership": cast.viewer_membership.code},
    )
    lead = client_for("lead")
    confirm = lead.get(url)
    assert b"Remove Vera Viewer from Riverside School District?" in confirm.content
    assert Membership.objects.filter(pk=cast.viewer_membership.pk).exists()
    response = lead.post(url)
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=cast.viewer_membership.pk).exists()
    assert User.objects.filter(pk=cast.viewer.pk).exists()
    assert client_for("viewer").get(cast.riverside.get_absolute_url()).status_code == 404


def test_member_cannot_manage_people(cast, client_for):
    response = invite(client_for("member"), cast, "someone@example.org")
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_member_list_shows_names_emails_and_roles(cast, client_for):
    page = client_for("viewer").get(members_url(cast))
    assert page.status_code == 200
    for text in (b"Lena Lead", b"milo@example.org", b"Viewer"):
        assert text in page.content
    assert b"Send invitation" not in page.content


def test_a_lead_sets_the_districts_clock_and_its_pages_follow_it(
    cast, client_for, draft_round, framework
):
    from zoneinfo import ZoneInfo

    from django.utils import timezone
    from django.utils.formats import date_format

    from tests.rubric_helpers import dimensions_of, level, save
    from tests.rubric_helpers import url as round_url

    clock = reverse("districts:clock", kwargs={"district": cast.riverside.code})
    assert client_for("member").post(clock, {"time_zone": "Pacific/Guam"}).status_code == 403
    refused = client_for("lead").post(clock, {"time_zone": "Mars/Olympus_Mons"})
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()
    response = client_for("lead").post(clock, {"time_zone": "Pacific/Guam"}, follow=True)
    assert "now runs on Chamorro (Guam, Northern Mariana Islands) time" in response.content.decode()
    cast.riverside.refresh_from_db()
    assert cast.riverside.time_zone == "Pacific/Guam"
    # an autosave answers with the time on the district's clock, as the page shows it
    answer = save(
        client_for("member"),
        draft_round,
        dimensions_of(framework)[0],
        version=0,
        level=level(framework, 1),
    ).json()
    saved = timezone.datetime.fromisoformat(answer["saved_at"])
    assert answer["saved_at_text"] == date_format(
        saved.astimezone(ZoneInfo("Pacific/Guam")), "g:i a"
    )
    page = client_for("member").get(round_url(draft_round, "rate")).content.decode()
    shown = date_format(saved.astimezone(ZoneInfo("Pacific/Guam")), "M j, g:i a")
    assert f"Saved {shown}" in page


def test_a_districts_clock_decides_what_is_overdue_and_does_not_leak_into_other_requests(
    cast, client_for
):
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from districts.access import access_district
    from planning.models import ActionPlan
    from tests.plan_helpers import add_step

    cast.riverside.time_zone = "Pacific/Guam"  # UTC+10
    cast.riverside.save()
    cast.outer.time_zone = "Pacific/Pago_Pago"  # UTC-11
    cast.outer.save()
    guam_today = timezone.now().astimezone(ZoneInfo("Pacific/Guam")).date()
    plan = ActionPlan.objects.create(district=cast.riverside, goal="Criteria")
    add_step(
        plan,
        cast.lead,
        "Due yesterday in Guam",
        coordinator=cast.member,
        due_date=guam_today - timezone.timedelta(days=1),
    )
    add_step(plan, cast.lead, "Due today in Guam", coordinator=cast.member, due_date=guam_today)
    page = client_for("member").get(cast.riverside.get_absolute_url()).content.decode()
    # overdue at the district's midnight: yesterday in Guam may well be today in New York
    yesterday = page.split("Due yesterday in Guam", 1)[1].split("</li>", 1)[0]
    today = page.split("Due today in Guam", 1)[1].split("</li>", 1)[0]
    assert ">overdue</strong>" in yesterday
    assert "overdue" not in today
    access_district(cast.lead, cast.riverside.code)
    assert timezone.get_current_timezone_name() == "Pacific/Guam"
    timezone.deactivate()
    client_for("lead").get(cast.riverside.get_absolute_url())
    assert timezone.get_current_timezone_name() == "America/New_York"  # reset after the request


def test_staff_set_up_a_district_with_its_lead_coaches_and_cohorts_without_the_admin(
    cast, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    from districts.models import CoachAssignment, District, Invitation

    new = reverse("districts:district_new")
    assert client_for("lead").get(new).status_code == 403
    staff = client_for("staff")
    assert "Set up a district" in staff.get(reverse("home")).content.decode()
    data = {
        "name": "Lakeside School District",
        "state": "me",
        "time_zone": "America/Chicago",
        "lead_email": "New.Lead@example.org",
        "coaches": [str(cast.coach.code)],
        "cohorts": [str(cast.cohort.code)],
    }
    with django_capture_on_commit_callbacks(execute=True):  # the email leaves on commit
        response = staff.post(new, data, follow=True)
    made = District.objects.get(name="Lakeside School District")
    assert response.redirect_chain[-1][0] == reverse(
        "districts:members", kwargs={"district": made.code}
    )
    assert "is set up; New.Lead@example.org is invited as its lead" in response.content.decode()
    assert (made.state, made.time_zone) == ("ME", "America/Chicago")
    invitation = Invitation.objects.get(district=made)
    assert (invitation.email, invitation.role) == ("new.lead@example.org", "lead")
    assert [m.to for m in mailoutbox] == [["new.lead@example.org"]]
    assert CoachAssignment.objects.filter(district=made, coach=cast.coach).exists()
    assert cast.cohort.districts.filter(pk=made.pk).exists()
    # the coach sees it at once; the same name in the same state is refused, nothing made
    assert (
        "Lakeside School District"
        in client_for("coach").get(reverse("dashboards:coach")).content.decode()
    )
    again = staff.post(new, {**data, "lead_email": "other@example.org"})
    assert again.status_code == 400
    assert "ME already has a district named Lakeside School District." in again.content.decode()
    assert Invitation.objects.filter(email="other@example.org").count() == 0
    bad = staff.post(new, {**data, "name": "Elsewhere", "state": "Maine", "lead_email": "x"})
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "Write the two-letter postal code, e.g. ME." in page and "valid email" in page
