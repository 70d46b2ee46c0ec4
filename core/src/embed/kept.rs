//! The format a reader's browser keeps a responses repo in between visits.

use super::*;
use crate::summary::{push_field, read_field, status_code, status_of};

/// What a reader's browser keeps of one responses repo between visits (the widget puts it in the Cache API), so
/// that a repeat reader asks the Hub for the head, and then only for the files added since: a batch file never
/// changes once written. The text is a line `together-widget 1 {sha}`, then each file as its path on a line of
/// its own followed by its lines, each `record\tuser\tstatus\tms`, with `\`, tab and newline escaped.
/// Times are kept in whole milliseconds, as the app writes them.
#[derive(Debug, PartialEq)]
pub struct Kept {
    /// The head the files were read at: when it has not moved, the files are all there is.
    pub sha: String,
    pub files: Vec<(String, Vec<LineSummary>)>,
}

const KEPT: &str = "together-widget 1 ";

impl Kept {
    /// The text to keep for the files of a repo read at `sha`.
    pub fn text(sha: &str, files: &[(&str, &[LineSummary])]) -> String {
        let mut out = format!("{KEPT}{sha}");
        for (path, lines) in files {
            out.push('\n');
            push_field(&mut out, path);
            for line in lines.iter() {
                out.push('\n');
                push_field(&mut out, &line.record_id);
                out.push('\t');
                push_field(&mut out, &line.user);
                out.push_str(&format!("\t{}\t{}", status_code(line.status), line.updated_at_ms as i64));
            }
        }
        out
    }

    /// Read kept text back; `None` when it is not whole (another version, cut short, or tampered with), and the
    /// files are then read afresh.
    pub fn parse(text: &str) -> Option<Kept> {
        let mut lines = text.split('\n');
        let sha = lines.next()?.strip_prefix(KEPT)?.to_owned();
        let mut files: Vec<(String, Vec<LineSummary>)> = Vec::new();
        for line in lines {
            let parts: Vec<&str> = line.split('\t').collect();
            match parts.as_slice() {
                [path] => files.push((read_field(path)?, Vec::new())),
                [record, user, status, ms] => files.last_mut()?.1.push(LineSummary {
                    record_id: read_field(record)?,
                    user: read_field(user)?,
                    status: status_of(status)?,
                    updated_at_ms: ms.parse::<i64>().ok()? as f64,
                }),
                _ => return None,
            }
        }
        Some(Kept { sha, files })
    }
}
