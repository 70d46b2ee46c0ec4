//! Components in headless Chromium, driven through the DOM the way a person (or a screen reader) meets them.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use support::*;
use together::app::{load_config, Shell};
use together::backend::hub::HubBackend;
use together::backend::{Backend, BackendError, Credentials, DashboardFigures, LocalFuture, SignInForm, TaskOverview};
use together::components::{EmbedPanel, FormAction, Markdown, RecordForm, TextAnswer};
use together::http::{HttpRequest, HttpResponse, LocalFuture as HttpFuture, Transport, TransportError};
use together::i18n::{Msg, Texts};
use together::storage::LocalStore;
use together_core::config::AppConfig;
use together_core::model::*;
use together_core::outbox::{BatchPolicy, OutboxItem};
use together_core::queue::PageRequest;
use together_core::stats::{self, MyProgress};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn rating_task() -> Task {
    Task {
        id: "rate".into(),
        title: "Rate prompts".into(),
        summary: String::new(),
        guidelines: "Be kind.".into(),
        language: None,
        fields: vec![Field {
            name: "prompt".into(),
            title: "Prompt".into(),
            use_markdown: true,
            kind: Default::default(),
        }],
        questions: vec![Question {
            name: "quality".into(),
            title: "Quality".into(),
            description: None,
            required: true,
            kind: QuestionKind::Rating {
                options: ["Very Bad", "Bad", "Ok", "Good", "Very Good"]
                    .iter()
                    .zip(1..)
                    .map(|(label, value)| RatingOption { value, label: Some((*label).into()), description: None })
                    .collect(),
            },
        }],
        min_submitted: 1,
    }
}

fn record(id: &str, prompt: &str) -> Record {
    Record { id: id.into(), fields: [("prompt".to_owned(), prompt.into())].into(), suggestions: vec![], mine: None }
}

fn mount_form(task: Task, record: Record) -> (Mounted, RwSignal<Answers>, RwSignal<Vec<FormAction>>) {
    let answers = RwSignal::new(Answers::initial(&task, &record));
    let actions = RwSignal::new(Vec::new());
    let mounted = mount(move || {
        let on_action = Callback::new(move |a| actions.update(|v| v.push(a)));
        view! { <RecordForm task=task.clone() record=record.clone() answers=answers on_action=on_action/> }
    });
    (mounted, answers, actions)
}

#[wasm_bindgen_test]
async fn rating_options_are_radios_named_by_their_value_with_their_labels() {
    let (mounted, _, _) = mount_form(rating_task(), record("r1", "Hello"));
    for (value, label) in [("1", "Very Bad"), ("3", "Ok"), ("5", "Very Good")] {
        let radio = radio(&mounted, value);
        assert_eq!(accessible_description(&radio), label);
    }
    assert_eq!(mounted.all("input[type=radio]").len(), 5);
}

#[wasm_bindgen_test]
async fn digit_keys_pick_a_rating_and_tapping_picks_one_too() {
    let (mounted, answers, _) = mount_form(rating_task(), record("r1", "Hello"));
    press_key("4", false);
    tick().await;
    assert!(radio(&mounted, "4").checked());
    assert_eq!(answers.get_untracked().rating("quality"), Some(4));
    radio(&mounted, "2").click();
    tick().await;
    assert_eq!(answers.get_untracked().rating("quality"), Some(2));
    assert!(!radio(&mounted, "4").checked());
    press_key("9", false);
    tick().await;
    assert_eq!(answers.get_untracked().rating("quality"), Some(2), "9 is not on the scale");
}

#[wasm_bindgen_test]
async fn enter_submits_only_a_complete_answer_and_says_what_is_missing() {
    let (mounted, _, actions) = mount_form(rating_task(), record("r1", "Hello"));
    press_key("Enter", false);
    tick().await;
    assert!(actions.get_untracked().is_empty());
    assert_eq!(mounted.text_of("[role=alert]"), "Pick a rating.");
    press_key("5", false);
    tick().await;
    assert_eq!(mounted.text_of("[role=alert]"), "", "answering clears the complaint");
    press_key("Enter", false);
    tick().await;
    assert_eq!(actions.get_untracked(), vec![FormAction::Submit]);
}

#[wasm_bindgen_test]
async fn backspace_never_discards_and_ctrl_s_saves_a_draft() {
    let (mounted, _, actions) = mount_form(rating_task(), record("r1", "Hello"));
    press_key("Backspace", false);
    press_key("Delete", false);
    tick().await;
    assert!(actions.get_untracked().is_empty());
    let prevented = press_key("s", true);
    tick().await;
    assert!(prevented, "the browser's own save dialog is suppressed");
    assert_eq!(actions.get_untracked(), vec![FormAction::SaveDraft]);
    button(&mounted, "Discard").click();
    tick().await;
    assert_eq!(actions.get_untracked(), vec![FormAction::SaveDraft, FormAction::Discard]);
    drop(mounted);
}

fn thumbs_task() -> Task {
    let mut task = rating_task();
    task.questions[0] = Question {
        name: "label".into(),
        title: "Do you like this haiku?".into(),
        description: None,
        required: true,
        kind: QuestionKind::Label {
            options: vec![
                LabelOption { value: "yes".into(), text: Some("👍 Yes".into()), description: None },
                LabelOption { value: "no".into(), text: Some("👎 No".into()), description: None },
            ],
        },
    };
    task
}

#[wasm_bindgen_test]
async fn a_label_suggestion_is_pre_selected_and_says_who_made_it() {
    let mut snow = record("r1", "Snow");
    snow.suggestions.push(Suggestion {
        question: "label".into(),
        value: AnswerValue::Text("no".into()),
        agent: Some("judge".into()),
        score: Some(0.9),
    });
    let (mounted, answers, _) = mount_form(thumbs_task(), snow);
    tick().await;
    assert!(radio(&mounted, "👎 No").checked());
    assert_eq!(answers.get_untracked().text("label"), Some("no"));
    assert!(mounted.root.text_content().unwrap().contains("Suggested: “👎 No” by judge (score 0.90)."));
}

#[wasm_bindgen_test]
async fn label_options_are_radios_named_by_their_text_and_digits_pick_them_in_order() {
    let (mounted, answers, actions) = mount_form(thumbs_task(), record("r1", "Snow"));
    press_key("Enter", false);
    tick().await;
    assert_eq!(mounted.text_of("[role=alert]"), "Pick an option.");
    press_key("2", false);
    tick().await;
    assert!(radio(&mounted, "👎 No").checked());
    assert_eq!(answers.get_untracked().text("label"), Some("no"));
    radio(&mounted, "👍 Yes").click();
    tick().await;
    assert_eq!(answers.get_untracked().text("label"), Some("yes"));
    press_key("3", false);
    tick().await;
    assert_eq!(answers.get_untracked().text("label"), Some("yes"), "there is no third option");
    press_key("Enter", false);
    tick().await;
    assert_eq!(actions.get_untracked(), vec![FormAction::Submit]);
}

fn translation_question() -> Question {
    Question {
        name: "target".into(),
        title: "Target".into(),
        description: Some("Translate the text.".into()),
        required: true,
        kind: QuestionKind::Text { use_markdown: true },
    }
}

