use super::{AnswerValue, QuestionKind, Record, Response, ResponseStatus, Task};
use crate::i18n::{I18n, Msg};
use std::collections::BTreeMap;

/// The values in the annotation form for one record, before they become a [`Response`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answers {
    values: BTreeMap<String, AnswerValue>,
}

/// Why a form cannot be submitted, per question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerError {
    pub question: String,
    pub problem: AnswerProblem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerProblem {
    PickARating,
    WriteAnAnswer,
    PickAnOption,
    NotAnOption(String),
}

impl AnswerError {
    /// What to tell the contributor, in their language.
    pub fn message(&self, i18n: &I18n) -> String {
        match &self.problem {
            AnswerProblem::PickARating => i18n.text(Msg::PickARating),
            AnswerProblem::WriteAnAnswer => i18n.text(Msg::WriteAnAnswer),
            AnswerProblem::PickAnOption => i18n.text(Msg::PickAnOption),
            AnswerProblem::NotAnOption(v) => i18n.fill(Msg::NotAnOption, &[v]),
        }
    }
}

impl Answers {
    /// What the form shows first: the contributor's own earlier response if there is one, otherwise the
    /// record's suggestions (a machine translation to edit, say).
    pub fn initial(task: &Task, record: &Record) -> Self {
        if let Some(mine) = &record.mine {
            return Answers { values: mine.values.clone() };
        }
        let values = task
            .questions
            .iter()
            .filter_map(|q| {
                let suggestion = record.suggestion_for(&q.name)?;
                let fits = matches!(
                    (&q.kind, &suggestion.value),
                    (QuestionKind::Rating { .. }, AnswerValue::Rating(_))
                        | (QuestionKind::Text { .. } | QuestionKind::Label { .. }, AnswerValue::Text(_))
                );
                fits.then(|| (q.name.clone(), suggestion.value.clone()))
            })
            .collect();
        Answers { values }
    }

    pub fn from_values(values: BTreeMap<String, AnswerValue>) -> Self {
        Answers { values }
    }

    pub fn get(&self, question: &str) -> Option<&AnswerValue> {
        self.values.get(question)
    }

    pub fn rating(&self, question: &str) -> Option<i64> {
        self.get(question).and_then(AnswerValue::as_rating)
    }

    pub fn text(&self, question: &str) -> Option<&str> {
        self.get(question).and_then(AnswerValue::as_text)
    }

    pub fn set(&mut self, question: &str, value: AnswerValue) {
        self.values.insert(question.to_owned(), value);
    }

    pub fn clear(&mut self, question: &str) {
        self.values.remove(question);
    }

    pub fn values(&self) -> &BTreeMap<String, AnswerValue> {
        &self.values
    }

