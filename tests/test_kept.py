"""What pages keep between requests (the header's navigation, a framework's text) costs no
query once kept, and is forgotten as soon as what it is made of changes."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from config.reversing import reverse_fast
from districts.models import CoachAssignment, District, Membership
from districts.selectors import people_generation
from rubrics.models import Descriptor
from tests.factories import CohortFactory, DistrictFactory, UserFactory


def switcher(client, url="/") -> str:
    page = client.get(url, follow=True).content.decode()
    return page.split('<details class="switcher">', 1)[-1].split("</details>", 1)[0]


def test_the_header_is_kept_and_costs_no_query_once_kept(
    cast, client_for, django_assert_num_queries
):
    from districts.navigation import navigation_for

    # the version of people (asked of the database every time outside a request), the
    # switcher's districts with the person's roles
    with django_assert_num_queries(2):
        first = navigation_for(cast.lead)
    with django_assert_num_queries(1):  # the version only
        assert navigation_for(cast.lead) == first
    assert [d.name for d in first.districts] == ["Riverside School District"]
    assert (first.coaches, first.facilitates) == (False, False)


@pytest.mark.parametrize("role", ["lead", "viewer", "coach", "facilitator", "outsider", "staff"])
def test_the_switcher_lists_what_the_person_may_open(cast, role):
    """The header's own query lists the districts of District.objects.visible_to(), in
    order, with the person's roles."""
    from districts.models import CohortFacilitator, District
    from districts.navigation import SWITCHER_LIMIT, _build

    person = cast.person(role)
    for n in range(SWITCHER_LIMIT + 2):  # more than the switcher lists, for staff
        DistrictFactory(name=f"District {n:02}")
    header = _build(person)
    visible = list(District.objects.visible_to(person).order_by("name", "state"))
    assert [d.name for d in header.districts] == [d.name for d in visible[:SWITCHER_LIMIT]]
    assert [d.url for d in header.districts] == [
        d.get_absolute_url() for d in visible[:SWITCHER_LIMIT]
    ]
    assert header.more == (len(visible) > SWITCHER_LIMIT)
    assert header.coaches == CoachAssignment.objects.filter(coach=person).exists()
    assert header.facilitates == CohortFacilitator.objects.filter(user=person).exists()


def test_a_facilitator_of_a_cohort_without_districts_still_gets_the_cohorts_link(db):
    from districts.navigation import _build

    person = UserFactory()
    CohortFactory().facilitators.add(person)
    header = _build(person)
    assert (header.districts, header.more, header.coaches, header.facilitates) == (
        [],
        False,
        False,
        True,
    )


def test_a_new_membership_shows_in_the_switcher_on_the_next_page(cast, client_for):
    client = client_for("lead")
    url = cast.riverside.get_absolute_url()
    assert "Hillcrest" not in switcher(client, url)
    membership = Membership.objects.create(district=cast.hillcrest, user=cast.lead, role="viewer")
    assert "Hillcrest Regional School Unit" in switcher(client, url)
    membership.delete()
    assert "Hillcrest" not in switcher(client, url)


def test_a_renamed_district_and_a_new_coach_assignment_show_at_once(cast, client_for):
    client = client_for("lead")
    url = cast.riverside.get_absolute_url()
    cast.riverside.name = "Riverside Unified"
    cast.riverside.save()
    assert "Riverside Unified" in switcher(client, url)
    assert "Coach dashboard" not in client.get(url).content.decode()
    CoachAssignment.objects.create(district=cast.hillcrest, coach=cast.lead)
    assert "Coach dashboard" in client.get(url).content.decode()


def test_a_cohorts_new_facilitator_gets_the_cohorts_link(cast, client_for):
    client = client_for("member")
    url = cast.riverside.get_absolute_url()
    assert 'href="/cohorts/"' not in client.get(url).content.decode()
    cast.cohort.facilitators.add(cast.member)
    assert reverse("dashboards:cohorts") in client.get(url).content.decode()


