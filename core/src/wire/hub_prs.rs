//! Contributors' pull requests on a responses repo: listing the open ones (page by page, `p=`), telling which a
//! lead may merge without reading them file by file, and the addresses to merge them. Anyone may open a pull
//! request, so one is merged only if all it does is add or change answer files in its author's own folder:
//! a snapshot, another contributor's folder, or a deletion would let it speak for others or erase them.

use super::hub::{file_user, safe_segment};
use super::hub_read::HubUrls;
use crate::compaction::is_snapshot;
use serde::Deserialize;

/// `GET`: a pull request with its diff.
pub fn details_url(urls: HubUrls, repo: &str, num: u64) -> String {
    format!("{}/discussions/{num}", urls.api(repo))
}

/// `POST` (`{"comment": …}`): merge a pull request into main.
pub fn merge_url(urls: HubUrls, repo: &str, num: u64) -> String {
    format!("{}/discussions/{num}/merge", urls.api(repo))
}

/// A listing of discussions longer than this many pages (fifty a page) is not followed further.
pub const MAX_PULL_PAGES: usize = 1_000;

/// The open pull requests of a repo, one page of discussions after another (as `huggingface_hub`'s
/// `get_repo_discussions` reads them). IO-free: the caller asks for [`next_url`](Self::next_url) and hands back
/// each page.
#[derive(Debug)]
pub struct PullListing {
    api: String,
    page: usize,
    done: bool,
    open: Vec<Discussion>,
}

impl PullListing {
    pub fn new(urls: HubUrls, repo: &str) -> Self {
        PullListing { api: urls.api(repo), page: 0, done: false, open: Vec::new() }
    }

    /// The page to ask for next; `None` once the listing is complete.
    pub fn next_url(&self) -> Option<String> {
        (!self.done).then(|| format!("{}/discussions?type=pull_request&status=open&p={}", self.api, self.page))
    }

    /// A page came: its open pull requests are kept.
    pub fn page(&mut self, listed: DiscussionsPage) {
        let more = listed.has_next();
        // Kept in order of number as they come (the Hub lists the newest first).
        for pull in listed.discussions.into_iter().filter(|d| d.is_pull_request && d.status == "open") {
            let at = self.open.partition_point(|d| d.num < pull.num);
            self.open.insert(at, pull);
        }
        self.page += 1;
        self.done = !more || self.page >= MAX_PULL_PAGES;
    }

    /// The open pull requests, oldest first: merged in that order, answers land in the order they were given.
    pub fn into_open(self) -> Vec<Discussion> {
        self.open
    }
}

#[derive(Debug, Deserialize)]
pub struct DiscussionsPage {
    pub discussions: Vec<Discussion>,
    pub count: usize,
    pub start: usize,
}

impl DiscussionsPage {
    /// Whether another page follows this one (as `huggingface_hub`'s `get_repo_discussions` decides).
    pub fn has_next(&self) -> bool {
        self.start + self.discussions.len() < self.count && !self.discussions.is_empty()
    }
}

#[derive(Debug, Deserialize)]
pub struct Discussion {
    pub num: u64,
    pub status: String,
    #[serde(default)]
    pub author: Option<Author>,
    #[serde(rename = "isPullRequest", default)]
    pub is_pull_request: bool,
}

#[derive(Debug, Deserialize)]
pub struct Author {
    pub name: String,
}

impl Discussion {
    pub fn author_name(&self) -> Option<&str> {
        self.author.as_ref().map(|a| a.name.as_str())
    }
}

/// `GET /api/datasets/{repo}/discussions/{num}`: what matters to a merge.
#[derive(Debug, Deserialize)]
pub struct DiscussionDetails {
    #[serde(default)]
    pub diff: Option<String>,
    #[serde(rename = "filesWithConflicts", default)]
    pub conflicts: Vec<String>,
}

/// One file a diff touches.
#[derive(Debug, PartialEq)]
pub struct Change {
    pub path: String,
    pub deleted: bool,
}

/// The files a unified git diff touches, from its `diff --git a/… b/…` headers.
pub fn changed_files(diff: &str) -> Vec<Change> {
    let mut changes: Vec<Change> = Vec::new();
    for line in diff.lines() {
        if let Some(rest) = line.strip_prefix("diff --git a/") {
            // `a/{path} b/{path}`: the same path twice (answers are never renamed).
            let path = match rest.len().checked_sub(3).map(|n| n / 2) {
                Some(half) if rest.is_char_boundary(half) && rest[half..].starts_with(" b/") => &rest[..half],
                _ => rest.split(" b/").next().unwrap_or(rest),
            };
            changes.push(Change { path: path.to_owned(), deleted: false });
        } else if line.starts_with("deleted file mode") {
            if let Some(last) = changes.last_mut() {
                last.deleted = true;
            }
        }
    }
    changes
}

/// The lines each file of a diff adds (`+…`, not the `+++` header): the answers a pull request holds, read
/// from its details alone.
pub fn added_lines(diff: &str) -> Vec<(String, Vec<&str>)> {
    let mut files: Vec<(String, Vec<&str>)> = Vec::new();
    for line in diff.lines() {
        if line.starts_with("diff --git a/") {
            let path = changed_files(line).pop().map(|c| c.path).unwrap_or_default();
            files.push((path, Vec::new()));
        } else if let (Some(added), false, Some((_, lines))) =
            (line.strip_prefix('+'), line.starts_with("+++ "), files.last_mut())
        {
            lines.push(added);
        }
    }
    files
}

