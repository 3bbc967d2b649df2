"""The reference library in the browser: its page, and a piece unfolded where it is used;
axe at both widths."""

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_the_library_and_a_piece_where_it_is_used(
    cast, live_server, page, sign_in, axe_check, draft_round, size
):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    sign_in(page, cast.member.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/self-assessment/{draft_round.code}/rate/")
    page.get_by_text("From the reference library: 10 Principles Of Mastery-Based Learning").click()
    expect(
        page.get_by_text("3. All forms of assessment are standards-based and criterion-referenced")
    ).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Reference library").click()
    expect(page.get_by_role("heading", name="Reference library", level=1)).to_be_visible()
    axe_check(page)