def test_an_edited_descriptor_shows_on_the_rating_page_at_once(cast, client_for, draft_round):
    client = client_for("member")
    url = reverse(
        "rubrics:rate", kwargs={"district": cast.riverside.code, "round_code": draft_round.code}
    )
    client.get(url)
    descriptor = Descriptor.objects.filter(dimension__domain__framework=draft_round.framework)[0]
    assert descriptor.text in client.get(url).content.decode()
    descriptor.text = "Rewritten by the staff in the admin."
    descriptor.save()
    assert "Rewritten by the staff in the admin." in client.get(url).content.decode()


@pytest.mark.parametrize("prefix", ["/", "/waypoint/"])
def test_reverse_fast_builds_what_reverse_builds(cast, prefix):
    set_script_prefix(prefix)
    try:
        code = cast.riverside.code
        assert reverse_fast("dashboards:district", district=code) == reverse(
            "dashboards:district", kwargs={"district": code}
        )
        round_kwargs = {"district": code, "round_code": "6f1c7d7e-5c2a-4b8e-9a1d-0c3b2a1f0e9d"}
        assert reverse_fast("rubrics:round", **round_kwargs) == reverse(
            "rubrics:round", kwargs=round_kwargs
        )
        # a value the pattern refuses goes through reverse() itself, and is refused
        with pytest.raises(NoReverseMatch):
            reverse_fast("dashboards:district", district="a b")
    finally:
        set_script_prefix("/")


def test_the_district_homes_people_section_is_kept_and_follows_changes(
    cast, client_for, django_assert_num_queries
):
    from datetime import date

    from meetings.models import Meeting

    url = cast.riverside.get_absolute_url()
    lead, coach = client_for("lead"), client_for("coach")
    lead.get(url)  # keeps the header and the people section
    coach.get(url)
    # the person, the district with the relation (never kept) and the versions in one
    # query, the unread count (part of the key): the rest is kept (the session too)
    with django_assert_num_queries(3):
        page = lead.get(url).content.decode()
    assert "Lena Lead" in page and cast.cohort.name in page

    cast.member.full_name = "Milo Renamed"
    cast.member.save()
    assert "Milo Renamed" in coach.get(url).content.decode()  # kept for everyone, forgotten

    Meeting.objects.create(cohort=cast.cohort, title="Winter meeting", first_date=date(2027, 1, 9))
    assert "Winter meeting" in lead.get(url).content.decode()

    assert cast.viewer.full_name in lead.get(url).content.decode()
    Membership.objects.filter(user=cast.viewer, district=cast.riverside).delete()
    assert cast.viewer.full_name not in lead.get(url).content.decode()

    generation = people_generation.current()
    cast.lead.last_login = cast.lead.date_joined  # signing in does not forget it
    cast.lead.save(update_fields=["last_login"])
    assert people_generation.current() == generation


# ------------------------------------------------------------------ a district's work


def rate_url(round_) -> str:
    return reverse(
        "rubrics:rate", kwargs={"district": round_.district.code, "round_code": round_.code}
    )


def test_a_change_to_one_districts_work_starts_a_new_generation_of_that_district_only(
    cast, draft_round
):
    from districts.models import work_generation
    from rubrics.models import AssessmentRound

    riverside, hillcrest = cast.riverside.pk, cast.hillcrest.pk
    before = work_generation.current_many([riverside, hillcrest])
    AssessmentRound.objects.filter(pk=draft_round.pk).update(title="Renamed")  # an update
    after = work_generation.current_many([riverside, hillcrest])
    assert after[riverside] != before[riverside]
    assert after[hillcrest] == before[hillcrest]

    draft_round.delete()  # a delete (its ratings go with it)
    assert work_generation.current(riverside) != after[riverside]
    assert work_generation.current(hillcrest) == before[hillcrest]


