"""The coach's calibration in the browser: the coach rates a shared round and publishes, the
lead reads it beside the team's rating with the agenda; the coach starts from the team's
levels and changes a dimension in one click; axe at both widths."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import follow
from tests.rubric_helpers import dimensions_of, submitted_round


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_the_coach_publishes_a_calibration_and_the_lead_reads_the_agenda(
    cast, live_server, page, sign_in, axe_check, framework, size, window_as
):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    round_ = submitted_round(cast.riverside, cast.lead, framework, title="Spring 2026")
    first = dimensions_of(framework)[0]
    sign_in(page, cast.coach.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/self-assessment/{round_.code}/")
    follow(page.get_by_role("link", name="Your calibration rating"))
    axe_check(page)
    levels = list(framework.levels.order_by("position"))
    for dimension in dimensions_of(framework):
        group = page.get_by_role("group", name=dimension.name, exact=True)
        chosen = levels[2] if dimension == first else levels[0]
        group.get_by_label(chosen.name, exact=True).check()
    page.get_by_label(f"Why ({first.name[:57]}").fill("Learning targets posted in every room.")
    page.get_by_role("button", name="Publish to the district").click()
    expect(page.get_by_text("Published: the district reads your rating")).to_be_visible()
    axe_check(page)
    lead = window_as(
        cast.lead, f"{live_server.url}/d/{cast.riverside.code}/self-assessment/{round_.code}/", size
    )
    lead.get_by_role("link", name="Coach’s calibration").click()
    expect(lead.get_by_text("Agree on 14 of 15")).to_be_visible()
    expect(lead.get_by_text("two levels apart")).to_be_visible()
    axe_check(lead)
    lead.close()


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_the_coach_starts_from_the_teams_levels_and_changes_a_dimension_in_one_click(
    cast, live_server, page, sign_in, axe_check, framework, size
):
    """Issue 32: no descriptors, no team level and twenty clicks. Now: each dimension shows
    its descriptors and the team's level; one click fills in the team's levels, one click per
    dimension the coach sees differently, one to publish."""
    from rubrics.models import CoachCalibration

    page.set_viewport_size({"width": size[0], "height": size[1]})
    round_ = submitted_round(cast.riverside, cast.lead, framework, title="Spring 2026")
    first, second = dimensions_of(framework)[:2]
    levels = list(framework.levels.order_by("position"))
    sign_in(page, cast.coach.email)
    page.goto(
        f"{live_server.url}/d/{cast.riverside.code}/self-assessment/{round_.code}/calibration/"
    )
    group = page.get_by_role("group", name=second.name, exact=True)
    expect(group.get_by_text(f"The team’s level: {levels[0].name}")).to_be_visible()
    descriptor = second.descriptors.get(level=levels[2]).text
    expect(group.get_by_text(descriptor[:60])).to_be_visible()
    axe_check(page)
    clicks = 0
    follow(page.get_by_role("button", name="Start from the team’s levels"))
    clicks += 1
    expect(page.get_by_text("The team’s levels are filled in")).to_be_visible()
    group = page.get_by_role("group", name=second.name, exact=True)
    expect(group.get_by_label(levels[0].name, exact=True)).to_be_checked()
    axe_check(page)
    group.get_by_text(levels[2].name, exact=True).click()  # anywhere on the card
    clicks += 1
    follow(page.get_by_role("button", name="Publish to the district"))
    clicks += 1
    expect(page.get_by_text("Published: the district reads your rating")).to_be_visible()
    assert clicks == 3
    calibration = CoachCalibration.objects.get()
    chosen = dict(calibration.ratings.values_list("dimension_id", "level__position"))
    assert len(chosen) == len(dimensions_of(framework))
    assert (chosen[first.pk], chosen[second.pk]) == (1, 3)
    assert sorted(chosen.values()).count(1) == len(chosen) - 1
    axe_check(page)
