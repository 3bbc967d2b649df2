import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from history.models import Change
from planning.models import ActionPlan, ActionStep, EngagementActivity, PlanCell, PolicyReview
from planning.policies import STANDARD_POLICIES
from planning.services import plan_set_horizon
from tests.factories import DistrictFactory
from tests.measure_helpers import add_point, make_measure
from tests.plan_helpers import add_step, milestone


def purl(cast, name, **kwargs):
    return reverse(f"planning:{name}", kwargs={"district": cast.riverside.code, **kwargs})


@pytest.fixture
def plan(cast):
    return plan_set_horizon(
        district=cast.riverside, first_year=2026, years=4, acting_user=cast.lead
    )


def cell_post(client, cast, year, strand, *, version, target="", status="not_started", json=True):
    prefix = f"c{year}-{strand}"
    data = {
        f"{prefix}-target": target,
        f"{prefix}-status": status,
        f"{prefix}-notes": "",
        f"{prefix}-version": version,
    }
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(purl(cast, "cell", year=year, strand=strand), data, **headers)


@pytest.fixture
def action_plan(cast):
    return ActionPlan.objects.create(
        district=cast.riverside, goal="Common scoring criteria", created_by=cast.lead
    )


# ------------------------------------------------------------------ the long-term plan


def test_lead_sets_a_horizon_and_the_grid_has_its_junes(cast, client_for):
    response = client_for("lead").post(purl(cast, "horizon"), {"first_year": 2026, "years": 4})
    assert response.status_code == 302
    page = client_for("lead").get(purl(cast, "grid")).content.decode()
    for year in (2026, 2027, 2028, 2029):
        assert f'<tr id="year-{year}">' in page
    assert 'id="year-2030"' not in page
    assert "Practice, June 2026" in page and "Public Will, June 2029" in page


def test_extending_the_horizon_keeps_every_milestone(cast, plan):
    milestone(plan, cast.lead, 2029, "policy", "Board adopts IKF")
    extended = plan_set_horizon(
        district=cast.riverside, first_year=2026, years=6, acting_user=cast.lead
    )
    assert extended.horizon[-1] == 2031
    assert PlanCell.objects.get(year=2029).target == "Board adopts IKF"


def test_a_horizon_that_would_hide_a_milestone_is_refused(cast, client_for, plan):
    milestone(plan, cast.lead, 2026, "practice", "Competencies drafted")
    response = client_for("lead").post(purl(cast, "horizon"), {"first_year": 2027, "years": 4})
    assert response.status_code == 400
    assert "would hide milestones already written for June 2026" in response.content.decode()
    plan.refresh_from_db()
    assert plan.first_year == 2026


