"""The measures API: list, create, change with If-Match, data points, the status in every
answer (issue 31)."""

import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from districts.models import Audience
from measures.models import DataPoint, Measure
from tests.measure_helpers import add_point, make_measure, measure_fields, plan_for
from tests.test_api import bearer


def _url(cast, rest=""):
    return f"/api/v1/districts/{cast.riverside.code}/measures/{rest}"


def _send(method, url, data, headers, **extra):
    return getattr(Client(), method)(
        url, json.dumps(data), content_type="application/json", **headers, **extra
    )


def test_a_lead_creates_a_measure_and_its_status_comes_back(cast):
    plan = plan_for(cast.riverside, cast.lead)
    data = measure_fields(
        baseline_value="20.00",
        baseline_date=(timezone.localdate() - timedelta(days=100)).isoformat(),
        owner=cast.member.email,
        targets=[{"year": plan.horizon[2], "value": "60"}],
    )
    made = _send("post", _url(cast), data, bearer(cast))
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"]["status"] == "needs_data" and body["targets"][0]["value"] == "60.00"
    assert made["ETag"] == '"1"'
    listed = Client().get(_url(cast), **bearer(cast, "coach")).json()
    assert listed["results"][0]["status"]["label"] == "Needs data"


def test_bad_input_is_refused_naming_the_field(cast):
    plan = plan_for(cast.riverside, cast.lead)
    data = measure_fields(
        name="Bad", baseline_value="150", targets=[{"year": plan.horizon[0], "value": "50"}]
    )
    refused = _send("post", _url(cast), data, bearer(cast))
    assert refused.status_code == 400 and "baseline_value" in refused.json()
    data |= {"baseline_value": "x"}
    assert "baseline_value" in _send("post", _url(cast), data, bearer(cast)).json()
    data |= {"baseline_value": "10", "targets": [{"year": plan.horizon[-1] + 1, "value": "5"}]}
    assert "targets" in _send("post", _url(cast), data, bearer(cast)).json()
    assert not Measure.objects.exists()


def test_a_change_needs_if_match_and_a_stale_one_is_refused(cast):
    measure = make_measure(cast.riverside, cast.lead)
    url = _url(cast, f"{measure.code}/")
    assert _send("patch", url, {"name": "New"}, bearer(cast)).status_code == 428
    changed = _send("patch", url, {"name": "New"}, bearer(cast), HTTP_IF_MATCH='"1"')
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert len(changed.json()["targets"]) == 2  # kept when not sent
    stale = _send("patch", url, {"name": "Newer"}, bearer(cast), HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert _send("patch", url, {"name": "X"}, bearer(cast, "viewer")).status_code == 403


def test_points_are_added_and_corrected_with_the_measures_status(cast):
    measure = make_measure(cast.riverside, cast.lead)
    url = _url(cast, f"{measure.code}/points/")
    today = timezone.localdate().isoformat()
    added = _send("post", url, {"value": "45", "as_of": today}, bearer(cast, "member"))
    assert added.status_code == 201, added.content
    assert added.json()["measure_status"]["status"] == "on_track"
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    refused = _send("post", url, {"value": "45", "as_of": future}, bearer(cast, "member"))
    assert refused.status_code == 400 and "as_of" in refused.json()
    point = url + added.json()["code"] + "/"
    fixed = _send("patch", point, {"value": "21"}, bearer(cast), HTTP_IF_MATCH='"1"')
    assert fixed.status_code == 200 and fixed.json()["measure_status"]["status"] == "off_track"
    assert (
        _send("patch", point, {"value": "22"}, bearer(cast), HTTP_IF_MATCH='"1"').status_code == 412
    )


def test_the_cohort_reads_numbers_but_not_notes_once_the_plan_is_shared(cast):
    measure = make_measure(cast.riverside, cast.lead)
    point = add_point(measure, cast.member, 30)
    DataPoint.objects.filter(pk=point.pk).update(note="Two schools missing")
    url = _url(cast, f"{measure.code}/points/")
    assert Client().get(url, **bearer(cast, "facilitator")).status_code == 403
    cast.riverside.plan_sharing = Audience.COHORT
    cast.riverside.save()
    rows = Client().get(url, **bearer(cast, "facilitator")).json()["results"]
    assert rows[0]["value"] == "30.00" and "note" not in rows[0]
    assert Client().get(url, **bearer(cast, "coach")).json()["results"][0]["note"]
