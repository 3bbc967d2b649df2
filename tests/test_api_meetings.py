"""The meetings API: meetings, problems of practice, notes, districts' records, evaluation
figures and PDF jobs, under the meeting pages' rules."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from tests.factories import MembershipFactory
from tests.meeting_helpers import (
    answer_evaluation,
    cohort_meeting,
    district_record,
    facilitators_note,
    open_evaluation,
    submit_problem,
)


def as_(person):
    _, token = ApiToken.issue(user=person, name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def url(path: str) -> str:
    return "/api/v1/" + path


@pytest.fixture
def meeting(cast):
    meeting = cohort_meeting(cast, "Meeting 3", date(2027, 2, 7))
    submit_problem(meeting, cast.riverside, cast.member, "Riverside private")
    facilitators_note(meeting, cast.facilitator, "Facilitators only")
    facilitators_note(meeting, cast.facilitator, "For everyone", kind="decision", shared=True)
    district_record(meeting, cast.riverside, cast.lead, "Riverside commits")
    return meeting


def test_meetings_are_read_as_on_their_pages(cast, meeting):
    listed = as_(cast.member).get(url("meetings/")).json()["results"]
    assert [m["code"] for m in listed] == [str(meeting.code)]
    detail = as_(cast.member).get(url(f"meetings/{meeting.code}/")).json()
    assert detail["title"] == "Meeting 3" and detail["cohort"] == cast.cohort.code
    assert as_(cast.outsider).get(url("meetings/")).json()["results"] == []
    assert as_(cast.outsider).get(url(f"meetings/{meeting.code}/")).status_code == 404


def test_each_list_holds_what_the_person_reads(cast, meeting):
    hillcrest_lead = MembershipFactory(district=cast.hillcrest, role="lead").user
    base = f"meetings/{meeting.code}/"

    def texts(person, path):
        return [r["text"] for r in as_(person).get(url(base + path)).json()["results"]]

    assert texts(cast.member, "problems/") == ["Riverside private"]
    assert texts(hillcrest_lead, "problems/") == []
    assert texts(cast.facilitator, "problems/") == ["Riverside private"]
    assert texts(cast.member, "notes/") == ["For everyone"]
    assert texts(cast.facilitator, "notes/") == ["Facilitators only", "For everyone"]
    assert texts(cast.coach, "commitments/") == ["Riverside commits"]
    assert texts(hillcrest_lead, "commitments/") == []


def test_writing_follows_the_pages_rules(cast, meeting):
    base = f"meetings/{meeting.code}/"

    def post(person, path, data):
        return as_(person).post(url(base + path), data, content_type="application/json")

    created = post(
        cast.lead,
        "problems/",
        {
            "district": cast.riverside.code,
            "kind": "concern",
            "text": "Families ask",
            "topics": ["engagement"],
        },
    )
    assert created.status_code == 201, created.json()
    assert created.json()["text"] == "Families ask"
    assert (
        post(
            cast.viewer, "problems/", {"district": cast.riverside.code, "kind": "how", "text": "x"}
        ).status_code
        == 403
    )
    wrong = post(
        cast.lead, "problems/", {"district": cast.hillcrest.code, "kind": "how", "text": "x"}
    )
    assert wrong.status_code == 400 and "district" in wrong.json()
    assert post(cast.lead, "notes/", {"kind": "note", "text": "x"}).status_code == 403
    assert post(cast.facilitator, "notes/", {"kind": "note", "text": "Noted"}).status_code == 201
    blank = post(cast.facilitator, "notes/", {"kind": "note", "text": "   "})
    assert blank.status_code == 400
    record = post(
        cast.facilitator,
        "commitments/",
        {"district": cast.hillcrest.code, "kind": "decision", "text": "Hillcrest decides"},
    )
    assert record.status_code == 201
    assert (
        post(
            cast.lead,
            "commitments/",
            {"district": cast.hillcrest.code, "kind": "note", "text": "x"},
        ).status_code
        == 400
    )


def test_evaluation_figures_and_never_an_answer_by_itself(cast, meeting):
    meeting.first_date = timezone.localdate()  # the meeting has started: its evaluation opens
    first, _second, written = open_evaluation(meeting)
    answer_evaluation(meeting, cast.lead, {first: 4, written: "zeta"})
    answer_evaluation(meeting, cast.member, {first: 2, written: "alpha"})
    figures = as_(cast.facilitator).get(url(f"meetings/{meeting.code}/evaluation/")).json()
    assert figures["answers"] == 2
    assert figures["questions"] == []  # two answers are two people's own: only the count
    answer_evaluation(meeting, cast.viewer, {first: 3, written: "mu"})
    figures = as_(cast.facilitator).get(url(f"meetings/{meeting.code}/evaluation/")).json()
    assert figures["answers"] == 3
    assert figures["questions"][0]["average"] == 3.0
    assert figures["questions"][0]["counts"] == {
        "Not at all": 0,
        "A little": 1,
        "Mostly": 1,
        "Fully": 1,
    }
    assert figures["questions"][2]["texts"] == ["alpha", "mu", "zeta"]  # sorted, not as answered
    assert as_(cast.lead).get(url(f"meetings/{meeting.code}/evaluation/")).status_code == 403


def test_a_packet_is_asked_for_followed_and_downloaded(
    cast, meeting, django_capture_on_commit_callbacks
):
    member = as_(cast.member)
    with django_capture_on_commit_callbacks(execute=True):
        asked = member.post(
            url(f"meetings/{meeting.code}/packets/"),
            {"edition": "participants"},
            content_type="application/json",
        )
    assert asked.status_code == 202
    job = asked.json()
    status = member.get(url(f"jobs/{job['code']}/")).json()
    assert (status["kind"], status["status"]) == ("participants", "done")
    pdf = member.get(status["download"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    refused = member.post(
        url(f"meetings/{meeting.code}/packets/"),
        {"edition": "facilitators"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert as_(cast.lead).get(url(f"jobs/{job['code']}/")).status_code == 404  # theirs alone
    assert [j["code"] for j in member.get(url("jobs/")).json()["results"]] == [job["code"]]
