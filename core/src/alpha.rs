//! Krippendorff's α: agreement between contributors, corrected for the agreement chance alone would give.
//!
//! The data are units (a task's records, or a record's ranked options), each with the values its contributors
//! gave it; values are indices into the distinct values of a [`Level`]. Units with fewer than two values carry
//! no pair and are left out, as Krippendorff's definition does. The computation is the coincidence-matrix form
//! (Krippendorff, *Computing Krippendorff's Alpha-Reliability*, 2011): with `o` the coincidences, `n_c` their
//! margins and `n` the pairable values,
//!
//! ```text
//! α = 1 − (n − 1) · Σ o_ck δ(c, k) / Σ n_c n_k δ(c, k)
//! ```
//!
//! The native tests check it against the `krippendorff` package from PyPI to four decimals.

use crate::model::{AnswerValue, LabelOption, Question, QuestionKind, Response, ResponseStatus};
use crate::stats::sorted_order;

/// How far apart two values are, by the kind of answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Level {
    /// Labels: two values agree or they do not. `Nominal(k)`: k distinct values.
    Nominal(usize),
    /// Ratings and ranks: values `0..k` in their order; the distance between two grows with how many values
    /// were given between them (Krippendorff's ordinal metric).
    Ordinal(usize),
    /// Numbers: the squared difference of the numbers themselves.
    Interval(Vec<f64>),
    /// Multi-label answers: each value is a set of labels (sorted, distinct); the distance is Jaccard's,
    /// 1 − |A ∩ B| / |A ∪ B| (the empty set and itself agree).
    Sets(Vec<Vec<u32>>),
}

impl Level {
    fn values(&self) -> usize {
        match self {
            Level::Nominal(k) | Level::Ordinal(k) => *k,
            Level::Interval(v) => v.len(),
            Level::Sets(v) => v.len(),
        }
    }
}

/// The agreement of a question's answers, with a 95% interval when asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct Alpha {
    pub alpha: f64,
    /// The percentile bootstrap interval over units: `(low, high)`.
    pub interval: Option<(f64, f64)>,
    /// Units with at least two values: what α is computed from.
    pub units: usize,
    /// The values in those units.
    pub values: usize,
}

