//! Progress figures and the contributor leaderboard, computed from responses alone.

use crate::model::{Response, ResponseStatus};
/// `(key, count)` for each distinct key, sorted by key. Sorting a vector instead of filling a map keeps one
/// generic map type fewer in the Wasm.
fn count_runs(mut keys: Vec<&str>) -> Vec<(&str, usize)> {
    keys.sort_unstable();
    let mut runs: Vec<(&str, usize)> = Vec::new();
    for key in keys {
        match runs.last_mut() {
            Some((last, n)) if *last == key => *n += 1,
            _ => runs.push((key, 1)),
        }
    }
    runs
}

/// A task's progress toward its target of `records × min_submitted` submitted responses.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaskProgress {
    pub records: usize,
    /// Records with at least `min_submitted` submitted responses.
    pub completed: usize,
    pub target_responses: usize,
    /// Submitted responses that count toward the target (at most `min_submitted` per record).
    pub counted_responses: usize,
    pub submitted: usize,
    pub drafts: usize,
    pub discarded: usize,
    pub contributors: usize,
}

impl TaskProgress {
    /// Share of the target reached, 0.0 ..= 1.0; `None` for a task without records.
    pub fn fraction(&self) -> Option<f64> {
        (self.target_responses > 0).then(|| self.counted_responses as f64 / self.target_responses as f64)
    }

    pub fn pending_records(&self) -> usize {
        self.records - self.completed
    }
}

pub fn task_progress<'a>(
    records: usize,
    min_submitted: u32,
    responses: impl IntoIterator<Item = &'a Response>,
) -> TaskProgress {
    let min_submitted = min_submitted.max(1) as usize;
    let mut submitted_records = Vec::new();
    let mut contributors = Vec::new();
    let mut progress = TaskProgress { records, target_responses: records * min_submitted, ..Default::default() };
    for response in responses {
        match response.status {
            ResponseStatus::Submitted => {
                progress.submitted += 1;
                submitted_records.push(response.record_id.as_str());
                contributors.push(response.user.as_str());
            }
            ResponseStatus::Draft => progress.drafts += 1,
            ResponseStatus::Discarded => progress.discarded += 1,
        }
    }
    let per_record = count_runs(submitted_records);
    progress.completed = per_record.iter().filter(|(_, n)| *n >= min_submitted).count().min(records);
    progress.counted_responses =
        per_record.iter().map(|(_, n)| (*n).min(min_submitted)).sum::<usize>().min(progress.target_responses);
    progress.contributors = count_runs(contributors).len();
    progress
}

/// One contributor's own progress on a task.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MyProgress {
    pub total: usize,
    pub submitted: usize,
    pub drafts: usize,
    pub discarded: usize,
}

impl MyProgress {
    pub fn pending(&self) -> usize {
        self.total.saturating_sub(self.submitted + self.drafts + self.discarded)
    }

    /// Records this contributor is finished with (submitted or discarded).
    pub fn done(&self) -> usize {
        (self.submitted + self.discarded).min(self.total)
    }

    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.done() as f64 / self.total as f64
        }
    }
}

pub fn my_progress<'a>(records: usize, user: &str, responses: impl IntoIterator<Item = &'a Response>) -> MyProgress {
    let mut mine = MyProgress { total: records, ..Default::default() };
    for response in responses.into_iter().filter(|r| r.user == user) {
        match response.status {
            ResponseStatus::Submitted => mine.submitted += 1,
            ResponseStatus::Draft => mine.drafts += 1,
            ResponseStatus::Discarded => mine.discarded += 1,
        }
    }
    mine
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contributor {
    pub user: String,
    pub submitted: usize,
}

/// Contributors by submitted responses, most first; ties by name so the order is stable between refreshes.
pub fn leaderboard<'a>(responses: impl IntoIterator<Item = &'a Response>, limit: usize) -> Vec<Contributor> {
    let users =
        responses.into_iter().filter(|r| r.status == ResponseStatus::Submitted).map(|r| r.user.as_str()).collect();
    let mut rows: Vec<Contributor> = count_runs(users)
        .into_iter()
        .map(|(user, submitted)| Contributor { user: user.to_owned(), submitted })
        .collect();
    rows.sort_by(|a, b| b.submitted.cmp(&a.submitted).then_with(|| a.user.cmp(&b.user)));
    rows.truncate(limit);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(record: &str, user: &str, status: ResponseStatus) -> Response {
        Response { record_id: record.into(), user: user.into(), status, values: Default::default(), updated_at_ms: 0.0 }
    }

    use ResponseStatus::{Discarded, Draft, Submitted};

    #[test]
    fn progress_counts_at_most_min_submitted_responses_per_record() {
        let responses = [
            resp("a", "u1", Submitted),
            resp("a", "u2", Submitted),
            resp("a", "u3", Submitted),
            resp("b", "u1", Submitted),
            resp("c", "u2", Draft),
            resp("d", "u3", Discarded),
        ];
        let p = task_progress(4, 2, &responses);
        assert_eq!(p.target_responses, 8);
        assert_eq!(p.counted_responses, 3, "a counts 2, b counts 1");
        assert_eq!(p.completed, 1);
        assert_eq!(p.pending_records(), 3);
        assert_eq!((p.submitted, p.drafts, p.discarded, p.contributors), (4, 1, 1, 3));
        assert_eq!(p.fraction(), Some(3.0 / 8.0));
    }

    #[test]
    fn a_task_without_records_has_no_fraction_rather_than_a_division_by_zero() {
        let p = task_progress(0, 1, &[]);
        assert_eq!(p.fraction(), None);
        assert_eq!(p.pending_records(), 0);
    }

    #[test]
    fn drafts_and_discards_do_not_make_a_contributor() {
        let p = task_progress(2, 1, &[resp("a", "u1", Draft), resp("b", "u2", Discarded)]);
        assert_eq!(p.contributors, 0);
    }

    #[test]
    fn my_progress_counts_only_my_responses() {
        let responses = [
            resp("a", "me", Submitted),
            resp("b", "me", Draft),
            resp("c", "me", Discarded),
            resp("d", "you", Submitted),
        ];
        let mine = my_progress(10, "me", &responses);
        assert_eq!((mine.submitted, mine.drafts, mine.discarded, mine.pending(), mine.done()), (1, 1, 1, 7, 2));
        assert_eq!(mine.fraction(), 0.2);
        assert_eq!(my_progress(0, "me", &[]).fraction(), 0.0);
    }

    #[test]
    fn the_leaderboard_orders_by_count_then_name() {
        let responses = [
            resp("a", "zoe", Submitted),
            resp("b", "zoe", Submitted),
            resp("a", "bo", Submitted),
            resp("c", "al", Submitted),
            resp("d", "al", Draft),
        ];
        let board = leaderboard(&responses, 10);
        let names: Vec<_> = board.iter().map(|c| (c.user.as_str(), c.submitted)).collect();
        assert_eq!(names, [("zoe", 2), ("al", 1), ("bo", 1)]);
        assert_eq!(leaderboard(&responses, 1).len(), 1);
    }

    #[test]
    fn a_huge_task_is_counted_exactly() {
        let responses: Vec<Response> = (0..10_000)
            .flat_map(|r| (0..3).map(move |u| resp(&format!("r{r}"), &format!("u{}", (r * 7 + u) % 1000), Submitted)))
            .collect();
        let p = task_progress(10_000, 2, &responses);
        assert_eq!((p.completed, p.counted_responses, p.contributors), (10_000, 20_000, 1000));
        assert_eq!(leaderboard(&responses, 5)[0].submitted, 30);
    }
}
