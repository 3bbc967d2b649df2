"""Where documents are kept (reports.storage): STORAGES["reports"], the media folder by
default and the evidence bucket when one is configured; every part, stamp and finished file
goes through it, and a download from the bucket is a short-lived signed link handed out
after the access check."""

import errno
import io
import os
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from districts.stored import AtomicFileSystemStorage
from reports import render, storage
from reports.models import ReportJob
from tests.buckets import base_settings, serving_bucket
from tests.report_helpers import ask_for_packet, packet_meeting, pdf_bytes


def packet_made(client, meeting, capture) -> ReportJob:
    job = ask_for_packet(client, meeting, capture)
    assert job.status == "done", job.error
    return job


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_the_storage_is_the_media_folder_by_default_and_the_evidence_bucket_when_set():
    code = (
        "s = base.STORAGES['reports']; o = s.get('OPTIONS', {});"
        "print(s['BACKEND'], o.get('bucket_name'), o.get('file_overwrite'),"
        " o.get('querystring_expire'), o.get('default_acl'), o.get('signature_version'))"
    )
    assert base_settings(code, {}) == "districts.stored.AtomicFileSystemStorage" + " None" * 5
    bucket = {"EVIDENCE_S3_BUCKET": "district-files", "REPORT_LINK_SECONDS": "30"}
    assert base_settings(code, bucket) == (
        "storages.backends.s3.S3Storage district-files True 30 private s3v4"
    )


# ---------------------------------------------------------------- the media folder


class _FailingContent:
    def __init__(self, data: bytes):
        self.data = data

    def chunks(self):
        yield self.data[:10]
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_file_is_replaced_whole_and_a_failed_write_leaves_the_old_one_and_nothing_else(
    tmp_path,
):
    folder = AtomicFileSystemStorage(location=tmp_path)
    assert folder.save("reports/parts/ab/abc.pdf", ContentFile(b"%PDF-first")) == (
        "reports/parts/ab/abc.pdf"
    )
    assert folder.save("reports/parts/ab/abc.pdf", ContentFile(b"%PDF-again")) == (
        "reports/parts/ab/abc.pdf"  # overwritten, not renamed
    )
    with pytest.raises(OSError, match="No space left"):
        folder._save("reports/parts/ab/abc.pdf", _FailingContent(b"%PDF-a third, cut short"))
    assert files_under(tmp_path) == ["reports/parts/ab/abc.pdf"]
    assert (tmp_path / "reports/parts/ab/abc.pdf").read_bytes() == b"%PDF-again"
    assert oct((tmp_path / "reports/parts/ab/abc.pdf").stat().st_mode & 0o777) == "0o644"


