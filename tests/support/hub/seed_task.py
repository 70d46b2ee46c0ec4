"""Create a Hub-native task with the official `huggingface_hub` client, as a lead would: the task repo with its
`together.json` and records file, and the responses repo the definition names.

Usage: python seed_task.py HUB_URL TASK_REPO < {"definition": {...}, "records_file": "text of the file"}
The records file goes to the definition's records.path. Prints {"task", "responses"}."""

import json
import os
import sys

os.environ.setdefault("HF_HUB_DISABLE_XET", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from huggingface_hub import CommitOperationAdd, HfApi  # noqa: E402

url, task = sys.argv[1:3]
given = json.load(sys.stdin)
definition = given["definition"]
api = HfApi(endpoint=url, token="hf_lead")
api.create_repo(task, repo_type="dataset", exist_ok=True)
api.create_repo(definition["responses"], repo_type="dataset", exist_ok=True)
api.create_commit(task, repo_type="dataset", commit_message="A Hub-native task", operations=[
    CommitOperationAdd("together.json", json.dumps(definition, indent=1).encode()),
    CommitOperationAdd(definition["records"]["path"], given["records_file"].encode()),
])
print(json.dumps({"task": task, "responses": definition["responses"]}))
