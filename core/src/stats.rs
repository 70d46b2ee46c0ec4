//! Progress figures and the contributor leaderboard, computed from responses alone.

use crate::model::{Response, ResponseStatus};
use std::cmp::Ordering;

/// The indices `0..n` in the order `cmp` gives them, ties by index (a stable order). Every sort the widget and
/// the dashboard need goes through this one, so one sort is compiled into the Wasm instead of one per type
/// sorted (about 2.4 KB each).
pub(crate) fn sorted_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    order
}

/// `(key, count)` for each distinct key, sorted by key. Sorting a vector instead of filling a map keeps one
/// generic map type fewer in the Wasm.
fn count_runs(keys: Vec<&str>) -> Vec<(&str, usize)> {
    let mut runs: Vec<(&str, usize)> = Vec::new();
    for key in sorted_order(keys.len(), &|a, b| keys[a].cmp(keys[b])).into_iter().map(|i| keys[i]) {
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
    let target_responses = records.saturating_mul(min_submitted);
    let mut progress = TaskProgress { records, target_responses, ..Default::default() };
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

    /// These figures once the backend knows of changes it has not counted yet: each moves one record from the
    /// response it had (`None`: none) to the one it gets.
    pub fn with_changes(
        mut self,
        changes: impl IntoIterator<Item = (Option<ResponseStatus>, Option<ResponseStatus>)>,
    ) -> MyProgress {
        for (was, now) in changes {
            if let Some(count) = was.map(|status| self.count_of(status)) {
                *count = count.saturating_sub(1);
            }
            if let Some(status) = now {
                // Never more answers than records: the backend may have counted one of these already.
                if self.submitted + self.drafts + self.discarded < self.total {
                    *self.count_of(status) += 1;
                }
            }
        }
        self
    }

    fn count_of(&mut self, status: ResponseStatus) -> &mut usize {
        match status {
            ResponseStatus::Submitted => &mut self.submitted,
            ResponseStatus::Draft => &mut self.drafts,
            ResponseStatus::Discarded => &mut self.discarded,
        }
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

/// Most submitted first; ties by name, so the order is stable between refreshes. Keeps the first `limit`.
pub fn rank_contributors(rows: &mut Vec<Contributor>, limit: usize) {
    let order = sorted_order(rows.len(), &|a, b| {
        let (a, b) = (&rows[a], &rows[b]);
        b.submitted.cmp(&a.submitted).then_with(|| a.user.cmp(&b.user))
    });
    let mut slots: Vec<Option<Contributor>> = rows.drain(..).map(Some).collect();
    rows.extend(order.into_iter().take(limit).filter_map(|i| slots[i].take()));
}

/// Contributors by submitted responses, most first; ties by name so the order is stable between refreshes.
pub fn leaderboard<'a>(responses: impl IntoIterator<Item = &'a Response>, limit: usize) -> Vec<Contributor> {
    let users =
        responses.into_iter().filter(|r| r.status == ResponseStatus::Submitted).map(|r| r.user.as_str()).collect();
    let mut rows: Vec<Contributor> = count_runs(users)
        .into_iter()
        .map(|(user, submitted)| Contributor { user: user.to_owned(), submitted })
        .collect();
    rank_contributors(&mut rows, limit);
    rows
}

/// Agreement between annotators on one record's ratings.
#[derive(Clone, Debug, PartialEq)]
pub struct RatingAgreement {
    pub record_id: String,
    pub responses: usize,
    pub mean: f64,
    /// Share of the ratings equal to the most frequent rating (1.0: everyone agreed). `None` below two ratings.
    pub agreement: Option<f64>,
}

/// Mean rating and agreement per record, over submitted responses to the rating question `question`, in
/// record id order. Records without a submitted rating are left out.
pub fn rating_agreement<'a>(question: &str, responses: impl IntoIterator<Item = &'a Response>) -> Vec<RatingAgreement> {
    let ratings: Vec<(&str, i64)> = responses
        .into_iter()
        .filter(|r| r.status == ResponseStatus::Submitted)
        .filter_map(|r| Some((r.record_id.as_str(), r.values.get(question)?.as_rating()?)))
        .collect();
    let ratings: Vec<(&str, i64)> =
        sorted_order(ratings.len(), &|a, b| ratings[a].cmp(&ratings[b])).into_iter().map(|i| ratings[i]).collect();
    ratings
        .chunk_by(|a, b| a.0 == b.0)
        .map(|group| {
            let n = group.len();
            let mean = group.iter().map(|(_, v)| *v as f64).sum::<f64>() / n as f64;
            // `group` is sorted by value within the record, so equal ratings are adjacent.
            let modal = group.chunk_by(|a, b| a.1 == b.1).map(<[_]>::len).max().unwrap_or(0);
            RatingAgreement {
                record_id: group[0].0.to_owned(),
                responses: n,
                mean,
                agreement: (n >= 2).then(|| modal as f64 / n as f64),
            }
        })
        .collect()
}

/// The records whose ratings agree least (two or more ratings), at most `limit`: lowest agreement first, then
/// the most ratings, then by id, so the order is stable between refreshes. These are the ones to look at.
pub fn least_agreement(agreements: &[RatingAgreement], limit: usize) -> Vec<&RatingAgreement> {
    let before = |a: &RatingAgreement, b: &RatingAgreement| {
        let (x, y) = (a.agreement.unwrap_or(1.0), b.agreement.unwrap_or(1.0));
        x.total_cmp(&y).then(b.responses.cmp(&a.responses)).then_with(|| a.record_id.cmp(&b.record_id)).is_lt()
    };
    // A bounded insertion: `limit` is small, and no general sort is compiled in for it.
    let mut kept: Vec<&RatingAgreement> = Vec::with_capacity(limit + 1);
    for candidate in agreements.iter().filter(|a| a.agreement.is_some()) {
        let at = kept.iter().position(|k| before(candidate, k)).unwrap_or(kept.len());
        if at < limit {
            kept.insert(at, candidate);
            kept.truncate(limit);
        }
    }
    kept
}

/// A mean rating with one decimal ("3.5"), by integer arithmetic (rounded half up).
pub fn mean_text(mean: f64) -> String {
    let tenths = (mean.clamp(-1e9, 1e9) * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10)
}

/// How many records reach each level of agreement, for records with two or more ratings: the buckets are
/// "all agree" (100%), 75–99%, 50–74% and under 50%, in that order.
pub fn agreement_levels(agreements: &[RatingAgreement]) -> [usize; 4] {
    let mut levels = [0; 4];
    for share in agreements.iter().filter_map(|a| a.agreement) {
        let index = if share >= 1.0 {
            0
        } else if share >= 0.75 {
            1
        } else if share >= 0.5 {
            2
        } else {
            3
        };
        levels[index] += 1;
    }
    levels
}

/// How many submitted ratings each option of the scale got, in the order of `scale`.
pub fn rating_distribution<'a>(
    question: &str,
    scale: &[i64],
    responses: impl IntoIterator<Item = &'a Response>,
) -> Vec<(i64, usize)> {
    let mut counts: Vec<(i64, usize)> = scale.iter().map(|v| (*v, 0)).collect();
    for response in responses.into_iter().filter(|r| r.status == ResponseStatus::Submitted) {
        if let Some(value) = response.values.get(question).and_then(|v| v.as_rating()) {
            if let Some(slot) = counts.iter_mut().find(|(v, _)| *v == value) {
                slot.1 += 1;
            }
        }
    }
    counts
}

