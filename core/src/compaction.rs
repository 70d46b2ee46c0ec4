//! Compaction of a Hub task's responses repo: every batch file merged so far folded into one snapshot.
//!
//! Contributors' answers arrive as many small batch files (`data/{user}/{device}-{first}-{last}.jsonl`); a
//! reader pays a request for each. A compaction is one commit, on the parent it read (`parentCommit`, so a 412
//! means read again and redo), that adds a snapshot (`data/snapshot-{hash}.jsonl`: the latest line per record
//! and person, in a stable order) and deletes the files it folded in, older snapshots included. Readers need no
//! other rule: whatever sits under `data/` at a head is everything, the snapshot being a file whose lines are
//! believed for anyone (only those who may write to the repo can put one on its main branch).
//!
//! Nothing is lost or counted twice when a compaction races contributors' commits or another compaction: a
//! batch committed meanwhile moves the head, so the compaction's commit is refused (412) and redone; the latest
//! line per record and person wins everywhere, so a batch that comes back under its old name (sent twice)
//! changes nothing; and a file with a line nobody can read is folded but kept.
//!
//! IO-free: the caller lists and reads the files (see [`crate::wire::hub_read`]), serializes the lines this
//! module picks, and sends the commit it describes.

use crate::summary::Summary;
use crate::wire::hub::{commit_lines, latest_lines, CommitLine, CommitValue, ResponseLine, RESPONSES_DIR};
use sha2::{Digest, Sha256};

/// Snapshots are `data/snapshot-{hash}.jsonl`, named by their contents: a file's name is never reused for
/// other contents, so every reader may keep what it read by name.
pub const SNAPSHOT_STEM: &str = "snapshot-";

/// Whether a responses file is a snapshot (directly under `data/`, where no contributor's folder is a file).
pub fn is_snapshot(path: &str) -> bool {
    path.strip_prefix(RESPONSES_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|name| name.strip_prefix(SNAPSHOT_STEM))
        .and_then(|hash| hash.strip_suffix(".jsonl"))
        .is_some_and(|hash| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// How many of the files listed are contributors' batch files, which a compaction would fold in.
pub fn batch_files<'a>(paths: impl IntoIterator<Item = &'a str>) -> usize {
    paths.into_iter().filter(|p| !is_snapshot(p)).count()
}

/// The snapshot's path for its contents.
pub fn snapshot_path(contents: &str) -> String {
    let digest = Sha256::digest(contents.as_bytes());
    let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{RESPONSES_DIR}/{SNAPSHOT_STEM}{hash}.jsonl")
}

/// One responses file as read at the head: its lines, and whether every line of it could be read.
#[derive(Clone, Copy, Debug)]
pub struct ReadFile<'a> {
    pub path: &'a str,
    pub lines: &'a [ResponseLine],
    /// False when a line could not be read (written by hand, say): the file is folded but kept.
    pub complete: bool,
}

/// What one compaction does.
#[derive(Debug, PartialEq)]
pub struct Plan<'a> {
    /// The snapshot's lines, one per record and person, ordered by record then person.
    pub lines: Vec<&'a ResponseLine>,
    /// The files folded in and deleted by the commit.
    pub delete: Vec<String>,
    /// How many files stay (a line in them could not be read).
    pub kept: usize,
}

/// The compaction of the files listed at one head; `None` when there is nothing to fold (no batch file, and
/// at most one snapshot).
pub fn plan<'a>(files: &[ReadFile<'a>]) -> Option<Plan<'a>> {
    let batches = files.iter().filter(|f| !is_snapshot(f.path)).count();
    let snapshots = files.len() - batches;
    if batches == 0 && snapshots <= 1 {
        return None;
    }
    let pairs: Vec<(&str, &[ResponseLine])> = files.iter().map(|f| (f.path, f.lines)).collect();
    let mut lines = latest_lines(&pairs);
    let order = crate::stats::sorted_order(lines.len(), &|a, b| {
        (lines[a].record_id.as_str(), lines[a].user.as_str())
            .cmp(&(lines[b].record_id.as_str(), lines[b].user.as_str()))
    });
    let mut slots: Vec<Option<&ResponseLine>> = lines.drain(..).map(Some).collect();
    let lines = order.into_iter().filter_map(|i| slots[i].take()).collect();
    let delete: Vec<String> = files.iter().filter(|f| f.complete).map(|f| f.path.to_owned()).collect();
    Some(Plan { lines, kept: files.len() - delete.len(), delete })
}

