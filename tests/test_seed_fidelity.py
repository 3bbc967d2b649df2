"""The seeds in the checks and the models: scoring criteria that leave out an element of
their performance indicator are flagged; Webb's Depth of Knowledge may stand in for Bloom's
taxonomy; an indicator records its assessment pathway and whether it is required for
graduation."""

from django.urls import reverse

from competencies.checks import criterion_findings, indicator_elements
from competencies.models import Indicator, ScoringScale

LABELS = ["Does Not Meet", "Partially Meets", "Meets", "Exceeds"]
INDICATOR = "Analyze the structure of a text and evaluate the author’s use of evidence."


def test_the_elements_of_an_indicator_are_its_clauses_content_words():
    elements = indicator_elements(INDICATOR)
    assert [clause for clause, _ in elements] == [
        "Analyze the structure of a text",
        "evaluate the author’s use of evidence",
    ]


def test_criteria_that_leave_out_an_element_are_flagged():
    texts = [
        "I can name the parts of a text.",
        "I can describe the structure of a text.",
        "I can analyze the structure of a text.",
        "I can analyze how the structure of several texts compares.",
    ]
    [finding] = [f for f in criterion_findings(texts, LABELS, INDICATOR) if f.check == "elements"]
    assert "evaluate the author’s use of evidence" in finding.detail
    assert finding.message == "Scoring criteria include all elements of the Performance Indicator."
    complete = [*texts[:3], "I can evaluate how an author uses evidence in a text’s structure."]
    assert not [f for f in criterion_findings(complete, LABELS, INDICATOR) if f.check == "elements"]


def test_webbs_depth_of_knowledge_can_stand_in_for_blooms_taxonomy():
    # "compare" is Bloom's 4 (Analyze) but Webb's 2 (Skills and Concepts), as "use" is for
    # Webb: by Bloom the demand falls at the second level, by Webb it does not.
    texts = ["I can compare.", "I can use.", "I can evaluate.", "I can design."]
    bloom = [f for f in criterion_findings(texts, LABELS, taxonomy="bloom") if f.check == "demand"]
    assert len(bloom) == 1 and "Bloom’s Revised Taxonomy" in bloom[0].message
    assert "(Apply) asks less than" in bloom[0].fix
    webb = [f for f in criterion_findings(texts, LABELS, taxonomy="webb") if f.check == "demand"]
    assert webb == []
    falling = ["I can recognize.", "I can calculate.", "I can recognize.", "I can design."]
    [finding] = [
        f for f in criterion_findings(falling, LABELS, taxonomy="webb") if f.check == "demand"
    ]
    assert (
        "Webb’s Depth of Knowledge" in finding.message
        and "(Recall and Reproduction)" in finding.fix
    )


def test_a_district_chooses_its_taxonomy_on_the_scale_page(cast, client_for):
    url = reverse("competencies:scale", kwargs={"district": cast.riverside.code})
    response = client_for("member").post(url, {"preset": "meets", "taxonomy": "webb"})
    assert response.status_code == 302
    assert ScoringScale.objects.get(district=cast.riverside).taxonomy == "webb"


def test_an_indicator_records_its_pathway_and_whether_graduation_requires_it(cast, client_for):
    from tests.routes import matrix_competencies

    code = matrix_competencies(cast)["indicator"]
    url = reverse(
        "competencies:indicator_edit", kwargs={"district": cast.riverside.code, "indicator": code}
    )
    response = client_for("member").post(
        url,
        {
            "text": "Develop appropriate research questions.",
            "pathway": "2",
            "required_for_graduation": "on",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code=code)
    assert (indicator.pathway, indicator.required_for_graduation) == (2, True)
    page = client_for("coach").get(
        reverse(
            "competencies:indicator", kwargs={"district": cast.riverside.code, "indicator": code}
        )
    )
    assert (
        "Assessed by Pathway 2" in page.content.decode()
        and "Required for graduation" in page.content.decode()
    )
    bad = client_for("member").post(url, {"text": "x", "pathway": "7"})
    assert bad.status_code == 400


def test_the_api_carries_the_pathway_and_the_requirement(cast):
    from django.test import Client

    from api.models import ApiToken
    from tests.routes import matrix_competencies

    code = matrix_competencies(cast)["indicator"]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user=cast.member, name='t')[1]}")
    path = f"/api/v1/districts/{cast.riverside.code}/indicators/{code}/"
    response = client.patch(
        path, {"pathway": 5, "required_for_graduation": True}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["pathway"] == 5 and response.json()["required_for_graduation"] is True
    wrong = client.patch(path, {"pathway": 6}, content_type="application/json")
    assert wrong.status_code == 400


def test_the_mastery_collaborative_sub_items_are_rated_on_their_own(db):
    from rubrics.models import Dimension
    from tests.rubric_helpers import load_rubric

    framework = load_rubric("mastery-collaborative-implementation")
    grading = Dimension.objects.filter(
        domain__framework=framework, name__startswith="Key elements of a mastery-based grading"
    ).order_by("position")
    assert [d.key for d in grading] == ["2.2.1", "2.2.2", "2.2.3"]
    assert grading[1].name.endswith(
        "Students have multiple, varied opportunities to build and demonstrate mastery."
    )
    outcomes = Dimension.objects.filter(
        domain__framework=framework, name__startswith="Outcomes are the basis"
    )
    assert outcomes.count() == 4
    # the other dimensions keep their keys, so that rounds line up across versions
    assert (
        Dimension.objects.get(
            domain__framework=framework, name__startswith="Practices and policies support flexible"
        ).key
        == "2.3"
    )