@pytest.mark.parametrize(
    ("first_year", "years", "message"),
    [
        (2026, 0, "Ensure this value is greater than or equal to 1"),
        (2026, 11, "Ensure this value is less than or equal to 10"),
        (1900, 4, "Ensure this value is greater than or equal to 2000"),
        ("soon", 4, "Enter a whole number"),
    ],
)
def test_a_bad_horizon_says_why(cast, client_for, first_year, years, message):
    response = client_for("lead").post(
        purl(cast, "horizon"), {"first_year": first_year, "years": years}
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_cells_save_with_versions_history_and_refuse_stale_saves(cast, client_for, plan):
    lead, member = client_for("lead"), client_for("member")
    first = cell_post(lead, cast, 2027, "public_will", version=0, target="Forums held")
    assert first.status_code == 200 and first.json()["version"] == 1
    assert (
        cell_post(
            member,
            cast,
            2027,
            "public_will",
            version=1,
            target="Forums held twice",
            status="at_risk",
        ).status_code
        == 200
    )
    stale = cell_post(lead, cast, 2027, "public_will", version=1, target="Lead's late edit")
    assert stale.status_code == 409
    assert stale.json()["theirs"]["fields"]["target"] == "Forums held twice"
    cell = PlanCell.objects.get()
    assert (cell.target, cell.status, cell.updated_by) == (
        "Forums held twice",
        "at_risk",
        cast.member,
    )
    history = lead.get(purl(cast, "cell_history", year=2027, strand="public_will"))
    assert "Forums held twice" in history.content.decode()
    assert Change.objects.filter(kind="milestone", item_id=cell.pk).count() == 2


def test_without_javascript_a_stale_cell_save_keeps_both_texts(cast, client_for, plan):
    lead = client_for("lead")
    cell_post(lead, cast, 2026, "policy", version=0, target="Saved first")
    page = cell_post(lead, cast, 2026, "policy", version=0, target="Typed second", json=False)
    assert page.status_code == 409
    html = page.content.decode()
    assert "Saved first" in html and "Typed second" in html


def test_a_cell_outside_the_horizon_or_strand_is_not_found(cast, client_for, plan):
    assert cell_post(client_for("lead"), cast, 2035, "policy", version=0).status_code == 404
    assert cell_post(client_for("lead"), cast, 2026, "budget", version=0).status_code == 404


@pytest.mark.parametrize("role", ["viewer", "coach"])
def test_readers_cannot_change_the_plan(cast, client_for, plan, role):
    assert cell_post(client_for(role), cast, 2026, "policy", version=0).status_code == 403
    page = client_for(role).get(purl(cast, "grid"))
    assert page.status_code == 200
    assert b"autosave" not in page.content  # the read-only grid


def test_plans_are_not_shared_with_the_cohort_or_outsiders(cast, client_for, plan):
    assert client_for("facilitator").get(purl(cast, "overview")).status_code == 403
    assert client_for("outsider").get(purl(cast, "overview")).status_code == 404


def test_a_lead_shares_the_plan_with_the_cohort_and_takes_it_back(cast, client_for, plan):
    milestone(plan, cast.lead, 2026, "policy", "Board adopts IKF")
    facilitator = client_for("facilitator")
    api_cells = reverse("api:plan-cell-list", kwargs={"district": cast.riverside.code})
    assert facilitator.get(api_cells).status_code == 403
    response = client_for("lead").post(purl(cast, "sharing"), {"plan_sharing": "cohort"})
    assert response.status_code == 302
    page = facilitator.get(purl(cast, "overview"))
    assert page.status_code == 200 and "Board adopts IKF" in page.content.decode()
    assert "Board adopts IKF" in facilitator.get(api_cells).content.decode()
    assert facilitator.get(purl(cast, "grid")).status_code == 200
    home = facilitator.get(cast.riverside.get_absolute_url()).content.decode()
    assert purl(cast, "overview") in home
    # Reading is all the cohort gets: the plan stays the team's to change.
    cell = facilitator.post(purl(cast, "cell", year=2026, strand="policy"), {})
    assert cell.status_code == 403

    client_for("lead").post(purl(cast, "sharing"), {"plan_sharing": "coaches"})
    assert facilitator.get(purl(cast, "overview")).status_code == 403
    assert facilitator.get(api_cells).status_code == 403


@pytest.mark.parametrize("role", ["member", "viewer", "coach", "staff"])
def test_only_leads_choose_who_reads_the_plan(cast, client_for, role):
    response = client_for(role).post(purl(cast, "sharing"), {"plan_sharing": "cohort"})
    assert response.status_code == 403
    cast.riverside.refresh_from_db()
    assert cast.riverside.plan_sharing == "coaches"


def test_a_bad_sharing_choice_changes_nothing(cast, client_for):
    lead = client_for("lead")
    response = lead.post(purl(cast, "sharing"), {"plan_sharing": "everyone"})
    assert response.status_code == 302
    cast.riverside.refresh_from_db()
    assert cast.riverside.plan_sharing == "coaches"
    page = lead.get(response.url).content.decode()
    assert "Sharing not changed" in page


# ------------------------------------------------------------------ action plans


def test_lead_writes_an_action_plan_with_strands_and_dimensions(cast, client_for, framework):
    from tests.rubric_helpers import dimensions_of

    grading = dimensions_of(framework)[6]
    response = client_for("lead").post(
        purl(cast, "action_plan_new"),
        {
            "goal": "Adopt common scoring criteria",
            "rationale": "Expectations vary from classroom to classroom",
            "strategy": "Department teams norm criteria",
            "strands": ["practice", "policy"],
            "dimensions": [grading.code],
        },
    )
    plan = ActionPlan.objects.get()
    assert response.status_code == 302
    assert plan.strands == ["practice", "policy"]
    assert list(plan.dimensions.all()) == [grading]


def test_an_action_plan_needs_a_goal(cast, client_for):
    response = client_for("lead").post(purl(cast, "action_plan_new"), {"goal": ""})
    assert response.status_code == 400
    assert not ActionPlan.objects.exists()


def step_data(**overrides):
    data = {
        "description": "Draft criteria",
        "status": "not_started",
        "evidence": "",
        "participants": "",
        "external_support": "",
        "resources": "",
        "coordinator_name": "",
    }
    data.update(overrides)
    return data


def test_steps_are_added_in_order_with_every_template_field(cast, client_for, action_plan):
    client = client_for("member")
    for text in ("First", "Second", "Third"):
        client.post(
            purl(cast, "step_new", plan=action_plan.code),
            step_data(
                description=text,
                evidence="Drafts in the shared folder",
                start_date="2026-09-01",
                due_date="2026-12-01",
                coordinator=cast.lead.code,
                participants="ELA team",
                external_support="GSP coach",
                resources="Release time",
            ),
        )
    steps = list(action_plan.steps.all())
    assert [s.description for s in steps] == ["First", "Second", "Third"]
    assert steps[0].coordinator == cast.lead and steps[0].external_support == "GSP coach"


def test_a_coordinator_from_another_district_is_refused(cast, client_for, action_plan):
    response = client_for("lead").post(
        purl(cast, "step_new", plan=action_plan.code), step_data(coordinator=cast.outsider.code)
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not ActionStep.objects.exists()


def test_a_due_date_before_the_start_is_refused(cast, client_for, action_plan):
    response = client_for("lead").post(
        purl(cast, "step_new", plan=action_plan.code),
        step_data(start_date="2026-10-01", due_date="2026-09-01"),
    )
    assert response.status_code == 400
    assert "The due date comes before the start date" in response.content.decode()


def test_someone_outside_the_app_can_coordinate_by_name(cast, client_for, action_plan):
    client_for("lead").post(
        purl(cast, "step_new", plan=action_plan.code),
        step_data(coordinator_name="Pat from the university"),
    )
    assert ActionStep.objects.get().coordinator_label == "Pat from the university"


def test_overdue_steps_are_marked(cast, client_for, action_plan):
    yesterday = date.today() - timedelta(days=1)
    add_step(action_plan, cast.lead, "Late", due_date=yesterday)
    add_step(action_plan, cast.lead, "Done late", due_date=yesterday, status="done")
    page = client_for("coach").get(purl(cast, "action_plan", plan=action_plan.code)).content
    assert page.count(b"is-overdue") == 1
    overview = client_for("coach").get(purl(cast, "overview")).content
    assert b"1 overdue" in overview and b"0 of 2" not in overview and b"1 of 2" in overview


def test_a_steps_timeline_reads_well_with_either_date_missing(cast, client_for, action_plan):
    for description, start, due in [
        ("Both", date(2026, 9, 1), date(2026, 10, 31)),
        ("Due only", None, date(2026, 10, 31)),
        ("Start only", date(2026, 9, 1), None),
        ("Neither", None, None),
    ]:
        add_step(action_plan, cast.lead, description, start_date=start, due_date=due)
    page = client_for("coach").get(purl(cast, "action_plan", plan=action_plan.code)).content
    page = page.decode()
    assert "Sep 1, 2026 – Oct 31, 2026" in page
    assert "By Oct 31, 2026" in page and "From Sep 1, 2026" in page
    assert "— –" not in page and "– —" not in page
    # who changes the steps has the due date in the row's form, the start beside it
    page = client_for("lead").get(purl(cast, "action_plan", plan=action_plan.code)).content
    page = page.decode()
    assert len(re.findall(r'name="step-[0-9a-f-]+-due_date"', page)) == 4
    assert page.count('value="2026-10-31"') == 2 and page.count("From Sep 1, 2026") == 2


def test_steps_move_up_and_down(cast, client_for, action_plan):
    a = add_step(action_plan, cast.lead, "A")
    add_step(action_plan, cast.lead, "B")
    client_for("lead").post(
        purl(cast, "step_move", plan=action_plan.code, step=a.code), {"direction": "down"}
    )
    assert [s.description for s in action_plan.steps.all()] == ["B", "A"]


def test_a_stale_step_edit_is_refused_and_shows_both(cast, client_for, action_plan):
    step = add_step(action_plan, cast.lead, "Original")
    url = purl(cast, "step_edit", plan=action_plan.code, step=step.code)
    assert (
        client_for("member")
        .post(url, step_data(description="Member's edit", version=1))
        .status_code
        == 302
    )
    stale = client_for("lead").post(url, step_data(description="Lead's edit", version=1))
    assert stale.status_code == 409
    assert (
        "Member&#x27;s edit" in stale.content.decode() or "Member's edit" in stale.content.decode()
    )
    assert ActionStep.objects.get().description == "Member's edit"


# ------------------------------------------------------------------ status and due in the row


def status_post(client, cast, step, *, json=False, **values):
    """The row's form of a step's status and due date, as the page posts it."""
    prefix = f"step-{step.code}"
    data = {"status": step.status, "due_date": step.due_date or "", "version": step.version}
    data.update(values)
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(
        purl(cast, "step_status", plan=step.plan.code, step=step.code),
        {f"{prefix}-{name}": value for name, value in data.items()},
        **headers,
    )


@pytest.fixture
def step(cast, action_plan):
    return add_step(
        action_plan,
        cast.lead,
        "Draft criteria",
        start_date=date(2026, 9, 1),
        due_date=date(2026, 10, 31),
        coordinator=cast.member,
    )


def test_a_member_changes_a_steps_status_and_due_date_from_the_table(cast, client_for, step):
    client = client_for("member")
    response = status_post(client, cast, step, status="in_progress", due_date="2027-01-15")
    assert response.status_code == 302
    assert response.url == purl(cast, "action_plan", plan=step.plan.code) + f"#step-{step.code}"
    saved = ActionStep.objects.get()
    assert (saved.status, saved.due_date, saved.version) == ("in_progress", date(2027, 1, 15), 2)
    page = client.get(response.url).content.decode()
    assert "Saved: “Draft criteria” is in progress, due Jan 15, 2027." in page
    assert 'value="2027-01-15"' in page and 'value="in_progress" selected' in page


def test_the_table_saves_in_place_for_the_script(cast, client_for, step):
    response = status_post(client_for("lead"), cast, step, json=True, status="done")
    assert response.status_code == 200
    assert response.json()["version"] == 2 and response.json()["overdue"] is False
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    overdue = status_post(
        client_for("lead"),
        cast,
        ActionStep.objects.get(),
        json=True,
        status="blocked",
        due_date=yesterday,
    )
    assert overdue.json()["overdue"] is True


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"status": "finished"},
            "status",
            "Choose a status: Not started, In progress, Done, Blocked.",
        ),
        ({"due_date": "31/31/2027"}, "due_date", "Enter the due date as a date, for example"),
        ({"due_date": "2026-08-01"}, "due_date", "The due date comes before the start date."),
    ],
    ids=["unknown status", "not a date", "before the start"],
)
def test_a_wrong_status_or_date_is_refused_with_a_clear_error(
    cast, client_for, step, values, field, message
):
    client = client_for("member")
    answer = status_post(client, cast, step, json=True, **values)
    assert answer.status_code == 400
    assert answer.json()["errors"][field][0]["message"].startswith(message)
    page = status_post(client, cast, step, **values)
    assert page.status_code == 400
    text = page.content.decode().replace("&#x27;", "'")
    assert message in text
    # the page says so at the top of the table, with a link to the row
    assert "needs a correction" in text and f'href="#status-{step.code}"' in text
    assert ActionStep.objects.get().version == 1


