"""Query counts of the self-assessment pages: pinned, and flat as raters, rounds and
comments grow."""

import pytest
from django.urls import reverse

from districts.models import Membership
from evidence.services import attachment_add_link
from rubrics.models import Comment
from tests.factories import UserFactory
from tests.rubric_helpers import dimensions_of, open_round, rate
from tests.rubric_helpers import submitted_round as submitted


def grow(cast, framework, round_, n: int) -> None:
    """n more raters who each rated every dimension (with a link on each rating), n more
    comments, n more rounds."""
    dims = dimensions_of(framework)
    for i in range(n):
        person = UserFactory()
        Membership.objects.create(district=cast.riverside, user=person, role="member")
        if not round_.is_submitted:
            for dimension in dims:
                attachment_add_link(
                    item=rate(round_, person, dimension, 1 + i % 3),
                    title=f"Minutes {i}",
                    url="https://example.org/minutes",
                    acting_user=person,
                )
        Comment.objects.create(
            district=cast.riverside,
            round=round_,
            author=cast.coach,
            dimension=dims[i % len(dims)],
            body=f"comment {i}",
        )
        open_round(cast.riverside, cast.lead, framework, f"Extra {i}")


def page_url(name, round_):
    return reverse(
        f"rubrics:{name}", kwargs={"district": round_.district.code, "round_code": round_.code}
    )


CASES = [
    ("rating page", "member", "draft_round", "rate", 3),
    # the team rating page reads the teammates' files and links (evidence) in one query more
    ("consensus page", "lead", "draft_round", "consensus", 6),
    # the round page reads the team ratings' files and links (evidence) in one query more
    ("round page as coach", "coach", "submitted_round", "round", 9),
    ("rounds timeline", "lead", "draft_round", "rounds", 7),
    # the coach's calibration form: the calibrations and the team's levels (issue 32); the
    # rubric's text is kept in memory and each dimension's form reads nothing more
    ("calibration form as coach", "coach", "submitted_round", "calibration", 5),
]


@pytest.mark.parametrize(
    ("name", "role", "fixture", "page", "queries"), CASES, ids=[c[0] for c in CASES]
)
def test_self_assessment_pages_have_pinned_flat_query_counts(
    name,
    role,
    fixture,
    page,
    queries,
    request,
    cast,
    framework,
    client_for,
    django_assert_num_queries,
):
    round_ = request.getfixturevalue(fixture)
    url = (
        reverse("rubrics:rounds", kwargs={"district": cast.riverside.code})
        if page == "rounds"
        else page_url(page, round_)
    )
    client = client_for(role)
    grow(cast, framework, round_, 1)
    client.get(url)  # warm the kept header
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(cast, framework, round_, 5)
    client.get(url)  # warm the kept header
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_comparison_page_query_count_is_pinned(
    cast, framework, submitted_round, client_for, django_assert_num_queries
):
    later = submitted(cast.riverside, cast.lead, framework, title="Later", default=2)
    url = reverse("rubrics:compare", kwargs={"district": cast.riverside.code})
    client = client_for("coach")
    client.get(url)  # keeps the header and the person's access
    for n in (1, 5):
        grow(cast, framework, later, n)
        # The first view after a change (grow adds people to Riverside, which moves its
        # people version but not the coach's relations: the coach's header and unread count
        # stay kept): the session, the person, the district and the person's relation to it,
        # the rounds, their levels (2), the framework's levels for the chart.
        with django_assert_num_queries(6):
            response = client.get(url)
        assert "↑ growth" in response.content.decode()
        with django_assert_num_queries(2):  # then the comparison is kept (see test_queries)
            assert "↑ growth" in client.get(url).content.decode()
