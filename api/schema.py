"""The API's OpenAPI schema: what drf-spectacular reads from the views, plus what it cannot.

- A view that stands on ConditionalWrites (api.base) declares what it demands and answers:
  the If-Match header, required, on PUT, PATCH and DELETE, and the ETag header on the answers
  that carry one object. A client generated from the schema then sends If-Match without
  anyone reading the docs.
- Every operation documents the errors it can answer with, in one shape (DRF's:
  {"detail": "…"} or a list of messages per field); 412 and 428 only where If-Match is."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from api.base import ConditionalWrites

CONDITIONAL_WRITES = {"PUT", "PATCH", "DELETE"}

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag you last read of this object, for example "3" (a rating or a plan '
    'cell not written yet: "0"). Without it the answer is 428; when someone changed the '
    "object since, 412. Either way nothing changes.",
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=["200", "201"],
    description="The object's version: send it back as If-Match to change or delete it.",
)


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's, with the conditional writes of ConditionalWrites declared."""

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if isinstance(self.view, ConditionalWrites):
            if self.method in CONDITIONAL_WRITES:
                parameters.append(IF_MATCH)
            if self.method != "DELETE" and not self._is_list_view():
                parameters.append(ETAG)
        return parameters


ERROR = {
    "type": "object",
    "description": '{"detail": message} or {field: [messages]}.',
    "additionalProperties": True,
}

COMMON = {
    "400": "Invalid input: a message per field.",
    "401": "No valid token or session.",
    "403": "Your role may read this, not change it.",
    "404": "No such object, or not yours to see.",
    "429": "Too many requests: slow down.",
}
CONDITIONAL = {
    "412": "Someone changed the object since you read it (stale If-Match).",
    "428": "If-Match is required: this object is edited together.",
}


def needs_if_match(operation: dict) -> bool:
    return any(
        parameter.get("in") == "header" and parameter.get("name") == "If-Match"
        for parameter in operation.get("parameters", [])
    )


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    ref = {"$ref": "#/components/schemas/Error"}
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            errors = dict(COMMON)
            if needs_if_match(operation):
                errors.update(CONDITIONAL)
            if method in {"post", "put", "patch"}:
                errors["415"] = "Send JSON (Content-Type: application/json)."
            for code, description in errors.items():
                responses.setdefault(
                    code,
                    {"description": description, "content": {"application/json": {"schema": ref}}},
                )
    return result
