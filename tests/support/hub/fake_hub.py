"""A small in-memory Hugging Face Hub for tests: the dataset-repo endpoints Together uses, and the dataset
viewer's `/rows`. No Hub server is open source, so this one is held honest by `test_fake_hub.py`, in which the
official `huggingface_hub` client drives it.

Usage: python fake_hub.py PORT   (binds 127.0.0.1 only)

Tokens (Authorization: Bearer …):
  hf_lead   user "lead", member of the organisation "mpep" (may write to mpep/* and lead/*)
  hf_ann    user "ann", member of nothing (may read public repos and open pull requests); hf_bo, hf_cy alike
Any other token is checked, as a resource server would, at the userinfo endpoint of the OpenID provider named
by FAKE_HUB_OIDC (its issuer URL); its `preferred_username` is the user, a member of the organisations that
FAKE_HUB_ORGS (JSON: {"org": ["user", …]}) lists them in.
"""

import base64
import hashlib
import itertools
import json
import os
import sys
import time
from typing import Dict, List, Optional
from urllib.parse import unquote

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse

USERS = {
    "hf_lead": {"name": "lead", "fullname": "Language Lead", "orgs": ["mpep"]},
    "hf_ann": {"name": "ann", "fullname": "Ann Contributor", "orgs": []},
    "hf_bo": {"name": "bo", "fullname": "Bo Contributor", "orgs": []},
    "hf_cy": {"name": "cy", "fullname": "Cy Contributor", "orgs": []},
}
# Entries per page of a tree listing (the Hub's is a thousand); tests make it small to cross pages.
TREE_PAGE = int(os.environ.get("FAKE_HUB_TREE_PAGE", "1000"))
STALE_PARENT = "The branch was updated since you opened this page. Please refresh and try again."
_counter = itertools.count(1)


class Repo:
    def __init__(self, repo_id: str, private: bool):
        self.id = repo_id
        self.private = private
        self.commits: Dict[str, dict] = {}
        self.refs: Dict[str, str] = {}
        self.next_pr = 1
        self.pr_authors: Dict[str, str] = {}
        # Pull requests by number: author, title, status ("open", "merged"), the main head it started from.
        self.prs: Dict[int, dict] = {}
        self.commit("main", "Initial commit", {}, author="hub")

    def commit(self, ref: str, title: str, files: Dict[str, bytes], author: str) -> str:
        parent = self.refs.get(ref)
        oid = hashlib.sha1(f"{self.id}:{ref}:{next(_counter)}:{time.time()}".encode()).hexdigest()
        self.commits[oid] = {"files": files, "parent": parent, "title": title, "author": author, "date": time.time()}
        self.refs[ref] = oid
        return oid

    def files_at(self, revision: str) -> Optional[Dict[str, bytes]]:
        oid = self.resolve(revision)
        return None if oid is None else self.commits[oid]["files"]

    def resolve(self, revision: str) -> Optional[str]:
        revision = unquote(revision)
        if revision in self.refs:
            return self.refs[revision]
        matches = [oid for oid in self.commits if oid.startswith(revision)] if len(revision) >= 7 else []
        return matches[0] if len(matches) == 1 else None


REPOS: Dict[str, Repo] = {}
app = FastAPI()

# Rate limits, off unless a test turns them on (POST /_fake/rate-limit): as on the Hub, fixed windows with a quota
# per bucket ("api" for /api/…, "resolvers" for …/resolve/…), over it a 429 with `Retry-After` (seconds) and the
# `RateLimit` / `RateLimit-Policy` headers. Defined before CORS, so that CORS wraps it and a browser may read the
# 429 and its headers.
LIMITS: Dict[str, object] = {"quota": {}, "window": 300.0, "start": 0.0, "used": {}}


def _bucket(path: str) -> Optional[str]:
    if "/resolve/" in path:
        return "resolvers"
    if path.startswith("/api/"):
        return "api"
    return None


