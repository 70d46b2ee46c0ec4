use leptos::prelude::*;
use together_core::model::Question;

/// The frame of a choice question: a fieldset named by the question's title (with its required mark),
/// described by its description and any suggestion note, with the options inside and the error below.
#[component]
pub fn ChoiceFieldset(
    question: Question,
    /// `rating` or `label`: the kind of options inside, for styling.
    kind: &'static str,
    /// The id the options' group is described by.
    description_id: String,
    /// Who suggested the pre-selected option, if anyone.
    #[prop(default = None)]
    note: Option<String>,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let described_by = description_id.clone();
    view! {
        <fieldset
            class=format!("question {kind}")
            aria-describedby=described_by
            aria-invalid=move || error.get().is_some().to_string()
        >
            // Each piece of a dataset's text is isolated (`<bdi>`): a direction control in it cannot reorder the
            // required mark or the suggestion note beside it.
            <legend class="question-title" dir="auto">
                <bdi>{question.title.clone()}</bdi>
                {question.required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </legend>
            <p class="question-description" id=description_id dir="auto">
                <bdi>{question.description.clone().unwrap_or_default()}</bdi>
                {note.map(|n| view! { <span class="suggestion-note">" " {n}</span> })}
            </p>
            {children()}
            <p class="question-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}
