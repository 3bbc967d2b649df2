"""Storage faults as a person meets them: a full disk or a failing bucket on upload says so
and leaves nothing behind; a file missing on download (lost in a restore) is a page that
says so, not a 500."""

import errno
import logging
import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from districts.stored import AtomicFileSystemStorage
from evidence.models import Attachment
from evidence.services import NO_ROOM, STORE_FAILED
from reports.storage import NO_ROOM as REPORT_NO_ROOM
from reports.storage import STORE_FAILED as REPORT_STORE_FAILED
from tests.buckets import serving_bucket
from tests.plan_helpers import new_step
from tests.report_helpers import ask_for_packet
from tests.test_evidence import PDF, add_files, api_client, download, item_url

BIG_PDF = PDF + b"%" + b"x" * 400_000 + b"\n"  # more than the tiny disk holds


@pytest.fixture
def step(cast):
    return new_step(cast.riverside, cast.lead, "Draft criteria")


class FillingStorage(FileSystemStorage):
    """Where the machine cannot mount a filesystem: writes the first kilobyte of a file, then
    fails as a full disk does."""

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read(1024))
        raise OSError(errno.ENOSPC, "No space left on device", str(path))


class _FillingContent:
    """A file's content of which a kilobyte is written before the disk is full."""

    def __init__(self, content):
        self.content = content

    def chunks(self):
        yield self.content.read(1024)
        raise OSError(errno.ENOSPC, "No space left on device")


class FillingReportStorage(AtomicFileSystemStorage):
    """The reports' storage on a disk that fills up during each write."""

    def _save(self, name, content):
        return super()._save(name, _FillingContent(content))


