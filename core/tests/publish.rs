//! The published dataset: which records, their rows, the answers' rows and the card.

use std::collections::BTreeMap;
use together_core::model::{AnswerValue, FieldValue, Record, Response, ResponseStatus, Task};
use together_core::publish::{publish, PublishPart, Publishing, Row, CARD_PATH, RECORDS_PATH, RESPONSES_PATH};

fn task() -> Task {
    serde_json::from_str(
        r#"{"id": "mpep/ratings", "title": "Rate prompt quality", "summary": "Rate 3 prompts.",
            "guidelines": "Rate **clarity**.", "language": {"code": "es", "name": "Español"},
            "fields": [{"name": "prompt", "title": "Prompt"}],
            "questions": [
              {"name": "quality", "title": "Quality", "required": true, "kind": {"rating": {"options": [{"value": 1}, {"value": 2}, {"value": 3}, {"value": 4}, {"value": 5}]}}},
              {"name": "note", "title": "Note", "required": false, "kind": {"text": {}}}
            ],
            "min_submitted": 2}"#,
    )
    .unwrap()
}

fn record(id: &str) -> Record {
    Record {
        id: id.into(),
        fields: [("prompt".to_owned(), FieldValue::Text(format!("Prompt {id}")))].into(),
        suggestions: vec![],
        mine: None,
    }
}

fn answer(record: &str, user: &str, status: ResponseStatus, rating: Option<i64>) -> Response {
    let mut values = BTreeMap::new();
    if let Some(rating) = rating {
        values.insert("quality".to_owned(), AnswerValue::Rating(rating));
    }
    Response { record_id: record.into(), user: user.into(), status, values, updated_at_ms: 1.7e12 }
}

