"""What pages keep between requests (the header's navigation, a framework's text) costs no
query once kept, and is forgotten as soon as what it is made of changes."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from config.reversing import reverse_fast
from districts.models import CoachAssignment, Membership
from districts.selectors import people_generation
from rubrics.models import Descriptor


def switcher(client, url="/") -> str:
    page = client.get(url, follow=True).content.decode()
    return page.split('<details class="switcher">', 1)[-1].split("</details>", 1)[0]


def test_the_header_is_kept_and_costs_no_query_once_kept(
    cast, client_for, django_assert_num_queries
):
    from districts.navigation import navigation_for

    with django_assert_num_queries(2):  # the switcher's districts, the person's roles
        first = navigation_for(cast.lead)
    with django_assert_num_queries(0):
        assert navigation_for(cast.lead) == first
    assert [d.name for d in first.districts] == ["Riverside School District"]
    assert (first.coaches, first.facilitates) == (False, False)


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
        assert reverse_fast("districts:home", district=code) == reverse(
            "districts:home", kwargs={"district": code}
        )
        round_kwargs = {"district": code, "round_code": "6f1c7d7e-5c2a-4b8e-9a1d-0c3b2a1f0e9d"}
        assert reverse_fast("rubrics:round", **round_kwargs) == reverse(
            "rubrics:round", kwargs=round_kwargs
        )
        # a value the pattern refuses goes through reverse() itself, and is refused
        with pytest.raises(NoReverseMatch):
            reverse_fast("districts:home", district="a b")
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
    with django_assert_num_queries(7):  # none of them for the team, coaches or cohorts
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
