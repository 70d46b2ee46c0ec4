//! Reading a Hub dataset repo, as the app, the widget and any tool read it: the addresses they ask, and the
//! tree listing of a responses folder, which the Hub gives page by page (`Link: <…>; rel="next"`, followed as
//! `huggingface_hub`'s `list_repo_tree` and `@huggingface/hub`'s `listFiles` follow it). IO-free: the caller
//! sends each request and hands back what came.

use super::hub::{response_files, revision_segment, TreeEntry, RESPONSES_DIR};
use crate::summary::is_summary;

/// A listing longer than this many pages is refused rather than followed for ever (the Hub's pages hold a
/// thousand entries: a million files).
pub const MAX_TREE_PAGES: usize = 1_000;

/// Whether `url` reads a file or a listing at a commit id (40 hex digits): its answer never changes, so a
/// browser may keep it for good.
pub fn at_commit(url: &str) -> bool {
    ["/resolve/", "/tree/"].iter().any(|marker| {
        url.split_once(marker).is_some_and(|(_, rest)| {
            let revision = rest.split(['/', '?']).next().unwrap_or_default();
            revision.len() == 40 && revision.bytes().all(|b| b.is_ascii_hexdigit())
        })
    })
}

/// The addresses of one Hub (its endpoint, without a trailing slash).
#[derive(Clone, Copy, Debug)]
pub struct HubUrls<'a>(pub &'a str);

impl<'a> HubUrls<'a> {
    pub fn new(endpoint: &'a str) -> Self {
        HubUrls(endpoint.trim_end_matches('/'))
    }

    /// `GET`: the repo at a revision (its head commit is `sha`).
    pub fn revision(&self, repo: &str, revision: &str) -> String {
        format!("{}/api/datasets/{repo}/revision/{}", self.0, revision_segment(revision))
    }

    /// `GET`: the first page of the recursive listing of `dir` at `revision`.
    pub fn tree(&self, repo: &str, revision: &str, dir: &str) -> String {
        format!("{}/api/datasets/{repo}/tree/{}/{dir}?recursive=true", self.0, revision_segment(revision))
    }

    /// `GET`: a file's contents at a revision (a commit id for contents that never change).
    pub fn resolve(&self, repo: &str, revision: &str, path: &str) -> String {
        format!("{}/datasets/{repo}/resolve/{}/{path}", self.0, revision_segment(revision))
    }

    /// The API root of a dataset repo (`/preupload/{rev}`, `/commit/{rev}` follow it).
    pub fn api(&self, repo: &str) -> String {
        format!("{}/api/datasets/{repo}", self.0)
    }
}

/// The `rel="next"` address of a `Link` header (RFC 8288), if there is one.
pub fn next_link(header: &str) -> Option<&str> {
    let mut rest = header;
    while let Some(open) = rest.find('<') {
        let close = open + rest[open..].find('>')?;
        let url = &rest[open + 1..close];
        let params_end =
            rest[close..].find(",<").or_else(|| rest[close..].find(", <")).map_or(rest.len(), |i| close + i);
        let params = &rest[close + 1..params_end];
        let is_next = params.split(';').any(|param| {
            let (key, value) = param.split_once('=').unwrap_or((param, ""));
            key.trim().eq_ignore_ascii_case("rel")
                && value.trim().trim_matches('"').split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(url);
        }
        rest = &rest[params_end..];
    }
    None
}

/// The listing of a responses folder at one commit, one page after another.
#[derive(Debug)]
pub struct TreeListing {
    /// Where the next page is asked for: the same Hub (a link elsewhere is refused, it would be handed the
    /// contributor's token on a pull request's branch).
    origin: String,
    next: Option<String>,
    asked: Vec<String>,
    files: Vec<String>,
    summary: bool,
}

impl TreeListing {
    /// The answers folder of `repo` at `revision` (a commit id, so that the pages agree with each other).
    pub fn new(urls: HubUrls, repo: &str, revision: &str) -> Self {
        let first = urls.tree(repo, revision, RESPONSES_DIR);
        TreeListing {
            origin: origin_of(urls.0).to_owned(),
            next: Some(first),
            asked: Vec::new(),
            files: Vec::new(),
            summary: false,
        }
    }

    /// The page to ask for next; `None` once the listing is complete.
    pub fn next_url(&self) -> Option<&str> {
        self.next.as_deref()
    }

    /// Whether a compaction's summary (`data/summary.json`) was listed.
    pub fn has_summary(&self) -> bool {
        self.summary
    }

    /// How many pages were read.
    pub fn pages(&self) -> usize {
        self.asked.len()
    }

    /// A page came: its entries, and its `Link` header. An error says what is wrong with the listing.
    pub fn page(&mut self, entries: Vec<TreeEntry>, link: Option<&str>) -> Result<(), &'static str> {
        let Some(url) = self.next.take() else { return Ok(()) };
        self.asked.push(url);
        self.summary |= entries.iter().any(|e| e.kind == "file" && is_summary(&e.path));
        self.files.extend(response_files(entries));
        let Some(next) = link.and_then(next_link) else { return Ok(()) };
        let next = if next.starts_with('/') { self.origin.clone() + next } else { next.to_owned() };
        if origin_of(&next) != self.origin {
            return Err("the Hub's listing of answers pointed to another site");
        }
        if self.asked.contains(&next) {
            return Err("the Hub's listing of answers came back to a page it had given already");
        }
        if self.asked.len() >= MAX_TREE_PAGES {
            return Err("the Hub's listing of answers ran past a thousand pages");
        }
        self.next = Some(next);
        Ok(())
    }

    /// The folder does not exist (a 404 `EntryNotFound` on the first page): no answers yet.
    pub fn missing(&mut self) {
        self.next = None;
    }

    /// The responses files listed, once [`next_url`](Self::next_url) is `None`.
    pub fn into_files(self) -> Vec<String> {
        self.files
    }
}

