"""Backups that restore (districts.backups, `manage.py backup` and `restore`): on the embedded
default (SQLite's online backup and the media folder), and a bucket with versioning listed
rather than copied. tests/test_real_stack.py restores a PostgreSQL backup into a new
database and downloads from the restored app."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from districts.models import District
from evidence.models import Attachment
from tests import test_evidence, test_storage_faults
from tests.documents import PDF
from tests.test_evidence import add_files, download, item_url

pytestmark = pytest.mark.django_db(transaction=True)

step = test_evidence.step  # fixtures shared with the evidence tests
bucket = test_storage_faults.bucket


def backup(folder: Path) -> tuple[Path, str]:
    out = io.StringIO()
    call_command("backup", output_dir=str(folder), stdout=out)
    (archive,) = folder.glob("waypoint-backup-*.tar")
    return archive, out.getvalue()


def restore(archive: Path, **options) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out, stderr=out, **options)
    return out.getvalue()


def emptied() -> None:
    """The database as a new one that `migrate` made: every table of the apps emptied."""
    call_command("flush", interactive=False, verbosity=0)


def test_a_backup_restores_the_rows_and_files_into_an_empty_database(
    cast, client_for, step, tmp_path
):
    url = item_url(cast.riverside, "step", step.code)
    assert add_files(client_for("member"), url, ("criteria.pdf", PDF)).status_code == 302
    attachment = Attachment.objects.get()
    work_version = District.objects.get(pk=cast.riverside.pk).work_version

    archive, said = backup(tmp_path)
    assert f"Wrote {archive}: the {connection.vendor} database" in said
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    dump = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}[connection.vendor]
    assert manifest["database"] == dump and dump in names
    assert f"files/default/{attachment.file.name}" in names
    assert manifest["engine"] == connection.vendor and manifest["waypoint"]
    assert "districts.0001_initial" in manifest["migrations"]
    assert manifest["counts"]["districts_district"] == 3
    assert manifest["counts"]["evidence_attachment"] == 1
    # The evidence storage is the same folder as the default one: copied once.
    assert manifest["storages"]["evidence"] == {"kind": "same_as", "storage": "default"}

    emptied()
    storages["default"].delete(attachment.file.name)
    said = restore(archive)
    assert "Checked: every table has the rows the backup counted" in said
    assert "1 written" in said

    assert District.objects.count() == 3
    restored = District.objects.get(pk=cast.riverside.pk)
    assert restored.work_version > work_version  # forget_kept: nothing kept before is read
    response = download(client_for("member"), cast.riverside, attachment)
    assert b"".join(response.streaming_content) == PDF


def test_restore_refuses_a_database_that_is_not_empty_unless_told(cast, tmp_path):
    archive, _ = backup(tmp_path)
    District.objects.filter(pk=cast.outer.pk).delete()
    with pytest.raises(CommandError, match="The database is not empty"):
        restore(archive)
    assert not District.objects.filter(pk=cast.outer.pk).exists()

    said = restore(archive, replace=True)
    assert "Checked" in said
    assert District.objects.filter(pk=cast.outer.pk).exists()


def test_restore_says_what_does_not_match_the_manifest(cast, tmp_path):
    archive, _ = backup(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers() if m.isfile()]
    manifest["counts"]["districts_district"] = 4
    manifest["migrations"].append("districts.9999_from_a_newer_release")
    manifest["storages"]["default"]["files"].append({"name": "evidence/gone.pdf", "size": 3})
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(tampered, "w") as tar:
        for member, body in members:
            if member.name == "manifest.json":
                body = json.dumps(manifest).encode()
                member.size = len(body)
            tar.addfile(member, io.BytesIO(body))
    tar_out = io.StringIO()
    emptied()
    with pytest.raises(CommandError, match="4 problem"):
        call_command("restore", str(tampered), stdout=tar_out, stderr=tar_out)
    said = tar_out.getvalue()
    assert "Table districts_district: 3 rows, the backup has 4." in said
    assert "evidence/gone.pdf" in said
    assert "migrations this release does not (districts.9999_from_a_newer_release)" in said


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="is not a Waypoint backup"):
        restore(junk)


def test_a_bucket_is_listed_with_versions_and_a_deleted_file_is_put_back(
    cast, client_for, step, bucket, tmp_path
):
    s3, name = bucket
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    url = item_url(cast.riverside, "step", step.code)
    assert add_files(client_for("member"), url, ("plan.pdf", PDF)).status_code == 302
    attachment = Attachment.objects.get()

    archive, _ = backup(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert not [n for n in tar.getnames() if n.startswith("files/evidence/")]
    listed = manifest["storages"]["evidence"]
    assert listed["kind"] == "bucket" and listed["bucket"] == name
    (entry,) = listed["objects"]
    assert entry["name"] == attachment.file.name and entry["size"] == len(PDF)
    assert entry["version_id"] not in ("", "null")

    s3.delete_object(Bucket=name, Key=attachment.file.name)  # a delete marker
    emptied()
    said = restore(archive)
    assert "1 bucket version(s) put back" in said
    response = download(client_for("member"), cast.riverside, attachment)
    assert b"".join(response.streaming_content) == PDF
