import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from planning.models import ActionPlan, ActionStep, PlanCell, PolicyReview
from tests.browser.conftest import follow


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
        page.locator("#id_due_date").fill(due)  # the add-step form (each row has its own)
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


# ---------------------------------------------------------------- steps changed where listed

FRAME = {1280: 1152, 768: 720}  # the page's column at a laptop's and a tablet's width


def _plan_with_full_steps(cast):
    """An action plan as a district writes one: every column of its steps filled, a link of
    evidence with a long address, the member coordinating all but one."""
    from evidence.services import attachment_add_link
    from planning.services import action_step_add

    plan = ActionPlan.objects.create(
        district=cast.riverside,
        goal="Adopt common scoring criteria across the high school",
        created_by=cast.lead,
    )
    steps = [
        action_step_add(
            plan=plan,
            acting_user=cast.lead,
            description=description,
            evidence="Drafts collected in the shared folder, reviewed monthly by department heads.",
            start_date=date(2026, 9, 1),
            due_date=date(2027, 3, day),
            coordinator=cast.member if day != 4 else cast.lead,
            participants="ELA and math department teams; two students from the council",
            external_support="University partner (assessment design)",
            resources="Two half-day releases per department",
        )
        for day, description in enumerate(
            [
                "Draft criteria for ELA and math",
                "Norm scoring with student work from every grade",
                "Publish the criteria to families in plain language",
                "Hold a board work session on the grading policy (IKA)",
            ],
            start=1,
        )
    ]
    attachment_add_link(
        item=steps[0],
        title="Grading policy drafts (shared drive)",
        url="https://drive.example.org/riverside/grading-policy/drafts-2026-2027/criteria",
        acting_user=cast.lead,
    )
    return plan, steps


def _fits(page, frame_selector: str, width: int) -> None:
    """The table needs no sideways scrolling: it fits its frame, the page's column, and the
    page fits the window."""
    sizes = page.evaluate(
        """(selector) => { const frame = document.querySelector(selector);
             const root = document.documentElement;
             return { frame: frame.clientWidth, inside: frame.scrollWidth,
                      table: frame.querySelector('table').scrollWidth,
                      page: root.scrollWidth, window: root.clientWidth }; }""",
        frame_selector,
    )
    assert sizes["frame"] == FRAME[width], sizes
    assert sizes["inside"] <= sizes["frame"] and sizes["table"] <= sizes["frame"], sizes
    assert sizes["page"] <= sizes["window"], sizes


def _open_as_member(page, sign_in, cast, url: str, width: int, height: int) -> None:
    """The member opens a list of steps at this width: it fits without sideways scrolling."""
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.member.email)
    page.goto(url)
    _fits(page, ".steps-frame", width)


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_a_member_updates_three_steps_from_the_table_without_leaving_it(
    cast, live_server, page, sign_in, axe_check, width, height
):
    plan, steps = _plan_with_full_steps(cast)
    url = f"{live_server.url}/d/{cast.riverside.code}/plan/actions/{plan.code}/"
    _open_as_member(page, sign_in, cast, url, width, height)
    # every column is there to read, and every row's controls are named for their step
    shown = ("University partner", "Two half-day releases", "riverside/grading-policy", "Lena Lead")
    for text in shown:
        expect(page.locator("table.steps")).to_contain_text(text)
    expect(page.get_by_role("link", name="Edit step 4")).to_be_visible()
    axe_check(page)

    page.get_by_label("Status of step 1").select_option("in_progress")
    expect(page.locator(f"#status-{steps[0].code} .save-status")).to_contain_text("Saved at")
    due = page.get_by_label("Due date of step 2")
    due.fill("2027-04-15")
    due.press("Tab")  # a date saves when the person leaves it (or pauses)
    expect(page.locator(f"#status-{steps[1].code} .save-status")).to_contain_text("Saved at")
    page.get_by_label("Status of step 3").select_option("blocked")
    late = (date.today() - timedelta(days=2)).isoformat()
    page.get_by_label("Due date of step 3").fill(late)
    page.get_by_label("Due date of step 3").blur()
    third = page.locator(f"#step-{steps[2].code}")
    expect(third.locator(".save-status")).to_contain_text("Saved at")
    expect(third.locator(".step-overdue")).to_be_visible()  # as the server judged it
    expect(third).to_have_class(re.compile(r"\bis-overdue\b"))
    assert page.url == url  # never left the table
    _fits(page, ".steps-frame", width)
    axe_check(page)

    saved = {s.code: s for s in ActionStep.objects.filter(plan=plan)}
    assert saved[steps[0].code].status == "in_progress"
    assert saved[steps[1].code].due_date == date(2027, 4, 15)
    assert (saved[steps[2].code].status, saved[steps[2].code].due_date.isoformat()) == (
        "blocked",
        late,
    )
    assert saved[steps[3].code].version == 1
    page.reload()  # what the table shows is what was saved
    expect(page.get_by_label("Status of step 1")).to_have_value("in_progress")
    expect(page.get_by_label("Due date of step 2")).to_have_value("2027-04-15")