/// `scheme://host[:port]` of an absolute URL.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..].find('/').map_or(url.len(), |i| after_scheme + i);
    &url[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_listings_at_a_commit_id_never_change_and_the_rest_may() {
        let urls = HubUrls::new("https://huggingface.co");
        let sha = "0123456789abcdef0123456789abcdef01234567";
        assert!(at_commit(&urls.resolve("org/answers", sha, "data/ana/d-1-5.jsonl")));
        assert!(at_commit(&urls.tree("org/answers", sha, "data")));
        assert!(at_commit(&format!("{}&cursor=abc", urls.tree("org/answers", sha, "data"))));
        assert!(!at_commit(&urls.resolve("org/answers", "main", "data/ana/d-1-5.jsonl")));
        assert!(!at_commit(&urls.resolve("org/answers", &sha[..39], "x")), "not a whole commit id");
        assert!(!at_commit(&urls.resolve("org/answers", "refs/pr/1", "x")));
        assert!(!at_commit(&urls.revision("org/answers", "main")));
        assert!(!at_commit(&urls.tree("org/resolve", "main", "data")), "a repo named resolve is not a commit");
    }

    fn file(path: &str) -> TreeEntry {
        TreeEntry { kind: "file".into(), path: path.into() }
    }

    fn next(url: &str) -> String {
        format!("<{url}>; rel=\"next\"")
    }

    #[test]
    fn the_next_link_is_found_among_others_and_in_any_form() {
        assert_eq!(next_link("<https://h/a?cursor=x>; rel=\"next\""), Some("https://h/a?cursor=x"));
        assert_eq!(next_link("<https://h/a?cursor=x>; rel=next"), Some("https://h/a?cursor=x"));
        assert_eq!(next_link("<https://h/p1>; rel=\"prev\", <https://h/p3>; rel=\"next\""), Some("https://h/p3"));
        assert_eq!(next_link("<https://h/p3>;rel=\"last next\";title=\"x,y\""), Some("https://h/p3"));
        assert_eq!(next_link("<https://h/p1>; rel=\"prev\""), None);
        assert_eq!(next_link(""), None);
        assert_eq!(next_link("<unterminated; rel=next"), None);
        assert_eq!(next_link("garbage"), None);
    }

    #[test]
    fn every_page_of_a_listing_is_read_and_only_answers_files_are_kept() {
        let urls = HubUrls::new("http://127.0.0.1:9/");
        let mut listing = TreeListing::new(urls, "org/responses", "abc");
        assert_eq!(
            listing.next_url(),
            Some("http://127.0.0.1:9/api/datasets/org/responses/tree/abc/data?recursive=true")
        );
        let page2 = "http://127.0.0.1:9/api/datasets/org/responses/tree/abc/data?recursive=true&cursor=Mg";
        listing
            .page(
                vec![file("data/ann/a-1-5.jsonl"), TreeEntry { kind: "directory".into(), path: "data/ann".into() }],
                Some(&next(page2)),
            )
            .unwrap();
        assert_eq!(listing.next_url(), Some(page2));
        let unbracketed = "/api/datasets/org/responses/tree/abc/data?cursor=Mw; rel=next";
        assert!(!listing.has_summary());
        let second = vec![file("data/bo/b-1-5.jsonl"), file("data/README.md"), file("data/summary.txt")];
        listing.page(second, Some(unbracketed)).unwrap();
        assert_eq!(listing.next_url(), None, "an unbracketed link is no link");
        assert_eq!(listing.pages(), 2);
        assert!(listing.has_summary(), "a compaction's summary is seen on any page, and is no answers file");
        assert_eq!(listing.into_files(), vec!["data/ann/a-1-5.jsonl", "data/bo/b-1-5.jsonl"]);

        // A relative link is on the same Hub.
        let mut listing = TreeListing::new(urls, "org/responses", "abc");
        listing.page(vec![], Some("</api/datasets/org/responses/tree/abc/data?cursor=Mw>; rel=\"next\"")).unwrap();
        assert_eq!(listing.next_url(), Some("http://127.0.0.1:9/api/datasets/org/responses/tree/abc/data?cursor=Mw"));
    }

    #[test]
    fn a_listing_that_points_elsewhere_or_loops_is_refused_with_a_reason() {
        let urls = HubUrls::new("https://huggingface.co");
        let mut listing = TreeListing::new(urls, "org/r", "abc");
        let error = listing.page(vec![], Some(&next("https://evil.example/steal"))).unwrap_err();
        assert!(error.contains("another site"), "{error}");
        assert_eq!(listing.next_url(), None);

        let mut listing = TreeListing::new(urls, "org/r", "abc");
        let first = listing.next_url().unwrap().to_owned();
        let error = listing.page(vec![], Some(&next(&first))).unwrap_err();
        assert!(error.contains("came back"), "{error}");
    }

    #[test]
    fn a_listing_stops_at_the_page_limit() {
        let urls = HubUrls::new("https://huggingface.co");
        let mut listing = TreeListing::new(urls, "org/r", "abc");
        let mut result = Ok(());
        for i in 0..MAX_TREE_PAGES {
            result = listing.page(
                vec![file(&format!("data/u{i}/x-1-1.jsonl"))],
                Some(&next(&format!("https://huggingface.co/p{i}"))),
            );
            if result.is_err() {
                break;
            }
        }
        assert_eq!(listing.pages(), MAX_TREE_PAGES);
        assert!(result.unwrap_err().contains("a thousand pages"));
    }

    #[test]
    fn a_missing_folder_is_an_empty_listing() {
        let mut listing = TreeListing::new(HubUrls::new("https://huggingface.co"), "org/r", "abc");
        listing.missing();
        assert_eq!(listing.next_url(), None);
        assert!(listing.into_files().is_empty());
    }

    #[test]
    fn pull_request_revisions_are_one_path_segment() {
        let urls = HubUrls::new("https://huggingface.co");
        assert_eq!(urls.revision("o/r", "refs/pr/3"), "https://huggingface.co/api/datasets/o/r/revision/refs%2Fpr%2F3");
        assert_eq!(
            urls.resolve("o/r", "main", "data/a.jsonl"),
            "https://huggingface.co/datasets/o/r/resolve/main/data/a.jsonl"
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod against_parse_link_header {
        use super::super::next_link;
        use proptest::prelude::*;

        fn link() -> impl Strategy<Value = (String, String)> {
            let url = prop_oneof![
                "https://huggingface\\.co/api/datasets/[a-z]{1,8}/[a-z]{1,8}/tree/[0-9a-f]{6}/data\\?recursive=true&cursor=[A-Za-z0-9%]{1,20}",
                "/api/datasets/[a-z]{1,8}/r/tree/main\\?cursor=[A-Za-z0-9]{1,12}",
            ];
            let rel = prop_oneof![Just("next"), Just("prev"), Just("last"), Just("first"), Just("xet-auth")];
            (url, rel.prop_map(String::from))
        }

        proptest! {
            #[test]
            fn finds_what_the_crate_finds(links in proptest::collection::vec(link(), 0..5), quoted in any::<bool>()) {
                // One link per rel, as a server sends them.
                let mut seen = Vec::new();
                let links: Vec<_> = links.into_iter().filter(|(_, rel)| {
                    let fresh = !seen.contains(rel);
                    seen.push(rel.clone());
                    fresh
                }).collect();
                let header = links
                    .iter()
                    .map(|(url, rel)| if quoted { format!("<{url}>; rel=\"{rel}\"") } else { format!("<{url}>; rel={rel}") })
                    .collect::<Vec<_>>()
                    .join(", ");
                let theirs = parse_link_header::parse_with_rel(&header)
                    .ok()
                    .and_then(|map| map.get("next").map(|l| l.raw_uri.clone()));
                prop_assert_eq!(next_link(&header).map(str::to_owned), theirs);
            }

            #[test]
            fn never_panics(header in "\\PC{0,80}") {
                let _ = next_link(&header);
            }
        }
    }
}
