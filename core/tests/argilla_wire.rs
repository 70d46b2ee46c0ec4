//! Every Argilla DTO against bodies captured from a real argilla-server 2.8
//! (`tests/support/argilla/capture.py`, run against the SDK-seeded test data).

use serde::de::DeserializeOwned;
use together_core::wire::argilla::*;

/// A captured exchange: `{"status": 200, "body": …}`.
fn captured<T: DeserializeOwned>(name: &str, expected_status: u16) -> T {
    let path = format!("{}/tests/fixtures/argilla/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut exchange: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(exchange["status"], expected_status, "{name}");
    serde_json::from_value(exchange["body"].take()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn a_password_sign_in_returns_a_bearer_token() {
    let token: Token = captured("token", 201);
    assert_eq!(token.token_type, "bearer");
    assert_eq!(token.access_token.split('.').count(), 3, "a JWT");
}

#[test]
fn me_carries_the_role_and_a_permanent_api_key() {
    let me: Me = captured("me", 200);
    assert_eq!((me.username.as_str(), me.role), ("ann1", Role::Annotator));
    assert!(me.api_key.is_some_and(|k| !k.is_empty()));
}

#[test]
fn bad_credentials_say_so() {
    for name in ["me-unauthorized", "token-refused"] {
        let error: ErrorBody = captured(name, 401);
        assert_eq!(error.message(), "Could not validate credentials");
        assert!(
            matches!(error.detail, ErrorDetail::Coded { ref code, .. } if code == "argilla.api.errors::UnauthorizedError")
        );
    }
}

#[test]
fn datasets_and_workspaces_list() {
    let workspaces: Items<Workspace> = captured("me-workspaces", 200);
    assert_eq!(workspaces.items[0].name, "together");
    let datasets: Items<Dataset> = captured("me-datasets", 200);
    let all = datasets.items.iter().find(|d| d.name == "all-questions").unwrap();
    assert_eq!(all.status, DatasetStatus::Ready);
    assert_eq!(all.distribution, Distribution { strategy: "overlap".into(), min_submitted: 2 });
    assert_eq!(all.workspace_id, workspaces.items[0].id);
    let one: Dataset = captured("dataset", 200);
    assert!(one.guidelines.unwrap().starts_with("# Guidelines"));
}

#[test]
fn every_field_type_is_read() {
    let fields: Items<Field> = captured("fields", 200);
    let settings: Vec<_> = fields.items.iter().map(|f| (f.name.as_str(), f.settings.clone(), f.required)).collect();
    assert_eq!(
        settings,
        [
            ("prompt", FieldSettings::Text { use_markdown: true }, true),
            ("image", FieldSettings::Image {}, false),
            ("chat", FieldSettings::Chat { use_markdown: true }, false),
        ]
    );
}

#[test]
fn every_question_type_is_read_with_its_settings() {
    let questions: Items<Question> = captured("questions", 200);
    let by_name = |name: &str| questions.items.iter().find(|q| q.name == name).unwrap().settings.clone();
    let QuestionSettings::Rating { options } = by_name("quality") else { panic!("rating") };
    assert_eq!(options.iter().map(|o| o.value).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
    let QuestionSettings::LabelSelection { options, .. } = by_name("verdict") else { panic!("label") };
    assert_eq!((options[0].value.as_str(), options[0].text.as_deref()), ("yes", Some("Yes")));
    let QuestionSettings::MultiLabelSelection { options, visible_options, .. } = by_name("topics") else {
        panic!("multi")
    };
    assert_eq!((options.len(), visible_options), (4, Some(3)));
    let QuestionSettings::Ranking { options } = by_name("ranking") else { panic!("ranking") };
    assert_eq!(options[2].text.as_deref(), Some("Answer C"));
    assert_eq!(by_name("improved"), QuestionSettings::Text { use_markdown: true });
    let QuestionSettings::Span { field, options, allow_overlapping, .. } = by_name("entities") else { panic!("span") };
    assert_eq!((field.as_str(), options.len(), allow_overlapping), ("prompt", 2, false));
    assert!(!questions.items.iter().find(|q| q.name == "improved").unwrap().required);
}

#[test]
fn a_pending_page_has_records_with_every_field_and_suggestion_shape() {
    let page: SearchPage = captured("search-pending", 200);
    assert_eq!((page.items.len(), page.total), (2, 5));
    let record = &page.items[0].record;
    assert_eq!(record.status, RecordStatus::Pending);
    assert!(record.responses.is_empty(), "nothing answered yet");
    assert!(matches!(&record.fields["prompt"], FieldValue::Text(t) if t.starts_with("Ada Lovelace")));
    assert!(matches!(&record.fields["image"], FieldValue::Text(t) if t.starts_with("https://")));
    let FieldValue::Chat(chat) = &record.fields["chat"] else { panic!("chat") };
    assert_eq!(chat.iter().map(|m| m.role.as_str()).collect::<Vec<_>>(), ["user", "assistant"]);
    let values: Vec<&AnswerValue> = record.suggestions.iter().map(|s| &s.value).collect();
    assert!(values.contains(&&AnswerValue::Rating(4)));
    assert!(values.contains(&&AnswerValue::Text("yes".into())));
    assert!(values.contains(&&AnswerValue::Labels(vec!["science".into()])));
    assert!(values.iter().any(|v| matches!(v, AnswerValue::Ranking(r) if r.len() == 3 && r[0].value == "b")));
    assert!(values
        .iter()
        .any(|v| matches!(v, AnswerValue::Spans(s) if s[0] == Span { label: "PER".into(), start: 0, end: 12 })));
    let scores: Vec<Option<f64>> = record.suggestions.iter().map(|s| s.score.as_ref().and_then(Score::best)).collect();
    assert!(scores.contains(&Some(0.9)) && scores.contains(&Some(0.6)) && scores.contains(&None));
}

#[test]
fn responses_round_trip_in_every_value_shape() {
    let response: Response = captured("response-updated", 200);
    assert_eq!(response.status, ResponseStatus::Submitted);
    let values = response.values.unwrap();
    let body = ResponseBody { status: ResponseStatus::Submitted, values: values.clone() };
    let sent = serde_json::to_value(&body).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({"status": "submitted", "values": {
            "quality": {"value": 4},
            "verdict": {"value": "no"},
            "topics": {"value": ["math", "code"]},
            "ranking": {"value": [{"value": "c", "rank": 1}, {"value": "a", "rank": 2}, {"value": "b", "rank": 3}]},
            "improved": {"value": "Explain it with marbles."},
            "entities": {"value": [{"label": "PER", "start": 0, "end": 12}]}
        }})
    );
    let created: Response = captured("response-created", 201);
    assert_eq!(created.status, ResponseStatus::Draft);
    let discarded: Response = captured("response-discarded", 201);
    assert_eq!((discarded.status, discarded.values), (ResponseStatus::Discarded, None));
}

#[test]
fn my_submitted_record_comes_back_with_my_response() {
    let page: SearchPage = captured("search-submitted", 200);
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].record.responses[0].status, ResponseStatus::Submitted);
}

#[test]
fn a_duplicate_create_and_an_invalid_value_explain_themselves() {
    let conflict: ErrorBody = captured("response-conflict", 409);
    assert!(conflict.message().starts_with("Response already exists for record"));
    let invalid: ErrorBody = captured("response-invalid", 422);
    assert_eq!(invalid.message(), "7 is not a valid rating for rating question.\nValid ratings are: [1, 2, 3, 4, 5]");
}

#[test]
fn malformed_request_errors_name_the_field() {
    let body = r#"{"detail":{"code":"argilla.api.errors::ValidationError","params":{"errors":[{"type":"enum","loc":["body","status"],"msg":"Input should be 'draft', 'submitted' or 'discarded'"}]}}}"#;
    let error: ErrorBody = serde_json::from_str(body).unwrap();
    assert_eq!(error.message(), "status: Input should be 'draft', 'submitted' or 'discarded'");
}

#[test]
fn progress_and_metrics_are_read() {
    let metrics: Metrics = captured("metrics", 200);
    assert_eq!(metrics.responses, ResponseCounts { total: 5, submitted: 1, discarded: 1, draft: 0, pending: 3 });
    let progress: Progress = captured("progress", 200);
    assert_eq!((progress.total, progress.completed, progress.pending), (5, 0, 5));
    assert_eq!(progress.users[0].username, "ann1");
    let users: UsersProgress = captured("users-progress", 200);
    assert_eq!(users.users[0].submitted(), 1);
}

#[test]
fn queue_searches_match_what_the_argilla_ui_sends() {
    let pending: serde_json::Value = serde_json::from_str(pending_search()).unwrap();
    assert_eq!(pending["filters"]["and"][0]["values"][0], "pending");
    assert_eq!(pending["filters"]["and"][1]["scope"]["entity"], "record");
    let review: serde_json::Value = serde_json::from_str(&review_search(ResponseStatus::Draft)).unwrap();
    assert_eq!(review["filters"]["and"].as_array().unwrap().len(), 1);
    assert_eq!(review["filters"]["and"][0]["values"][0], "draft");
}

#[test]
fn custom_fields_and_odd_lists_are_skipped_not_fatal() {
    let fields: std::collections::BTreeMap<String, FieldValue> =
        serde_json::from_str(r#"{"c": {"html": "<b>"}, "n": 3, "l": [1, 2], "e": [], "x": null}"#).unwrap();
    assert_eq!(fields["c"], FieldValue::Other);
    assert_eq!(fields["n"], FieldValue::Other);
    assert_eq!(fields["l"], FieldValue::Other);
    assert_eq!(fields["e"], FieldValue::Chat(vec![]));
    assert_eq!(fields["x"], FieldValue::Other);
    assert!(serde_json::from_str::<AnswerValue>(r#"["a", {"value": "b", "rank": 1}]"#).is_err());
}

fn all_questions_task() -> together_core::model::Task {
    let dataset: Dataset = captured("dataset", 200);
    let fields: Items<Field> = captured("fields", 200);
    let questions: Items<Question> = captured("questions", 200);
    to_task(&dataset, fields.items, questions.items)
}

#[test]
fn a_dataset_with_its_settings_becomes_a_task() {
    use together_core::model::{FieldKind, QuestionKind};
    let task = all_questions_task();
    assert_eq!((task.title.as_str(), task.min_submitted), ("all-questions", 2));
    let kinds: Vec<FieldKind> = task.fields.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [FieldKind::Text, FieldKind::Image, FieldKind::Chat]);
    assert!(task.fields[0].use_markdown);
    let kinds: Vec<&str> = task
        .questions
        .iter()
        .map(|q| match &q.kind {
            QuestionKind::Rating { .. } => "rating",
            QuestionKind::Label { .. } => "label",
            QuestionKind::MultiLabel { visible_options: Some(3), .. } => "multi(3)",
            QuestionKind::MultiLabel { .. } => "multi",
            QuestionKind::Ranking { .. } => "ranking",
            QuestionKind::Text { use_markdown: true } => "text(md)",
            QuestionKind::Text { .. } => "text",
            QuestionKind::Span { field, allow_overlapping: false, .. } if field == "prompt" => "span(prompt)",
            QuestionKind::Span { .. } => "span",
        })
        .collect();
    assert_eq!(kinds, ["rating", "label", "multi(3)", "ranking", "text(md)", "span(prompt)"]);
    assert_eq!(task.question("ranking").unwrap().kind.label_options()[0].shown(), "Answer A");
}

#[test]
fn a_searched_record_carries_named_suggestions_and_only_my_response() {
    let task = all_questions_task();
    let questions: Items<Question> = captured("questions", 200);
    let me: Me = captured("me", 200);
    let page: SearchPage = captured("search-pending", 200);
    let (record, response_id) = to_record(page.items[0].record.clone(), &questions.items, &me.id, &me.username);
    assert_eq!(response_id, None);
    assert!(record.mine.is_none());
    assert!(record.text("prompt").starts_with("Ada Lovelace"));
    let quality = record.suggestion_for("quality").unwrap();
    assert_eq!((quality.agent.as_deref(), quality.score), (Some("judge"), Some(0.9)));
    let initial = together_core::model::Answers::initial(&task, &record);
    assert_eq!(initial.rating("quality"), Some(4));
    assert!(initial.validate_for_submit(&task, &record).is_ok(), "the seeded suggestions are valid answers");

    let submitted: SearchPage = captured("search-submitted", 200);
    let (record, response_id) = to_record(submitted.items[0].record.clone(), &questions.items, &me.id, &me.username);
    let mine = record.mine.unwrap();
    assert_eq!(Some(&submitted.items[0].record.responses[0].id), response_id.as_ref());
    assert_eq!((mine.user.as_str(), mine.status), ("ann1", together_core::model::ResponseStatus::Submitted));

    let (record, response_id) = to_record(submitted.items[0].record.clone(), &questions.items, "someone-else", "ann1");
    assert!(record.mine.is_none() && response_id.is_none(), "another user's response is not mine");
}

#[test]
fn a_response_is_sent_in_the_server_shapes() {
    use together_core::model::{Response as Mine, ResponseStatus as Status};
    let response: Response = captured("response-updated", 200);
    let values = response.values.unwrap().into_iter().map(|(k, a)| (k, a.value)).collect();
    let mine = Mine { record_id: "r".into(), user: "ann1".into(), status: Status::Draft, values, updated_at_ms: 1.0 };
    let body = serde_json::to_value(response_body(&mine)).unwrap();
    assert_eq!(body["status"], "draft");
    assert_eq!(body["values"]["ranking"]["value"][0], serde_json::json!({"value": "c", "rank": 1}));
    assert_eq!(body["values"]["entities"]["value"][0]["end"], 12);
}

#[test]
fn progress_counts_toward_the_overlap_target() {
    let metrics: Metrics = captured("metrics", 200);
    let mine = metrics.my_progress();
    assert_eq!((mine.total, mine.submitted, mine.discarded, mine.done()), (5, 1, 1, 2));
    let progress: Progress = captured("progress", 200);
    let users: UsersProgress = captured("users-progress", 200);
    let team = task_progress(&progress, &users, 2);
    assert_eq!((team.records, team.target_responses, team.counted_responses, team.contributors), (5, 10, 1, 1));
    let done = Progress { total: 5, completed: 2, pending: 3, users: vec![] };
    let many = UsersProgress {
        users: vec![
            UserProgress {
                username: "a".into(),
                completed: StatusCounts { submitted: 2, discarded: 0, draft: 0 },
                pending: StatusCounts { submitted: 1, discarded: 1, draft: 1 },
            },
            UserProgress {
                username: "b".into(),
                completed: StatusCounts { submitted: 3, discarded: 0, draft: 0 },
                pending: StatusCounts::default(),
            },
        ],
    };
    let team = task_progress(&done, &many, 2);
    assert_eq!((team.counted_responses, team.submitted, team.drafts, team.discarded), (5, 6, 1, 1));
    assert_eq!(team.contributors, 2);
}

#[test]
fn a_token_says_when_it_expires() {
    let token: Token = captured("token", 201);
    let expiry = token_expiry(&token.access_token).unwrap();
    assert!(expiry > 1_700_000_000, "{expiry}");
    assert_eq!(token_expiry("not-a-jwt"), None);
}

#[test]
fn a_server_message_is_placed_next_to_its_question() {
    let task = all_questions_task();
    let invalid: ErrorBody = captured("response-invalid", 422);
    assert_eq!(question_in_message(&task, invalid.message()), Some("quality"));
    let missing = "missing response value for required question with name='verdict'";
    assert_eq!(question_in_message(&task, missing), Some("verdict"));
    assert_eq!(question_in_message(&task, "ranking question expects a list containing 3 values"), Some("ranking"));
    assert_eq!(question_in_message(&task, "missing response values for submitted response"), None);
}
