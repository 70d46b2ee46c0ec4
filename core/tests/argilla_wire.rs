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
    let values: Vec<&Value> = record.suggestions.iter().map(|s| &s.value).collect();
    assert!(values.contains(&&Value::Integer(4)));
    assert!(values.contains(&&Value::Text("yes".into())));
    assert!(values.contains(&&Value::Labels(vec!["science".into()])));
    assert!(values.iter().any(|v| matches!(v, Value::Ranking(r) if r.len() == 3 && r[0].value == "b")));
    assert!(values
        .iter()
        .any(|v| matches!(v, Value::Spans(s) if s[0] == Span { label: "PER".into(), start: 0, end: 12 })));
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
    assert!(serde_json::from_str::<Value>(r#"["a", {"value": "b", "rank": 1}]"#).is_err());
}
