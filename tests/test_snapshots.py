"""Board snapshots: a lead publishes the parts they choose at an unguessable link with an
expiry; anyone with the link reads exactly those parts, without signing in, until it is
stopped or expires; not indexed, rate-limited, every view counted."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dashboards.models import BoardSnapshot
from planning.models import ActionPlan
from tests.rubric_helpers import submitted_round


@pytest.fixture
def spring(cast, framework):
    return submitted_round(
        cast.riverside, cast.lead, framework, title="Spring 2026", evidence="Board minutes of March"
    )


def publish(client, cast, **parts):
    data = {"title": "Report to the board, March", "days": "30", **parts}
    response = client.post(
        reverse("dashboards:snapshots", kwargs={"district": cast.riverside.code}), data
    )
    assert response.status_code == 200, response.content[:300]
    link = response.context["made_link"]
    assert link.startswith("http://testserver/board/")
    return link.removeprefix("http://testserver")


def test_a_lead_publishes_the_chosen_parts_and_anyone_with_the_link_reads_them(
    cast, client_for, spring
):
    ActionPlan.objects.create(district=cast.riverside, goal="Pilot scoring criteria")
    path = publish(client_for("lead"), cast, show_levels="on", show_actions="on")
    public = Client()
    response = public.get(path)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Spring 2026" in page and "Pilot scoring criteria" in page
    # each dimension's level by name (every one Initiating in this round), none "Not rated"
    assert page.count(">Initiating</span>") == 15 and "Not rated" not in page
    assert "long-term plan" not in page.lower().split("</h1>")[1]  # not chosen
    assert "Board minutes of March" not in page  # evidence only when chosen
    assert response["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    assert '<meta name="robots" content="noindex' in page
    assert response["Cache-Control"] == "no-store"
    public.get(path)
    assert BoardSnapshot.objects.get().views == 2
    # evidence, when chosen
    with_evidence = publish(client_for("lead"), cast, show_levels="on", show_evidence="on")
    assert "Board minutes of March" in Client().get(with_evidence).content.decode()


def test_a_stopped_or_expired_link_shows_nothing(cast, client_for, spring):
    path = publish(client_for("lead"), cast, show_levels="on")
    snapshot = BoardSnapshot.objects.get()
    stop = reverse(
        "dashboards:snapshot_stop",
        kwargs={"district": cast.riverside.code, "snapshot": snapshot.code},
    )
    assert client_for("member").post(stop).status_code == 403
    asked = client_for("lead").get(stop).content.decode()
    assert (
        "Stop the link of “" in asked and "Yes, stop" in asked and "cannot be undone" not in asked
    )
    stopped = client_for("lead").post(stop, follow=True).content.decode()
    assert "Stopped: the link of “" in stopped
    gone = Client().get(path)
    assert gone.status_code == 404 and "Spring 2026" not in gone.content.decode()
    again = publish(client_for("lead"), cast, show_levels="on")
    BoardSnapshot.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert Client().get(again).status_code == 404
    assert Client().get("/board/not-a-real-link-at-all/").status_code == 404


def test_only_leads_publish_and_bad_input_is_refused_with_reasons(cast, client_for):
    url = reverse("dashboards:snapshots", kwargs={"district": cast.riverside.code})
    for role, status in (("member", 403), ("viewer", 403), ("coach", 403), ("outsider", 404)):
        assert client_for(role).get(url).status_code == status, role
    response = client_for("lead").post(url, {"title": " ", "days": "0"})
    assert response.status_code == 400
    assert not BoardSnapshot.objects.exists()
    response = client_for("lead").post(url, {"title": "Nothing chosen", "days": "30"})
    assert response.status_code == 400 and "at least one part" in response.content.decode()


def test_views_from_one_address_are_limited(cast, client_for, spring, monkeypatch):
    from dashboards import snapshots

    # all in one window, even on a machine slow enough for the requests to cross a minute
    monkeypatch.setattr(snapshots, "this_minute", lambda: 29_000_000)
    path = publish(client_for("lead"), cast, show_levels="on")
    public = Client()
    statuses = [public.get(path).status_code for _ in range(snapshots.VIEWS_PER_MINUTE + 1)]
    assert statuses[:-1] == [200] * snapshots.VIEWS_PER_MINUTE and statuses[-1] == 429
    assert BoardSnapshot.objects.get().views == snapshots.VIEWS_PER_MINUTE
    monkeypatch.setattr(snapshots, "this_minute", lambda: 29_000_001)  # the next minute
    assert public.get(path).status_code == 200


def test_the_printable_version_is_the_same_page_without_the_print_link(cast, client_for, spring):
    path = publish(client_for("lead"), cast, show_levels="on")
    page = Client().get(path + "?print=1").content.decode()
    assert "Spring 2026" in page and "A version to print" not in page


def test_the_api_lists_the_districts_snapshots_to_its_leads_and_stops_one(cast, client_for, spring):
    from api.models import ApiToken

    publish(client_for("lead"), cast, show_levels="on")
    snapshot = BoardSnapshot.objects.get()

    def api(person):
        return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user=person, name='t')[1]}")

    path = f"/api/v1/districts/{cast.riverside.code}/snapshots/"
    [row] = api(cast.lead).get(path).json()["results"]
    assert row["title"] == "Report to the board, March" and row["live"] is True
    assert "token" not in str(row)  # the link is shown once, on the page
    assert api(cast.member).get(path).status_code == 403
    assert api(cast.outsider).get(path).status_code == 404
    assert api(cast.member).delete(f"{path}{snapshot.code}/").status_code == 403
    assert api(cast.lead).delete(f"{path}{snapshot.code}/").status_code == 204
    snapshot.refresh_from_db()
    assert snapshot.revoked_at is not None


def test_a_snapshot_shows_the_chosen_measures_with_their_charts(cast, client_for):
    from tests.measure_helpers import add_point, make_measure

    chosen = make_measure(cast.riverside, cast.lead)
    add_point(chosen, cast.member, 44)
    make_measure(cast.riverside, cast.lead, name="Families at engagement activities")
    path = publish(client_for("lead"), cast, measures=[str(chosen.code)])
    page = Client().get(path).content.decode()
    assert "Courses with common scoring criteria: On track" in page
    assert 'role="img"' in page and "How the status is decided." in page
    assert "Families at engagement activities" not in page  # not chosen
