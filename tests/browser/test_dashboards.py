import pytest
from playwright.sync_api import expect

from tests.browser.conftest import follow
from tests.rubric_helpers import submitted_round


def test_coach_sees_at_a_glance_and_acts_in_one_click(
    cast, framework, live_server, page, sign_in, axe_check
):
    submitted_round(cast.riverside, cast.lead, framework, title="Spring", sharing="cohort")
    submitted_round(
        cast.riverside, cast.lead, framework, title="Fall", sharing="cohort", positions={0: 3}
    )
    sign_in(page, cast.coach.email)
    page.get_by_role("link", name="Coach dashboard").click()
    expect(page.get_by_role("table", name="Districts by dimension (2 districts)")).to_be_visible()
    expect(page.get_by_role("cell", name="Performing, grew")).to_be_visible()
    axe_check(page)
    follow(page.get_by_role("link", name="District", exact=True))  # by name, descending
    expect(page.locator("tbody th")).to_have_text(
        ["Riverside School District", "Hillcrest Regional School Unit"]
    )
    page.get_by_role("link", name="Needs attention").click()
    expect(page.get_by_text("“Fall” was submitted and waits for your review.")).to_be_visible()
    axe_check(page)
    follow(page.get_by_text("“Fall” was submitted and waits for your review."))
    follow(page.get_by_role("button", name="Mark as reviewed"))
    page.goto(f"{live_server.url}/coach/attention/")
    expect(page.get_by_text("“Fall” was submitted")).to_have_count(0)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/self-assessment/trend/")
    expect(page.get_by_role("img", name="Level of each dimension across 2 rounds")).to_be_visible()
    axe_check(page)


def test_facilitator_sees_the_cohorts_spread_before_a_meeting(
    cast, framework, live_server, page, sign_in, axe_check
):
    submitted_round(
        cast.riverside, cast.lead, framework, title="Spring", sharing="cohort", default=2
    )
    submitted_round(cast.hillcrest, cast.lead, framework, title="Hill", sharing="cohort")
    sign_in(page, cast.facilitator.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cohorts").click()
    page.get_by_role("link", name="Moving to Implementation").click()
    expect(page.get_by_text("2 of 2")).to_be_visible()
    row = page.get_by_role("row", name="Conceptual Framework and Core Principles")
    expect(row.get_by_role("cell")).to_have_text(["1", "1", "0"])
    axe_check(page)


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_the_heatmap_shows_every_dimension_and_the_districts_on_one_screen(
    cast, framework, live_server, page, sign_in, axe_check, width, height
):
    """All 15 dimension columns and the district names in view without scrolling sideways;
    each column's full name on focus; the district column stays when the table scrolls."""
    cast.hillcrest.name = "Hillcrest Regional School Unit of the Northern Lakes and Valleys"
    cast.hillcrest.save()
    submitted_round(cast.riverside, cast.lead, framework, title="Spring", sharing="cohort")
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.coach.email)
    page.goto(f"{live_server.url}/coach/")
    heads = page.locator("thead th.dim-col")
    expect(heads).to_have_count(15)
    view = page.evaluate("() => document.documentElement.clientWidth")
    for box in (heads.nth(i).bounding_box() for i in range(15)):
        assert box["x"] >= 0 and box["x"] + box["width"] <= view, (width, box)
    for name in page.locator("tbody th[scope=row]").all():
        box = name.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= view
    expect(page.get_by_role("columnheader", name="1.1")).to_have_count(0)  # read out in full
    first = heads.nth(0).get_by_role("link")
    first.focus()
    expect(heads.nth(0).locator(".tip")).to_be_visible()
    name = heads.nth(0).locator(".visually-hidden").inner_text()
    assert name and heads.nth(0).locator(".tip").inner_text() == name
    page.locator(".heatmap-scroll").evaluate("(region) => { region.scrollLeft = 10000; }")
    district = page.locator("tbody th[scope=row]").first.bounding_box()
    region = page.locator(".heatmap-scroll").bounding_box()
    assert district["x"] >= region["x"] - 1  # sticky: still at the left edge of the region
    axe_check(page)


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_the_district_home_shows_the_teams_progress_and_the_leads_next_step(
    cast, framework, draft_round, live_server, page, sign_in, axe_check, width, height
):
    submitted_round(cast.riverside, cast.lead, framework, title="Spring", sharing="cohort")
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.lead.email)  # one district: lands on it
    expect(page.get_by_role("heading", level=1)).to_contain_text("Riverside School District")
    progress = page.get_by_role("region", name="“Fall 2026”: the team’s progress")
    expect(progress.get_by_role("row", name="Milo Member 0 of 15")).to_be_visible()
    expect(progress.get_by_text("Next for you as lead:")).to_be_visible()
    progress.get_by_role("link", name="record the team rating").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Team rating: Fall 2026")
    page.go_back()
    stands = page.get_by_role("region", name="Where Riverside School District stands")
    expect(stands.locator("td.heat")).to_have_count(15)
    axe_check(page)


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_staff_filter_every_district_and_page_the_queue(
    cast, framework, live_server, page, sign_in, axe_check, width, height, monkeypatch
):
    """Staff's pages over every district: the filters are labelled controls, the heatmap
    past the sorting limit says how to sort it, the queue is paged with named links."""
    from tests.factories import DistrictFactory

    monkeypatch.setattr("dashboards.views.SORTABLE_UP_TO", 3)
    monkeypatch.setattr("dashboards.views.PAGE_SIZE", 5)
    for _ in range(6):
        DistrictFactory(state="VT")
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.staff.email)
    page.goto(f"{live_server.url}/coach/")
    expect(page.get_by_text("Over 3 districts, the table is by name")).to_be_visible()
    page.get_by_label("State").select_option("NH")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("table", name="Districts by dimension (1 district)")).to_be_visible()
    page.screenshot(path=f"data/screens/staff-coach-{width}.png", full_page=True)
    axe_check(page)
    page.goto(f"{live_server.url}/coach/attention/")
    expect(page.get_by_role("navigation", name="Pages of the queue")).to_be_visible()
    page.screenshot(path=f"data/screens/staff-attention-{width}.png", full_page=True)
    axe_check(page)
