"""Calendars: a meeting as an .ics file, and each person's private, revocable feed of their
meetings, the due dates of the rounds they rate and of their open action steps."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from districts.models import Membership
from planning.services import action_plan_save
from tests.meeting_helpers import cohort_meeting
from tests.plan_helpers import add_step
from tests.rubric_helpers import open_round


@pytest.fixture
def meeting(cast):
    return cohort_meeting(
        cast,
        "Meeting 3",
        date(2027, 2, 7),
        second_date=date(2027, 2, 8),
        location="Portland, Maine",
        outcomes="Draft a long-term plan",
    )


def events(content: bytes) -> dict[str, object]:
    return {str(e["uid"]): e for e in Calendar.from_ical(content).walk("VEVENT")}


def test_a_meeting_is_an_ics_file_for_its_readers(cast, client_for, meeting):
    url = reverse("meetings:meeting_ics", kwargs={"meeting": meeting.code})
    response = client_for("member").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    (event,) = events(response.content).values()
    assert event["summary"] == f"{cast.cohort.name}: Meeting 3"
    assert event.decoded("dtstart") == date(2027, 2, 7)
    assert event.decoded("dtend") == date(2027, 2, 9)  # the day after the second day
    assert event["location"] == "Portland, Maine"
    assert "Draft a long-term plan" in event["description"]
    assert str(event["url"]).endswith(f"/meetings/{meeting.code}/")
    assert client_for("outsider").get(url).status_code == 404


def make_feed(client) -> str:
    page = client.post(reverse("calendars:feed_settings"), {"action": "make"}).content.decode()
    return re.search(r'value="(http://testserver/calendar/[^"]+\.ics)"', page).group(1)


def test_the_feed_holds_the_persons_meetings_rounds_and_steps(cast, client_for, meeting, framework):
    open_round(cast.riverside, cast.lead, framework, "Spring 2027", due_date=date(2027, 3, 15))
    plan = action_plan_save(district=cast.riverside, acting_user=cast.lead, goal="Grading")
    mine = add_step(
        plan, cast.lead, "Draft the policy", due_date=date(2027, 1, 10), coordinator=cast.lead
    )
    add_step(plan, cast.lead, "Not mine", due_date=date(2027, 1, 11), coordinator=cast.member)
    address = make_feed(client_for("lead"))
    anonymous = Client()  # a calendar app: no session
    found = events(anonymous.get(address).content)
    assert f"meeting-{meeting.code}@waypoint" in found
    summaries = {str(e["summary"]) for e in found.values()}
    assert "Self-assessment due: Spring 2027 (Riverside School District)" in summaries
    assert f"step-{mine.code}@waypoint" in found
    assert not any("Not mine" in s for s in summaries)
    assert found[f"step-{mine.code}@waypoint"].decoded("dtstart") == date(2027, 1, 10)

    # The feed follows what the person may see now.
    Membership.objects.filter(user=cast.lead, district=cast.riverside).delete()
    summaries = {str(e["summary"]) for e in events(anonymous.get(address).content).values()}
    assert not any("Spring 2027" in s for s in summaries)
    assert not any("Meeting 3" in s for s in summaries)


def test_the_feed_address_is_revocable(cast, client_for, meeting):
    lead = client_for("lead")
    first = make_feed(lead)
    assert Client().get(first).status_code == 200
    page = lead.get(reverse("calendars:feed_settings")).content.decode()
    assert re.search(r"last read by a calendar at \d+:\d\d [ap]\.m\. on \w+ \d+, \d{4}\.", page)
    second = make_feed(lead)  # a new address: the old one stops
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    lead.post(reverse("calendars:feed_settings"), {"action": "stop"})
    assert Client().get(second).status_code == 404
    assert Client().get("/calendar/wpc_guess.ics").status_code == 404
    assert Client().get("/calendar/not-a-feed.ics").status_code == 404
    third = make_feed(lead)
    cast.lead.is_active = False
    cast.lead.save()
    assert Client().get(third).status_code == 404
    page = client_for("member").get(reverse("calendars:feed_settings")).content.decode()
    assert "You have no calendar feed." in page  # each person's own