def test_a_stale_status_change_is_refused_and_offers_both(cast, client_for, step):
    assert status_post(client_for("lead"), cast, step, status="blocked").status_code == 302
    stale = status_post(client_for("member"), cast, step, json=True, status="done")
    assert stale.status_code == 409
    theirs = stale.json()["theirs"]
    assert theirs["version"] == 2 and theirs["fields"]["status"] == "blocked"
    assert ["Status", "Blocked"] in theirs["shown"]
    page = status_post(client_for("member"), cast, step, status="done")
    assert page.status_code == 409
    text = page.content.decode()
    assert "Saved elsewhere first." in text and "Their version: Blocked, due Oct 31, 2026." in text
    assert "was changed elsewhere after you opened the page" in text
    # the row's form now names the stored version: saving again keeps the member's choice
    assert f'name="step-{step.code}-version" value="2"' in text
    assert ActionStep.objects.get().status == "blocked"


def test_a_due_date_alone_is_checked_against_the_stored_start(cast, step):
    """As the row's form and the API's PATCH change it: without the start, the stored one."""
    from django.core.exceptions import ValidationError

    from planning.services import action_step_update

    with pytest.raises(ValidationError, match="comes before the start date"):
        action_step_update(
            step=step, expected_version=1, acting_user=cast.lead, due_date=date(2026, 8, 1)
        )
    with pytest.raises(ValidationError, match="comes before the start date"):
        action_step_update(
            step=step, expected_version=1, acting_user=cast.lead, start_date=date(2026, 11, 1)
        )


