//! The summary a compaction writes beside its snapshot, `data/summary.txt`: what the first screen needs of
//! every answer folded so far (who answered which record, and how), without the answers' values.
//!
//! A snapshot of 20,000 answers is about 2 MB of JSON lines; decoding them on a phone took seconds before
//! the first record showed, although the queue, the progress bars, the task list and the widget only need to
//! know who answered what. The summary says exactly that: per contributor their counts and their latest
//! answer's time, and per record and status the contributors (as indices into that list). It is text, one
//! item a line, fields separated by tabs (shown as `→` below; tab, newline and `\` escaped as `\t`, `\n`, `\\`):
//!
//! ```text
//! together-summary 1
//! snapshot → data/snapshot-0123456789abcdef.jsonl
//! parent → {the commit the compaction read}
//! totals → {answers} → {records answered} → {contributors} → {submitted} → {discarded}
//! u → {name} → {submitted} → {discarded} → {latest answer, ms since the epoch}
//! s → {record id} → {index} {index} …        (s submitted, x discarded, d draft, r retracted)
//! ```
//!
//! Readers that need no values (the queue, the progress, the widget) read the summary in place of the snapshot
//! it names, then the batch files beside it as usual; pages that need the values (the dashboard, review,
//! compaction) read the snapshot. A summary is believed only while the snapshot it names is listed at the same
//! head: both come in one commit, and a snapshot replaced by hand leaves the summary naming a file that is gone.
//!
//! A summary line stands in for a snapshot line dated at its contributor's latest answer in the snapshot. A
//! line of a batch file beside the snapshot wins against it when it is at least that recent: so a contributor's
//! new answer (after compaction) replaces theirs, and a batch sent again under its old name (folded already)
//! does not.

use crate::compaction::is_snapshot;
use crate::wire::hub::{LineStatus, ResponseLine};
use std::collections::BTreeMap;

/// Where the summary lives in a responses repo.
pub const SUMMARY_PATH: &str = "data/summary.txt";

const HEADER: &str = "together-summary 1";

/// The one-letter codes of the statuses, in this text and in what the widget keeps between visits.
pub(crate) const STATUSES: [(LineStatus, &str); 4] = [
    (LineStatus::Draft, "d"),
    (LineStatus::Submitted, "s"),
    (LineStatus::Discarded, "x"),
    (LineStatus::Retracted, "r"),
];

/// Write a field, escaping `\`, tab and newline.
pub(crate) fn push_field(out: &mut String, field: &str) {
    for c in field.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

/// Read a field back; `None` for an escape nobody writes.
pub(crate) fn read_field(text: &str) -> Option<String> {
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

pub(crate) fn status_code(status: LineStatus) -> &'static str {
    STATUSES.iter().find(|(s, _)| *s == status).map_or("s", |(_, c)| c)
}

pub(crate) fn status_of(code: &str) -> Option<LineStatus> {
    STATUSES.iter().find(|(_, c)| *c == code).map(|(s, _)| *s)
}

/// Whether a path listed in a responses repo is its summary.
pub fn is_summary(path: &str) -> bool {
    path == SUMMARY_PATH
}

/// Whether a reader that has `read` some of the files `listed` at a head should ask for the summary: a
/// snapshot is listed that it has not read (read, or stood in for by its summary, it is known already).
pub fn snapshot_unread<'a>(listed: impl IntoIterator<Item = &'a str>, read: impl Fn(&str) -> bool) -> bool {
    listed.into_iter().any(|p| is_snapshot(p) && !read(p))
}

/// `data/summary.txt`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// The snapshot summarized (its path at the same commit).
    pub snapshot: String,
    /// The commit the compaction read (the summary's own commit is its child).
    pub parent: String,
    /// Lines in the snapshot, records they touch, contributors, submitted and discarded answers.
    pub totals: [u64; 5],
    pub users: Vec<SummaryUser>,
    /// Per record and status (in record order), the contributors whose latest line it is, as indices.
    pub answers: Vec<(LineStatus, String, Vec<u32>)>,
}

/// One contributor of a summary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SummaryUser {
    pub name: String,
    pub submitted: u64,
    pub discarded: u64,
    /// Their latest answer's time in the snapshot (ms since the epoch).
    pub latest_ms: u64,
}