@app.middleware("http")
async def rate_limit(request: Request, call_next):
    bucket = _bucket(request.url.path)
    quota = LIMITS["quota"].get(bucket) if bucket else None
    if quota is not None and request.method != "OPTIONS":
        now = time.monotonic()
        window = LIMITS["window"]
        if now - LIMITS["start"] >= window:
            LIMITS["start"], LIMITS["used"] = now, {}
        used = LIMITS["used"].get(bucket, 0)
        if used >= quota:
            wait = max(1, int(LIMITS["start"] + window - now + 0.999))
            message = "You have been rate-limited; you can retry this action in a moment."
            return JSONResponse({"error": message}, status_code=429, headers={
                "Retry-After": str(wait), "RateLimit": f'"{bucket}";r=0;t={wait}',
                "RateLimit-Policy": f'"fixed window";"{bucket}";q={quota};w={int(window)}', "X-Error-Message": message,
            })
        LIMITS["used"][bucket] = used + 1
    return await call_next(request)


@app.post("/_fake/rate-limit")
async def set_rate_limit(request: Request):
    """Turn rate limits on: {"api": quota, "resolvers": quota, "window": seconds}; {} turns them off."""
    body = await request.json()
    LIMITS["quota"] = {k: int(body[k]) for k in ("api", "resolvers") if body.get(k) is not None}
    LIMITS["window"] = float(body.get("window", 300))
    LIMITS["start"], LIMITS["used"] = time.monotonic(), {}
    return {"quota": LIMITS["quota"], "window": LIMITS["window"]}


# As on the Hub, whose CDN sends text files and API answers gzip-compressed to a client that accepts it
# (`Content-Encoding: gzip`, `Vary: accept-encoding`; huggingface_hub asks for `identity` when it downloads).
app.add_middleware(GZipMiddleware, minimum_size=1000)
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_methods=["*"],
    allow_headers=["*"],
    expose_headers=["X-Repo-Commit", "X-Error-Code", "X-Error-Message", "X-Request-Id", "ETag", "X-Linked-Etag",
                    "X-Linked-Size", "Content-Range", "Content-Length", "Link", "Retry-After", "RateLimit",
                    "RateLimit-Policy"],
)


def error(status: int, message: str, code: Optional[str] = None) -> JSONResponse:
    headers = {"X-Error-Message": message}
    if code:
        headers["X-Error-Code"] = code
    return JSONResponse({"error": message}, status_code=status, headers=headers)


OIDC_ISSUER = os.environ.get("FAKE_HUB_OIDC")
ORG_MEMBERS: Dict[str, List[str]] = json.loads(os.environ.get("FAKE_HUB_ORGS", "{}"))
_oidc_users: Dict[str, Optional[dict]] = {}


def _oidc_user(token: str) -> Optional[dict]:
    if token not in _oidc_users:
        discovery = httpx.get(f"{OIDC_ISSUER}/.well-known/openid-configuration", timeout=5).json()
        reply = httpx.get(discovery["userinfo_endpoint"], headers={"Authorization": f"Bearer {token}"}, timeout=5)
        if reply.status_code != 200:
            return None  # not remembered: a token may be revoked, but never becomes valid later
        name = reply.json().get("preferred_username") or reply.json()["sub"]
        orgs = [org for org, members in ORG_MEMBERS.items() if name in members]
        _oidc_users[token] = {"name": name, "fullname": reply.json().get("name", name), "orgs": orgs}
    return _oidc_users[token]


def user_of(request: Request) -> Optional[dict]:
    auth = request.headers.get("authorization", "")
    token = auth[7:] if auth.lower().startswith("bearer ") else None
    if not token:
        return None
    if token in USERS:
        return USERS[token]
    return _oidc_user(token) if OIDC_ISSUER else None


def may_write(user: Optional[dict], repo_id: str) -> bool:
    namespace = repo_id.split("/")[0]
    return user is not None and (namespace == user["name"] or namespace in user["orgs"])


def may_read(user: Optional[dict], repo: Repo) -> bool:
    return not repo.private or may_write(user, repo.id)