/// One unit's coincidences, `(c, k, weight)` for every ordered pair of its values (grouped by value).
fn unit_coincidences(unit: &[usize], out: &mut Vec<(usize, usize, f64)>) -> bool {
    let m = unit.len();
    if m < 2 {
        return false;
    }
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for &v in unit {
        match counts.iter_mut().find(|(value, _)| *value == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let share = 1.0 / (m - 1) as f64;
    for &(c, nc) in &counts {
        for &(k, nk) in &counts {
            let pairs = if c == k { nc * (nc - 1) } else { nc * nk };
            if pairs > 0 {
                out.push((c, k, pairs as f64 * share));
            }
        }
    }
    true
}

/// Distances between every two values, given the margins (the ordinal metric needs them).
fn distances(level: &Level, margins: &[f64]) -> Vec<f64> {
    let v = level.values();
    let mut d = vec![0.0; v * v];
    for c in 0..v {
        for k in 0..v {
            d[c * v + k] = match level {
                Level::Nominal(_) => f64::from(u8::from(c != k)),
                Level::Ordinal(_) => {
                    let (lo, hi) = if c <= k { (c, k) } else { (k, c) };
                    let between: f64 = margins[lo..=hi].iter().sum();
                    let x = between - (margins[lo] + margins[hi]) / 2.0;
                    x * x
                }
                Level::Interval(numbers) => (numbers[c] - numbers[k]).powi(2),
                Level::Sets(sets) => jaccard_distance(&sets[c], &sets[k]),
            };
        }
    }
    d
}

fn jaccard_distance(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let either = a.len() + b.len() - both;
    if either == 0 {
        0.0
    } else {
        1.0 - both as f64 / either as f64
    }
}

/// α from summed coincidences, `None` where it is undefined (fewer than two pairable values, or no
/// disagreement to expect: every value the same).
fn alpha_of(level: &Level, o: &[f64]) -> Option<f64> {
    let v = level.values();
    let margins: Vec<f64> = (0..v).map(|c| o[c * v..(c + 1) * v].iter().sum()).collect();
    let n: f64 = margins.iter().sum();
    if n < 2.0 {
        return None;
    }
    let d = distances(level, &margins);
    let (mut observed, mut expected) = (0.0, 0.0);
    for c in 0..v {
        for k in 0..v {
            observed += o[c * v + k] * d[c * v + k];
            expected += margins[c] * margins[k] * d[c * v + k];
        }
    }
    (expected > 0.0).then(|| 1.0 - (n - 1.0) * observed / expected)
}

/// Krippendorff's α of `units` (each the values given to one unit, as indices into `level`'s values), with a
/// 95% percentile bootstrap interval from `resamples` resamplings of the units (none when 0), seeded by `seed`
/// so that the same data always give the same interval.
pub fn krippendorff_alpha(units: &[Vec<usize>], level: &Level, resamples: usize, seed: u64) -> Option<Alpha> {
    let v = level.values();
    let mut pairs = Vec::new();
    // Each pairable unit's coincidences, as a range of `pairs`.
    let mut ranges = Vec::new();
    let mut values = 0;
    for unit in units {
        if unit.iter().any(|&value| value >= v) {
            continue;
        }
        let start = pairs.len();
        if unit_coincidences(unit, &mut pairs) {
            ranges.push(start..pairs.len());
            values += unit.len();
        }
    }
    let sum = |chosen: &mut dyn Iterator<Item = usize>| {
        let mut o = vec![0.0; v * v];
        for unit in chosen {
            for &(c, k, w) in &pairs[ranges[unit].clone()] {
                o[c * v + k] += w;
            }
        }
        o
    };
    let alpha = alpha_of(level, &sum(&mut (0..ranges.len())))?;
    let interval = (resamples > 0).then(|| {
        let mut random = SplitMix64(seed);
        let estimates: Vec<f64> = (0..resamples)
            .filter_map(|_| {
                let n = ranges.len() as u64;
                alpha_of(level, &sum(&mut (0..ranges.len()).map(|_| (random.next() % n) as usize)))
            })
            .collect();
        let order = sorted_order(estimates.len(), &|a, b| estimates[a].total_cmp(&estimates[b]));
        let at = |q: f64| estimates[order[((order.len() - 1) as f64 * q).round() as usize]];
        if estimates.is_empty() {
            (alpha, alpha)
        } else {
            (at(0.025), at(0.975))
        }
    });
    Some(Alpha { alpha, interval, units: ranges.len(), values })
}

/// How much resampling a dashboard can afford: about 2 million coincidence additions in all, between 100 and
/// 1,000 resamples (at 10,000 records with three ratings each, 100; at 500 records, 1,000).
pub fn affordable_resamples(pairs: usize) -> usize {
    (2_000_000 / pairs.max(1)).clamp(100, 1_000)
}

/// Krippendorff's α for one question over its submitted responses, `None` where it has no distance here (free
/// text, spans) or too few answers: ordinal for ratings (the options in the order of their values) and for
/// rankings (each option of a record is a unit, its rank the value), nominal for labels, Jaccard sets for
/// multi-label answers. Values that are not among the question's options are left out. The interval comes from
/// [`affordable_resamples`], seeded by the question's name so that a refresh with the same answers shows the same.
pub fn question_alpha<'a>(question: &Question, responses: impl IntoIterator<Item = &'a Response>) -> Option<Alpha> {
    // (unit key, value) for every answer that counts, grouped by unit below.
    let mut keyed: Vec<(String, usize)> = Vec::new();
    let mut sets: Vec<Vec<u32>> = Vec::new();
    let position = |options: &[LabelOption], value: &str| options.iter().position(|o| o.value == value);
    let level = match &question.kind {
        QuestionKind::Rating { options } => Level::Ordinal(options.len()),
        QuestionKind::Label { options } => Level::Nominal(options.len()),
        QuestionKind::Ranking { options } => Level::Ordinal(options.len()),
        QuestionKind::MultiLabel { .. } => Level::Sets(Vec::new()),
        _ => return None,
    };
    for response in responses.into_iter().filter(|r| r.status == ResponseStatus::Submitted) {
        let Some(value) = response.values.get(&question.name) else { continue };
        let record = &response.record_id;
        match (&question.kind, value) {
            (QuestionKind::Rating { options }, AnswerValue::Rating(v)) => {
                let below = options.iter().filter(|o| o.value < *v).count();
                if options.iter().any(|o| o.value == *v) {
                    keyed.push((record.clone(), below));
                }
            }
            (QuestionKind::Label { options }, AnswerValue::Text(v)) => {
                if let Some(i) = position(options, v) {
                    keyed.push((record.clone(), i));
                }
            }
            (QuestionKind::Ranking { options }, AnswerValue::Ranking(ranks)) => {
                for rank in ranks {
                    let (Some(r), Some(i)) = (rank.rank, position(options, &rank.value)) else {
                        continue;
                    };
                    if (1..=options.len()).contains(&(r as usize)) {
                        keyed.push((format!("{i}\u{1f}{record}"), r as usize - 1));
                    }
                }
            }
            (QuestionKind::MultiLabel { options, .. }, AnswerValue::Labels(labels)) => {
                // The chosen options as a sorted set: by walking the options, no sort needed.
                let set: Vec<u32> = (0..options.len() as u32)
                    .filter(|&i| labels.iter().any(|l| *l == options[i as usize].value))
                    .collect();
                let index = sets.iter().position(|s| *s == set).unwrap_or_else(|| {
                    sets.push(set);
                    sets.len() - 1
                });
                keyed.push((record.clone(), index));
            }
            _ => {}
        }
    }
    let level = match level {
        Level::Sets(_) => Level::Sets(sets),
        other => other,
    };
    let order = sorted_order(keyed.len(), &|a, b| keyed[a].0.cmp(&keyed[b].0));
    let mut units: Vec<Vec<usize>> = Vec::new();
    let mut last: Option<&str> = None;
    for i in order {
        let (key, value) = &keyed[i];
        if last != Some(key.as_str()) {
            units.push(Vec::new());
            last = Some(key);
        }
        units.last_mut().expect("a unit was pushed").push(*value);
    }
    let pairs: usize = units.iter().map(|u| u.len() * u.len()).sum();
    krippendorff_alpha(&units, &level, affordable_resamples(pairs), crate::demo::fnv(&[&question.name]))
}

/// Krippendorff's reading of α: at least 0.8 the data can be relied on, at least 0.667 only for tentative
/// conclusions, below that not at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reliability {
    Reliable,
    Tentative,
    Low,
}

