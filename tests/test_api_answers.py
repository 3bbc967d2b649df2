"""What every answer under /api/ is (issue 29): JSON, the 404 of a path no route matches
included, and never kept by a cache on the way; and what the OpenAPI schema declares of the
conditional writes, so that a client generated from it sends If-Match unaided."""

import json
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from drf_spectacular.generators import EndpointEnumerator
from openapi_spec_validator import validate
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from api.base import ConditionalWrites
from api.models import ApiToken
from districts.access import NOT_FOUND_MESSAGE


def bearer(person) -> dict:
    _, token = ApiToken.issue(user=person, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def assert_json_not_kept(response) -> dict:
    assert response["Content-Type"].split(";")[0] == "application/json"
    assert response["Cache-Control"] == "private, no-store"
    return response.json()


# ------------------------------------------------------------------ JSON, not kept


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nope/",
        "/api/v1/districts/x/y/z",
        "/api/v1/districts/{district}/rounds/not-a-uuid/",
        "/api/v1/districts/{district}/rounds/not-a-uuid/consensus/1/",
        "/api/nope",
        "/api/",
    ],
)
@pytest.mark.parametrize("who", ["lead", "anonymous"])
def test_a_path_no_route_matches_answers_a_json_404(cast, client_for, path, who):
    response = client_for(who).get(path.format(district=cast.riverside.code))
    assert response.status_code == 404
    assert assert_json_not_kept(response) == {"detail": NOT_FOUND_MESSAGE}


def test_an_error_django_catches_under_the_api_answers_json(cast, client_for):
    client = client_for("lead")
    client.raise_request_exception = False
    with mock.patch("api.districts.DistrictViewSet.list", side_effect=RuntimeError("boom")):
        response = client.get("/api/v1/districts/")
    assert response.status_code == 500
    body = assert_json_not_kept(response)
    assert "logged" in body["detail"] and "boom" not in json.dumps(body)


def test_pages_outside_the_api_keep_their_own_404(cast, client_for):
    response = client_for("lead").get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_signed_in_answers_are_kept_by_no_cache(cast, client_for, submitted_round):
    district = cast.riverside.code
    paths = [
        "/api/v1/districts/",
        f"/api/v1/districts/{district}/rounds/",
        f"/api/v1/districts/{district}/rounds/{submitted_round.code}/",
        "/api/v1/notifications/preferences/",
        "/api/schema/",
    ]
    for client, headers in ((client_for("lead"), {}), (Client(), bearer(cast.lead))):
        for path in paths:
            response = client.get(path, **headers)
            assert response.status_code == 200, path
            assert response["Cache-Control"] == "private, no-store", path
    refused = Client().get(f"/api/v1/districts/{district}/rounds/", **bearer(cast.outsider))
    assert refused.status_code == 404
    assert_json_not_kept(refused)


def test_anonymous_and_throttled_answers_are_kept_by_no_cache_either(cast):
    cache.clear()
    with mock.patch.object(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"}):
        answers = [Client().get("/api/v1/districts/") for _ in range(2)]
    with mock.patch.object(UserRateThrottle, "THROTTLE_RATES", {"user": "1/minute"}):
        headers = bearer(cast.lead)
        answers += [Client().get("/api/v1/districts/", **headers) for _ in range(2)]
    cache.clear()
    assert [a.status_code for a in answers] == [401, 429, 200, 429]
    for answer in answers:
        assert_json_not_kept(answer)
    assert "Retry-After" in answers[1]


def test_the_schema_is_json_unless_yaml_is_asked_for(cast):
    headers = bearer(cast.lead)
    schema = Client().get("/api/schema/", **headers)
    assert schema["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert schema.json()["openapi"].startswith("3.")
    yaml = Client().get("/api/schema/?format=yaml", **headers)
    assert yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.content.startswith(b"openapi: 3")


# ------------------------------------------------------------------ If-Match in the schema


@pytest.fixture
def schema(cast):
    response = Client().get("/api/schema/", **bearer(cast.lead))
    assert response.status_code == 200
    return response.json()


def routes():
    """Every (path, method, action, conditional) of the API, from its URL map: conditional
    when the view stands on ConditionalWrites."""
    for path, _, method, callback in EndpointEnumerator().get_api_endpoints():
        actions = getattr(callback, "actions", None) or {}
        conditional = issubclass(callback.cls, ConditionalWrites)
        yield path, method.lower(), actions.get(method.lower()), conditional


def if_match(operation: dict) -> list[dict]:
    return [
        p
        for p in operation.get("parameters", [])
        if p["in"] == "header" and p["name"].lower() == "if-match"
    ]


def test_the_schema_is_valid_openapi(schema):
    validate(schema)


def test_every_conditional_write_declares_if_match_required_and_every_answer_its_etag(schema):
    checked = {"if-match": 0, "etag": 0}
    undocumented = set()
    for path, method, action, conditional in routes():
        if path not in schema["paths"]:
            undocumented.add(path)
            continue
        operation = schema["paths"][path][method]
        where = f"{method.upper()} {path}"
        if conditional and method in ("put", "patch", "delete"):
            [header] = if_match(operation)
            assert header["required"] is True, where
            assert {"412", "428"} <= set(operation["responses"]), where
            checked["if-match"] += 1
        else:
            assert if_match(operation) == [], where
            assert not {"412", "428"} & set(operation["responses"]), where
        answers_one = action in ("retrieve", "update", "partial_update", "create")
        success = "201" if method == "post" else "200"
        headers = operation["responses"].get(success, {}).get("headers", {})
        if conditional and answers_one:
            assert "ETag" in headers, where
            checked["etag"] += 1
        else:
            assert "ETag" not in headers, where
    assert undocumented == {"/api/docs/", "/api/schema/"}  # the documentation itself
    assert checked["if-match"] >= 12 and checked["etag"] >= 15  # the four resources and more


def test_a_client_reading_only_the_schema_makes_a_conditional_write(cast, schema, draft_round):
    """What a generated client does: the headers the operation requires, from the schema;
    their value, from the header the read's answer declares."""
    path = "/api/v1/districts/{district}/rounds/{round_code}/consensus/{dimension}/"
    read, write = schema["paths"][path]["get"], schema["paths"][path]["put"]
    [answered] = read["responses"]["200"]["headers"]
    required = [p["name"] for p in write["parameters"] if p["in"] == "header" and p.get("required")]
    assert required == ["If-Match"]

    dimension = draft_round.framework.domains.first().dimensions.first()
    url = path.format(
        district=cast.riverside.code, round_code=draft_round.code, dimension=dimension.code
    )
    client, headers = Client(), bearer(cast.lead)
    tag = client.get(url, **headers)[answered]
    body = json.dumps({"level": 2, "evidence": "Board minutes"})
    kwargs = {"content_type": "application/json", **headers}
    assert client.put(url, body, **kwargs).status_code == 428  # without the header
    saved = client.put(
        url, body, **kwargs, **{"HTTP_" + required[0].upper().replace("-", "_"): tag}
    )
    assert saved.status_code == 200 and saved.json()["level"] == 2
    assert saved[answered] != tag
