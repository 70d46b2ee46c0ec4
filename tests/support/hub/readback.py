"""Read a contributor's answers back from a responses repo with the official `huggingface_hub` client, on main and
on every pull request branch. Prints {"revisions": [...], "files": {path: revision first seen at},
"answers": {record_id: [{"status", "values"}, …]}} with one entry per line found, so a test can check that each
answer arrived exactly once.

Usage: python readback.py HUB_URL REPO USER"""

import json
import os
import sys
import tempfile

os.environ.setdefault("HF_HUB_DISABLE_XET", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from huggingface_hub import HfApi, hf_hub_download  # noqa: E402
from huggingface_hub.errors import RevisionNotFoundError  # noqa: E402

url, repo, user = sys.argv[1:4]
api = HfApi(endpoint=url, token="hf_lead")
revisions = ["main"]
for number in range(1, 50):
    try:
        api.list_repo_files(repo, repo_type="dataset", revision=f"refs/pr/{number}")
    except RevisionNotFoundError:
        break
    revisions.append(f"refs/pr/{number}")

seen = {}  # path → revision it was first read at: a file on main and on a PR branch is the same file
for revision in revisions:
    for path in api.list_repo_files(repo, repo_type="dataset", revision=revision):
        if path.startswith(f"data/{user}/") and path.endswith(".jsonl") and path not in seen:
            seen[path] = revision

CACHE = tempfile.mkdtemp(prefix="together-readback-")
answers = {}
for path, revision in sorted(seen.items()):
    local = hf_hub_download(repo, path, repo_type="dataset", revision=revision, endpoint=url, token="hf_lead",
                            cache_dir=CACHE)
    with open(local) as lines:
        for line in lines:
            if line.strip():
                entry = json.loads(line)
                if entry["user"] == user:
                    answers.setdefault(entry["record_id"], []).append({"status": entry["status"], "values": entry["values"]})
print(json.dumps({"revisions": revisions, "files": seen, "answers": answers}))
