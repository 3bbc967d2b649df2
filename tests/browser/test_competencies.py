from playwright.sync_api import expect

from competencies.models import Criterion


def test_lead_builds_a_competency_sees_a_warning_and_fixes_it(
    cast, live_server, page, sign_in, axe_check
):
    sign_in(page, cast.lead.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/competencies/")
    expect(page.get_by_text("No competency yet.")).to_be_visible()
    axe_check(page)
    page.get_by_label("Content-area").check()
    page.get_by_label("Content area", exact=False).first.fill("Science")
    page.locator("#id_title").fill("Matter and its interactions")
    page.get_by_role("button", name="Add the competency").click()
    expect(page.get_by_text("Added: Matter and its interactions.")).to_be_visible()

    for text in ("Predict properties of elements", "Explain simple chemical reactions"):
        page.get_by_text("Add a performance indicator").first.click()
        page.get_by_label("Performance indicator").first.fill(text)
        page.get_by_role("button", name="Add the indicator").first.click()
        expect(page.get_by_text("Indicator added.")).to_be_visible()
        page.get_by_label("Does Not Meet").fill("Student rarely locates an element")
        page.get_by_label("Partially Meets").fill("I can describe an element's properties")
        page.get_by_label("Meets", exact=True).fill("I can predict properties of elements")
        page.get_by_label("Exceeds").fill("I can design a model of periodic trends")
        page.get_by_role("button", name="Save the criteria").click()
        expect(page.get_by_text("Scoring criteria saved.")).to_be_visible()
        expect(page.get_by_text("Frequency instead of complexity")).to_be_visible()
        axe_check(page)
        page.get_by_role("link", name="Graduation competencies").click()

    expect(page.locator(".warn-badge")).to_have_count(2)
    axe_check(page)
    page.get_by_role("link", name="Predict properties of elements").click()
    page.get_by_label("Does Not Meet").fill("I can locate an element on the periodic table")
    page.get_by_role("button", name="Save the criteria").click()
    expect(page.get_by_text("pass every check of the design guide")).to_be_visible()
    assert Criterion.objects.filter(text__icontains="rarely").count() == 1

    page.get_by_role("link", name="Graduation competencies").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
