"""A new district's home: its lead sees five first steps, each ticked by the act itself, and
reports and board snapshots only once there is something to show."""

import re

import pytest
from django.urls import reverse

from planning.services import plan_sharing_set
from tests.measure_helpers import make_measure, plan_for
from tests.rubric_helpers import open_round

STEPS = (
    "Invite your team",
    "Open your first self-assessment",
    "Start the long-term plan",
    "Choose what to share",
    "Set up measures of success",
)


def home(client, district) -> str:
    return client.get(district.get_absolute_url()).content.decode()


def ticked(page: str) -> dict[str, bool]:
    """Each first step on the page: whether it is ticked."""
    found = re.findall(
        r'<li class="(done|to-do)">.*?<a href="[^"]*">([^<]+)</a>', page, flags=re.DOTALL
    )
    return {text: state == "done" for state, text in found}


def test_a_new_districts_lead_sees_the_first_steps_instead_of_nothing(cast, client_for):
    page = home(client_for("outsider"), cast.outer)  # Otto leads Outer alone
    assert "Getting started" in page
    assert "Nothing is waiting for you here" not in page
    assert ticked(page) == dict.fromkeys(STEPS, False)
    # a word on which framework fits whom
    assert "District Self-Assessment Rubric</strong>: for the district’s team" in page
    assert "Mastery Collaborative Implementation Framework</strong>: for a school’s" in page


def test_each_step_is_ticked_by_the_act_and_the_list_goes_when_all_are_done(
    cast, client_for, framework
):
    lead, district = cast.outsider, cast.outer
    client = client_for("outsider")
    client.post(
        reverse("districts:member_invite", kwargs={"district": district.code}),
        {"email": "new.member@example.org", "role": "member"},
    )
    assert ticked(home(client, district))["Invite your team"]
    open_round(district, lead, framework, "Fall")
    assert ticked(home(client, district))["Open your first self-assessment"]
    plan_for(district, lead)
    assert ticked(home(client, district))["Start the long-term plan"]
    # choosing the default (its coaches) is a choice too
    client.post(
        reverse("planning:sharing", kwargs={"district": district.code}), {"plan_sharing": "coaches"}
    )
    page = home(client, district)
    assert ticked(page)["Choose what to share"]
    assert not ticked(page)["Set up measures of success"]
    make_measure(district, lead)
    page = home(client, district)
    assert "Getting started" not in page
    assert "Rate “Fall”" in page  # what to do next, as in any district


def test_someone_who_joined_ticks_the_invitation_step(cast, client_for):
    """Riverside has a member and a viewer besides its lead: its team is there."""
    page = home(client_for("lead"), cast.riverside)
    assert ticked(page)["Invite your team"]
    assert not ticked(page)["Open your first self-assessment"]


def test_sharing_is_chosen_once_and_keeps_its_first_date(cast):
    plan_sharing_set(district=cast.outer, sharing="cohort", acting_user=cast.outsider)
    first = cast.outer.sharing_chosen_at
    plan_sharing_set(district=cast.outer, sharing="coaches", acting_user=cast.outsider)
    assert first is not None and cast.outer.sharing_chosen_at == first


@pytest.mark.parametrize("role", ["member", "viewer", "coach", "staff"])
def test_only_leads_see_the_first_steps(cast, client_for, role):
    assert "Getting started" not in home(client_for(role), cast.riverside)


@pytest.mark.parametrize("role", ["lead", "coach"])
def test_no_board_report_or_snapshot_is_offered_with_nothing_to_show(cast, client_for, role):
    page = home(client_for(role), cast.riverside)
    assert "Make the report (PDF)" not in page
    assert "Board snapshots" not in page
    assert "Nothing to report yet" in page


def test_the_board_report_and_snapshots_are_offered_once_the_plan_is_started(cast, client_for):
    plan_for(cast.riverside, cast.lead)
    page = home(client_for("lead"), cast.riverside)
    assert "Make the report (PDF)" in page
    assert "Board snapshots" in page
    assert "Nothing to report yet" not in page


def test_the_board_report_is_offered_with_a_submitted_round(cast, client_for, submitted_round):
    assert "Make the report (PDF)" in home(client_for("coach"), cast.riverside)
