"""The number of queries of each main page is pinned and does not grow with the data."""

from datetime import date

import pytest
from django.urls import reverse

from districts.models import CoachAssignment, Membership
from meetings.models import Meeting
from tests.factories import DistrictFactory, UserFactory


def grow(cast, n: int) -> None:
    """n more members of Riverside, n more districts coached by the coach, each with a member."""
    for _ in range(n):
        Membership.objects.create(district=cast.riverside, user=UserFactory(), role="member")
        district = DistrictFactory()
        CoachAssignment.objects.create(district=district, coach=cast.coach)
        Membership.objects.create(district=district, user=UserFactory(), role="lead")
        cast.cohort.districts.add(district)
        Meeting.objects.create(cohort=cast.cohort, title="M", first_date=date(2027, 1, 1))


PAGES = [
    # (name, role, url builder, queries)
    ("district home", "lead", lambda c: c.riverside.get_absolute_url(), 13),
    ("district home as coach", "coach", lambda c: c.riverside.get_absolute_url(), 11),
    (
        "members",
        "lead",
        lambda c: reverse("districts:members", kwargs={"district": c.riverside.code}),
        7,
    ),
    ("district list", "coach", lambda c: reverse("home"), 6),
    ("district list as staff", "staff", lambda c: reverse("home"), 5),
]


@pytest.mark.parametrize(("name", "role", "url", "queries"), PAGES, ids=[p[0] for p in PAGES])
def test_query_count_is_pinned_and_flat(
    name, role, url, queries, cast, client_for, django_assert_num_queries
):
    client = client_for(role)
    with django_assert_num_queries(queries):
        assert client.get(url(cast)).status_code == 200
    grow(cast, 30)
    with django_assert_num_queries(queries):
        assert client.get(url(cast)).status_code == 200
