//! The format a reader's browser keeps a responses repo in between visits.

use super::*;
use crate::wire::hub::LineStatus;

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
const STATUSES: [(LineStatus, &str); 4] = [
    (LineStatus::Draft, "d"),
    (LineStatus::Submitted, "s"),
    (LineStatus::Discarded, "x"),
    (LineStatus::Retracted, "r"),
];

impl Kept {
    /// The text to keep for the files of a repo read at `sha`.
    pub fn text(sha: &str, files: &[(&str, &[LineSummary])]) -> String {
        fn push(out: &mut String, field: &str) {
            for c in field.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\t' => out.push_str("\\t"),
                    '\n' => out.push_str("\\n"),
                    c => out.push(c),
                }
            }
        }
        let mut out = format!("{KEPT}{sha}");
        for (path, lines) in files {
            out.push('\n');
            push(&mut out, path);
            for line in lines.iter() {
                out.push('\n');
                push(&mut out, &line.record_id);
                out.push('\t');
                push(&mut out, &line.user);
                let status = STATUSES.iter().find(|(s, _)| *s == line.status).map_or("s", |(_, c)| c);
                out.push_str(&format!("\t{status}\t{}", line.updated_at_ms as i64));
            }
        }
        out
    }

    /// Read kept text back; `None` when it is not whole (another version, cut short, or tampered with), and the
    /// files are then read afresh.
    pub fn parse(text: &str) -> Option<Kept> {
        fn field(text: &str) -> Option<String> {
            let mut out = String::with_capacity(text.len());
            let mut chars = text.chars();
            while let Some(c) = chars.next() {
                out.push(match c {
                    '\\' => match chars.next()? {
                        '\\' => '\\',
                        't' => '\t',
                        'n' => '\n',
                        _ => return None,
                    },
                    c => c,
                });
            }
            Some(out)
        }
        let mut lines = text.split('\n');
        let sha = lines.next()?.strip_prefix(KEPT)?.to_owned();
        let mut files: Vec<(String, Vec<LineSummary>)> = Vec::new();
        for line in lines {
            let parts: Vec<&str> = line.split('\t').collect();
            match parts.as_slice() {
                [path] => files.push((field(path)?, Vec::new())),
                [record, user, status, ms] => files.last_mut()?.1.push(LineSummary {
                    record_id: field(record)?,
                    user: field(user)?,
                    status: STATUSES.iter().find(|(_, c)| c == status)?.0,
                    updated_at_ms: ms.parse::<i64>().ok()? as f64,
                }),
                _ => return None,
            }
        }
        Some(Kept { sha, files })
    }
}
