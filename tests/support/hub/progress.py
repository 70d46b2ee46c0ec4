"""A Hub-native task's progress as anyone reads it from the Hub (main only, anonymous), worked out here in Python
with the official `huggingface_hub` client, independently of Together: the figures the progress widget must show.
Prints {"records", "min_submitted", "completed", "target", "counted", "percent", "submitted", "contributors",
"top": [[user, submitted], …], "alpha": {question title: {"alpha": Krippendorff's ordinal α of its ratings
with two decimals, by the `krippendorff` package, or null; "values": the ratings it rests on (those of records
rated twice or more)}}}.

Usage: python progress.py HUB_URL TASK_REPO"""

import json
import os
import re
import sys
import tempfile
from collections import Counter

os.environ.setdefault("HF_HUB_DISABLE_XET", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from huggingface_hub import HfApi, hf_hub_download  # noqa: E402

url, task = sys.argv[1:3]
api = HfApi(endpoint=url, token=False)
cache = tempfile.mkdtemp(prefix="together-progress-")


def read(repo: str, path: str) -> str:
    local = hf_hub_download(repo, path, repo_type="dataset", endpoint=url, token=False, cache_dir=cache)
    with open(local, encoding="utf-8") as f:
        return f.read()


definition = json.loads(read(task, "together.json"))
min_submitted = max(1, definition["task"].get("min_submitted", 1))
records = sum(1 for line in read(task, definition["records"]["path"]).splitlines() if line.strip())
responses = definition["responses"]

latest = {}  # (record, user) → the line with the latest updated_at_ms
for path in api.list_repo_files(responses, repo_type="dataset"):
    # A contributor's batch file speaks for them alone; a snapshot (what a compaction folded) for anyone.
    match = re.fullmatch(r"data/([^/]+)/[^/]+\.jsonl", path)
    snapshot = re.fullmatch(r"data/snapshot-[0-9a-f]+\.jsonl", path)
    if not (match or snapshot):
        continue
    for line in read(responses, path).splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        # Only a contributor's own folder speaks for them.
        if match and re.sub(r"[^A-Za-z0-9._-]", "_", entry.get("user", "")) != match.group(1):
            continue
        key = (entry["record_id"], entry["user"])
        if key not in latest or entry["updated_at_ms"] >= latest[key]["updated_at_ms"]:
            latest[key] = entry

submitted = [entry for entry in latest.values() if entry["status"] == "submitted"]


def alpha_text(question: dict):
    """Krippendorff's ordinal α of a rating question's submitted answers, as the dashboard writes it."""
    import math

    import krippendorff
    import numpy as np

    scale = sorted(option["value"] for option in question["kind"]["rating"]["options"])
    ratings = [(e["record_id"], e["user"], e["values"][question["name"]]) for e in submitted
               if e["values"].get(question["name"]) in scale]
    units = sorted({r for r, _, _ in ratings})
    coders = sorted({u for _, u, _ in ratings})
    data = np.full((len(coders), len(units)), np.nan)
    for record, user, value in ratings:
        data[coders.index(user), units.index(record)] = value
    per_unit = Counter(r for r, _, _ in ratings)
    pairable = sum(n for n in per_unit.values() if n >= 2)
    try:
        value = krippendorff.alpha(reliability_data=data, value_domain=scale, level_of_measurement="ordinal")
    except ValueError:
        return {"alpha": None, "values": pairable}
    if math.isnan(value):
        return {"alpha": None, "values": pairable}
    hundredths = math.floor(abs(value) * 100 + 0.5)
    text = f"{'-' if value < 0 and hundredths else ''}{hundredths // 100}.{hundredths % 100:02d}"
    return {"alpha": text, "values": pairable}

per_record = Counter(entry["record_id"] for entry in submitted)
per_user = Counter(entry["user"] for entry in submitted)
target = records * min_submitted
counted = min(target, sum(min(n, min_submitted) for n in per_record.values()))
tenths = (counted * 1000 + target // 2) // target if target else 0
print(json.dumps({
    "records": records,
    "min_submitted": min_submitted,
    "completed": min(records, sum(1 for n in per_record.values() if n >= min_submitted)),
    "target": target,
    "counted": counted,
    "percent": f"{tenths // 10}.{tenths % 10}%",
    "submitted": len(submitted),
    "contributors": len(per_user),
    "top": sorted(per_user.items(), key=lambda kv: (-kv[1], kv[0]))[:5],
    "alpha": {q["title"]: alpha_text(q) for q in definition["task"]["questions"] if "rating" in q["kind"]},
}))
