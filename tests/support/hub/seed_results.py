"""Publish a results dataset for the model leaderboard with the official `huggingface_hub` client, as an
evaluation job would: one row per model and language, as CSV or JSONL (by the path's extension).

Usage: python seed_results.py HUB_URL REPO PATH < [{"model": …, "language": …, "score": …, "n": …, "date": …}, …]
Prints {"repo", "path"}."""

import csv
import io
import json
import os
import sys

os.environ.setdefault("HF_HUB_DISABLE_XET", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from huggingface_hub import HfApi  # noqa: E402

url, repo, path = sys.argv[1:4]
rows = json.load(sys.stdin)
if path.endswith(".csv"):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["model", "language", "score", "n", "date"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    body = out.getvalue()
else:
    body = "".join(json.dumps(row) + "\n" for row in rows)
api = HfApi(endpoint=url, token="hf_lead")
api.create_repo(repo, repo_type="dataset", exist_ok=True)
api.upload_file(path_or_fileobj=body.encode(), path_in_repo=path, repo_id=repo, repo_type="dataset",
                commit_message="Evaluation results")
print(json.dumps({"repo": repo, "path": path}))
