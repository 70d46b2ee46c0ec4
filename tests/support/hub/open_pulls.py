"""Open pull requests on a responses repo as contributors who may not write to it do (with the official
`huggingface_hub` client): ann, bo and cy each send two ratings of the question "quality"; then ann sends one
more pull request that writes in bo's folder, which no member should merge.

Usage: python open_pulls.py HUB_URL RESPONSES_REPO
Prints {"pulls", "answers", "contributors", "forged": number of the forged pull request}."""

import json
import os
import sys

os.environ.setdefault("HF_HUB_DISABLE_XET", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from huggingface_hub import CommitOperationAdd, HfApi  # noqa: E402


def lines(user, records, rating, at):
    return "".join(json.dumps({"record_id": r, "user": user, "status": "submitted", "values": {"quality": rating},
                               "updated_at_ms": at + i}) + "\n" for i, r in enumerate(records)).encode()


url, repo = sys.argv[1:3]
for n, user in enumerate(("ann", "bo", "cy")):
    HfApi(endpoint=url, token=f"hf_{user}").create_commit(
        repo, [CommitOperationAdd(f"data/{user}/pr-00000000-00000001.jsonl", lines(user, [f"r{n:05d}", "r00039"], 4, 2e12))],
        commit_message=f"2 answers from {user}", repo_type="dataset", create_pr=True)
forged = HfApi(endpoint=url, token="hf_ann").create_commit(
    repo, [CommitOperationAdd("data/bo/pr-00000009-00000009.jsonl", lines("bo", ["r00020"], 1, 3e12))],
    commit_message="an answer in bo's name", repo_type="dataset", create_pr=True)
print(json.dumps({"pulls": 4, "answers": 7, "contributors": 3, "forged": forged.pr_num}))
