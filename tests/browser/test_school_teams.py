"""A school's team in the browser: its principal (a school lead, of the school only) reaches
their school from the district's home, adds one of the district's people to the team,
changes their role and removes them after confirming; another school of the district is the
plain 404. Checked with axe at a laptop's and a tablet's width (issue 34, part 2)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from districts.models import SchoolMembership
from schools.services import school_create
from tests.cast import school_team


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_a_principal_keeps_their_schools_team_and_reaches_no_other_school(
    cast, live_server, page, sign_in, axe_check, width, height, tmp_path
):
    shots = Path(os.environ.get("SCHOOL_SHOTS", tmp_path))
    high = school_team(cast)
    middle = school_create(
        district=cast.riverside, acting_user=cast.lead, name="Riverside Middle School"
    )
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.school_lead.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/")
    page.get_by_role("link", name="Riverside High School").click()
    expect(page.get_by_role("heading", name="Riverside High School", level=1)).to_be_visible()
    team = page.get_by_role("table", name="Riverside High School’s team")
    expect(team).to_contain_text(cast.school_lead.full_name)
    axe_check(page)

    page.get_by_label("Person").select_option(str(cast.member.code))
    page.get_by_label("Role").select_option("school_member")
    page.get_by_role("button", name="Add to the team").click()
    expect(page.get_by_text(f"{cast.member.full_name} is now school member")).to_be_visible()
    axe_check(page)
    page.screenshot(path=str(shots / f"team-{width}.png"), full_page=True)

    page.get_by_role("link", name=f"Change the role of {cast.member.full_name}").click()
    page.get_by_label("Role").select_option("school_viewer")
    page.get_by_role("button", name="Change the role").click()
    expect(team.get_by_role("row", name=cast.member.full_name)).to_contain_text("School viewer")

    page.get_by_role("link", name=f"Remove {cast.member.full_name}").click()
    axe_check(page)
    page.get_by_role("button", name="Remove").click()
    expect(team).not_to_contain_text(cast.member.full_name)
    assert not SchoolMembership.objects.filter(school=high, user=cast.member).exists()

    answer = page.goto(f"{live_server.url}/d/{cast.riverside.code}/schools/{middle.code}/")
    assert answer.status == 404
    axe_check(page)
