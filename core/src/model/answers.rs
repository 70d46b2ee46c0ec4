use super::{AnswerValue, Question, QuestionKind, Record, Response, ResponseStatus, Task};
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
    /// A required multi-label question with nothing picked.
    PickAtLeastOne,
    /// A ranking must give every option a rank from 1 to the number of options.
    RankEveryOption,
    /// A required span question with no span.
    MarkASpan,
    /// Two spans cover the same characters and the question does not allow it.
    SpansOverlap,
    /// A span that is empty or runs past the end of its text.
    SpanOutsideText,
}

impl AnswerError {
    /// What to tell the contributor, in their language.
    pub fn message(&self, i18n: &I18n) -> String {
        match &self.problem {
            AnswerProblem::PickARating => i18n.text(Msg::PickARating),
            AnswerProblem::WriteAnAnswer => i18n.text(Msg::WriteAnAnswer),
            AnswerProblem::PickAnOption => i18n.text(Msg::PickAnOption),
            AnswerProblem::NotAnOption(v) => i18n.fill(Msg::NotAnOption, &[v]),
            AnswerProblem::PickAtLeastOne => i18n.text(Msg::PickAtLeastOne),
            AnswerProblem::RankEveryOption => i18n.text(Msg::RankEveryOption),
            AnswerProblem::MarkASpan => i18n.text(Msg::MarkASpan),
            AnswerProblem::SpansOverlap => i18n.text(Msg::SpansOverlap),
            AnswerProblem::SpanOutsideText => i18n.text(Msg::SpanOutsideText),
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
        let values = super::map_of(task.questions.iter().filter_map(|q| {
            let suggestion = record.suggestion_for(&q.name)?;
            fits(&q.kind, &suggestion.value).then(|| (q.name.clone(), suggestion.value.clone()))
        }));
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

    /// Every required question answered, and every answer one the server accepts.
    pub fn validate_for_submit(&self, task: &Task, record: &Record) -> Result<(), Vec<AnswerError>> {
        let errors: Vec<AnswerError> = task
            .questions
            .iter()
            .filter_map(|question| {
                let value = self.values.get(&question.name).filter(|v| !v.is_blank());
                let problem = match value {
                    Some(value) => problem_with(question, value, record),
                    None if question.required => Some(missing(&question.kind)),
                    None => None,
                }?;
                Some(AnswerError { question: question.name.clone(), problem })
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The response to send. Blank texts are left out: a blank answer is no answer.
    pub fn to_response(&self, record_id: &str, user: &str, status: ResponseStatus, now_ms: f64) -> Response {
        let values =
            super::map_of(self.values.iter().filter(|(_, v)| !v.is_blank()).map(|(k, v)| (k.clone(), v.clone())));
        Response { record_id: record_id.to_owned(), user: user.to_owned(), status, values, updated_at_ms: now_ms }
    }
}

/// Whether a suggested value has the shape its question's answers take.
fn fits(kind: &QuestionKind, value: &AnswerValue) -> bool {
    match kind {
        QuestionKind::Rating { .. } => value.as_rating().is_some(),
        QuestionKind::Text { .. } | QuestionKind::Label { .. } => value.as_text().is_some(),
        QuestionKind::MultiLabel { .. } => value.as_labels().is_some(),
        QuestionKind::Ranking { .. } => value.as_ranking().is_some(),
        QuestionKind::Span { .. } => value.as_spans().is_some(),
    }
}

fn missing(kind: &QuestionKind) -> AnswerProblem {
    match kind {
        QuestionKind::Rating { .. } => AnswerProblem::PickARating,
        QuestionKind::Text { .. } => AnswerProblem::WriteAnAnswer,
        QuestionKind::Label { .. } => AnswerProblem::PickAnOption,
        QuestionKind::MultiLabel { .. } => AnswerProblem::PickAtLeastOne,
        QuestionKind::Ranking { .. } => AnswerProblem::RankEveryOption,
        QuestionKind::Span { .. } => AnswerProblem::MarkASpan,
    }
}

/// What the server would refuse about a (non-blank) answer, checked as Argilla checks it.
pub(crate) fn problem_with(question: &Question, value: &AnswerValue, record: &Record) -> Option<AnswerProblem> {
    let not_an_option = |v: &str| {
        (!question.kind.label_options().iter().any(|o| o.value == v)).then(|| AnswerProblem::NotAnOption(v.to_owned()))
    };
    match (&question.kind, value) {
        (QuestionKind::Rating { options }, AnswerValue::Rating(v)) => {
            (!options.iter().any(|o| o.value == *v)).then(|| AnswerProblem::NotAnOption(v.to_string()))
        }
        (QuestionKind::Label { .. }, AnswerValue::Text(v)) => not_an_option(v),
        (QuestionKind::Text { .. }, AnswerValue::Text(_)) => None,
        (QuestionKind::MultiLabel { .. }, AnswerValue::Labels(labels)) => {
            labels.iter().find_map(|l| not_an_option(l)).or_else(|| {
                let repeated = labels.iter().enumerate().any(|(i, l)| labels[..i].contains(l));
                repeated.then_some(AnswerProblem::PickAtLeastOne)
            })
        }
        (QuestionKind::Ranking { options }, AnswerValue::Ranking(ranks)) => {
            if let Some(problem) = ranks.iter().find_map(|r| not_an_option(&r.value)) {
                return Some(problem);
            }
            let every = options.iter().all(|o| ranks.iter().filter(|r| r.value == o.value).count() == 1);
            let in_range = ranks.iter().all(|r| r.rank.is_some_and(|n| n >= 1 && n as usize <= options.len()));
            (!(every && in_range && ranks.len() == options.len())).then_some(AnswerProblem::RankEveryOption)
        }
        (QuestionKind::Span { field, allow_overlapping, .. }, AnswerValue::Spans(spans)) => {
            if let Some(problem) = spans.iter().find_map(|s| not_an_option(&s.label)) {
                return Some(problem);
            }
            let length = record.text(field).chars().count();
            if spans.iter().any(|s| s.start >= s.end || s.end > length) {
                return Some(AnswerProblem::SpanOutsideText);
            }
            let overlap = spans
                .iter()
                .enumerate()
                .any(|(i, a)| spans.iter().skip(i + 1).any(|b| a.start < b.end && b.start < a.end));
            (overlap && !allow_overlapping).then_some(AnswerProblem::SpansOverlap)
        }
        _ => Some(missing(&question.kind)),
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
    use crate::model::{Field, LabelOption, Question, Rank, RatingOption, Span, Suggestion};

    fn task() -> Task {
        Task {
            id: "t".into(),
            title: "T".into(),
            summary: String::new(),
            guidelines: String::new(),
            language: None,
            fields: vec![Field {
                name: "prompt".into(),
                title: "Prompt".into(),
                use_markdown: true,
                kind: Default::default(),
            }],
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
            fields: [("prompt".to_owned(), "Ada Lovelace lived in London.".into())].into(),
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
        let errors = Answers::default().validate_for_submit(&task(), &record()).unwrap_err();
        assert_eq!(errors, vec![AnswerError { question: "quality".into(), problem: AnswerProblem::PickARating }]);
        assert_eq!(errors[0].message(&I18n::english()), "Pick a rating.");
    }

    #[test]
    fn a_rating_outside_the_scale_is_refused() {
        let mut answers = Answers::default();
        answers.set("quality", AnswerValue::Rating(7));
        let errors = answers.validate_for_submit(&task(), &record()).unwrap_err();
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
        let errors = Answers::default().validate_for_submit(&t, &record()).unwrap_err();
        assert_eq!(errors[0].problem, AnswerProblem::PickAnOption);
        assert_eq!(errors[0].message(&I18n::english()), "Pick an option.");
        let mut answers = Answers::default();
        answers.set("verdict", AnswerValue::Text("meh".into()));
        assert_eq!(
            answers.validate_for_submit(&t, &record()).unwrap_err()[0].problem,
            AnswerProblem::NotAnOption("meh".into())
        );
        answers.set("verdict", AnswerValue::Text("bad".into()));
        assert!(answers.validate_for_submit(&t, &record()).is_ok());
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
        assert!(answers.validate_for_submit(&task(), &record()).is_ok());
    }

    #[test]
    fn a_required_text_of_only_spaces_is_not_an_answer() {
        let mut t = task();
        t.questions[1].required = true;
        let mut answers = Answers::default();
        answers.set("quality", AnswerValue::Rating(4));
        answers.set("note", AnswerValue::Text("   ".into()));
        assert_eq!(answers.validate_for_submit(&t, &record()).unwrap_err()[0].question, "note");
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

    fn labels(values: &[&str]) -> Vec<LabelOption> {
        values.iter().map(|v| LabelOption { value: (*v).into(), text: None, description: None }).collect()
    }

    fn with_question(kind: QuestionKind, required: bool) -> Task {
        let mut t = task();
        t.questions = vec![Question { name: "q".into(), title: "Q".into(), description: None, required, kind }];
        t
    }

    fn problem(t: &Task, value: Option<AnswerValue>) -> Option<AnswerProblem> {
        let mut answers = Answers::default();
        if let Some(value) = value {
            answers.set("q", value);
        }
        answers.validate_for_submit(t, &record()).err().map(|e| e[0].problem.clone())
    }

    #[test]
    fn multi_label_answers_are_checked_as_the_server_checks_them() {
        let t =
            with_question(QuestionKind::MultiLabel { options: labels(&["a", "b", "c"]), visible_options: None }, true);
        let picked = |v: &[&str]| Some(AnswerValue::Labels(v.iter().map(|s| (*s).to_owned()).collect()));
        assert_eq!(problem(&t, None), Some(AnswerProblem::PickAtLeastOne));
        assert_eq!(problem(&t, picked(&[])), Some(AnswerProblem::PickAtLeastOne), "an empty list is no answer");
        assert_eq!(problem(&t, picked(&["a", "z"])), Some(AnswerProblem::NotAnOption("z".into())));
        assert_eq!(problem(&t, picked(&["a", "a"])), Some(AnswerProblem::PickAtLeastOne));
        assert_eq!(problem(&t, picked(&["c", "a"])), None);
    }

    #[test]
    fn a_ranking_ranks_every_option_once_within_range_ties_allowed() {
        let t = with_question(QuestionKind::Ranking { options: labels(&["a", "b", "c"]) }, true);
        let ranked = |v: &[(&str, u32)]| {
            Some(AnswerValue::Ranking(
                v.iter().map(|(value, rank)| Rank { value: (*value).into(), rank: Some(*rank) }).collect(),
            ))
        };
        assert_eq!(problem(&t, None), Some(AnswerProblem::RankEveryOption));
        assert_eq!(problem(&t, ranked(&[("a", 1), ("b", 2)])), Some(AnswerProblem::RankEveryOption));
        assert_eq!(problem(&t, ranked(&[("a", 1), ("b", 2), ("c", 4)])), Some(AnswerProblem::RankEveryOption));
        assert_eq!(problem(&t, ranked(&[("a", 1), ("b", 2), ("b", 3)])), Some(AnswerProblem::RankEveryOption));
        assert_eq!(problem(&t, ranked(&[("a", 1), ("b", 1), ("c", 2)])), None);
        assert_eq!(problem(&t, ranked(&[("c", 1), ("a", 2), ("b", 3)])), None);
    }

    #[test]
    fn spans_stay_inside_their_text_and_do_not_overlap_unless_allowed() {
        let kind = |allow_overlapping| QuestionKind::Span {
            field: "prompt".into(),
            options: labels(&["PER", "LOC"]),
            allow_overlapping,
        };
        let t = with_question(kind(false), true);
        let spans = |v: &[(&str, usize, usize)]| {
            Some(AnswerValue::Spans(
                v.iter().map(|(l, s, e)| Span { label: (*l).into(), start: *s, end: *e }).collect(),
            ))
        };
        // "Ada Lovelace lived in London." has 29 characters.
        assert_eq!(problem(&t, None), Some(AnswerProblem::MarkASpan));
        assert_eq!(problem(&t, spans(&[("PER", 0, 12), ("LOC", 22, 28)])), None);
        assert_eq!(problem(&t, spans(&[("ORG", 0, 3)])), Some(AnswerProblem::NotAnOption("ORG".into())));
        assert_eq!(problem(&t, spans(&[("LOC", 22, 30)])), Some(AnswerProblem::SpanOutsideText));
        assert_eq!(problem(&t, spans(&[("LOC", 5, 5)])), Some(AnswerProblem::SpanOutsideText));
        assert_eq!(problem(&t, spans(&[("PER", 0, 12), ("LOC", 4, 20)])), Some(AnswerProblem::SpansOverlap));
        assert_eq!(problem(&with_question(kind(true), true), spans(&[("PER", 0, 12), ("LOC", 4, 20)])), None);
        assert_eq!(problem(&with_question(kind(false), false), None), None, "an optional span question may stay empty");
    }

    #[test]
    fn a_value_of_the_wrong_shape_is_not_an_answer() {
        let t = with_question(QuestionKind::Ranking { options: labels(&["a", "b"]) }, false);
        assert_eq!(problem(&t, Some(AnswerValue::Text("a".into()))), Some(AnswerProblem::RankEveryOption));
    }

    #[test]
    fn empty_lists_are_left_out_of_the_response() {
        let mut answers = Answers::default();
        answers.set("topics", AnswerValue::Labels(vec![]));
        answers.set("quality", AnswerValue::Rating(3));
        assert_eq!(answers.to_response("r1", "ana", ResponseStatus::Draft, 0.0).values.len(), 1);
    }
}
