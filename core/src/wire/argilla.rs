//! Argilla 2.x REST API bodies (`/api/v1`), as argilla-server 2.8 sends them.
//!
//! Typed throughout, including the JSON values whose shape depends on the question type, so that no dynamic
//! JSON value type is compiled into the Wasm. Unknown keys are ignored: newer servers add fields.

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

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
#[serde(tag = "type", rename_all = "snake_case")]
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
#[serde(tag = "type", rename_all = "snake_case")]
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

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RatingOption {
    pub value: i64,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LabelOption {
    pub value: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
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
    pub value: Value,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    Draft,
    Submitted,
    Discarded,
}

/// `{"value": …}`, one question's answer in a response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub value: Value,
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
    let status = match status {
        ResponseStatus::Draft => "draft",
        ResponseStatus::Submitted => "submitted",
        ResponseStatus::Discarded => "discarded",
    };
    format!(
        r#"{{"query":{{}},"filters":{{"and":[{{"type":"terms","scope":{{"entity":"response","property":"status"}},"values":["{status}"]}}]}}}}"#
    )
}

/// Visitor methods that read any number, boolean or null as `$skipped`: values this client does not show.
macro_rules! skip_scalars {
    ($value:ty, $skipped:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<$value, E> {
            Ok($skipped)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<$value, E> {
            Ok($skipped)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<$value, E> {
            Ok($skipped)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<$value, E> {
            Ok($skipped)
        }
        fn visit_unit<E: de::Error>(self) -> Result<$value, E> {
            Ok($skipped)
        }
    };
}

/// A record field's value: text (also an image URL or data URL), a chat, or something this client does not
/// show (a custom field's JSON), which is skipped.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Text(String),
    Chat(Vec<ChatMessage>),
    Other,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ChatMessage {
    pub role: String,
    pub content: String,
}

/// A list item of a field: a chat message, or anything else (part of a custom field), skipped.
struct MaybeChat(Option<ChatMessage>);

impl<'de> Deserialize<'de> for MaybeChat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = MaybeChat;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a chat message")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MaybeChat, A::Error> {
                let (mut role, mut content) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "role" => role = Some(map.next_value::<String>()?),
                        "content" => content = Some(map.next_value::<String>()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(MaybeChat(role.zip(content).map(|(role, content)| ChatMessage { role, content })))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<MaybeChat, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MaybeChat(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<MaybeChat, E> {
                Ok(MaybeChat(None))
            }
            skip_scalars!(MaybeChat, MaybeChat(None));
        }
        deserializer.deserialize_any(ItemVisitor)
    }
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl<'de> Visitor<'de> for FieldVisitor {
            type Value = FieldValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldValue, E> {
                Ok(FieldValue::Text(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldValue, A::Error> {
                let mut messages = Vec::new();
                let mut all_chat = true;
                while let Some(item) = seq.next_element::<MaybeChat>()? {
                    match item.0 {
                        Some(message) => messages.push(message),
                        None => all_chat = false,
                    }
                }
                Ok(if all_chat { FieldValue::Chat(messages) } else { FieldValue::Other })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldValue, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(FieldValue::Other)
            }
            skip_scalars!(FieldValue, FieldValue::Other);
        }
        deserializer.deserialize_any(FieldVisitor)
    }
}

/// A response or suggestion value, in the shape of its question type.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// rating
    Integer(i64),
    /// label_selection, text
    Text(String),
    /// multi_label_selection (or an empty list of any kind)
    Labels(Vec<String>),
    /// ranking
    Ranking(Vec<Rank>),
    /// span
    Spans(Vec<Span>),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rank {
    pub value: String,
    pub rank: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub label: String,
    pub start: usize,
    pub end: usize,
}

/// One element of a list value: a label, a rank or a span.
enum Element {
    Label(String),
    Rank(Rank),
    Span(Span),
}

impl<'de> Deserialize<'de> for Element {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ElementVisitor;
        impl<'de> Visitor<'de> for ElementVisitor {
            type Value = Element;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a label, a {value, rank} or a {label, start, end}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Element, E> {
                Ok(Element::Label(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Element, A::Error> {
                let (mut value, mut rank, mut label, mut start, mut end) = (None, None, None, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "value" => value = Some(map.next_value::<String>()?),
                        "rank" => rank = map.next_value::<Option<u32>>()?,
                        "label" => label = Some(map.next_value::<String>()?),
                        "start" => start = Some(map.next_value::<usize>()?),
                        "end" => end = Some(map.next_value::<usize>()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                match (value, label, start, end) {
                    (Some(value), None, _, _) => Ok(Element::Rank(Rank { value, rank })),
                    (None, Some(label), Some(start), Some(end)) => Ok(Element::Span(Span { label, start, end })),
                    _ => Err(de::Error::custom(
                        "a list item needs `value` (ranking) or `label`, `start` and `end` (span)",
                    )),
                }
            }
        }
        deserializer.deserialize_any(ElementVisitor)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an answer value")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
                i64::try_from(v).map(Value::Integer).map_err(|_| E::custom("number out of range"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
                if v.fract() == 0.0 && v.abs() < 9.0e15 {
                    Ok(Value::Integer(v as i64))
                } else {
                    Err(E::custom("expected a whole number"))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
                Ok(Value::Text(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut value = Value::Labels(Vec::new());
                while let Some(element) = seq.next_element::<Element>()? {
                    match (&mut value, element) {
                        (Value::Labels(labels), Element::Label(label)) => labels.push(label),
                        (Value::Labels(labels), Element::Rank(rank)) if labels.is_empty() => {
                            value = Value::Ranking(vec![rank])
                        }
                        (Value::Labels(labels), Element::Span(span)) if labels.is_empty() => {
                            value = Value::Spans(vec![span])
                        }
                        (Value::Ranking(ranks), Element::Rank(rank)) => ranks.push(rank),
                        (Value::Spans(spans), Element::Span(span)) => spans.push(span),
                        _ => return Err(de::Error::custom("a list mixes labels, ranks and spans")),
                    }
                }
                Ok(value)
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Integer(v) => serializer.serialize_i64(*v),
            Value::Text(s) => serializer.serialize_str(s),
            Value::Labels(labels) => labels.serialize(serializer),
            Value::Ranking(ranks) => ranks.serialize(serializer),
            Value::Spans(spans) => spans.serialize(serializer),
        }
    }
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
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Loc {
            Key(String),
            Index(u64),
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
