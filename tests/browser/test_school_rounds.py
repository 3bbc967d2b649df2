"""A superintendent opens a round for every school at once, and reads the rollout grid
(issue 34, parts 3 and 4), at both widths, with axe."""

import os

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import follow
from tests.rubric_helpers import agree_all, load_rubric

# Where to keep screenshots to look at (none unless set).
SHOTS = os.environ.get("SCREENSHOTS_TO", "")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 768])
def test_a_lead_opens_the_schools_rounds_and_reads_the_rollout(
    width, cast, live_server, page, sign_in, axe_check
):
    from rubrics.models import AssessmentRound
    from rubrics.services import round_submit
    from schools.services import school_create

    framework = load_rubric("mastery-collaborative-implementation")
    for name in ("Alder Street Elementary", "Riverside Middle", "Riverside High"):
        school_create(district=cast.riverside, acting_user=cast.lead, name=name)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, cast.lead.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/self-assessment/schools/")
    page.get_by_label("Title").fill("Spring 2027")
    page.get_by_label("All the district’s open schools").check()
    axe_check(page)
    shot(page, f"school-rounds-form-{width}")
    follow(page.get_by_role("button", name="Open the rounds"))
    expect(page.get_by_text("“Spring 2027” is open for 3 schools.")).to_be_visible()
    expect(page.get_by_role("link", name="Spring 2027 — Riverside High")).to_be_visible()
    high = AssessmentRound.objects.get(school__name="Riverside High")
    assert high.framework == framework
    agree_all(high, cast.lead, default=2)
    round_submit(round_=high, sharing="coaches", acting_user=cast.lead)
    follow(page.get_by_role("link", name="The rollout at a glance"))
    expect(page.get_by_role("table", name="Schools by dimension (3 schools)")).to_be_visible()
    expect(page.get_by_text("No submitted round")).to_have_count(2)
    axe_check(page)
    shot(page, f"rollout-{width}")
