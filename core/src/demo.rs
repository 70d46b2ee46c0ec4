//! The built-in demo: tasks bundled with the app, and a response store that lives in the browser.
//!
//! Pure: the web crate persists [`DemoStore`] (as JSON) and calls these functions; simulated contributors are
//! derived deterministically from the bundle so that the dashboard has something to show from the first run.

use crate::model::{AnswerValue, QuestionKind, Record, Response, ResponseStatus, Task};
use crate::queue::PageRequest;
use crate::stats::{self, sorted_order, MyProgress, TaskProgress};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoBundle {
    pub tasks: Vec<DemoTask>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoTask {
    pub task: Task,
    pub records: Vec<Record>,
    /// Other contributors, and how many records each has submitted.
    #[serde(default)]
    pub simulated: Vec<SimulatedContributor>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulatedContributor {
    pub user: String,
    pub submitted: usize,
}

impl DemoBundle {
    /// Check every task of a decoded bundle.
    pub fn validate(self) -> Result<DemoBundle, String> {
        if let Some(twice) = first_duplicate(self.tasks.iter().map(|t| t.task.id.as_str())) {
            return Err(format!("Two tasks have the id “{twice}”: each task needs an id of its own."));
        }
        for demo in &self.tasks {
            validate_task(&demo.task, &demo.records)?;
        }
        Ok(self)
    }

    pub fn task(&self, id: &str) -> Option<&DemoTask> {
        self.tasks.iter().find(|t| t.task.id == id)
    }
}

/// Responses wanted per record, at most: more than any community asks, and far from overflowing a target.
pub const MAX_MIN_SUBMITTED: u32 = 1_000;

/// Check that a task can be annotated: a malformed dataset gets a message naming what is wrong.
pub fn validate_task(task: &Task, records: &[Record]) -> Result<(), String> {
    let name = &task.id;
    if task.fields.is_empty() {
        return Err(format!("Task {name} has no fields to show."));
    }
    if task.questions.is_empty() {
        return Err(format!("Task {name} has no questions to answer."));
    }
    if let Some(twice) = first_duplicate(task.questions.iter().map(|q| q.name.as_str())) {
        return Err(format!("Task {name} has two questions named “{twice}”."));
    }
    if !(1..=MAX_MIN_SUBMITTED).contains(&task.min_submitted) {
        return Err(format!(
            "Task {name}: min_submitted must be between 1 and {MAX_MIN_SUBMITTED}, not {}.",
            task.min_submitted
        ));
    }
    for question in &task.questions {
        let choices = match &question.kind {
            QuestionKind::Rating { options } => Some(options.len()),
            QuestionKind::Text { .. } => None,
            other => Some(other.label_options().len()),
        };
        if choices.is_some_and(|count| count < 2) {
            return Err(format!("The question “{}” of task {name} needs at least two options.", question.name));
        }
    }
    if let Some(twice) = first_duplicate(records.iter().map(|r| r.id.as_str())) {
        return Err(format!("Task {name} has two records with id “{twice}”."));
    }
    for record in records {
        if let Some(field) = task.fields.iter().find(|f| !record.fields.contains_key(&f.name)) {
            return Err(format!("Record “{}” of task {name} has no value for the field “{}”.", record.id, field.name));
        }
    }
    Ok(())
}

/// A value that occurs more than once, if any.
pub fn first_duplicate<'a>(values: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let values: Vec<&str> = values.collect();
    let sorted = sorted_order(values.len(), &|a, b| values[a].cmp(values[b]));
    sorted.windows(2).find(|w| values[w[0]] == values[w[1]]).map(|w| values[w[0]])
}

/// FNV-1a: a stable, dependency-free hash for deterministic demo data (not for security).
/// MurmurHash3's finalizer: every bit of the input moves every bit of the output. FNV alone orders records
/// by their last bytes nearly alike for every contributor (two names got the same first five of 200).
fn mixed(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// FNV-1a over `parts`, each followed by 0xff: a stable seed from names (also the α interval's, `alpha.rs`).
pub(crate) fn fnv(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

const DAY_MS: f64 = 86_400_000.0;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DemoStore {
    /// task id → (record id, user) key → response.
    responses: BTreeMap<String, BTreeMap<String, Response>>,
}

fn key(record_id: &str, user: &str) -> String {
    format!("{record_id}\u{1f}{user}")
}

impl DemoStore {
    /// A store holding the simulated contributors' responses, spread over the week before `now_ms`.
    pub fn seeded(bundle: &DemoBundle, now_ms: f64) -> DemoStore {
        let mut store = DemoStore::default();
        for demo in &bundle.tasks {
            for contributor in &demo.simulated {
                for record in simulated_picks(&demo.records, |r| &r.id, contributor) {
                    let values = simulated_values(&demo.task, record, &contributor.user);
                    let age = (fnv(&[&record.id, &contributor.user, "t"]) % 7_000) as f64 / 1_000.0 * DAY_MS;
                    store.save(
                        &demo.task.id,
                        Response {
                            record_id: record.id.clone(),
                            user: contributor.user.clone(),
                            status: ResponseStatus::Submitted,
                            values,
                            updated_at_ms: (now_ms - age).max(0.0),
                        },
                    );
                }
            }
        }
        store
    }

    pub fn save(&mut self, task_id: &str, response: Response) {
        self.responses
            .entry(task_id.to_owned())
            .or_default()
            .insert(key(&response.record_id, &response.user), response);
    }

    /// Forget responses to records the task does not have (lines anyone can write into a responses repo): no
    /// figure counts them.
    pub fn keep_known_records(&mut self, demo: &DemoTask) {
        let Some(task) = self.responses.get_mut(&demo.task.id) else { return };
        let ids: Vec<&str> = demo.records.iter().map(|r| r.id.as_str()).collect();
        let ids: Vec<&str> = sorted_order(ids.len(), &|a, b| ids[a].cmp(ids[b])).into_iter().map(|i| ids[i]).collect();
        // Removed one by one rather than with `retain`: `remove` is compiled in already (each new map method
        // instantiation costs the Wasm).
        let unknown: Vec<String> = task
            .iter()
            .filter(|(_, response)| ids.binary_search(&response.record_id.as_str()).is_err())
            .map(|(key, _)| key.clone())
            .collect();
        for key in unknown {
            task.remove(&key);
        }
    }

    pub fn retract(&mut self, task_id: &str, record_id: &str, user: &str) {
        if let Some(task) = self.responses.get_mut(task_id) {
            task.remove(&key(record_id, user));
        }
    }

    pub fn responses<'a>(&'a self, task_id: &str) -> impl Iterator<Item = &'a Response> + 'a {
        self.responses.get(task_id).into_iter().flat_map(|m| m.values())
    }

    /// The team's progress on a task toward its target.
    pub fn progress(&self, demo: &DemoTask) -> TaskProgress {
        stats::task_progress(demo.records.len(), demo.task.min_submitted, self.responses(&demo.task.id))
    }

    /// `user`'s own progress on a task.
    pub fn my_progress(&self, demo: &DemoTask, user: &str) -> MyProgress {
        stats::my_progress(demo.records.len(), user, self.responses(&demo.task.id))
    }

    pub fn mine(&self, task_id: &str, record_id: &str, user: &str) -> Option<&Response> {
        self.responses.get(task_id)?.get(&key(record_id, user))
    }

    fn with_mine(&self, demo: &DemoTask, record: &Record, user: &str) -> Record {
        let mut record = record.clone();
        record.mine = self.mine(&demo.task.id, &record.id, user).cloned();
        record
    }

    /// One record, with the contributor's own response.
    pub fn record(&self, demo: &DemoTask, record_id: &str, user: &str) -> Option<Record> {
        demo.records.iter().find(|r| r.id == record_id).map(|r| self.with_mine(demo, r, user))
    }

    /// `user`'s records with a response in `status`, in record order, and how many there are.
    pub fn reviewed(
        &self,
        demo: &DemoTask,
        user: &str,
        status: ResponseStatus,
        page: PageRequest,
    ) -> (Vec<Record>, usize) {
        let mine: Vec<&Response> =
            self.responses(&demo.task.id).filter(|r| r.user == user && r.status == status).collect();
        let records = mine
            .iter()
            .skip(page.offset)
            .take(page.limit)
            .filter_map(|r| self.record(demo, &r.record_id, user))
            .collect();
        (records, mine.len())
    }

    /// What `user` still has to do: their drafts first, then records they have not answered that still need
    /// responses. Each contributor gets their own stable order, so that a crowd spreads over the records.
    pub fn pending(&self, demo: &DemoTask, user: &str, page: PageRequest) -> Vec<Record> {
        let task_id = &demo.task.id;
        let submitted: Vec<&str> = self
            .responses(task_id)
            .filter(|r| r.status == ResponseStatus::Submitted)
            .map(|r| r.record_id.as_str())
            .collect();
        let submitted: Vec<&str> = sorted_order(submitted.len(), &|a, b| submitted[a].cmp(submitted[b]))
            .into_iter()
            .map(|i| submitted[i])
            .collect();
        let submitted_count = |id: &str| {
            let start = submitted.partition_point(|r| *r < id);
            submitted[start..].iter().take_while(|r| **r == id).count() as u32
        };
        let mut drafts = Vec::new();
        let mut open = Vec::new();
        for record in &demo.records {
            match self.mine(task_id, &record.id, user).map(|r| r.status) {
                Some(ResponseStatus::Draft) => drafts.push(record),
                None if submitted_count(&record.id) < demo.task.min_submitted => open.push(record),
                _ => {}
            }
        }
        let keys: Vec<u64> = open.iter().map(|r| mixed(fnv(&[user, &r.id]))).collect();
        let open = sorted_order(open.len(), &|a, b| keys[a].cmp(&keys[b])).into_iter().map(|i| open[i]);
        drafts
            .into_iter()
            .chain(open)
            .skip(page.offset)
            .take(page.limit)
            .map(|r| self.with_mine(demo, r, user))
            .collect()
    }
}

/// The records a simulated contributor has submitted: their own stable pick of `submitted` records.
pub fn simulated_picks<'a, R>(
    records: &'a [R],
    id: impl Fn(&R) -> &str,
    contributor: &SimulatedContributor,
) -> impl Iterator<Item = &'a R> {
    let keys: Vec<u64> = records.iter().map(|r| fnv(&[&contributor.user, id(r)])).collect();
    let order = sorted_order(records.len(), &|a, b| keys[a].cmp(&keys[b]));
    order.into_iter().take(contributor.submitted).map(|i| &records[i])
}

