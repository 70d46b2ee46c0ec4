//! The community's dataset, written from a task and its answers: what `together-hub publish` commits to a Hub
//! dataset repo, so that `datasets.load_dataset(repo, "records")` reads it.
//!
//! - `records/train.jsonl`, config `records`: one row per record, its `id` and fields, then per question the
//!   list of submitted answers (`{user, value, status}`, the shape of the prompt-ranking dataset and of
//!   Argilla's exports), `num_responses` (submitted answers), and for a rating question `avg_rating` and
//!   `agreement_ratio` (prefixed with the question's name when the task has several rating questions). By
//!   default only records with at least the task's `min_submitted` submitted answers.
//! - `responses/train.jsonl`, config `responses`: one row per answer (submitted or discarded): `record_id`,
//!   `user`, `status`, `updated_at_ms` and one column per question.
//! - With `publish` in `together.json` (see [`PublishSettings`]): `dpo/train.jsonl` (`prompt`, `chosen`,
//!   `rejected`) from a preference question, `kto/train.jsonl` (`prompt`, `completion`, `label`) from a thumbs
//!   question, and `translations/train.jsonl` (`instruction`, `dataset`, `language`, the evaluation set
//!   AlpacaEval reads) from a translation question; each record by the most common submitted answer, a tie
//!   left out.
//! - `README.md`: the dataset card, its YAML naming the configs, the language and the size category, its text
//!   the counts, the contributors, the agreement (Krippendorff's α per question, and the formula of
//!   `agreement_ratio`) and the guidelines.
//!
//! IO-free: rows are written by the caller's `encode` (serde_json in the command-line tool).

use crate::alpha::question_alpha;
use crate::model::{AnswerValue, ChatMessage, FieldValue, QuestionKind, Record, Response, ResponseStatus, Task};
use crate::numbers::score_text;
use crate::stats::rating_agreement;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub const RECORDS_PATH: &str = "records/train.jsonl";
pub const RESPONSES_PATH: &str = "responses/train.jsonl";
pub const CARD_PATH: &str = "README.md";

/// `publish` in `together.json`: the training and evaluation configs to derive from the answers.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PublishSettings {
    /// Pick the better of two answers: the label question, the prompt's field, and per option the field it
    /// picks (`{"a": "response_a", "b": "response_b"}`; other options, "both bad" say, pick nothing).
    #[serde(default)]
    pub dpo: Option<DpoSettings>,
    /// Thumbs up or down on a completion: the label question and which of its options are desirable.
    #[serde(default)]
    pub kto: Option<KtoSettings>,
    /// A translation question: its most common answer per record is an instruction of the evaluation set.
    #[serde(default)]
    pub translations: Option<TranslationSettings>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DpoSettings {
    pub question: String,
    pub prompt: String,
    pub options: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KtoSettings {
    pub question: String,
    pub prompt: String,
    pub completion: String,
    pub desirable: Vec<String>,
    pub undesirable: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TranslationSettings {
    pub question: String,
}

/// The part of `together.json` the publisher reads besides the task.
#[derive(Debug, Default, Deserialize)]
pub struct PublishPart {
    #[serde(default)]
    pub publish: PublishSettings,
}

impl PublishSettings {
    /// Every question and field named must be the task's, of the right kind; said with its place.
    pub fn check(&self, task: &Task) -> Result<(), String> {
        let field = |at: &str, name: &str| match task.fields.iter().any(|f| f.name == name) {
            true => Ok(()),
            false => Err(format!("publish.{at}: the task has no field “{name}”.")),
        };
        let label = |at: &str, name: &str| match task.questions.iter().find(|q| q.name == name).map(|q| &q.kind) {
            Some(QuestionKind::Label { options }) => Ok(options),
            Some(_) => Err(format!("publish.{at}: “{name}” is not a single-label question.")),
            None => Err(format!("publish.{at}: the task has no question “{name}”.")),
        };
        let option = |at: &str, options: &[crate::model::LabelOption], value: &str| match options
            .iter()
            .any(|o| o.value == value)
        {
            true => Ok(()),
            false => Err(format!("publish.{at}: “{value}” is not an option of the question.")),
        };
        if let Some(dpo) = &self.dpo {
            let options = label("dpo", &dpo.question)?;
            field("dpo", &dpo.prompt)?;
            if dpo.options.len() != 2 {
                return Err("publish.dpo: “options” maps exactly two options to the fields they pick.".into());
            }
            for (value, picked) in &dpo.options {
                option("dpo", options, value)?;
                field("dpo", picked)?;
            }
        }
        if let Some(kto) = &self.kto {
            let options = label("kto", &kto.question)?;
            field("kto", &kto.prompt)?;
            field("kto", &kto.completion)?;
            for value in kto.desirable.iter().chain(&kto.undesirable) {
                option("kto", options, value)?;
            }
        }
        if let Some(translations) = &self.translations {
            match task.questions.iter().find(|q| q.name == translations.question).map(|q| &q.kind) {
                Some(QuestionKind::Text { .. }) => {}
                _ => return Err(format!("publish.translations: “{}” is not a text question.", translations.question)),
            }
        }
        Ok(())
    }
}

/// The most common of the values, `None` on a tie (or no value).
fn most_common<'v>(values: impl IntoIterator<Item = &'v str>) -> Option<&'v str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    let top = counts.values().copied().max()?;
    let mut tops = counts.into_iter().filter(|(_, n)| *n == top);
    let (value, _) = tops.next()?;
    tops.next().is_none().then_some(value)
}