fn lines(text: &str) -> Vec<serde_json::Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn records_with_enough_answers_are_published_with_their_answers_and_figures() {
    use ResponseStatus::*;
    let records = [record("a"), record("b"), record("c")];
    let responses = [
        answer("a", "ana", Submitted, Some(4)),
        answer("a", "bo", Submitted, Some(4)),
        answer("a", "cy", Submitted, Some(2)),
        answer("b", "ana", Submitted, Some(5)),
        answer("b", "bo", Discarded, None),
        answer("c", "ana", Draft, Some(1)),
        answer("c", "bo", Submitted, Some(3)),
        answer("c", "cy", Submitted, Some(3)),
    ];
    let task = task();
    let what = Publishing {
        source: "mpep/ratings",
        task: &task,
        records: &records,
        responses: &responses,
        all_records: false,
        settings: &Default::default(),
    };
    let out = publish(&what, |row: &Row| serde_json::to_string(row)).unwrap();
    let file = |path: &str| out.files.iter().find(|(p, _)| p == path).map(|(_, c)| c.as_str()).unwrap();
    let rows = lines(file(RECORDS_PATH));
    // b has one submitted answer (two wanted); a draft never counts.
    assert_eq!(rows.iter().map(|r| r["id"].as_str().unwrap()).collect::<Vec<_>>(), ["a", "c"]);
    assert_eq!(rows[0]["prompt"], "Prompt a");
    assert_eq!(rows[0]["num_responses"], 3);
    assert_eq!(rows[0]["quality"][0], serde_json::json!({"user": "ana", "value": 4, "status": "submitted"}));
    assert!((rows[0]["avg_rating"].as_f64().unwrap() - 10.0 / 3.0).abs() < 1e-12);
    assert!((rows[0]["agreement_ratio"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(rows[0]["note"], serde_json::json!([]), "a question nobody answered is an empty list");
    assert_eq!((rows[1]["num_responses"].as_u64(), rows[1]["agreement_ratio"].as_f64()), (Some(2), Some(1.0)));
    let keys: Vec<&str> = rows[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 7, "{keys:?}");
    assert_eq!((out.records, out.answers, out.contributors), (2, 7, 3));

    // Every answer but the draft, one row each.
    let answers = lines(file(RESPONSES_PATH));
    assert_eq!(answers.len(), 7);
    let discarded = answers.iter().find(|a| a["status"] == "discarded").unwrap();
    assert_eq!((discarded["record_id"].as_str(), discarded["user"].as_str()), (Some("b"), Some("bo")));
    assert!(discarded["quality"].is_null());
    assert_eq!(answers[0]["updated_at_ms"], 1_700_000_000_000u64);

    let card = file(CARD_PATH);
    assert!(card.starts_with("---\nconfigs:\n- config_name: records\n  data_files:\n  - split: train\n    path: records/train.jsonl\n  default: true\n- config_name: responses\n"), "{card}");
    assert!(card.contains("language:\n- es\n") && card.contains("size_categories:\n- n<1K\n"), "{card}");
    assert!(card.contains("3 contributors gave 7 answers (6 submitted, 1 discarded) on 3 of its 3 records"), "{card}");
    assert!(card.contains("the records with at least 2 submitted answers: 2 records"), "{card}");
    assert!(card.contains("- Quality: Krippendorff's α "), "{card}");
    assert!(
        card.contains("`agreement_ratio` is the share of a record's submitted ratings equal to its most common rating")
    );
    assert!(card.ends_with("## Guidelines\n\nRate **clarity**.\n"), "{card}");

    let every = Publishing { all_records: true, ..what };
    assert_eq!(lines(&publish(&every, |row: &Row| serde_json::to_string(row)).unwrap().files[0].1).len(), 3);
}

#[test]
fn several_rating_questions_name_their_figures_and_a_hostile_title_stays_in_its_quotes() {
    let mut task = task();
    let mut second = task.questions[0].clone();
    second.name = "clarity".into();
    task.questions.push(second);
    task.title = "Rate \"it\"\n---\nlicense: mit".into();
    let records = [record("a")];
    let mut both = answer("a", "ana", ResponseStatus::Submitted, Some(4));
    both.values.insert("clarity".into(), AnswerValue::Rating(2));
    let what = Publishing {
        source: "x/y",
        task: &task,
        records: &records,
        responses: &[both],
        all_records: true,
        settings: &Default::default(),
    };
    let out = publish(&what, |row: &Row| serde_json::to_string(row)).unwrap();
    let row = &lines(&out.files[0].1)[0];
    assert_eq!(row["quality_avg_rating"], 4.0);
    assert_eq!(row["clarity_avg_rating"], 2.0);
    assert!(row["clarity_agreement_ratio"].is_null(), "one rating: no agreement");
    let card = &out.files[2].1;
    assert!(card.contains("pretty_name: \"Rate \\\"it\\\"\\n---\\nlicense: mit\"\n"), "{card}");
    assert_eq!(card.matches("\n---\n").count(), 1, "the front matter ends once: {card}");
}

fn preference_task() -> (Task, PublishPart) {
    let definition = r#"{
      "task": {"id": "x/prefs", "title": "Pick the better answer", "language": {"code": "fr", "name": "Français"},
        "fields": [{"name": "instruction", "title": "Instruction"}, {"name": "response_a", "title": "A"},
                   {"name": "response_b", "title": "B"}],
        "questions": [
          {"name": "preference", "title": "Better", "required": true, "kind": {"label": {"options": [
            {"value": "a"}, {"value": "b"}, {"value": "both_bad"}]}}},
          {"name": "thumb", "title": "Is A good?", "required": false, "kind": {"label": {"options": [
            {"value": "yes"}, {"value": "no"}]}}},
          {"name": "target", "title": "Traduction", "required": false, "kind": {"text": {}}}
        ], "min_submitted": 2},
      "publish": {
        "dpo": {"question": "preference", "prompt": "instruction", "options": {"a": "response_a", "b": "response_b"}},
        "kto": {"question": "thumb", "prompt": "instruction", "completion": "response_a", "desirable": ["yes"], "undesirable": ["no"]},
        "translations": {"question": "target"}
      }}"#;
    let task: Task =
        serde_json::from_value(serde_json::from_str::<serde_json::Value>(definition).unwrap()["task"].clone()).unwrap();
    (task, serde_json::from_str(definition).unwrap())
}

fn pick(record: &str, user: &str, preference: &str, thumb: &str, target: &str) -> Response {
    let mut values = BTreeMap::new();
    values.insert("preference".to_owned(), AnswerValue::Text(preference.into()));
    values.insert("thumb".to_owned(), AnswerValue::Text(thumb.into()));
    values.insert("target".to_owned(), AnswerValue::Text(target.into()));
    Response {
        record_id: record.into(),
        user: user.into(),
        status: ResponseStatus::Submitted,
        values,
        updated_at_ms: 1.0,
    }
}

#[test]
fn preference_thumbs_and_translations_become_dpo_kto_and_an_evaluation_set_by_the_most_common_answer() {
    let (task, part) = preference_task();
    part.publish.check(&task).unwrap();
    let record = |id: &str| Record {
        id: id.into(),
        fields: [
            ("instruction".to_owned(), FieldValue::Text(format!("Q{id}"))),
            ("response_a".to_owned(), FieldValue::Text(format!("A{id}"))),
            ("response_b".to_owned(), FieldValue::Text(format!("B{id}"))),
        ]
        .into(),
        suggestions: vec![],
        mine: None,
    };
    let records = [record("1"), record("2"), record("3")];
    let responses = [
        // 1: b twice against a; thumbs down twice; one translation twice.
        pick("1", "ana", "b", "no", "T1"),
        pick("1", "bo", "b", "no", "T1"),
        pick("1", "cy", "a", "yes", "autre"),
        // 2: a tie on the preference and the thumb and the translation: left out of each.
        pick("2", "ana", "a", "yes", "x"),
        pick("2", "bo", "b", "no", "y"),
        // 3: most found both bad: no pair; thumbs up.
        pick("3", "ana", "both_bad", "yes", "T3"),
        pick("3", "bo", "both_bad", "yes", "T3"),
    ];
    let what = Publishing {
        source: "x/prefs",
        task: &task,
        records: &records,
        responses: &responses,
        all_records: false,
        settings: &part.publish,
    };
    let out = publish(&what, |row: &Row| serde_json::to_string(row)).unwrap();
    let file = |path: &str| lines(&out.files.iter().find(|(p, _)| p == path).unwrap().1);
    assert_eq!(
        file("dpo/train.jsonl"),
        [serde_json::json!({"id": "1", "prompt": "Q1", "chosen": "B1", "rejected": "A1"})]
    );
    assert_eq!(
        file("kto/train.jsonl"),
        [
            serde_json::json!({"id": "1", "prompt": "Q1", "completion": "A1", "label": false}),
            serde_json::json!({"id": "3", "prompt": "Q3", "completion": "A3", "label": true})
        ]
    );
    assert_eq!(
        file("translations/train.jsonl"),
        [
            serde_json::json!({"id": "1", "instruction": "T1", "dataset": "x/prefs", "language": "fr"}),
            serde_json::json!({"id": "3", "instruction": "T3", "dataset": "x/prefs", "language": "fr"})
        ]
    );
    let card = &out.files.last().unwrap().1;
    for config in ["records", "responses", "dpo", "kto", "translations"] {
        assert!(card.contains(&format!("- config_name: {config}\n")), "{config}: {card}");
    }
    assert!(card.contains("- `dpo`: one row per published record where the answers decide"), "{card}");
}

#[test]
fn publish_settings_that_name_what_the_task_lacks_say_where() {
    let (task, part) = preference_task();
    let check = |edit: &dyn Fn(&mut together_core::publish::PublishSettings)| {
        let mut settings = part.publish.clone();
        edit(&mut settings);
        settings.check(&task).unwrap_err()
    };
    assert_eq!(
        check(&|s| s.dpo.as_mut().unwrap().question = "nope".into()),
        "publish.dpo: the task has no question “nope”."
    );
    assert_eq!(
        check(&|s| s.dpo.as_mut().unwrap().question = "target".into()),
        "publish.dpo: “target” is not a single-label question."
    );
    assert!(check(&|s| {
        s.dpo.as_mut().unwrap().options.remove("b");
    })
    .contains("exactly two options"));
    assert_eq!(
        check(&|s| s.kto.as_mut().unwrap().completion = "response_c".into()),
        "publish.kto: the task has no field “response_c”."
    );
    assert_eq!(
        check(&|s| s.kto.as_mut().unwrap().desirable = vec!["maybe".into()]),
        "publish.kto: “maybe” is not an option of the question."
    );
    assert!(check(&|s| s.translations.as_mut().unwrap().question = "thumb".into()).contains("not a text question"));
    assert!(serde_json::from_str::<PublishPart>(r#"{"publish": {"dpoo": {}}}"#).is_err(), "a misspelt key is refused");
}
