import json
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from api.models import ApiToken
from rubrics.models import ConsensusRating
from tests.rubric_helpers import dimensions_of


def bearer(cast, role="lead"):
    _, token = ApiToken.issue(user=cast.person(role), name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def api(path: str) -> str:
    return "/api/v1/" + path


def test_a_person_creates_a_token_sees_it_once_and_revokes_it(cast, client_for):
    """(Its expiry and the password asked again: tests/test_api_tokens.py.)"""
    from tests.factories import PASSWORD

    client = client_for("lead")
    asked = client.post(reverse("api_tokens"), {"name": "Board report", "days": "90"})
    page = client.post(asked.url, {"password": PASSWORD}, follow=True)
    token = page.context["created"]
    assert token.startswith("wpt_") and token in page.content.decode()
    row = ApiToken.objects.get()
    assert row.token_hash != token and token not in row.token_hash
    assert token not in client.get(reverse("api_tokens")).content.decode()  # shown once
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert Client().get(api("districts/"), **headers).status_code == 200
    client.post(reverse("api_token_revoke", kwargs={"api_token": row.code}))
    assert Client().get(api("districts/"), **headers).status_code == 401


def test_a_token_cannot_be_revoked_by_someone_else(cast, client_for):
    row, _ = ApiToken.issue(user=cast.lead, name="mine")
    response = client_for("member").post(
        reverse("api_token_revoke", kwargs={"api_token": row.code})
    )
    assert response.status_code == 404
    assert ApiToken.objects.active().count() == 1


def test_without_a_token_the_api_asks_for_one(db):
    response = Client().get(api("districts/"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert Client().get(api("districts/"), HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_listing_the_districts_rounds_with_a_token(cast, submitted_round):
    response = Client().get(api(f"districts/{cast.riverside.code}/rounds/"), **bearer(cast))
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    assert body["results"][0]["code"] == str(submitted_round.code)
    assert body["results"][0]["agreed"] == 15


def test_another_districts_data_answers_exactly_like_a_missing_one(cast, submitted_round):
    headers = bearer(cast, "outsider")
    foreign = Client().get(api(f"districts/{cast.riverside.code}/rounds/"), **headers)
    missing = Client().get(api("districts/nosuchdistrict/rounds/"), **headers)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()


@pytest.fixture
def consensus_url(cast, draft_round, framework):
    dimension = dimensions_of(framework)[0]
    return api(
        f"districts/{cast.riverside.code}/rounds/{draft_round.code}/consensus/{dimension.code}/"
    )


def put(url, data, headers, if_match=None):
    extra = {"HTTP_IF_MATCH": if_match} if if_match else {}
    return Client().put(url, json.dumps(data), content_type="application/json", **headers, **extra)


def test_updating_a_consensus_rating_needs_if_match_and_refuses_a_stale_one(cast, consensus_url):
    headers = bearer(cast)
    first = Client().get(consensus_url, **headers)
    assert first["ETag"] == '"0"'
    assert put(consensus_url, {"level": 2}, headers).status_code == 428
    saved = put(consensus_url, {"level": 2, "evidence": "Board minutes"}, headers, '"0"')
    assert saved.status_code == 200 and saved["ETag"] == '"1"'
    assert saved.json()["level_name"] == "Developing"
    # someone else saved first: the old ETag is refused and nothing changes
    stale = put(consensus_url, {"level": 3}, headers, '"0"')
    assert stale.status_code == 412
    assert ConsensusRating.objects.get().level.position == 2
    patched = Client().patch(
        consensus_url,
        json.dumps({"evidence": "Minutes of March"}),
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
        **headers,
    )
    assert patched.status_code == 200
    assert (patched.json()["level"], patched.json()["evidence"]) == (2, "Minutes of March")


def test_readers_cannot_write_through_the_api(cast, consensus_url):
    for role in ("member", "viewer"):
        response = put(consensus_url, {"level": 1}, bearer(cast, role), '"0"')
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"level": 2, "evidence": "bad\x00byte"}, "evidence"),
        ({"level": 2, "evidence": "x" * 10_001}, "evidence"),
        ({"level": 99}, "level"),
        ({"level": "high"}, "level"),
    ],
)
def test_bad_input_gets_400_with_a_message_per_field(cast, consensus_url, payload, field):
    response = put(consensus_url, payload, bearer(cast), '"0"')
    assert response.status_code == 400
    assert field in response.json()
    assert not ConsensusRating.objects.exists()


