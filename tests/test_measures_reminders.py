"""Reminders of measures: data due for the owner, the Monday summary of measures off track
for the leads, each once, in queries that do not grow with the districts (issue 31)."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.reminders import data_due_remind, off_track_summaries
from notifications.models import Kind, Notice
from tests.factories import DistrictFactory, MembershipFactory, UserFactory
from tests.measure_helpers import add_point, make_measure


def test_the_owner_is_told_once_when_data_is_due(cast):
    measure = make_measure(cast.riverside, cast.lead, owner=cast.member)
    add_point(measure, cast.member, 30, days_ago=120)  # quarterly: due after 92 days
    fresh = make_measure(cast.riverside, cast.lead, name="Fresh", owner=cast.member)
    add_point(fresh, cast.member, 50, days_ago=3)
    assert data_due_remind() == 1
    assert data_due_remind() == 0
    notice = Notice.objects.get(kind=Kind.DATA_DUE)
    assert notice.recipient == cast.member and "Data due" in notice.title


def test_the_leads_hear_of_measures_off_track_on_monday(cast):
    measure = make_measure(cast.riverside, cast.lead)
    add_point(measure, cast.member, 20, days_ago=3)  # far behind the line
    assert off_track_summaries() == 1
    assert off_track_summaries() == 0
    notice = Notice.objects.get(kind=Kind.OVERDUE_SUMMARY)
    assert notice.recipient == cast.lead and "1 measure off track" in notice.title


def _grow(n):
    for i in range(n):
        district = DistrictFactory()
        owner = UserFactory()
        MembershipFactory(district=district, user=owner, role="lead")
        measure = make_measure(district, owner, owner=owner, baseline_value=Decimal(10))
        add_point(measure, owner, 10, days_ago=100 + i)


def test_the_passes_take_the_same_queries_for_2_and_6_more_districts(cast):
    counts = []
    for n in (2, 4):
        _grow(n)
        Notice.objects.all().delete()
        with CaptureQueriesContext(connection) as due:
            data_due_remind()
        with CaptureQueriesContext(connection) as off:
            off_track_summaries()
        counts.append((len(due), len(off)))
    assert counts[0] == counts[1]