#[wasm_bindgen_test]
async fn a_text_answer_starts_from_the_suggestion_is_editable_and_resettable() {
    let suggestion = Suggestion {
        question: "target".into(),
        value: AnswerValue::Text("مرحبا بالعالم".into()),
        agent: Some("nllb".into()),
        score: Some(0.8),
    };
    let answers = RwSignal::new(Answers::from_values([("target".to_owned(), suggestion.value.clone())].into()));
    let mounted = mount(move || {
        view! {
            <TextAnswer
                question=translation_question()
                answers=answers
                suggestion=Some(suggestion.clone())
                direction=TextDirection::Rtl
                lang="ar".to_owned()
                error=Signal::derive(|| None::<String>)
                id="t1"
            />
        }
    });
    tick().await;
    let textarea: web_sys::HtmlTextAreaElement = mounted.labelled("Target").dyn_into().unwrap();
    assert_eq!(textarea.value(), "مرحبا بالعالم");
    assert_eq!(textarea.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(textarea.get_attribute("lang").as_deref(), Some("ar"));
    assert!(mounted.root.text_content().unwrap().contains("Suggested by nllb (score 0.80)"));
    let reset = button(&mounted, "Reset to suggestion");
    assert!(reset.disabled(), "nothing to reset yet");
    type_into(&textarea, "أهلا بالعالم");
    tick().await;
    assert_eq!(answers.get_untracked().text("target"), Some("أهلا بالعالم"));
    assert!(!reset.disabled());
    reset.click();
    tick().await;
    assert_eq!(textarea.value(), "مرحبا بالعالم");
    assert_eq!(answers.get_untracked().text("target"), Some("مرحبا بالعالم"));
}

#[wasm_bindgen_test]
async fn typing_digits_and_enter_in_a_text_answer_is_just_typing() {
    let mut task = rating_task();
    task.questions.push(Question { required: false, ..translation_question() });
    let (mounted, answers, actions) = mount_form(task, record("r1", "x"));
    let textarea: web_sys::HtmlElement = mounted.labelled("Target").dyn_into().unwrap();
    textarea.focus().unwrap();
    press_key("3", false);
    press_key("Enter", false);
    tick().await;
    assert_eq!(answers.get_untracked().rating("quality"), None);
    assert!(actions.get_untracked().is_empty());
}

#[wasm_bindgen_test]
async fn hostile_markdown_is_shown_never_run() {
    let payload = "<script>window.__together_pwned = 1</script>\n\n<img src=x onerror=\"window.__together_pwned = 1\">\n\n\
                   [click](javascript:window.__together_pwned=1) [safe](https://huggingface.co) <svg onload=\"window.__together_pwned=1\">";
    let mounted = mount(move || view! { <Markdown source=payload/> });
    sleep(50).await;
    assert!(mounted.all("script, img, svg, iframe").is_empty());
    for link in mounted.all("a") {
        let href = link.get_attribute("href").unwrap_or_default();
        assert!(href.starts_with("https://"), "{href}");
        assert_eq!(link.get_attribute("rel").as_deref(), Some("noopener noreferrer nofollow"));
    }
    let text = mounted.root.text_content().unwrap();
    assert!(text.contains("<script>window.__together_pwned = 1</script>"), "shown as text: {text}");
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__together_pwned".into()).unwrap();
    assert!(pwned.is_undefined());
}

/// A backend whose deliveries never complete: the page must not wait for them. With `batch`, it groups answers
/// in batches of that size and acknowledges each batch at once.
struct StalledBackend {
    task: Task,
    records: Vec<Record>,
    sent: Rc<RefCell<Vec<OutboxItem>>>,
    batch: Option<usize>,
    pages: Rc<RefCell<Vec<PageRequest>>>,
}

fn ready<T: 'static>(value: T) -> LocalFuture<T> {
    Box::pin(std::future::ready(value))
}

impl Backend for StalledBackend {
    fn footer(&self, texts: Texts) -> String {
        texts.text(Msg::FooterDemo)
    }
    fn sign_in_form(&self) -> SignInForm {
        SignInForm::Name
    }
    fn sign_in(&self, _: Credentials) -> LocalFuture<Result<String, BackendError>> {
        ready(Ok("tester".into()))
    }
    fn sign_out(&self) {}
    fn reviewed(
        &self,
        _: String,
        _: String,
        _: ResponseStatus,
        _: PageRequest,
    ) -> LocalFuture<Result<(Vec<Record>, usize), BackendError>> {
        ready(Ok((vec![], 0)))
    }
    fn tasks(&self, _: Option<String>) -> LocalFuture<Result<Vec<TaskOverview>, BackendError>> {
        ready(Ok(vec![]))
    }
    fn task(&self, _: String) -> LocalFuture<Result<Task, BackendError>> {
        ready(Ok(self.task.clone()))
    }
    fn pending(&self, _: String, _: String, page: PageRequest) -> LocalFuture<Result<Vec<Record>, BackendError>> {
        self.pages.borrow_mut().push(page);
        ready(Ok(self.records.iter().skip(page.offset).take(page.limit).cloned().collect()))
    }
    fn record(&self, _: String, id: String, _: String) -> LocalFuture<Result<Record, BackendError>> {
        ready(
            self.records
                .iter()
                .find(|r| r.id == id)
                .cloned()
                .ok_or(BackendError::NotFound { what: Msg::TheRecord, name: id }),
        )
    }
    fn my_progress(&self, _: String, _: String) -> LocalFuture<Result<MyProgress, BackendError>> {
        ready(Ok(MyProgress { total: self.records.len(), ..Default::default() }))
    }
    fn dashboard(&self, _: String) -> LocalFuture<Result<DashboardFigures, BackendError>> {
        ready(Ok(DashboardFigures {
            task: self.task.clone(),
            progress: stats::task_progress(0, 1, &[]),
            top: vec![],
            names_are_hub_users: false,
            ratings: None,
            per_day: vec![],
            agreement: None,
            disputed: vec![],
            submitted: None,
        }))
    }
    fn send(&self, item: OutboxItem) -> LocalFuture<Result<(), BackendError>> {
        self.sent.borrow_mut().push(item);
        Box::pin(std::future::pending())
    }
    fn batch_policy(&self) -> BatchPolicy {
        self.batch.map_or(BatchPolicy::SINGLE, |size| BatchPolicy { size, max_wait_ms: 600_000.0 })
    }
    fn send_batch(&self, items: Vec<OutboxItem>) -> LocalFuture<Result<(), BackendError>> {
        self.sent.borrow_mut().extend(items);
        ready(Ok(()))
    }
    fn lists_drafts_as_pending(&self) -> bool {
        false
    }
}

/// The whole app on the rating task of a stalled backend, signed in as "tester", with storage of its own.
struct StalledApp {
    mounted: Mounted,
    storage: LocalStore,
    sent: Rc<RefCell<Vec<OutboxItem>>>,
    pages: Rc<RefCell<Vec<PageRequest>>>,
}

impl Drop for StalledApp {
    fn drop(&mut self) {
        self.storage.clear();
        set_hash("");
    }
}

async fn open_stalled_app(prefix: &str, records: Vec<Record>) -> StalledApp {
    open_app_on(prefix, records, None).await
}

