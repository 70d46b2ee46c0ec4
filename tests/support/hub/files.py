"""The answer files of a responses repo's main branch, as the official `huggingface_hub` client lists them
(every page of the tree): contributors' batch files and compaction snapshots. Prints {"batches", "snapshots"}.

Usage: python files.py HUB_URL RESPONSES_REPO"""

import json
import os
import re
import sys

os.environ.setdefault("HF_HUB_DISABLE_XET", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from huggingface_hub import HfApi  # noqa: E402

url, repo = sys.argv[1:3]
paths = HfApi(endpoint=url, token=False).list_repo_files(repo, repo_type="dataset")
print(json.dumps({
    "batches": sum(1 for p in paths if re.fullmatch(r"data/[^/]+/[^/]+\.jsonl", p)),
    "snapshots": sum(1 for p in paths if re.fullmatch(r"data/snapshot-[0-9a-f]+\.jsonl", p)),
}))