def find(request: Request, namespace: str, name: str):
    repo = REPOS.get(f"{namespace}/{name}")
    if repo is None or not may_read(user_of(request), repo):
        # Like the Hub: a private repo of someone else looks missing.
        return None, error(404 if user_of(request) else 401, "Repository not found", "RepoNotFound")
    return repo, None


def find_as_user(request: Request, namespace: str, name: str):
    """The repo and the signed-in user asking, or the Hub's refusal (missing repo, no valid token)."""
    repo, failure = find(request, namespace, name)
    if failure:
        return None, None, failure
    user = user_of(request)
    if user is None:
        return None, None, error(401, "Invalid credentials in Authorization header")
    return repo, user, None


def endpoint(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@app.get("/api/whoami-v2")
def whoami(request: Request):
    user = user_of(request)
    if user is None:
        return error(401, "Invalid credentials in Authorization header")
    return {
        "type": "user",
        "id": hashlib.md5(user["name"].encode()).hexdigest()[:24],
        "name": user["name"],
        "fullname": user["fullname"],
        "email": None,
        "emailVerified": False,
        "canPay": False,
        "isPro": False,
        "avatarUrl": f"{endpoint(request)}/avatars/{user['name']}.svg",
        "orgs": [{"type": "org", "name": org, "fullname": org.upper()} for org in user["orgs"]],
        "auth": {"type": "access_token", "accessToken": {"displayName": "test", "role": "write"}},
    }


def _avatar_svg(name: str) -> str:
    hue = int(hashlib.md5(name.encode()).hexdigest()[:2], 16) * 360 // 256
    letter = next((c.upper() for c in name if c.isalnum()), "?")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<circle cx="16" cy="16" r="16" fill="hsl({hue},60%,45%)"/>'
        f'<text x="16" y="21" font-size="15" font-family="sans-serif" text-anchor="middle" fill="#fff">{letter}</text></svg>'
    )


@app.get("/api/users/{name}/avatar")
def user_avatar(request: Request, name: str, redirect: bool = False):
    """A user's avatar, as the Hub gives it: {"avatarUrl"}, or with `?redirect=true` a redirect to the image,
    which is what an <img> can point at (Hugging Face's own chat-ui does so)."""
    url = f"{endpoint(request)}/avatars/{name}.svg"
    if redirect:
        return RedirectResponse(url, status_code=302)
    return {"avatarUrl": url}


@app.get("/avatars/{name}.svg")
def avatar_file(name: str):
    return Response(_avatar_svg(name), media_type="image/svg+xml")


@app.post("/api/repos/create")
async def create_repo(request: Request):
    user = user_of(request)
    if user is None:
        return error(401, "Invalid credentials in Authorization header")
    body = await request.json()
    if body.get("type", "model") != "dataset":
        return error(400, "This fake Hub only hosts dataset repos")
    repo_id = f"{body.get('organization') or user['name']}/{body['name']}"
    if not may_write(user, repo_id):
        return error(403, "You don't have the rights to create a dataset under this namespace")
    if repo_id in REPOS:
        return JSONResponse({"error": "You already created this dataset repo", "url": f"{endpoint(request)}/datasets/{repo_id}"}, status_code=409)
    private = bool(body.get("private")) or body.get("visibility") in ("private", "protected")
    REPOS[repo_id] = Repo(repo_id, private)
    return {"url": f"{endpoint(request)}/datasets/{repo_id}", "name": repo_id, "id": hashlib.md5(repo_id.encode()).hexdigest()[:24]}


def repo_info(request: Request, repo: Repo, revision: str):
    files = repo.files_at(revision)
    if files is None:
        return error(404, f"Invalid rev id: {revision}", "RevisionNotFound")
    oid = repo.resolve(revision)
    return {
        "_id": hashlib.md5(repo.id.encode()).hexdigest()[:24],
        "id": repo.id,
        "author": repo.id.split("/")[0],
        "sha": oid,
        "private": repo.private,
        "gated": False,
        "disabled": False,
        "downloads": 0,
        "likes": 0,
        "tags": [],
        "lastModified": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(repo.commits[oid]["date"])),
        "siblings": [{"rfilename": path} for path in sorted(files)],
    }


