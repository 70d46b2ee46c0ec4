"""Commit a crowd's answers to a responses repo with the official `huggingface_hub` client, as the app writes
them (one batch file per contributor, `data/{user}/bench-{first}-{last}.jsonl`), for tests and benchmarks of large
tasks. Ratings 1–5 of the question "quality" on records r00000…; each contributor rates PER records, spread over
RECORDS. With `--task TASK_REPO`, first create that rating task (its `together.json` and RECORDS prompts in
`data/train.jsonl`) with RESPONSES_REPO as its responses repo. With `--files-each K`, each contributor's answers
are split over K batch files (as K sessions of the app write them). With `--pulls N`, then open N pull requests
of five answers each, as contributors who may not write to the repo send them (ann, bo and cy in turn).

Usage: python seed_crowd.py HUB_URL RESPONSES_REPO RECORDS CONTRIBUTORS PER [--task TASK_REPO] [--files-each K]
       [--pulls N]
Prints {"files", "responses", "pulls"}."""

import json
import os
import sys

os.environ.setdefault("HF_HUB_DISABLE_XET", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from huggingface_hub import CommitOperationAdd, HfApi  # noqa: E402


def rating_task(title: str, responses: str) -> dict:
    return {
        "task": {
            "title": title,
            "fields": [{"name": "prompt", "title": "Prompt"}],
            "questions": [{
                "name": "quality", "title": "Rate the quality of the prompt", "required": True,
                "kind": {"rating": {"options": [{"value": v} for v in range(1, 6)]}},
            }],
            "min_submitted": 2,
        },
        "records": {"path": "data/train.jsonl", "id_column": "id"},
        "responses": responses,
    }


def main(argv):
    url, repo = argv[1:3]
    records, contributors, per = (int(a) for a in argv[3:6])
    api = HfApi(endpoint=url, token="hf_lead")
    if "--task" in argv:
        task = argv[argv.index("--task") + 1]
        api.create_repo(task, repo_type="dataset", exist_ok=True)
        api.create_repo(repo, repo_type="dataset", exist_ok=True)
        rows = "".join(json.dumps({"id": f"r{i:05d}", "prompt": f"Crowd prompt {i}."}) + "\n" for i in range(records))
        definition = rating_task(f"Rate {records} prompts ({task})", repo)
        api.create_commit(task, repo_type="dataset", commit_message="A rating task", operations=[
            CommitOperationAdd("together.json", json.dumps(definition).encode()),
            CommitOperationAdd("data/train.jsonl", rows.encode()),
        ])
    each = int(argv[argv.index("--files-each") + 1]) if "--files-each" in argv else 1
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
        size = -(-per // each)
        for first in range(0, per, size):
            last = min(per, first + size) - 1
            content = "\n".join(lines[first:last + 1]) + "\n"
            operations.append(CommitOperationAdd(f"data/{user}/bench-{first:08d}-{last:08d}.jsonl", content.encode()))
    api.create_commit(repo, repo_type="dataset", operations=operations, commit_message=f"{contributors} contributors")
    pulls = int(argv[argv.index("--pulls") + 1]) if "--pulls" in argv else 0
    for n in range(pulls):
        user = ("ann", "bo", "cy")[n % 3]
        content = "".join(json.dumps({
            "record_id": f"r{(n * 5 + k) % records:05d}", "user": user, "status": "submitted",
            "values": {"quality": 1 + k}, "updated_at_ms": 2e12 + n * 10 + k,
        }) + "\n" for k in range(5))
        HfApi(endpoint=url, token=f"hf_{user}").create_commit(
            repo, [CommitOperationAdd(f"data/{user}/pr-{n * 5:08d}-{n * 5 + 4:08d}.jsonl", content.encode())],
            commit_message=f"5 answers from {user}", repo_type="dataset", create_pr=True)
    print(json.dumps({"files": len(operations), "responses": contributors * per, "pulls": pulls}))


if __name__ == "__main__":
    main(sys.argv)