impl Summary {
    /// The summary of a snapshot's lines (one per record and person, ordered by record then person, as a
    /// compaction writes them), at `path`, compacted on `parent`.
    pub fn of(path: &str, parent: &str, lines: &[&ResponseLine]) -> Summary {
        let names: Vec<&str> = lines.iter().map(|l| l.user.as_str()).collect();
        let mut names: Vec<&str> = crate::stats::sorted_order(names.len(), &|a, b| names[a].cmp(names[b]))
            .into_iter()
            .map(|i| names[i])
            .collect();
        names.dedup();
        let mut users: Vec<SummaryUser> =
            names.iter().map(|n| SummaryUser { name: (*n).to_owned(), ..SummaryUser::default() }).collect();
        let mut answers: Vec<(LineStatus, String, Vec<u32>)> = Vec::new();
        let mut records = 0;
        let mut record_start = 0;
        for (i, line) in lines.iter().enumerate() {
            let index = names.binary_search(&line.user.as_str()).unwrap_or_default();
            let user = &mut users[index];
            user.latest_ms = user.latest_ms.max(line.updated_at_ms as u64);
            match line.status {
                LineStatus::Submitted => user.submitted += 1,
                LineStatus::Discarded => user.discarded += 1,
                _ => {}
            }
            if i == 0 || lines[i - 1].record_id != line.record_id {
                records += 1;
                record_start = answers.len();
            }
            // Within a record, one entry per status.
            match answers[record_start..].iter_mut().find(|(status, _, _)| *status == line.status) {
                Some((_, _, who)) => who.push(index as u32),
                None => answers.push((line.status, line.record_id.clone(), vec![index as u32])),
            }
        }
        let submitted = users.iter().map(|u| u.submitted).sum();
        let discarded = users.iter().map(|u| u.discarded).sum();
        Summary {
            snapshot: path.to_owned(),
            parent: parent.to_owned(),
            totals: [lines.len() as u64, records as u64, users.len() as u64, submitted, discarded],
            users,
            answers,
        }
    }

    /// The file's text.
    pub fn text(&self) -> String {
        let mut out = format!("{HEADER}\nsnapshot\t");
        push_field(&mut out, &self.snapshot);
        out.push_str("\nparent\t");
        push_field(&mut out, &self.parent);
        out.push_str("\ntotals");
        for total in self.totals {
            out.push_str(&format!("\t{total}"));
        }
        for user in &self.users {
            out.push_str("\nu\t");
            push_field(&mut out, &user.name);
            out.push_str(&format!("\t{}\t{}\t{}", user.submitted, user.discarded, user.latest_ms));
        }
        for (status, record, who) in &self.answers {
            out.push('\n');
            out.push_str(status_code(*status));
            out.push('\t');
            push_field(&mut out, record);
            for (i, index) in who.iter().enumerate() {
                out.push_str(&format!("{}{index}", if i == 0 { '\t' } else { ' ' }));
            }
        }
        out.push('\n');
        out
    }

    /// Read a summary; `None` when it is not one whole (another version, cut short, or written by hand badly):
    /// the snapshot is then read instead.
    pub fn parse(text: &str) -> Option<Summary> {
        let number = |t: &str| t.parse::<u64>().ok();
        let mut lines = text.split('\n').filter(|l| !l.is_empty());
        (lines.next()? == HEADER).then_some(())?;
        let mut summary = Summary::default();
        for line in lines {
            let parts: Vec<&str> = line.split('\t').collect();
            match parts.as_slice() {
                ["snapshot", path] => summary.snapshot = read_field(path)?,
                ["parent", sha] => summary.parent = read_field(sha)?,
                ["totals", totals @ ..] if totals.len() == 5 => {
                    for (slot, total) in summary.totals.iter_mut().zip(totals) {
                        *slot = number(total)?;
                    }
                }
                ["u", name, submitted, discarded, latest] => summary.users.push(SummaryUser {
                    name: read_field(name)?,
                    submitted: number(submitted)?,
                    discarded: number(discarded)?,
                    latest_ms: number(latest)?,
                }),
                [code, record, who] => {
                    let who = who.split(' ').map(|i| i.parse::<u32>().ok()).collect::<Option<Vec<u32>>>()?;
                    summary.answers.push((status_of(code)?, read_field(record)?, who));
                }
                _ => return None,
            }
        }
        Some(summary)
    }