def test_a_packet_its_parts_and_stamps_are_kept_in_the_media_folder_and_streamed(
    cast, client_for, framework, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    client = client_for("facilitator")
    meeting = packet_meeting(cast, framework)
    job = packet_made(client, meeting, django_capture_on_commit_callbacks)
    kept = files_under(tmp_path)
    assert f"reports/{job.code}.pdf" in kept
    assert sum(name.startswith("reports/parts/") for name in kept) >= 3  # front, 2 districts
    assert sum(name.startswith("reports/numbers/") for name in kept) == 1
    response = client.get(reverse("reports:job_download", kwargs={"job": job.code}))
    assert (response.status_code, response["Cache-Control"]) == (200, "private, no-store")
    assert b"".join(response.streaming_content) == (tmp_path / job.file.name).read_bytes()


def test_reading_a_part_marks_it_used_so_that_the_sweep_keeps_it(settings, tmp_path):
    from reports.tasks import reports_parts_sweep

    settings.MEDIA_ROOT = str(tmp_path)
    render.store.put("aa-used", b"%PDF-used")
    render.store.put("ab-unused", b"%PDF-unused")
    render.stamps.put("ac-stamp", b"%PDF-stamp")
    old = time.time() - 40 * 24 * 3600
    for name in ("reports/parts/aa/aa-used.pdf", "reports/parts/ab/ab-unused.pdf"):
        os.utime(tmp_path / name, (old, old))
    (tmp_path / "reports/numbers/ac/.ac-stamp.pdf.x.part").write_bytes(b"%PDF-cut")  # a crash
    os.utime(tmp_path / "reports/numbers/ac/.ac-stamp.pdf.x.part", (old, old))
    assert render.store.get("aa-used") == b"%PDF-used"
    assert reports_parts_sweep() == {"parts": 1, "numbers": 1}
    assert files_under(tmp_path) == [
        "reports/numbers/ac/ac-stamp.pdf",
        "reports/parts/aa/aa-used.pdf",
    ]


# ---------------------------------------------------------------- an S3-compatible bucket


@pytest.fixture
def bucket(settings):
    with serving_bucket(settings) as served:
        yield served


def test_in_a_bucket_a_packet_and_its_parts_are_kept_there_and_nothing_on_the_disk(
    cast, client_for, framework, bucket, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    meeting = packet_meeting(cast, framework)
    client = client_for("facilitator")
    first = packet_made(client, meeting, django_capture_on_commit_callbacks)
    keys = bucket.objects()
    assert f"reports/{first.code}.pdf" in keys
    assert sum(key.startswith("reports/parts/") for key in keys) >= 3
    assert sum(key.startswith("reports/numbers/") for key in keys) == 1
    assert files_under(tmp_path) == []
    assert len(PdfReader(io.BytesIO(pdf_bytes(first))).pages) == first.page_count

    # Asked again (by another worker, as far as the bucket knows): both districts' sections
    # are taken from the bucket, not laid out again.
    second = packet_made(client, meeting, django_capture_on_commit_callbacks)
    assert second.sections_reused == 2


def test_from_a_bucket_a_download_is_a_short_lived_signed_link_after_the_access_check(
    cast, client_for, framework, bucket, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_LINK_SECONDS = 45
    client = client_for("facilitator")
    meeting = packet_meeting(cast, framework)
    job = packet_made(client, meeting, django_capture_on_commit_callbacks)
    response = client.get(reverse("reports:job_download", kwargs={"job": job.code}))
    assert (response.status_code, response["Cache-Control"]) == (302, "private, no-store")
    link = response["Location"]
    assert link.startswith(f"{bucket.endpoint}/{bucket.name}/reports/{job.code}.pdf?")
    assert "X-Amz-Expires=45" in link and "X-Amz-Signature=" in link
    with urllib.request.urlopen(link, timeout=10) as answer:  # noqa: S310 (the test's server)
        assert answer.read() == pdf_bytes(job)
        assert answer.headers["Content-Type"] == "application/pdf"
        assert answer.headers["Content-Disposition"] == f'attachment; filename="{job.filename}"'
        assert answer.headers["Cache-Control"] == "private, no-store"

    # The API hands out the same kind of link; whoever may not read the job gets no link.
    from tests.test_evidence import api_client

    api = api_client(cast.facilitator).get(f"/api/v1/jobs/{job.code}/download/")
    assert api.status_code == 302 and "X-Amz-Signature=" in api["Location"]
    for person in ("outsider", "lead"):
        other = client_for(person).get(reverse("reports:job_download", kwargs={"job": job.code}))
        assert other.status_code == 404 and "Location" not in other


def test_in_a_bucket_a_part_read_is_written_again_once_a_day_and_old_ones_are_swept(
    bucket, monkeypatch
):
    key = "reports/parts/ba/ba-used.pdf"
    render.store.put("bb-unused", b"%PDF-unused")
    render.store.put("ba-used", b"%PDF-used")
    made = bucket.s3.head_object(Bucket=bucket.name, Key=key)["LastModified"]
    time.sleep(2.1)  # the bucket's clock counts seconds
    assert render.store.get("ba-used") == b"%PDF-used"  # used on the day it was made
    assert bucket.s3.head_object(Bucket=bucket.name, Key=key)["LastModified"] == made
    with monkeypatch.context() as later:
        two_days_on = timezone.now() + timedelta(days=2)
        later.setattr(storage.timezone, "now", lambda: two_days_on)
        assert render.store.get("ba-used") == b"%PDF-used"  # used two days on: written again
    assert bucket.s3.head_object(Bucket=bucket.name, Key=key)["LastModified"] > made
    assert render.store.get("bz-never-made") is None
    assert render.store.prune(older_than=timedelta(seconds=2)) == 1
    assert bucket.objects("reports/parts/") == [key]


def test_in_a_bucket_a_district_record_with_its_evidence_is_kept_there_and_linked(
    cast, client_for, bucket, django_capture_on_commit_callbacks
):
    """The record's zip is written from a temporary file into the bucket, its evidence files
    read from the same bucket; its link answers as a zip under the record's name."""
    import zipfile

    from planning.models import ActionPlan
    from tests.plan_helpers import add_step
    from tests.test_evidence import PDF, add_files, item_url

    plan = ActionPlan.objects.create(district=cast.riverside, goal="Scoring criteria")
    step = add_step(plan, cast.lead, "Draft criteria")
    add_files(client_for("member"), item_url(cast.riverside, "step", step.code), ("plan.pdf", PDF))
    lead = client_for("lead")
    with django_capture_on_commit_callbacks(execute=True):
        lead.post(reverse("reports:archive_request", kwargs={"district": cast.riverside.code}))
    job = ReportJob.objects.get(kind="archive")
    assert job.status == "done", job.error
    assert f"reports/{job.code}.zip" in bucket.objects("reports/")
    link = lead.get(reverse("reports:job_download", kwargs={"job": job.code}))["Location"]
    with urllib.request.urlopen(link, timeout=10) as answer:  # noqa: S310 (the test's server)
        assert answer.headers["Content-Type"] == "application/zip"
        assert job.filename in answer.headers["Content-Disposition"]
        record = zipfile.ZipFile(io.BytesIO(answer.read()))
    assert record.read(f"files/step/{step.pk}/plan.pdf") == PDF
