//! Small views. Each takes plain values and signals as props; none reaches for the backend.

pub mod choice_fieldset;
pub mod embed;
pub mod field;
pub mod label;
pub mod markdown;
pub mod multi_label;
pub mod progress_bar;
pub mod ranking;
pub mod rating;
pub mod record_form;
pub mod shortcuts;
pub mod span;
pub mod status;
pub mod text_answer;
pub mod update_offer;

pub use choice_fieldset::ChoiceFieldset;
pub use embed::EmbedPanel;
pub use field::FieldView;
pub use label::LabelQuestion;
pub use markdown::Markdown;
pub use multi_label::MultiLabelQuestion;
pub use progress_bar::{my_counts, ProgressBar};
pub use ranking::RankingQuestion;
pub use rating::RatingQuestion;
pub use record_form::{FormAction, RecordForm};
pub use shortcuts::use_annotation_shortcuts;
pub use span::SpanQuestion;
pub use status::DeliveryStatus;
pub use text_answer::TextAnswer;
pub use update_offer::UpdateOffer;

use crate::i18n::{Msg, Texts};
use together_core::model::Suggestion;

/// Who suggested a pre-filled answer, with the score when there is one: "Suggested: “Yes” by classifier (score
/// 0.8)." `shown` is the suggested answer as the contributor reads it.
pub fn suggestion_note(locale: Texts, suggestion: &Suggestion, shown: Option<String>) -> String {
    let agent = suggestion.agent.clone().unwrap_or_else(|| locale.text(Msg::AModel));
    let score = suggestion.score.map(together_core::numbers::score_text);
    match (shown, score) {
        (Some(shown), Some(score)) => locale.fill(Msg::SuggestedLabelScore, &[&shown, &agent, &score]),
        (Some(shown), None) => locale.fill(Msg::SuggestedLabel, &[&shown, &agent]),
        (None, Some(score)) => locale.fill(Msg::SuggestedByScore, &[&agent, &score]),
        (None, None) => locale.fill(Msg::SuggestedBy, &[&agent]),
    }
}