@app.get("/api/datasets/{namespace}/{name}")
def dataset_info(request: Request, namespace: str, name: str):
    repo, failure = find(request, namespace, name)
    return failure or repo_info(request, repo, "main")


@app.get("/api/datasets/{namespace}/{name}/revision/{revision:path}")
def dataset_revision(request: Request, namespace: str, name: str, revision: str):
    repo, failure = find(request, namespace, name)
    return failure or repo_info(request, repo, revision)


@app.post("/api/datasets/{namespace}/{name}/preupload/{revision:path}")
async def preupload(request: Request, namespace: str, name: str, revision: str):
    repo, failure = find(request, namespace, name)
    if failure:
        return failure
    body = await request.json()
    # Small text files only: everything is committed inline ("regular"), never through LFS.
    files = [{"path": f["path"], "uploadMode": "regular", "shouldIgnore": False} for f in body.get("files", [])]
    return {"files": files, "commitOid": repo.resolve(revision)}


def _decode_content(value: dict) -> bytes:
    if value.get("encoding") == "base64":
        return base64.b64decode(value["content"])
    return value["content"].encode()


@app.post("/api/datasets/{namespace}/{name}/commit/{revision:path}")
async def commit(request: Request, namespace: str, name: str, revision: str):
    repo, user, failure = find_as_user(request, namespace, name)
    if failure:
        return failure
    create_pr = request.query_params.get("create_pr") in ("1", "true", "True")
    revision = unquote(revision)
    if not create_pr and not may_write(user, repo.id):
        if not revision.startswith("refs/pr/"):
            return error(403, "You don't have the rights to commit to this repository; open a pull request instead")
        if repo.pr_authors.get(revision) != user["name"]:
            return error(403, "Only the author of a pull request and the repository's owners may push to it")
    if revision.startswith("refs/pr/") and revision in repo.pr_authors:
        status = repo.prs[int(revision.rsplit("/", 1)[1])]["status"]
        if status != "open":
            return error(403, f"This pull request is {status}: open a new one")
    lines = [json.loads(line) for line in (await request.body()).decode().splitlines() if line.strip()]
    if not lines or lines[0].get("key") != "header":
        return error(400, "The first line must be the commit header")
    header = lines[0]["value"]
    target = revision
    if create_pr:
        if revision not in ("main",):
            return error(400, "Pull requests are opened against main")
        target = f"refs/pr/{repo.next_pr}"
        repo.next_pr += 1
        repo.refs[target] = repo.refs["main"]
        repo.pr_authors[target] = user["name"]
    head = repo.refs.get(target)
    if head is None:
        return error(404, f"Invalid rev id: {revision}", "RevisionNotFound")
    parent = header.get("parentCommit")
    if parent and not head.startswith(parent):
        if create_pr:
            del repo.refs[target]
            del repo.pr_authors[target]
            repo.next_pr -= 1
        return error(412, STALE_PARENT)
    files = dict(repo.commits[head]["files"])
    for line in lines[1:]:
        key, value = line.get("key"), line.get("value", {})
        if key == "file":
            files[value["path"]] = _decode_content(value)
        elif key == "deletedFile":
            files.pop(value["path"], None)
        elif key == "deletedFolder":
            prefix = value["path"].rstrip("/") + "/"
            files = {p: c for p, c in files.items() if not p.startswith(prefix)}
        elif key == "lfsFile":
            return error(400, "This fake Hub does not store LFS files: keep contributions small")
        else:
            return error(400, f"Unknown commit operation {key!r}")
    oid = repo.commit(target, header.get("summary", ""), files, author=user["name"])
    if create_pr:
        repo.prs[int(target.rsplit("/", 1)[1])] = {
            "author": user["name"], "title": header.get("summary", ""), "status": "open", "base": head, "created": time.time(),
        }
    answer = {"success": True, "commitOid": oid, "commitUrl": f"{endpoint(request)}/datasets/{repo.id}/commit/{oid}", "hookOutput": ""}
    if create_pr:
        answer["pullRequestUrl"] = f"{endpoint(request)}/datasets/{repo.id}/discussions/{target.rsplit('/', 1)[1]}"
    return answer


