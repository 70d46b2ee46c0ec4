//! `together-hub`: what a lead runs by hand or as a scheduled job against a Hub task's responses repo. The Hub
//! protocol is `together-core`'s (the addresses, the paged listing, the lines, the compaction and its commit),
//! the same code the app and the widget run in the browser; this file only moves bytes.
//!
//! ```text
//! together-hub compact RESPONSES_REPO [--endpoint URL] [--min-files N]
//! together-hub merge RESPONSES_REPO [--endpoint URL] [--no-compact]
//! ```
//! `merge` merges every open pull request that only adds answers in its author's own folder (saying why it
//! leaves any other), then compacts.
//! Exit codes: 0 done (or nothing to do), 1 an error (said on stderr), 2 a usage error, 3 the head kept moving
//! (contributors committing all along): nothing was changed, run it again later.
//!
//! The token is `HF_TOKEN`, else the one `hf auth login` saved (`$HF_HOME/token`, `~/.cache/huggingface/token`).
//! The endpoint is `--endpoint`, else `HF_ENDPOINT`, else `https://huggingface.co`.

use std::process::ExitCode;
use std::time::Duration;
use together_core::compaction::{self, ReadFile};
use together_core::summary::SUMMARY_PATH;
use together_core::wire::hub::{read_lines, Preupload, PreuploadReply, ResponseLine, TreeEntry};
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

fn compact_once(hub: &Hub, repo: &str, min_files: usize) -> Result<Outcome, String> {
    let urls = hub.urls();
    let info = hub.get(&urls.revision(repo, "main"))?;
    if info.status != 200 {
        return Err(failed(repo, &info));
    }
    let info: serde_json::Value = serde_json::from_str(&info.body).map_err(|e| format!("{repo}: {e}"))?;
    let head = info["sha"].as_str().ok_or_else(|| format!("{repo}: no head commit"))?.to_owned();

    let mut listing = TreeListing::new(urls, repo, &head);
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
    let paths = listing.into_files();
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

    // Every file at the head, PARALLEL at a time.
    let mut read: Vec<Fetched> = Vec::with_capacity(paths.len());
    for chunk in paths.chunks(PARALLEL) {
        let results: Vec<Result<Option<Fetched>, String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .iter()
                .map(|path| {
                    let url = urls.resolve(repo, &head, path);
                    scope.spawn(move || {
                        let reply = hub.get(&url)?;
                        match reply.status {
                            200 => {}
                            404 => return Ok(None), // gone since the listing: nothing to fold
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
    let files: Vec<ReadFile> =
        read.iter().map(|(path, lines, complete)| ReadFile { path, lines, complete: *complete }).collect();
    let Some(plan) = compaction::plan(&files) else { return skip("nothing to fold") };
    let output = plan.output(&head, serde_json::to_string).map_err(|e| e.to_string())?;
    let summary = output.summary.text();
    let snapshot = output.snapshot;
    let written = [(snapshot.as_str(), output.contents.as_str()), (SUMMARY_PATH, summary.as_str())];

    let api = urls.api(repo);
    let preupload = serde_json::to_string(&Preupload::of(&written)).map_err(|e| e.to_string())?;
    let reply = hub.send("POST", &format!("{api}/preupload/main"), Some("application/json"), Some(&preupload))?;
    if reply.status != 200 {
        return Err(failed("preupload", &reply));
    }
    let modes: PreuploadReply = serde_json::from_str(&reply.body).map_err(|e| format!("preupload: {e}"))?;
    if !modes.all_regular() {
        return Err("The Hub asked for a large-file upload of the snapshot, which this tool does not do yet.".into());
    }
    let mut body = String::new();
    for line in compaction::commit(&head, &written, &plan.delete, plan.lines.len()) {
        body.push_str(&serde_json::to_string(&line).map_err(|e| e.to_string())?);
        body.push('\n');
    }
    let reply = hub.send("POST", &format!("{api}/commit/main"), Some("application/x-ndjson"), Some(&body))?;
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

fn token() -> Option<String> {
    if let Some(token) = std::env::var("HF_TOKEN").ok().filter(|t| !t.trim().is_empty()) {
        return Some(token.trim().to_owned());
    }
    let home = std::env::var("HF_HOME")
        .ok()
        .or_else(|| std::env::var("HOME").ok().map(|h| format!("{h}/.cache/huggingface")))?;
    std::fs::read_to_string(format!("{home}/token")).ok().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

const USAGE: &str = "usage: together-hub compact RESPONSES_REPO [--endpoint URL] [--min-files N]\n       together-hub merge RESPONSES_REPO [--endpoint URL] [--no-compact]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let option = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let (Some(command @ ("compact" | "merge")), Some(repo)) = (args.first().map(String::as_str), args.get(1)) else {
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
