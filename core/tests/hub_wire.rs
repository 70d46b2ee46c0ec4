//! Hub-native tasks: the definition file, rows from the dataset viewer, responses files and commit bodies.

use together_core::demo::DemoStore;
use together_core::model::{AnswerValue, FieldValue, Response, ResponseStatus};
use together_core::outbox::{Outbox, OutboxOp};
use together_core::wire::hub::*;

const DEFINITION: &str = r#"{
  "task": {
    "title": "Translate prompts into Spanish",
    "language": {"code": "es", "name": "Español"},
    "fields": [{"name": "source", "title": "Prompt"}],
    "questions": [{"name": "translation", "title": "Translation", "required": true, "kind": {"text": {}}}],
    "min_submitted": 2
  },
  "records": {"path": "data/train.jsonl", "id_column": "id"},
  "responses": "mpep/prompts-es-responses"
}"#;

fn definition() -> TaskDefinition {
    read_definition("mpep/prompts-es", serde_json::from_str(DEFINITION).unwrap()).unwrap()
}

#[test]
fn a_definition_takes_its_id_from_the_repo_and_defaults_the_split() {
    let d = definition();
    assert_eq!(d.task.id, "mpep/prompts-es");
    assert_eq!(d.task.min_submitted, 2);
    assert_eq!(d.records.config, "default");
    assert_eq!(d.records.split, "train");
    assert_eq!(d.records.dataset, None);
    assert_eq!(d.responses, "mpep/prompts-es-responses");
}

#[test]
fn a_definition_with_a_bad_responses_repo_or_unknown_key_says_where() {
    let bad = DEFINITION.replace("mpep/prompts-es-responses", "no-namespace");
    let error = read_definition("mpep/x", serde_json::from_str(&bad).unwrap()).unwrap_err();
    assert!(error.contains("mpep/x/together.json") && error.contains("no-namespace"), "{error}");
    let unknown = DEFINITION.replace("\"responses\"", "\"responds\"");
    assert!(serde_json::from_str::<TaskDefinition>(&unknown).is_err());
}

#[test]
fn repo_ids_are_namespace_slash_name() {
    assert!(is_repo_id("mpep/prompts-es_v1.0"));
    for bad in ["", "a", "a/", "/b", "a/b/c", "a/../b", "a/.hidden", "a b/c"] {
        assert!(!is_repo_id(bad), "{bad}");
    }
}

#[test]
fn rows_become_records_with_their_id_column_or_their_number() {
    let d = definition();
    let page: RowsPage = serde_json::from_str(
        r#"{"features": [], "num_rows_total": 3, "num_rows_per_page": 100, "partial": false, "rows": [
            {"row_idx": 0, "row": {"id": 17, "source": "Hello", "extra": 1.5}, "truncated_cells": []},
            {"row_idx": 1, "row": {"id": "p-2", "source": "Bye"}, "truncated_cells": []},
            {"row_idx": 2, "row": {"source": {"src": "https://img/x.png", "height": 1, "width": 1}}, "truncated_cells": []}
        ]}"#,
    )
    .unwrap();
    assert_eq!(page.num_rows_total, 3);
    let records: Vec<_> =
        page.rows.into_iter().map(|r| record_from_row(&d.task, &d.records, r.row_idx, r.row)).collect();
    assert_eq!(records.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["17", "p-2", "2"]);
    assert_eq!(records[0].text("source"), "Hello");
    assert!(!records[0].fields.contains_key("extra"), "columns the task does not show are left out");
    assert_eq!(records[2].fields["source"], FieldValue::Text("https://img/x.png".into()));
}

#[test]
fn the_rows_url_pages_by_one_hundred_and_encodes_the_names() {
    let d = definition();
    assert_eq!(
        rows_url("https://datasets-server.huggingface.co/", "mpep/prompts es", &d.records, 200, ROWS_PAGE),
        "https://datasets-server.huggingface.co/rows?dataset=mpep%2Fprompts%20es&config=default&split=train&offset=200&length=100"
    );
    // One row is enough to learn how many there are (num_rows_total).
    assert!(rows_url("https://v", "a/b", &d.records, 0, 1).ends_with("&offset=0&length=1"));
}

fn save(record: &str, user: &str, status: ResponseStatus, text: &str, at: f64) -> OutboxOp {
    OutboxOp::Save {
        response: Response {
            record_id: record.into(),
            user: user.into(),
            status,
            values: [("translation".to_owned(), AnswerValue::Text(text.into()))].into(),
            updated_at_ms: at,
        },
    }
}

