import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from competencies import exchange
from competencies.models import Competency, Criterion, Indicator, Objective, ScoringScale
from competencies.services import competency_save, indicator_save, starter_copy
from districts.tables import to_csv


def curl(cast, name, **kwargs):
    return reverse(f"competencies:{name}", kwargs={"district": cast.riverside.code, **kwargs})


@pytest.fixture
def starter(cast):
    starter_copy(district=cast.riverside, acting_user=cast.lead)
    return Competency.objects.filter(district=cast.riverside)


def test_the_default_scale_and_presets(cast, client_for):
    page = client_for("lead").get(curl(cast, "outline")).content.decode()
    assert "Does Not Meet / Partially Meets / Meets / Exceeds" in page
    client_for("lead").post(curl(cast, "scale"), {"preset": "emerging"})
    assert ScoringScale.objects.get().labels == [
        "Emerging",
        "Developing",
        "Accomplished",
        "Exemplary",
    ]
    client_for("lead").post(
        curl(cast, "scale"), {"preset": "custom", "custom": "Beginning, Proficient, Advanced"}
    )
    assert ScoringScale.objects.get().labels == ["Beginning", "Proficient", "Advanced"]


def test_a_smaller_scale_that_would_lose_criteria_is_refused(cast, client_for, starter):
    response = client_for("lead").post(
        curl(cast, "scale"), {"preset": "custom", "custom": "Not yet, Yes"}
    )
    assert response.status_code == 400
    assert "would lose them" in response.content.decode()
    assert len(ScoringScale.objects.get().labels) == 4


def test_lead_builds_a_competency_with_two_indicators_and_criteria(cast, client_for):
    lead = client_for("lead")
    lead.post(
        curl(cast, "competency_new"),
        {"kind": "content_area", "content_area": "Science", "title": "Matter and its interactions"},
    )
    competency = Competency.objects.get()
    for text, standards in (
        ("Predict properties of elements", "HS-PS1-1"),
        ("Explain chemical reactions", "HS-PS1-2, HS-PS1-7"),
    ):
        lead.post(
            curl(cast, "indicator_new", competency=competency.code),
            {"text": text, "standards": standards},
        )
    first, second = competency.indicators.all()
    assert second.standard_codes == ["HS-PS1-2", "HS-PS1-7"]
    response = lead.post(
        curl(cast, "criteria", indicator=first.code),
        {
            "level_1": "I can locate an element",
            "level_2": "I can describe its properties",
            "level_3": "I can predict its properties",
            "level_4": "I can design a classification",
        },
    )
    assert response.status_code == 302
    assert [c.text for c in first.criteria.all()][3] == "I can design a classification"
    page = lead.get(curl(cast, "indicator", indicator=first.code)).content.decode()
    assert "pass every check of the design guide" in page


def criteria_saved(client, cast, indicator, lowest: str) -> str:
    """The indicator's page after its criteria are saved, the lowest level's as given."""
    client.post(
        curl(cast, "criteria", indicator=indicator.code),
        {
            "level_1": lowest,
            "level_2": "I can explain evidence",
            "level_3": "I can analyze evidence",
            "level_4": "I can create an argument",
        },
    )
    return client.get(curl(cast, "indicator", indicator=indicator.code)).content.decode()


def test_a_warning_shows_beside_the_item_and_goes_once_fixed(cast, client_for):
    competency = competency_save(
        district=cast.riverside,
        acting_user=cast.lead,
        kind="cross_curricular",
        title="Communication",
    )
    indicator = indicator_save(
        competency=competency, acting_user=cast.lead, text="Use evidence in communication"
    )
    lead = client_for("lead")
    page = lead.get(curl(cast, "indicator", indicator=indicator.code)).content.decode()
    assert page.count('class="finding finding-missing"') == 1  # one, not one per level
    assert "no scoring criteria yet" in page
    page = criteria_saved(lead, cast, indicator, "Student rarely cites evidence")
    assert "Frequency instead of complexity" in page
    assert "describe complexity rather than frequency" in page
    # beside the level's text, which it describes
    field = page.split('<textarea name="level_1"', 1)[1].split('<div class="field', 1)[0]
    assert 'aria-describedby="findings-1"' in field
    assert '<div id="findings-1">' in field and "Frequency instead of complexity" in field
    page = criteria_saved(lead, cast, indicator, "I can identify evidence")
    assert "Frequency instead of complexity" not in page


def test_a_content_area_competency_needs_its_area(cast, client_for):
    response = client_for("lead").post(
        curl(cast, "competency_new"), {"kind": "content_area", "title": "Algebra"}
    )
    assert response.status_code == 400
    assert "Name the content area" in response.content.decode()
    assert not Competency.objects.exists()