def test_the_cohort_reads_levels_without_evidence(cast, framework):
    from tests.rubric_helpers import submitted_round

    round_ = submitted_round(
        cast.riverside,
        cast.lead,
        framework,
        title="Shared",
        sharing="cohort",
        evidence="Private evidence",
    )
    url = api(f"districts/{cast.riverside.code}/rounds/{round_.code}/consensus/")
    facilitator = Client().get(url, **bearer(cast, "facilitator")).json()
    assert facilitator[0]["level_name"] == "Initiating"
    assert facilitator[0]["evidence"] == ""
    coach = Client().get(url, **bearer(cast, "coach")).json()
    assert coach[0]["evidence"] == "Private evidence"


def test_a_step_cannot_name_a_plan_or_coordinator_of_another_district(cast):
    from planning.models import ActionPlan

    theirs = ActionPlan.objects.create(district=cast.outer, goal="Theirs")
    response = Client().post(
        api(f"districts/{cast.riverside.code}/action-steps/"),
        json.dumps({"plan": str(theirs.code), "description": "x"}),
        content_type="application/json",
        **bearer(cast),
    )
    assert response.status_code == 400 and "plan" in response.json()
    ours = ActionPlan.objects.create(district=cast.riverside, goal="Ours")
    response = Client().post(
        api(f"districts/{cast.riverside.code}/action-steps/"),
        json.dumps(
            {"plan": str(ours.code), "description": "x", "coordinator": cast.outsider.email}
        ),
        content_type="application/json",
        **bearer(cast),
    )
    assert response.status_code == 400 and "coordinator" in response.json()


def test_plan_cells_are_written_with_if_match(cast):
    from planning.services import plan_set_horizon

    plan_set_horizon(district=cast.riverside, first_year=2026, years=4, acting_user=cast.lead)
    headers = bearer(cast, "member")
    url = api(f"districts/{cast.riverside.code}/plan/cells/2027-policy/")
    grid = Client().get(api(f"districts/{cast.riverside.code}/plan/cells/"), **headers).json()
    assert len(grid) == 12
    saved = put(url, {"target": "Board adopts IKF", "status": "on_track"}, headers, '"0"')
    assert saved.status_code == 200 and saved.json()["version"] == 1
    assert put(url, {"target": "late"}, headers, '"0"').status_code == 412


def test_indicator_criteria_follow_the_scale(cast):
    from competencies.services import competency_save

    competency = competency_save(
        district=cast.riverside,
        acting_user=cast.lead,
        kind="cross_curricular",
        title="Communication",
    )
    response = Client().post(
        api(f"districts/{cast.riverside.code}/indicators/"),
        json.dumps(
            {
                "competency": str(competency.code),
                "text": "Use evidence",
                "criteria": ["I can identify", "I can explain", "I can analyze", "I can create"],
            }
        ),
        content_type="application/json",
        **bearer(cast),
    )
    assert response.status_code == 201
    assert response.json()["criteria"][3] == "I can create"
    wrong = Client().post(
        api(f"districts/{cast.riverside.code}/indicators/"),
        json.dumps({"competency": str(competency.code), "text": "X", "criteria": ["one"]}),
        content_type="application/json",
        **bearer(cast),
    )
    assert wrong.status_code == 400


