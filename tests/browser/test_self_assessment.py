import pytest
from playwright.sync_api import expect

from rubrics.models import AssessmentRound, Comment, Rating
from tests.rubric_helpers import dimensions_of, rate
from tests.rubric_helpers import submitted_round as submitted


def round_url(live_server, round_, page=""):
    return f"{live_server.url}/d/{round_.district.code}/self-assessment/{round_.code}/{page}"


def test_member_rates_with_the_keyboard_and_it_saves_as_they_work(
    cast, framework, draft_round, live_server, page, sign_in, axe_check
):
    sign_in(page, cast.member.email)
    page.goto(round_url(live_server, draft_round, "rate/"))
    expect(
        page.get_by_role("navigation", name="Dimensions").get_by_text("0 of 15 rated")
    ).to_be_visible()
    axe_check(page)
    first = page.locator("form.autosave").first
    first.get_by_label("Developing").focus()
    page.keyboard.press("Space")
    expect(first.locator(".save-status")).to_contain_text("Saved at")
    first.get_by_label("Evidence").fill("Graduation standards drafted for ELA and math")
    expect(first.locator(".save-status")).to_contain_text("Saved at", timeout=5000)
    expect(
        page.get_by_role("navigation", name="Dimensions").get_by_text("1 of 15 rated")
    ).to_be_visible()
    second = page.locator("form.autosave").nth(1)
    second.get_by_label("Initiating").check()
    expect(
        page.get_by_role("navigation", name="Dimensions").get_by_text("2 of 15 rated")
    ).to_be_visible()
    rating = Rating.objects.get(dimension=dimensions_of(framework)[0])
    assert (rating.rater, rating.level.name) == (cast.member, "Developing")
    assert rating.evidence == "Graduation standards drafted for ELA and math"


def test_two_tabs_editing_the_same_rating_never_lose_the_first_save(
    cast, framework, draft_round, live_server, page, sign_in
):
    sign_in(page, cast.member.email)
    other_tab = page.context.new_page()
    page.goto(round_url(live_server, draft_round, "rate/"))
    other_tab.goto(round_url(live_server, draft_round, "rate/"))

    page.locator("form.autosave").first.get_by_label("Evidence").fill("Written in tab one")
    expect(page.locator("form.autosave").first.locator(".save-status")).to_contain_text(
        "Saved at", timeout=5000
    )
    late = other_tab.locator("form.autosave").first
    late.get_by_label("Evidence").fill("Written in tab two")
    conflict = late.get_by_role("alert")
    expect(conflict).to_contain_text("saved elsewhere")
    expect(conflict).to_contain_text("Written in tab one")
    assert Rating.objects.get().evidence == "Written in tab one"

    late.get_by_role("button", name="Keep mine").click()
    expect(late.locator(".save-status")).to_contain_text("Saved at", timeout=5000)
    assert Rating.objects.get().evidence == "Written in tab two"


def test_lead_reaches_consensus_submits_and_shares_with_coaches(
    cast, framework, draft_round, live_server, page, sign_in, axe_check
):
    for person, position in ((cast.member, 1), (cast.lead, 3)):
        rate(draft_round, person, dimensions_of(framework)[0], position)
    sign_in(page, cast.lead.email)
    page.goto(round_url(live_server, draft_round, "consensus/"))
    expect(page.get_by_text("two levels apart").first).to_be_visible()
    axe_check(page)
    forms = page.locator("form.autosave")
    for i in range(forms.count()):
        forms.nth(i).get_by_label("Developing").check()
    nav = page.get_by_role("navigation", name="Dimensions")
    expect(nav.get_by_text("15 of 15 agreed")).to_be_visible(timeout=15000)
    page.get_by_label("With its coaches", exact=True).check()
    page.get_by_role("button", name="Submit the round").click()
    expect(page.get_by_text("Submitted. The round is now read-only.")).to_be_visible()
    axe_check(page)
    draft_round.refresh_from_db()
    assert draft_round.is_submitted and draft_round.shared_with == "coaches"


def test_coach_comments_on_a_dimension_and_marks_the_round_reviewed(
    cast, framework, submitted_round, live_server, page, sign_in, axe_check
):
    sign_in(page, cast.coach.email)
    page.goto(round_url(live_server, submitted_round))
    expect(page.get_by_role("heading", name="Spring 2026")).to_be_visible()
    axe_check(page)
    page.get_by_text("Comment on this dimension").first.click()
    page.get_by_label("Comment on Conceptual Framework and Core Principles").fill(
        "Which standards are cross-curricular?"
    )
    page.get_by_role("button", name="Post comment").first.click()
    expect(page.get_by_text("Which standards are cross-curricular?")).to_be_visible()
    page.get_by_role("button", name="Mark as reviewed").click()
    expect(page.get_by_text("Marked as reviewed.")).to_be_visible()
    axe_check(page)
    assert Comment.objects.get().author == cast.coach
    assert AssessmentRound.objects.get(pk=submitted_round.pk).reviewed_by == cast.coach


