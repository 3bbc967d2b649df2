"""The trash, as staff use it: delete a district from its People page (offered its whole
record first), find it in the trash with its days left, restore it; 0 axe violations on each
page, at a laptop's and a tablet's width."""

import os
from pathlib import Path

from tests.browser.conftest import follow

# Set WAYPOINT_SHOTS to a folder to keep a screenshot of each page at each width, to look at.
SHOTS = os.environ.get("WAYPOINT_SHOTS", "")


def look(page, name: str, axe_check) -> None:
    for width in (1280, 768):
        page.set_viewport_size({"width": width, "height": 900})
        axe_check(page)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/trash-{name}-{width}.png", full_page=True)


def test_staff_delete_and_restore_a_district(cast, live_server, page, sign_in, axe_check):
    sign_in(page, cast.staff.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/members/")
    follow(page.get_by_role("link", name="Delete Riverside School District…"))
    assert page.get_by_role("button", name="Export its whole record").is_visible()
    look(page, "confirm", axe_check)

    follow(page.get_by_role("button", name="Yes, move Riverside School District to the trash"))
    assert page.url.endswith("/trash/")
    assert page.get_by_text("Riverside School District is in the trash").is_visible()
    assert page.get_by_role("cell", name="Riverside School District (ME)").is_visible()
    look(page, "index", axe_check)

    follow(page.get_by_role("link", name="Restore Riverside School District"))
    look(page, "restore", axe_check)
    follow(page.get_by_role("button", name="Yes, restore Riverside School District"))
    assert page.url.endswith(cast.riverside.get_absolute_url())
    page.goto(f"{live_server.url}/trash/")
    assert page.get_by_text("The trash is empty").is_visible()
    look(page, "empty", axe_check)