    /// Whether this summary speaks for the files listed at its head: the snapshot it names is among them.
    pub fn describes<'a>(&self, listed: impl IntoIterator<Item = &'a str>) -> bool {
        is_snapshot(&self.snapshot) && listed.into_iter().any(|p| p == self.snapshot)
    }

    /// The snapshot's lines as the summary knows them: whose answer to which record, its status, dated at its
    /// contributor's latest answer (see the module's notes). An index past the list of contributors (a
    /// summary written by hand) is skipped.
    pub fn each_line(&self, mut line: impl FnMut(&str, &str, LineStatus, f64)) {
        for (status, record, who) in &self.answers {
            for user in who.iter().filter_map(|&u| self.users.get(u as usize)) {
                line(record, &user.name, *status, user.latest_ms as f64);
            }
        }
    }

    /// The snapshot's lines without their values, as the app keeps lines.
    pub fn lines(&self) -> Vec<ResponseLine> {
        let mut lines = Vec::new();
        self.each_line(|record_id, user, status, updated_at_ms| {
            lines.push(ResponseLine {
                record_id: record_id.to_owned(),
                user: user.to_owned(),
                status,
                values: BTreeMap::new(),
                updated_at_ms,
            })
        });
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compaction::{plan, ReadFile};
    use crate::model::AnswerValue;
    use crate::wire::hub::latest_lines;

    fn line(record: &str, user: &str, status: LineStatus, at: f64) -> ResponseLine {
        ResponseLine {
            record_id: record.into(),
            user: user.into(),
            status,
            values: [("quality".to_owned(), AnswerValue::Rating(3))].into(),
            updated_at_ms: at,
        }
    }

    fn who<'a>(lines: impl IntoIterator<Item = &'a ResponseLine>) -> Vec<(String, String, LineStatus)> {
        let mut got: Vec<_> = lines.into_iter().map(|l| (l.record_id.clone(), l.user.clone(), l.status)).collect();
        got.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        got
    }

    #[test]
    fn a_summary_knows_who_answered_what_and_reads_back_from_its_text() {
        let lines = [
            line("r1", "bo", LineStatus::Discarded, 9.0),
            line("r1", "cy", LineStatus::Submitted, 4.0),
            line("r1", "zoë", LineStatus::Submitted, 5.0),
            line("r2", "bo", LineStatus::Submitted, 7.0),
            line("r3", "cy", LineStatus::Retracted, 1.0),
        ];
        let refs: Vec<&ResponseLine> = lines.iter().collect();
        let summary = Summary::of("data/snapshot-00ff.jsonl", "abc", &refs);
        assert_eq!(summary.totals, [5, 3, 3, 3, 1]);
        assert_eq!(summary.users[0], SummaryUser { name: "bo".into(), submitted: 1, discarded: 1, latest_ms: 9 });
        let text = summary.text();
        assert_eq!(
            text,
            "together-summary 1\nsnapshot\tdata/snapshot-00ff.jsonl\nparent\tabc\ntotals\t5\t3\t3\t3\t1\n\
             u\tbo\t1\t1\t9\nu\tcy\t1\t0\t4\nu\tzoë\t1\t0\t5\n\
             x\tr1\t0\ns\tr1\t1 2\ns\tr2\t0\nr\tr3\t1\n"
        );
        assert_eq!(Summary::parse(&text), Some(summary.clone()));
        let back = summary.lines();
        assert_eq!(who(&back), who(&lines));
        assert!(back.iter().all(|l| l.values.is_empty()), "no values");
    }

    #[test]
    fn hostile_ids_and_names_come_back_as_they_were() {
        let lines = [
            line("tab\there", "new\nline \\ back", LineStatus::Submitted, 1.0),
            line("ü", "x", LineStatus::Draft, 2.0),
        ];
        let refs: Vec<&ResponseLine> = lines.iter().collect();
        let summary = Summary::of("data/snapshot-00ff.jsonl", "abc", &refs);
        assert_eq!(Summary::parse(&summary.text()), Some(summary.clone()));
        assert_eq!(who(&summary.lines()), who(&lines));
    }

    #[test]
    fn a_summary_that_is_not_whole_is_refused() {
        let good = "together-summary 1\nsnapshot\tdata/snapshot-00ff.jsonl\nu\tana\t1\t0\t3\ns\tr1\t0\n";
        assert!(Summary::parse(good).is_some());
        for bad in [
            "together-summary 2\nsnapshot\tdata/snapshot-00ff.jsonl\n",
            "snapshot\tdata/snapshot-00ff.jsonl\n",
            "together-summary 1\nu\tana\t1\t0\n",
            "together-summary 1\nu\tana\tone\t0\t3\n",
            "together-summary 1\nq\tr1\t0\n",
            "together-summary 1\ns\tr1\t0 x\n",
            "together-summary 1\ns\tr\\q1\t0\n",
            "together-summary 1\ntotals\t1\t2\n",
        ] {
            assert_eq!(Summary::parse(bad), None, "{bad}");
        }
        // An index past the contributors is skipped.
        let summary = Summary::parse("together-summary 1\nu\tana\t1\t0\t3\ns\tr1\t0 7\n").unwrap();
        let lines = summary.lines();
        assert_eq!(lines.len(), 1);
        assert_eq!((lines[0].user.as_str(), lines[0].updated_at_ms), ("ana", 3.0));
    }

    #[test]
    fn it_speaks_only_for_the_snapshot_it_names() {
        let summary = Summary::of("data/snapshot-00ff.jsonl", "abc", &[]);
        assert!(summary.describes(["data/ana/a.jsonl", "data/snapshot-00ff.jsonl"]));
        assert!(!summary.describes(["data/snapshot-11ee.jsonl"]), "a snapshot replaced since");
        let hostile = Summary { snapshot: "data/ana/a.jsonl".into(), ..Summary::default() };
        assert!(!hostile.describes(["data/ana/a.jsonl"]), "only a snapshot is summarized");
        assert!(is_summary("data/summary.txt") && !is_summary("data/ana/summary.txt"));
        let listed = ["data/ana/a.jsonl", "data/snapshot-00ff.jsonl"];
        assert!(snapshot_unread(listed, |p| p == "data/ana/a.jsonl"));
        assert!(!snapshot_unread(listed, |p| p == "data/snapshot-00ff.jsonl"), "read, or its summary stood in");
        assert!(!snapshot_unread(["data/ana/a.jsonl"], |_| false), "no snapshot: nothing summarized");
    }

    /// Read with the summary in place of the snapshot, the batch files beside it change the same answers as
    /// they would read with the snapshot: a new answer wins, a batch sent again under its old name does not.
    #[test]
    fn the_summary_and_the_snapshot_agree_with_the_files_beside_them() {
        let first: Vec<ResponseLine> = (0..300)
            .map(|i| {
                let status = if i % 7 == 0 { LineStatus::Discarded } else { LineStatus::Submitted };
                line(&format!("r{:03}", i % 100), &format!("u{}", i % 13), status, i as f64)
            })
            .collect();
        // Lines of other folders are not believed: every contributor has their own file.
        let by_user: Vec<(String, Vec<ResponseLine>)> = (0..13)
            .map(|u| {
                let user = format!("u{u}");
                (format!("data/{user}/a.jsonl"), first.iter().filter(|l| l.user == user).cloned().collect())
            })
            .collect();
        let read: Vec<ReadFile> =
            by_user.iter().map(|(path, lines)| ReadFile { path, lines, complete: true }).collect();
        let plan = plan(&read).unwrap();
        let snapshot: Vec<ResponseLine> = plan.lines.iter().map(|l| (*l).clone()).collect();
        let path = "data/snapshot-0123456789abcdef.jsonl";
        let summary = Summary::parse(&Summary::of(path, "abc", &plan.lines).text()).unwrap();
        assert_eq!(summary.totals[0], snapshot.len() as u64);
        let summary = summary.lines();
        // After the compaction: u1 answers r001 anew, and u2's first file comes back (sent twice).
        let new =
            [line("r001", "u1", LineStatus::Discarded, 1_000.0), line("r500", "u1", LineStatus::Submitted, 1_001.0)];
        let again = &by_user[2].1;
        let beside = [("data/u1/b.jsonl", &new[..]), ("data/u2/a.jsonl", &again[..])];
        let with = |stand_in: &[ResponseLine]| {
            let mut files = vec![(path, stand_in)];
            files.extend(beside.iter().map(|(p, l)| (*p, *l)));
            who(latest_lines(&files))
        };
        assert_eq!(with(&summary), with(&snapshot));
        assert!(with(&summary).contains(&("r001".into(), "u1".into(), LineStatus::Discarded)));
    }
}