/// One cell of a published row.
pub enum Value<'a> {
    Null,
    Text(&'a str),
    Chat(&'a [ChatMessage]),
    Count(usize),
    Number(f64),
    Answer(&'a AnswerValue),
    Answers(Vec<Given<'a>>),
    Flag(bool),
}

/// A submitted answer in a record's row.
#[derive(Serialize)]
pub struct Given<'a> {
    pub user: &'a str,
    pub value: &'a AnswerValue,
    pub status: &'static str,
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_none(),
            Value::Text(text) => serializer.serialize_str(text),
            Value::Chat(messages) => messages.serialize(serializer),
            Value::Count(n) => serializer.serialize_u64(*n as u64),
            Value::Number(x) => serializer.serialize_f64(*x),
            Value::Answer(value) => value.serialize(serializer),
            Value::Answers(given) => given.serialize(serializer),
            Value::Flag(flag) => serializer.serialize_bool(*flag),
        }
    }
}

/// A published row: its columns in order.
pub struct Row<'a>(pub Vec<(String, Value<'a>)>);

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// What to publish.
pub struct Publishing<'a> {
    /// The task's repo, named in the card.
    pub source: &'a str,
    pub task: &'a Task,
    pub records: &'a [Record],
    /// The latest answer per record and contributor.
    pub responses: &'a [Response],
    /// Every record, not only those with `min_submitted` submitted answers.
    pub all_records: bool,
    pub settings: &'a PublishSettings,
}

/// The files to commit, and what they hold.
#[derive(Debug)]
pub struct Publication {
    pub files: Vec<(String, String)>,
    pub records: usize,
    pub answers: usize,
    pub contributors: usize,
}

fn field_value(value: Option<&FieldValue>) -> Value<'_> {
    match value {
        Some(FieldValue::Text(text)) => Value::Text(text),
        Some(FieldValue::Chat(messages)) => Value::Chat(messages),
        _ => Value::Null,
    }
}