@pytest.mark.parametrize(("role", "code"), [("viewer", 403), ("coach", 403), ("outsider", 404)])
def test_who_may_not_change_steps_cannot_change_one_from_the_table(
    cast, client_for, step, role, code
):
    assert status_post(client_for(role), cast, step, status="done").status_code == code
    assert ActionStep.objects.get().status == "not_started"


def test_a_step_of_another_plan_cannot_be_changed_through_this_one(cast, client_for, step):
    other = ActionPlan.objects.create(district=cast.riverside, goal="Other")
    url = purl(cast, "step_status", plan=other.code, step=step.code)
    response = client_for("lead").post(url, {f"step-{step.code}-status": "done"})
    assert response.status_code == 404


def test_readers_see_the_status_as_text_and_no_form(cast, client_for, step):
    page = client_for("viewer").get(purl(cast, "action_plan", plan=step.plan.code)).content
    assert b"step-status-form" not in page and b"Sep 1, 2026 \xe2\x80\x93 Oct 31, 2026" in page


def test_my_steps_changes_a_status_in_place_and_comes_back(cast, client_for, step):
    from districts.models import Membership

    client = client_for("member")
    hill_plan = ActionPlan.objects.create(district=cast.hillcrest, goal="Hill goal")
    Membership.objects.create(district=cast.hillcrest, user=cast.member, role="viewer")
    add_step(hill_plan, cast.lead, "Read only", coordinator=cast.member)
    page = client.get(reverse("my_steps")).content.decode()
    # a form for the Riverside step (a member there), none for Hillcrest's (a viewer there)
    assert page.count("step-status-form") == 1 and f'id="status-{step.code}"' in page
    response = status_post(client, cast, step, status="in_progress", back="mine")
    assert response.status_code == 302
    assert response.url == reverse("my_steps") + f"#step-{step.code}"
    assert "is in progress" in client.get(response.url).content.decode()
    refused = status_post(
        client, cast, ActionStep.objects.get(pk=step.pk), due_date="x", back="mine"
    )
    assert refused.status_code == 400
    assert b"<h1>My steps</h1>" in refused.content and b"Enter the due date" in refused.content


