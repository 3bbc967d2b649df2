"""Peers and pairing suggestions in the browser, with axe at both widths."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting
from tests.rubric_helpers import submitted_round


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_peers_and_the_facilitators_pairing_suggestions(
    cast, live_server, page, sign_in, axe_check, browser, framework, size
):
    from tests.factories import MembershipFactory

    page.set_viewport_size({"width": size[0], "height": size[1]})
    submitted_round(cast.riverside, cast.lead, framework, title="Spring 2026", sharing="cohort")
    hill_lead = MembershipFactory(district=cast.hillcrest, role="lead").user
    submitted_round(cast.hillcrest, hill_lead, framework, title="Hill", sharing="cohort", default=3)
    Meeting.objects.create(
        cohort=cast.cohort, title="Meeting 4", first_date=timezone.localdate() + timedelta(days=9)
    )
    sign_in(page, cast.member.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/")
    page.get_by_role("link", name="Peers to learn from").click()
    expect(page.get_by_text("Hillcrest Regional School Unit").first).to_be_visible()
    axe_check(page)
    facilitator = browser.new_page(viewport={"width": size[0], "height": size[1]})
    sign_in(facilitator, cast.facilitator.email)
    facilitator.goto(f"{live_server.url}/cohorts/{cast.cohort.code}/")
    facilitator.get_by_role("button", name="Put on the agenda").first.click()
    expect(facilitator.get_by_text("The pair is on the agenda of Meeting 4.")).to_be_visible()
    axe_check(facilitator)
    facilitator.close()