def test_duplicate_titles_are_refused(cast, client_for):
    client_for("lead").post(
        curl(cast, "competency_new"), {"kind": "cross_curricular", "title": "Communication"}
    )
    again = client_for("member").post(
        curl(cast, "competency_new"), {"kind": "cross_curricular", "title": "communication"}
    )
    assert again.status_code == 400
    assert Competency.objects.count() == 1


def test_objectives_are_ordered_and_reordered(cast, client_for, starter):
    indicator = Indicator.objects.filter(district=cast.riverside).first()
    lead = client_for("lead")
    for text in ("Frame a topic", "Ask open questions", "Refine questions"):
        lead.post(curl(cast, "objective_new", indicator=indicator.code), {"text": text})
    last = indicator.objectives.get(text="Refine questions")
    refused = lead.post(
        curl(cast, "objective_move", objective=last.code), {"direction": "sideways"}, follow=True
    )
    assert "It can move up or down only." in refused.content.decode()
    assert indicator.objectives.order_by("position").last() == last
    lead.post(curl(cast, "objective_move", objective=last.code), {"direction": "up"})
    assert [o.text for o in indicator.objectives.all()] == [
        "Frame a topic",
        "Refine questions",
        "Ask open questions",
    ]


def test_deleting_a_competency_asks_first(cast, client_for, starter):
    target = starter.first()
    url = curl(cast, "competency_delete", competency=target.code)
    assert b"Yes, delete" in client_for("lead").get(url).content
    assert Competency.objects.filter(pk=target.pk).exists()
    client_for("lead").post(url)
    assert not Competency.objects.filter(pk=target.pk).exists()


def test_viewers_and_coaches_read_but_do_not_edit(cast, client_for, starter):
    for role in ("viewer", "coach"):
        assert client_for(role).get(curl(cast, "outline")).status_code == 200
        assert (
            client_for(role)
            .post(curl(cast, "competency_new"), {"kind": "cross_curricular", "title": "X"})
            .status_code
            == 403
        )
    assert client_for("facilitator").get(curl(cast, "outline")).status_code == 403
    assert client_for("outsider").get(curl(cast, "outline")).status_code == 404


def test_an_indicator_of_another_district_is_not_found(cast, client_for):
    theirs = competency_save(
        district=cast.outer, acting_user=cast.outsider, kind="cross_curricular", title="Theirs"
    )
    indicator = indicator_save(competency=theirs, acting_user=cast.outsider, text="Secret")
    assert (
        client_for("lead").get(curl(cast, "indicator", indicator=indicator.code)).status_code == 404
    )


def test_the_starter_set_copies_once(cast, starter):
    assert starter.count() == 4
    assert starter_copy(district=cast.riverside, acting_user=cast.lead) == 0
    research = Indicator.objects.get(standards="CCSS.ELA-Literacy.WHST.11-12-7")
    assert research.criteria.get(level=1).text.startswith("I can list some specifics")


# ------------------------------------------------------------------ import and export


def upload(client, cast, name, content, replace=True):
    data = {"file": SimpleUploadedFile(name, content)}
    if replace:
        data["replace"] = "on"
    return client.post(curl(cast, "import"), data)


def snapshot(district):
    return exchange.rows(district)


def test_xlsx_round_trip_changes_exactly_the_edit(cast, client_for, starter):
    Objective.objects.create(
        district=cast.riverside,
        indicator=Indicator.objects.first(),
        text="Frame a topic",
        position=1,
    )
    before = snapshot(cast.riverside)
    ids_before = set(Indicator.objects.values_list("code", flat=True))
    export = client_for("lead").get(curl(cast, "export", fmt="xlsx"))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(export.content))
    sheet = book.active
    assert sheet.cell(row=2, column=10).value  # a criterion cell
    sheet.cell(row=2, column=10).value = "I can explain how evidence supports a claim."
    out = io.BytesIO()
    book.save(out)
    response = upload(client_for("lead"), cast, "set.xlsx", out.getvalue())
    assert response.status_code == 302
    after = snapshot(cast.riverside)
    changed = [
        (r, c)
        for r, (a, b) in enumerate(zip(before, after, strict=True))
        for c, (x, y) in enumerate(zip(a, b, strict=True))
        if x != y
    ]
    assert changed == [(1, 9)]
    assert set(Indicator.objects.values_list("code", flat=True)) == ids_before