/// The column names of the rating figures: plain when the task has one rating question.
fn rating_columns(task: &Task) -> Vec<(&str, String, String)> {
    let ratings: Vec<&str> = task
        .questions
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::Rating { .. }))
        .map(|q| q.name.as_str())
        .collect();
    let single = ratings.len() == 1;
    ratings
        .into_iter()
        .map(|q| match single {
            true => (q, "avg_rating".to_owned(), "agreement_ratio".to_owned()),
            false => (q, format!("{q}_avg_rating"), format!("{q}_agreement_ratio")),
        })
        .collect()
}

/// The Hub's size category for a number of rows.
pub fn size_category(rows: usize) -> &'static str {
    match rows {
        0..1_000 => "n<1K",
        1_000..10_000 => "1K<n<10K",
        10_000..100_000 => "10K<n<100K",
        100_000..1_000_000 => "100K<n<1M",
        _ => "1M<n<10M",
    }
}

pub fn publish<E>(what: &Publishing, encode: impl Fn(&Row) -> Result<String, E>) -> Result<Publication, E> {
    let task = what.task;
    let counted: Vec<&Response> = what.responses.iter().filter(|r| r.status != ResponseStatus::Draft).collect();
    let mut by_record: BTreeMap<&str, Vec<&Response>> = BTreeMap::new();
    for response in &counted {
        by_record.entry(response.record_id.as_str()).or_default().push(response);
    }
    let ratings = rating_columns(task);
    let agreements: Vec<BTreeMap<String, (f64, Option<f64>)>> = ratings
        .iter()
        .map(|(q, _, _)| {
            rating_agreement(q, counted.iter().copied())
                .into_iter()
                .map(|a| (a.record_id, (a.mean, a.agreement)))
                .collect()
        })
        .collect();

    let mut records_file = String::new();
    let mut extra = [String::new(), String::new(), String::new()];
    let mut published = 0;
    for record in what.records {
        let answers = by_record.get(record.id.as_str()).map_or(&[][..], Vec::as_slice);
        let submitted: Vec<&Response> =
            answers.iter().copied().filter(|r| r.status == ResponseStatus::Submitted).collect();
        if !what.all_records && submitted.len() < task.min_submitted as usize {
            continue;
        }
        let mut row = vec![("id".to_owned(), Value::Text(&record.id))];
        for field in &task.fields {
            row.push((field.name.clone(), field_value(record.fields.get(&field.name))));
        }
        for question in &task.questions {
            let given = submitted
                .iter()
                .filter_map(|r| {
                    let value = r.values.get(&question.name)?;
                    Some(Given { user: &r.user, value, status: "submitted" })
                })
                .collect();
            row.push((question.name.clone(), Value::Answers(given)));
        }
        row.push(("num_responses".to_owned(), Value::Count(submitted.len())));
        for ((_, mean_column, agreement_column), figures) in ratings.iter().zip(&agreements) {
            let (mean, agreement) = figures.get(&record.id).map_or((None, None), |(m, a)| (Some(*m), *a));
            row.push((mean_column.clone(), mean.map_or(Value::Null, Value::Number)));
            row.push((agreement_column.clone(), agreement.map_or(Value::Null, Value::Number)));
        }
        records_file.push_str(&encode(&Row(row))?);
        records_file.push('\n');
        published += 1;

        let picked = |question: &str| {
            most_common(submitted.iter().filter_map(|r| r.values.get(question)?.as_text()).filter(|t| !t.is_empty()))
        };
        let text = |name: &str| field_value(record.fields.get(name));
        if let Some(dpo) = &what.settings.dpo {
            // The most common pick must be one of the two answers: when most said "both bad", nothing is chosen.
            let chosen = picked(&dpo.question).and_then(|p| dpo.options.get(p));
            if let Some(chosen) = chosen {
                let rejected = dpo.options.values().find(|f| *f != chosen).unwrap_or(chosen);
                let row = vec![
                    ("id".to_owned(), Value::Text(&record.id)),
                    ("prompt".to_owned(), text(&dpo.prompt)),
                    ("chosen".to_owned(), text(chosen)),
                    ("rejected".to_owned(), text(rejected)),
                ];
                extra[0].push_str(&encode(&Row(row))?);
                extra[0].push('\n');
            }
        }
        if let Some(kto) = &what.settings.kto {
            let label = picked(&kto.question).and_then(|p| match () {
                _ if kto.desirable.iter().any(|d| d == p) => Some(true),
                _ if kto.undesirable.iter().any(|u| u == p) => Some(false),
                _ => None,
            });
            if let Some(label) = label {
                let row = vec![
                    ("id".to_owned(), Value::Text(&record.id)),
                    ("prompt".to_owned(), text(&kto.prompt)),
                    ("completion".to_owned(), text(&kto.completion)),
                    ("label".to_owned(), Value::Flag(label)),
                ];
                extra[1].push_str(&encode(&Row(row))?);
                extra[1].push('\n');
            }
        }
        if let Some(translations) = &what.settings.translations {
            if let Some(instruction) = picked(&translations.question) {
                let language = task.language.as_ref().map_or(Value::Null, |l| Value::Text(&l.code));
                let row = vec![
                    ("id".to_owned(), Value::Text(&record.id)),
                    ("instruction".to_owned(), Value::Text(instruction)),
                    ("dataset".to_owned(), Value::Text(what.source)),
                    ("language".to_owned(), language),
                ];
                extra[2].push_str(&encode(&Row(row))?);
                extra[2].push('\n');
            }
        }
    }

    let mut responses_file = String::new();
    for response in &counted {
        let mut row = vec![
            ("record_id".to_owned(), Value::Text(&response.record_id)),
            ("user".to_owned(), Value::Text(&response.user)),
            ("status".to_owned(), Value::Text(response.status.as_str())),
            ("updated_at_ms".to_owned(), Value::Count(response.updated_at_ms.max(0.0) as usize)),
        ];
        for question in &task.questions {
            row.push((question.name.clone(), response.values.get(&question.name).map_or(Value::Null, Value::Answer)));
        }
        responses_file.push_str(&encode(&Row(row))?);
        responses_file.push('\n');
    }

    let contributors = counted.iter().map(|r| r.user.as_str()).collect::<BTreeSet<_>>().len();
    let configs = derived_configs(what.settings);
    let card = card(what, published, &counted, contributors, &ratings, &configs);
    let mut files = vec![(RECORDS_PATH.to_owned(), records_file), (RESPONSES_PATH.to_owned(), responses_file)];
    for ((_, path, _), content) in DERIVED.iter().zip(extra) {
        if configs.iter().any(|(_, p, _)| p == path) {
            files.push(((*path).to_owned(), content));
        }
    }
    files.push((CARD_PATH.to_owned(), card));
    Ok(Publication { files, records: published, answers: counted.len(), contributors })
}