def test_deleting_a_step_asks_first(cast, client_for, action_plan):
    step = add_step(action_plan, cast.lead, "Remove me")
    url = purl(cast, "step_delete", plan=action_plan.code, step=step.code)
    assert b"Yes, delete" in client_for("lead").get(url).content
    assert ActionStep.objects.exists()
    client_for("lead").post(url)
    assert not ActionStep.objects.exists()


def test_a_step_of_another_plan_is_not_found_through_this_one(cast, client_for, action_plan):
    other = ActionPlan.objects.create(district=cast.riverside, goal="Other")
    step = add_step(other, cast.lead, "Elsewhere")
    url = purl(cast, "step_edit", plan=action_plan.code, step=step.code)
    assert client_for("lead").get(url).status_code == 404


def test_my_steps_gathers_a_persons_steps_across_districts(cast, client_for, action_plan):
    from districts.models import Membership

    hill_plan = ActionPlan.objects.create(district=cast.hillcrest, goal="Hill goal")
    Membership.objects.create(district=cast.hillcrest, user=cast.member, role="member")
    add_step(action_plan, cast.lead, "Riverside step", coordinator=cast.member)
    add_step(hill_plan, cast.lead, "Hillcrest step", coordinator=cast.member)
    add_step(action_plan, cast.lead, "Lena's step", coordinator=cast.lead)
    page = client_for("member").get(reverse("my_steps")).content.decode()
    assert "Riverside step" in page and "Hillcrest step" in page
    assert "Lena&#x27;s step" not in page and "Lena's step" not in page


