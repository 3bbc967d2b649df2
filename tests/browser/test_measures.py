"""Measures of success in the browser: a lead adopts a suggestion and sets it up, a member
adds a value, the measure's page with its chart, the list and the district's home, checked
with axe at a laptop's and a tablet's width (issue 31)."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from measures.models import DataPoint, Measure


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_a_lead_sets_up_a_suggested_measure_and_a_member_adds_data(
    cast, live_server, page, sign_in, axe_check, width, height, tmp_path, window_as
):
    from planning.services import plan_set_horizon

    this_year = date.today().year
    plan_set_horizon(district=cast.riverside, acting_user=cast.lead, first_year=this_year, years=3)
    base = f"{live_server.url}/d/{cast.riverside.code}/measures/"
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, cast.lead.email)
    page.goto(base)
    expect(page.get_by_text("No measure yet.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Adopt “Courses with common scoring criteria”").click()
    expect(page.get_by_label("Name")).to_have_value("Courses with common scoring criteria")
    page.get_by_label("Baseline value").fill("15")
    page.get_by_label("Baseline as of").fill((date.today() - timedelta(days=200)).isoformat())
    page.get_by_label(f"Target for June {this_year + 1}").fill("60")
    axe_check(page)
    page.get_by_role("button", name="Add the measure").click()
    expect(page.get_by_role("heading", name="Courses with common scoring criteria")).to_be_visible()
    assert Measure.objects.get().targets.get().value == 60

    member = window_as(cast.member, page.url, (width, height))
    member.locator("#id_value").fill("140")
    member.locator("#id_as_of").fill(date.today().isoformat())
    member.get_by_role("button", name="Add the data point").click()
    expect(member.get_by_text("Value: a percent is between 0 and 100.")).to_be_visible()
    axe_check(member)
    member.locator("#id_value").fill("38")
    member.get_by_role("button", name="Add the data point").click()
    expect(member.get_by_role("img", name="Courses with common scoring criteria")).to_be_visible()
    expect(member.locator(".measure-standing")).to_contain_text("On track")
    expect(member.get_by_text("How the status is decided.")).to_be_visible()
    axe_check(member)
    member.screenshot(path=str(tmp_path / f"measure-{width}.png"), full_page=True)
    assert DataPoint.objects.get().value == 38

    member.goto(base)
    expect(member.get_by_text("1 measure: 1 on track.")).to_be_visible()
    axe_check(member)
    member.screenshot(path=str(tmp_path / f"list-{width}.png"), full_page=True)
    member.goto(f"{live_server.url}/d/{cast.riverside.code}/")
    expect(member.get_by_text("Measures of success: 1 on track.")).to_be_visible()
    axe_check(member)
