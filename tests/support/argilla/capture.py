"""Capture what argilla-server 2.8 really answers, as fixtures for Together's wire DTO tests.

Usage: python capture.py http://127.0.0.1:PORT OUT_DIR   (after seed.py). Signs in as ann1 with a password,
reads everything the annotate page reads, writes a draft and a submitted response, and saves each body as JSON.
"""

import json
import os
import sys

import httpx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from queries import PENDING, with_my_response  # noqa: E402

URL, OUT = sys.argv[1].rstrip("/") + "/api/v1", sys.argv[2]
os.makedirs(OUT, exist_ok=True)


def save(name, response):
    assert response.status_code < 500, (name, response.status_code, response.text)
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        json.dump({"status": response.status_code, "body": response.json()}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return response.json()


http = httpx.Client(timeout=30)
token = save("token", http.post(f"{URL}/token", data={"username": "ann1", "password": "12345678"}))
auth = {"Authorization": f"Bearer {token['access_token']}"}
save("token-refused", http.post(f"{URL}/token", data={"username": "ann1", "password": "wrong-password"}))
save("me", http.get(f"{URL}/me", headers=auth))
save("me-unauthorized", http.get(f"{URL}/me", headers={"X-Argilla-Api-Key": "not-a-key"}))
save("me-workspaces", http.get(f"{URL}/me/workspaces", headers=auth))
datasets = save("me-datasets", http.get(f"{URL}/me/datasets", headers=auth))
ds = next(d for d in datasets["items"] if d["name"] == "all-questions")
save("dataset", http.get(f"{URL}/datasets/{ds['id']}", headers=auth))
save("fields", http.get(f"{URL}/datasets/{ds['id']}/fields", headers=auth))
save("questions", http.get(f"{URL}/datasets/{ds['id']}/questions", headers=auth))
search = f"{URL}/me/datasets/{ds['id']}/records/search?include=responses&include=suggestions&offset=0&limit=2"
page = save("search-pending", http.post(search, headers=auth, json=PENDING))
first, second = page["items"][0]["record"], page["items"][1]["record"]
values = {
    "quality": {"value": 4},
    "verdict": {"value": "no"},
    "topics": {"value": ["math", "code"]},
    "ranking": {"value": [{"value": "c", "rank": 1}, {"value": "a", "rank": 2}, {"value": "b", "rank": 3}]},
    "improved": {"value": "Explain it with marbles."},
    "entities": {"value": [{"label": "PER", "start": 0, "end": 12}]},
}
created = save("response-created", http.post(f"{URL}/records/{first['id']}/responses", headers=auth, json={"status": "draft", "values": {"quality": {"value": 2}}}))
save("response-conflict", http.post(f"{URL}/records/{first['id']}/responses", headers=auth, json={"status": "draft", "values": {}}))
save("response-invalid", http.put(f"{URL}/responses/{created['id']}", headers=auth, json={"status": "submitted", "values": {**values, "quality": {"value": 7}}}))
save("response-updated", http.put(f"{URL}/responses/{created['id']}", headers=auth, json={"status": "submitted", "values": values}))
save("response-discarded", http.post(f"{URL}/records/{second['id']}/responses", headers=auth, json={"status": "discarded"}))
save("search-submitted", http.post(search, headers=auth, json=with_my_response("submitted")))
save("metrics", http.get(f"{URL}/me/datasets/{ds['id']}/metrics", headers=auth))
save("progress", http.get(f"{URL}/datasets/{ds['id']}/progress", headers=auth))
save("users-progress", http.get(f"{URL}/datasets/{ds['id']}/users/progress", headers=auth))
print("captured", len(os.listdir(OUT)), "bodies in", OUT)