/// Submitted responses per time bucket: `buckets` buckets of `width_ms` each, the last one ending at
/// `end_ms`, oldest first, empty buckets included. Returns `(bucket start, count)`.
pub fn responses_over_time<'a>(
    responses: impl IntoIterator<Item = &'a Response>,
    end_ms: f64,
    width_ms: f64,
    buckets: usize,
) -> Vec<(f64, usize)> {
    if buckets == 0 || width_ms <= 0.0 || !end_ms.is_finite() {
        return Vec::new();
    }
    let start = end_ms - width_ms * buckets as f64;
    let mut counts = vec![0usize; buckets];
    for response in responses.into_iter().filter(|r| r.status == ResponseStatus::Submitted) {
        let t = response.updated_at_ms;
        if t >= start && t <= end_ms {
            let index = (((t - start) / width_ms) as usize).min(buckets - 1);
            counts[index] += 1;
        }
    }
    counts.into_iter().enumerate().map(|(i, n)| (start + width_ms * i as f64, n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(record: &str, user: &str, status: ResponseStatus) -> Response {
        Response { record_id: record.into(), user: user.into(), status, values: Default::default(), updated_at_ms: 0.0 }
    }

    use ResponseStatus::{Discarded, Draft, Submitted};

    #[test]
    fn sorted_order_is_the_order_of_a_stable_sort() {
        let words = ["pear", "fig", "apple", "fig", "kiwi", "apple", "fig"];
        let by_length = sorted_order(words.len(), &|a, b| words[a].len().cmp(&words[b].len()));
        assert_eq!(by_length, [1, 3, 6, 0, 4, 2, 5], "equal lengths keep their places");
        let mut stable: Vec<usize> = (0..words.len()).collect();
        stable.sort_by(|&a, &b| words[a].cmp(words[b]));
        assert_eq!(sorted_order(words.len(), &|a, b| words[a].cmp(words[b])), stable);
        assert!(sorted_order(0, &|_, _| unreachable!()).is_empty());
        let many: Vec<u64> = (0..10_000u64).map(|i| i.wrapping_mul(2_654_435_761) % 977).collect();
        let order = sorted_order(many.len(), &|a, b| many[a].cmp(&many[b]));
        assert!(order.windows(2).all(|w| (many[w[0]], w[0]) < (many[w[1]], w[1])));
    }

    fn agreed(id: &str, responses: usize, agreement: Option<f64>) -> RatingAgreement {
        RatingAgreement { record_id: id.into(), responses, mean: 3.0, agreement }
    }

    #[test]
    fn the_least_agreed_records_come_first_with_ties_by_ratings_then_id() {
        let all = [
            agreed("a", 2, Some(1.0)),
            agreed("b", 3, Some(1.0 / 3.0)),
            agreed("c", 2, Some(0.5)),
            agreed("d", 4, Some(0.5)),
            agreed("e", 1, None),
            agreed("f", 2, Some(0.5)),
        ];
        let ids = |limit| least_agreement(&all, limit).iter().map(|a| a.record_id.as_str()).collect::<Vec<_>>();
        assert_eq!(ids(10), ["b", "d", "c", "f", "a"], "a single rating has no agreement to show");
        assert_eq!(ids(2), ["b", "d"]);
        assert!(ids(0).is_empty());
        assert!(least_agreement(&[], 5).is_empty());
        let many: Vec<RatingAgreement> =
            (0..10_000).map(|i| agreed(&format!("r{i:05}"), 2 + i % 3, Some((i % 7) as f64 / 7.0))).collect();
        let top = least_agreement(&many, 10);
        assert_eq!(top.len(), 10);
        assert!(top.iter().all(|a| a.agreement == Some(0.0) && a.responses == 4), "the lowest, most rated first");
        assert_eq!(top[0].record_id, "r00014");
    }

    #[test]
    fn means_are_shown_with_one_decimal_without_float_formatting() {
        assert_eq!(mean_text(3.0), "3.0");
        assert_eq!(mean_text(3.25), "3.3");
        assert_eq!(mean_text(4.0 / 3.0), "1.3");
        assert_eq!(mean_text(-0.25), "-0.3");
        assert_eq!(mean_text(f64::NAN), "0.0");
    }

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

    fn rated(record: &str, user: &str, value: i64) -> Response {
        let mut r = resp(record, user, Submitted);
        r.values.insert("quality".into(), crate::model::AnswerValue::Rating(value));
        r
    }

    #[test]
    fn agreement_is_the_share_of_the_most_frequent_rating() {
        let responses = [
            rated("a", "u1", 4),
            rated("a", "u2", 4),
            rated("a", "u3", 5),
            rated("b", "u1", 2),
            rated("c", "u1", 1),
            rated("c", "u2", 5),
            resp("c", "u3", Draft),
        ];
        let figures = rating_agreement("quality", &responses);
        assert_eq!(figures.len(), 3);
        assert_eq!((figures[0].record_id.as_str(), figures[0].responses), ("a", 3));
        assert!((figures[0].mean - 13.0 / 3.0).abs() < 1e-9);
        assert!((figures[0].agreement.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(figures[1].agreement, None, "one rating cannot agree or disagree");
        assert_eq!((figures[2].mean, figures[2].agreement), (3.0, Some(0.5)));
    }

    #[test]
    fn agreement_of_nothing_is_nothing() {
        assert!(rating_agreement("quality", &[]).is_empty());
        assert!(rating_agreement("other", &[rated("a", "u", 3)]).is_empty());
    }

    #[test]
    fn the_distribution_counts_each_option_and_ignores_values_off_the_scale() {
        let responses = [rated("a", "u1", 4), rated("b", "u1", 4), rated("c", "u2", 1), rated("d", "u2", 9)];
        assert_eq!(
            rating_distribution("quality", &[1, 2, 3, 4, 5], &responses),
            [(1, 1), (2, 0), (3, 0), (4, 2), (5, 0)]
        );
    }

    #[test]
    fn responses_fall_into_time_buckets_with_empty_ones_kept() {
        let at = |ms: f64| {
            let mut r = resp("a", "u", Submitted);
            r.updated_at_ms = ms;
            r
        };
        let responses = [at(0.0), at(950.0), at(1_000.0), at(2_999.0), at(3_000.0), at(-5.0), at(3_001.0)];
        let buckets = responses_over_time(&responses, 3_000.0, 1_000.0, 3);
        assert_eq!(buckets, [(0.0, 2), (1_000.0, 1), (2_000.0, 2)]);
        assert!(responses_over_time(&responses, 3_000.0, 1_000.0, 0).is_empty());
        assert!(responses_over_time(&responses, f64::NAN, 1_000.0, 3).is_empty());
    }

    #[test]
    fn ten_thousand_records_by_a_thousand_people_are_summarised_exactly() {
        let responses: Vec<Response> = (0..10_000)
            .flat_map(|r| {
                (0..3).map(move |u| rated(&format!("r{r:05}"), &format!("u{}", (r + u) % 1000), 1 + (r + u) as i64 % 5))
            })
            .collect();
        let figures = rating_agreement("quality", &responses);
        assert_eq!(figures.len(), 10_000);
        assert!(figures.iter().all(|f| f.agreement == Some(1.0 / 3.0)));
        let total: usize = rating_distribution("quality", &[1, 2, 3, 4, 5], &responses).iter().map(|(_, n)| n).sum();
        assert_eq!(total, 30_000);
    }

    #[test]
    fn agreement_levels_bucket_records_rated_twice_or_more() {
        let agreement =
            |share: Option<f64>| RatingAgreement { record_id: "r".into(), responses: 2, mean: 3.0, agreement: share };
        let levels = agreement_levels(&[
            agreement(Some(1.0)),
            agreement(Some(1.0)),
            agreement(Some(0.75)),
            agreement(Some(2.0 / 3.0)),
            agreement(Some(0.5)),
            agreement(Some(1.0 / 3.0)),
            agreement(None),
        ]);
        assert_eq!(levels, [2, 1, 2, 1]);
        assert_eq!(agreement_levels(&[]), [0; 4]);
    }
}
