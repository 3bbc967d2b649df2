"""The notifications page, the email choices and the unsubscribe page, as a lead uses them,
at a laptop's and a tablet's width, with axe."""

import pytest
from playwright.sync_api import expect

from notifications.models import Notice
from notifications.services import unsubscribe_link
from rubrics.services import comment_add


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_a_lead_reads_a_coachs_comment_from_the_header_and_chooses_the_emails(
    cast, submitted_round, live_server, page, sign_in, axe_check, width, height
):
    comment_add(round_=submitted_round, body="Which tool did you use?", acting_user=cast.coach)
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.lead.email)
    header_link = page.get_by_role("link", name="Notifications 1 unread")
    expect(header_link).to_be_visible()
    header_link.click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name=f"{cast.coach.full_name} commented: Spring 2026").click()
    expect(page.get_by_text("Which tool did you use?")).to_be_visible()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    assert Notice.objects.get(recipient=cast.lead).read_at is not None

    page.goto(f"{live_server.url}/account/notifications/")
    choice = page.get_by_label("Comments and replies on your district’s work")
    choice.select_option("off")
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your email choices are saved.")).to_be_visible()
    axe_check(page)

    token = unsubscribe_link(cast.lead, "report_ready")
    page.goto(f"{live_server.url}/notifications/unsubscribe/{token}/")
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_role("heading", name="No more of these emails")).to_be_visible()
    axe_check(page)


def test_the_emails_pass_axe_as_a_mail_app_shows_them(cast, submitted_round, page, axe_check):
    """A notice's email and a digest, their HTML part (CSS inlined) as a mail app renders it."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from notifications import services
    from notifications.models import Frequency, Kind, Preference

    Preference.objects.create(user=cast.lead, kind=Kind.COMMENT, frequency=Frequency.DAILY)
    comment_add(round_=submitted_round, body="Which tool did you use?", acting_user=cast.coach)
    comment_add(round_=submitted_round, body="And for grading?", acting_user=cast.coach)
    tuesday = datetime(2030, 1, 1, 7, 30, tzinfo=ZoneInfo("America/New_York"))
    Notice.objects.update(created_at=tuesday - timedelta(hours=12))
    assert services.digests_make(tuesday) == 1
    one = Notice.objects.filter(recipient=cast.lead, kind=Kind.COMMENT).first()
    digest = Notice.objects.get(recipient=cast.lead, kind=Kind.DIGEST)
    for notice, heading in [(one, one.title), (digest, "Your Waypoint digest: 2 notifications")]:
        html, mime = services.email_for(notice).alternatives[0]
        assert mime == "text/html"
        page.set_content(html)
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        expect(page.get_by_role("link", name="Stop these emails")).to_be_visible()
        axe_check(page)


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_an_ended_unsubscribe_link_offers_to_sign_in_and_change_the_choices(
    cast, live_server, page, axe_check, width, height
):
    from datetime import timedelta

    from django.utils import timezone

    from notifications.models import UnsubscribeLink
    from tests.factories import PASSWORD

    token = unsubscribe_link(cast.lead, "comment")
    UnsubscribeLink.objects.update(created_at=timezone.now() - timedelta(days=400))
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/notifications/unsubscribe/{token}/")
    expect(page.get_by_role("heading", name="This link has ended")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Sign in and change your email choices").click()
    page.get_by_label("Email address").fill(cast.lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Save my choices")).to_be_visible()
