"""Meeting evaluations: the default questions after the seeds' series survey, answered once
and anonymously by the participating districts' people, summarised for the facilitators per
meeting and across the series."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings.models import DEFAULT_QUESTIONS, EvaluationReceipt, EvaluationResponse
from meetings.services import evaluation_answer, evaluation_set_open
from tests.factories import MembershipFactory
from tests.meeting_helpers import answer_evaluation, cohort_meeting, open_evaluation


@pytest.fixture
def meeting(cast):
    return cohort_meeting(cast, "Meeting 4", date(2026, 11, 20))


def murl(name, meeting, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"meeting": meeting.code, **kwargs})


def answer_form(meeting, ratings, text=""):
    questions = list(meeting.questions.all())
    data = {}
    for q, value in zip([q for q in questions if q.kind == "scale"], ratings, strict=False):
        data[f"q-{q.code}"] = str(value)
    data[f"q-{next(q for q in questions if q.kind == 'text').code}"] = text
    return data


def test_a_new_meeting_asks_the_default_questions(meeting):
    assert [(q.kind, q.text) for q in meeting.questions.all()] == DEFAULT_QUESTIONS


def test_participants_answer_once_and_anonymously(cast, client_for, meeting):
    member = client_for("member")
    assert "not opened this evaluation" in member.get(murl("evaluation", meeting)).content.decode()
    assert (
        client_for("facilitator")
        .post(murl("evaluation_toggle", meeting), {"open": "1"})
        .status_code
        == 302
    )
    meeting.refresh_from_db()
    assert meeting.evaluation_open
    page = client_for("member").get(murl("meeting", meeting)).content.decode()
    assert "Answer the evaluation" in page
    response = member.post(murl("evaluation", meeting), answer_form(meeting, [4, 3], "More time"))
    assert response.status_code == 302
    again = member.post(murl("evaluation", meeting), answer_form(meeting, [1, 1]))
    assert again.status_code == 400 and "answered this evaluation already" in again.content.decode()
    assert EvaluationResponse.objects.count() == 1 and EvaluationReceipt.objects.count() == 1
    stored = EvaluationResponse.objects.get()
    assert sorted(stored.answers.values(), key=str) == [3, 4, "More time"]
    # Nothing in the answer names or dates its author; its key is random.
    assert {f.name for f in EvaluationResponse._meta.get_fields()} == {"id", "meeting", "answers"}
    assert "You have answered" in member.get(murl("meeting", meeting)).content.decode()


def test_bad_answers_are_refused_and_nothing_is_kept(cast, meeting):
    meeting.evaluation_open = True
    meeting.save()
    scale = meeting.questions.filter(kind="scale").first()
    for answers in ({str(scale.code): 7}, {}, {str(scale.code): None}):
        with pytest.raises(ValidationError):
            evaluation_answer(meeting=meeting, acting_user=cast.lead, answers=answers)
    with pytest.raises(ValidationError, match="participating"):
        evaluation_answer(meeting=meeting, acting_user=cast.coach, answers={str(scale.code): 3})
    assert EvaluationResponse.objects.count() == EvaluationReceipt.objects.count() == 0


def test_the_facilitators_see_the_summary_per_meeting_and_across_the_series(
    cast, client_for, meeting
):
    meeting.evaluation_open = True
    meeting.save()
    hillcrest_lead = MembershipFactory(district=cast.hillcrest, role="lead").user
    for person, ratings, text in [
        (cast.lead, [4, 4], "Keep the protocols"),
        (cast.member, [2, 3], "a shorter lunch"),
        (hillcrest_lead, [3, None], ""),
    ]:
        questions = list(meeting.questions.all())
        answers = {str(q.code): v for q, v in zip(questions[:2], ratings, strict=True)}
        answers[str(questions[2].code)] = text
        evaluation_answer(meeting=meeting, acting_user=person, answers=answers)
    page = client_for("facilitator").get(murl("evaluation_results", meeting)).content.decode()
    assert "3 answers, anonymous" in page
    assert "average 3.0" in page  # (4 + 2 + 3) / 3
    assert "average 3.5" in page  # (4 + 3) / 2
    assert page.index("a shorter lunch") < page.index("Keep the protocols")  # sorted, not in order
    assert client_for("lead").get(murl("evaluation_results", meeting)).status_code == 403
    # Across the series: a second meeting with one answer.
    later = cohort_meeting(cast, "Meeting 5", date(2026, 12, 1))
    first = open_evaluation(later)[0]
    answer_evaluation(later, cast.lead, {first: 1})
    series = (
        client_for("facilitator")
        .get(reverse("meetings:series_evaluation", kwargs={"cohort": cast.cohort.code}))
        .content.decode()
    )
    assert DEFAULT_QUESTIONS[0][1] in series and DEFAULT_QUESTIONS[1][1] in series
    assert "<td>3</td><td>3.0</td><td>3.5</td>" in series.replace("\n", "")
    # one answer is one person's: no average shown for it
    assert "<td>1</td><td>—</td><td>—</td>" in series.replace("\n", "")


def test_questions_change_only_until_answers_come_in(cast, client_for, meeting):
    facilitator = client_for("facilitator")
    response = facilitator.post(
        murl("question_new", meeting), {"text": "Was the venue right?", "kind": "scale"}
    )
    assert response.status_code == 302
    assert meeting.questions.count() == 4
    answer_evaluation(meeting, cast.lead, {open_evaluation(meeting)[0]: 3})
    question = meeting.questions.last()
    facilitator.post(murl("question_delete", meeting, question=question.code))
    assert meeting.questions.count() == 4  # kept: answers came in
    facilitator.post(murl("question_new", meeting), {"text": "Late question", "kind": "text"})
    assert meeting.questions.count() == 4


def test_once_attendance_is_taken_only_the_attending_districts_answer(cast, meeting):
    from meetings.selectors import may_evaluate

    hillcrest_lead = MembershipFactory(district=cast.hillcrest, role="lead").user
    assert may_evaluate(meeting, cast.lead) and may_evaluate(meeting, hillcrest_lead)
    assert not may_evaluate(meeting, cast.coach) and not may_evaluate(meeting, cast.outsider)
    meeting.attending.set([cast.riverside])
    assert may_evaluate(meeting, cast.member)
    assert not may_evaluate(meeting, hillcrest_lead)


def test_an_evaluation_opens_when_its_meeting_starts_not_before(cast, client_for):
    soon = cohort_meeting(cast, "In three weeks", timezone.localdate() + timedelta(days=21))
    facilitator = client_for("facilitator")
    page = facilitator.get(murl("meeting", soon)).content.decode()
    assert "Open the evaluation" not in page
    assert "it opens when the meeting starts" in page
    refused = facilitator.post(murl("evaluation_toggle", soon), {"open": "1"}, follow=True)
    assert "The evaluation opens when the meeting starts" in refused.content.decode()
    soon.refresh_from_db()
    assert not soon.evaluation_open
    with pytest.raises(ValidationError, match="when the meeting starts"):
        evaluation_set_open(meeting=soon, is_open=True, acting_user=cast.facilitator)
    # opened on its first day, then moved later: not answerable until it starts again
    soon.first_date = timezone.localdate()
    soon.save()
    evaluation_set_open(meeting=soon, is_open=True, acting_user=cast.facilitator)
    assert (
        "Answer the evaluation" in client_for("member").get(murl("meeting", soon)).content.decode()
    )
    soon.first_date = timezone.localdate() + timedelta(days=7)
    soon.save()
    scale = soon.questions.filter(kind="scale").first()
    with pytest.raises(ValidationError, match="not open"):
        answer_evaluation(soon, cast.lead, {scale: 3})


def test_anonymous_answers_are_shown_only_from_three(cast, client_for, meeting):
    text = next(q for q in open_evaluation(meeting) if q.kind == "text")
    facilitator = client_for("facilitator")
    for n, person in enumerate([cast.lead, cast.member], start=1):
        answer_evaluation(meeting, person, {text: f"Said {n}"})
        page = facilitator.get(murl("evaluation_results", meeting)).content.decode()
        assert f"{n} answer" in page
        assert "shown from 3 on" in page
        assert "Said 1" not in page
    hillcrest_lead = MembershipFactory(district=cast.hillcrest, role="lead").user
    answer_evaluation(meeting, hillcrest_lead, {text: "Said 3"})
    page = facilitator.get(murl("evaluation_results", meeting)).content.decode()
    assert "Said 1" in page and "shown from 3 on" not in page


def test_a_toggle_that_says_neither_open_nor_closed_changes_nothing_and_says_so(
    client_for, meeting
):
    facilitator = client_for("facilitator")
    for data, message in (
        ({}, "Say whether to open or close the evaluation."),
        ({"open": "yes"}, "The evaluation can be opened or closed only."),
    ):
        response = facilitator.post(murl("evaluation_toggle", meeting), data, follow=True)
        assert message in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.evaluation_open


def test_a_refused_question_comes_back_on_the_page_with_its_text(client_for, meeting):
    response = client_for("facilitator").post(
        murl("question_new", meeting), {"text": "Was the room warm enough?", "kind": "stars"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Was the room warm enough?" in page and "is not one of the available choices" in page
    assert '<details class="panel" open><summary>Add a question' in page
    assert meeting.questions.count() == 3
