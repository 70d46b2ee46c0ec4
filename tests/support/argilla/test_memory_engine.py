"""The stand-in search engine keeps argilla-server's own semantics: these are the queries Together relies on,
checked through the real REST API and read back with the official SDK."""

import argilla as rg
import httpx
from queries import PENDING, with_my_response


def sign_in(argilla, username):
    token = httpx.post(f"{argilla['api']}/token", data={"username": username, "password": "12345678"}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def pending(argilla, auth, dataset, limit=50):
    url = f"{argilla['api']}/me/datasets/{argilla[dataset]}/records/search?include=responses&include=suggestions&offset=0&limit={limit}"
    response = httpx.post(url, headers=auth, json=PENDING)
    assert response.status_code == 200, response.text
    return response.json()


def answer(argilla, auth, record_id, status, rating=None):
    body = {"status": status}
    if rating is not None:
        body["values"] = {"quality": {"value": rating}}
    response = httpx.post(f"{argilla['api']}/records/{record_id}/responses", headers=auth, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_each_annotator_gets_every_pending_record_in_an_own_stable_order(argilla):
    ann1, ann2 = sign_in(argilla, "ann1"), sign_in(argilla, "ann2")
    first = [i["record"]["id"] for i in pending(argilla, ann1, "prompt-rating")["items"]]
    again = [i["record"]["id"] for i in pending(argilla, ann1, "prompt-rating")["items"]]
    other = [i["record"]["id"] for i in pending(argilla, ann2, "prompt-rating")["items"]]
    assert len(first) == 5 and first == again
    assert sorted(first) == sorted(other)
    assert first != other


def test_answering_removes_a_record_from_my_queue_only_until_it_is_complete(argilla):
    ann1, ann2 = sign_in(argilla, "ann1"), sign_in(argilla, "ann2")
    owner = {"X-Argilla-Api-Key": "argilla.apikey"}
    record = pending(argilla, ann1, "prompt-rating")["items"][0]["record"]
    answer(argilla, ann1, record["id"], "submitted", 4)
    assert record["id"] not in [i["record"]["id"] for i in pending(argilla, ann1, "prompt-rating")["items"]]
    assert record["id"] in [i["record"]["id"] for i in pending(argilla, ann2, "prompt-rating")["items"]]
    answer(argilla, ann2, record["id"], "submitted", 5)  # min_submitted = 2: now complete
    owner_queue = pending(argilla, owner, "prompt-rating")
    assert record["id"] not in [i["record"]["id"] for i in owner_queue["items"]]
    assert owner_queue["total"] == 4
    progress = httpx.get(f"{argilla['api']}/datasets/{argilla['prompt-rating']}/progress", headers=owner).json()
    assert (progress["completed"], progress["pending"]) == (1, 4)


def test_drafts_and_discards_count_in_my_metrics_and_are_found_by_status(argilla):
    ann2 = sign_in(argilla, "ann2")
    queue = pending(argilla, ann2, "all-questions")["items"]
    answer(argilla, ann2, queue[0]["record"]["id"], "draft")
    answer(argilla, ann2, queue[1]["record"]["id"], "discarded")
    metrics = httpx.get(f"{argilla['api']}/me/datasets/{argilla['all-questions']}/metrics", headers=ann2).json()
    assert metrics["responses"] == {"total": 5, "submitted": 0, "discarded": 1, "draft": 1, "pending": 3}
    url = f"{argilla['api']}/me/datasets/{argilla['all-questions']}/records/search?include=responses"
    drafts = httpx.post(url, headers=ann2, json=with_my_response("draft")).json()
    assert [i["record"]["id"] for i in drafts["items"]] == [queue[0]["record"]["id"]]
    assert drafts["items"][0]["record"]["responses"][0]["status"] == "draft"


def test_text_search_and_suggestion_filters(argilla):
    owner = {"X-Argilla-Api-Key": "argilla.apikey"}
    url = f"{argilla['api']}/me/datasets/{argilla['prompt-rating']}/records/search"
    found = httpx.post(url, headers=owner, json={"query": {"text": {"q": "haiku"}}}).json()
    assert found["total"] == 1
    by_agent = httpx.post(url, headers=owner, json={"query": {}, "filters": {"and": [
        {"type": "terms", "scope": {"entity": "suggestion", "question": "quality", "property": "agent"}, "values": ["gpt-judge"]}]}}).json()
    assert by_agent["total"] == 5


def test_the_sdk_reads_back_exactly_what_the_rest_api_stored(argilla):
    ann1 = sign_in(argilla, "ann1")
    record = pending(argilla, ann1, "prompt-rating")["items"][0]["record"]
    answer(argilla, ann1, record["id"], "submitted", 2)
    client = rg.Argilla(api_url=argilla["url"], api_key="argilla.apikey")
    dataset = client.datasets("prompt-rating", workspace="together")
    stored = {r.id: r for r in dataset.records(with_responses=True)}
    by_external = next(r for r in stored.values() if str(r._model.id) == record["id"])
    values = [(r.value, r.status.value) for r in by_external.responses["quality"]]
    assert values == [(2, "submitted")]
