"""A meeting's record: the facilitators' notes and decisions, each district's notes,
decisions and commitments, and a commitment that becomes an action step, linked both ways."""

from datetime import date

import pytest
from django.urls import reverse

from meetings.models import Commitment, Meeting, MeetingNote
from planning.models import ActionStep
from planning.services import action_plan_save
from tests.factories import MembershipFactory
from tests.meeting_helpers import district_record, facilitators_note


@pytest.fixture
def meeting(cast):
    return Meeting.objects.create(
        cohort=cast.cohort, title="Meeting 2", first_date=date(2026, 12, 15)
    )


def page_of(client, meeting) -> str:
    response = client.get(reverse("meetings:meeting", kwargs={"meeting": meeting.code}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_facilitators_notes_are_theirs_unless_shared(cast, client_for, meeting):
    facilitator = client_for("facilitator")
    url = reverse("meetings:note_new", kwargs={"meeting": meeting.code})
    assert (
        facilitator.post(url, {"kind": "note", "text": "Riverside quiet today"}).status_code == 302
    )
    response = facilitator.post(
        url, {"kind": "decision", "text": "Next meeting in Bangor", "share_with_cohort": "on"}
    )
    assert response.status_code == 302
    assert MeetingNote.objects.count() == 2
    theirs = page_of(facilitator, meeting)
    assert "Riverside quiet today" in theirs and "for the facilitators only" in theirs
    member = page_of(client_for("member"), meeting)
    assert "Next meeting in Bangor" in member
    assert "Riverside quiet today" not in member
    assert facilitator.post(url, {"kind": "note", "text": "  "}).status_code == 400  # no blank
    assert client_for("lead").post(url, {"kind": "note", "text": "x"}).status_code == 403


def test_a_districts_commitments_are_read_by_its_team_coaches_and_facilitators_only(
    cast, client_for, meeting
):
    response = client_for("lead").post(
        reverse("meetings:commitment_new", kwargs={"meeting": meeting.code}),
        {
            "district": cast.riverside.code,
            "kind": "commitment",
            "text": "Draft scoring criteria for two courses",
            "owner": cast.member.code,
            "due_date": "2027-01-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    commitment = Commitment.objects.get()
    assert (commitment.district, commitment.owner, commitment.due_date) == (
        cast.riverside,
        cast.member,
        date(2027, 1, 31),
    )
    for role in ("lead", "member", "viewer", "coach", "facilitator", "staff"):
        assert "Draft scoring criteria for two courses" in page_of(client_for(role), meeting), role
    hillcrest_lead = MembershipFactory(district=cast.hillcrest, role="lead").user
    other = client_for("lead")
    other.force_login(hillcrest_lead)
    assert "Draft scoring criteria for two courses" not in page_of(other, meeting)
    # Hillcrest's lead cannot write Riverside's record, nor take Riverside's owner.
    refused = other.post(
        reverse("meetings:commitment_new", kwargs={"meeting": meeting.code}),
        {"district": cast.riverside.code, "kind": "note", "text": "Not ours"},
    )
    assert refused.status_code == 400
    with pytest.raises(Exception, match="district's people"):
        district_record(meeting, cast.hillcrest, hillcrest_lead, "x", owner=cast.member)
    assert Commitment.objects.count() == 1


def test_a_commitment_becomes_an_action_step_linked_both_ways(cast, client_for, meeting):
    commitment = district_record(
        meeting,
        cast.riverside,
        cast.lead,
        "Pilot the grading policy in the high school",
        owner=cast.member,
        due_date=date(2027, 3, 1),
    )
    lead = client_for("lead")
    url = reverse(
        "planning:commitment_step",
        kwargs={"district": cast.riverside.code, "commitment": commitment.code},
    )
    empty = lead.get(url).content.decode()
    assert "has no action plan yet" in empty  # first an action plan
    plan = action_plan_save(district=cast.riverside, acting_user=cast.lead, goal="Grading")
    form = lead.get(url).content.decode()
    assert "Pilot the grading policy in the high school</textarea>" in form
    assert 'value="2027-03-01"' in form
    response = lead.post(
        url,
        {
            "plan": plan.code,
            "description": "Pilot the grading policy in the high school",
            "due_date": "2027-03-01",
            "coordinator": cast.member.code,
            "status": "not_started",
        },
    )
    assert response.status_code == 302
    step = ActionStep.objects.get()
    assert (step.plan, step.commitment, step.coordinator, step.due_date) == (
        plan,
        commitment,
        cast.member,
        date(2027, 3, 1),
    )
    meeting_page = page_of(lead, meeting)
    assert f"#step-{step.code}" in meeting_page and "Action step of" in meeting_page
    plan_page = lead.get(
        reverse("planning:action_plan", kwargs={"district": cast.riverside.code, "plan": plan.code})
    ).content.decode()
    assert "From a commitment at" in plan_page and "Meeting 2" in plan_page
    again = lead.post(url, {"plan": plan.code, "description": "twice", "status": "not_started"})
    assert again.status_code == 302 and ActionStep.objects.count() == 1  # once only
    # A note is not a step.
    note = district_record(meeting, cast.riverside, cast.lead, "n", kind="note")
    url = reverse(
        "planning:commitment_step",
        kwargs={"district": cast.riverside.code, "commitment": note.code},
    )
    assert (
        lead.post(url, {"plan": plan.code, "description": "n", "status": "not_started"}).status_code
        == 400
    )


def test_the_participants_packet_has_the_shared_notes_only_and_no_districts_record(
    cast, client_for, meeting, django_capture_on_commit_callbacks
):
    from reports.models import ReportJob
    from tests.report_helpers import pdf_text

    facilitators_note(meeting, cast.facilitator, "Private note")
    facilitators_note(meeting, cast.facilitator, "Shared decision", kind="decision", shared=True)
    district_record(meeting, cast.riverside, cast.lead, "Riverside commits to a board session")
    texts = {}
    for kind, role, name in [
        ("participants", "member", "participants_packet_request"),
        ("packet", "facilitator", "packet_request"),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(role).post(
                reverse(f"reports:{name}", kwargs={"meeting": meeting.code})
            )
        job = ReportJob.objects.get(code=response.url.split("/")[-2])
        texts[kind] = pdf_text(job)
    assert "Shared decision" in texts["participants"]
    assert "Private note" not in texts["participants"]
    assert "Riverside commits to a board session" not in texts["participants"]
    assert "Private note" in texts["packet"] and "Shared decision" in texts["packet"]
    assert "Riverside commits to a board session" in texts["packet"]


def test_the_owner_list_is_the_chosen_districts_people(cast, client_for, meeting):
    """A facilitator records for either district of the cohort: each district's people are
    listed under its name, and a commitment of one district is given to one of its own."""
    import re

    from meetings.forms import CommitmentForm

    hillcrest_lead = MembershipFactory(district=cast.hillcrest, role="lead").user
    form = CommitmentForm(districts=cast.cohort.districts.order_by("name"))
    groups = dict(form.fields["owner"].choices[1:])
    assert {name for _, name in groups["Riverside School District"]} == {
        "Lena Lead",
        "Milo Member",
        "Vera Viewer",
    }
    assert [name for _, name in groups["Hillcrest Regional School Unit"]] == [
        hillcrest_lead.full_name
    ]
    page = page_of(client_for("facilitator"), meeting)
    riverside_group = re.search(
        r'<optgroup label="Riverside School District">(.*?)</optgroup>', page, re.S
    )
    assert riverside_group and hillcrest_lead.full_name not in riverside_group[1]
    # another district's person is refused as the owner, with a word on the form
    response = client_for("facilitator").post(
        reverse("meetings:commitment_new", kwargs={"meeting": meeting.code}),
        {
            "district": cast.riverside.code,
            "kind": "commitment",
            "text": "Draft criteria",
            "owner": hillcrest_lead.code,
        },
    )
    assert response.status_code == 400
    assert "Choose one of Riverside School District’s people." in response.content.decode()
    assert not Commitment.objects.exists()


def test_a_member_records_for_their_district_with_its_people_only(cast, client_for, meeting):
    from meetings.forms import CommitmentForm

    MembershipFactory(district=cast.hillcrest, role="lead")
    form = CommitmentForm(districts=cast.cohort.districts.filter(pk=cast.riverside.pk))
    assert {name for _, name in form.fields["owner"].choices[1:]} == {
        "Lena Lead",
        "Milo Member",
        "Vera Viewer",
    }


def test_each_part_of_the_meeting_page_is_deleted_after_asking_and_back_to_its_section(
    cast, client_for, meeting
):
    from meetings.models import AgendaItem, ProblemOfPractice
    from tests.meeting_helpers import quick_fire_item, submit_problem

    item = quick_fire_item(meeting, "Connections")
    note = facilitators_note(meeting, cast.facilitator, "Start at nine")
    record = district_record(meeting, cast.riverside, cast.lead, "Pilot the rubric")
    problem = submit_problem(meeting, cast.riverside, cast.member, "Scoring differs.")
    question = meeting.questions.first()
    cases = [
        ("facilitator", "agenda_delete", {"item": item.code}, "the agenda item “Connections”",
         "#agenda", AgendaItem.objects.filter(pk=item.pk)),
        ("facilitator", "note_delete", {"note": note.code}, "the note “Start at nine”",
         "#record", MeetingNote.objects.filter(pk=note.pk)),
        ("lead", "commitment_delete", {"commitment": record.code},
         "Riverside School District’s commitment “Pilot the rubric”", "#record",
         Commitment.objects.filter(pk=record.pk)),
        ("member", "problem_delete", {"problem": problem.code}, "your problem of practice",
         "#problems", ProblemOfPractice.objects.filter(pk=problem.pk)),
        ("facilitator", "question_delete", {"question": question.code},
         f"the question “{question}”", "#evaluation", meeting.questions.filter(pk=question.pk)),
    ]  # fmt: skip
    for role, name, kwargs, what, anchor, rows in cases:
        url = reverse(f"meetings:{name}", kwargs={"meeting": meeting.code, **kwargs})
        client = client_for(role)
        asked = client.get(url).content.decode()
        assert what in asked, name
        done = client.post(url)
        assert done.url.endswith(f"/meetings/{meeting.code}/{anchor}"), name
        assert not rows.exists(), name
    # what is not theirs to delete is not found (another district's withdrawal, a row gone)
    assert client_for("facilitator").get(url).status_code == 404