/// Whether a pull request by `author` with this diff may be merged: how many answer files it adds, or why not.
pub fn may_merge(author: &str, details: &DiscussionDetails) -> Result<usize, String> {
    if !details.conflicts.is_empty() {
        return Err(format!("it conflicts with main in {}", details.conflicts.join(", ")));
    }
    let changes = changed_files(details.diff.as_deref().unwrap_or(""));
    if changes.is_empty() {
        return Err("it changes nothing".into());
    }
    let own = safe_segment(author);
    for change in &changes {
        if change.deleted {
            return Err(format!("it deletes {}", change.path));
        }
        if is_snapshot(&change.path) || file_user(&change.path) != Some(own.as_str()) {
            return Err(format!("it writes {} outside data/{own}/", change.path));
        }
    }
    Ok(changes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(diff: &str) -> DiscussionDetails {
        DiscussionDetails { diff: Some(diff.into()), conflicts: Vec::new() }
    }

    const ADDS: &str = "diff --git a/data/ann/d-1-5.jsonl b/data/ann/d-1-5.jsonl\nnew file mode 100644\n--- /dev/null\n+++ b/data/ann/d-1-5.jsonl\n+{\"record_id\":\"r1\"}\ndiff --git a/data/ann/d-6-9.jsonl b/data/ann/d-6-9.jsonl\nnew file mode 100644\n";

    #[test]
    fn the_files_of_a_diff_are_read_from_its_headers() {
        assert_eq!(
            changed_files(ADDS),
            [
                Change { path: "data/ann/d-1-5.jsonl".into(), deleted: false },
                Change { path: "data/ann/d-6-9.jsonl".into(), deleted: false }
            ]
        );
        let spaced = "diff --git a/data/a b/c.jsonl b/data/a b/c.jsonl\ndeleted file mode 100644\n";
        assert_eq!(changed_files(spaced), [Change { path: "data/a b/c.jsonl".into(), deleted: true }]);
        assert!(changed_files("").is_empty());
        assert!(changed_files("+diff --git a/x b/x\n not a header").is_empty());
    }

    #[test]
    fn the_answers_a_pull_request_adds_are_read_from_its_diff() {
        assert_eq!(
            added_lines(ADDS),
            [
                ("data/ann/d-1-5.jsonl".to_owned(), vec!["{\"record_id\":\"r1\"}"]),
                ("data/ann/d-6-9.jsonl".to_owned(), vec![])
            ]
        );
        assert!(added_lines("+orphan line\n").is_empty(), "a line before any file belongs to none");
    }

    #[test]
    fn only_answers_in_the_authors_own_folder_are_merged() {
        assert_eq!(may_merge("ann", &details(ADDS)), Ok(2));
        let other = "diff --git a/data/bo/x.jsonl b/data/bo/x.jsonl\nnew file mode 100644\n";
        assert!(may_merge("ann", &details(other)).unwrap_err().contains("outside data/ann/"));
        let snapshot = "diff --git a/data/snapshot-00ff.jsonl b/data/snapshot-00ff.jsonl\nnew file mode 100644\n";
        assert!(may_merge("ann", &details(snapshot)).unwrap_err().contains("outside"));
        let deletes = "diff --git a/data/ann/old.jsonl b/data/ann/old.jsonl\ndeleted file mode 100644\n";
        assert!(may_merge("ann", &details(deletes)).unwrap_err().contains("deletes data/ann/old.jsonl"));
        let readme = "diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n";
        assert!(may_merge("ann", &details(readme)).unwrap_err().contains("README.md"));
        assert_eq!(may_merge("ann", &details("")).unwrap_err(), "it changes nothing");
        // A name with characters a path cannot hold has its folder under the same safe name the app writes.
        let odd = "diff --git a/data/an_n/x.jsonl b/data/an_n/x.jsonl\nnew file mode 100644\n";
        assert_eq!(may_merge("an n", &details(odd)), Ok(1));
        let conflicted = DiscussionDetails { diff: Some(ADDS.into()), conflicts: vec!["data/ann/d-1-5.jsonl".into()] };
        assert!(may_merge("ann", &conflicted).unwrap_err().contains("conflicts"));
    }

    #[test]
    fn pages_follow_until_the_count_is_reached() {
        let page = |start, n, count| DiscussionsPage {
            discussions: (0..n)
                .map(|i| Discussion { num: i, status: "open".into(), author: None, is_pull_request: true })
                .collect(),
            count,
            start,
        };
        assert!(page(0, 50, 120).has_next());
        assert!(!page(100, 20, 120).has_next());
        assert!(!page(0, 0, 5).has_next(), "an empty page ends the listing whatever the count says");
        let urls = HubUrls::new("https://huggingface.co");
        let mut listing = PullListing::new(urls, "o/r");
        assert_eq!(
            listing.next_url().as_deref(),
            Some("https://huggingface.co/api/datasets/o/r/discussions?type=pull_request&status=open&p=0")
        );
        let pull = |num, status: &str, is_pull_request| Discussion {
            num,
            status: status.into(),
            author: None,
            is_pull_request,
        };
        listing.page(DiscussionsPage {
            discussions: vec![pull(9, "open", true), pull(8, "merged", true)],
            count: 4,
            start: 0,
        });
        assert_eq!(
            listing.next_url().as_deref(),
            Some("https://huggingface.co/api/datasets/o/r/discussions?type=pull_request&status=open&p=1")
        );
        listing.page(DiscussionsPage {
            discussions: vec![pull(3, "open", true), pull(2, "open", false)],
            count: 4,
            start: 2,
        });
        assert_eq!(listing.next_url(), None);
        assert_eq!(
            listing.into_open().iter().map(|d| d.num).collect::<Vec<_>>(),
            [3, 9],
            "open pull requests, oldest first"
        );
        assert_eq!(merge_url(urls, "o/r", 7), "https://huggingface.co/api/datasets/o/r/discussions/7/merge");
    }
}