@pytest.fixture
def full_media(settings):
    """The media folder on a tiny filesystem of its own (256 KiB of tmpfs, as root), else a
    storage that fails as a full one does; yields the folder."""
    folder = Path(tempfile.mkdtemp(prefix="waypoint-tiny-media-"))
    mounted = (
        subprocess.run(  # noqa: S603
            ["/usr/bin/mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    settings.MEDIA_ROOT = str(folder)
    if not mounted:
        settings.STORAGES = {
            **settings.STORAGES,
            "evidence": {"BACKEND": f"{__name__}.FillingStorage"},
            "reports": {"BACKEND": f"{__name__}.FillingReportStorage"},
        }
    yield folder
    if mounted:
        subprocess.run(["/usr/bin/umount", str(folder)], check=False)  # noqa: S603
    folder.rmdir()


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_a_full_disk_on_upload_says_so_and_leaves_nothing(cast, client_for, step, full_media):
    url = item_url(cast.riverside, "step", step.code)
    response = add_files(client_for("member"), url, ("small.pdf", PDF), ("large.pdf", BIG_PDF))
    assert response.status_code == 400
    assert "The server has no room for this file now, so nothing was saved" in (
        response.content.decode()
    )
    assert Attachment.objects.count() == 0
    assert files_under(full_media) == []  # neither the first file nor the half of the second


def test_a_full_disk_on_upload_through_the_api_is_a_400_that_says_so(cast, step, full_media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/api/v1/districts/{cast.riverside.code}/evidence/step/{step.code}/"
    response = api_client(cast.member).post(
        url, {"files": [SimpleUploadedFile("large.pdf", BIG_PDF)]}
    )
    assert response.status_code == 400
    assert NO_ROOM in str(response.json())
    assert Attachment.objects.count() == 0 and files_under(full_media) == []


@pytest.fixture
def bucket(settings):
    """The evidence (and reports) storage in a bucket of an S3 server (tests.buckets), not
    made yet; yields the S3 client and the bucket's name."""
    with serving_bucket(settings, create=False) as served:
        yield served.s3, served.name


def test_a_failing_bucket_on_upload_says_so_and_keeps_nothing(cast, client_for, step, bucket):
    # The bucket is not there (deleted, or a wrong name): every write fails.
    url = item_url(cast.riverside, "step", step.code)
    response = add_files(client_for("member"), url, ("plan.pdf", PDF))
    assert response.status_code == 400
    assert "The file store did not answer, so nothing was saved" in response.content.decode()
    assert STORE_FAILED.startswith("The file store did not answer")
    assert Attachment.objects.count() == 0


def test_a_file_missing_from_the_bucket_is_a_page_that_says_so(cast, client_for, step, bucket):
    s3, name = bucket
    s3.create_bucket(Bucket=name)
    url = item_url(cast.riverside, "step", step.code)
    assert add_files(client_for("member"), url, ("plan.pdf", PDF)).status_code == 302
    attachment = Attachment.objects.get()
    s3.delete_object(Bucket=name, Key=attachment.file.name)
    response = download(client_for("member"), cast.riverside, attachment)
    assert response.status_code == 404
    assert "This file is missing" in response.content.decode()


def test_a_file_missing_after_a_restore_is_a_page_that_says_so_and_is_logged(
    cast, client_for, step, caplog
):
    url = item_url(cast.riverside, "step", step.code)
    assert add_files(client_for("member"), url, ("plan.pdf", PDF)).status_code == 302
    attachment = Attachment.objects.get()
    os.remove(attachment.file.path)
    with caplog.at_level(logging.ERROR, logger="waypoint.storage"):
        response = download(client_for("member"), cast.riverside, attachment)
    page = response.content.decode()
    assert response.status_code == 404
    assert "This file is missing" in page and "tell the Waypoint staff" in page.replace(
        "Tell", "tell"
    )
    assert f"Reference: <code>{response['X-Request-ID']}</code>" in page
    assert [r.getMessage() for r in caplog.records if r.name == "waypoint.storage"] == [
        f"Stored file missing: evidence {attachment.file.name} (FileNotFoundError)"
    ]
    api = api_client(cast.member).get(
        f"/api/v1/districts/{cast.riverside.code}/attachments/{attachment.code}/download/"
    )
    assert api.status_code == 404 and "missing from the server" in api.json()["detail"]


def test_a_pdf_missing_after_a_restore_is_a_page_that_says_so(
    cast, client_for, framework, django_capture_on_commit_callbacks
):
    from tests.report_helpers import packet_meeting

    meeting = packet_meeting(cast, framework)
    client = client_for("facilitator")
    job = ask_for_packet(client, meeting, django_capture_on_commit_callbacks)
    assert job.status == "done", job.error
    os.remove(job.file.path)
    response = client.get(reverse("reports:job_download", kwargs={"job": job.code}))
    assert response.status_code == 404
    assert "This file is missing" in response.content.decode()


# ---------------------------------------------------------------- documents


def test_a_full_disk_fails_a_packet_saying_so_and_leaves_nothing(
    cast, client_for, framework, full_media, django_capture_on_commit_callbacks
):
    """The packet's parts and file go to the media folder, which has room for a few
    kilobytes: the job fails with a message that says so, and no part of a file is left."""
    from tests.report_helpers import packet_meeting

    if os.path.ismount(full_media):  # the tiny disk, filled but for 8 KiB
        free = os.statvfs(full_media)
        (full_media / "filler").write_bytes(b"x" * (free.f_bavail * free.f_frsize - 8192))
    meeting = packet_meeting(cast, framework)
    client = client_for("facilitator")
    job = ask_for_packet(client, meeting, django_capture_on_commit_callbacks)
    assert (job.status, job.error, job.file.name) == ("failed", REPORT_NO_ROOM, "")
    assert files_under(full_media / "reports") == []
    page = client.get(reverse("reports:job", kwargs={"job": job.code})).content.decode()
    assert "The server has no room to keep this document now" in page


def test_a_failing_bucket_fails_a_packet_saying_so(
    cast, client_for, framework, bucket, django_capture_on_commit_callbacks
):
    from tests.report_helpers import packet_meeting

    meeting = packet_meeting(cast, framework)  # the bucket is not there: every write fails
    job = ask_for_packet(client_for("facilitator"), meeting, django_capture_on_commit_callbacks)
    assert (job.status, job.error) == ("failed", REPORT_STORE_FAILED)


def test_a_pdf_missing_from_the_bucket_is_a_page_that_says_so(
    cast, client_for, framework, bucket, django_capture_on_commit_callbacks
):
    from tests.report_helpers import packet_meeting

    s3, name = bucket
    s3.create_bucket(Bucket=name)
    meeting = packet_meeting(cast, framework)
    client = client_for("facilitator")
    job = ask_for_packet(client, meeting, django_capture_on_commit_callbacks)
    assert job.status == "done", job.error
    s3.delete_object(Bucket=name, Key=job.file.name)
    response = client.get(reverse("reports:job_download", kwargs={"job": job.code}))
    assert response.status_code == 404  # not a link to a file the bucket lacks
    assert "This file is missing" in response.content.decode()
