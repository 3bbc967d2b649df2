"""A district's schools in the browser: a lead adds one, imports the rest from a OneRoster
orgs.csv after its preview, closes one with a note; a coach reads the list. Checked with axe
at a laptop's and a tablet's width (issue 34)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from schools.models import School

ORGS = (
    "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
    "d-100,,,Riverside School District,district,2300001,\n"
    "s-2,,,Meadowbrook Elementary School,school,,d-100\n"
    "s-3,,,Riverside Middle School,school,230000100123,d-100\n"
)


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_a_lead_adds_imports_and_closes_schools_and_a_coach_reads_them(
    cast, live_server, page, sign_in, axe_check, width, height, tmp_path, window_as
):
    shots = Path(os.environ.get("SCHOOL_SHOTS", tmp_path))
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.lead.email)
    page.goto(live_server.url + cast.riverside.get_absolute_url())
    page.get_by_role("link", name="Schools", exact=True).click()  # from the district's home
    expect(page.get_by_text("No school yet.")).to_be_visible()
    axe_check(page)

    def grades(lowest: str, highest: str) -> None:
        for label, grade in (("Lowest grade", lowest), ("Highest grade", highest)):
            page.get_by_label(label).select_option(grade)
        page.get_by_role("button", name="Add the school").click()

    page.get_by_role("link", name="Add a school").click()
    page.get_by_label("Name:", exact=True).fill("Alder Street Elementary School")
    grades("5", "PK")
    expect(page.get_by_text("the highest grade (PK) is below the lowest (5)")).to_be_visible()
    axe_check(page)
    page.get_by_label("Principal’s name").fill("Ruth Callahan")
    grades("PK", "5")
    expect(page.get_by_role("row", name="Alder Street Elementary School")).to_contain_text("PK–5")

    page.get_by_role("link", name="Import schools from a spreadsheet or OneRoster").click()
    orgs = tmp_path / "orgs.csv"
    orgs.write_text(ORGS)
    page.get_by_label("CSV or XLSX file").set_input_files(str(orgs))
    page.get_by_label("Your district’s OneRoster sourcedId").fill("d-100")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Every row is good: 2 to save")).to_be_visible()
    axe_check(page)
    page.screenshot(path=str(shots / f"schools-preview-{width}.png"), full_page=True)
    page.get_by_role("button", name="Save these 2 rows").click()
    expect(page.get_by_text("Imported: 2 schools added, 0 changed, 0 unchanged.")).to_be_visible()

    page.get_by_role("link", name="Close Riverside Middle School").click()
    page.get_by_label("Why it closes (optional)").fill("Merged with the high school")
    axe_check(page)
    page.get_by_role("button", name="Yes, close the school").click()
    row = page.get_by_role("row", name="Riverside Middle School")
    expect(row).to_contain_text("Merged with the high school")
    assert School.objects.get(name="Riverside Middle School").is_closed
    axe_check(page)
    page.screenshot(path=str(shots / f"schools-lead-{width}.png"), full_page=True)

    coach = window_as(cast.coach, page.url, (width, height))
    expect(coach.get_by_role("row", name="Meadowbrook Elementary School")).to_be_visible()
    expect(coach.get_by_role("link", name="Add a school")).to_have_count(0)
    axe_check(coach)
    coach.goto(f"{live_server.url}/d/{cast.riverside.code}/")
    expect(coach.get_by_text("Schools — 2 open, 1 closed")).to_be_visible()
