"""A board snapshot in the browser: the lead publishes one, a board member opens its link
without signing in; axe on both pages at a laptop's and a tablet's width."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import follow
from tests.rubric_helpers import submitted_round


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_a_lead_publishes_a_board_snapshot_and_the_board_reads_it(
    cast, live_server, page, sign_in, axe_check, browser, framework, size
):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    submitted_round(cast.riverside, cast.lead, framework, title="Spring 2026")
    sign_in(page, cast.lead.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/")
    follow(page.get_by_role("link", name="Board snapshots"))
    axe_check(page)
    page.get_by_label("Title").fill("Report to the board, March")
    page.get_by_label("The long-term plan").uncheck()
    page.get_by_role("button", name="Publish and make its link").click()
    link = page.get_by_label("Copy it now").input_value()
    axe_check(page)
    board = browser.new_page(viewport={"width": size[0], "height": size[1]})  # not signed in
    board.goto(link)
    expect(board.get_by_role("heading", name="Where the district stands")).to_be_visible()
    expect(board.get_by_role("heading", name="The long-term plan")).to_have_count(0)
    axe_check(board)
    # the lead stops the link, after a confirmation; the board's page is gone
    follow(page.get_by_role("link", name="Stop the link of “Report to the board, March”"))
    axe_check(page)
    follow(page.get_by_role("button", name="Yes, stop"))
    expect(page.get_by_text("Stopped: the link of “Report to the board, March”.")).to_be_visible()
    board.reload()
    expect(board.get_by_role("heading", name="Where the district stands")).to_have_count(0)
    board.close()
