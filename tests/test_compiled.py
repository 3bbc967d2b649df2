"""Querysets compiled once (config.compiled): each run answers what the queryset itself
answers for the same values, however many runs and whichever values; a value that never
reached the query, or one that would change its shape, is refused loudly."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from config.compiled import CompiledQuery
from districts.models import Membership
from notifications.models import Kind, Notice
from notifications.selectors import notices_for, unread_notice_count


def memberships(district_id, role):
    return Membership.objects.filter(district_id=district_id, role=role).order_by("user__email")


def test_rows_objects_and_counts_are_the_querysets_for_each_run(cast):
    listed = CompiledQuery(
        lambda district_id, role: memberships(district_id, role).values_list(
            "user__email", "created_at"
        )
    )
    made = CompiledQuery(
        lambda district_id, role: memberships(district_id, role).select_related("user")
    )
    for district in (cast.riverside, cast.outer, cast.hillcrest):
        for role in ("lead", "member", "viewer"):
            expected = memberships(district.pk, role)
            assert listed.rows(district_id=district.pk, role=role) == list(
                expected.values_list("user__email", "created_at")
            )
            objects = made.objects(district_id=district.pk, role=role)
            assert objects == list(expected)
            assert [m.user.email for m in objects] == [m.user.email for m in expected]
            assert listed.count(district_id=district.pk, role=role) == expected.count()


def assert_joined_as_the_queryset(person, lookup: str, values) -> None:
    """The person's memberships by `lookup` (of created_at) compiled once: for each of
    `values`, the rows the queryset itself gives."""
    joined = CompiledQuery(
        lambda user_id, value: Membership.objects.filter(
            user_id=user_id, **{lookup: value}
        ).values_list("pk")
    )
    for value in values:
        assert joined.rows(user_id=person.pk, value=value) == list(
            Membership.objects.filter(user_id=person.pk, **{lookup: value}).values_list("pk")
        )


def test_dates_are_arguments_as_ids_are(cast):
    today = timezone.localdate()
    assert_joined_as_the_queryset(
        cast.lead, "created_at__date__lte", (today, today - timedelta(days=1))
    )


def test_a_value_that_does_not_reach_the_query_or_changes_its_shape_is_refused(cast):
    unused = CompiledQuery(
        lambda district_id, role: Membership.objects.filter(district_id=district_id).values_list(
            "pk"
        )
    )
    with pytest.raises(ValueError, match="role"):
        unused.rows(district_id=cast.riverside.pk, role="lead")
    shaped = CompiledQuery(
        lambda staff: Membership.objects.filter(user__is_staff=staff).values_list("pk")
    )
    with pytest.raises(TypeError):
        shaped.rows(staff=True)
    with pytest.raises(TypeError):  # a value of a type it does not make markers of
        CompiledQuery(lambda n: Membership.objects.filter(pk__lte=n)).rows(n=Decimal("1.5"))


def test_a_query_that_reads_nothing_asks_nothing(cast, django_assert_num_queries):
    nothing = CompiledQuery(
        lambda district_id: Membership.objects.filter(district_id=district_id).none()
    )
    with django_assert_num_queries(0):
        assert nothing.rows(district_id=cast.riverside.pk) == []
        assert nothing.objects(district_id=cast.riverside.pk) == []
        assert nothing.count(district_id=cast.riverside.pk) == 0


def test_the_headers_unread_count_is_what_the_notifications_page_lists_unread(cast):
    def notice(user, district, *, kind=Kind.COMMENT, read=False):
        Notice.objects.create(
            recipient=user,
            district=district,
            kind=kind,
            key=f"{user.pk}-{district and district.pk}-{kind}-{Notice.objects.count()}",
            title="A notice",
            url="/",
            read_at=timezone.now() if read else None,
        )

    for person in (cast.lead, cast.coach, cast.facilitator, cast.staff, cast.outsider):
        notice(person, cast.riverside)
        notice(person, cast.outer)
        notice(person, None)
        notice(person, cast.riverside, read=True)
        notice(person, cast.riverside, kind=Kind.DIGEST)
    cast.hillcrest.trashed_at = timezone.now()
    cast.hillcrest.save()
    notice(cast.coach, cast.hillcrest)
    for person in (cast.lead, cast.coach, cast.facilitator, cast.staff, cast.outsider):
        expected = notices_for(person).filter(read_at=None).count()
        assert unread_notice_count(person) == expected
    assert unread_notice_count(cast.staff) == 3  # every district's, none read, no digest
    assert unread_notice_count(cast.lead) == 2  # Riverside's and the one of no district


def test_any_of_reads_what_in_reads(cast):
    """districts.lookups: a list of ids as one parameter on PostgreSQL, IN elsewhere."""
    ids = [cast.riverside.pk, cast.outer.pk]
    for listed in (ids, ids[:1], []):
        assert list(Membership.objects.filter(district_id__any_of=listed).order_by("pk")) == list(
            Membership.objects.filter(district_id__in=listed).order_by("pk")
        )
    assert set(
        Membership.objects.filter(district__pk__any_of=ids).values_list("district", flat=True)
    ) == set(ids)


def test_a_moment_is_an_argument_as_a_date_is(cast):
    now = timezone.now()
    assert_joined_as_the_queryset(
        cast.lead, "created_at__gte", (now - timedelta(days=1), now + timedelta(days=1))
    )


def test_a_list_of_ids_is_one_argument_on_postgresql_and_refused_elsewhere(cast):
    """any_of sends a list as one array parameter on PostgreSQL only: elsewhere it is IN with
    a parameter per id, a shape of its own for each length, which a compiled query refuses."""
    from django.db import connection

    listed = CompiledQuery(
        lambda ids: (
            Membership.objects.filter(district_id__any_of=ids).order_by("pk").values_list("pk")
        )
    )
    everyone = [cast.riverside.pk, cast.outer.pk, cast.hillcrest.pk]
    if connection.vendor != "postgresql":
        with pytest.raises(TypeError):
            listed.rows(ids=everyone)
        return
    for ids in (everyone, everyone[:1], []):
        assert listed.rows(ids=ids) == list(
            Membership.objects.filter(district_id__in=ids).order_by("pk").values_list("pk")
        )


def test_the_coachs_attention_count_is_what_its_queryset_counts(cast, client_for, framework):
    """dashboards.selectors.attention_count, compiled on PostgreSQL for a list of ids, counts
    what the queryset it is built from counts, for a coach and for staff."""
    from dashboards.selectors import STALE_AFTER, _attention_counts, attention_count
    from districts.models import District
    from tests.rubric_helpers import submitted_round

    submitted_round(cast.riverside, cast.lead, framework, title="Spring", default=1)
    ids = [cast.riverside.pk, cast.hillcrest.pk]
    for person in (cast.coach, cast.staff):
        for listed in (ids, ids[:1]):
            counts = _attention_counts(
                person,
                listed,
                District.objects.filter(pk__in=listed),
                since=timezone.now() - STALE_AFTER,
                today=timezone.localdate(),
            ).first()
            assert attention_count(person, list(listed)) == sum(counts)
    assert attention_count(cast.coach, ids) > 0
