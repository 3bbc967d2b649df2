"""Evidence in the browser: a member attaches a file to their rating with the keyboard, a lead
attaches a file and a link to an action step with the pointer, a coach downloads; axe on
each page, at a laptop's and a tablet's width."""

import pytest
from playwright.sync_api import expect

from evidence.models import Attachment
from rubrics.models import Rating
from tests.browser.conftest import follow
from tests.documents import PDF
from tests.plan_helpers import new_step
from tests.rubric_helpers import dimensions_of, rate


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_a_member_attaches_a_walkthrough_to_their_rating_by_keyboard(
    cast, live_server, page, sign_in, axe_check, draft_round, framework, tmp_path, size
):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    first = dimensions_of(framework)[0]
    rate(draft_round, cast.member, first, 2, evidence="Walkthroughs in four schools")
    walkthrough = tmp_path / "Walkthrough tool.pdf"
    walkthrough.write_bytes(PDF)
    sign_in(page, cast.member.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/self-assessment/{draft_round.code}/rate/")
    link = page.get_by_role("link", name=f"Attach a file or a link for {first.name}")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Files and links of this rating")).to_be_visible()
    axe_check(page)
    page.get_by_label("Files").set_input_files(str(walkthrough))
    page.get_by_label("Files").focus()
    page.keyboard.press("Tab")  # to "Add the files"
    page.keyboard.press("Enter")
    expect(page.get_by_text("Added “Walkthrough tool.pdf”.")).to_be_visible()
    expect(page.get_by_role("link", name="Walkthrough tool.pdf", exact=True)).to_be_visible()
    axe_check(page)
    attachment = Attachment.objects.get()
    assert attachment.item_id == Rating.objects.get(rater=cast.member).pk
    # back on the rating page, the file is listed under its dimension
    page.get_by_role("link", name="Back to the rating").click()
    expect(page.get_by_role("link", name="Walkthrough tool.pdf", exact=True)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Walkthrough tool.pdf", exact=True).click()
    assert download.value.suggested_filename == "Walkthrough tool.pdf"
    axe_check(page)


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_a_lead_attaches_a_file_and_a_link_to_a_step_and_the_coach_downloads_it(
    cast, live_server, page, sign_in, axe_check, tmp_path, size, window_as
):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    plan = new_step(cast.riverside, cast.lead, "Draft criteria for ELA").plan
    minutes = tmp_path / "Board minutes.pdf"
    minutes.write_bytes(PDF)
    url = f"{live_server.url}/d/{cast.riverside.code}/plan/actions/{plan.code}/"
    sign_in(page, cast.lead.email)
    page.goto(url)
    page.get_by_role("link", name="Attach a file or a link for Draft criteria for ELA").click()
    page.get_by_label("Files").set_input_files(str(minutes))
    page.get_by_role("button", name="Add the files").click()
    expect(page.get_by_text("Added “Board minutes.pdf”.")).to_be_visible()
    page.get_by_label("Title").fill("Criteria drafts folder")
    page.get_by_label("Web address").fill("https://drive.example.org/folders/criteria")
    page.get_by_role("button", name="Add the link").click()
    expect(page.get_by_text("Added the link “Criteria drafts folder”.")).to_be_visible()
    axe_check(page)
    # a refused file says why and stores nothing
    bad = tmp_path / "setup.pdf"
    bad.write_bytes(b"MZ" + b"\x00" * 100)
    page.get_by_label("Files").set_input_files(str(bad))
    page.get_by_role("button", name="Add the files").click()
    expect(page.get_by_text("its content is not a PDF")).to_be_visible()
    axe_check(page)
    assert Attachment.objects.count() == 2
    # removal asks first and stays in the history
    follow(page.get_by_role("link", name="Remove Criteria drafts folder"))
    axe_check(page)
    page.get_by_role("button", name="Yes, remove").click()
    expect(page.get_by_text("removed by Lena Lead")).to_be_visible()
    axe_check(page)

    coach = window_as(cast.coach, url, size)
    expect(coach.get_by_role("link", name="Board minutes.pdf", exact=True)).to_be_visible()
    expect(coach.get_by_text("Criteria drafts folder")).to_have_count(0)
    with coach.expect_download() as download:
        coach.get_by_role("link", name="Board minutes.pdf", exact=True).click()
    assert download.value.suggested_filename == "Board minutes.pdf"
    axe_check(coach)
    coach.close()


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_the_whole_record_and_a_problems_file_in_the_browser(
    cast, live_server, page, sign_in, axe_check, size, window_as
):
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.services import attachment_add_files
    from meetings.models import Meeting
    from tests.meeting_helpers import submit_problem

    page.set_viewport_size({"width": size[0], "height": size[1]})
    meeting = Meeting.objects.create(
        cohort=cast.cohort, title="Meeting 3", first_date=date(2027, 2, 7)
    )
    problem = submit_problem(meeting, cast.riverside, cast.member, "How do we norm scores?")
    attachment_add_files(
        item=problem,
        files=[SimpleUploadedFile("Scores sample.pdf", PDF)],
        acting_user=cast.member,
    )
    # the lead downloads the district's whole record, made in the background
    sign_in(page, cast.lead.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/")
    page.get_by_role("button", name="Download the whole record (zip)").click()
    expect(page.get_by_role("heading", name="Ready")).to_be_visible()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the archive (zip)").click()
    assert download.value.suggested_filename.endswith(".zip")
    # the facilitator reads the problem, and its file, on the meeting page
    facilitator = window_as(cast.facilitator, f"{live_server.url}/meetings/{meeting.code}/", size)
    axe_check(facilitator)
    with facilitator.expect_download() as download:
        facilitator.get_by_role("link", name="Scores sample.pdf").click()
    assert download.value.suggested_filename == "Scores sample.pdf"
    facilitator.close()


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_a_facilitator_attaches_a_handout_to_a_shared_note_and_a_district_downloads_it(
    cast, live_server, page, sign_in, axe_check, tmp_path, size, window_as
):
    from datetime import date

    from meetings.models import Meeting
    from tests.meeting_helpers import facilitators_note

    page.set_viewport_size({"width": size[0], "height": size[1]})
    meeting = Meeting.objects.create(
        cohort=cast.cohort, title="Meeting 4", first_date=date(2027, 3, 7)
    )
    facilitators_note(
        meeting,
        cast.facilitator,
        "Each district brings a one-page draft of its plan",
        kind="decision",
        shared=True,
    )
    handout = tmp_path / "One-page draft.pdf"
    handout.write_bytes(PDF)
    sign_in(page, cast.facilitator.email)
    page.goto(f"{live_server.url}/meetings/{meeting.code}/")
    page.get_by_role("link", name="Attach a file or a link for “Each district brings").click()
    expect(page.get_by_role("heading", name="Files and links of this decision")).to_be_visible()
    expect(page.get_by_text("The cohort uses 0 bytes")).to_be_visible()
    axe_check(page)
    page.get_by_label("Files").set_input_files(str(handout))
    page.get_by_role("button", name="Add the files").click()
    expect(page.get_by_text("Added “One-page draft.pdf”.")).to_be_visible()
    axe_check(page)
    # a district of the cohort reads the decision, and its file, on the meeting page
    lead = window_as(cast.lead, f"{live_server.url}/meetings/{meeting.code}/", size)
    axe_check(lead)
    with lead.expect_download() as download:
        lead.get_by_role("link", name="One-page draft.pdf").click()
    assert download.value.suggested_filename == "One-page draft.pdf"
    assert (
        lead.get_by_role("link", name="Attach a file or a link for “Each district brings").count()
        == 0
    )
    lead.close()
