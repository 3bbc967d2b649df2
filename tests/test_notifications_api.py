"""Notifications in the API (notifications/api.py): each person's own notices as the page
lists them, marking them read, and the email choices; nobody reaches another's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Kind, Notice, Preference
from notifications.services import notify
from tests.test_api import api, bearer


def tell(cast, person, key: str, district=None):
    notify(
        kind=Kind.COMMENT,
        recipients=[person],
        key=key,
        title=f"Comment {key}",
        url=cast.riverside.get_absolute_url(),
        district=district if district is not None else cast.riverside,
    )
    return Notice.objects.get(recipient=person, key=key)


def test_a_person_lists_their_notices_newest_first_and_the_unread_ones(cast, client):
    first = tell(cast, cast.lead, "one")
    second = tell(cast, cast.lead, "two")
    tell(cast, cast.member, "theirs")
    Notice.objects.filter(pk=first.pk).update(read_at=first.created_at)
    mine = client.get(api("notifications/"), **bearer(cast))
    assert mine.status_code == 200
    rows = mine.json()["results"]
    assert [r["code"] for r in rows] == [str(second.code), str(first.code)]
    assert rows[0]["kind"] == "comment" and rows[0]["district"] == cast.riverside.code
    assert rows[0]["url"] == f"http://testserver{cast.riverside.get_absolute_url()}"
    assert rows[0]["read_at"] is None and rows[1]["read_at"] is not None
    unread = client.get(api("notifications/?unread=true"), **bearer(cast)).json()["results"]
    assert [r["code"] for r in unread] == [str(second.code)]
    read = client.get(api("notifications/?unread=false"), **bearer(cast)).json()["results"]
    assert [r["code"] for r in read] == [str(first.code)]
    bad = client.get(api("notifications/?unread=perhaps"), **bearer(cast))
    assert bad.status_code == 400 and "unread" in bad.json()


def test_reading_one_marks_nothing_and_read_marks_it_for_its_owner_only(cast, client):
    notice = tell(cast, cast.lead, "one")
    detail = api(f"notifications/{notice.code}/")
    assert client.get(detail, **bearer(cast)).json()["title"] == "Comment one"
    notice.refresh_from_db()
    assert notice.read_at is None
    assert client.post(detail + "read/", **bearer(cast, "member")).status_code == 404
    assert client.get(detail, **bearer(cast, "member")).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
    marked = client.post(detail + "read/", **bearer(cast))
    assert marked.status_code == 200 and marked.json()["read_at"] is not None
    notice.refresh_from_db()
    assert notice.read_at is not None
    page = client.get("/notifications/", **bearer(cast))  # a token is not a browser session
    assert page.status_code == 302


def test_read_all_marks_the_persons_own_and_says_how_many(cast, client):
    tell(cast, cast.lead, "one")
    tell(cast, cast.lead, "two")
    tell(cast, cast.member, "theirs")
    done = client.post(api("notifications/read-all/"), **bearer(cast))
    assert done.status_code == 200 and done.json() == {"marked": 2}
    assert not Notice.objects.filter(recipient=cast.lead, read_at=None).exists()
    assert Notice.objects.filter(recipient=cast.member, read_at=None).count() == 1
    again = client.post(api("notifications/read-all/"), **bearer(cast))
    assert again.json() == {"marked": 0}


def test_a_notice_of_a_district_the_person_left_is_gone_from_the_api_too(cast, client):
    notice = tell(cast, cast.member, "before")
    cast.member_membership.delete()
    assert client.get(api("notifications/"), **bearer(cast, "member")).json()["results"] == []
    detail = api(f"notifications/{notice.code}/")
    assert client.get(detail, **bearer(cast, "member")).status_code == 404
    assert client.post(detail + "read/", **bearer(cast, "member")).status_code == 404


def test_email_choices_read_and_change_one_kind_at_a_time(cast, client):
    url = api("notifications/preferences/")
    chosen = client.get(url, **bearer(cast, "member")).json()
    assert chosen["comment"] == "at_once" and chosen["report_ready"] == "off"
    assert "digest" not in chosen
    changed = client.patch(
        url, {"comment": "weekly"}, content_type="application/json", **bearer(cast, "member")
    )
    assert changed.status_code == 200 and changed.json()["comment"] == "weekly"
    assert changed.json()["round_due"] == "at_once"  # the others stay
    assert Preference.objects.get(user=cast.member, kind="comment").frequency == "weekly"
    assert client.get(url, **bearer(cast)).json()["comment"] == "at_once"  # the lead's own
    for body, field in [
        ({"comment": "hourly"}, "comment"),
        ({"digest": "daily"}, "digest"),
        ({"no_such_kind": "off"}, "no_such_kind"),
    ]:
        refused = client.patch(url, body, content_type="application/json", **bearer(cast, "member"))
        assert refused.status_code == 400 and field in refused.json(), body
    assert Preference.objects.get(user=cast.member, kind="comment").frequency == "weekly"
    assert client.put(url, {}, content_type="application/json", **bearer(cast)).status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_takes_the_same_queries_however_many_notices(cast, client, count):
    for n in range(count):
        tell(cast, cast.lead, f"n{n}", district=cast.riverside if n % 2 else None)
    headers = bearer(cast)
    client.get(api("notifications/"), **headers)
    with CaptureQueriesContext(connection) as queries:
        rows = client.get(api("notifications/"), **headers).json()["results"]
    assert len(rows) == count
    assert len(queries) == 3, [q["sql"] for q in queries]  # the token, the count, the page