# ------------------------------------------------------------------ policies


def test_every_district_starts_with_the_seed_checklist(db):
    district = DistrictFactory()
    rows = list(PolicyReview.objects.filter(district=district).values_list("area", "policy_codes"))
    assert rows == STANDARD_POLICIES
    assert ("Portfolios", "ILA and ILAPL") in rows
    assert ("Academic Eligibility: Athletics and Co-Curricular Activities", "JJIC") in rows


def test_a_policy_moves_to_adopted(cast, client_for):
    policy = PolicyReview.objects.get(district=cast.riverside, policy_codes="IKF")
    response = client_for("lead").post(
        purl(cast, "policy_edit", policy=policy.code),
        {
            "status": "adopted",
            "last_reviewed": "2026-11-02",
            "notes": "Board vote 5-0",
            "link": "https://riverside.example.org/policies/ikf",
            "version": policy.version,
        },
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.status, policy.area) == ("adopted", "Graduation Requirements")
    assert b"Adopted: <strong>1</strong>" in client_for("coach").get(purl(cast, "policies")).content


def test_a_bad_policy_link_is_refused(cast, client_for):
    policy = PolicyReview.objects.get(district=cast.riverside, policy_codes="IKC")
    response = client_for("lead").post(
        purl(cast, "policy_edit", policy=policy.code),
        {"status": "adopted", "link": "javascript:alert(1)", "version": policy.version},
    )
    assert response.status_code == 400
    assert "Enter a valid URL" in response.content.decode()


