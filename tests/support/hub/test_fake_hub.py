"""The official huggingface_hub client against the fake Hub: if the client is satisfied, the fake speaks the
Hub's protocol for everything Together does with dataset repos."""

import os
import re
import time

os.environ.setdefault("HF_HUB_DISABLE_XET", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import httpx  # noqa: E402
import pytest  # noqa: E402
from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi, hf_hub_download  # noqa: E402
from huggingface_hub.errors import EntryNotFoundError, HfHubHTTPError, RepositoryNotFoundError  # noqa: E402


@pytest.fixture
def lead(hub):
    return HfApi(endpoint=hub, token="hf_lead")


@pytest.fixture
def ann(hub):
    return HfApi(endpoint=hub, token="hf_ann")


def test_whoami_names_the_user_and_their_organisations(lead):
    me = lead.whoami()
    assert me["name"] == "lead"
    assert [o["name"] for o in me["orgs"]] == ["mpep"]


def test_a_bad_token_is_refused(hub):
    with pytest.raises(HfHubHTTPError) as raised:
        HfApi(endpoint=hub, token="hf_nobody").whoami()
    assert raised.value.response.status_code == 401


def test_a_dataset_repo_is_created_once(lead):
    url = lead.create_repo("mpep/tasks-create", repo_type="dataset")
    assert url.repo_id == "mpep/tasks-create"
    with pytest.raises(HfHubHTTPError) as raised:
        lead.create_repo("mpep/tasks-create", repo_type="dataset")
    assert raised.value.response.status_code == 409
    assert lead.create_repo("mpep/tasks-create", repo_type="dataset", exist_ok=True).repo_id == "mpep/tasks-create"
    assert lead.repo_exists("mpep/tasks-create", repo_type="dataset")


def test_files_are_uploaded_listed_and_downloaded_byte_for_byte(lead, hub, tmp_path):
    repo = lead.create_repo("mpep/tasks-files", repo_type="dataset").repo_id
    rows = '{"prompt": "Hola"}\n{"prompt": "مرحبا"}\n'.encode()
    info = lead.create_commit(
        repo,
        [
            CommitOperationAdd("data/train.jsonl", rows),
            CommitOperationAdd("together.json", b'{"questions": []}'),
        ],
        commit_message="Add the task",
        repo_type="dataset",
    )
    assert info.commit_url.startswith(f"{hub}/datasets/{repo}/commit/")
    assert sorted(lead.list_repo_files(repo, repo_type="dataset")) == ["data/train.jsonl", "together.json"]
    tree = {e.path: e for e in lead.list_repo_tree(repo, repo_type="dataset", recursive=True)}
    assert tree["data/train.jsonl"].size == len(rows)
    assert "data" in tree
    path = hf_hub_download(repo, "data/train.jsonl", repo_type="dataset", endpoint=hub, token="hf_lead", cache_dir=tmp_path)
    assert open(path, "rb").read() == rows
    assert lead.dataset_info(repo).sha == info.oid


def test_a_text_file_comes_gzip_compressed_to_a_browser_and_byte_for_byte_to_huggingface_hub(lead, hub, tmp_path):
    repo = lead.create_repo("mpep/tasks-gzip", repo_type="dataset").repo_id
    rows = "".join(f'{{"id": "r{i:05d}", "prompt": "Prompt {i}: مرحبا"}}\n' for i in range(2000)).encode()
    lead.create_commit(repo, [CommitOperationAdd("data/train.jsonl", rows)], commit_message="rows", repo_type="dataset")
    url = f"{hub}/datasets/{repo}/resolve/main/data/train.jsonl"
    # As a browser asks: compressed on the wire, the same bytes once decoded.
    with httpx.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as compressed:
        wire = b"".join(compressed.iter_raw())
        assert compressed.headers["content-encoding"] == "gzip"
        assert "accept-encoding" in compressed.headers["vary"].lower()
    assert len(wire) < len(rows) / 4
    assert httpx.get(url, headers={"Accept-Encoding": "gzip"}).content == rows
    # huggingface_hub asks for identity, and gets the file as it is.
    assert "content-encoding" not in httpx.get(url, headers={"Accept-Encoding": "identity"}).headers
    path = hf_hub_download(repo, "data/train.jsonl", repo_type="dataset", endpoint=hub, token=False, cache_dir=tmp_path)
    assert open(path, "rb").read() == rows


def test_a_missing_file_is_entry_not_found(lead, hub, tmp_path):
    repo = lead.create_repo("mpep/tasks-missing", repo_type="dataset").repo_id
    with pytest.raises(EntryNotFoundError):
        hf_hub_download(repo, "nope.json", repo_type="dataset", endpoint=hub, token="hf_lead", cache_dir=tmp_path)


def test_a_commit_on_a_stale_parent_is_refused_with_412(lead):
    repo = lead.create_repo("mpep/tasks-stale", repo_type="dataset").repo_id
    first = lead.create_commit(repo, [CommitOperationAdd("a.jsonl", b"1\n")], commit_message="a", repo_type="dataset")
    lead.create_commit(repo, [CommitOperationAdd("b.jsonl", b"2\n")], commit_message="b", repo_type="dataset")
    with pytest.raises(HfHubHTTPError) as raised:
        lead.create_commit(
            repo, [CommitOperationAdd("c.jsonl", b"3\n")], commit_message="c", repo_type="dataset", parent_commit=first.oid
        )
    assert raised.value.response.status_code == 412
    assert "c.jsonl" not in lead.list_repo_files(repo, repo_type="dataset")
    head = lead.dataset_info(repo).sha
    lead.create_commit(repo, [CommitOperationAdd("c.jsonl", b"3\n")], commit_message="c", repo_type="dataset", parent_commit=head)
    assert "c.jsonl" in lead.list_repo_files(repo, repo_type="dataset")


def test_deletions_are_committed(lead):
    repo = lead.create_repo("mpep/tasks-delete", repo_type="dataset").repo_id
    lead.create_commit(repo, [CommitOperationAdd("x/a.jsonl", b"1\n"), CommitOperationAdd("b.jsonl", b"2\n")], commit_message="add", repo_type="dataset")
    lead.create_commit(repo, [CommitOperationDelete("b.jsonl")], commit_message="delete", repo_type="dataset")
    assert lead.list_repo_files(repo, repo_type="dataset") == ["x/a.jsonl"]


def test_an_outside_contributor_opens_a_pull_request_instead_of_writing(lead, ann, tmp_path):
    repo = lead.create_repo("mpep/responses", repo_type="dataset").repo_id
    with pytest.raises(HfHubHTTPError) as raised:
        ann.create_commit(repo, [CommitOperationAdd("responses/ann.jsonl", b"{}\n")], commit_message="x", repo_type="dataset")
    assert raised.value.response.status_code == 403
    pr = ann.create_commit(
        repo, [CommitOperationAdd("responses/ann.jsonl", b'{"r": 1}\n')], commit_message="Responses by ann", repo_type="dataset", create_pr=True
    )
    assert pr.pr_num == 1 and pr.pr_revision == "refs/pr/1"
    assert "responses/ann.jsonl" in ann.list_repo_files(repo, repo_type="dataset", revision="refs/pr/1")
    assert "responses/ann.jsonl" not in ann.list_repo_files(repo, repo_type="dataset")
    path = hf_hub_download(repo, "responses/ann.jsonl", repo_type="dataset", revision="refs/pr/1", endpoint=ann.endpoint, token="hf_ann", cache_dir=tmp_path)
    assert open(path, "rb").read() == b'{"r": 1}\n'
    second = ann.create_commit(repo, [CommitOperationAdd("responses/ann2.jsonl", b"{}\n")], commit_message="more", repo_type="dataset", create_pr=True)
    assert second.pr_num == 2


def test_a_pull_request_on_a_stale_parent_is_refused_too(lead, ann):
    repo = lead.create_repo("mpep/responses-stale", repo_type="dataset").repo_id
    old = lead.dataset_info(repo).sha
    lead.create_commit(repo, [CommitOperationAdd("a.jsonl", b"1\n")], commit_message="a", repo_type="dataset")
    with pytest.raises(HfHubHTTPError) as raised:
        ann.create_commit(repo, [CommitOperationAdd("b.jsonl", b"2\n")], commit_message="b", repo_type="dataset", create_pr=True, parent_commit=old)
    assert raised.value.response.status_code == 412


def test_a_private_repo_of_someone_else_looks_missing(lead, ann):
    repo = lead.create_repo("mpep/private-tasks", repo_type="dataset", private=True).repo_id
    with pytest.raises(RepositoryNotFoundError):
        ann.dataset_info(repo)


def test_the_viewer_pages_rows_at_most_100_at_a_time(lead, hub):
    repo = lead.create_repo("mpep/rows", repo_type="dataset").repo_id
    rows = "".join(f'{{"prompt": "p{i}"}}\n' for i in range(150)).encode()
    lead.create_commit(repo, [CommitOperationAdd("data/train.jsonl", rows)], commit_message="rows", repo_type="dataset")
    page = httpx.get(f"{hub}/viewer/rows", params={"dataset": repo, "config": "default", "split": "train", "offset": 100, "length": 100}).json()
    assert page["num_rows_total"] == 150
    assert [r["row"]["prompt"] for r in page["rows"]][:2] == ["p100", "p101"] and len(page["rows"]) == 50
    too_long = httpx.get(f"{hub}/viewer/rows", params={"dataset": repo, "split": "train", "length": 101})
    assert too_long.status_code == 422 and too_long.headers["X-Error-Code"] == "InvalidParameter"
    assert httpx.get(f"{hub}/viewer/splits", params={"dataset": repo}).json()["splits"][0]["split"] == "train"


def test_browsers_may_call_it_from_another_origin(lead, hub):
    repo = lead.create_repo("mpep/cors", repo_type="dataset").repo_id
    preflight = httpx.options(
        f"{hub}/api/datasets/{repo}/commit/main",
        headers={"Origin": "http://127.0.0.1:4173", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization,content-type"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", "http://127.0.0.1:4173")
    read = httpx.get(f"{hub}/datasets/{repo}/resolve/main/missing.json", headers={"Origin": "http://127.0.0.1:4173"})
    assert read.status_code == 404 and "X-Error-Code" in read.headers["access-control-expose-headers"]


def test_the_author_of_a_pull_request_pushes_further_batches_to_it(lead, ann):
    repo = lead.create_repo("mpep/responses-pr-branch", repo_type="dataset").repo_id
    pr = ann.create_commit(repo, [CommitOperationAdd("data/ann/a.jsonl", b"1\n")], commit_message="a", repo_type="dataset", create_pr=True)
    ann.create_commit(repo, [CommitOperationAdd("data/ann/b.jsonl", b"2\n")], commit_message="b", repo_type="dataset", revision=pr.pr_revision)
    on_pr = ann.list_repo_files(repo, repo_type="dataset", revision=pr.pr_revision)
    assert {"data/ann/a.jsonl", "data/ann/b.jsonl"} <= set(on_pr)
    assert "data/ann/b.jsonl" not in ann.list_repo_files(repo, repo_type="dataset")
    # The repository's owners may push to it too.
    lead.create_commit(repo, [CommitOperationAdd("x.txt", b"x")], commit_message="lead may", repo_type="dataset", revision=pr.pr_revision)


def test_the_head_and_a_folder_listing_read_as_the_app_reads_them(lead):
    repo = lead.create_repo("mpep/responses-tree", repo_type="dataset").repo_id
    with pytest.raises(EntryNotFoundError):
        list(lead.list_repo_tree(repo, path_in_repo="data", recursive=True, repo_type="dataset"))
    commit = lead.create_commit(
        repo,
        [CommitOperationAdd("data/ana/d-1-2.jsonl", b"{}\n"), CommitOperationAdd("data/ben/d-1-1.jsonl", b"{}\n"), CommitOperationAdd("ABOUT.txt", b"x")],
        commit_message="answers",
        repo_type="dataset",
    )
    head = lead.dataset_info(repo, revision="main").sha
    assert commit.oid == head
    listed = {e.path for e in lead.list_repo_tree(repo, path_in_repo="data", recursive=True, revision=head, repo_type="dataset")}
    assert {"data/ana/d-1-2.jsonl", "data/ben/d-1-1.jsonl"} <= listed
    assert "ABOUT.txt" not in listed


def test_an_avatar_is_json_unless_a_redirect_to_the_image_is_asked_for(lead, hub):
    # As on the Hub: {"avatarUrl"} for clients; `?redirect=true` for an <img>, which cannot read JSON.
    assert lead.whoami()["avatarUrl"] == f"{hub}/avatars/lead.svg"
    assert httpx.get(f"{hub}/api/users/mia/avatar").json() == {"avatarUrl": f"{hub}/avatars/mia.svg"}
    moved = httpx.get(f"{hub}/api/users/mia/avatar?redirect=true")
    assert moved.status_code == 302 and moved.headers["location"] == f"{hub}/avatars/mia.svg"
    image = httpx.get(moved.headers["location"])
    assert image.headers["content-type"].startswith("image/svg+xml") and image.text.startswith("<svg")


def test_a_tree_listing_comes_in_pages_that_the_official_client_follows(lead, hub):
    # The Hub paginates tree listings (`Link: <…>; rel="next"`); huggingface_hub's list_repo_tree follows the
    # pages, so a reader that stops at the first loses what lies beyond it.
    repo = lead.create_repo("mpep/responses-paged", repo_type="dataset").repo_id
    paths = [f"data/u{i:02d}/d-{i:08d}-{i:08d}.jsonl" for i in range(20)]
    lead.create_commit(repo, [CommitOperationAdd(p, b"{}\n") for p in paths], commit_message="many", repo_type="dataset")
    head = lead.dataset_info(repo).sha
    listed = [e.path for e in lead.list_repo_tree(repo, path_in_repo="data", recursive=True, revision=head, repo_type="dataset")]
    assert sorted(p for p in listed if p.endswith(".jsonl")) == paths
    assert len(listed) == len(set(listed)) == 40  # 20 folders and 20 files, each once
    # A browser may read the header: it is exposed to other origins.
    first = httpx.get(f"{hub}/api/datasets/{repo}/tree/{head}/data?recursive=true", headers={"Origin": "http://127.0.0.1:1"})
    assert len(first.json()) == 3 and 'rel="next"' in first.headers["link"]
    assert "link" in [h.strip() for h in first.headers["access-control-expose-headers"].lower().split(",")]
    pages, url = 0, f"{hub}/api/datasets/{repo}/tree/{head}/data?recursive=true"
    while url:
        reply = httpx.get(url)
        pages += 1
        url = reply.links.get("next", {}).get("url")
    assert pages == 14


def test_over_its_quota_the_hub_answers_429_with_the_wait_and_lets_requests_through_after_it(lead, hub):
    repo = lead.create_repo("mpep/limited", repo_type="dataset").repo_id
    assert httpx.post(f"{hub}/_fake/rate-limit", json={"api": 2, "window": 2}).status_code == 200
    try:
        lead.dataset_info(repo)
        lead.dataset_info(repo)
        with pytest.raises(HfHubHTTPError) as refused:
            lead.dataset_info(repo)
        response = refused.value.response
        assert response.status_code == 429
        assert 1 <= int(response.headers["retry-after"]) <= 2
        assert response.headers["ratelimit"].startswith('"api";r=0;t=')
        # A browser may read it: CORS wraps the 429 and exposes the wait.
        seen = httpx.get(f"{hub}/api/datasets/{repo}", headers={"Origin": "http://127.0.0.1:1"})
        assert seen.status_code == 429 and seen.headers["access-control-allow-origin"] == "*"
        assert "retry-after" in [h.strip() for h in seen.headers["access-control-expose-headers"].lower().split(",")]
        # Files are another bucket.
        assert httpx.get(f"{hub}/datasets/{repo}/resolve/main/missing.txt").status_code == 404
        time.sleep(int(response.headers["retry-after"]) + 0.1)
        assert lead.dataset_info(repo).id == repo
    finally:
        httpx.post(f"{hub}/_fake/rate-limit", json={})


def test_pull_requests_are_listed_in_pages_detailed_with_their_diff_and_merged_as_the_official_client_asks(lead, ann, hub):
    repo = lead.create_repo("mpep/responses-merge", repo_type="dataset").repo_id
    lead.create_commit(repo, [CommitOperationAdd("data/lead/x.jsonl", b"{}\n")], commit_message="lead", repo_type="dataset")
    opened = []
    for user in ("ann", "bo", "cy"):
        api = HfApi(endpoint=hub, token=f"hf_{user}")
        opened.append(api.create_commit(repo, [CommitOperationAdd(f"data/{user}/a.jsonl", f"{user}\n".encode())],
                                        commit_message=f"answers from {user}", repo_type="dataset", create_pr=True))
    # Three pull requests, two a page: the client follows the pages.
    listed = list(lead.get_repo_discussions(repo, repo_type="dataset", discussion_type="pull_request", discussion_status="open"))
    assert sorted((d.num, d.author, d.is_pull_request, d.status) for d in listed) == [
        (1, "ann", True, "open"), (2, "bo", True, "open"), (3, "cy", True, "open")]
    details = lead.get_discussion_details(repo, 2, repo_type="dataset")
    assert details.target_branch == "refs/heads/main" and details.conflicting_files == []
    assert "diff --git a/data/bo/a.jsonl b/data/bo/a.jsonl\nnew file mode 100644" in details.diff
    assert "data/lead/x.jsonl" not in details.diff, "only what the pull request changed"
    # Only a member merges; the answers land on main, and the merged branch takes no more pushes.
    with pytest.raises(HfHubHTTPError) as refused:
        ann.merge_pull_request(repo, 1, repo_type="dataset")
    assert refused.value.response.status_code == 403
    lead.merge_pull_request(repo, 1, repo_type="dataset")
    lead.merge_pull_request(repo, 2, repo_type="dataset", comment="Thanks!")
    assert {"data/ann/a.jsonl", "data/bo/a.jsonl", "data/lead/x.jsonl"} <= set(lead.list_repo_files(repo, repo_type="dataset"))
    assert "data/cy/a.jsonl" not in lead.list_repo_files(repo, repo_type="dataset")
    still_open = list(lead.get_repo_discussions(repo, repo_type="dataset", discussion_status="open"))
    assert [d.num for d in still_open] == [3]
    assert re.fullmatch(r"[0-9a-f]{40}", lead.get_discussion_details(repo, 1, repo_type="dataset").merge_commit_oid)
    assert lead.get_discussion_details(repo, 3, repo_type="dataset").merge_commit_oid is None
    with pytest.raises(HfHubHTTPError) as closed:
        ann.create_commit(repo, [CommitOperationAdd("data/ann/b.jsonl", b"2\n")], commit_message="more", repo_type="dataset", revision=opened[0].pr_revision)
    assert closed.value.response.status_code == 403