impl Alpha {
    pub fn reliability(&self) -> Reliability {
        if self.alpha >= 0.8 {
            Reliability::Reliable
        } else if self.alpha >= 0.667 {
            Reliability::Tentative
        } else {
            Reliability::Low
        }
    }
}

/// A small, well-mixed generator (Steele, Lea and Flood's SplitMix64): enough for resampling.
pub(crate) struct SplitMix64(pub u64);

impl SplitMix64 {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alpha(units: &[Vec<usize>], level: &Level) -> Option<f64> {
        krippendorff_alpha(units, level, 0, 1).map(|a| a.alpha)
    }

    #[test]
    fn perfect_agreement_is_one_and_no_variation_is_undefined() {
        let units = vec![vec![0, 0, 0], vec![1, 1], vec![2, 2, 2]];
        assert_eq!(alpha(&units, &Level::Nominal(3)), Some(1.0));
        assert_eq!(alpha(&units, &Level::Ordinal(3)), Some(1.0));
        assert_eq!(alpha(&[vec![1, 1], vec![1, 1, 1]], &Level::Nominal(3)), None);
        assert_eq!(alpha(&[vec![1]], &Level::Nominal(3)), None);
    }

    #[test]
    fn krippendorffs_own_example_nominal_ordinal_and_interval() {
        // Krippendorff (2011), the 4 coders × 12 units example with missing values: α nominal = 0.743.
        let units = vec![
            vec![0, 0, 0],
            vec![1, 1, 2, 1],
            vec![2, 2, 2, 2],
            vec![2, 2, 2, 2],
            vec![1, 1, 1, 1],
            vec![0, 1, 2, 3],
            vec![3, 3, 3, 3],
            vec![0, 0, 1, 0],
            vec![1, 1, 1, 1],
            vec![4, 4, 4],
            vec![0, 0],
            vec![2],
        ];
        let a = krippendorff_alpha(&units, &Level::Nominal(5), 0, 1).unwrap();
        assert!((a.alpha - 0.743).abs() < 5e-4, "{}", a.alpha);
        assert_eq!((a.units, a.values), (11, 40));
        let ordinal = alpha(&units, &Level::Ordinal(5)).unwrap();
        assert!((ordinal - 0.815).abs() < 5e-4, "{ordinal}");
        let interval = alpha(&units, &Level::Interval(vec![1.0, 2.0, 3.0, 4.0, 5.0])).unwrap();
        assert!((interval - 0.849).abs() < 5e-4, "{interval}");
    }

