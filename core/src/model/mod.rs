//! The domain: tasks (datasets), their fields and questions, records and the contributor's responses.
//! Backends translate their wire formats into these types; pages and components only see these.

mod answers;
pub(crate) mod language;
mod spans;
mod values;

pub(crate) use answers::problem_with;
pub use answers::{AnswerError, AnswerProblem, Answers};
pub use language::{Language, TextDirection};
pub use spans::{char_slice, span_tokens, SpanToken};
pub(crate) use values::ListItem;
pub use values::{AnswerValue, ChatMessage, FieldValue, Rank, Span};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A map from pairs, inserted one at a time. `collect()` into a `BTreeMap` sorts first, and every site's sort is
/// ~3 KB of Wasm of its own; `insert` is compiled once per map type. Later pairs win, as with `collect()`.
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (key, value) in pairs {
        map.insert(key, value);
    }
    map
}

/// One annotation task: a dataset of records and the questions every contributor answers about each record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// A Hub task's id is its repo's, so its definition file may leave it out.
    #[serde(default)]
    pub id: String,
    pub title: String,
    /// One line shown on the task list.
    #[serde(default)]
    pub summary: String,
    /// Markdown, shown in the guidelines panel.
    #[serde(default)]
    pub guidelines: String,
    /// The language contributors write in (translation tasks). Decides the direction of text answers.
    #[serde(default)]
    pub language: Option<Language>,
    pub fields: Vec<Field>,
    pub questions: Vec<Question>,
    /// A record is complete once it has this many submitted responses (Argilla's `distribution.min_submitted`).
    #[serde(default = "one")]
    pub min_submitted: u32,
}

fn one() -> u32 {
    1
}

impl Task {
    pub fn question(&self, name: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.name == name)
    }

    /// The direction text answers are typed in.
    pub fn answer_direction(&self) -> TextDirection {
        self.language.as_ref().map(|l| l.direction()).unwrap_or(TextDirection::Auto)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub use_markdown: bool,
    #[serde(default)]
    pub kind: FieldKind,
}

/// How a field's value is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Text, as markdown when the field says so.
    #[default]
    Text,
    /// An image, by URL (`https:` or a `data:image/…` URL).
    Image,
    /// A conversation: messages with a role and content.
    Chat,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "yes")]
    pub required: bool,
    pub kind: QuestionKind,
}

fn yes() -> bool {
    true
}

/// Externally tagged (`{"rating": {…}}`): serde's cheapest enum form, which keeps the Wasm small.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Rating {
        options: Vec<RatingOption>,
    },
    /// Pick one label (thumbs up or down, "A is better"…). The answer is the option's value, as text.
    Label {
        options: Vec<LabelOption>,
    },
    Text {
        #[serde(default)]
        use_markdown: bool,
    },
    /// Pick any number of labels; the first `visible_options` show until the contributor asks for more.
    MultiLabel {
        options: Vec<LabelOption>,
        #[serde(default)]
        visible_options: Option<u32>,
    },
    /// Order the options, 1 = best. Ties are allowed, as in Argilla.
    Ranking {
        options: Vec<LabelOption>,
    },
    /// Mark stretches of a text field with labels (people, places…). Offsets count characters.
    Span {
        field: String,
        options: Vec<LabelOption>,
        #[serde(default)]
        allow_overlapping: bool,
    },
}

impl QuestionKind {
    /// The labels of a label, multi-label, ranking or span question.
    pub fn label_options(&self) -> &[LabelOption] {
        match self {
            QuestionKind::Label { options }
            | QuestionKind::MultiLabel { options, .. }
            | QuestionKind::Ranking { options }
            | QuestionKind::Span { options, .. } => options,
            QuestionKind::Rating { .. } | QuestionKind::Text { .. } => &[],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingOption {
    pub value: i64,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabelOption {
    /// Stored in the response (a stable key such as `good`).
    pub value: String,
    /// Shown to the contributor (`👍 Good`); the value when absent.
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

impl LabelOption {
    pub fn shown(&self) -> &str {
        self.text.as_deref().unwrap_or(&self.value)
    }
}

/// A pre-filled value with its provenance (a model, or a person).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub question: String,
    pub value: AnswerValue,
    #[serde(default)]
    pub agent: Option<String>,
    #[serde(default)]
    pub score: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    pub fields: BTreeMap<String, FieldValue>,
    #[serde(default)]
    pub suggestions: Vec<Suggestion>,
    /// The signed-in contributor's own response, if they already have one (a draft, say).
    #[serde(default)]
    pub mine: Option<Response>,
}

impl Record {
    /// The text of a field (empty for a chat or a missing field).
    pub fn text(&self, field: &str) -> &str {
        self.fields.get(field).and_then(FieldValue::as_text).unwrap_or_default()
    }

    pub fn suggestion_for(&self, question: &str) -> Option<&Suggestion> {
        self.suggestions.iter().find(|s| s.question == question)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    Draft,
    Submitted,
    Discarded,
}

impl ResponseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseStatus::Draft => "draft",
            ResponseStatus::Submitted => "submitted",
            ResponseStatus::Discarded => "discarded",
        }
    }

    pub fn parse(text: &str) -> Option<ResponseStatus> {
        [ResponseStatus::Draft, ResponseStatus::Submitted, ResponseStatus::Discarded]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// One contributor's answer to one record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub record_id: String,
    pub user: String,
    pub status: ResponseStatus,
    pub values: BTreeMap<String, AnswerValue>,
    /// Milliseconds since the Unix epoch, as the browser's clock said when the contributor acted.
    #[serde(default)]
    pub updated_at_ms: f64,
}
