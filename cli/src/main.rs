//! `together-hub`: what a lead runs by hand or as a scheduled job against a Hub task's responses repo. The Hub
//! protocol is `together-core`'s (the addresses, the paged listing, the lines, the compaction and its commit),
//! the same code the app and the widget run in the browser; this file only moves bytes.
//!
//! ```text
//! together-hub compact RESPONSES_REPO [--endpoint URL] [--min-files N]
//! together-hub merge RESPONSES_REPO [--endpoint URL] [--no-compact]
//! together-hub publish TASK_REPO --to DATASET_REPO [--endpoint URL] [--all-records]
//! ```
//! `merge` merges every open pull request that only adds answers in its author's own folder (saying why it
//! leaves any other), then compacts. `publish` writes the community's dataset (see `together_core::publish`)
//! to DATASET_REPO, creating it if need be, in one commit: the task's records with their answers, every
//! answer, and the dataset card. Answers still waiting in pull requests are not in it: merge first.
//! Exit codes: 0 done (or nothing to do), 1 an error (said on stderr), 2 a usage error, 3 the head kept moving
//! (contributors committing all along): nothing was changed, run it again later.
//!
//! The token is `HF_TOKEN`, else the one `hf auth login` saved (`$HF_HOME/token`, `~/.cache/huggingface/token`).
//! The endpoint is `--endpoint`, else `HF_ENDPOINT`, else `https://huggingface.co`.

use std::process::ExitCode;
use std::time::Duration;
use together_core::compaction::{self, ReadFile};
use together_core::publish::{self, Publishing};
use together_core::summary::SUMMARY_PATH;
use together_core::wire::hub::{self, read_lines, CommitLine, Preupload, PreuploadReply, ResponseLine, TreeEntry};
use together_core::wire::hub_prs::{self, DiscussionDetails, DiscussionsPage, PullListing};
use together_core::wire::hub_read::{HubUrls, TreeListing};
use together_core::wire::wait_after_429;

/// Files read at once.
const PARALLEL: usize = 8;
/// A compaction that keeps meeting a moved head (contributors committing meanwhile) tries this many times,
/// waiting longer each time (0.2 s, 0.4 s, … 12.8 s) for a burst of commits to pass.
const ATTEMPTS: u32 = 8;
/// The exit code when the head kept moving: nothing was changed, and a later run will do it.
const EXIT_TRY_LATER: u8 = 3;
/// 429s waited out in a row before giving up.
const MAX_WAITS: usize = 10;

struct Hub {
    agent: ureq::Agent,
    endpoint: String,
    token: Option<String>,
}

struct Reply {
    status: u16,
    link: Option<String>,
    body: String,
}

impl Hub {
    fn send(&self, method: &str, url: &str, content_type: Option<&str>, body: Option<&str>) -> Result<Reply, String> {
        for _ in 0..MAX_WAITS {
            let mut request = ureq::http::Request::builder().method(method).uri(url);
            if let Some(token) = &self.token {
                request = request.header("Authorization", format!("Bearer {token}"));
            }
            if let Some(kind) = content_type {
                request = request.header("Content-Type", kind);
            }
            let request = request.body(body.unwrap_or("").to_owned()).map_err(|e| format!("{url}: {e}"))?;
            let mut response = self.agent.run(request).map_err(|e| format!("{url}: {e}"))?;
            let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
            let status = response.status().as_u16();
            if status == 429 {
                let wait = wait_after_429(header("retry-after").as_deref(), header("ratelimit").as_deref());
                eprintln!("The Hub asked to slow down: waiting {wait} s.");
                std::thread::sleep(Duration::from_secs(wait));
                continue;
            }
            let link = header("link");
            let body = response.body_mut().read_to_string().map_err(|e| format!("{url}: {e}"))?;
            return Ok(Reply { status, link, body });
        }
        Err(format!("{url}: the Hub kept refusing (429) after {MAX_WAITS} waits"))
    }

    fn get(&self, url: &str) -> Result<Reply, String> {
        self.send("GET", url, None, None)
    }

    fn urls(&self) -> HubUrls<'_> {
        HubUrls::new(&self.endpoint)
    }
}

fn failed(what: &str, reply: &Reply) -> String {
    let text: String = reply.body.chars().take(300).collect();
    format!("{what}: HTTP {} {text}", reply.status)
}

/// A responses file as read: its path, its lines, and whether every line could be read.
type Fetched = (String, Vec<ResponseLine>, bool);

enum Outcome {
    Done(String),
    /// The head moved while we read: read again.
    Stale,
}

