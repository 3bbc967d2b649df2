"""Schools' implementation stages in the browser: a member records a school's stage on its
page (a date after today refused with why), the rollout shows it by school year, the
district home counts the schools implementing; a coach reads the rollout. Checked with axe
at a laptop's and a tablet's width (issue 34, part 4)."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from schools.services import school_create, school_stage_record


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_a_member_records_a_schools_stage_and_the_rollout_shows_it(
    cast, live_server, page, sign_in, axe_check, width, height, tmp_path, window_as
):
    shots = Path(os.environ.get("SCHOOL_SHOTS", tmp_path))
    today = timezone.localdate()
    high = school_create(district=cast.riverside, acting_user=cast.lead, name="Riverside High")
    school_create(district=cast.riverside, acting_user=cast.lead, name="Alder Street")
    school_stage_record(
        school=high,
        strand="practice",
        stage="exploration",
        as_of=today - timedelta(days=400),
        note="The design team visited two schools.",
        acting_user=cast.lead,
    )
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.member.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/schools/{high.code}/")
    expect(page.get_by_role("heading", name="Implementation stages")).to_be_visible()
    axe_check(page)

    page.get_by_label("Strand:").select_option("Practice")
    page.get_by_label("Stage:").select_option("Initial implementation")
    page.get_by_label("From:").fill((today + timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Record the stage").click()
    expect(page.get_by_text("recorded as of today or before")).to_be_visible()
    axe_check(page)
    page.get_by_label("From:").fill(today.isoformat())
    page.get_by_label("Note (optional):").fill("Ninth grade uses the common criteria.")
    page.get_by_role("button", name="Record the stage").click()
    expect(page.get_by_text("Recorded: Practice, initial implementation")).to_be_visible()
    current = page.get_by_role("table", name="The school’s current stage on each strand")
    expect(current.get_by_role("row", name="Practice")).to_contain_text("Initial implementation")
    axe_check(page)
    page.screenshot(path=str(shots / f"stages-school-{width}.png"), full_page=True)

    page.get_by_role("link", name="The rollout of every school").click()
    rollout = page.get_by_role("table", name="Schools by strand and school year (2 schools)")
    expect(rollout).to_contain_text("Initial implementation")
    axe_check(page)
    page.screenshot(path=str(shots / f"stages-rollout-{width}.png"), full_page=True)

    coach = window_as(cast.coach, f"{live_server.url}/d/{cast.riverside.code}/", (width, height))
    expect(coach.get_by_text("1 of 2 schools implementing")).to_be_visible()
    coach.get_by_role("link", name="Rollout").click()
    expect(coach.get_by_role("table")).to_contain_text("Exploration")
    axe_check(coach)