def test_a_saved_rating_shows_on_the_kept_rating_page_at_once(cast, client_for, draft_round):
    from tests.rubric_helpers import dimensions_of, level

    client = client_for("member")
    url = rate_url(draft_round)
    client.get(url)  # keeps the rating sheet
    dimension = dimensions_of(draft_round.framework)[0]
    response = client.post(
        reverse(
            "rubrics:rate_dimension",
            kwargs={
                "district": cast.riverside.code,
                "round_code": draft_round.code,
                "dimension": dimension.code,
            },
        ),
        {
            f"d{dimension.code}-version": 0,
            f"d{dimension.code}-level": level(draft_round.framework, 2).position,
            f"d{dimension.code}-evidence": "Our grading policy draft",
            f"d{dimension.code}-next_steps": "",
        },
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    page = client.get(url).content.decode()
    assert "Our grading policy draft" in page
    assert f'name="d{dimension.code}-version" value="1"' in page
    assert '<span class="rated-count">1</span>' in page
    # Another member's sheet is their own, kept apart.
    assert "Our grading policy draft" not in client_for("lead").get(url).content.decode()


def test_a_kept_form_carries_each_sessions_own_csrf_token(cast, draft_round):
    """The same person in two browsers: the second is served the kept sheet, with its own
    token, so its save is accepted (a kept copy of the first one's token would be refused)."""
    import re

    from django.test import Client

    from tests.rubric_helpers import dimensions_of

    url = rate_url(draft_round)
    dimension = dimensions_of(draft_round.framework)[0]
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(cast.member)
    second.force_login(cast.member)
    first.get(url)
    page = second.get(url).content.decode()
    form = page.split(f'id="dimension-{dimension.code}"', 1)[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    action = reverse(
        "rubrics:rate_dimension",
        kwargs={
            "district": cast.riverside.code,
            "round_code": draft_round.code,
            "dimension": dimension.code,
        },
    )
    response = second.post(
        action,
        {
            "csrfmiddlewaretoken": token,
            f"d{dimension.code}-version": 0,
            f"d{dimension.code}-level": "",
            f"d{dimension.code}-evidence": "From the second browser",
            f"d{dimension.code}-next_steps": "",
        },
    )
    assert response.status_code == 302
    assert "From the second browser" in first.get(url).content.decode()


def test_the_district_home_follows_the_districts_work(cast, client_for, draft_round):
    from reports.models import ReportJob
    from rubrics.models import AssessmentRound

    client = client_for("lead")
    url = cast.riverside.get_absolute_url()
    assert "Rate “Fall 2026”" in client.get(url).content.decode()
    AssessmentRound.objects.filter(pk=draft_round.pk).update(title="Winter 2026")
    assert "Rate “Winter 2026”" in client.get(url).content.decode()

    client.post(
        reverse("reports:district_report_request", kwargs={"district": cast.riverside.code})
    )
    assert "— Queued" in client.get(url).content.decode()
    ReportJob.objects.filter(district=cast.riverside).update(status="running")
    assert "— Running" in client.get(url).content.decode()


def test_a_changed_role_or_a_removed_membership_applies_at_once(cast, client_for, draft_round):
    client = client_for("member")
    url = rate_url(draft_round)
    assert client.get(url).status_code == 200  # keeps the person's access to Riverside
    membership = Membership.objects.get(user=cast.member, district=cast.riverside)
    membership.role = "viewer"
    membership.save()
    assert client.get(url).status_code == 403
    membership.delete()
    assert client.get(url).status_code == 404


def test_the_coach_dashboard_keeps_each_row_until_its_district_changes(
    cast, client_for, framework, django_assert_num_queries
):
    from rubrics.models import AssessmentRound
    from tests.rubric_helpers import submitted_round

    round_ = submitted_round(cast.riverside, cast.lead, framework, title="Spring", default=1)
    client = client_for("coach")
    url = reverse("dashboards:coach")
    page = client.get(url).content.decode()
    assert "awaiting review" in page
    # the person, the versions, the districts' work versions (one query for the rows and the
    # count), the coach's last reading of comments: every row kept
    with django_assert_num_queries(4):
        client.get(url)

    AssessmentRound.objects.filter(pk=round_.pk).update(reviewed_at=round_.submitted_at)
    # Riverside's row made again (its district, rounds, levels, steps, cells, activity, the
    # coach's calibrations, the measures and their targets, its schools implementing), no
    # other; the count of what needs attention counted again (its measures off track or due:
    # those the row read, of every district of the coach's, judged once for both).
    with django_assert_num_queries(4 + 10 + 1):
        page = client.get(url).content.decode()
    riverside_row = page.split(f'<th scope="row"><a href="{cast.riverside.get_absolute_url()}">')[1]
    riverside_row = riverside_row.split("</tr>", 1)[0]
    assert "reviewed" in riverside_row and "awaiting review" not in riverside_row


def test_strangers_elsewhere_leave_everyones_kept_pages_kept(cast, client_for):
    """A membership, a coach assignment or a meeting in a district or cohort someone does not
    relate to, or a stranger renamed, moves no version that person's pages are kept under:
    Riverside's lead, its coach and its facilitator read their next pages from what is kept
    (as many queries as before the change), and the version of people and districts that
    every page shares has not moved."""
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Meeting
    from tests.factories import CoachAssignmentFactory

    elsewhere = CohortFactory(name="Another cohort")
    elsewhere.districts.add(cast.outer)
    pages = {
        "lead": cast.riverside.get_absolute_url(),
        "coach": reverse("dashboards:coach"),
        "facilitator": reverse("dashboards:cohort", kwargs={"cohort": cast.cohort.code}),
    }
    clients = {role: client_for(role) for role in pages}

    def queries() -> dict[str, int]:
        counts = {}
        for role, url in pages.items():
            with CaptureQueriesContext(connection) as made:
                assert clients[role].get(url).status_code == 200
            counts[role] = len(made)
        return counts

    queries()  # keeps what the pages keep
    kept_counts = queries()
    generation = people_generation.current()

    newcomer = UserFactory(full_name="Nell Newcomer")
    Membership.objects.create(district=cast.outer, user=newcomer, role="member")
    CoachAssignmentFactory(district=cast.outer, coach=UserFactory())
    Meeting.objects.create(cohort=elsewhere, title="Their meeting", first_date=date(2027, 2, 1))
    elsewhere.facilitators.add(UserFactory())
    cast.outsider.full_name = "Otto Renamed"
    cast.outsider.save()

    assert people_generation.current() == generation
    assert queries() == kept_counts


def test_a_persons_own_relation_moves_their_relations_version_only(cast):
    from accounts.models import User

    before = dict(User.objects.values_list("pk", "relations_version"))
    people_before = dict(District.objects.values_list("pk", "people_version"))
    Membership.objects.create(district=cast.hillcrest, user=cast.lead, role="viewer")
    after = dict(User.objects.values_list("pk", "relations_version"))
    people_after = dict(District.objects.values_list("pk", "people_version"))
    assert {pk for pk in before if before[pk] != after[pk]} == {cast.lead.pk}
    assert {pk for pk in people_before if people_before[pk] != people_after[pk]} == {
        cast.hillcrest.pk
    }


def test_a_part_switched_off_for_a_measurement_is_made_every_time(db, settings):
    """WAYPOINT_KEPT_OFF (settings.KEPT_OFF): the named parts are made on every call and
    never written to the cache, by a key's first word or a template part's name; the others
    are kept as ever."""
    from django.core.cache import cache

    from config.generations import kept, part_of

    assert part_of("navigation:1:2:3") == "navigation"
    assert part_of("kept:header:abc") == "header"
    settings.KEPT_OFF = frozenset({"navigation", "header"})
    made = []
    for key in ("navigation:1:2", "kept:header:x", "kept:rate:x", "coached:1:2"):
        cache.delete(key)
        for _ in range(2):
            assert kept(key, lambda key=key: made.append(key) or key) == key
    assert made == ["navigation:1:2"] * 2 + ["kept:header:x"] * 2 + ["kept:rate:x", "coached:1:2"]
    assert cache.get("navigation:1:2") is None and cache.get("kept:header:x") is None
    assert cache.get("kept:rate:x") == "kept:rate:x"
