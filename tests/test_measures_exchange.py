"""Data points in bulk: CSV and XLSX through districts/tables.py, a preview naming each bad
row, nothing saved until all are good, and an export that round-trips (issue 31)."""

import re
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from districts.tables import to_xlsx
from history.models import Change
from measures.models import DataPoint
from tests.measure_helpers import add_point, make_measure


def _url(cast, name, **kwargs):
    return reverse(f"measures:{name}", kwargs={"district": cast.riverside.code, **kwargs})


def _upload(client, cast, name, content):
    return client.post(_url(cast, "import"), {"file": SimpleUploadedFile(name, content)})


def _confirm(client, cast, preview):
    token = re.search(r'name="confirm" value="([^"]+)"', preview.content.decode()).group(1)
    return client.post(_url(cast, "import"), {"confirm": token})


def test_a_quarter_from_a_spreadsheet_is_previewed_then_saved(cast, client_for):
    make_measure(cast.riverside, cast.lead)
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    table = [
        ["Measure", "As of", "Value", "Source", "Note"],
        ["Courses with common scoring criteria", day, "41.5", "Course audit", "Fall"],
    ]
    client = client_for("member")
    preview = _upload(client, cast, "q.xlsx", to_xlsx(table))
    assert preview.status_code == 200 and "Every row is good: 1 to save" in preview.content.decode()
    assert not DataPoint.objects.exists()
    assert _confirm(client, cast, preview).status_code == 302
    point = DataPoint.objects.get()
    assert (point.value, point.note, point.created_by) == (41.5, "Fall", cast.member)


def test_each_bad_row_is_named_and_nothing_is_saved(cast, client_for):
    make_measure(cast.riverside, cast.lead)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    csv = (
        "Measure,As of,Value,Source\n"
        "Courses with common scoring criteria,2026-01-05,40,Audit\n"
        "No such measure,2026-01-05,40,Audit\n"
        "Courses with common scoring criteria,someday,40,Audit\n"
        f"Courses with common scoring criteria,{future},140,Audit\n"
        "Courses with common scoring criteria,2026-02-05,many,Audit\n"
    ).encode()
    page = _upload(client_for("lead"), cast, "q.csv", csv)
    text = page.content.decode()
    assert page.status_code == 400
    assert "Row 3, column “Measure”" in text and "Row 4, column “As of”" in text
    assert "Row 5, column “As of”: the date is in the future." in text
    assert "Row 5, column “Value”: a percent is between 0 and 100." in text
    assert "Row 6, column “Value”: write a number" in text
    assert not DataPoint.objects.exists()


def test_the_export_imports_back_unchanged_and_a_changed_row_is_a_correction(cast, client_for):
    measure = make_measure(cast.riverside, cast.lead)
    add_point(measure, cast.member, 30, days_ago=40)
    add_point(measure, cast.member, 35.25, days_ago=5)
    client = client_for("lead")
    exported = client.get(_url(cast, "export", fmt="csv")).content
    preview = _upload(client, cast, "again.csv", exported)
    _confirm(client, cast, preview)
    assert DataPoint.objects.count() == 2 and Change.objects.filter(kind="point").count() == 2
    changed = exported.replace(b"35.25", b"36")
    _confirm(client, cast, _upload(client, cast, "changed.csv", changed))
    assert sorted(DataPoint.objects.values_list("value", flat=True)) == [30, 36]
    assert Change.objects.filter(kind="point", before__value="35.25").exists()


def test_the_export_leaves_notes_out_for_who_reads_no_evidence(cast, client_for):
    from districts.models import Audience

    measure = make_measure(cast.riverside, cast.lead)
    point = add_point(measure, cast.member, 30)
    DataPoint.objects.filter(pk=point.pk).update(note="Two schools missing")
    cast.riverside.plan_sharing = Audience.COHORT
    cast.riverside.save()
    exported = client_for("facilitator").get(_url(cast, "export", fmt="csv")).content.decode()
    assert "30" in exported and "Two schools missing" not in exported and "Note" not in exported


def test_a_changed_preview_is_refused_with_a_message_and_nothing_is_saved(cast, client_for):
    make_measure(cast.riverside, cast.lead)
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    csv = f"Measure,As of,Value,Source\nCourses with common scoring criteria,{day},40,Audit\n"
    client = client_for("member")
    preview = _upload(client, cast, "q.csv", csv.encode())
    token = re.search(r'name="confirm" value="([^"]+)"', preview.content.decode()).group(1)
    response = client.post(_url(cast, "import"), {"confirm": token[:-2] + "xx"}, follow=True)
    page = response.content.decode()
    assert "The preview is too old or was changed: upload the file again." in page
    assert response.redirect_chain[-1][0] == _url(cast, "import")
    assert not DataPoint.objects.exists()