/// The head commit of a repo's main.
fn head_of(hub: &Hub, repo: &str) -> Result<String, String> {
    let info = hub.get(&hub.urls().revision(repo, "main"))?;
    if info.status != 200 {
        return Err(failed(repo, &info));
    }
    let info: serde_json::Value = serde_json::from_str(&info.body).map_err(|e| format!("{repo}: {e}"))?;
    Ok(info["sha"].as_str().ok_or_else(|| format!("{repo}: no head commit"))?.to_owned())
}

/// The answer files at `head`, every page of the listing.
fn answer_paths(hub: &Hub, repo: &str, head: &str) -> Result<Vec<String>, String> {
    let mut listing = TreeListing::new(hub.urls(), repo, head);
    while let Some(url) = listing.next_url().map(str::to_owned) {
        let reply = hub.get(&url)?;
        match reply.status {
            200 => {
                let entries: Vec<TreeEntry> = serde_json::from_str(&reply.body).map_err(|e| format!("{url}: {e}"))?;
                listing.page(entries, reply.link.as_deref()).map_err(|e| format!("{repo}: {e}"))?;
            }
            404 if listing.pages() == 0 => listing.missing(),
            _ => return Err(failed(&url, &reply)),
        }
    }
    Ok(listing.into_files())
}

/// Every answer file at `head`, PARALLEL at a time; a file gone since the listing is left out.
fn read_answer_files(hub: &Hub, repo: &str, head: &str, paths: &[String]) -> Result<Vec<Fetched>, String> {
    let urls = hub.urls();
    let mut read: Vec<Fetched> = Vec::with_capacity(paths.len());
    for chunk in paths.chunks(PARALLEL) {
        let results: Vec<Result<Option<Fetched>, String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .iter()
                .map(|path| {
                    let url = urls.resolve(repo, head, path);
                    scope.spawn(move || {
                        let reply = hub.get(&url)?;
                        match reply.status {
                            200 => {}
                            404 => return Ok(None),
                            _ => return Err(failed(&url, &reply)),
                        }
                        let (lines, complete) = read_lines(&reply.body, |l| serde_json::from_str(l).ok());
                        Ok(Some((path.clone(), lines, complete)))
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("a reader thread failed".into()))).collect()
        });
        for result in results {
            read.extend(result?);
        }
    }
    Ok(read)
}

fn compact_once(hub: &Hub, repo: &str, min_files: usize) -> Result<Outcome, String> {
    let head = head_of(hub, repo)?;
    let paths = answer_paths(hub, repo, &head)?;
    let batches = compaction::batch_files(paths.iter().map(String::as_str));
    let skip = |reason: &str| {
        Ok(Outcome::Done(format!(
            "{{\"repo\":{repo:?},\"compacted\":false,\"batches\":{batches},\"reason\":{reason:?}}}"
        )))
    };
    if batches == 0 && paths.len() <= 1 {
        return skip("nothing to fold");
    }
    if batches < min_files {
        return skip("fewer batch files than --min-files");
    }
    let read = read_answer_files(hub, repo, &head, &paths)?;
    let files: Vec<ReadFile> =
        read.iter().map(|(path, lines, complete)| ReadFile { path, lines, complete: *complete }).collect();
    let Some(plan) = compaction::plan(&files) else { return skip("nothing to fold") };
    let output = plan.output(&head, serde_json::to_string).map_err(|e| e.to_string())?;
    let summary = output.summary.text();
    let snapshot = output.snapshot;
    let written = [(snapshot.as_str(), output.contents.as_str()), (SUMMARY_PATH, summary.as_str())];

    let lines = compaction::commit(&head, &written, &plan.delete, plan.lines.len());
    let reply = commit_inline(hub, repo, &written, &lines)?;
    match reply.status {
        200 => {
            let commit: serde_json::Value = serde_json::from_str(&reply.body).map_err(|e| format!("commit: {e}"))?;
            Ok(Outcome::Done(format!(
                "{{\"repo\":{repo:?},\"compacted\":true,\"commit\":{},\"snapshot\":{snapshot:?},\"answers\":{},\"folded\":{},\"kept\":{}}}",
                commit["commitOid"],
                plan.lines.len(),
                plan.delete.len(),
                plan.kept
            )))
        }
        412 => Ok(Outcome::Stale),
        _ => Err(failed("commit", &reply)),
    }
}