# Discussions (pull requests only: the app opens no other kind), paginated as the Hub does: `p`, 50 a page.
DISCUSSION_PAGE = int(os.environ.get("FAKE_HUB_DISCUSSION_PAGE", "50"))


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(t))


def _discussion(repo: Repo, num: int) -> dict:
    pr = repo.prs[num]
    return {"num": num, "title": pr["title"], "status": pr["status"], "author": {"name": pr["author"]},
            "isPullRequest": True, "createdAt": _iso(pr["created"]), "repo": {"name": repo.id, "type": "dataset"}}


def _pr_changes(repo: Repo, num: int) -> Dict[str, Optional[bytes]]:
    """What a pull request changed since it started: path → new contents, or None where it deleted the file."""
    base = repo.commits[repo.prs[num]["base"]]["files"]
    head = repo.files_at(f"refs/pr/{num}") or {}
    changes: Dict[str, Optional[bytes]] = {p: c for p, c in head.items() if base.get(p) != c}
    changes.update({p: None for p in base if p not in head})
    return changes


def _diff(repo: Repo, num: int) -> str:
    base = repo.commits[repo.prs[num]["base"]]["files"]
    out = []
    for path, content in sorted(_pr_changes(repo, num).items()):
        out.append(f"diff --git a/{path} b/{path}")
        if content is None:
            out += ["deleted file mode 100644", f"--- a/{path}", "+++ /dev/null"]
        elif path not in base:
            out += ["new file mode 100644", "--- /dev/null", f"+++ b/{path}"]
            out += ["+" + line for line in content.decode(errors="replace").splitlines()]
        else:
            out += [f"--- a/{path}", f"+++ b/{path}"]
            out += ["+" + line for line in content.decode(errors="replace").splitlines()]
    return "\n".join(out) + ("\n" if out else "")


@app.get("/api/datasets/{namespace}/{name}/discussions")
def discussions(request: Request, namespace: str, name: str, p: int = 0, type: str = "all", status: str = "all", author: Optional[str] = None):
    repo, failure = find(request, namespace, name)
    if failure:
        return failure
    nums = sorted(repo.prs, reverse=True)  # newest first, as on the Hub
    if type == "discussion":
        nums = []
    if status != "all":
        nums = [n for n in nums if (repo.prs[n]["status"] == "open") == (status == "open")]
    if author:
        nums = [n for n in nums if repo.prs[n]["author"] == author]
    start = p * DISCUSSION_PAGE
    return {"discussions": [_discussion(repo, n) for n in nums[start : start + DISCUSSION_PAGE]], "count": len(nums),
            "start": start, "numClosedDiscussions": sum(1 for pr in repo.prs.values() if pr["status"] != "open")}


@app.get("/api/datasets/{namespace}/{name}/discussions/{num}")
def discussion_details(request: Request, namespace: str, name: str, num: int):
    repo, failure = find(request, namespace, name)
    if failure:
        return failure
    if num not in repo.prs:
        return error(404, "Discussion not found")
    details = _discussion(repo, num)
    details.update({"events": [], "filesWithConflicts": [], "diff": _diff(repo, num),
                    "changes": {"base": "refs/heads/main", **({"mergeCommitId": repo.prs[num]["merge"]} if "merge" in repo.prs[num] else {})}})
    return details