async fn open_app_on(prefix: &str, records: Vec<Record>, batch: Option<usize>) -> StalledApp {
    let storage = LocalStore::new(prefix);
    storage.clear();
    storage.set("user", "tester").unwrap();
    set_hash("#/t/rate");
    let sent = Rc::new(RefCell::new(Vec::new()));
    let first = records[0].text("prompt").to_owned();
    let pages = Rc::new(RefCell::new(Vec::new()));
    let backend: Rc<dyn Backend> =
        Rc::new(StalledBackend { task: rating_task(), records, sent: sent.clone(), batch, pages: pages.clone() });
    let store = storage.clone();
    let mounted = mount(
        move || view! { <Shell backend=backend.clone() storage=store.clone() config=AppConfig::default() problem=None/> },
    );
    wait_for(|| mounted.root.text_content().unwrap_or_default().contains(&first)).await;
    StalledApp { mounted, storage, sent, pages }
}

#[wasm_bindgen_test]
async fn discard_then_undo_then_submit_goes_on_without_a_panic() {
    let records = vec![record("r1", "First prompt"), record("r2", "Second prompt")];
    let app = open_stalled_app("together-test-undo:", records).await;
    radio(&app.mounted, "2").click();
    button(&app.mounted, "Discard").click();
    wait_for(|| app.mounted.root.text_content().unwrap_or_default().contains("Second prompt")).await;
    button(&app.mounted, "Undo").click();
    wait_for(|| app.mounted.root.text_content().unwrap_or_default().contains("First prompt")).await;
    radio(&app.mounted, "5").click();
    button(&app.mounted, "Submit").click();
    wait_for(|| app.mounted.root.text_content().unwrap_or_default().contains("Second prompt")).await;
    radio(&app.mounted, "3").click();
    button(&app.mounted, "Submit").click();
    wait_for(|| app.mounted.root.text_content().unwrap_or_default().contains("All done!")).await;
}

#[wasm_bindgen_test]
async fn every_answer_of_an_acknowledged_batch_leaves_the_pending_window() {
    let records: Vec<Record> = (1..=30).map(|n| record(&format!("r{n}"), &format!("Prompt number {n}."))).collect();
    let app = open_app_on("together-test-batch-acks:", records, Some(5)).await;
    assert_eq!(app.pages.borrow().last().map(|p| p.limit), Some(10));
    for n in 1..=7 {
        wait_for(|| app.mounted.root.text_content().unwrap_or_default().contains(&format!("Prompt number {n}."))).await;
        radio(&app.mounted, "4").click();
        button(&app.mounted, "Submit").click();
        tick().await;
    }
    wait_for(|| app.pages.borrow().len() == 2).await;
    assert_eq!(app.sent.borrow().len(), 5, "one batch of five went out and was acknowledged");
    // Three records still queued, the two answered since the batch, and a page: all five of the batch are gone.
    assert_eq!(app.pages.borrow()[1].limit, 3 + 2 + 10);
}

#[wasm_bindgen_test]
async fn submitting_shows_the_next_record_without_waiting_for_the_server() {
    let records = vec![record("r1", "First prompt"), record("r2", "Second prompt"), record("r3", "Third prompt")];
    let app = open_stalled_app("together-test-stalled:", records).await;
    radio(&app.mounted, "4").click();
    button(&app.mounted, "Submit").click();
    tick().await;
    let text = app.mounted.root.text_content().unwrap();
    assert!(text.contains("Second prompt"), "{text}");
    assert!(text.contains("Sending 1 answer"), "{text}");
    assert_eq!(app.sent.borrow().len(), 1, "the answer went out once");
    let saved = app.storage.get("outbox-v1").unwrap();
    assert!(
        saved.contains("\"record_id\":\"r1\"") && saved.contains("\"quality\":4"),
        "kept on the device until acknowledged: {saved}"
    );
}

#[wasm_bindgen_test]
async fn answering_the_last_record_shows_all_done_with_a_way_to_the_dashboard() {
    let app = open_stalled_app("together-test-done:", vec![record("r1", "Only one")]).await;
    press_key("3", false);
    press_key("Enter", false);
    wait_for(|| app.mounted.root.text_content().unwrap_or_default().contains("All done!")).await;
    let link =
        app.mounted.all("a").into_iter().find(|a| a.text_content().as_deref() == Some("See the dashboard")).unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("#/dashboard/rate"));
}

#[wasm_bindgen_test]
async fn unreadable_saved_answers_are_kept_aside_not_lost() {
    let storage = LocalStore::new("together-test-unreadable:");
    storage.clear();
    assert_eq!(storage.read_json::<together_core::outbox::Outbox>("outbox-v1", 1_000.0), Ok(None));
    storage.set("outbox-v1", "{half an answer").unwrap();
    assert!(storage.read_json::<together_core::outbox::Outbox>("outbox-v1", 1_000.0).is_err());
    assert_eq!(storage.get("outbox-v1-unreadable-1000").as_deref(), Some("{half an answer"));
    assert_eq!(storage.get("outbox-v1").as_deref(), Some("{half an answer"), "the original is not removed either");
    storage.clear();
}

struct FakeTransport(Result<HttpResponse, TransportError>);

impl Transport for FakeTransport {
    fn send(&self, request: HttpRequest) -> HttpFuture<Result<HttpResponse, TransportError>> {
        assert_eq!(request.url, "config.json");
        Box::pin(std::future::ready(self.0.clone()))
    }
}

fn answer(status: u16, body: &str) -> FakeTransport {
    FakeTransport(Ok(HttpResponse { status, headers: vec![], body: body.into() }))
}

