"""Publishing a task's dataset with the `together-hub` tool, against the fake Hub: the real `datasets` library
loads every config, `huggingface_hub` reads the card, and the rows match the answers written."""

import json
import os
import statistics
import subprocess
import sys
import tempfile

os.environ.setdefault("HF_HUB_DISABLE_XET", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import pytest  # noqa: E402
from huggingface_hub import CommitOperationAdd, DatasetCard, HfApi, hf_hub_download  # noqa: E402

TASK = {
    "task": {
        "title": "Rate prompt quality (publish)",
        "summary": "Rate five prompts.",
        "guidelines": "Rate how **clear** the prompt is.",
        "language": {"code": "es", "name": "Español"},
        "fields": [{"name": "prompt", "title": "Prompt"}],
        "questions": [
            {"name": "quality", "title": "Quality", "required": True,
             "kind": {"rating": {"options": [{"value": v} for v in range(1, 6)]}}},
            {"name": "note", "title": "Note", "required": False, "kind": {"text": {}}},
        ],
        "min_submitted": 2,
    },
    "records": {"path": "data/prompts.jsonl", "id_column": "id"},
    "responses": "lead/ratings-responses",
}
PROMPTS = {f"p{i}": f"Prompt {i}: ¿qué es la fotosíntesis? تجربة {i}" for i in range(1, 6)}
# (record, user, status, rating, note, at): p1 three ratings, p2 two, p3 one (left out), p4 a changed answer,
# p5 only a discard. Later lines replace earlier ones of the same person.
ANSWERS = [
    ("p1", "ana", "submitted", 4, "clara", 1), ("p1", "bo", "submitted", 4, None, 2), ("p1", "cy", "submitted", 2, None, 3),
    ("p2", "ana", "submitted", 5, None, 4), ("p2", "bo", "submitted", 3, None, 5),
    ("p3", "cy", "submitted", 1, None, 6),
    ("p4", "ana", "submitted", 1, None, 7), ("p4", "bo", "submitted", 2, None, 8), ("p4", "ana", "submitted", 2, None, 9),
    ("p5", "bo", "discarded", None, None, 10),
]


def line(record, user, status, rating, note, at):
    values = {} if rating is None else {"quality": rating}
    if note:
        values["note"] = note
    return {"record_id": record, "user": user, "status": status, "values": values, "updated_at_ms": 1.7e12 + at}


@pytest.fixture
def published(hub, cli):
    lead = HfApi(endpoint=hub, token="hf_lead")
    lead.create_repo("lead/ratings", repo_type="dataset", exist_ok=True)
    lead.create_repo("lead/ratings-responses", repo_type="dataset", exist_ok=True)
    rows = "".join(json.dumps({"id": k, "prompt": v}, ensure_ascii=False) + "\n" for k, v in PROMPTS.items())
    lead.create_commit("lead/ratings", repo_type="dataset", commit_message="task", operations=[
        CommitOperationAdd("together.json", json.dumps(TASK).encode()),
        CommitOperationAdd("data/prompts.jsonl", rows.encode()),
    ])
    # Each contributor's lines in their own folder, over two batch files.
    operations = []
    for user in ("ana", "bo", "cy"):
        mine = [line(*a) for a in ANSWERS if a[1] == user]
        for half, part in enumerate((mine[: len(mine) // 2 + 1], mine[len(mine) // 2 + 1:])):
            if part:
                content = "".join(json.dumps(l) + "\n" for l in part).encode()
                operations.append(CommitOperationAdd(f"data/{user}/dev-{half:08d}-{half:08d}.jsonl", content))
    lead.create_commit("lead/ratings-responses", repo_type="dataset", commit_message="answers", operations=operations)
    run = subprocess.run([cli, "publish", "lead/ratings", "--to", "lead/ratings-dataset", "--endpoint", hub],
                         capture_output=True, text=True, env={**os.environ, "HF_TOKEN": "hf_lead"}, timeout=60)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def load(hub, config, repo="lead/ratings-dataset"):
    # `datasets` reads HF_ENDPOINT when it is imported: in a child process, so the fake Hub is its Hub.
    script = (
        "import json, sys, datasets\n"
        f"d = datasets.load_dataset({repo!r}, {config!r}, split='train', token='hf_lead')\n"
        "print(json.dumps({'features': list(d.features), 'rows': d.to_list()}, default=str))\n"
    )
    cache = tempfile.mkdtemp(prefix="together-datasets-")
    env = {**os.environ, "HF_ENDPOINT": hub, "HF_HUB_DISABLE_XET": "1", "HF_HOME": cache,
           "HF_DATASETS_CACHE": os.path.join(cache, "datasets"), "HF_HUB_CACHE": os.path.join(cache, "hub")}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=180)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.splitlines()[-1])


def test_the_published_dataset_loads_with_datasets_and_matches_the_answers(hub, published):
    assert published["records"] == 3 and published["answers"] == 9 and published["contributors"] == 3, published
    records = load(hub, "records")
    assert records["features"][:3] == ["id", "prompt", "quality"], records["features"]
    by_id = {r["id"]: r for r in records["rows"]}
    # p3 has one submitted rating and p5 none: fewer than min_submitted, left out.
    assert sorted(by_id) == ["p1", "p2", "p4"]
    latest = {}
    for a in ANSWERS:
        latest[(a[0], a[1])] = a
    for record_id, row in by_id.items():
        mine = [a for (r, _), a in sorted(latest.items()) if r == record_id and a[2] == "submitted"]
        assert row["prompt"] == PROMPTS[record_id], "non-Latin text survives"
        assert sorted((g["user"], g["value"], g["status"]) for g in row["quality"]) == sorted((a[1], a[3], "submitted") for a in mine)
        ratings = [a[3] for a in mine]
        assert row["num_responses"] == len(ratings)
        assert row["avg_rating"] == pytest.approx(statistics.mean(ratings))
        modal = max(ratings.count(v) for v in ratings)
        assert row["agreement_ratio"] == pytest.approx(modal / len(ratings))
    assert [g["value"] for g in by_id["p1"]["note"]] == ["clara"]
    assert sorted(g["value"] for g in by_id["p4"]["quality"]) == [2, 2], "ana's changed answer replaces her first"

    answers = load(hub, "responses")["rows"]
    assert len(answers) == 9
    assert sorted((a["record_id"], a["user"], a["status"], a["quality"]) for a in answers) == sorted(
        (a[0], a[1], a[2], a[3]) for a in latest.values())

    # DatasetCard.load reads a repo at the Hub its import saw: read the file here, then the card from it.
    readme = hf_hub_download("lead/ratings-dataset", "README.md", repo_type="dataset", endpoint=hub, token="hf_lead",
                             cache_dir=tempfile.mkdtemp(prefix="together-publish-"))
    card = DatasetCard.load(readme)
    assert card.data.language == ["es"]
    assert card.data.size_categories == ["n<1K"]
    assert [c["config_name"] for c in card.data.configs] == ["records", "responses"]
    assert "3 contributors gave 9 answers (8 submitted, 1 discarded) on 5 of its 5 records" in card.text
    assert "Krippendorff's α" in card.text and "## Guidelines\n\nRate how **clear** the prompt is." in card.text


PREFERENCES = {
    "task": {
        "title": "Pick the better answer (publish)",
        "language": {"code": "fr", "name": "Français"},
        "fields": [{"name": "instruction", "title": "Instruction"}, {"name": "response_a", "title": "A"},
                   {"name": "response_b", "title": "B"}],
        "questions": [
            {"name": "preference", "title": "Better", "required": True,
             "kind": {"label": {"options": [{"value": "a"}, {"value": "b"}, {"value": "both_bad"}]}}},
            {"name": "thumb", "title": "Is A good?", "required": True,
             "kind": {"label": {"options": [{"value": "yes"}, {"value": "no"}]}}},
        ],
        "min_submitted": 2,
    },
    "records": {"path": "data/pairs.jsonl", "id_column": "id"},
    "responses": "lead/pairs-responses",
    "publish": {
        "dpo": {"question": "preference", "prompt": "instruction", "options": {"a": "response_a", "b": "response_b"}},
        "kto": {"question": "thumb", "prompt": "instruction", "completion": "response_a",
                "desirable": ["yes"], "undesirable": ["no"]},
    },
}


def test_a_preference_task_publishes_dpo_and_kto_configs_that_datasets_loads(hub, cli):
    lead = HfApi(endpoint=hub, token="hf_lead")
    for repo in ("lead/pairs", "lead/pairs-responses"):
        lead.create_repo(repo, repo_type="dataset", exist_ok=True)
    pairs = [{"id": f"q{i}", "instruction": f"Question {i}", "response_a": f"A{i}", "response_b": f"B{i}"} for i in range(3)]
    lead.create_commit("lead/pairs", repo_type="dataset", commit_message="task", operations=[
        CommitOperationAdd("together.json", json.dumps(PREFERENCES).encode()),
        CommitOperationAdd("data/pairs.jsonl", "".join(json.dumps(p) + "\n" for p in pairs).encode()),
    ])
    # q0: b, b, a and no, no, yes; q1: a tie (left out of both); q2: both bad twice (no pair), yes twice.
    picks = {"q0": [("b", "no"), ("b", "no"), ("a", "yes")], "q1": [("a", "yes"), ("b", "no")],
             "q2": [("both_bad", "yes"), ("both_bad", "yes")]}
    operations = []
    for n, user in enumerate(("ana", "bo", "cy")):
        lines = [{"record_id": r, "user": user, "status": "submitted", "values": {"preference": p[n][0], "thumb": p[n][1]},
                  "updated_at_ms": 1.7e12 + n} for r, p in picks.items() if n < len(p)]
        operations.append(CommitOperationAdd(f"data/{user}/dev-00000000-00000000.jsonl",
                                             "".join(json.dumps(l) + "\n" for l in lines).encode()))
    lead.create_commit("lead/pairs-responses", repo_type="dataset", commit_message="answers", operations=operations)
    run = subprocess.run([cli, "publish", "lead/pairs", "--to", "lead/pairs-dataset", "--endpoint", hub],
                         capture_output=True, text=True, env={**os.environ, "HF_TOKEN": "hf_lead"}, timeout=60)
    assert run.returncode == 0, run.stderr
    dpo = load(hub, "dpo", "lead/pairs-dataset")
    assert dpo["features"] == ["id", "prompt", "chosen", "rejected"]
    assert dpo["rows"] == [{"id": "q0", "prompt": "Question 0", "chosen": "B0", "rejected": "A0"}]
    kto = load(hub, "kto", "lead/pairs-dataset")["rows"]
    assert kto == [{"id": "q0", "prompt": "Question 0", "completion": "A0", "label": False},
                   {"id": "q2", "prompt": "Question 2", "completion": "A2", "label": True}]
