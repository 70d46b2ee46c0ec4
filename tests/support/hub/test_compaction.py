"""Compaction of a responses repo by the `together-hub` tool, racing contributors' commits and another
compaction, against the fake Hub; every answer read back with the official `huggingface_hub` client."""

import json
import os
import random
import re
import subprocess
import tempfile
import threading
import time

os.environ.setdefault("HF_HUB_DISABLE_XET", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import pytest  # noqa: E402
from huggingface_hub import CommitOperationAdd, HfApi, hf_hub_download  # noqa: E402
from huggingface_hub.errors import HfHubHTTPError  # noqa: E402


@pytest.fixture
def lead(hub):
    return HfApi(endpoint=hub, token="hf_lead")


def line(record, user, rating, at):
    return {"record_id": record, "user": user, "status": "submitted", "values": {"quality": rating}, "updated_at_ms": at}


def batch(user, first, lines):
    content = "".join(json.dumps(l) + "\n" for l in lines).encode()
    return CommitOperationAdd(f"data/{user}/dev-{first:08d}-{first + len(lines) - 1:08d}.jsonl", content)


def read_back(hub, repo):
    """Every believed line under data/ at main, as a reader must read it: a snapshot speaks for anyone, a batch
    file only for the owner of its folder; the latest line per record and person wins."""
    api = HfApi(endpoint=hub, token="hf_lead")
    cache = tempfile.mkdtemp(prefix="together-compaction-")
    head = api.dataset_info(repo).sha
    files = [e.path for e in api.list_repo_tree(repo, path_in_repo="data", recursive=True, revision=head, repo_type="dataset")
             if e.path.endswith(".jsonl")]
    latest, snapshots, per_snapshot = {}, [], []
    for path in files:
        with open(hf_hub_download(repo, path, repo_type="dataset", revision=head, endpoint=hub, token="hf_lead", cache_dir=cache)) as f:
            lines = [json.loads(l) for l in f.read().splitlines() if l.strip()]
        snapshot = re.fullmatch(r"data/snapshot-[0-9a-f]+\.jsonl", path)
        if snapshot:
            snapshots.append(path)
            per_snapshot.append([(l["record_id"], l["user"]) for l in lines])
        owner = None if snapshot else path.split("/")[1]
        for l in lines:
            if owner is not None and l["user"] != owner:
                continue
            key = (l["record_id"], l["user"])
            if key not in latest or l["updated_at_ms"] >= latest[key]["updated_at_ms"]:
                latest[key] = l
    return {k: (v["values"]["quality"], v["updated_at_ms"]) for k, v in latest.items()}, files, snapshots, per_snapshot


def read_summary(hub, repo):
    """data/summary.txt as a reader reads it (see core/src/summary.rs): its snapshot, totals, contributors and
    who answered which record, by status."""
    cache = tempfile.mkdtemp(prefix="together-summary-")
    with open(hf_hub_download(repo, "data/summary.txt", repo_type="dataset", endpoint=hub, token="hf_lead", cache_dir=cache), encoding="utf-8") as f:
        text = f.read()
    unescape = lambda t: re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "\\": "\\"}[m.group(1)], t)
    lines = text.split("\n")
    assert lines[0] == "together-summary 1", lines[0]
    summary = {"users": [], "answers": {}}
    for line in filter(None, lines[1:]):
        kind, *fields = line.split("\t")
        if kind in ("snapshot", "parent"):
            summary[kind] = unescape(fields[0])
        elif kind == "totals":
            summary["totals"] = [int(f) for f in fields]
        elif kind == "u":
            name, submitted, discarded, latest = fields
            summary["users"].append({"name": unescape(name), "submitted": int(submitted), "discarded": int(discarded), "latest_ms": int(latest)})
        else:
            record, who = fields
            summary["answers"].setdefault(kind, {})[unescape(record)] = [int(i) for i in who.split(" ")]
    return summary


