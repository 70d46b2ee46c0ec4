"""Search bodies as the Argilla UI (and Together) send them."""

# Records without my response that still need responses.
PENDING = {
    "query": {},
    "filters": {
        "and": [
            {"type": "terms", "scope": {"entity": "response", "property": "status"}, "values": ["pending"]},
            {"type": "terms", "scope": {"entity": "record", "property": "status"}, "values": ["pending"]},
        ]
    },
}


def with_my_response(status: str) -> dict:
    """Records where my response has `status` (draft, submitted or discarded)."""
    scope = {"entity": "response", "property": "status"}
    return {"query": {}, "filters": {"and": [{"type": "terms", "scope": scope, "values": [status]}]}}
