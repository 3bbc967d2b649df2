"""Peers and pairing suggestions in the browser, with axe at both widths."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting
from tests.rubric_helpers import submitted_round


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_peers_and_the_facilitators_pairing_suggestions(
    cast, live_server, page, sign_in, axe_check, framework, size, window_as
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
    facilitator = window_as(
        cast.facilitator, f"{live_server.url}/cohorts/{cast.cohort.code}/", size
    )
    facilitator.get_by_role("button", name="Put on the agenda").first.click()
    expect(facilitator.get_by_text("The pair is on the agenda of Meeting 4.")).to_be_visible()
    axe_check(facilitator)
    facilitator.close()


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_a_large_cohorts_pages_are_paged_folded_and_pass_axe(
    cast, live_server, page, sign_in, axe_check, framework, size
):
    """Fifty-two districts: the cohort page's suggestions a page at a time, one district's all
    of them; the meeting page's attendance folded, its record's district chosen first."""
    from meetings.models import ProblemOfPractice
    from tests.browser.conftest import follow
    from tests.cohort_helpers import grow_cohort

    page.set_viewport_size({"width": size[0], "height": size[1]})
    made = grow_cohort(cast, framework, 50)
    meeting = Meeting.objects.create(
        cohort=cast.cohort, title="Convening", first_date=timezone.localdate() + timedelta(days=9)
    )
    for district in made[:30]:
        ProblemOfPractice.objects.create(
            meeting=meeting, district=district, kind="how", topics=["criteria"], text="P"
        )
    sign_in(page, cast.facilitator.email)
    page.goto(f"{live_server.url}/cohorts/{cast.cohort.code}/")
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    axe_check(page)
    follow(page.get_by_role("link", name=f"All 375 suggestions for {made[1].name}"))
    expect(page.get_by_text(f"Every pair suggested for {made[1].name}")).to_be_visible()
    follow(page.get_by_role("button", name="Put on the agenda").first)
    expect(page.get_by_text("The pair is on the agenda of Convening.")).to_be_visible()
    expect(page.get_by_text(f"Every pair suggested for {made[1].name}")).to_be_visible()
    axe_check(page)
    follow(page.get_by_role("link", name="Back to every district’s suggestions"))
    follow(page.get_by_role("link", name="Next", exact=True))
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    page.goto(f"{live_server.url}/meetings/{meeting.code}/")
    expect(page.get_by_text("Districts that attended: 0 of 52")).to_be_visible()
    page.get_by_label("Record a district’s note, decision or commitment").select_option(
        made[2].code
    )
    follow(page.get_by_role("button", name="Choose"))
    expect(page.get_by_label("What was noted, decided or committed to")).to_be_visible()
    follow(page.get_by_role("link", name="Next", exact=True))
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    axe_check(page)