def compact(cli, hub, repo, busy_ok=False):
    """Run the tool; with `busy_ok`, a run whose head kept moving (exit 3, nothing changed) is (None, stderr)."""
    done = subprocess.run([cli, "compact", repo, "--endpoint", hub], capture_output=True, text=True,
                          env={**os.environ, "HF_TOKEN": "hf_lead"}, timeout=120)
    if busy_ok and done.returncode == 3:
        assert "Nothing was changed" in done.stderr
        return None, done.stderr
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def test_compaction_racing_contributors_and_itself_loses_nothing_and_counts_nothing_twice(lead, hub, cli):
    repo = lead.create_repo("mpep/race-responses", repo_type="dataset").repo_id
    written = {}  # (record, user) → (rating, at): what a reader must end up with
    lock = threading.Lock()

    def remember(lines):
        with lock:
            for l in lines:
                key = (l["record_id"], l["user"])
                if key not in written or l["updated_at_ms"] >= written[key][1]:
                    written[key] = (l["values"]["quality"], l["updated_at_ms"])

    # 40 contributors' first batches, in one commit.
    first = []
    for u in range(40):
        lines = [line(f"r{(u * 3 + k) % 50:03d}", f"early{u:02d}", 1 + (u + k) % 5, 1000.0 + u * 10 + k) for k in range(3)]
        remember(lines)
        first.append(batch(f"early{u:02d}", 0, lines))
    lead.create_commit(repo, first, commit_message="first answers", repo_type="dataset")

    # Meanwhile: three contributors keep committing (re-rating records they rated before, later), and two
    # compactions run over and over. The contributors go on until a compaction landed while they committed
    # and one met a moved head (however busy the machine), at least twelve batches each.
    landed, stale = threading.Event(), threading.Event()

    # A bound in time rather than in batches: on a loaded machine a compaction can take longer than 80 batches.
    deadline = time.monotonic() + 240

    def contributor(n):
        rng = random.Random(n)
        api = HfApi(endpoint=hub, token="hf_lead")
        for b in range(1000):
            if b >= 12 and landed.is_set() and stale.is_set() or time.monotonic() > deadline:
                break
            lines = [line(f"r{rng.randrange(50):03d}", f"late{n}", rng.randint(1, 5), 5000.0 + b * 10 + k) for k in range(3)]
            for attempt in range(20):
                try:
                    api.create_commit(repo, [batch(f"late{n}", b * 3, lines)], commit_message=f"late{n} {b}", repo_type="dataset")
                    time.sleep(rng.uniform(0.3, 0.6))
                    break
                except HfHubHTTPError:
                    if attempt == 19:
                        raise
            remember(lines)

    reports, errors = [], []

    writers = [threading.Thread(target=contributor, args=(n,)) for n in range(3)]

    def compactor():
        for _ in range(1000):
            if not any(w.is_alive() for w in writers):
                break
            try:
                report, err = compact(cli, hub, repo, busy_ok=True)
                if "meanwhile" in err:
                    stale.set()
                if report is not None:
                    writing = any(w.is_alive() for w in writers)
                    reports.append((report, err, writing))
                    if report["compacted"] and writing:
                        landed.set()
            except AssertionError as e:  # noqa: PERF203
                errors.append(str(e))

    threads = writers + [threading.Thread(target=compactor) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert any(r["compacted"] for r, _, _ in reports), reports
    # The race was real: compactions landed while contributors went on committing, and some met a moved head.
    assert any(r["compacted"] and writing for r, _, writing in reports), reports
    assert stale.is_set(), reports

    # Before a last compaction (some batch files outside the snapshot): everything, once.
    got, files, snapshots, per_snapshot = read_back(hub, repo)
    assert got == written
    assert len(snapshots) <= 1, snapshots
    for keys in per_snapshot:
        assert len(keys) == len(set(keys)), "a snapshot holds one line per record and person"

    # One more batch, then a last compaction folds everything into one snapshot: the same answers, one file,
    # one line each.
    last = [line("r000", "late0", 5, 9000.0), line("r049", "late0", 1, 9001.0)]
    lead.create_commit(repo, [batch("late0", 999, last)], commit_message="last", repo_type="dataset")
    remember(last)
    before = lead.dataset_info(repo).sha
    report, _ = compact(cli, hub, repo)
    assert report["compacted"] is True and report["answers"] == len(written), report
    got, files, snapshots, per_snapshot = read_back(hub, repo)
    assert got == written
    assert files == snapshots and len(snapshots) == 1, files
    assert sorted(per_snapshot[0]) == sorted(written)
    # Beside the snapshot, its summary (what the first screen reads in its place): who answered what, counted
    # per contributor, naming the snapshot and the commit it was made on.
    summary = read_summary(hub, repo)
    assert summary["snapshot"] == snapshots[0] and summary["parent"] == before != report["commit"]
    answers, records, contributors, submitted, discarded = summary["totals"]
    assert (answers, records, submitted, discarded) == (len(written), len({r for r, _ in written}), len(written), 0)
    names = [u["name"] for u in summary["users"]]
    assert contributors == len(names) == len({u for _, u in written})
    said = {(record, names[u]) for record, users in summary["answers"]["s"].items() for u in users}
    assert said == set(written)
    for user in summary["users"]:
        mine = [v for (_, u), v in written.items() if u == user["name"]]
        assert user["submitted"] == len(mine) and user["latest_ms"] == max(at for _, at in mine)
    # Nothing new: nothing to do.
    report, _ = compact(cli, hub, repo)
    assert report == {"repo": repo, "compacted": False, "batches": 0, "reason": "nothing to fold"}


def test_the_tool_says_what_is_wrong_and_changes_nothing(lead, hub, cli):
    env = {**os.environ, "HF_TOKEN": "hf_lead"}
    usage = subprocess.run([cli, "compact"], capture_output=True, text=True, env=env)
    assert usage.returncode == 2 and "usage: together-hub compact" in usage.stderr
    missing = subprocess.run([cli, "compact", "mpep/none-such", "--endpoint", hub], capture_output=True, text=True, env=env)
    assert missing.returncode == 1 and "mpep/none-such: HTTP 404" in missing.stderr
    repo = lead.create_repo("mpep/hand-written", repo_type="dataset").repo_id
    lead.create_commit(repo, [
        CommitOperationAdd("data/ana/a.jsonl", (json.dumps(line("r1", "ana", 4, 1.0)) + "\nnot json\n").encode()),
        CommitOperationAdd("data/bo/b.jsonl", (json.dumps(line("r1", "bo", 2, 1.0)) + "\n").encode()),
    ], commit_message="by hand", repo_type="dataset")
    report, _ = compact(cli, hub, repo)
    assert report["compacted"] and report["answers"] == 2 and report["folded"] == 1 and report["kept"] == 1, report
    files = {e.path for e in HfApi(endpoint=hub, token="hf_lead").list_repo_tree(repo, path_in_repo="data", recursive=True, repo_type="dataset")}
    assert "data/ana/a.jsonl" in files and "data/bo/b.jsonl" not in files


def test_a_member_merges_what_contributors_sent_in_pull_requests_and_nothing_that_speaks_for_others(lead, hub, cli):
    repo = lead.create_repo("mpep/merge-responses", repo_type="dataset").repo_id
    mine = [line("r001", "lead", 3, 1.0)]
    lead.create_commit(repo, [batch("lead", 0, mine)], commit_message="lead", repo_type="dataset")
    expected = {("r001", "lead"): (3, 1.0)}
    for n, user in enumerate(("ann", "bo", "cy")):
        api = HfApi(endpoint=hub, token=f"hf_{user}")
        first = [line(f"r{n:03d}", user, 4, 10.0 + n), line("r009", user, 2, 11.0 + n)]
        pr = api.create_commit(repo, [batch(user, 0, first)], commit_message=f"answers from {user}", repo_type="dataset", create_pr=True)
        more = [line("r009", user, 5, 20.0 + n)]  # a later batch pushed to the same pull request
        api.create_commit(repo, [batch(user, 2, more)], commit_message="more", repo_type="dataset", revision=pr.pr_revision)
        expected.update({(l["record_id"], user): (l["values"]["quality"], l["updated_at_ms"]) for l in first + more})
    # A pull request that writes in someone else's folder, and one that deletes the lead's answers.
    ann = HfApi(endpoint=hub, token="hf_ann")
    forged = ann.create_commit(repo, [batch("bo", 7, [line("r001", "bo", 1, 99.0)])], commit_message="as bo", repo_type="dataset", create_pr=True)
    from huggingface_hub import CommitOperationDelete
    erase = ann.create_commit(repo, [CommitOperationDelete("data/lead/dev-00000000-00000000.jsonl")], commit_message="erase", repo_type="dataset", create_pr=True)

    # A non-member may not merge: the tool says what the Hub said, and nothing changes.
    refused = subprocess.run([cli, "merge", repo, "--endpoint", hub], capture_output=True, text=True,
                             env={**os.environ, "HF_TOKEN": "hf_cy"}, timeout=120)
    assert refused.returncode == 1 and "HTTP 403" in refused.stderr and "rights to merge" in refused.stderr, refused.stderr
    assert len(list(lead.get_repo_discussions(repo, repo_type="dataset", discussion_status="open"))) == 5

    done = subprocess.run([cli, "merge", repo, "--endpoint", hub], capture_output=True, text=True,
                          env={**os.environ, "HF_TOKEN": "hf_lead"}, timeout=120)
    assert done.returncode == 0, done.stderr
    merged, compacted = (json.loads(l) for l in done.stdout.splitlines())
    assert [(m["author"], m["files"]) for m in merged["merged"]] == [("ann", 2), ("bo", 2), ("cy", 2)]
    left = {l["num"]: l["reason"] for l in merged["left"]}
    assert left == {forged.pr_num: "it writes data/bo/dev-00000007-00000007.jsonl outside data/ann/",
                    erase.pr_num: "it deletes data/lead/dev-00000000-00000000.jsonl"}
    assert compacted["compacted"] is True and compacted["answers"] == len(expected)
    got, files, snapshots, _ = read_back(hub, repo)
    assert got == expected
    assert files == snapshots
    still_open = sorted(d.num for d in lead.get_repo_discussions(repo, repo_type="dataset", discussion_status="open"))
    assert still_open == sorted([forged.pr_num, erase.pr_num])
