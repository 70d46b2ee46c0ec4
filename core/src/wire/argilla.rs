//! Argilla 2.x REST API bodies (`/api/v1`), as argilla-server 2.8 sends them.
//!
//! Typed throughout, including the JSON values whose shape depends on the question type, so that no dynamic
//! JSON value type is compiled into the Wasm. Unknown keys are ignored: newer servers add fields.

use crate::model::{self, Task};
use crate::stats::{MyProgress, TaskProgress};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt;

// Where Argilla's shapes are the domain's, the domain types are read directly.
pub use crate::model::{AnswerValue, ChatMessage, FieldValue, LabelOption, Rank, ResponseStatus, Span};

/// `POST /token` → 201.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Token {
    pub access_token: String,
    pub token_type: String,
}

/// `GET /me`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Me {
    pub id: String,
    pub username: String,
    #[serde(default)]
    pub first_name: Option<String>,
    pub role: Role,
    #[serde(default)]
    pub api_key: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    Annotator,
}

/// `{"items": [...]}`, the envelope of every list.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Items<T> {
    pub items: Vec<T>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Workspace {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Dataset {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub guidelines: Option<String>,
    pub status: DatasetStatus,
    pub distribution: Distribution,
    pub workspace_id: String,
    #[serde(default)]
    pub last_activity_at: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetStatus {
    Draft,
    Ready,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Distribution {
    pub strategy: String,
    pub min_submitted: u32,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Field {
    pub id: String,
    pub name: String,
    pub title: String,
    pub required: bool,
    pub settings: FieldSettings,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(try_from = "RawSettings")]
pub enum FieldSettings {
    Text {
        #[serde(default)]
        use_markdown: bool,
    },
    Image {},
    Chat {
        #[serde(default)]
        use_markdown: bool,
    },
    Custom {
        #[serde(default)]
        template: String,
    },
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Question {
    pub id: String,
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub required: bool,
    pub settings: QuestionSettings,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(try_from = "RawSettings")]
pub enum QuestionSettings {
    Rating {
        options: Vec<RatingOption>,
    },
    LabelSelection {
        options: Vec<LabelOption>,
        #[serde(default)]
        visible_options: Option<u32>,
    },
    MultiLabelSelection {
        options: Vec<LabelOption>,
        #[serde(default)]
        visible_options: Option<u32>,
        #[serde(default)]
        options_order: Option<String>,
    },
    Ranking {
        options: Vec<LabelOption>,
    },
    Text {
        #[serde(default)]
        use_markdown: bool,
    },
    Span {
        field: String,
        options: Vec<LabelOption>,
        #[serde(default)]
        visible_options: Option<u32>,
        #[serde(default)]
        allow_overlapping: bool,
        #[serde(default)]
        allow_character_annotation: bool,
    },
}

/// Field and question settings as one flat struct, keyed by `type`. Serde's internally tagged enums buffer
/// every value into a generic tree first, which cost ~30 KB of Wasm for these two types alone.
#[derive(Deserialize)]
struct RawSettings {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    use_markdown: bool,
    #[serde(default)]
    template: String,
    #[serde(default)]
    options: Vec<RawOption>,
    #[serde(default)]
    visible_options: Option<u32>,
    #[serde(default)]
    options_order: Option<String>,
    #[serde(default)]
    field: String,
    #[serde(default)]
    allow_overlapping: bool,
    #[serde(default)]
    allow_character_annotation: bool,
}

/// A rating option (`{"value": 3}`) or a label option (`{"value": "yes", "text": "Yes"}`).
#[derive(Deserialize)]
struct RawOption {
    value: AnswerValue,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

impl RawSettings {
    fn labels(&self) -> Result<Vec<LabelOption>, String> {
        self.options
            .iter()
            .map(|o| match &o.value {
                AnswerValue::Text(value) => {
                    Ok(LabelOption { value: value.clone(), text: o.text.clone(), description: o.description.clone() })
                }
                _ => Err(format!("a {} option needs a text value", self.kind)),
            })
            .collect()
    }
}

impl TryFrom<RawSettings> for FieldSettings {
    type Error = String;
    fn try_from(raw: RawSettings) -> Result<Self, String> {
        Ok(match raw.kind.as_str() {
            "text" => FieldSettings::Text { use_markdown: raw.use_markdown },
            "image" => FieldSettings::Image {},
            "chat" => FieldSettings::Chat { use_markdown: raw.use_markdown },
            "custom" => FieldSettings::Custom { template: raw.template },
            other => return Err(format!("unknown field type `{other}`")),
        })
    }
}

impl TryFrom<RawSettings> for QuestionSettings {
    type Error = String;
    fn try_from(raw: RawSettings) -> Result<Self, String> {
        Ok(match raw.kind.as_str() {
            "rating" => QuestionSettings::Rating {
                options: raw
                    .options
                    .iter()
                    .map(|o| o.value.as_rating().map(|value| RatingOption { value }))
                    .collect::<Option<_>>()
                    .ok_or("a rating option needs a whole-number value")?,
            },
            "label_selection" => {
                QuestionSettings::LabelSelection { options: raw.labels()?, visible_options: raw.visible_options }
            }
            "multi_label_selection" => QuestionSettings::MultiLabelSelection {
                options: raw.labels()?,
                visible_options: raw.visible_options,
                options_order: raw.options_order.clone(),
            },
            "ranking" => QuestionSettings::Ranking { options: raw.labels()? },
            "text" => QuestionSettings::Text { use_markdown: raw.use_markdown },
            "span" => QuestionSettings::Span {
                options: raw.labels()?,
                field: raw.field,
                visible_options: raw.visible_options,
                allow_overlapping: raw.allow_overlapping,
                allow_character_annotation: raw.allow_character_annotation,
            },
            other => return Err(format!("unknown question type `{other}`")),
        })
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RatingOption {
    pub value: i64,
}

/// `POST /me/datasets/{id}/records/search` → 200.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SearchPage {
    pub items: Vec<SearchItem>,
    pub total: usize,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SearchItem {
    pub record: Record,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Record {
    pub id: String,
    pub status: RecordStatus,
    pub fields: BTreeMap<String, FieldValue>,
    #[serde(default)]
    pub external_id: Option<String>,
    /// Only the current user's response (0 or 1) on the `/me/…` search.
    #[serde(default)]
    pub responses: Vec<Response>,
    #[serde(default)]
    pub suggestions: Vec<Suggestion>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    Pending,
    Completed,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Suggestion {
    pub question_id: String,
    pub value: AnswerValue,
    #[serde(default)]
    pub agent: Option<String>,
    #[serde(default)]
    pub score: Option<Score>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Response {
    pub id: String,
    pub values: Option<BTreeMap<String, Answer>>,
    pub status: ResponseStatus,
    pub record_id: String,
    pub user_id: String,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// `{"value": …}`, one question's answer in a response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub value: AnswerValue,
}

/// `POST /records/{id}/responses` (201) and `PUT /responses/{id}` (200) bodies.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResponseBody {
    pub status: ResponseStatus,
    pub values: BTreeMap<String, Answer>,
}

/// `GET /me/datasets/{id}/metrics`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Metrics {
    pub responses: ResponseCounts,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ResponseCounts {
    pub total: usize,
    pub submitted: usize,
    pub discarded: usize,
    pub draft: usize,
    pub pending: usize,
}

/// `GET /datasets/{id}/progress`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Progress {
    pub total: usize,
    pub completed: usize,
    pub pending: usize,
    #[serde(default)]
    pub users: Vec<Username>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Username {
    pub username: String,
}

/// `GET /datasets/{id}/users/progress`: per user, counts by record status then by response status.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct UsersProgress {
    pub users: Vec<UserProgress>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct UserProgress {
    pub username: String,
    pub completed: StatusCounts,
    pub pending: StatusCounts,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct StatusCounts {
    pub submitted: usize,
    pub discarded: usize,
    pub draft: usize,
}

impl UserProgress {
    /// Submitted responses, whatever the record's status (the DIBT dashboards' count).
    pub fn submitted(&self) -> usize {
        self.completed.submitted + self.pending.submitted
    }
}

/// The body of the pending-queue search, as the Argilla UI sends it: records without my response that still
/// need responses (so that a crowd spreads over the records).
pub fn pending_search() -> &'static str {
    r#"{"query":{},"filters":{"and":[{"type":"terms","scope":{"entity":"response","property":"status"},"values":["pending"]},{"type":"terms","scope":{"entity":"record","property":"status"},"values":["pending"]}]}}"#
}

/// The body of a review search: records with my response in `status`.
pub fn review_search(status: ResponseStatus) -> String {
    let status = status.as_str();
    format!(
        r#"{{"query":{{}},"filters":{{"and":[{{"type":"terms","scope":{{"entity":"response","property":"status"}},"values":["{status}"]}}]}}}}"#
    )
}

/// A suggestion's score: one number, or one per label.
#[derive(Clone, Debug, PartialEq)]
pub enum Score {
    One(f64),
    Many(Vec<f64>),
}

impl Score {
    /// The number to show: the score, or the highest of several.
    pub fn best(&self) -> Option<f64> {
        match self {
            Score::One(v) => Some(*v),
            Score::Many(values) => values.iter().copied().reduce(f64::max),
        }
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScoreVisitor;
        impl<'de> Visitor<'de> for ScoreVisitor {
            type Value = Score;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a score or a list of scores")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Score, E> {
                Ok(Score::One(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Score, E> {
                Ok(Score::One(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Score, E> {
                Ok(Score::One(v as f64))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Score, A::Error> {
                let mut values = Vec::new();
                while let Some(v) = seq.next_element::<f64>()? {
                    values.push(v);
                }
                Ok(Score::Many(values))
            }
        }
        deserializer.deserialize_any(ScoreVisitor)
    }
}

/// An error body. Argilla answers `{"detail": "text"}`, `{"detail": {"code", "params": {"detail"}}}` or, for
/// malformed requests, `{"detail": {"code", "params": {"errors": [{"loc", "msg"}]}}}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ErrorBody {
    pub detail: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ErrorDetail {
    Text(String),
    Coded { code: String, message: String },
}

impl<'de> Deserialize<'de> for ErrorDetail {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Coded {
            #[serde(default)]
            code: String,
            #[serde(default)]
            params: Params,
        }
        #[derive(Default, Deserialize)]
        struct Params {
            #[serde(default)]
            detail: Option<String>,
            #[serde(default)]
            errors: Vec<FieldError>,
        }
        #[derive(Deserialize)]
        struct FieldError {
            #[serde(default)]
            loc: Vec<Loc>,
            msg: String,
        }
        /// A place in the request: a key or an index (read by hand: `untagged` would buffer the value).
        enum Loc {
            Key(String),
            Index(u64),
        }
        impl<'de> Deserialize<'de> for Loc {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct LocVisitor;
                impl Visitor<'_> for LocVisitor {
                    type Value = Loc;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str("a key or an index")
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<Loc, E> {
                        Ok(Loc::Key(v.to_owned()))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Loc, E> {
                        Ok(Loc::Index(v))
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Loc, E> {
                        Ok(Loc::Index(v.max(0) as u64))
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Loc, E> {
                        Ok(Loc::Index(v.max(0.0) as u64))
                    }
                }
                deserializer.deserialize_any(LocVisitor)
            }
        }
        struct DetailVisitor;
        impl<'de> Visitor<'de> for DetailVisitor {
            type Value = ErrorDetail;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an error detail")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ErrorDetail, E> {
                Ok(ErrorDetail::Text(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ErrorDetail, A::Error> {
                let coded = Coded::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let message = match coded.params.detail {
                    Some(detail) => detail,
                    None => coded
                        .params
                        .errors
                        .iter()
                        .map(|e| {
                            let place: Vec<String> = e
                                .loc
                                .iter()
                                .filter_map(|l| match l {
                                    Loc::Key(k) if k != "body" => Some(k.clone()),
                                    Loc::Key(_) => None,
                                    Loc::Index(i) => Some(i.to_string()),
                                })
                                .collect();
                            if place.is_empty() {
                                e.msg.clone()
                            } else {
                                format!("{}: {}", place.join("."), e.msg)
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                };
                Ok(ErrorDetail::Coded { code: coded.code, message })
            }
        }
        deserializer.deserialize_any(DetailVisitor)
    }
}

impl ErrorBody {
    /// What to tell the contributor.
    pub fn message(&self) -> &str {
        match &self.detail {
            ErrorDetail::Text(text) => text,
            ErrorDetail::Coded { message, .. } => message,
        }
    }
}

/// A dataset with its settings, as the task the annotate page shows. The task id is the dataset id.
pub fn to_task(dataset: &Dataset, fields: Vec<Field>, questions: Vec<Question>) -> Task {
    let fields = fields
        .into_iter()
        .map(|f| {
            let (kind, use_markdown) = match f.settings {
                FieldSettings::Text { use_markdown } => (model::FieldKind::Text, use_markdown),
                FieldSettings::Image {} => (model::FieldKind::Image, false),
                FieldSettings::Chat { use_markdown } => (model::FieldKind::Chat, use_markdown),
                FieldSettings::Custom { .. } => (model::FieldKind::Text, false),
            };
            model::Field { name: f.name, title: f.title, use_markdown, kind }
        })
        .collect();
    let questions = questions
        .into_iter()
        .map(|q| {
            let kind = match q.settings {
                QuestionSettings::Rating { options } => model::QuestionKind::Rating {
                    options: options
                        .into_iter()
                        .map(|o| model::RatingOption { value: o.value, label: None, description: None })
                        .collect(),
                },
                QuestionSettings::LabelSelection { options, .. } => model::QuestionKind::Label { options },
                QuestionSettings::MultiLabelSelection { options, visible_options, .. } => {
                    model::QuestionKind::MultiLabel { options, visible_options }
                }
                QuestionSettings::Ranking { options } => model::QuestionKind::Ranking { options },
                QuestionSettings::Text { use_markdown } => model::QuestionKind::Text { use_markdown },
                QuestionSettings::Span { field, options, allow_overlapping, .. } => {
                    model::QuestionKind::Span { field, options, allow_overlapping }
                }
            };
            model::Question { name: q.name, title: q.title, description: q.description, required: q.required, kind }
        })
        .collect();
    Task {
        id: dataset.id.clone(),
        title: dataset.name.clone(),
        summary: String::new(),
        guidelines: dataset.guidelines.clone().unwrap_or_default(),
        language: None,
        fields,
        questions,
        min_submitted: dataset.distribution.min_submitted,
    }
}

/// A record for the annotate page, with suggestions named by question and the response of the user `user_id`
/// (shown as `username`), if any, and that response's id, which a later change must `PUT`.
pub fn to_record(
    record: Record,
    questions: &[Question],
    user_id: &str,
    username: &str,
) -> (model::Record, Option<String>) {
    let suggestions = record
        .suggestions
        .into_iter()
        .filter_map(|s| {
            let question = questions.iter().find(|q| q.id == s.question_id)?.name.clone();
            Some(model::Suggestion {
                question,
                value: s.value,
                agent: s.agent,
                score: s.score.as_ref().and_then(Score::best),
            })
        })
        .collect();
    let response = record.responses.into_iter().find(|r| r.user_id == user_id);
    let response_id = response.as_ref().map(|r| r.id.clone());
    let mine = response.map(|r| model::Response {
        record_id: record.id.clone(),
        user: username.to_owned(),
        status: r.status,
        values: r.values.unwrap_or_default().into_iter().map(|(k, a)| (k, a.value)).collect(),
        updated_at_ms: 0.0,
    });
    (model::Record { id: record.id, fields: record.fields, suggestions, mine }, response_id)
}

/// The body that creates or replaces a response.
pub fn response_body(response: &model::Response) -> ResponseBody {
    ResponseBody {
        status: response.status,
        values: response.values.iter().map(|(k, v)| (k.clone(), Answer { value: v.clone() })).collect(),
    }
}

impl Metrics {
    pub fn my_progress(&self) -> MyProgress {
        let r = &self.responses;
        MyProgress { total: r.total, submitted: r.submitted, drafts: r.draft, discarded: r.discarded }
    }
}

/// The team's progress. Completed records count `min_submitted` responses each toward the target; pending
/// records have fewer than that, so every submitted response on them counts.
pub fn task_progress(progress: &Progress, users: &UsersProgress, min_submitted: u32) -> TaskProgress {
    let min_submitted = min_submitted.max(1) as usize;
    let sum = |f: fn(&UserProgress) -> usize| users.users.iter().map(f).sum::<usize>();
    let target_responses = progress.total * min_submitted;
    TaskProgress {
        records: progress.total,
        completed: progress.completed,
        target_responses,
        counted_responses: (progress.completed * min_submitted + sum(|u| u.pending.submitted)).min(target_responses),
        submitted: sum(UserProgress::submitted),
        drafts: sum(|u| u.completed.draft + u.pending.draft),
        discarded: sum(|u| u.completed.discarded + u.pending.discarded),
        contributors: users.users.iter().filter(|u| u.submitted() > 0).count(),
    }
}

/// When a JWT from `POST /token` expires (its `exp` claim, Unix seconds). `None` if it cannot be read.
pub fn token_expiry(jwt: &str) -> Option<u64> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = crate::auth::base64url_decode(payload)?;
    // A scan rather than a JSON parser: the web crate reads JSON through the browser, and the claims are flat.
    let text = std::str::from_utf8(&bytes).ok()?;
    let after = text.split_once("\"exp\"")?.1.trim_start().strip_prefix(':')?.trim_start();
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The question a server message is about: `name='quality'` in the message, or else the only question of the
/// type it names ("… for rating question").
pub fn question_in_message<'a>(task: &'a Task, message: &str) -> Option<&'a str> {
    if let Some(name) = task.questions.iter().find(|q| message.contains(&format!("name='{}'", q.name))) {
        return Some(&name.name);
    }
    let kind = |q: &model::Question| match q.kind {
        model::QuestionKind::Rating { .. } => "rating question",
        model::QuestionKind::Label { .. } => "label_selection question",
        model::QuestionKind::MultiLabel { .. } => "multi_label_selection question",
        model::QuestionKind::Ranking { .. } => "ranking question",
        model::QuestionKind::Text { .. } => "text question",
        model::QuestionKind::Span { .. } => "span question",
    };
    let mut matching = task.questions.iter().filter(|q| message.contains(kind(q)));
    match (matching.next(), matching.next()) {
        (Some(only), None) => Some(&only.name),
        _ => None,
    }
}