@app.post("/api/datasets/{namespace}/{name}/discussions/{num}/merge")
async def merge(request: Request, namespace: str, name: str, num: int):
    repo, user, failure = find_as_user(request, namespace, name)
    if failure:
        return failure
    if not may_write(user, repo.id):
        return error(403, "You don't have the rights to merge pull requests in this repository")
    if num not in repo.prs:
        return error(404, "Discussion not found")
    pr = repo.prs[num]
    if pr["status"] != "open":
        return error(400, f"This pull request is already {pr['status']}")
    base = repo.commits[pr["base"]]["files"]
    main = dict(repo.files_at("main") or {})
    changes = _pr_changes(repo, num)
    conflicts = [p for p, c in changes.items() if main.get(p) != base.get(p) and main.get(p) != c]
    if conflicts:
        return error(409, f"Merge conflict in {', '.join(sorted(conflicts))}")
    for path, content in changes.items():
        if content is None:
            main.pop(path, None)
        else:
            main[path] = content
    oid = repo.commit("main", f"Merge pull request #{num}: {pr['title']}", main, author=user["name"])
    pr["status"], pr["merge"] = "merged", oid
    return {"status": "merged", "mergeCommitId": oid}


def split_revision(revision: str, path: str):
    """The web server decodes `refs%2Fpr%2F1` into path segments: put the revision back together."""
    if revision == "refs" and path.count("/") >= 1:
        kind, number, *rest = path.split("/")
        return f"refs/{kind}/{number}", "/".join(rest)
    return revision, path


def _tree_entries(files: Dict[str, bytes], path: str, recursive: bool) -> List[dict]:
    prefix = path.strip("/") + "/" if path.strip("/") else ""
    entries, folders = [], set()
    for file_path in sorted(files):
        if not file_path.startswith(prefix):
            continue
        rest = file_path[len(prefix):]
        if "/" in rest and not recursive:
            folders.add(prefix + rest.split("/")[0])
            continue
        if recursive:
            parts = rest.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                folders.add(prefix + "/".join(parts[:i]))
        content = files[file_path]
        entries.append({"type": "file", "oid": hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest(), "size": len(content), "path": file_path})
    return [{"type": "directory", "oid": hashlib.sha1(f.encode()).hexdigest(), "size": 0, "path": f} for f in sorted(folders)] + entries


@app.get("/api/datasets/{namespace}/{name}/tree/{revision}")
@app.get("/api/datasets/{namespace}/{name}/tree/{revision}/{path:path}")
def tree(request: Request, namespace: str, name: str, revision: str, path: str = ""):
    repo, failure = find(request, namespace, name)
    if failure:
        return failure
    revision, path = split_revision(revision, path)
    files = repo.files_at(revision)
    if files is None:
        return error(404, f"Invalid rev id: {revision}", "RevisionNotFound")
    recursive = request.query_params.get("recursive") in ("1", "true", "True")
    entries = _tree_entries(files, path, recursive)
    if path and not entries:
        return error(404, f"{path} does not exist on {revision}", "EntryNotFound")
    # Paginated as the Hub does: an opaque cursor, and the next page's full address in `Link: <…>; rel="next"`.
    cursor = request.query_params.get("cursor")
    try:
        start = int(base64.urlsafe_b64decode(cursor.encode()).decode()) if cursor else 0
    except ValueError:
        return error(400, "Invalid cursor")
    page = entries[start : start + TREE_PAGE]
    headers = {}
    if start + TREE_PAGE < len(entries):
        next_cursor = base64.urlsafe_b64encode(str(start + TREE_PAGE).encode()).decode()
        headers["Link"] = f'<{request.url.include_query_params(cursor=next_cursor)}>; rel="next"'
    return JSONResponse(page, headers=headers)


@app.post("/api/datasets/{namespace}/{name}/paths-info/{revision:path}")
async def paths_info(request: Request, namespace: str, name: str, revision: str):
    repo, failure = find(request, namespace, name)
    if failure:
        return failure
    files = repo.files_at(revision) or {}
    form = await request.form() if "form" in request.headers.get("content-type", "") else None
    paths = form.getlist("paths") if form is not None else (await request.json()).get("paths", [])
    entries = _tree_entries(files, "", True)
    return [e for e in entries if e["path"] in paths]