fn simulated_values(task: &Task, record: &Record, user: &str) -> BTreeMap<String, AnswerValue> {
    crate::model::map_of(task.questions.iter().filter_map(|q| {
        let value = match &q.kind {
            QuestionKind::Rating { options } => {
                let lowest = options.iter().map(|o| o.value).min()?;
                let highest = options.iter().map(|o| o.value).max()?;
                // A per-record "true" quality in the middle of the scale, and per-person noise of ±1.
                let span = (highest - lowest).max(1) as u64;
                let base = lowest + 1 + (fnv(&[&record.id]) % span.saturating_sub(1).max(1)) as i64;
                let noise = [-1, 0, 0, 1][(fnv(&[user, &record.id, &q.name]) % 4) as usize];
                let wanted = (base + noise).clamp(lowest, highest);
                let nearest = options.iter().min_by_key(|o| (o.value - wanted).abs())?;
                AnswerValue::Rating(nearest.value)
            }
            QuestionKind::Label { options } => {
                // Most people agree with the suggestion when there is one; otherwise a per-record favourite.
                let favourite = record
                    .suggestion_for(&q.name)
                    .and_then(|s| s.value.as_text())
                    .and_then(|v| options.iter().position(|o| o.value == v))
                    .unwrap_or((fnv(&[&record.id, &q.name]) % options.len() as u64) as usize);
                let dissent = fnv(&[user, &record.id, &q.name]).is_multiple_of(4);
                let index = if dissent { (favourite + 1) % options.len() } else { favourite };
                AnswerValue::Text(options.get(index)?.value.clone())
            }
            QuestionKind::Text { .. } => AnswerValue::Text(
                record
                    .suggestion_for(&q.name)
                    .and_then(|s| s.value.as_text())
                    .map(str::to_owned)
                    .or_else(|| record.fields.values().find_map(|v| v.as_text().map(str::to_owned)))?,
            ),
            // Simulated contributors agree with the suggestion, if there is one.
            QuestionKind::MultiLabel { .. } | QuestionKind::Ranking { .. } | QuestionKind::Span { .. } => {
                record.suggestion_for(&q.name)?.value.clone()
            }
        };
        Some((q.name.clone(), value))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, FieldValue, Question, RatingOption, Suggestion};
    use crate::stats;

    #[test]
    fn two_tasks_with_one_id_are_refused_naming_it() {
        let mut twice = bundle();
        twice.tasks.push(twice.tasks[0].clone());
        let error = twice.validate().unwrap_err();
        assert!(error.contains("Two tasks have the id “rate”"), "{error}");
    }

    #[test]
    fn a_huge_min_submitted_is_refused_instead_of_wrapping_the_target() {
        let mut huge = bundle();
        huge.tasks[0].task.min_submitted = 2_147_483_648;
        let error = huge.validate().unwrap_err();
        assert!(error.contains("min_submitted must be between 1 and 1000, not 2147483648"), "{error}");
        let progress = stats::task_progress(2, u32::MAX, std::iter::empty());
        assert!(progress.target_responses >= 2, "never wraps to nothing: {progress:?}");
    }

    #[test]
    fn answers_to_records_the_task_does_not_have_count_nowhere() {
        let bundle = bundle();
        let demo = &bundle.tasks[0];
        let mut store = DemoStore::default();
        let answer = |record: &str, user: &str| Response {
            record_id: record.into(),
            user: user.into(),
            status: ResponseStatus::Submitted,
            values: [("quality".to_owned(), AnswerValue::Rating(5))].into(),
            updated_at_ms: 1.0,
        };
        store.save("rate", answer("r1", "ana"));
        for n in 0..500 {
            store.save("rate", answer(&format!("bogus-{n}"), "spammer"));
        }
        store.keep_known_records(demo);
        let progress = store.progress(demo);
        assert_eq!((progress.submitted, progress.contributors, progress.counted_responses), (1, 1, 1));
        assert_eq!(store.my_progress(demo, "spammer").submitted, 0);
    }

    #[test]
    fn a_crowd_starts_on_different_records_as_independent_random_orders_would() {
        let mut bundle = bundle();
        let demo = &mut bundle.tasks[0];
        demo.records = (0..200)
            .map(|i| Record {
                id: i.to_string(),
                fields: [("prompt".to_owned(), FieldValue::Text(format!("Prompt {i}")))].into(),
                suggestions: vec![],
                mine: None,
            })
            .collect();
        let store = DemoStore::default();
        let names = [
            "alice", "bruno", "chen", "dalia", "emre", "fatima", "gus", "hana", "ivan", "joao", "kim", "lena", "mehdi",
            "nour", "olga", "pablo", "qi", "rania", "sven", "tariq",
        ];
        let firsts: Vec<Vec<String>> = names
            .iter()
            .map(|user| {
                store.pending(demo, user, PageRequest { offset: 0, limit: 5 }).into_iter().map(|r| r.id).collect()
            })
            .collect();
        // Independent random orders: two people share 5 × 5 / 200 = 0.125 of their first five on average, and
        // twenty people's first fives cover 200 × (1 − (1 − 5/200)^20) ≈ 79 records.
        let (mut shared, mut most) = (0, 0);
        for a in 0..firsts.len() {
            for b in a + 1..firsts.len() {
                let both = firsts[a].iter().filter(|id| firsts[b].contains(id)).count();
                shared += both;
                most = most.max(both);
            }
        }
        // Three or more in common happens to one pair in about 70 such crowds.
        assert!(most <= 2, "two contributors share {most} of their first five records");
        let mean_shared = shared as f64 / 190.0;
        let mut covered: Vec<&String> = firsts.iter().flatten().collect();
        covered.sort();
        covered.dedup();
        assert!(mean_shared < 0.35, "two contributors share {mean_shared:.2} of their first five records");
        assert!(covered.len() >= 65, "twenty contributors start on only {} records", covered.len());
        // Each contributor's order is their own and stable.
        let again: Vec<String> =
            store.pending(demo, "dalia", PageRequest { offset: 0, limit: 5 }).into_iter().map(|r| r.id).collect();
        assert_eq!(again, firsts[3]);
    }

    fn bundle() -> DemoBundle {
        let task = Task {
            id: "rate".into(),
            title: "Rate".into(),
            summary: String::new(),
            guidelines: String::new(),
            language: None,
            fields: vec![Field {
                name: "prompt".into(),
                title: "Prompt".into(),
                use_markdown: true,
                kind: Default::default(),
            }],
            questions: vec![Question {
                name: "quality".into(),
                title: "Quality".into(),
                description: None,
                required: true,
                kind: QuestionKind::Rating {
                    options: (1..=5).map(|value| RatingOption { value, label: None, description: None }).collect(),
                },
            }],
            min_submitted: 2,
        };
        let records = (0..20)
            .map(|i| Record {
                id: format!("r{i}"),
                fields: [("prompt".to_owned(), FieldValue::Text(format!("Prompt {i}")))].into(),
                suggestions: vec![],
                mine: None,
            })
            .collect();
        DemoBundle {
            tasks: vec![DemoTask {
                task,
                records,
                simulated: vec![
                    SimulatedContributor { user: "amira".into(), submitted: 8 },
                    SimulatedContributor { user: "bao".into(), submitted: 5 },
                ],
            }],
        }
    }

    fn all() -> PageRequest {
        PageRequest { offset: 0, limit: 1000 }
    }

    fn response(record: &str, user: &str, status: ResponseStatus) -> Response {
        Response { record_id: record.into(), user: user.into(), status, values: Default::default(), updated_at_ms: 1.0 }
    }

    #[test]
    fn seeding_is_deterministic_and_matches_the_simulated_counts() {
        let b = bundle();
        let store = DemoStore::seeded(&b, 10.0 * DAY_MS);
        assert_eq!(store, DemoStore::seeded(&b, 10.0 * DAY_MS));
        let board = stats::leaderboard(store.responses("rate"), 10);
        assert_eq!(
            board.iter().map(|c| (c.user.as_str(), c.submitted)).collect::<Vec<_>>(),
            [("amira", 8), ("bao", 5)]
        );
        for r in store.responses("rate") {
            let v = r.values["quality"].as_rating().unwrap();
            assert!((1..=5).contains(&v));
            assert!(r.updated_at_ms <= 10.0 * DAY_MS && r.updated_at_ms >= 3.0 * DAY_MS);
        }
    }

    #[test]
    fn pending_puts_my_drafts_first_and_skips_what_i_finished() {
        let b = bundle();
        let demo = &b.tasks[0];
        let mut store = DemoStore::default();
        store.save("rate", response("r7", "me", ResponseStatus::Draft));
        store.save("rate", response("r1", "me", ResponseStatus::Submitted));
        store.save("rate", response("r2", "me", ResponseStatus::Discarded));
        let pending = store.pending(demo, "me", all());
        assert_eq!(pending[0].id, "r7");
        assert_eq!(pending[0].mine.as_ref().unwrap().status, ResponseStatus::Draft);
        assert_eq!(pending.len(), 18);
        assert!(!pending.iter().any(|r| r.id == "r1" || r.id == "r2"));
    }

    #[test]
    fn records_with_enough_responses_are_no_longer_pending_for_others() {
        let b = bundle();
        let mut store = DemoStore::default();
        store.save("rate", response("r3", "a", ResponseStatus::Submitted));
        store.save("rate", response("r3", "b", ResponseStatus::Submitted));
        store.save("rate", response("r4", "a", ResponseStatus::Submitted));
        let pending = store.pending(&b.tasks[0], "me", all());
        assert!(!pending.iter().any(|r| r.id == "r3"), "complete at min_submitted = 2");
        assert!(pending.iter().any(|r| r.id == "r4"));
    }

    #[test]
    fn pages_are_cut_from_the_same_order() {
        let b = bundle();
        let store = DemoStore::default();
        let whole = store.pending(&b.tasks[0], "me", all());
        let second = store.pending(&b.tasks[0], "me", PageRequest { offset: 5, limit: 5 });
        assert_eq!(second, whole[5..10].to_vec());
        assert_ne!(whole, store.pending(&b.tasks[0], "you", all()), "each contributor has an own order");
    }

    #[test]
    fn retracting_a_response_makes_the_record_pending_again() {
        let b = bundle();
        let mut store = DemoStore::default();
        store.save("rate", response("r1", "me", ResponseStatus::Discarded));
        store.retract("rate", "r1", "me");
        assert!(store.pending(&b.tasks[0], "me", all()).iter().any(|r| r.id == "r1"));
        assert!(store.record(&b.tasks[0], "r1", "me").unwrap().mine.is_none());
    }

    #[test]
    fn the_store_survives_a_round_trip_through_storage() {
        let store = DemoStore::seeded(&bundle(), 10.0 * DAY_MS);
        let text = serde_json::to_string(&store).unwrap();
        assert_eq!(serde_json::from_str::<DemoStore>(&text).unwrap(), store);
        assert!(serde_json::from_str::<DemoStore>("[]").is_err());
    }

    #[test]
    fn simulated_translators_accept_the_suggestion() {
        let mut b = bundle();
        let demo = &mut b.tasks[0];
        demo.task.questions[0].kind = QuestionKind::Text { use_markdown: false };
        demo.records[0].suggestions.push(Suggestion {
            question: "quality".into(),
            value: AnswerValue::Text("hola".into()),
            agent: None,
            score: None,
        });
        demo.simulated = vec![SimulatedContributor { user: "x".into(), submitted: 20 }];
        let store = DemoStore::seeded(&b, 0.0);
        assert_eq!(store.mine("rate", "r0", "x").unwrap().values["quality"], AnswerValue::Text("hola".into()));
        assert_eq!(store.mine("rate", "r1", "x").unwrap().values["quality"], AnswerValue::Text("Prompt 1".into()));
    }

    /// The demo tasks shipped next to the app (`demo-tasks.json`).
    const BUNDLED_JSON: &str = include_str!("../data/demo-tasks.json");

    impl DemoBundle {
        fn parse(text: &str) -> Result<DemoBundle, String> {
            serde_json::from_str::<DemoBundle>(text).map_err(|e| format!("The demo data is not valid: {e}"))?.validate()
        }
    }

    #[test]
    fn the_bundled_demo_has_rating_translation_preference_and_thumbs_tasks() {
        let bundle = DemoBundle::parse(BUNDLED_JSON).unwrap();
        let rating = bundle.task("prompt-ranking").unwrap();
        assert!(rating.records.len() >= 50);
        let QuestionKind::Rating { options } = &rating.task.questions[0].kind else { panic!("not a rating") };
        let labels: Vec<_> = options.iter().map(|o| o.label.as_deref().unwrap()).collect();
        assert_eq!(labels, ["Very Bad", "Bad", "Ok", "Good", "Very Good"]);
        for (id, direction) in
            [("mpep-es", crate::model::TextDirection::Ltr), ("mpep-ar", crate::model::TextDirection::Rtl)]
        {
            let demo = bundle.task(id).unwrap();
            assert!(demo.records.len() >= 20);
            assert!(demo.records.iter().all(|r| r.suggestion_for("target").is_some()));
            assert_eq!(demo.task.answer_direction(), direction);
        }
        for (id, options) in [("dpo-preference", 4), ("kto-haiku", 2)] {
            let demo = bundle.task(id).unwrap();
            let QuestionKind::Label { options: labels } = &demo.task.questions[0].kind else { panic!("{id}: a label") };
            assert_eq!(labels.len(), options, "{id}");
        }
        let store = DemoStore::seeded(&bundle, 0.0);
        assert!(stats::leaderboard(store.responses("prompt-ranking"), 10).len() >= 5);
        for response in store.responses("kto-haiku") {
            assert!(matches!(response.values["label"].as_text(), Some("yes" | "no")));
        }
    }

    #[test]
    fn malformed_tasks_are_refused_with_a_reason() {
        let mut b = bundle();
        b.tasks[0].records[1].fields.clear();
        assert!(validate_task(&b.tasks[0].task, &b.tasks[0].records).unwrap_err().contains("no value for the field"));
        let mut b = bundle();
        b.tasks[0].records[1].id = "r0".into();
        assert!(validate_task(&b.tasks[0].task, &b.tasks[0].records).unwrap_err().contains("two records"));
        let mut b = bundle();
        b.tasks[0].task.questions.clear();
        assert!(validate_task(&b.tasks[0].task, &b.tasks[0].records).unwrap_err().contains("no questions"));
        assert!(DemoBundle::parse("{\"tasks\": [{}]}").unwrap_err().starts_with("The demo data is not valid"));
    }

    #[test]
    fn review_lists_my_answers_in_one_status() {
        let b = bundle();
        let demo = &b.tasks[0];
        let mut store = DemoStore::default();
        for (i, status) in
            [ResponseStatus::Submitted, ResponseStatus::Draft, ResponseStatus::Submitted].into_iter().enumerate()
        {
            let record_id = format!("r{i}");
            store.save(
                "rate",
                Response { record_id, user: "me".into(), status, values: Default::default(), updated_at_ms: i as f64 },
            );
        }
        store.save(
            "rate",
            Response {
                record_id: "r3".into(),
                user: "other".into(),
                status: ResponseStatus::Submitted,
                values: Default::default(),
                updated_at_ms: 9.0,
            },
        );
        let (records, total) =
            store.reviewed(demo, "me", ResponseStatus::Submitted, PageRequest { offset: 0, limit: 10 });
        assert_eq!(total, 2);
        assert_eq!(records.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["r0", "r2"]);
        assert_eq!(records[1].mine.as_ref().unwrap().status, ResponseStatus::Submitted);
        let (records, total) = store.reviewed(demo, "me", ResponseStatus::Draft, PageRequest { offset: 0, limit: 10 });
        assert_eq!((records.len(), total), (1, 1));
        let (records, total) =
            store.reviewed(demo, "me", ResponseStatus::Submitted, PageRequest { offset: 1, limit: 10 });
        assert_eq!((records.len(), total), (1, 2));
    }
}