    /// Every required question answered, every rating one of the options.
    pub fn validate_for_submit(&self, task: &Task) -> Result<(), Vec<AnswerError>> {
        let mut errors = Vec::new();
        for question in &task.questions {
            let problem = match (&question.kind, self.values.get(&question.name)) {
                (QuestionKind::Rating { options }, Some(AnswerValue::Rating(v))) => {
                    (!options.iter().any(|o| o.value == *v)).then(|| AnswerProblem::NotAnOption(v.to_string()))
                }
                (QuestionKind::Label { options }, Some(AnswerValue::Text(v))) => {
                    (!options.iter().any(|o| o.value == *v)).then(|| AnswerProblem::NotAnOption(v.clone()))
                }
                (QuestionKind::Text { .. }, Some(AnswerValue::Text(s))) if !s.trim().is_empty() => None,
                (_, Some(_)) if !question.required => None,
                (QuestionKind::Rating { .. }, _) if question.required => Some(AnswerProblem::PickARating),
                (QuestionKind::Text { .. }, _) if question.required => Some(AnswerProblem::WriteAnAnswer),
                (QuestionKind::Label { .. }, _) if question.required => Some(AnswerProblem::PickAnOption),
                _ => None,
            };
            if let Some(problem) = problem {
                errors.push(AnswerError { question: question.name.clone(), problem });
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The response to send. Blank texts are left out: a blank answer is no answer.
    pub fn to_response(&self, record_id: &str, user: &str, status: ResponseStatus, now_ms: f64) -> Response {
        let values = self
            .values
            .iter()
            .filter(|(_, v)| !matches!(v, AnswerValue::Text(s) if s.trim().is_empty()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Response { record_id: record_id.to_owned(), user: user.to_owned(), status, values, updated_at_ms: now_ms }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_values_are_bare_json_numbers_and_strings() {
        let values: BTreeMap<String, AnswerValue> = serde_json::from_str(r#"{"a": 4, "b": "hola", "c": 5.0}"#).unwrap();
        assert_eq!(values["a"], AnswerValue::Rating(4));
        assert_eq!(values["b"], AnswerValue::Text("hola".into()));
        assert_eq!(values["c"], AnswerValue::Rating(5), "JavaScript writes whole numbers as floats");
        assert!(serde_json::from_str::<AnswerValue>("4.5").is_err());
        assert!(serde_json::from_str::<AnswerValue>("true").is_err());
        assert_eq!(serde_json::to_string(&values).unwrap(), r#"{"a":4,"b":"hola","c":5}"#);
    }
    use crate::model::{Field, LabelOption, Question, RatingOption, Suggestion};

    fn task() -> Task {
        Task {
            id: "t".into(),
            title: "T".into(),
            summary: String::new(),
            guidelines: String::new(),
            language: None,
            fields: vec![Field { name: "prompt".into(), title: "Prompt".into(), use_markdown: true }],
            questions: vec![
                Question {
                    name: "quality".into(),
                    title: "Quality".into(),
                    description: None,
                    required: true,
                    kind: QuestionKind::Rating {
                        options: (1..=5).map(|value| RatingOption { value, label: None, description: None }).collect(),
                    },
                },
                Question {
                    name: "note".into(),
                    title: "Note".into(),
                    description: None,
                    required: false,
                    kind: QuestionKind::Text { use_markdown: false },
                },
            ],
            min_submitted: 1,
        }
    }

    fn record() -> Record {
        Record {
            id: "r1".into(),
            fields: [("prompt".to_owned(), "Hi".to_owned())].into(),
            suggestions: vec![
                Suggestion {
                    question: "note".into(),
                    value: AnswerValue::Text("from a model".into()),
                    agent: None,
                    score: None,
                },
                Suggestion {
                    question: "quality".into(),
                    value: AnswerValue::Text("wrong type".into()),
                    agent: None,
                    score: None,
                },
            ],
            mine: None,
        }
    }

    #[test]
    fn a_new_record_starts_from_its_suggestions_of_the_right_type() {
        let answers = Answers::initial(&task(), &record());
        assert_eq!(answers.text("note"), Some("from a model"));
        assert_eq!(answers.rating("quality"), None);
    }

    #[test]
    fn my_own_draft_wins_over_the_suggestions() {
        let mut r = record();
        r.mine = Some(Response {
            record_id: "r1".into(),
            user: "me".into(),
            status: ResponseStatus::Draft,
            values: [("note".to_owned(), AnswerValue::Text("mine".into()))].into(),
            updated_at_ms: 0.0,
        });
        assert_eq!(Answers::initial(&task(), &r).text("note"), Some("mine"));
    }

    #[test]
    fn submitting_without_the_required_rating_names_the_question() {
        let errors = Answers::default().validate_for_submit(&task()).unwrap_err();
        assert_eq!(errors, vec![AnswerError { question: "quality".into(), problem: AnswerProblem::PickARating }]);
        assert_eq!(errors[0].message(&I18n::english()), "Pick a rating.");
    }

    #[test]
    fn a_rating_outside_the_scale_is_refused() {
        let mut answers = Answers::default();
        answers.set("quality", AnswerValue::Rating(7));
        let errors = answers.validate_for_submit(&task()).unwrap_err();
        assert_eq!(errors[0].message(&I18n::english()), "7 is not one of the options.");
    }

    fn label_task() -> Task {
        let mut t = task();
        t.questions[0] = Question {
            name: "verdict".into(),
            title: "Do you like it?".into(),
            description: None,
            required: true,
            kind: QuestionKind::Label {
                options: vec![
                    LabelOption { value: "good".into(), text: Some("👍 Good".into()), description: None },
                    LabelOption { value: "bad".into(), text: None, description: None },
                ],
            },
        };
        t
    }

    #[test]
    fn a_label_must_be_picked_and_be_one_of_the_options() {
        let t = label_task();
        let errors = Answers::default().validate_for_submit(&t).unwrap_err();
        assert_eq!(errors[0].problem, AnswerProblem::PickAnOption);
        assert_eq!(errors[0].message(&I18n::english()), "Pick an option.");
        let mut answers = Answers::default();
        answers.set("verdict", AnswerValue::Text("meh".into()));
        assert_eq!(answers.validate_for_submit(&t).unwrap_err()[0].problem, AnswerProblem::NotAnOption("meh".into()));
        answers.set("verdict", AnswerValue::Text("bad".into()));
        assert!(answers.validate_for_submit(&t).is_ok());
    }

    #[test]
    fn a_label_suggestion_pre_selects_the_option_and_options_show_their_text() {
        let mut r = record();
        r.suggestions = vec![Suggestion {
            question: "verdict".into(),
            value: AnswerValue::Text("good".into()),
            agent: None,
            score: None,
        }];
        assert_eq!(Answers::initial(&label_task(), &r).text("verdict"), Some("good"));
        let QuestionKind::Label { options } = &label_task().questions[0].kind else { panic!("a label question") };
        assert_eq!((options[0].shown(), options[1].shown()), ("👍 Good", "bad"));
    }

    #[test]
    fn an_optional_question_may_stay_empty() {
        let mut answers = Answers::default();
        answers.set("quality", AnswerValue::Rating(4));
        assert!(answers.validate_for_submit(&task()).is_ok());
    }

    #[test]
    fn a_required_text_of_only_spaces_is_not_an_answer() {
        let mut t = task();
        t.questions[1].required = true;
        let mut answers = Answers::default();
        answers.set("quality", AnswerValue::Rating(4));
        answers.set("note", AnswerValue::Text("   ".into()));
        assert_eq!(answers.validate_for_submit(&t).unwrap_err()[0].question, "note");
    }

    #[test]
    fn blank_texts_are_left_out_of_the_response() {
        let mut answers = Answers::default();
        answers.set("quality", AnswerValue::Rating(2));
        answers.set("note", AnswerValue::Text(" ".into()));
        let response = answers.to_response("r1", "ana", ResponseStatus::Submitted, 5.0);
        assert_eq!(response.values.len(), 1);
        assert_eq!(response.values["quality"], AnswerValue::Rating(2));
        assert_eq!(response.user, "ana");
    }
}
