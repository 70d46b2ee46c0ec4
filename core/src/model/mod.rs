//! The domain: tasks (datasets), their fields and questions, records and the contributor's responses.
//! Backends translate their wire formats into these types; pages and components only see these.

mod answers;
pub(crate) mod language;

pub use answers::{AnswerError, AnswerProblem, Answers};
pub use language::{Language, TextDirection};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One annotation task: a dataset of records and the questions every contributor answers about each record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
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

/// A value given to one question, by a contributor or by a suggestion. In JSON a bare number or string.
#[derive(Clone, Debug, PartialEq)]
pub enum AnswerValue {
    Rating(i64),
    Text(String),
}

// By hand rather than `#[serde(untagged)]`, whose buffering costs several KB of Wasm per use.
impl Serialize for AnswerValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            AnswerValue::Rating(v) => serializer.serialize_i64(*v),
            AnswerValue::Text(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for AnswerValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = AnswerValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an integer rating or a text")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<AnswerValue, E> {
                Ok(AnswerValue::Rating(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<AnswerValue, E> {
                i64::try_from(v).map(AnswerValue::Rating).map_err(|_| E::custom("rating out of range"))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<AnswerValue, E> {
                if v.fract() == 0.0 && v.abs() < 9.0e15 {
                    Ok(AnswerValue::Rating(v as i64))
                } else {
                    Err(E::custom("a rating must be a whole number"))
                }
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AnswerValue, E> {
                Ok(AnswerValue::Text(v.to_owned()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl AnswerValue {
    pub fn as_rating(&self) -> Option<i64> {
        match self {
            AnswerValue::Rating(v) => Some(*v),
            AnswerValue::Text(_) => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            AnswerValue::Text(s) => Some(s),
            AnswerValue::Rating(_) => None,
        }
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
    pub fields: BTreeMap<String, String>,
    #[serde(default)]
    pub suggestions: Vec<Suggestion>,
    /// The signed-in contributor's own response, if they already have one (a draft, say).
    #[serde(default)]
    pub mine: Option<Response>,
}

impl Record {
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
