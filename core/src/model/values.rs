//! Values in records and responses: what a field shows and what a question is answered with. Shared by every
//! backend: Argilla's JSON shapes are the canonical ones (`4`, `"yes"`, `["a","c"]`, `[{"value","rank"}]`,
//! `[{"label","start","end"}]`), read by hand so that no dynamic JSON type is compiled into the Wasm.

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub role: String,
    pub content: String,
}

/// A list item of a field or a dataset cell: a chat message, a string (a label, in a cell holding a suggestion),
/// or anything else (part of a custom field), skipped.
pub(crate) enum ListItem {
    Chat(ChatMessage),
    Text(String),
    Other,
}

impl<'de> Deserialize<'de> for ListItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = ListItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a chat message")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ListItem, A::Error> {
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
                Ok(role
                    .zip(content)
                    .map_or(ListItem::Other, |(role, content)| ListItem::Chat(ChatMessage { role, content })))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ListItem, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ListItem::Other)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ListItem, E> {
                Ok(ListItem::Text(v.to_owned()))
            }
            skip_scalars!(ListItem, ListItem::Other);
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
                while let Some(item) = seq.next_element::<ListItem>()? {
                    match item {
                        ListItem::Chat(message) => messages.push(message),
                        _ => all_chat = false,
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
pub enum AnswerValue {
    /// rating
    Rating(i64),
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

impl<'de> Deserialize<'de> for AnswerValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = AnswerValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an answer value")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AnswerValue, E> {
                Ok(AnswerValue::Rating(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AnswerValue, E> {
                i64::try_from(v).map(AnswerValue::Rating).map_err(|_| E::custom("number out of range"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<AnswerValue, E> {
                if v.fract() == 0.0 && v.abs() < 9.0e15 {
                    Ok(AnswerValue::Rating(v as i64))
                } else {
                    Err(E::custom("expected a whole number"))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AnswerValue, E> {
                Ok(AnswerValue::Text(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnswerValue, A::Error> {
                let mut value = AnswerValue::Labels(Vec::new());
                while let Some(element) = seq.next_element::<Element>()? {
                    match (&mut value, element) {
                        (AnswerValue::Labels(labels), Element::Label(label)) => labels.push(label),
                        (AnswerValue::Labels(labels), Element::Rank(rank)) if labels.is_empty() => {
                            value = AnswerValue::Ranking(vec![rank])
                        }
                        (AnswerValue::Labels(labels), Element::Span(span)) if labels.is_empty() => {
                            value = AnswerValue::Spans(vec![span])
                        }
                        (AnswerValue::Ranking(ranks), Element::Rank(rank)) => ranks.push(rank),
                        (AnswerValue::Spans(spans), Element::Span(span)) => spans.push(span),
                        _ => return Err(de::Error::custom("a list mixes labels, ranks and spans")),
                    }
                }
                // A ranking without ranks (as the SDK stores suggestions) is ranked by its order.
                if let AnswerValue::Ranking(ranks) = &mut value {
                    if ranks.iter().all(|r| r.rank.is_none()) {
                        for (position, rank) in ranks.iter_mut().enumerate() {
                            rank.rank = Some(position as u32 + 1);
                        }
                    }
                }
                Ok(value)
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

impl Serialize for AnswerValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            AnswerValue::Rating(v) => serializer.serialize_i64(*v),
            AnswerValue::Text(s) => serializer.serialize_str(s),
            AnswerValue::Labels(labels) => labels.serialize(serializer),
            AnswerValue::Ranking(ranks) => ranks.serialize(serializer),
            AnswerValue::Spans(spans) => spans.serialize(serializer),
        }
    }
}

impl Serialize for FieldValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Text(text) => serializer.serialize_str(text),
            FieldValue::Chat(messages) => messages.serialize(serializer),
            FieldValue::Other => serializer.serialize_unit(),
        }
    }
}

impl FieldValue {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(text) => Some(text),
            _ => None,
        }
    }
}

impl From<&str> for FieldValue {
    fn from(text: &str) -> Self {
        FieldValue::Text(text.to_owned())
    }
}

impl AnswerValue {
    pub fn as_rating(&self) -> Option<i64> {
        match self {
            AnswerValue::Rating(v) => Some(*v),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            AnswerValue::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_labels(&self) -> Option<&[String]> {
        match self {
            AnswerValue::Labels(labels) => Some(labels),
            _ => None,
        }
    }

    pub fn as_ranking(&self) -> Option<&[Rank]> {
        match self {
            AnswerValue::Ranking(ranks) => Some(ranks),
            // An empty list reads as labels; it is an empty ranking just as well.
            AnswerValue::Labels(labels) if labels.is_empty() => Some(&[]),
            _ => None,
        }
    }

    pub fn as_spans(&self) -> Option<&[Span]> {
        match self {
            AnswerValue::Spans(spans) => Some(spans),
            AnswerValue::Labels(labels) if labels.is_empty() => Some(&[]),
            _ => None,
        }
    }

    /// No answer at all: a blank text or an empty list.
    pub fn is_blank(&self) -> bool {
        match self {
            AnswerValue::Rating(_) => false,
            AnswerValue::Text(s) => s.trim().is_empty(),
            AnswerValue::Labels(v) => v.is_empty(),
            AnswerValue::Ranking(v) => v.is_empty(),
            AnswerValue::Spans(v) => v.is_empty(),
        }
    }
}