@app.api_route("/datasets/{namespace}/{name}/resolve/{revision}/{path:path}", methods=["GET", "HEAD"])
def resolve(request: Request, namespace: str, name: str, revision: str, path: str):
    repo, failure = find(request, namespace, name)
    if failure:
        return failure
    revision, path = split_revision(revision, path)
    oid = repo.resolve(revision)
    if oid is None:
        return error(404, f"Invalid rev id: {revision}", "RevisionNotFound")
    content = repo.commits[oid]["files"].get(path)
    if content is None:
        response = error(404, f"{path} does not exist on {revision}", "EntryNotFound")
        response.headers["X-Repo-Commit"] = oid
        return response
    etag = '"' + hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest() + '"'
    headers = {"X-Repo-Commit": oid, "ETag": etag, "Accept-Ranges": "bytes", "Content-Type": "application/octet-stream"}
    range_header = request.headers.get("range", "")
    if range_header.startswith("bytes="):
        start_text, _, end_text = range_header[6:].partition("-")
        start = int(start_text or 0)
        end = min(int(end_text) if end_text else len(content) - 1, len(content) - 1)
        headers["Content-Range"] = f"bytes {start}-{end}/{len(content)}"
        return Response(content[start : end + 1] if request.method == "GET" else b"", status_code=206, headers=headers)
    headers["Content-Length"] = str(len(content))
    if request.method == "HEAD":
        return Response(status_code=200, headers=headers)
    return Response(content, status_code=200, headers=headers)


# The dataset viewer (datasets-server), served under /viewer: rows of the JSONL files of a split.
def _rows(repo: Repo, split: str) -> List[dict]:
    files = repo.files_at("main") or {}
    rows = []
    for path in sorted(files):
        if path.endswith(".jsonl") and (f"/{split}" in f"/{path}" or path.startswith(f"data/{split}")):
            rows.extend(json.loads(line) for line in files[path].decode().splitlines() if line.strip())
    return rows


def viewer_not_found() -> JSONResponse:
    message = "The dataset does not exist, or is not accessible without authentication"
    return JSONResponse({"error": message}, status_code=404, headers={"X-Error-Code": "ExternalAuthenticatedError"})


@app.get("/viewer/is-valid")
def viewer_is_valid(request: Request, dataset: str):
    ok = dataset in REPOS and may_read(user_of(request), REPOS[dataset])
    return {"viewer": ok, "preview": ok, "search": False, "filter": False, "statistics": False}


@app.get("/viewer/splits")
def viewer_splits(request: Request, dataset: str):
    repo = REPOS.get(dataset)
    if repo is None or not may_read(user_of(request), repo):
        return viewer_not_found()
    splits = sorted({p.split("/")[1].split(".")[0].split("-")[0] for p in repo.files_at("main") or {} if p.startswith("data/") and p.endswith(".jsonl")})
    return {"splits": [{"dataset": dataset, "config": "default", "split": s} for s in splits], "pending": [], "failed": []}


@app.get("/viewer/rows")
def viewer_rows(request: Request, dataset: str, config: str = "default", split: str = "train", offset: int = 0, length: int = 100):
    if length > 100:
        return JSONResponse({"error": "Parameter 'length' must not be greater than 100"}, status_code=422, headers={"X-Error-Code": "InvalidParameter"})
    if offset < 0 or length < 0:
        return JSONResponse({"error": "Parameter 'offset' must be positive"}, status_code=422, headers={"X-Error-Code": "InvalidParameter"})
    repo = REPOS.get(dataset)
    if repo is None or not may_read(user_of(request), repo):
        return viewer_not_found()
    rows = _rows(repo, split)
    names = sorted({k for row in rows for k in row})
    features = [{"feature_idx": i, "name": n, "type": {"dtype": "string", "_type": "Value"}} for i, n in enumerate(names)]
    page = [{"row_idx": offset + i, "row": row, "truncated_cells": []} for i, row in enumerate(rows[offset : offset + length])]
    return {"features": features, "rows": page, "num_rows_total": len(rows), "num_rows_per_page": 100, "partial": False}


@app.get("/health")
def health():
    return PlainTextResponse("ok")


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