/// Commit `written` inline on main with the commit `lines`, after the preupload that says they may go inline.
/// The commit's reply (200, or 412 when the parent the lines name is no longer the head).
fn commit_inline(hub: &Hub, repo: &str, written: &[(&str, &str)], lines: &[CommitLine]) -> Result<Reply, String> {
    let api = hub.urls().api(repo);
    let preupload = serde_json::to_string(&Preupload::of(written)).map_err(|e| e.to_string())?;
    let reply = hub.send("POST", &format!("{api}/preupload/main"), Some("application/json"), Some(&preupload))?;
    if reply.status != 200 {
        return Err(failed("preupload", &reply));
    }
    let modes: PreuploadReply = serde_json::from_str(&reply.body).map_err(|e| format!("preupload: {e}"))?;
    if !modes.all_regular() {
        let path = written.first().map_or("", |(path, _)| path);
        return Err(format!("The Hub asked for a large-file upload of {path}, which this tool does not do yet."));
    }
    let mut body = String::new();
    for line in lines {
        body.push_str(&serde_json::to_string(line).map_err(|e| e.to_string())?);
        body.push('\n');
    }
    hub.send("POST", &format!("{api}/commit/main"), Some("application/x-ndjson"), Some(&body))
}

/// Merge every open pull request that may be merged; a JSON line of what was merged and what was left, and why.
fn merge(hub: &Hub, repo: &str) -> Result<String, String> {
    let urls = hub.urls();
    let mut listing = PullListing::new(urls, repo);
    while let Some(url) = listing.next_url() {
        let reply = hub.get(&url)?;
        if reply.status != 200 {
            return Err(failed(&url, &reply));
        }
        listing.page(serde_json::from_str::<DiscussionsPage>(&reply.body).map_err(|e| format!("{url}: {e}"))?);
    }
    let open = listing.into_open();
    let (mut merged, mut left) = (Vec::new(), Vec::new());
    for pr in &open {
        let Some(author) = pr.author_name() else {
            left.push(serde_json::json!({"num": pr.num, "reason": "its author's account is gone"}));
            continue;
        };
        let url = hub_prs::details_url(urls, repo, pr.num);
        let reply = hub.get(&url)?;
        if reply.status != 200 {
            return Err(failed(&url, &reply));
        }
        let details: DiscussionDetails = serde_json::from_str(&reply.body).map_err(|e| format!("{url}: {e}"))?;
        let files = match hub_prs::may_merge(author, &details) {
            Ok(files) => files,
            Err(reason) => {
                left.push(serde_json::json!({"num": pr.num, "author": author, "reason": reason}));
                continue;
            }
        };
        let comment =
            serde_json::json!({"comment": format!("Merged by together-hub: {files} answer files from {author}.")});
        let url = hub_prs::merge_url(urls, repo, pr.num);
        let reply = hub.send("POST", &url, Some("application/json"), Some(&comment.to_string()))?;
        match reply.status {
            200 | 201 => merged.push(serde_json::json!({"num": pr.num, "author": author, "files": files})),
            // Merged or closed meanwhile, or in conflict now: left for the next run, said why.
            400 | 409 => {
                left.push(serde_json::json!({"num": pr.num, "author": author, "reason": failed("merge", &reply)}))
            }
            _ => return Err(failed(&url, &reply)),
        }
    }
    Ok(serde_json::json!({"repo": repo, "merged": merged, "left": left}).to_string())
}