def test_a_step_changed_meanwhile_offers_keep_mine_or_use_theirs(
    cast, live_server, page, sign_in, axe_check
):
    from planning.services import action_step_update

    plan, steps = _plan_with_full_steps(cast)
    sign_in(page, cast.member.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/plan/actions/{plan.code}/")
    for step, status in ((steps[0], "done"), (steps[1], "blocked")):  # the lead, meanwhile
        action_step_update(step=step, expected_version=1, acting_user=cast.lead, status=status)

    first = page.locator(f"#status-{steps[0].code}")
    page.get_by_label("Status of step 1").select_option("in_progress")
    expect(first.get_by_role("alert")).to_contain_text("Their status")
    expect(first.get_by_role("alert")).to_contain_text("Done")
    axe_check(page)
    first.get_by_role("button", name="Keep mine").click()
    expect(first.locator(".save-status")).to_contain_text("Saved at")

    second = page.locator(f"#status-{steps[1].code}")
    page.get_by_label("Status of step 2").select_option("in_progress")
    second.get_by_role("button", name="Use theirs").click()
    expect(page.get_by_label("Status of step 2")).to_have_value("blocked")
    assert ActionStep.objects.get(pk=steps[0].pk).status == "in_progress"
    assert ActionStep.objects.get(pk=steps[1].pk).status == "blocked"


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_my_steps_changes_a_status_in_place(
    cast, live_server, page, sign_in, axe_check, width, height
):
    _, steps = _plan_with_full_steps(cast)
    _open_as_member(page, sign_in, cast, f"{live_server.url}/my-steps/", width, height)
    axe_check(page)
    label = "Status of Norm scoring with student work from every grade"
    page.get_by_label(label).select_option("done")
    expect(page.locator(f"#status-{steps[1].code} .save-status")).to_contain_text("Saved at")
    assert page.url == f"{live_server.url}/my-steps/"
    assert ActionStep.objects.get(pk=steps[1].pk).status == "done"
    axe_check(page)


def test_without_javascript_a_row_saves_and_comes_back_to_the_table(
    cast, live_server, page, sign_in, axe_check
):
    """As without JavaScript: the autosave script is not loaded (axe still runs), so each
    row's form posts with its Save button."""
    plan, steps = _plan_with_full_steps(cast)
    page.route("**/autosave.js", lambda route: route.abort())
    url = f"{live_server.url}/d/{cast.riverside.code}/plan/actions/{plan.code}/"
    _open_as_member(page, sign_in, cast, url, 768, 1024)
    row = page.locator(f"#step-{steps[1].code}")
    page.get_by_label("Due date of step 2").fill("2026-08-01")  # before its start
    follow(row.get_by_role("button", name="Save"))
    expect(page.get_by_role("alert").first).to_contain_text("needs a correction")
    expect(row).to_contain_text("The due date comes before the start date.")
    _fits(page, ".steps-frame", 768)
    axe_check(page)
    page.get_by_label("Due date of step 2").fill("2027-05-01")
    page.get_by_label("Status of step 2").select_option("done")
    follow(row.get_by_role("button", name="Save"))
    expect(page.get_by_text("is done, due May 1, 2027.")).to_be_visible()
    assert page.url == f"{url}#step-{steps[1].code}"
    axe_check(page)
    saved = ActionStep.objects.get(pk=steps[1].pk)
    assert (saved.status, saved.due_date) == ("done", date(2027, 5, 1))
