//! Small views. Each takes plain values and signals as props; none reaches for the backend.

pub mod choice_fieldset;
pub mod field;
pub mod label;
pub mod markdown;
pub mod progress_bar;
pub mod rating;
pub mod record_form;
pub mod shortcuts;
pub mod status;
pub mod text_answer;

pub use choice_fieldset::ChoiceFieldset;
pub use field::FieldView;
pub use label::LabelQuestion;
pub use markdown::Markdown;
pub use progress_bar::ProgressBar;
pub use rating::RatingQuestion;
pub use record_form::{FormAction, RecordForm};
pub use shortcuts::use_annotation_shortcuts;
pub use status::DeliveryStatus;
pub use text_answer::TextAnswer;