def test_csv_round_trip_is_lossless(cast, client_for, starter):
    before = snapshot(cast.riverside)
    export = client_for("lead").get(curl(cast, "export", fmt="csv")).content
    assert upload(client_for("lead"), cast, "set.csv", export).status_code == 302
    assert snapshot(cast.riverside) == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_importing_an_unchanged_export_reports_no_change(cast, client_for, fmt):
    """Positions interleaved across kinds (as adding competencies one by one makes them)
    are renumbered by the import, which is no change to report."""
    for kind, area, title in [
        ("content_area", "Science", "Inquiry"),
        ("cross_curricular", "", "Communication"),
        ("content_area", "Mathematics", "Modeling"),
        ("content_area", "Science", "Systems"),
    ]:
        competency_save(
            district=cast.riverside,
            acting_user=cast.lead,
            kind=kind,
            content_area=area,
            title=title,
        )
    client = client_for("lead")
    export = client.get(curl(cast, "export", fmt=fmt)).content
    response = client.post(
        curl(cast, "import"),
        {"file": SimpleUploadedFile(f"set.{fmt}", export), "replace": "on"},
        follow=True,
    )
    assert "0 competencies added, 0 changed, 0 removed; indicators" in response.content.decode()
    # moving one within its area is reported as a new order, not as changed competencies
    table = exchange.rows(cast.riverside)
    table[-2], table[-1] = table[-1], table[-2]  # Science: Systems before Inquiry
    response = client.post(
        curl(cast, "import"),
        {"file": SimpleUploadedFile("set.csv", to_csv(table)), "replace": "on"},
        follow=True,
    )
    assert "0 changed, 0 removed; their order changed" in response.content.decode()
    assert [c.title for c in Competency.objects.filter(content_area="Science")] == [
        "Systems",
        "Inquiry",
    ]


def test_a_bad_file_is_refused_whole_with_every_problem_by_row_and_column(
    cast, client_for, starter
):
    before = snapshot(cast.riverside)
    table = exchange.rows(cast.riverside)
    table[1][0] = "Schoolwide"  # row 2: unknown kind
    table[2][1] = ""  # row 3: content-area without an area
    table[3][5] = ""  # row 4: criteria without an indicator
    response = upload(client_for("lead"), cast, "bad.csv", to_csv(table))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "Row 2, column “Kind”" in html
    assert "Row 3, column “Content area”" in html
    assert "Row 4, column “Indicator”" in html
    assert snapshot(cast.riverside) == before


def test_a_file_with_the_wrong_header_or_type_is_refused(cast, client_for, starter):
    response = upload(client_for("lead"), cast, "x.csv", b"Name,Text\nA,B\n")
    assert "The header must be" in response.content.decode()
    response = upload(client_for("lead"), cast, "x.txt", b"hello")
    assert "Upload a .csv or .xlsx file" in response.content.decode()
    response = upload(client_for("lead"), cast, "x.xlsx", b"not a workbook")
    assert "could not be opened" in response.content.decode()
    assert Competency.objects.count() == 4


def test_import_needs_the_replace_confirmation(cast, client_for, starter):
    export = client_for("lead").get(curl(cast, "export", fmt="csv")).content
    response = upload(client_for("lead"), cast, "set.csv", export, replace=False)
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_the_template_has_the_districts_scale(cast, client_for):
    template = client_for("lead").get(curl(cast, "template", fmt="csv")).content.decode("utf-8-sig")
    assert template.strip().endswith("Does Not Meet,Partially Meets,Meets,Exceeds")


def test_importing_into_an_empty_district_builds_the_set(cast, client_for, starter):
    export = client_for("lead").get(curl(cast, "export", fmt="csv")).content
    Competency.objects.all().delete()
    assert upload(client_for("lead"), cast, "set.csv", export).status_code == 302
    assert Competency.objects.count() == 4
    assert Criterion.objects.filter(district=cast.riverside).exclude(text="").count() == 20


def test_outline_query_count_is_pinned_and_flat(
    cast, client_for, starter, django_assert_num_queries
):
    client = client_for("coach")
    client.get(curl(cast, "outline"))  # warm the kept header
    # one query more than before the evidence app: the competencies' files and links
    with django_assert_num_queries(8):
        assert client.get(curl(cast, "outline")).status_code == 200
    for i in range(5):
        c = competency_save(
            district=cast.riverside,
            acting_user=cast.lead,
            kind="content_area",
            content_area="History",
            title=f"H{i}",
        )
        for j in range(3):
            ind = indicator_save(competency=c, acting_user=cast.lead, text=f"I{j}")
            Objective.objects.create(district=cast.riverside, indicator=ind, text="o")
    client.get(curl(cast, "outline"))  # warm the kept header
    with django_assert_num_queries(8):
        assert client.get(curl(cast, "outline")).status_code == 200


def test_an_incomplete_criteria_grid_changes_nothing(cast, client_for, starter):
    indicator = Indicator.objects.filter(district=cast.riverside).first()
    before = [c.text for c in indicator.criteria.all()]
    response = client_for("lead").post(
        curl(cast, "criteria", indicator=indicator.code), {"level_1": "only one"}
    )
    assert response.status_code == 400
    assert "came in incomplete" in response.content.decode()
    assert [c.text for c in indicator.criteria.all()] == before
