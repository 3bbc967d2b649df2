from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from planning.models import ActionStep, PlanCell, PolicyReview


def test_lead_builds_the_plan_and_the_coach_reads_it(
    cast, live_server, page, sign_in, axe_check, browser
):
    base = f"{live_server.url}/d/{cast.riverside.code}/plan/"
    sign_in(page, cast.lead.email)
    page.goto(base)
    axe_check(page)
    page.get_by_role("link", name="Start the long-term plan").click()
    page.get_by_label("First June").fill("2026")
    page.get_by_label("Number of years").fill("4")
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("rowheader", name="June 2029")).to_be_visible()
    axe_check(page)

    # each milestone is edited in place, in its cell of the table
    page.get_by_text("Edit Practice, June 2026").click()
    practice = page.locator("#cell-2026-practice")
    practice.get_by_label("Where the district will be").fill("Competencies drafted in every school")
    expect(practice.locator(".save-status")).to_contain_text("Saved at", timeout=5000)
    cell = page.locator("#year-2026 td").first
    expect(cell.locator("[data-show=target]")).to_have_text("Competencies drafted in every school")
    page.get_by_text("Edit Public Will, June 2027").click()
    public = page.locator("#cell-2027-public_will")
    public.get_by_label("Where the district will be").fill("Community forums held")
    public.get_by_label("Status").select_option("at_risk")
    expect(public.locator(".save-status")).to_contain_text("Saved at", timeout=5000)
    expect(page.locator("#year-2027 td").nth(2).locator("[data-show=status]")).to_have_text(
        "At risk"
    )
    axe_check(page)
    assert PlanCell.objects.get(year=2027).status == "at_risk"
    assert PlanCell.objects.get(year=2026).target == "Competencies drafted in every school"

    page.goto(base)
    page.get_by_role("link", name="Write an action plan").click()
    page.get_by_label("Goal").fill("Adopt common scoring criteria")
    page.get_by_label("Practice").check()
    page.get_by_role("button", name="Save the action plan").click()
    expect(page.get_by_text("Action plan created")).to_be_visible()
    overdue = (date.today() - timedelta(days=3)).isoformat()
    for description, coordinator, due in (
        ("Draft criteria for ELA", "Milo Member", overdue),
        ("Norm scoring with student work", "Lena Lead", "2027-03-15"),
        ("Publish criteria to families", "Milo Member", "2027-05-01"),
    ):
        page.get_by_label("Description").fill(description)
        page.locator("#id_coordinator").select_option(label=coordinator)
        page.get_by_label("Due date").fill(due)
        page.get_by_role("button", name="Add the step").click()
        expect(page.get_by_text("Step added.")).to_be_visible()
    expect(page.get_by_text("Overdue").first).to_be_visible()
    axe_check(page)
    assert ActionStep.objects.filter(coordinator=cast.member).count() == 2

    page.goto(base + "policies/")
    page.get_by_role("link", name="Update Graduation Requirements").click()
    page.get_by_label("Status").select_option("adopted")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved: Graduation Requirements (IKF)")).to_be_visible()
    axe_check(page)
    assert PolicyReview.objects.get(district=cast.riverside, policy_codes="IKF").status == "adopted"

    page.goto(base + "engagement/")
    page.get_by_label("Title").fill("Graduate profile workshop")
    page.get_by_label("Date").fill("2026-10-22")
    page.get_by_label("Deciding Together").check()
    page.get_by_role("button", name="Log the activity").click()
    expect(page.get_by_text("Logged: Graduate profile workshop")).to_be_visible()
    axe_check(page)

    coach = browser.new_page()
    sign_in(coach, cast.coach.email)
    coach.goto(base)
    expect(coach.get_by_text("1 overdue")).to_be_visible()
    expect(coach.get_by_text("Competencies drafted in every school")).to_be_visible()
    expect(coach.get_by_role("link", name="Write an action plan")).to_have_count(0)
    axe_check(coach)
    coach.goto(base + "grid/")
    expect(coach.locator("form.autosave")).to_have_count(0)
    coach.close()


def test_lead_shares_the_plan_and_the_facilitator_reads_it(
    cast, live_server, page, sign_in, axe_check, browser
):
    overview = f"{live_server.url}/d/{cast.riverside.code}/plan/"
    sign_in(page, cast.lead.email)
    page.goto(overview)
    page.get_by_label("Its coaches and its cohort").check()
    page.get_by_role("button", name="Save sharing").click()
    expect(page.get_by_text("Sharing of the plan saved.")).to_be_visible()
    axe_check(page)

    other = browser.new_context().new_page()
    sign_in(other, cast.facilitator.email)
    other.goto(overview)
    expect(other.get_by_role("heading", name="Who reads the plan")).to_be_visible()
    expect(other.get_by_text("its coaches and its cohort")).to_be_visible()
    axe_check(other)


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_the_plan_grid_edits_a_cell_in_place_and_flags_past_junes(
    cast, live_server, page, sign_in, axe_check, width, height
):
    from planning.services import plan_set_horizon

    this_year = date.today().year
    plan_set_horizon(
        district=cast.riverside, acting_user=cast.lead, first_year=this_year - 1, years=3
    )
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.member.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/plan/grid/")
    past = page.locator(f"#year-{this_year - 1} td")
    expect(past.first).to_contain_text("June is over: say how it went")
    expect(page.locator(f"#year-{this_year + 1} td").first).not_to_contain_text("June is over")
    page.get_by_text(f"Edit Policy, June {this_year - 1}").click()
    form = page.locator(f"#cell-{this_year - 1}-policy")
    form.get_by_label("Status").select_option("achieved")
    expect(form.locator(".save-status")).to_contain_text("Saved at", timeout=5000)
    expect(past.nth(1).locator("[data-show=status]")).to_have_text("Achieved")
    page.reload()
    expect(page.locator(f"#year-{this_year - 1} td").nth(1)).not_to_contain_text("June is over")
    axe_check(page)