/// What a compaction writes: the snapshot (its path and contents, each line encoded by the shell's JSON
/// writer) and its summary (see [`crate::summary`]), made on `parent`.
#[derive(Debug)]
pub struct Output {
    pub snapshot: String,
    pub contents: String,
    pub summary: Summary,
}

impl Plan<'_> {
    pub fn output<E>(&self, parent: &str, encode: impl Fn(&ResponseLine) -> Result<String, E>) -> Result<Output, E> {
        let mut contents = String::new();
        for line in &self.lines {
            contents.push_str(&encode(line)?);
            contents.push('\n');
        }
        let snapshot = snapshot_path(&contents);
        let summary = Summary::of(&snapshot, parent, &self.lines);
        Ok(Output { snapshot, contents, summary })
    }
}

/// The commit body of a compaction (NDJSON lines): the header on `parent`, the new snapshot and summary
/// (`files`, the snapshot first), the deletions.
pub fn commit(parent: &str, files: &[(&str, &str)], delete: &[String], answers: usize) -> Vec<CommitLine> {
    let mut lines = commit_lines(&message(delete.len(), answers), Some(parent), files);
    lines.extend(deletions(delete, files));
    lines
}

/// A compaction's commit message.
pub fn message(files: usize, answers: usize) -> String {
    format!("Compact {files} files into {answers} answers (Together)")
}