#[wasm_bindgen_test]
async fn config_json_is_optional_and_a_broken_one_is_reported() {
    assert_eq!(load_config(&answer(404, "not found")).await, (AppConfig::default(), None));
    let (config, problem) = load_config(&answer(200, r#"{"title":"MPEP","tasks":["mpep-ar"]}"#)).await;
    assert_eq!((config.title.as_deref(), problem), (Some("MPEP"), None));
    let (config, problem) = load_config(&answer(200, "{oops")).await;
    assert_eq!(config, AppConfig::default());
    assert!(problem.unwrap().contains("config.json is not valid"));
    let (_, problem) = load_config(&FakeTransport(Err(TransportError("offline".into())))).await;
    assert!(problem.unwrap().contains("offline"));
}

/// A scripted reply: method, path, status, body.
type Reply = (&'static str, &'static str, u16, &'static str);

/// A server that answers each request from a script, in order, and records what was asked.
struct ScriptedServer {
    replies: RefCell<Vec<Reply>>,
    seen: RefCell<Vec<String>>,
}

struct Shared(Rc<ScriptedServer>);

impl Transport for Shared {
    fn send(&self, request: HttpRequest) -> HttpFuture<Result<HttpResponse, TransportError>> {
        let server = &self.0;
        let path = request.url.trim_start_matches("http://argilla.test/api/v1").to_owned();
        server.seen.borrow_mut().push(format!("{} {path}", request.method));
        let next = server.replies.borrow_mut().remove(0);
        assert_eq!((request.method, path.as_str()), (next.0, next.1), "unexpected request");
        let key = request.headers.iter().find(|(k, _)| k == "X-Argilla-Api-Key").map(|(_, v)| v.as_str());
        assert_eq!(key, Some("key-1"), "every request carries the API key");
        Box::pin(std::future::ready(Ok(HttpResponse { status: next.2, headers: vec![], body: next.3.into() })))
    }
}

const RESPONSE_BODY: &str =
    r#"{"id":"resp-9","values":{"quality":{"value":4}},"status":"submitted","record_id":"r1","user_id":"u1"}"#;

fn argilla_backend(
    prefix: &str,
    replies: Vec<Reply>,
) -> (together::backend::argilla::ArgillaBackend, Rc<ScriptedServer>, LocalStore) {
    let storage = LocalStore::new(prefix);
    storage.clear();
    storage
        .set(
            "argilla-session",
            r#"{"server":"http://argilla.test","api_key":"key-1","user_id":"u1","username":"ann1"}"#,
        )
        .unwrap();
    let server = Rc::new(ScriptedServer { replies: RefCell::new(replies), seen: RefCell::new(vec![]) });
    let backend = together::backend::argilla::ArgillaBackend::new(
        Rc::new(Shared(server.clone())),
        storage.clone(),
        "http://argilla.test".into(),
        || 1_800_000_000,
    );
    (backend, server, storage)
}

fn submitted(rating: i64) -> OutboxItem {
    let mut outbox = together_core::outbox::Outbox::default();
    let response = Response {
        record_id: "r1".into(),
        user: "ann1".into(),
        status: ResponseStatus::Submitted,
        values: [("quality".to_owned(), AnswerValue::Rating(rating))].into(),
        updated_at_ms: 0.0,
    };
    outbox.enqueue("ds", "r1", together_core::outbox::OutboxOp::Save { response });
    outbox.take_ready(0.0).unwrap()
}

#[wasm_bindgen_test]
async fn an_answer_that_already_exists_on_the_server_is_updated_not_lost() {
    let record = r#"{"id":"r1","status":"pending","fields":{"prompt":"Hi"},"responses":[
        {"id":"other","values":null,"status":"draft","record_id":"r1","user_id":"u2"},
        {"id":"resp-9","values":null,"status":"draft","record_id":"r1","user_id":"u1"}],"suggestions":[]}"#;
    let (backend, server, storage) = argilla_backend(
        "together-test-argilla-409:",
        vec![
            // The answer leaves at once, with no request before it.
            ("POST", "/records/r1/responses", 409, r#"{"detail":"Response already exists for record with id `r1`"}"#),
            ("GET", "/records/r1", 200, Box::leak(record.to_owned().into_boxed_str())),
            ("PUT", "/responses/resp-9", 200, RESPONSE_BODY),
            // The next change goes straight to the response this session now knows.
            ("PUT", "/responses/resp-9", 200, RESPONSE_BODY),
        ],
    );
    assert_eq!(backend.send(submitted(4)).await, Ok(()));
    assert_eq!(backend.send(submitted(5)).await, Ok(()));
    assert_eq!(server.replies.borrow().len(), 0, "{:?}", server.seen.borrow());
    storage.clear();
}

#[wasm_bindgen_test]
async fn a_refused_answer_says_why_and_an_expired_key_asks_for_a_sign_in() {
    let invalid = r#"{"detail":"7 is not a valid rating for rating question.\nValid ratings are: [1, 2, 3, 4, 5]"}"#;
    let unauthorized =
        r#"{"detail":{"code":"argilla.api.errors::UnauthorizedError","params":{"detail":"Invalid token"}}}"#;
    let (backend, _, storage) = argilla_backend(
        "together-test-argilla-422:",
        vec![
            ("POST", "/records/r1/responses", 422, invalid),
            ("POST", "/records/r1/responses", 401, unauthorized),
            ("GET", "/me/datasets/ds/metrics", 500, "Internal Server Error"),
        ],
    );
    let refused = backend.send(submitted(7)).await.unwrap_err();
    assert!(
        matches!(refused.send_outcome(), together_core::outbox::SendOutcome::Rejected(ref m) if m.starts_with("7 is not a valid rating"))
    );
    assert_eq!(backend.send(submitted(7)).await, Err(BackendError::Unauthorized));
    let failed = backend.my_progress("ds".into(), "ann1".into()).await.unwrap_err();
    assert!(matches!(failed, BackendError::Server { status: 500, .. }), "{failed:?}");
    storage.clear();
}

#[wasm_bindgen_test]
async fn the_servers_complaint_is_shown_next_to_the_question_it_names_until_the_answer_changes() {
    let answers = RwSignal::new(Answers::default());
    let message = "7 is not a valid rating for rating question.\nValid ratings are: [1, 2, 3, 4, 5]".to_owned();
    let mounted = mount(move || {
        provide_context(Texts::new(Default::default()));
        view! {
            <RecordForm
                task=rating_task()
                record=record("r1", "Hello")
                answers=answers
                on_action=Callback::new(|_| ())
                refused=Some(message.clone())
            />
        }
    });
    let alert = mounted.text_of("fieldset.rating .question-error");
    assert!(alert.starts_with("The server refused this answer: 7 is not a valid rating"), "{alert}");
    radio(&mounted, "3").click();
    sleep(300).await;
    assert_eq!(answers.get_untracked().rating("quality"), Some(3));
    assert_eq!(mounted.text_of("fieldset.rating .question-error"), "");
}

/// A Hub and its dataset viewer that answer from a script; each request's method, path, headers and body are kept.
struct ScriptedHub {
    replies: RefCell<Vec<Reply>>,
    seen: RefCell<Vec<HttpRequest>>,
}

struct SharedHub(Rc<ScriptedHub>);

impl Transport for SharedHub {
    fn send(&self, request: HttpRequest) -> HttpFuture<Result<HttpResponse, TransportError>> {
        let path = request.url.trim_start_matches("http://hub.test").to_owned();
        let next = self.0.replies.borrow_mut().remove(0);
        assert_eq!((request.method, path.as_str()), (next.0, next.1), "unexpected request");
        self.0.seen.borrow_mut().push(request);
        let headers =
            if next.2 == 404 { vec![("X-Error-Code".to_owned(), "EntryNotFound".to_owned())] } else { vec![] };
        let response = HttpResponse { status: next.2, headers, body: next.3.into() };
        // Like a network, the answer comes later: other requests can start meanwhile.
        Box::pin(async move {
            YieldOnce(false).await;
            Ok(response)
        })
    }
}

/// Pending once, then ready: a request that does not answer within the same poll.
struct YieldOnce(bool);

impl std::future::Future for YieldOnce {
    type Output = ();
    fn poll(mut self: std::pin::Pin<&mut Self>, context: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        if self.0 {
            return std::task::Poll::Ready(());
        }
        self.0 = true;
        context.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

const HUB_TASK: &str = r#"{"task":{"title":"Rate","fields":[{"name":"prompt","title":"Prompt"}],
  "questions":[{"name":"quality","title":"Quality","required":true,"kind":{"rating":{"options":[{"value":1},{"value":2},{"value":3},{"value":4},{"value":5}]}}}]},
  "responses":"mpep/answers"}"#;
const HUB_ROWS: &str =
    r#"{"num_rows_total":2,"rows":[{"row_idx":0,"row":{"prompt":"Hi"}},{"row_idx":1,"row":{"prompt":"Bye"}}]}"#;
const PREUPLOADED: &str = r#"{"files":[{"path":"x","uploadMode":"regular"}],"commitOid":"head1"}"#;

/// The scripted Hubs' address, with the one task `mpep/rate`.
fn test_hub_config() -> together_core::config::HubConfig {
    together_core::config::HubConfig {
        endpoint: "http://hub.test".into(),
        datasets_server: "http://hub.test/viewer".into(),
        tasks: vec!["mpep/rate".into()],
        compact_after: together_core::config::COMPACT_AFTER,
    }
}

fn hub_backend(replies: Vec<Reply>) -> (HubBackend, Rc<ScriptedHub>, LocalStore) {
    let storage = LocalStore::new("test-hub:");
    storage.clear();
    storage.set("session", r#"{"access_token":"hf_oauth_ana","expires_at_ms":null,"username":"ana"}"#).unwrap();
    storage.set("device", "dev1").unwrap();
    let hub = Rc::new(ScriptedHub { replies: RefCell::new(replies), seen: RefCell::new(vec![]) });
    let config = test_hub_config();
    let backend =
        HubBackend::new(Rc::new(SharedHub(hub.clone())), storage.clone(), config, vec!["mpep/rate".into()], None);
    (backend, hub, storage)
}

/// The scripted Hub's replies when a task is opened and its answers listed at head `h1` (the definition, the
/// viewer's rows, the responses repo's head and `tree`, its listing), followed by `then`.
fn opening_at_h1(tree: &'static str, then: Vec<Reply>) -> Vec<Reply> {
    let mut replies = vec![
        ("GET", "/datasets/mpep/rate/resolve/main/together.json", 200, HUB_TASK),
        ("GET", "/viewer/rows?dataset=mpep%2Frate&config=default&split=train&offset=0&length=100", 200, HUB_ROWS),
        ("GET", "/api/datasets/mpep/answers/revision/main", 200, r#"{"sha":"h1"}"#),
        ("GET", "/api/datasets/mpep/answers/tree/h1/data?recursive=true", 200, tree),
    ];
    replies.extend(then);
    replies
}

fn rated(record: &str, rating: i64, seq_from: &mut together_core::outbox::Outbox) -> OutboxItem {
    let response = Response {
        record_id: record.into(),
        user: "ana".into(),
        status: ResponseStatus::Submitted,
        values: [("quality".to_owned(), AnswerValue::Rating(rating))].into(),
        updated_at_ms: 5.0,
    };
    seq_from.enqueue("mpep/rate", record, together_core::outbox::OutboxOp::Save { response });
    seq_from.take_ready(0.0).unwrap()
}

#[wasm_bindgen_test]
async fn a_hub_batch_without_write_access_becomes_a_pull_request_and_a_moved_head_is_retried() {
    let (backend, hub, storage) = hub_backend(vec![
        ("GET", "/datasets/mpep/rate/resolve/main/together.json", 200, HUB_TASK),
        ("GET", "/viewer/rows?dataset=mpep%2Frate&config=default&split=train&offset=0&length=100", 200, HUB_ROWS),
        ("POST", "/api/datasets/mpep/answers/preupload/main", 403, r#"{"error":"not a member"}"#),
        ("POST", "/api/datasets/mpep/answers/preupload/main?create_pr=1", 200, PREUPLOADED),
        ("POST", "/api/datasets/mpep/answers/commit/main?create_pr=1", 412, r#"{"error":"The branch was updated"}"#),
        ("POST", "/api/datasets/mpep/answers/preupload/main?create_pr=1", 200, PREUPLOADED),
        (
            "POST",
            "/api/datasets/mpep/answers/commit/main?create_pr=1",
            200,
            r#"{"success":true,"commitOid":"c2","commitUrl":"u","pullRequestUrl":"http://hub.test/datasets/mpep/answers/discussions/4"}"#,
        ),
        ("POST", "/api/datasets/mpep/answers/preupload/refs%2Fpr%2F4", 200, PREUPLOADED),
        (
            "POST",
            "/api/datasets/mpep/answers/commit/refs%2Fpr%2F4",
            200,
            r#"{"success":true,"commitOid":"c3","commitUrl":"u"}"#,
        ),
    ]);
    let mut outbox = together_core::outbox::Outbox::default();
    let batch = vec![rated("0", 4, &mut outbox), rated("1", 2, &mut outbox)];
    backend.send_batch(batch).await.unwrap();
    assert_eq!(storage.get("pr:mpep/answers:ana").as_deref(), Some("refs/pr/4"), "the pull request is remembered");
    let mut later = together_core::outbox::Outbox::default();
    backend.send_batch(vec![rated("0", 5, &mut later)]).await.unwrap();
    assert!(hub.replies.borrow().is_empty());
    let seen = hub.seen.borrow();
    // Public reads go anonymously (no preflight); writes carry the token.
    let signed = |r: &HttpRequest| r.headers.contains(&("Authorization".into(), "Bearer hf_oauth_ana".into()));
    assert!(seen.iter().all(|r| signed(r) == (r.method != "GET")), "{seen:?}");
    let commit = seen[6].body.clone().unwrap();
    let mut lines = commit.lines();
    assert_eq!(
        lines.next(),
        Some(r#"{"key":"header","value":{"summary":"2 answers from ana (Together)","parentCommit":"head1"}}"#)
    );
    let file = lines.next().unwrap();
    assert!(file.contains(r#""path":"data/ana/dev1-00000000-00000001.jsonl""#), "{file}");
    assert!(seen[6].headers.contains(&("Content-Type".into(), "application/x-ndjson".into())));
    storage.clear();
}

#[wasm_bindgen_test]
async fn hub_progress_is_read_back_from_the_responses_repo_and_an_expired_session_keeps_answers() {
    let line_a = r#"{"record_id":"0","user":"ana","status":"submitted","values":{"quality":4},"updated_at_ms":1.0}"#;
    let file: &'static str = Box::leak(format!("{line_a}\nnot json\n").into_boxed_str());
    let (backend, _hub, storage) = hub_backend(vec![
        ("GET", "/datasets/mpep/rate/resolve/main/together.json", 200, HUB_TASK),
        (
            "GET",
            "/viewer/rows?dataset=mpep%2Frate&config=default&split=train&offset=0&length=100",
            500,
            r#"{"error":"ResponseNotReady"}"#,
        ),
    ]);
    // The viewer has not processed the dataset and there is no raw file to fall back on: the error says so.
    let failed = backend.pending("mpep/rate".into(), "ana".into(), PageRequest { offset: 0, limit: 10 }).await;
    assert!(matches!(failed, Err(BackendError::Server { status: 500, .. })), "{failed:?}");
    storage.clear();

    let (backend, _hub, storage) = hub_backend(opening_at_h1(
        r#"[{"type":"file","path":"data/ana/d-1-1.jsonl"},{"type":"file","path":"data/ben/d-1-1.jsonl"}]"#,
        vec![
            ("GET", "/datasets/mpep/answers/resolve/h1/data/ana/d-1-1.jsonl", 200, file),
            ("GET", "/datasets/mpep/answers/resolve/h1/data/ben/d-1-1.jsonl", 404, ""),
        ],
    ));
    let pending =
        backend.pending("mpep/rate".into(), "ana".into(), PageRequest { offset: 0, limit: 10 }).await.unwrap();
    assert_eq!(pending.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["1"], "record 0 is answered");
    let mine = backend.my_progress("mpep/rate".into(), "ana".into()).await.unwrap();
    assert_eq!(mine.submitted, 1);
    // The session ran out: nothing is sent, and the outbox keeps the answer for after the next sign-in.
    storage.set("session", r#"{"access_token":"hf_oauth_ana","expires_at_ms":1000,"username":"ana"}"#).unwrap();
    let expired = HubBackend::new(
        Rc::new(SharedHub(Rc::new(ScriptedHub { replies: RefCell::new(vec![]), seen: RefCell::new(vec![]) }))),
        storage.clone(),
        together_core::config::HubConfig::default(),
        vec!["mpep/rate".into()],
        None,
    );
    assert!(!expired.signed_in());
    let mut outbox = together_core::outbox::Outbox::default();
    assert_eq!(expired.send_batch(vec![rated("1", 3, &mut outbox)]).await, Err(BackendError::Unauthorized));
    storage.clear();
}

#[wasm_bindgen_test]
async fn pages_asking_at_once_share_one_read_of_the_task_and_of_its_responses() {
    let line = r#"{"record_id":"0","user":"ana","status":"submitted","values":{"quality":4},"updated_at_ms":1.0}"#;
    // Each request is scripted once: a second read of the same thing would not match the script.
    let (backend, hub, storage) = hub_backend(opening_at_h1(
        r#"[{"type":"file","path":"data/ana/d-1-1.jsonl"}]"#,
        vec![("GET", "/datasets/mpep/answers/resolve/h1/data/ana/d-1-1.jsonl", 200, line)],
    ));
    let (mine, team, pending) = futures::join!(
        backend.my_progress("mpep/rate".into(), "ana".into()),
        backend.team_progress("mpep/rate".into()),
        backend.pending("mpep/rate".into(), "ana".into(), PageRequest { offset: 0, limit: 10 }),
    );
    assert_eq!(mine.unwrap().submitted, 1);
    assert_eq!(team.unwrap().submitted, 1);
    assert_eq!(pending.unwrap().iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["1"]);
    assert!(hub.replies.borrow().is_empty());
    assert_eq!(hub.seen.borrow().len(), 5);
    storage.clear();
}

#[wasm_bindgen_test]
async fn an_answers_file_the_hub_cannot_serve_now_fails_the_read_and_alone_is_read_again() {
    let ana = r#"{"record_id":"0","user":"ana","status":"submitted","values":{"quality":4},"updated_at_ms":1.0}"#;
    let ben = r#"{"record_id":"1","user":"ben","status":"submitted","values":{"quality":2},"updated_at_ms":1.0}"#;
    let tree = r#"[{"type":"file","path":"data/ana/d-1-1.jsonl"},{"type":"file","path":"data/ben/d-1-1.jsonl"}]"#;
    let (backend, hub, storage) = hub_backend(opening_at_h1(
        tree,
        vec![
            ("GET", "/datasets/mpep/answers/resolve/h1/data/ana/d-1-1.jsonl", 200, ana),
            ("GET", "/datasets/mpep/answers/resolve/h1/data/ben/d-1-1.jsonl", 503, "Slow down"),
            // Asked again: the head and its listing, then only the file still missing.
            ("GET", "/api/datasets/mpep/answers/revision/main", 200, r#"{"sha":"h1"}"#),
            ("GET", "/api/datasets/mpep/answers/tree/h1/data?recursive=true", 200, tree),
            ("GET", "/datasets/mpep/answers/resolve/h1/data/ben/d-1-1.jsonl", 200, ben),
        ],
    ));
    let failed = backend.team_progress("mpep/rate".into()).await;
    assert!(matches!(failed, Err(BackendError::Server { status: 503, .. })), "{failed:?}");
    assert_eq!(backend.team_progress("mpep/rate".into()).await.unwrap().submitted, 2);
    assert!(hub.replies.borrow().is_empty());
    storage.clear();
}

#[wasm_bindgen_test]
async fn the_embed_panel_gives_code_for_the_options_chosen_and_keeps_a_hostile_title_as_text() {
    let title = "\"><img src=x onerror=alert(1)>";
    let mounted = mount(move || view! { <EmbedPanel tasks=vec!["org/task".to_owned()] title=title/> });
    let embed = button(&mounted, "Embed");
    let panel = mounted.all("#embed-panel").pop().expect("the panel");
    assert_eq!(embed.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(panel.has_attribute("hidden"));
    embed.click();
    sleep(0).await;
    assert_eq!(embed.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(!panel.has_attribute("hidden"));
    // The preview loads only now that the panel is open.
    let preview = mounted.all("#embed-panel iframe").pop().unwrap();
    assert!(preview.get_attribute("src").unwrap().ends_with("embed/index.html#/embed/progress?tasks=org%2Ftask"));

    let code = || -> String {
        let area: web_sys::HtmlTextAreaElement = mounted.all("#embed-code").pop().unwrap().dyn_into().unwrap();
        area.value()
    };
    assert!(code().contains("data-together-progress=\"tasks=org%2Ftask\""), "{}", code());
    assert!(code().contains("data-title=\"Progress of &quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""), "{}", code());
    assert!(mounted.all("#embed-panel img").is_empty());

    let change = |element: &web_sys::Element| {
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        element.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    };
    let theme: web_sys::HtmlSelectElement = mounted.all("select[name=theme]").pop().unwrap().dyn_into().unwrap();
    theme.set_value("light");
    change(&theme);
    let contributors: web_sys::HtmlInputElement =
        mounted.all("input[type=checkbox][name=contributors]").pop().unwrap().dyn_into().unwrap();
    contributors.set_checked(false);
    change(&contributors);
    assert!(
        code().contains("data-together-progress=\"tasks=org%2Ftask&amp;theme=light&amp;contributors=off\""),
        "{}",
        code()
    );
    assert!(preview.get_attribute("src").unwrap().ends_with("?tasks=org%2Ftask&theme=light&contributors=off"));
    let frame: web_sys::HtmlTextAreaElement = mounted.all("#embed-frame").pop().unwrap().dyn_into().unwrap();
    assert!(frame.value().contains("height=\"200\""), "{}", frame.value());
}

#[wasm_bindgen_test]
async fn a_slower_older_load_never_overwrites_a_newer_one() {
    use together::pages::Load;
    // Each load waits until the test lets it finish; the first is let go last.
    let finish: Rc<RefCell<Vec<Option<u32>>>> = Rc::new(RefCell::new(Vec::new()));
    let loads = finish.clone();
    let load = RwSignal::new(None::<Load<u32>>);
    let _mounted = mount(move || {
        let started = loads.clone();
        let made = Load::new(move || {
            let slot = {
                let mut all = started.borrow_mut();
                all.push(None);
                all.len() - 1
            };
            let started = started.clone();
            Box::pin(async move {
                loop {
                    if let Some(value) = started.borrow()[slot] {
                        return Ok(value);
                    }
                    sleep(5).await;
                }
            })
        });
        load.set(Some(made));
        view! { <p>{move || format!("{:?}", made.value.get())}</p> }
    });
    wait_for(|| finish.borrow().len() == 1).await;
    load.get_untracked().unwrap().retry().run(());
    wait_for(|| finish.borrow().len() == 2).await;
    finish.borrow_mut()[1] = Some(2);
    wait_for(|| load.get_untracked().unwrap().value.get_untracked() == Some(Ok(2))).await;
    finish.borrow_mut()[0] = Some(1);
    sleep(60).await;
    assert_eq!(load.get_untracked().unwrap().value.get_untracked(), Some(Ok(2)), "the older answer came later");
}

#[wasm_bindgen_test]
async fn a_hub_draft_stays_on_the_device_and_only_submitted_answers_are_committed() {
    let (backend, hub, storage) = hub_backend(vec![
        ("GET", "/datasets/mpep/rate/resolve/main/together.json", 200, HUB_TASK),
        ("GET", "/viewer/rows?dataset=mpep%2Frate&config=default&split=train&offset=0&length=100", 200, HUB_ROWS),
        ("POST", "/api/datasets/mpep/answers/preupload/main", 200, PREUPLOADED),
        ("POST", "/api/datasets/mpep/answers/commit/main", 200, r#"{"success":true,"commitOid":"c2","commitUrl":"u"}"#),
        ("GET", "/api/datasets/mpep/answers/revision/main", 200, r#"{"sha":"c2"}"#),
        (
            "GET",
            "/api/datasets/mpep/answers/tree/c2/data?recursive=true",
            200,
            r#"[{"type":"file","path":"data/ana/dev1-00000001-00000001.jsonl"}]"#,
        ),
    ]);
    let mut outbox = together_core::outbox::Outbox::default();
    let half_typed = Response {
        record_id: "0".into(),
        user: "ana".into(),
        status: ResponseStatus::Draft,
        values: [("quality".to_owned(), AnswerValue::Rating(2))].into(),
        updated_at_ms: 4.0,
    };
    outbox.enqueue("mpep/rate", "0", together_core::outbox::OutboxOp::Save { response: half_typed });
    let draft = outbox.take_ready(0.0).unwrap();
    let batch = vec![draft, rated("1", 5, &mut outbox)];
    backend.send_batch(batch).await.unwrap();
    let commit = hub.seen.borrow()[3].body.clone().unwrap();
    assert!(!commit.contains("draft") && commit.contains("00000001-00000001"), "only the submitted answer: {commit}");
    let record = backend.record("mpep/rate".into(), "0".into(), "ana".into()).await.unwrap();
    let mine = record.mine.expect("the draft is still mine, on this device");
    assert_eq!((mine.status, mine.values.get("quality")), (ResponseStatus::Draft, Some(&AnswerValue::Rating(2))));
    let submitted = backend.record("mpep/rate".into(), "1".into(), "ana".into()).await.unwrap();
    assert_eq!(submitted.mine.map(|m| m.status), Some(ResponseStatus::Submitted));
    assert!(hub.replies.borrow().is_empty());
    storage.clear();
}

#[wasm_bindgen_test]
async fn a_private_repo_refused_anonymously_is_read_again_with_the_token() {
    let (backend, hub, storage) = hub_backend(vec![
        ("GET", "/datasets/mpep/rate/resolve/main/together.json", 401, r#"{"error":"Repository not found"}"#),
        ("GET", "/datasets/mpep/rate/resolve/main/together.json", 200, HUB_TASK),
        ("GET", "/viewer/rows?dataset=mpep%2Frate&config=default&split=train&offset=0&length=100", 200, HUB_ROWS),
    ]);
    let task = backend.task("mpep/rate".into()).await.unwrap();
    assert_eq!(task.title, "Rate");
    let seen = hub.seen.borrow();
    let signed: Vec<bool> = seen.iter().map(|r| r.headers.iter().any(|(name, _)| name == "Authorization")).collect();
    assert_eq!(signed, [false, true, false]);
    storage.clear();
}

/// Replace `fetch` with one that records each request and never answers; `seen()` reads what it recorded.
fn hanging_fetch() -> impl Fn(&str) -> wasm_bindgen::JsValue {
    js_sys::eval(
        "window.__realFetch = window.__realFetch || window.fetch; window.__seen = [];
         window.fetch = (request) => { window.__seen.push(request); return new Promise(() => {}); };",
    )
    .unwrap();
    |expression: &str| js_sys::eval(&format!("(() => {{ const r = window.__seen; return {expression}; }})()")).unwrap()
}

fn real_fetch() {
    js_sys::eval("if (window.__realFetch) window.fetch = window.__realFetch;").unwrap();
}

#[wasm_bindgen_test]
async fn a_read_is_aborted_when_its_page_goes_away_and_a_write_is_not() {
    use together::http::FetchTransport;
    use together::pages::Load;
    let seen = hanging_fetch();
    let mounted = mount(|| {
        let load = Load::new(|| {
            Box::pin(async {
                let reply = FetchTransport.send(HttpRequest::get("/never-answers")).await;
                reply.map(|r| r.status).map_err(|e| BackendError::Offline(e.0))
            })
        });
        view! { <p>{move || format!("{:?}", load.value.get())}</p> }
    });
    wait_for(|| seen("r.length") == 1).await;
    assert_eq!(seen("r[0].signal.aborted"), wasm_bindgen::JsValue::FALSE, "on its way while the page is there");
    drop(mounted);
    wait_for(|| seen("r[0].signal.aborted") == wasm_bindgen::JsValue::TRUE).await;

    // A write (an answer on its way) outlives whatever asked for it: keepalive, and never aborted.
    let write = FetchTransport.send(HttpRequest {
        method: "POST",
        url: "/answers".into(),
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: Some("{}".into()),
        immutable: false,
    });
    // Its future is dropped 20 ms after it was sent.
    let _ = futures::future::select(write, Box::pin(sleep(20))).await;
    sleep(20).await;
    let written = js_sys::JSON::stringify(&seen("[r.length, r[1].keepalive, r[1].signal.aborted]")).unwrap();
    assert_eq!(String::from(written), "[2,true,false]");
    real_fetch();
}

/// A Hub whose answers are in many files, counting how many requests are on the wire at once.
struct CrowdedHub {
    files: usize,
    in_flight: std::cell::Cell<usize>,
    most: std::cell::Cell<usize>,
    asked: std::cell::Cell<usize>,
}

struct SharedCrowd(Rc<CrowdedHub>);

impl Transport for SharedCrowd {
    fn send(&self, request: HttpRequest) -> HttpFuture<Result<HttpResponse, TransportError>> {
        let hub = self.0.clone();
        hub.in_flight.set(hub.in_flight.get() + 1);
        hub.most.set(hub.most.get().max(hub.in_flight.get()));
        hub.asked.set(hub.asked.get() + 1);
        let path = request.url.trim_start_matches("http://hub.test").to_owned();
        let body = if path.ends_with("together.json") {
            HUB_TASK.to_owned()
        } else if path.starts_with("/viewer/rows") {
            HUB_ROWS.to_owned()
        } else if path.ends_with("/revision/main") {
            r#"{"sha":"h1"}"#.to_owned()
        } else if path.contains("/tree/") {
            let entries: Vec<String> =
                (0..hub.files).map(|i| format!(r#"{{"type":"file","path":"data/u{i}/d-1-1.jsonl"}}"#)).collect();
            format!("[{}]", entries.join(","))
        } else {
            let user = path.split("/data/").nth(1).and_then(|p| p.split('/').next()).unwrap_or_default().to_owned();
            format!(
                r#"{{"record_id":"0","user":"{user}","status":"submitted","values":{{"quality":3}},"updated_at_ms":1}}"#
            )
        };
        Box::pin(async move {
            for _ in 0..3 {
                YieldOnce(false).await;
            }
            hub.in_flight.set(hub.in_flight.get() - 1);
            Ok(HttpResponse { status: 200, headers: vec![], body })
        })
    }
}

#[wasm_bindgen_test]
async fn a_task_of_many_answer_files_reads_them_all_a_handful_at_a_time() {
    let storage = LocalStore::new("test-crowd:");
    storage.clear();
    let hub = Rc::new(CrowdedHub {
        files: 120,
        in_flight: Default::default(),
        most: Default::default(),
        asked: Default::default(),
    });
    let config = test_hub_config();
    let backend =
        HubBackend::new(Rc::new(SharedCrowd(hub.clone())), storage.clone(), config, vec!["mpep/rate".into()], None);
    let figures = backend.dashboard("mpep/rate".into()).await.unwrap();
    assert_eq!(figures.progress.submitted, 120, "every file counts");
    assert_eq!(figures.progress.contributors, 120);
    assert_eq!(hub.asked.get(), 4 + 120);
    assert!(hub.most.get() <= 6, "at most six requests at once, not {}", hub.most.get());
    assert!(hub.most.get() >= 2, "but more than one: {}", hub.most.get());
    storage.clear();
}

#[wasm_bindgen_test]
fn a_request_refused_while_the_device_is_online_is_not_called_offline() {
    assert!(web_sys::window().unwrap().navigator().on_line());
    let said = BackendError::Offline("Failed to fetch".into()).message_in(&together_core::i18n::I18n::english());
    assert!(
        said.starts_with("The request could not be made (Failed to fetch), though this device is online"),
        "{said}"
    );
    assert!(!said.contains("offline"), "{said}");
}

#[wasm_bindgen_test]
async fn a_task_naming_its_records_file_reads_it_in_one_request_and_the_viewer_only_when_it_is_missing() {
    const TASK_WITH_FILE: &str = r#"{"task":{"title":"Rate","fields":[{"name":"prompt","title":"Prompt"}],
      "questions":[{"name":"quality","title":"Quality","required":true,"kind":{"rating":{"options":[{"value":1},{"value":2}]}}}]},
      "records":{"path":"data/train.jsonl","id_column":"id"},"responses":"mpep/answers"}"#;
    let rows: &'static str = Box::leak(
        (0..1_000)
            .map(|i| format!("{{\"id\":\"r{i:04}\",\"prompt\":\"Prompt {i}\"}}\n"))
            .collect::<String>()
            .into_boxed_str(),
    );
    let answers = [
        ("GET", "/api/datasets/mpep/answers/revision/main", 200, r#"{"sha":"h1"}"#),
        ("GET", "/api/datasets/mpep/answers/tree/h1/data?recursive=true", 404, ""),
    ];
    // A thousand records: one request for them (the viewer would take ten).
    let mut replies = vec![
        ("GET", "/datasets/mpep/rate/resolve/main/together.json", 200, TASK_WITH_FILE),
        ("GET", "/datasets/mpep/rate/resolve/main/data/train.jsonl", 200, rows),
    ];
    replies.extend(answers);
    let (backend, hub, storage) = hub_backend(replies);
    let team = backend.team_progress("mpep/rate".into()).await.unwrap();
    assert_eq!(team.records, 1_000);
    assert_eq!(hub.seen.borrow().len(), 4, "the definition, the records file, the head and the listing");
    storage.clear();

    // The file is gone (renamed, say): the viewer serves the rows.
    let mut replies = vec![
        ("GET", "/datasets/mpep/rate/resolve/main/together.json", 200, TASK_WITH_FILE),
        ("GET", "/datasets/mpep/rate/resolve/main/data/train.jsonl", 404, ""),
        ("GET", "/viewer/rows?dataset=mpep%2Frate&config=default&split=train&offset=0&length=100", 200, HUB_ROWS),
    ];
    replies.extend(answers);
    let (backend, hub, storage) = hub_backend(replies);
    assert_eq!(backend.team_progress("mpep/rate".into()).await.unwrap().records, 2);
    assert!(hub.replies.borrow().is_empty());
    storage.clear();

    // A file that cannot be read is said as it is, naming the place, not hidden behind the viewer.
    let (backend, _hub, storage) = hub_backend(vec![
        ("GET", "/datasets/mpep/rate/resolve/main/together.json", 200, TASK_WITH_FILE),
        ("GET", "/datasets/mpep/rate/resolve/main/data/train.jsonl", 200, "{\"id\":\"r1\",\"prompt\":\"ok\"}\n{oops\n"),
    ]);
    let failed = backend.team_progress("mpep/rate".into()).await;
    assert!(
        matches!(&failed, Err(BackendError::Malformed(m)) if m.starts_with("mpep/rate/data/train.jsonl, line 2")),
        "{failed:?}"
    );
    storage.clear();
}

/// What the browser's `Intl.NumberFormat` writes for `n` in `code`, with `options` (`[key, value]` pairs).
fn intl(code: &str, options: &[(&str, wasm_bindgen::JsValue)], n: f64) -> String {
    let object = js_sys::Object::new();
    for (key, value) in options {
        js_sys::Reflect::set(&object, &(*key).into(), value).unwrap();
    }
    let format = js_sys::Intl::NumberFormat::new(&js_sys::Array::of1(&code.into()), &object);
    format.format().call1(&wasm_bindgen::JsValue::NULL, &n.into()).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
fn every_language_writes_numbers_and_percentages_as_the_browsers_intl_does() {
    // Counts from 0 to beyond a billion (every length, every grouping), decimals and percentages with one
    // decimal, in each of the interface's languages: the style read from Intl once, applied by core, gives what
    // Intl itself writes.
    let mut counts: Vec<u64> = (0..=1_100).collect();
    let mut x: u64 = 12_345;
    for _ in 0..400 {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        counts.push((x >> 20) % 10u64.pow(1 + (x % 10) as u32));
    }
    counts.extend((1..=10).map(|k| 10u64.pow(k)));
    for locale in together_core::i18n::Locale::ALL {
        let code = locale.code();
        let style = together::i18n::number_style(code);
        for &n in &counts {
            assert_eq!(style.write(&n.to_string()), intl(code, &[], n as f64), "{code}: {n}");
        }
        for plain in ["0.82", "0.5", "12.25", "1234.5"] {
            assert_eq!(style.write(plain), intl(code, &[], plain.parse().unwrap()), "{code}: {plain}");
        }
        let one =
            [("style", "percent".into()), ("minimumFractionDigits", 1.into()), ("maximumFractionDigits", 1.into())];
        for tenths in [0u64, 5, 375, 1000, 999] {
            let plain = format!("{}.{}", tenths / 10, tenths % 10);
            assert_eq!(style.percent(&plain), intl(code, &one, tenths as f64 / 1000.0), "{code}: {plain}%");
        }
    }
}
