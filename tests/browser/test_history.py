"""The district's history in the browser: a lead reads who changed what and when, filters it
by kind, and reaches it from a milestone's own history; a coach reads what is shared with
coaches, checked with axe at a laptop's and a tablet's width."""

import pytest
from playwright.sync_api import expect

from planning.models import ActionPlan
from planning.services import action_step_update, plan_set_horizon
from tests.plan_helpers import add_step, milestone


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_a_lead_reads_the_districts_history(
    cast, live_server, page, sign_in, axe_check, width, height, tmp_path, window_as
):
    base = f"{live_server.url}/d/{cast.riverside.code}"
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.lead.email)
    page.goto(f"{base}/history/")
    expect(page.get_by_text("No change recorded yet")).to_be_visible()
    axe_check(page)

    plan = plan_set_horizon(
        district=cast.riverside, first_year=2026, years=3, acting_user=cast.lead
    )
    milestone(plan, cast.member, 2027, "practice", "Common criteria in grade 9")
    action_plan = ActionPlan.objects.create(district=cast.riverside, goal="Common scoring")
    step = add_step(action_plan, cast.member, "Train the teachers", evidence="Sign-in sheets")
    action_step_update(step=step, expected_version=1, acting_user=cast.lead, status="done")

    page.goto(f"{base}/plan/grid/2027/practice/history/")
    page.get_by_role("link", name="The district’s whole history").click()
    rows = page.get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Lena Lead")
    expect(rows.nth(1)).to_contain_text("Not started → Done")
    expect(page.get_by_text("Common criteria in grade 9")).to_be_visible()
    axe_check(page)
    page.screenshot(path=str(tmp_path / f"history-{width}.png"), full_page=True)

    page.get_by_label("Show the changes of").select_option("Milestone")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Common criteria in grade 9")).to_be_visible()
    expect(page.get_by_text("Train the teachers")).to_have_count(0)
    axe_check(page)

    coach = window_as(cast.coach, f"{base}/history/", (width, height))
    expect(coach.get_by_text("Sign-in sheets")).to_be_visible()
    axe_check(coach)