    #[test]
    fn singleton_sets_agree_with_nominal_labels() {
        let units = vec![vec![0, 1, 1], vec![2, 2], vec![0, 0, 2], vec![1, 1, 1]];
        let sets = Level::Sets(vec![vec![0], vec![1], vec![2]]);
        let (a, b) = (alpha(&units, &Level::Nominal(3)).unwrap(), alpha(&units, &sets).unwrap());
        assert!((a - b).abs() < 1e-12);
        assert_eq!(jaccard_distance(&[1, 2], &[2, 3]), 1.0 - 1.0 / 3.0);
        assert_eq!(jaccard_distance(&[], &[]), 0.0);
    }

    #[test]
    fn the_interval_holds_alpha_and_is_the_same_for_the_same_data() {
        let mut random = SplitMix64(7);
        let units: Vec<Vec<usize>> = (0..300)
            .map(|_| {
                let truth = (random.next() % 5) as usize;
                (0..3)
                    .map(|_| if random.next().is_multiple_of(4) { (random.next() % 5) as usize } else { truth })
                    .collect()
            })
            .collect();
        let a = krippendorff_alpha(&units, &Level::Ordinal(5), 500, 42).unwrap();
        let (low, high) = a.interval.unwrap();
        assert!(low < a.alpha && a.alpha < high, "{low} {} {high}", a.alpha);
        assert!(high - low < 0.2, "{low} {high}");
        assert_eq!(krippendorff_alpha(&units, &Level::Ordinal(5), 500, 42), Some(a));
    }

    use crate::model::{Rank, RatingOption};

    fn question(kind: QuestionKind) -> Question {
        Question { name: "q".into(), title: "Q".into(), description: None, required: true, kind }
    }

    fn answer(record: &str, user: &str, status: ResponseStatus, value: AnswerValue) -> Response {
        let values = [("q".to_owned(), value)].into_iter().collect();
        Response { record_id: record.into(), user: user.into(), status, values, updated_at_ms: 0.0 }
    }

    fn labels(values: &[&str]) -> Vec<LabelOption> {
        values.iter().map(|v| LabelOption { value: (*v).into(), text: None, description: None }).collect()
    }

    #[test]
    fn ratings_are_ordinal_units_per_record_from_submitted_answers_only() {
        // Options listed out of order: the ordinal order is the values'.
        let options = [3, 1, 2].map(|value| RatingOption { value, label: None, description: None }).to_vec();
        let q = question(QuestionKind::Rating { options });
        let given = [("a", 1), ("a", 1), ("b", 2), ("b", 3), ("c", 3), ("c", 3), ("c", 2)];
        let mut responses: Vec<Response> = given
            .iter()
            .enumerate()
            .map(|(i, (r, v))| answer(r, &format!("u{i}"), ResponseStatus::Submitted, AnswerValue::Rating(*v)))
            .collect();
        // A draft, a discarded answer and a value outside the scale do not count.
        responses.push(answer("a", "x", ResponseStatus::Draft, AnswerValue::Rating(3)));
        responses.push(answer("a", "y", ResponseStatus::Discarded, AnswerValue::Rating(3)));
        responses.push(answer("b", "z", ResponseStatus::Submitted, AnswerValue::Rating(9)));
        let ours = question_alpha(&q, &responses).unwrap();
        let direct = krippendorff_alpha(&[vec![0, 0], vec![1, 2], vec![2, 2, 1]], &Level::Ordinal(3), 0, 1).unwrap();
        assert!((ours.alpha - direct.alpha).abs() < 1e-12);
        assert_eq!((ours.units, ours.values), (3, 7));
        let (low, high) = ours.interval.unwrap();
        assert!(low <= high);
        assert_eq!(question_alpha(&q, &responses), Some(ours), "the same answers give the same interval");
    }