def test_comparison_page_is_accessible(
    cast, framework, submitted_round, live_server, page, sign_in, axe_check
):
    submitted(cast.riverside, cast.lead, framework, title="Fall 2026", default=2)
    sign_in(page, cast.coach.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/self-assessment/compare/")
    expect(page.get_by_role("img", name="Change from Spring 2026 to Fall 2026")).to_be_visible()
    axe_check(page)


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_the_rating_page_navigates_selects_by_card_and_saves_deliberately(
    cast, framework, draft_round, live_server, page, sign_in, axe_check, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.member.email)
    page.goto(round_url(live_server, draft_round, "rate/"))
    saves = []
    page.on("request", lambda r: saves.append(r.url) if r.method == "POST" else None)
    nav = page.get_by_role("navigation", name="Dimensions")
    links = nav.get_by_role("link")
    expect(links).to_have_count(15)
    # one step by keyboard: the dimension's link, Enter, and the focus is on that dimension
    last = links.nth(14)
    last.focus()
    page.keyboard.press("Enter")
    target = last.get_attribute("href").removeprefix("#")
    assert page.evaluate("() => document.activeElement.id") == target
    form = page.locator(f"#{target}")
    # anywhere on a level card chooses its level
    card = form.locator(".level-card").nth(1)
    box = card.locator(".descriptor").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the text
    expect(form.locator(".level-card").nth(1).locator("input")).to_be_checked()
    expect(form.locator(".save-status")).to_contain_text("Saved")
    expect(page.locator(".dimension-nav a.is-rated")).to_have_count(1)
    expect(page.locator(".dimension-nav .progress")).to_contain_text("1 of 15 rated")
    # arrow keys move through the levels without a save at each one
    form.locator(".level-card").nth(1).locator("input").focus()
    page.keyboard.press("ArrowRight")
    expect(form.locator(".save-status")).to_have_text("Unsaved changes…")
    expect(form.locator(".save-status")).to_contain_text("Saved", timeout=5000)
    expect(form.locator(".level-card").nth(2).locator("input")).to_be_checked()
    # leaving the levels after the pause's save does not save a third time
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)
    expect(form.locator(".save-status")).to_contain_text("Saved")
    assert len(saves) == 2, saves
    axe_check(page)


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_the_lead_reads_each_teammates_work_above_the_team_form_and_the_divergence_marked(
    cast, framework, draft_round, live_server, page, sign_in, axe_check, size
):
    """Issue 32: the teammates' levels, evidence, files and links come before the team's
    form of each dimension, and the navigator says in words where the team diverges."""
    from evidence.services import attachment_add_link
    from tests.rubric_helpers import rate

    page.set_viewport_size({"width": size[0], "height": size[1]})
    first, second = dimensions_of(framework)[:2]
    rate(draft_round, cast.lead, first, 1)
    milo = rate(draft_round, cast.member, first, 3, evidence="Walkthroughs in four schools")
    attachment_add_link(
        item=milo,
        title="Walkthrough summary",
        url="https://example.org/walkthroughs",
        acting_user=cast.member,
    )
    rate(draft_round, cast.member, second, 2)
    sign_in(page, cast.lead.email)
    page.goto(round_url(live_server, draft_round, "consensus/"))
    form = page.locator(f"#dimension-{first.code}")
    panel = form.locator("details.teammates")
    expect(panel.get_by_text("Milo Member", exact=True)).to_be_visible()
    expect(panel.get_by_text("Walkthroughs in four schools")).to_be_visible()
    expect(panel.get_by_role("link", name="Walkthrough summary")).to_be_visible()
    team_choice = form.get_by_label("Developing", exact=True)
    assert panel.bounding_box()["y"] < team_choice.bounding_box()["y"]  # above the form's
    nav = page.get_by_role("navigation", name="Dimensions")
    expect(nav.get_by_text("1 where teammates are two levels apart")).to_be_visible()
    marked = nav.get_by_role("link", name=first.name)
    expect(marked).to_contain_text("two levels apart")
    expect(nav.get_by_role("link", name=second.name)).not_to_contain_text("two levels apart")
    axe_check(page)
    # the marker leads to the dimension, whose team form still saves as the lead works
    marked.click()
    team_choice.check()
    expect(form.locator(".save-status")).to_contain_text("Saved at")
    axe_check(page)