def test_the_district_adds_and_removes_its_own_policy(cast, client_for):
    lead = client_for("lead")
    assert (
        lead.post(
            purl(cast, "policies"),
            {"area": "Homework", "policy_codes": "IKB", "status": "not_reviewed"},
        ).status_code
        == 302
    )
    duplicate = lead.post(purl(cast, "policies"), {"area": "homework", "status": "not_reviewed"})
    assert duplicate.status_code == 400
    assert "already has this policy area" in duplicate.content.decode()
    own = PolicyReview.objects.get(area="Homework")
    lead.post(purl(cast, "policy_delete", policy=own.code))
    assert not PolicyReview.objects.filter(area="Homework").exists()
    standard = PolicyReview.objects.get(district=cast.riverside, policy_codes="JEA")
    lead.post(purl(cast, "policy_delete", policy=standard.code))
    assert PolicyReview.objects.filter(pk=standard.pk).exists()


# ------------------------------------------------------------------ engagement


def test_engagement_activities_spread_over_the_spectrum(cast, client_for):
    lead = client_for("lead")
    for title, spectrum in (
        ("Newsletter", "informing"),
        ("Survey", "seeking_input"),
        ("Design team", "deciding_together"),
        ("Forum", "seeking_input"),
    ):
        response = lead.post(
            purl(cast, "engagement"),
            {
                "title": title,
                "date": "2026-10-01",
                "spectrum": spectrum,
                "audience_description": "Families",
                "participants": "40 parents",
                "missing_voices": "Families of English learners",
                "outcome": "Priorities listed",
            },
        )
        assert response.status_code == 302
    page = client_for("coach").get(purl(cast, "engagement")).content.decode()
    assert "Seeking Input</dt><dd>2 activities" in page
    assert "Families of English learners" in page


def test_an_activity_needs_a_title_date_and_place_on_the_spectrum(cast, client_for):
    response = client_for("lead").post(purl(cast, "engagement"), {"title": ""})
    assert response.status_code == 400
    assert response.content.decode().count("This field is required") == 3
    assert not EngagementActivity.objects.exists()


# ------------------------------------------------------------------ the overview


def test_overview_query_count_is_pinned_and_flat(
    cast, client_for, plan, action_plan, django_assert_num_queries
):
    client = client_for("coach")

    def grow(start, n):
        for k in range(start, start + n):
            other = ActionPlan.objects.create(district=cast.riverside, goal=f"Goal {k}")
            for j in range(3):
                add_step(other, cast.lead, f"s{j}", due_date=date(2020, 1, 1))
            EngagementActivity.objects.create(
                district=cast.riverside, title=f"e{k}", date=date(2026, 1, 1), spectrum="informing"
            )
            milestone(
                plan,
                cast.lead,
                2026 + k // 3,
                ["practice", "policy", "public_will"][k % 3],
                f"t{k}",
            )
            measure = make_measure(cast.riverside, cast.lead, name=f"Measure {k}")
            for days_ago in (5, 40, 80):
                add_point(measure, cast.member, 30 + k, days_ago=days_ago)

    client.get(purl(cast, "overview"))  # keeps the header and the person's access
    for start, n in ((0, 2), (2, 6)):
        grow(start, n)
        # The first view after a change to the plan reads it again: the session, the person,
        # the long-term plan, its cells, action plans, policies, engagement, the measures
        # with their latest points, their targets.
        with django_assert_num_queries(9):
            page = client.get(purl(cast, "overview")).content.decode()
        assert f"Goal {start + n - 1}" in page and f"Measure {start + n - 1}" in page
        with django_assert_num_queries(2):  # then the page is kept (see test_queries)
            assert f"Goal {start + n - 1}" in client.get(purl(cast, "overview")).content.decode()


def test_a_move_that_says_neither_up_nor_down_moves_nothing_and_says_so(
    cast, client_for, action_plan
):
    a = add_step(action_plan, cast.lead, "A")
    add_step(action_plan, cast.lead, "B")
    url = purl(cast, "step_move", plan=action_plan.code, step=a.code)
    response = client_for("lead").post(url, {"direction": "sideways"}, follow=True)
    assert "It can move up or down only." in response.content.decode()
    assert [s.description for s in action_plan.steps.all()] == ["A", "B"]