/// Write the community's dataset of the task `task_repo` to `to`; a JSON line of what was written.
fn publish(hub: &Hub, task_repo: &str, to: &str, all_records: bool) -> Result<String, String> {
    let urls = hub.urls();
    let url = urls.resolve(task_repo, "main", hub::DEFINITION_FILE);
    let reply = hub.get(&url)?;
    if reply.status != 200 {
        return Err(failed(&format!("{task_repo}/{}", hub::DEFINITION_FILE), &reply));
    }
    let at = |e: String| format!("{task_repo}/{}: {e}", hub::DEFINITION_FILE);
    let definition: hub::TaskDefinition = serde_json::from_str(&reply.body).map_err(|e| at(e.to_string()))?;
    let definition = hub::read_definition(task_repo, definition)?;
    let settings = serde_json::from_str::<publish::PublishPart>(&reply.body).map_err(|e| at(e.to_string()))?.publish;
    settings.check(&definition.task).map_err(at)?;
    let source = &definition.records;
    let dataset = source.dataset.as_deref().unwrap_or(task_repo);
    let Some(path) = &source.path else {
        return Err(at("records.path names no records file, which publishing reads.".into()));
    };
    let reply = hub.get(&urls.resolve(dataset, "main", path))?;
    if reply.status != 200 {
        return Err(failed(&format!("{dataset}/{path}"), &reply));
    }
    let decode = |line: &str| serde_json::from_str::<hub::Row>(line).map_err(|e| e.to_string());
    let records = hub::records_from_file(&definition, &format!("{dataset}/{path}"), &reply.body, decode)?;
    let task = &definition.task;

    let responses_repo = &definition.responses;
    let head = head_of(hub, responses_repo)?;
    let paths = answer_paths(hub, responses_repo, &head)?;
    let read = read_answer_files(hub, responses_repo, &head, &paths)?;
    for (path, _, complete) in &read {
        if !complete {
            eprintln!("{responses_repo}/{path}: some lines could not be read; they are left out.");
        }
    }
    let files: Vec<(&str, &[ResponseLine])> = read.iter().map(|(p, l, _)| (p.as_str(), l.as_slice())).collect();
    let responses: Vec<_> = hub::latest_lines(&files).into_iter().filter_map(ResponseLine::response).collect();
    let what = Publishing {
        source: task_repo,
        task,
        records: &records,
        responses: &responses,
        all_records,
        settings: &settings,
    };
    let publication = together_core::publish::publish(&what, |row: &publish::Row| serde_json::to_string(row))
        .map_err(|e| e.to_string())?;

    // The dataset repo, created when it is not there yet.
    let info = hub.get(&urls.revision(to, "main"))?;
    if info.status == 404 {
        let (namespace, name) = to.split_once('/').ok_or_else(|| format!("{to} is not namespace/name"))?;
        let body = serde_json::json!({"type": "dataset", "name": name, "organization": namespace}).to_string();
        let reply =
            hub.send("POST", &format!("{}/api/repos/create", hub.endpoint), Some("application/json"), Some(&body))?;
        if !matches!(reply.status, 200 | 409) {
            return Err(failed(&format!("creating {to}"), &reply));
        }
    } else if info.status != 200 {
        return Err(failed(to, &info));
    }
    let written: Vec<(&str, &str)> = publication.files.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
    let summary = format!(
        "Publish {} records and {} answers of {task_repo} from {} contributors",
        publication.records, publication.answers, publication.contributors
    );
    let reply = commit_inline(hub, to, &written, &hub::commit_lines(&summary, None, &written))?;
    if reply.status != 200 {
        return Err(failed("commit", &reply));
    }
    let commit: serde_json::Value = serde_json::from_str(&reply.body).map_err(|e| format!("commit: {e}"))?;
    Ok(serde_json::json!({
        "repo": to,
        "commit": commit["commitOid"],
        "records": publication.records,
        "answers": publication.answers,
        "contributors": publication.contributors,
    })
    .to_string())
}

fn token() -> Option<String> {
    if let Some(token) = std::env::var("HF_TOKEN").ok().filter(|t| !t.trim().is_empty()) {
        return Some(token.trim().to_owned());
    }
    let home = std::env::var("HF_HOME")
        .ok()
        .or_else(|| std::env::var("HOME").ok().map(|h| format!("{h}/.cache/huggingface")))?;
    std::fs::read_to_string(format!("{home}/token")).ok().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

const USAGE: &str = "usage: together-hub compact RESPONSES_REPO [--endpoint URL] [--min-files N]
       together-hub merge RESPONSES_REPO [--endpoint URL] [--no-compact]
       together-hub publish TASK_REPO --to DATASET_REPO [--endpoint URL] [--all-records]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let option = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let (Some(command @ ("compact" | "merge" | "publish")), Some(repo)) =
        (args.first().map(String::as_str), args.get(1))
    else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if !together_core::wire::hub::is_repo_id(repo) {
        eprintln!("{repo} is not a repo id (namespace/name).\n{USAGE}");
        return ExitCode::from(2);
    }
    let min_files = match option("--min-files").map(|n| n.parse::<usize>()) {
        None => 1,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("--min-files takes a number.\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let endpoint = option("--endpoint")
        .or_else(|| std::env::var("HF_ENDPOINT").ok())
        .unwrap_or_else(|| "https://huggingface.co".to_owned());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into();
    let hub = Hub { agent, endpoint, token: token() };
    if command == "publish" {
        let Some(to) = option("--to").filter(|to| hub::is_repo_id(to)) else {
            eprintln!("publish needs --to DATASET_REPO (namespace/name).\n{USAGE}");
            return ExitCode::from(2);
        };
        return match publish(&hub, repo, &to, args.iter().any(|a| a == "--all-records")) {
            Ok(report) => {
                println!("{report}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        };
    }
    if command == "merge" {
        match merge(&hub, repo) {
            Ok(report) => println!("{report}"),
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::FAILURE;
            }
        }
        if args.iter().any(|a| a == "--no-compact") {
            return ExitCode::SUCCESS;
        }
    }
    for attempt in 1..=ATTEMPTS {
        match compact_once(&hub, repo, min_files) {
            Ok(Outcome::Done(report)) => {
                println!("{report}");
                return ExitCode::SUCCESS;
            }
            Ok(Outcome::Stale) => {
                eprintln!("Someone committed meanwhile (attempt {attempt} of {ATTEMPTS}): reading again.")
            }
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::FAILURE;
            }
        }
    }
    eprintln!("The head kept moving: {ATTEMPTS} attempts, none landed. Nothing was changed; run it again later.");
    ExitCode::from(EXIT_TRY_LATER)
}
