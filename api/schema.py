"""Schema post-processing: every operation documents the errors it can answer with, in one
shape (DRF's: {"detail": "…"} or a list of messages per field)."""

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


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    ref = {"$ref": "#/components/schemas/Error"}
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            errors = dict(COMMON)
            if method in {"put", "patch", "delete"}:
                errors.update(CONDITIONAL)
            if method in {"post", "put", "patch"}:
                errors["415"] = "Send JSON (Content-Type: application/json)."
            for code, description in errors.items():
                responses.setdefault(
                    code,
                    {"description": description, "content": {"application/json": {"schema": ref}}},
                )
    return result
