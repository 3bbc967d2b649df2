"""The coach's calibration rating: who rates, who reads (never the cohort), what reaches the
agenda of the next coaching conversation, the coach dashboard's agreement figures, the API."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from rubrics.models import CoachCalibration, Level
from tests.rubric_helpers import dimensions_of, submitted_round, url


def answers(framework, levels: dict[int, int], differs: set[int] = frozenset()) -> dict:
    """The calibration form: every dimension at the first level, except those `levels`
    names (index → level position)."""
    data = {}
    for i, dimension in enumerate(dimensions_of(framework)):
        data[f"d{dimension.code}-level"] = str(levels.get(i, 1))
        data[f"d{dimension.code}-rationale"] = f"Seen in walkthroughs ({i})"
        if i in differs:
            data[f"d{dimension.code}-differs"] = "on"
    return data


def checked_levels(html: str) -> dict[str, str]:
    """The level chosen in each dimension of the form, as it would post them."""
    return dict(re.findall(r'name="(d[0-9a-f-]+-level)" value="(\d)" id="[^"]+" checked', html))


@pytest.fixture
def shared_round(cast, framework):
    """Riverside's spring round, every dimension Initiating, shared with the cohort (the
    widest audience: its facilitators still never read a calibration)."""
    return submitted_round(
        cast.riverside, cast.lead, framework, title="Spring 2026", sharing="cohort"
    )


def test_the_coach_rates_publishes_and_the_team_reads_the_agenda(
    cast, client_for, framework, shared_round
):
    page = url(shared_round, "calibration")
    coach = client_for("coach")
    assert "Your calibration rating" in coach.get(url(shared_round)).content.decode()
    data = answers(framework, {0: 3, 1: 2, 2: 2}, differs={1})
    assert coach.post(page, {**data, "action": "save"}).status_code == 302
    # a draft is the coach's alone
    lead = client_for("lead")
    assert "Seen in walkthroughs" not in lead.get(page).content.decode()
    assert "No coach has published" in lead.get(page).content.decode()
    # publishing needs every level
    missing = {**data, f"d{dimensions_of(framework)[5].code}-level": "", "action": "publish"}
    refused = coach.post(page, missing)
    assert refused.status_code == 400 and "every dimension" in refused.content.decode()
    assert CoachCalibration.objects.get().published_at is None
    assert coach.post(page, {**data, "action": "publish"}).status_code == 302
    text = lead.get(page).content.decode()
    assert "Agree on 12 of 15" in text
    first, second, third = dimensions_of(framework)[:3]
    agenda = text.split("For the next coaching conversation")[1].split("<table")[0]
    assert first.name[:40] in agenda and "two levels apart" in agenda
    assert second.name[:40] in agenda and "points the other way" in agenda
    assert third.name[:40] not in agenda  # one apart, same evidence
    for role in ("member", "viewer", "staff"):
        assert "Agree on 12 of 15" in client_for(role).get(page).content.decode(), role
    # never the cohort
    assert client_for("facilitator").get(page).status_code == 404
    assert client_for("outsider").get(page).status_code == 404
    # the team may not rate
    assert lead.post(page, {**data, "action": "save"}).status_code == 403
    # withdrawn, the district no longer reads it
    coach.post(page, {"action": "withdraw"})
    assert "Agree on" not in lead.get(page).content.decode()


def test_the_form_shows_descriptors_and_the_teams_level_and_starts_from_it_on_request(
    cast, client_for, framework
):
    """Issue 32: the coach saw no descriptors and no team level, and clicked every dimension;
    "Start from the team's levels" fills the team's level where the coach has none (keeping
    what the coach typed and chose), saves nothing, and then one click changes a dimension."""
    round_ = submitted_round(
        cast.riverside, cast.lead, framework, title="Spring 2026", positions={1: 2}
    )
    first, second, third = dimensions_of(framework)[:3]
    page = url(round_, "calibration")
    coach = client_for("coach")
    html = coach.get(page).content.decode()
    block = html.split(f'id="dimension-{second.code}"')[1].split("</fieldset>")[0]
    assert "The team’s level: <span" in block and "Developing" in block
    descriptor = second.descriptors.get(level__position=3).text
    assert descriptor[:40] in html.replace("&#x27;", "'")
    assert not checked_levels(block)  # the coach's own rating starts empty

    own = {
        f"d{first.code}-level": "3",
        f"d{first.code}-rationale": "Typed before asking",
        "action": "team",
    }
    filled = coach.post(page, own)
    assert filled.status_code == 200 and not CoachCalibration.objects.exists()
    html = filled.content.decode()
    assert "The team’s levels are filled in" in html
    chosen = checked_levels(html)
    assert chosen[f"d{first.code}-level"] == "3"  # the coach's own choice, kept
    assert chosen[f"d{second.code}-level"] == "2"  # the team's
    assert chosen[f"d{third.code}-level"] == "1"
    assert "Typed before asking" in html

    # the form posts what it shows; the coach changes one dimension, one click, and saves
    data = {**chosen, f"d{first.code}-rationale": "Typed before asking"}
    assert len(chosen) == len(dimensions_of(framework))
    data[f"d{third.code}-level"] = "2"
    assert coach.post(page, {**data, "action": "publish"}).status_code == 302
    levels = dict(
        CoachCalibration.objects.get().ratings.values_list("dimension_id", "level__position")
    )
    assert (levels[first.pk], levels[second.pk], levels[third.pk]) == (3, 2, 2)


def test_only_a_round_shared_with_coaches_is_calibrated(cast, client_for, framework):
    own = submitted_round(cast.riverside, cast.lead, framework, title="Ours", sharing="district")
    coach = client_for("coach")
    assert coach.get(url(own, "calibration")).status_code == 404  # the coach reads no round
    shared = submitted_round(cast.riverside, cast.lead, framework, title="Shared")
    response = coach.post(url(shared, "calibration"), {**answers(framework, {}), "action": "save"})
    assert response.status_code == 302
    # the lead shares it back to the district alone: the coach can no longer read or change it
    from rubrics.services import round_share

    round_share(round_=shared, sharing="district", acting_user=cast.lead)
    assert coach.get(url(shared, "calibration")).status_code == 404


def test_a_coach_not_assigned_to_the_district_cannot_calibrate(cast, framework, shared_round):
    from tests.factories import UserFactory

    stranger = UserFactory()
    from districts.models import CoachAssignment

    CoachAssignment.objects.create(district=cast.hillcrest, coach=stranger)
    client = Client()
    client.force_login(stranger)
    page = url(shared_round, "calibration")
    assert client.post(page, {**answers(framework, {}), "action": "save"}).status_code == 404
    assert not CoachCalibration.objects.exists()


def test_a_level_of_another_framework_is_refused(cast, client_for, framework, shared_round):
    data = answers(framework, {0: 9})
    response = client_for("coach").post(
        url(shared_round, "calibration"), {**data, "action": "save"}
    )
    assert response.status_code == 400
    assert "Choose one of the levels shown." in response.content.decode()
    assert not CoachCalibration.objects.exists()  # nothing of it saved


def test_the_coach_dashboard_shows_agreement_per_district(
    cast, client_for, framework, shared_round
):
    client_for("coach").post(
        url(shared_round, "calibration"),
        {**answers(framework, {0: 3}), "action": "publish"},
    )
    page = client_for("coach").get(reverse("dashboards:coach")).content.decode()
    assert "14 of 15 agree" in page and "1 on the agenda" in page


def test_the_api_serves_calibrations_by_the_same_rules(cast, client_for, framework, shared_round):
    client_for("coach").post(
        url(shared_round, "calibration"), {**answers(framework, {0: 3}), "action": "save"}
    )
    path = f"/api/v1/districts/{cast.riverside.code}/rounds/{shared_round.code}/calibration/"

    def api(person):
        return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user=person, name='t')[1]}")

    mine = api(cast.coach).get(path)
    assert mine.status_code == 200
    [row] = mine.json()
    assert row["published_at"] is None and len(row["ratings"]) == 15
    assert api(cast.lead).get(path).json() == []  # a draft
    client_for("coach").post(
        url(shared_round, "calibration"), {**answers(framework, {0: 3}), "action": "publish"}
    )
    [published] = api(cast.lead).get(path).json()
    assert published["agenda"] == [str(dimensions_of(framework)[0].code)]
    assert (
        published["ratings"][0]["level"] == Level.objects.get(framework=framework, position=3).name
    )
    assert api(cast.facilitator).get(path).status_code == 403  # refused, as for coach-level work
    assert api(cast.outsider).get(path).status_code == 404


def test_the_coachs_ratings_export_carries_their_own_calibration_only(
    cast, client_for, framework, shared_round
):
    import csv
    import io

    client_for("coach").post(
        url(shared_round, "calibration"), {**answers(framework, {0: 3}), "action": "save"}
    )
    export = reverse("dashboards:coach_export", kwargs={"kind": "ratings", "fmt": "csv"})
    rows = list(
        csv.reader(io.StringIO(client_for("coach").get(export).getvalue().decode("utf-8-sig")))
    )
    mine = rows[0].index("Your calibration")
    first = next(r for r in rows[1:] if r[5] == dimensions_of(framework)[0].name)
    assert first[mine] == Level.objects.get(framework=framework, position=3).name
    assert first[mine + 1] == "Seen in walkthroughs (0)"
    # staff export the same table: no one's calibration but their own (none)
    staff = list(
        csv.reader(io.StringIO(client_for("staff").get(export).getvalue().decode("utf-8-sig")))
    )
    column = staff[0].index("Your calibration")
    assert not any(row[column] for row in staff[1:])
