"""Commit a crowd's answers to a responses repo with the official `huggingface_hub` client, as the app writes
them (one batch file per contributor, `data/{user}/bench-{first}-{last}.jsonl`), for the benchmarks of large
tasks. Ratings 1–5 on records r00000…; each contributor rates PER records, spread over RECORDS.

Usage: python seed_crowd.py HUB_URL RESPONSES_REPO RECORDS CONTRIBUTORS PER"""

import json
import os
import sys

os.environ.setdefault("HF_HUB_DISABLE_XET", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from huggingface_hub import CommitOperationAdd, HfApi  # noqa: E402

url, repo = sys.argv[1:3]
records, contributors, per = (int(a) for a in sys.argv[3:6])
api = HfApi(endpoint=url, token="hf_lead")
operations = []
for c in range(contributors):
    user = f"crowd{c:04d}"
    lines = []
    for k in range(per):
        record = (c * per + k) % records
        lines.append(json.dumps({
            "record_id": f"r{record:05d}", "user": user, "status": "submitted",
            "values": {"quality": 1 + (c + k) % 5}, "updated_at_ms": 1.7e12 + c * 1000 + k,
        }))
    operations.append(CommitOperationAdd(f"data/{user}/bench-{0:08d}-{per - 1:08d}.jsonl", ("\n".join(lines) + "\n").encode()))
api.create_commit(repo, repo_type="dataset", operations=operations, commit_message=f"{contributors} contributors")
print(json.dumps({"files": contributors, "responses": contributors * per}))