/// The lines deleting the files folded in; a file the commit writes (a snapshot that is already there:
/// nothing changed since it was written) is not deleted.
pub fn deletions<'a>(delete: &'a [String], written: &'a [(&str, &str)]) -> impl Iterator<Item = CommitLine> + 'a {
    delete
        .iter()
        .filter(move |p| !written.iter().any(|(w, _)| w == p))
        .map(|path| CommitLine { key: "deletedFile", value: CommitValue::Deleted { path: path.clone() } })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AnswerValue;
    use crate::wire::hub::LineStatus;

    fn line(record: &str, user: &str, rating: i64, at: f64) -> ResponseLine {
        ResponseLine {
            record_id: record.into(),
            user: user.into(),
            status: LineStatus::Submitted,
            values: [("quality".to_owned(), AnswerValue::Rating(rating))].into(),
            updated_at_ms: at,
        }
    }

    #[test]
    fn snapshots_are_named_by_their_contents_and_told_apart_from_batches() {
        let path = snapshot_path("a\n");
        assert!(path.starts_with("data/snapshot-") && path.ends_with(".jsonl") && path.len() == 36, "{path}");
        assert_eq!(path, snapshot_path("a\n"));
        assert_ne!(path, snapshot_path("b\n"));
        assert!(is_snapshot(&path));
        assert!(!is_snapshot("data/ana/snapshot-00ff.jsonl"), "a contributor's file is never a snapshot");
        assert!(!is_snapshot("data/snapshot-.jsonl"));
        assert!(!is_snapshot("data/snapshot-zz.jsonl"));
        assert!(!is_snapshot("snapshot-00ff.jsonl"));
        assert!(!is_snapshot("data/snapshot-00ff.json"));
        assert_eq!(batch_files([path.as_str(), "data/ana/d-00000001-00000002.jsonl"]), 1);
    }

    #[test]
    fn the_snapshot_holds_the_latest_line_per_record_and_person_and_the_batches_go() {
        let ana1 = [line("r1", "ana", 2, 1.0), line("r2", "ana", 5, 2.0)];
        let ana2 = [line("r1", "ana", 4, 3.0)];
        let bo = [line("r1", "bo", 3, 1.5), line("r9", "ana", 1, 9.0)]; // ana's line in bo's folder is not believed
        let files = [
            ReadFile { path: "data/ana/d-00000001-00000002.jsonl", lines: &ana1, complete: true },
            ReadFile { path: "data/ana/d-00000003-00000003.jsonl", lines: &ana2, complete: true },
            ReadFile { path: "data/bo/e-00000001-00000002.jsonl", lines: &bo, complete: true },
        ];
        let plan = plan(&files).unwrap();
        let got: Vec<_> = plan.lines.iter().map(|l| (l.record_id.as_str(), l.user.as_str(), l.updated_at_ms)).collect();
        assert_eq!(got, [("r1", "ana", 3.0), ("r1", "bo", 1.5), ("r2", "ana", 2.0)]);
        assert_eq!(plan.delete.len(), 3);
        assert_eq!(plan.kept, 0);
    }

    #[test]
    fn a_snapshot_folds_into_the_next_and_its_lines_count_for_anyone() {
        let old = [line("r1", "ana", 2, 1.0), line("r2", "bo", 4, 1.0)];
        let newer = [line("r1", "ana", 5, 7.0)];
        let files = [
            ReadFile { path: "data/snapshot-0123456789abcdef.jsonl", lines: &old, complete: true },
            ReadFile { path: "data/ana/d-00000009-00000009.jsonl", lines: &newer, complete: true },
        ];
        let plan = plan(&files).unwrap();
        let got: Vec<_> = plan.lines.iter().map(|l| (l.record_id.as_str(), l.user.as_str(), l.updated_at_ms)).collect();
        assert_eq!(got, [("r1", "ana", 7.0), ("r2", "bo", 1.0)]);
        assert_eq!(plan.delete, ["data/snapshot-0123456789abcdef.jsonl", "data/ana/d-00000009-00000009.jsonl"]);
        // A snapshot alone is compact already.
        assert!(super::plan(&files[..1]).is_none());
        assert!(super::plan(&[]).is_none());
    }

    #[test]
    fn a_file_with_an_unreadable_line_is_folded_but_kept() {
        let good = [line("r1", "ana", 2, 1.0)];
        let files = [
            ReadFile { path: "data/ana/a.jsonl", lines: &good, complete: false },
            ReadFile { path: "data/ana/b.jsonl", lines: &[], complete: true },
        ];
        let plan = plan(&files).unwrap();
        assert_eq!(plan.lines.len(), 1);
        assert_eq!(plan.delete, ["data/ana/b.jsonl"]);
        assert_eq!(plan.kept, 1);
    }

    #[test]
    fn the_commit_is_on_the_parent_read_adds_the_snapshot_and_deletes_what_it_folded() {
        let delete = vec!["data/ana/a.jsonl".to_owned(), "data/snapshot-00ff.jsonl".to_owned()];
        let body = commit("abc123", &[("data/snapshot-00ff.jsonl", "x\n"), ("data/summary.json", "{}")], &delete, 7);
        let json: Vec<String> = body.iter().map(|l| serde_json::to_string(l).unwrap()).collect();
        assert_eq!(
            json[0],
            r#"{"key":"header","value":{"summary":"Compact 2 files into 7 answers (Together)","parentCommit":"abc123"}}"#
        );
        assert_eq!(
            json[1],
            r#"{"key":"file","value":{"path":"data/snapshot-00ff.jsonl","content":"eAo=","encoding":"base64"}}"#
        );
        assert_eq!(
            json[2],
            r#"{"key":"file","value":{"path":"data/summary.json","content":"e30=","encoding":"base64"}}"#
        );
        assert_eq!(json[3], r#"{"key":"deletedFile","value":{"path":"data/ana/a.jsonl"}}"#);
        assert_eq!(json.len(), 4, "the snapshot written is not deleted");
    }

    #[test]
    fn ten_thousand_records_by_a_thousand_people_fold_to_one_line_each() {
        let files: Vec<Vec<ResponseLine>> = (0..1_000)
            .map(|u| {
                (0..20)
                    .map(|k| line(&format!("r{:05}", (u * 20 + k) % 10_000), &format!("u{u:04}"), 3, k as f64))
                    .collect()
            })
            .collect();
        let paths: Vec<String> = (0..1_000).map(|u| format!("data/u{u:04}/d-00000000-00000019.jsonl")).collect();
        let read: Vec<ReadFile> =
            files.iter().zip(&paths).map(|(lines, path)| ReadFile { path, lines, complete: true }).collect();
        let plan = plan(&read).unwrap();
        assert_eq!(plan.lines.len(), 20_000);
        assert!(plan.lines.windows(2).all(|w| (&w[0].record_id, &w[0].user) < (&w[1].record_id, &w[1].user)));
        assert_eq!(plan.delete.len(), 1_000);
    }
}