/// The derived configs: name, path, what a row holds.
const DERIVED: [(&str, &str, &str); 3] = [
    ("dpo", "dpo/train.jsonl", "`prompt`, `chosen` and `rejected` (the answer most contributors picked, and the other)"),
    ("kto", "kto/train.jsonl", "`prompt`, `completion` and `label` (true when most contributors found it desirable)"),
    (
        "translations",
        "translations/train.jsonl",
        "`instruction` (the most common translation), `dataset` and `language`: an evaluation set as AlpacaEval reads it",
    ),
];

fn derived_configs(settings: &PublishSettings) -> Vec<(&'static str, &'static str, &'static str)> {
    let wanted = [settings.dpo.is_some(), settings.kto.is_some(), settings.translations.is_some()];
    DERIVED.iter().zip(wanted).filter(|(_, on)| *on).map(|(c, _)| *c).collect()
}

/// A YAML scalar in double quotes.
fn yaml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn card(
    what: &Publishing,
    published: usize,
    counted: &[&Response],
    contributors: usize,
    ratings: &[(&str, String, String)],
    derived: &[(&str, &str, &str)],
) -> String {
    let task = what.task;
    let submitted = counted.iter().filter(|r| r.status == ResponseStatus::Submitted).count();
    let mut card = String::from("---\nconfigs:\n");
    let all = [("records", RECORDS_PATH), ("responses", RESPONSES_PATH)];
    for (name, path) in all.into_iter().chain(derived.iter().map(|(n, p, _)| (*n, *p))) {
        card.push_str(&format!("- config_name: {name}\n  data_files:\n  - split: train\n    path: {path}\n"));
        if name == "records" {
            card.push_str("  default: true\n");
        }
    }
    if let Some(language) = &task.language {
        if !language.code.is_empty() && language.code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            card.push_str(&format!("language:\n- {}\n", language.code));
        }
    }
    card.push_str(&format!("size_categories:\n- {}\n", size_category(published)));
    card.push_str(&format!("pretty_name: {}\n", yaml_string(&task.title)));
    card.push_str("tags:\n- together\n- community\n---\n\n");

    card.push_str(&format!("# {}\n\n", task.title.replace('\n', " ")));
    if !task.summary.is_empty() {
        card.push_str(&format!("{}\n\n", task.summary));
    }
    let wanted = match what.all_records {
        true => "every record of the task".to_owned(),
        false => format!("the records with at least {} submitted answers", task.min_submitted),
    };
    card.push_str(&format!(
        "Built together on the Hugging Face Hub from the task [`{source}`](https://huggingface.co/datasets/{source}): \
         {contributors} contributors gave {answers} answers ({submitted} submitted, {discarded} discarded) on {answered} \
         of its {total} records. This dataset holds {wanted}: {published} records.\n\n",
        source = what.source,
        answers = counted.len(),
        discarded = counted.len() - submitted,
        answered = counted.iter().map(|r| r.record_id.as_str()).collect::<BTreeSet<_>>().len(),
        total = what.records.len(),
    ));
    card.push_str(
        "## Configs\n\n- `records`: one row per record: its `id` and fields; per question the list of submitted \
         answers (`user`, `value`, `status`); `num_responses`, the number of submitted answers",
    );
    if !ratings.is_empty() {
        card.push_str(&format!(
            "; for each rating question its mean ({}) and its agreement ({})",
            ratings.iter().map(|(_, m, _)| format!("`{m}`")).collect::<Vec<_>>().join(", "),
            ratings.iter().map(|(_, _, a)| format!("`{a}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    card.push_str(
        ".\n- `responses`: one row per answer: `record_id`, `user`, `status` (submitted or discarded), \
         `updated_at_ms` (milliseconds since 1970) and one column per question.\n",
    );
    for (name, _, holds) in derived {
        card.push_str(&format!(
            "- `{name}`: one row per published record where the answers decide (a tie is left out): {holds}.\n"
        ));
    }
    card.push_str("\n## Agreement\n\n");
    if !ratings.is_empty() {
        card.push_str(
            "`agreement_ratio` is the share of a record's submitted ratings equal to its most common rating: 1 when \
             everyone agreed, empty below two ratings.\n\n",
        );
    }
    let mut any = false;
    for question in &task.questions {
        let Some(alpha) = question_alpha(question, counted.iter().copied()) else { continue };
        any = true;
        let interval = alpha
            .interval
            .map_or(String::new(), |(low, high)| format!(", 95% interval {} to {}", score_text(low), score_text(high)));
        card.push_str(&format!(
            "- {}: Krippendorff's α {}{interval}, from {} records answered twice or more ({} answers).\n",
            question.title.replace('\n', " "),
            score_text(alpha.alpha),
            alpha.units,
            alpha.values
        ));
    }
    if !any {
        card.push_str("No question here has enough answers given twice to measure agreement.\n");
    }
    if !task.guidelines.is_empty() {
        card.push_str(&format!("\n## Guidelines\n\n{}\n", task.guidelines));
    }
    card
}
