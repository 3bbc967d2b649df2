"""A file lost in a restore, in the browser: the link leads to a page that says so and whom
to tell, at a laptop's and a tablet's width, and passes axe."""

import os

import pytest
from playwright.sync_api import expect

from evidence.models import Attachment
from evidence.services import attachment_add_files
from tests.plan_helpers import new_step
from tests.test_evidence import PDF


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024)], ids=["laptop", "tablet"])
def test_a_file_lost_in_a_restore_is_a_page_that_says_so(
    cast, live_server, page, sign_in, axe_check, size
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page.set_viewport_size({"width": size[0], "height": size[1]})
    step = new_step(cast.riverside, cast.lead, "Draft criteria")
    [attachment] = attachment_add_files(
        item=step, files=[SimpleUploadedFile("Board minutes.pdf", PDF)], acting_user=cast.lead
    )
    os.remove(attachment.file.path)
    sign_in(page, cast.member.email)
    page.goto(f"{live_server.url}/d/{cast.riverside.code}/evidence/step/{step.code}/")
    page.get_by_role("link", name="Board minutes.pdf", exact=True).click()
    expect(page.get_by_role("heading", name="This file is missing")).to_be_visible()
    expect(page.get_by_text("Tell the Waypoint staff")).to_be_visible()
    expect(page.get_by_text("Reference:")).to_be_visible()
    axe_check(page)
    assert Attachment.objects.count() == 1  # the row stays, for the staff to restore its file