def test_the_schema_validates_and_the_docs_are_served_from_the_app(cast, client_for):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "openapi: 3" in out.getvalue()
    docs = client_for("viewer").get("/api/docs/")
    assert docs.status_code == 200
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs.content
    # No inline script (the CSP allows scripts from our origin only): the start-up script is
    # a file the same view serves.
    page = docs.content.decode()
    assert "<script>" not in page.replace(" ", "") and 'src="/api/docs/?script=' in page
    script = client_for("viewer").get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert b"/api/schema/" in script.content


def test_the_schema_and_docs_need_sign_in(cast):
    assert Client().get("/api/schema/").status_code == 401
    docs = Client().get("/api/docs/")
    assert docs.status_code == 302 and docs.url.startswith(reverse("login"))
    assert Client().get("/api/schema/", **bearer(cast)).status_code == 200


def test_anonymous_and_authenticated_use_are_throttled(cast):
    """Anonymous requests (401) and wrong tokens are throttled by address, before they are
    refused; signed-in use by person."""
    cache.clear()
    with mock.patch.object(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"}):
        anonymous = [Client().get(api("districts/")).status_code for _ in range(3)]
        cache.clear()
        wrong = {"HTTP_AUTHORIZATION": "Bearer wpt_not-a-token"}
        guessed = [Client().get(api("districts/"), **wrong).status_code for _ in range(3)]
    headers = bearer(cast)
    with mock.patch.object(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute"}):
        person = [Client().get(api("districts/"), **headers).status_code for _ in range(3)]
    cache.clear()
    assert anonymous == [401, 401, 429]
    assert guessed == [401, 401, 429]
    assert person == [200, 200, 429]


def test_every_api_view_throttles_before_it_refuses():
    """A new API view that forgot the base would answer 401 before any throttle runs."""
    from django.urls import get_resolver

    from api.base import ThrottledFirst

    def views(patterns):
        for entry in patterns:
            if hasattr(entry, "url_patterns"):
                yield from views(entry.url_patterns)
            else:
                yield entry.callback

    api_urls = get_resolver().url_patterns
    api_include = next(p for p in api_urls if str(p.pattern) == "api/")
    classes = [
        getattr(v, "cls", None) or getattr(v, "view_class", None) for v in views([api_include])
    ]
    checked = [c for c in classes if c is not None]
    assert len(checked) > 20
    assert all(issubclass(c, ThrottledFirst) for c in checked), [
        c for c in checked if not issubclass(c, ThrottledFirst)
    ]


def test_api_refusals_are_in_the_security_log(cast, submitted_round):
    from accounts.models import SecurityEvent

    Client().get(api(f"districts/{cast.riverside.code}/rounds/"), **bearer(cast, "outsider"))
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.OTHER_DISTRICT)
    assert (event.user, event.district) == (cast.outsider, cast.riverside)


def test_a_round_opened_through_the_api_names_only_a_meeting_of_its_cohorts(cast, framework):
    from datetime import date

    from districts.models import Cohort
    from meetings.models import Meeting

    other = Meeting.objects.create(
        cohort=Cohort.objects.create(name="Elsewhere"),
        title="Not ours",
        first_date=date(2026, 12, 16),
    )
    ours = Meeting.objects.create(cohort=cast.cohort, title="Ours", first_date=date(2026, 12, 15))
    url = api(f"districts/{cast.riverside.code}/rounds/")
    data = {"title": "Before December", "framework": str(framework.code)}
    refused = Client().post(
        url,
        json.dumps({**data, "meeting": str(other.code)}),
        content_type="application/json",
        **bearer(cast),
    )
    assert refused.status_code == 400 and "meeting" in refused.json()
    created = Client().post(
        url,
        json.dumps({**data, "meeting": str(ours.code)}),
        content_type="application/json",
        **bearer(cast),
    )
    assert created.status_code == 201 and created.json()["meeting"] == str(ours.code)