    #[test]
    fn labels_rankings_and_multi_labels_make_their_units() {
        let label = question(QuestionKind::Label { options: labels(&["good", "bad"]) });
        let text = |v: &str| AnswerValue::Text(v.into());
        let said = [("a", "good"), ("a", "good"), ("b", "bad"), ("b", "good"), ("c", "bad"), ("c", "bad"), ("c", "?")];
        let responses: Vec<Response> =
            said.iter().map(|(r, v)| answer(r, "u", ResponseStatus::Submitted, text(v))).collect();
        let direct = krippendorff_alpha(&[vec![0, 0], vec![1, 0], vec![1, 1]], &Level::Nominal(2), 0, 1).unwrap();
        assert!((question_alpha(&label, &responses).unwrap().alpha - direct.alpha).abs() < 1e-12);

        // The same answers as one-label sets agree with the labels.
        let multi = question(QuestionKind::MultiLabel { options: labels(&["good", "bad"]), visible_options: None });
        let as_sets: Vec<Response> = said
            .iter()
            .map(|(r, v)| answer(r, "u", ResponseStatus::Submitted, AnswerValue::Labels(vec![(*v).into()])))
            .filter(|r| r.values["q"] != AnswerValue::Labels(vec!["?".into()]))
            .collect();
        assert!((question_alpha(&multi, &as_sets).unwrap().alpha - direct.alpha).abs() < 1e-12);

        // Rankings: each option of each record is a unit, its rank the value.
        let ranking = question(QuestionKind::Ranking { options: labels(&["x", "y"]) });
        let ranked = |x: u32, y: u32| {
            AnswerValue::Ranking(vec![
                Rank { value: "x".into(), rank: Some(x) },
                Rank { value: "y".into(), rank: Some(y) },
            ])
        };
        let responses = vec![
            answer("a", "u", ResponseStatus::Submitted, ranked(1, 2)),
            answer("a", "v", ResponseStatus::Submitted, ranked(1, 2)),
            answer("b", "u", ResponseStatus::Submitted, ranked(2, 1)),
            answer("b", "v", ResponseStatus::Submitted, ranked(1, 2)),
        ];
        let units = [vec![0, 0], vec![1, 0], vec![1, 1], vec![0, 1]];
        let direct = krippendorff_alpha(&units, &Level::Ordinal(2), 0, 1).unwrap();
        let ours = question_alpha(&ranking, &responses).unwrap();
        assert!((ours.alpha - direct.alpha).abs() < 1e-12);
        assert_eq!(ours.units, 4);

        assert_eq!(question_alpha(&question(QuestionKind::Text { use_markdown: false }), &responses), None);
    }

    #[test]
    fn resampling_stays_affordable_at_community_scale() {
        assert_eq!(affordable_resamples(10_000 * 9), 100);
        assert_eq!(affordable_resamples(500 * 9), 444);
        assert_eq!(affordable_resamples(0), 1_000);
    }

    #[test]
    fn krippendorffs_reading_of_alpha() {
        let at = |alpha| Alpha { alpha, interval: None, units: 2, values: 4 }.reliability();
        assert_eq!((at(0.8), at(0.7), at(0.5)), (Reliability::Reliable, Reliability::Tentative, Reliability::Low));
    }

    #[test]
    fn values_outside_the_level_leave_their_unit_out() {
        assert_eq!(krippendorff_alpha(&[vec![0, 9], vec![0, 1]], &Level::Nominal(2), 0, 1).unwrap().units, 1);
    }
}
