"""The fake Hub for the end-to-end tests: start it on a free loopback port (trusting the OpenID provider named by
FAKE_HUB_OIDC), create a Hub-native task with the official `huggingface_hub` client, print one JSON line, and
serve until terminated.

The task `mpep/prompts-es` holds `together.json` and 12 prompts in `data/train.jsonl`; its answers go to
`mpep/prompts-es-responses`. The users "lead", "mia" and "noor" are members of `mpep` (they commit directly);
anyone else opens a pull request."""

import json
import os
import signal
import sys
import tempfile
import time

os.environ.setdefault("HF_HUB_DISABLE_XET", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("FAKE_HUB_ORGS", json.dumps({"mpep": ["lead", "mia", "noor"]}))

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from loopback import free_port, serve  # noqa: E402

from huggingface_hub import CommitOperationAdd, HfApi  # noqa: E402

TASK = {
    "task": {
        "title": "Translate prompts into Spanish",
        "summary": "Translate 12 curated prompts for the multilingual benchmark.",
        "guidelines": "Translate the prompt into **Spanish**. Keep its meaning, tone and formatting.",
        "language": {"code": "es", "name": "Español"},
        "fields": [{"name": "source", "title": "Prompt"}],
        "questions": [
            {"name": "target", "title": "Translation", "required": True, "kind": {"text": {}}},
        ],
        "min_submitted": 2,
    },
    "records": {"path": "data/train.jsonl", "id_column": "id"},
    "responses": "mpep/prompts-es-responses",
}
PROMPTS = [f"Prompt number {i}: explain something interesting." for i in range(1, 13)]
# A rating task for the benchmark: HUB_RATING_RECORDS prompts (none unless asked for).
RATING_RECORDS = int(os.environ.get("HUB_RATING_RECORDS", "0"))
RATING_TASK = {
    "task": {
        "title": "Rate prompt quality",
        "fields": [{"name": "prompt", "title": "Prompt"}],
        "questions": [
            {
                "name": "quality",
                "title": "Rate the quality of the prompt",
                "required": True,
                "kind": {"rating": {"options": [{"value": v} for v in range(1, 6)]}},
            }
        ],
        "min_submitted": 2,
    },
    "records": {"path": "data/train.jsonl", "id_column": "id"},
    "responses": "mpep/prompt-ratings-responses",
}


def seed(url: str) -> dict:
    lead = HfApi(endpoint=url, token="hf_lead")
    lead.create_repo("mpep/prompts-es", repo_type="dataset")
    lead.create_repo("mpep/prompts-es-responses", repo_type="dataset")
    rows = "".join(json.dumps({"id": f"p{i:02d}", "source": text}) + "\n" for i, text in enumerate(PROMPTS, 1))
    lead.create_commit(
        "mpep/prompts-es",
        repo_type="dataset",
        commit_message="A Hub-native task",
        operations=[
            CommitOperationAdd("together.json", json.dumps(TASK, indent=1).encode()),
            CommitOperationAdd("data/train.jsonl", rows.encode()),
        ],
    )
    lead.upload_file(
        path_or_fileobj=b"Answers to mpep/prompts-es, one JSONL file per batch in data/USER/.\n",
        path_in_repo="ABOUT.txt",
        repo_id="mpep/prompts-es-responses",
        repo_type="dataset",
    )
    described = {"task": "mpep/prompts-es", "responses": "mpep/prompts-es-responses", "records": len(PROMPTS)}
    if RATING_RECORDS:
        lead.create_repo("mpep/prompt-ratings", repo_type="dataset")
        lead.create_repo("mpep/prompt-ratings-responses", repo_type="dataset")
        rows = "".join(
            json.dumps({"id": f"r{i:05d}", "prompt": f"Rating prompt {i}: write a short story about the number {i}."}) + "\n"
            for i in range(RATING_RECORDS)
        )
        lead.create_commit(
            "mpep/prompt-ratings",
            repo_type="dataset",
            commit_message="A rating task",
            operations=[
                CommitOperationAdd("together.json", json.dumps(RATING_TASK).encode()),
                CommitOperationAdd("data/train.jsonl", rows.encode()),
            ],
        )
        described["rating_task"] = "mpep/prompt-ratings"
    return described


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    port = free_port()
    home = tempfile.mkdtemp(prefix="together-e2e-hub-")
    log = os.path.join(home, "hub.log")
    with serve([os.path.join(HERE, "fake_hub.py"), str(port)], "/health", port, timeout_s=30, log_path=log) as url:
        print(json.dumps({"url": url, "log": log, **seed(url)}), flush=True)
        try:
            while True:
                time.sleep(3600)
        except (KeyboardInterrupt, SystemExit):
            pass