#[test]
fn outbox_items_become_lines_and_read_back_the_same() {
    let mut outbox = Outbox::default();
    outbox.enqueue("t", "r1", save("r1", "ana", ResponseStatus::Submitted, "Hola", 10.0));
    outbox.enqueue("t", "r2", OutboxOp::Retract { user: "ana".into() });
    let lines: Vec<ResponseLine> =
        outbox.take_batch(0.0, 10).iter().map(|item| ResponseLine::from_item(item, 99.0)).collect();
    let text = serde_json::to_string(&lines[0]).unwrap();
    assert_eq!(
        text,
        r#"{"record_id":"r1","user":"ana","status":"submitted","values":{"translation":"Hola"},"updated_at_ms":10.0}"#
    );
    assert_eq!(serde_json::from_str::<ResponseLine>(&text).unwrap(), lines[0]);
    assert_eq!(lines[1].status, LineStatus::Retracted);
    assert_eq!(lines[1].updated_at_ms, 99.0);
}

fn borrowed(files: &[(String, Vec<ResponseLine>)]) -> Vec<(&str, &[ResponseLine])> {
    files.iter().map(|(path, lines)| (path.as_str(), lines.as_slice())).collect()
}

fn line(record: &str, user: &str, status: LineStatus, text: &str, at: f64) -> ResponseLine {
    ResponseLine {
        record_id: record.into(),
        user: user.into(),
        status,
        values: [("translation".to_owned(), AnswerValue::Text(text.into()))].into(),
        updated_at_ms: at,
    }
}

#[test]
fn the_latest_line_wins_whatever_the_file_order() {
    let files = vec![
        (
            "data/ana/dev-00000003-00000003.jsonl".to_owned(),
            vec![line("r1", "ana", LineStatus::Submitted, "Hola", 30.0)],
        ),
        (
            "data/ana/dev-00000001-00000002.jsonl".to_owned(),
            vec![
                line("r1", "ana", LineStatus::Draft, "Ho", 10.0),
                line("r2", "ana", LineStatus::Submitted, "Adiós", 20.0),
            ],
        ),
        ("data/ben/x-00000001-00000001.jsonl".to_owned(), vec![line("r2", "ben", LineStatus::Submitted, "Chao", 5.0)]),
    ];
    let mut store = DemoStore::default();
    apply_lines(&mut store, "t", &borrowed(&files));
    let ana = store.mine("t", "r1", "ana").unwrap();
    assert_eq!((ana.status, ana.values["translation"].as_text()), (ResponseStatus::Submitted, Some("Hola")));
    assert_eq!(store.responses("t").count(), 3);
}

#[test]
fn a_retraction_removes_only_what_came_before_it() {
    let files = vec![(
        "data/ana/d-1-2.jsonl".to_owned(),
        vec![
            line("r1", "ana", LineStatus::Discarded, "", 10.0),
            line("r1", "ana", LineStatus::Retracted, "", 20.0),
            line("r2", "ana", LineStatus::Retracted, "", 5.0),
            line("r2", "ana", LineStatus::Submitted, "Sí", 6.0),
        ],
    )];
    let mut store = DemoStore::default();
    apply_lines(&mut store, "t", &borrowed(&files));
    assert!(store.mine("t", "r1", "ana").is_none());
    assert!(store.mine("t", "r2", "ana").is_some());
}

#[test]
fn nobody_answers_in_someone_elses_folder() {
    let files = vec![
        ("data/mallory/m-1-1.jsonl".to_owned(), vec![line("r1", "ana", LineStatus::Submitted, "forged", 10.0)]),
        ("README.md".to_owned(), vec![line("r1", "ana", LineStatus::Submitted, "stray", 11.0)]),
    ];
    let mut store = DemoStore::default();
    apply_lines(&mut store, "t", &borrowed(&files));
    assert_eq!(store.responses("t").count(), 0);
}

#[test]
fn batch_files_are_named_by_user_device_and_sequence() {
    assert_eq!(batch_path("ana", "d7", 3, 12), "data/ana/d7-00000003-00000012.jsonl");
    assert_eq!(batch_path("../evil name", "d", 1, 1), "data/.._evil_name/d-00000001-00000001.jsonl");
    assert_eq!(file_user("data/ana/d7-00000003-00000012.jsonl"), Some("ana"));
    for other in ["data/ana.jsonl", "data/ana/sub/x.jsonl", "data/ana/x.json", "other/ana/x.jsonl", "data//x.jsonl"] {
        assert_eq!(file_user(other), None, "{other}");
    }
    let tree: Vec<TreeEntry> = serde_json::from_str(
        r#"[{"type":"directory","oid":"1","size":0,"path":"data/ana"},
            {"type":"file","oid":"2","size":10,"path":"data/ana/d-1-1.jsonl"},
            {"type":"file","oid":"3","size":10,"path":"data/README.md"}]"#,
    )
    .unwrap();
    assert_eq!(response_files(tree), ["data/ana/d-1-1.jsonl"]);
}

#[test]
fn a_commit_is_a_header_line_and_an_inline_base64_file() {
    let lines = commit_lines("Responses from ana", Some("abc1234"), &[("data/ana/f.jsonl", "{\"a\":\"ñ\"}\n")]);
    let ndjson: Vec<String> = lines.iter().map(|l| serde_json::to_string(l).unwrap()).collect();
    assert_eq!(ndjson[0], r#"{"key":"header","value":{"summary":"Responses from ana","parentCommit":"abc1234"}}"#);
    assert_eq!(
        ndjson[1],
        r#"{"key":"file","value":{"path":"data/ana/f.jsonl","content":"eyJhIjoiw7EifQo=","encoding":"base64"}}"#
    );
    let without_parent = serde_json::to_string(&commit_lines("s", None, &[("p", "")])[0]).unwrap();
    assert_eq!(without_parent, r#"{"key":"header","value":{"summary":"s"}}"#);
}

#[test]
fn preupload_sends_size_and_a_sample_and_reads_the_mode() {
    let body = serde_json::to_value(Preupload::of(&[("data/a.jsonl", &"x".repeat(600))])).unwrap();
    assert_eq!(body["files"][0]["size"], 600);
    assert_eq!(body["files"][0]["sample"].as_str().unwrap().len(), 684, "base64 of 512 bytes");
    let reply: PreuploadReply = serde_json::from_str(
        r#"{"files":[{"path":"data/a.jsonl","uploadMode":"regular","shouldIgnore":false}],"commitOid":"47ad63eb"}"#,
    )
    .unwrap();
    assert!(reply.all_regular());
    assert_eq!(reply.commit_oid.as_deref(), Some("47ad63eb"));
    let lfs: PreuploadReply = serde_json::from_str(r#"{"files":[{"path":"a","uploadMode":"lfs"}]}"#).unwrap();
    assert!(!lfs.all_regular());
}

#[test]
fn a_pull_request_url_names_its_branch() {
    assert_eq!(pr_revision("https://huggingface.co/datasets/mpep/r/discussions/12").as_deref(), Some("refs/pr/12"));
    assert_eq!(pr_revision("https://huggingface.co/datasets/mpep/r/discussions/"), None);
    assert_eq!(revision_segment("refs/pr/12"), "refs%2Fpr%2F12");
    let reply: CommitReply = serde_json::from_str(
        r#"{"success":true,"commitOid":"18404cdf","commitUrl":"u","hookOutput":"","pullRequestUrl":"https://h/datasets/a/b/discussions/1"}"#,
    )
    .unwrap();
    assert_eq!(reply.commit_oid, "18404cdf");
    assert_eq!(reply.pull_request_url.as_deref().and_then(pr_revision).as_deref(), Some("refs/pr/1"));
}

#[test]
fn error_bodies_in_every_shape_become_one_message() {
    let read = |text: &str| serde_json::from_str::<ErrorBody>(text).unwrap().text();
    assert_eq!(read(r#"{"error":"Repository not found"}"#).as_deref(), Some("Repository not found"));
    assert_eq!(read(r#"{"error":["a","b"]}"#).as_deref(), Some("a; b"));
    assert_eq!(
        read(r#"{"error":"invalid_grant","error_description":"grant request is invalid"}"#).as_deref(),
        Some("invalid_grant: grant request is invalid")
    );
    assert_eq!(read(r#"{"message":"Nope"}"#).as_deref(), Some("Nope"));
    assert_eq!(read(r#"{}"#), None);
}

#[test]
fn the_username_is_preferred_username_not_the_full_name() {
    let info: UserInfo =
        serde_json::from_str(r#"{"sub":"62f2","name":"Ana García","preferred_username":"ana"}"#).unwrap();
    assert_eq!(info.username(), Some("ana"));
    let bare: UserInfo = serde_json::from_str(r#"{"sub":"62f2"}"#).unwrap();
    assert_eq!(bare.username(), Some("62f2"));
}

#[test]
fn a_csv_file_becomes_rows_named_by_its_header() {
    let rows = parse_csv("id,source\r\n1,\"Hello, \"\"world\"\"\"\n2,\"two\nlines\"\n\n").unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["source"], Cell::Field(FieldValue::Text("Hello, \"world\"".into())));
    assert_eq!(rows[1]["source"], Cell::Field(FieldValue::Text("two\nlines".into())));
    assert_eq!(parse_csv("a,b\n1\n").unwrap_err(), "line 2 has 1 values for 2 columns");
    assert!(parse_csv("a\n\"open").is_err());
    assert!(parse_csv("").is_err());
}

#[test]
fn line_statuses_parse_from_the_names_lines_carry() {
    use together_core::wire::hub::LineStatus;
    for status in [LineStatus::Draft, LineStatus::Submitted, LineStatus::Discarded, LineStatus::Retracted] {
        let name = serde_json::to_string(&status).unwrap();
        assert_eq!(LineStatus::parse(name.trim_matches('"')), Some(status));
    }
    assert_eq!(LineStatus::parse("Submitted"), None);
}

#[test]
fn csv_records_are_counted_as_they_are_read() {
    use together_core::wire::hub::count_csv_records;
    for text in [
        "id,source\r\n1,\"Hello, \"\"world\"\"\"\n2,\"two\nlines\"\n\n",
        "id,source\n1,a\n2,b",
        "id\n\n\n1\n\r\n2\n",
        "\u{feff}id,text\n\"\",\n\"\"\"\",x\n",
        "a,b\n\"x\ny\",\"\"\"q\"\"\"\r\n",
        "only,a,header\n",
    ] {
        assert_eq!(count_csv_records(text), parse_csv(text).unwrap().len(), "{text:?}");
    }
    assert_eq!(count_csv_records(""), 0);
}

#[test]
fn drafts_kept_on_the_device_count_as_their_authors_and_never_as_a_batch_file() {
    let path = device_drafts_path("ana lee");
    assert_eq!(file_user(&path), Some("ana_lee"));
    assert!(!path.contains("-0000"), "no batch is named so: {path}");
}

#[test]
fn a_responses_file_keeps_the_lines_it_can_read_and_says_when_one_could_not_be() {
    let good = r#"{"record_id":"r1","user":"ana","status":"submitted","values":{"quality":4},"updated_at_ms":1.0}"#;
    let decode = |l: &str| serde_json::from_str::<ResponseLine>(l).ok();
    let (lines, complete) = read_lines(&format!("{good}\n\n{good}\n"), decode);
    assert_eq!((lines.len(), complete), (2, true), "blank lines are nothing");
    let (lines, complete) = read_lines(&format!("{good}\nnot json\n{{\"record_id\":1}}\n"), decode);
    assert_eq!((lines.len(), complete), (1, false));
    assert_eq!(lines[0].record_id, "r1");
    assert_eq!(read_lines("", decode), (Vec::new(), true));
}

/// A task with a suggestion for each kind of question a column can fill.
const SUGGESTED: &str = r#"{
  "task": {
    "title": "Translate and judge",
    "fields": [{"name": "source", "title": "Prompt"}],
    "questions": [
      {"name": "target", "title": "Translation", "required": true, "kind": {"text": {}}},
      {"name": "quality", "title": "Quality", "required": false, "kind": {"rating": {"options": [{"value": 1}, {"value": 2}, {"value": 3}, {"value": 4}, {"value": 5}]}}},
      {"name": "better", "title": "Better", "required": false, "kind": {"label": {"options": [{"value": "a", "text": "A"}, {"value": "b", "text": "B"}]}}},
      {"name": "topics", "title": "Topics", "required": false, "kind": {"multi_label": {"options": [{"value": "code"}, {"value": "math"}]}}},
      {"name": "order", "title": "Order", "required": false, "kind": {"ranking": {"options": [{"value": "a"}, {"value": "b"}]}}}
    ]
  },
  "records": {"path": "data/train.jsonl", "id_column": "id", "suggestions": [
    {"question": "target", "column": "mt", "agent_column": "mt_model", "agent": "a translation model", "score_column": "mt_score"},
    {"question": "quality", "column": "judge_rating", "agent": "judge-llm", "score_column": "judge_confidence"},
    {"question": "better", "column": "judge_pick", "agent": "judge-llm"},
    {"question": "topics", "column": "topics"},
    {"question": "order", "column": "ranked"}
  ]},
  "responses": "mpep/judged-responses"
}"#;

fn suggested(row: &str) -> together_core::model::Record {
    let d = read_definition("mpep/judged", serde_json::from_str(SUGGESTED).unwrap()).unwrap();
    record_from_row(&d.task, &d.records, 0, serde_json::from_str(row).unwrap())
}

#[test]
fn suggestion_columns_become_suggestions_with_their_agent_and_score() {
    let r = suggested(
        r#"{"id": "p1", "source": "Hello", "mt": "Hola", "mt_model": "nllb-200", "mt_score": 0.87,
            "judge_rating": 4, "judge_confidence": "0.5", "judge_pick": "b", "topics": ["code", "math"],
            "ranked": ["b", "a"]}"#,
    );
    let s = |q: &str| r.suggestion_for(q).unwrap_or_else(|| panic!("no suggestion for {q}"));
    assert_eq!(s("target").value, AnswerValue::Text("Hola".into()));
    assert_eq!(s("target").agent.as_deref(), Some("nllb-200"), "the row's own agent wins over the default");
    assert_eq!(s("target").score, Some(0.87));
    assert_eq!(s("quality").value, AnswerValue::Rating(4));
    assert_eq!((s("quality").agent.as_deref(), s("quality").score), (Some("judge-llm"), Some(0.5)), "a CSV score");
    assert_eq!(s("better").value, AnswerValue::Text("b".into()));
    assert_eq!(s("better").score, None);
    assert_eq!(s("topics").value, AnswerValue::Labels(vec!["code".into(), "math".into()]));
    assert_eq!(s("topics").agent, None, "no agent named: the form says “a model”");
    let AnswerValue::Ranking(ranks) = &s("order").value else { panic!("{:?}", s("order").value) };
    assert_eq!(ranks.iter().map(|r| (r.value.as_str(), r.rank)).collect::<Vec<_>>(), [("b", Some(1)), ("a", Some(2))]);
    assert_eq!(r.text("source"), "Hello");
    assert!(!r.fields.contains_key("mt"), "a suggestion column is not a field unless the task shows it");
    // The form starts from the suggestions that fit the question.
    let d = read_definition("mpep/judged", serde_json::from_str(SUGGESTED).unwrap()).unwrap();
    let start = together_core::model::Answers::initial(&d.task, &r);
    assert_eq!(start.text("target"), Some("Hola"));
    assert_eq!(start.rating("quality"), Some(4));
}

#[test]
fn empty_missing_or_unreadable_suggestion_cells_suggest_nothing() {
    let r = suggested(
        r#"{"id": "p2", "source": "Hi", "mt": "  ", "mt_model": "", "judge_rating": "four", "judge_pick": null,
            "topics": [], "ranked": [{"x": 1}], "judge_confidence": "high"}"#,
    );
    assert!(r.suggestions.is_empty(), "{:?}", r.suggestions);
    let r = suggested(r#"{"id": "p3", "source": "Hi", "mt": "Hola", "mt_model": " ", "mt_score": "NaN"}"#);
    let target = r.suggestion_for("target").unwrap();
    assert_eq!(target.agent.as_deref(), Some("a translation model"), "a blank agent cell falls back to the default");
    assert_eq!(target.score, None, "a score that is not a finite number is left out");
    // A suggestion that is none of the question's options is no suggestion: the form could not show it.
    let r = suggested(
        r#"{"id": "p4", "source": "Hi", "judge_rating": 9, "judge_pick": "c", "topics": ["code", "art"],
            "ranked": ["a", "z"]}"#,
    );
    assert!(r.suggestions.is_empty(), "{:?}", r.suggestions);
    // A ranking ranks every option once; labels are not given twice.
    let r = suggested(r#"{"id": "p5", "source": "Hi", "topics": ["code", "code"], "ranked": ["a"]}"#);
    assert!(r.suggestions.is_empty(), "{:?}", r.suggestions);
}

#[test]
fn a_suggestion_for_a_question_the_task_lacks_or_a_span_says_where() {
    let error = |text: String| read_definition("mpep/judged", serde_json::from_str(&text).unwrap()).unwrap_err();
    let e = error(SUGGESTED.replace(r#""question": "topics""#, r#""question": "topic""#));
    assert_eq!(e, "mpep/judged/together.json: records.suggestions, “topic”: the task has no question “topic”.");
    let e = error(SUGGESTED.replace(r#""column": "ranked""#, r#""column": """#));
    assert!(e.contains("records.suggestions, “order”") && e.contains("names no column"), "{e}");
    let span = SUGGESTED.replace(
        r#"{"ranking": {"options": [{"value": "a"}, {"value": "b"}]}}"#,
        r#"{"span": {"field": "source", "options": [{"value": "PER"}]}}"#,
    );
    assert!(error(span).contains("a span question takes no suggestion"));
    let unknown =
        SUGGESTED.replace(r#""agent": "judge-llm", "score_column""#, r#""agnet": "judge-llm", "score_column""#);
    assert!(serde_json::from_str::<TaskDefinition>(&unknown).is_err(), "a misspelt key is refused");
}
