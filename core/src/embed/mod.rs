//! The embeddable progress widget: its options (read from its own URL), the code a page owner pastes to
//! embed it, and the HTML it shows. The widget's Wasm (`widget/`) only fetches figures and puts this HTML on
//! its page, so everything it says is decided and tested here.

mod decode;
mod figures;
mod kept;
mod options;
mod render;
mod snippets;
mod texts;

pub use decode::*;
pub use figures::*;
pub use kept::*;
pub use options::*;
pub use render::*;
pub use snippets::*;
pub use texts::*;

/// Where the widget lives, relative to the app's own folder.
pub const WIDGET_DIR: &str = "embed/";
/// The page of the app and of the widget, named: a static host need not serve a folder's index.
pub const PAGE: &str = "index.html";
/// The one-file script that creates and resizes the widget's frame.
pub const LOADER: &str = "together-embed.js";
/// The route of the widget inside its page (`#/embed/progress?…`); the query form (`?…`) works as well.
pub const ROUTE: &str = "#/embed/progress";
/// The message the widget posts to its host page whenever its height changes.
pub const HEIGHT_MESSAGE: &str = "together:height";
/// Refresh interval bounds, in seconds.
pub const DEFAULT_EVERY_S: u32 = 60;
pub const MIN_EVERY_S: u32 = 5;
/// Contributors shown in the full widget.
pub const TOP: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{english, Locale, Msg};
    use crate::model::{Response, ResponseStatus};
    use crate::stats::{leaderboard, task_progress, TaskProgress};
    use crate::wire::hub::LineStatus;
    use std::collections::BTreeMap;

    fn response(record: &str, user: &str, status: ResponseStatus) -> Response {
        Response {
            record_id: record.to_owned(),
            user: user.to_owned(),
            status,
            values: BTreeMap::new(),
            updated_at_ms: 0.0,
        }
    }

    fn submitted(record: &str, user: &str) -> Response {
        response(record, user, ResponseStatus::Submitted)
    }

    #[test]
    fn defaults_need_no_query() {
        let options = EmbedOptions::parse("");
        assert_eq!(options, EmbedOptions::default());
        assert_eq!(options.query(), "");
        assert!(options.contributors && !options.compact && !options.transparent);
        assert_eq!(options.every_s, 60);
    }

    #[test]
    fn every_option_is_read_and_written_back() {
        let options = EmbedOptions::parse(
            "tasks=mpep-spanish,org%2Fmpep-dutch&theme=dark&lang=ar-EG&mode=compact&contributors=off&transparent=1&every=15",
        );
        assert_eq!(options.tasks, ["mpep-spanish", "org/mpep-dutch"]);
        assert_eq!(options.theme, Theme::Dark);
        assert_eq!(options.lang, Some(Locale::Ar));
        assert!(options.compact && !options.contributors && options.transparent);
        assert_eq!(options.every_s, 15);
        assert_eq!(EmbedOptions::parse(&options.query()), options);
        assert_eq!(
            options.query(),
            "tasks=mpep-spanish,org%2Fmpep-dutch&theme=dark&lang=ar&mode=compact&contributors=off&transparent=1&every=15"
        );
    }

    #[test]
    fn unknown_or_bad_values_keep_the_defaults() {
        let options = EmbedOptions::parse("theme=purple&lang=xx&contributors=maybe&every=soon&colour=red&tasks=,,");
        assert_eq!(options, EmbedOptions::default());
        assert_eq!(EmbedOptions::parse("every=1").every_s, MIN_EVERY_S);
        assert_eq!(EmbedOptions::parse("every=99999999").every_s, 24 * 3600);
        assert!(EmbedOptions::parse("transparent").transparent);
        assert_eq!(EmbedOptions::parse("theme=light").theme, Theme::Light);
        assert_eq!(EmbedOptions::parse("task=a&task=b").tasks, ["a", "b"]);
    }

    #[test]
    fn the_route_form_wins_over_the_query_form() {
        assert_eq!(EmbedOptions::from_location("?theme=dark", "#/embed/progress?theme=light").theme, Theme::Light);
        assert_eq!(EmbedOptions::from_location("?theme=dark", "").theme, Theme::Dark);
        assert_eq!(EmbedOptions::from_location("?theme=dark", "#/embed/progress").theme, Theme::Auto);
        assert_eq!(EmbedOptions::from_location("?theme=dark", "#/t/x").theme, Theme::Dark);
    }

    #[test]
    fn the_app_base_is_the_folder_of_its_page() {
        assert_eq!(app_base("https://x.hf.space/dist/index.html#/dashboard/a"), "https://x.hf.space/dist/");
        assert_eq!(app_base("https://x.hf.space/dist/?lang=es"), "https://x.hf.space/dist/");
        assert_eq!(app_base("https://x.hf.space"), "https://x.hf.space/");
        assert_eq!(app_base("http://127.0.0.1:8080/"), "http://127.0.0.1:8080/");
    }

    #[test]
    fn snippets_point_at_the_widget_and_escape_what_they_carry() {
        let options = EmbedOptions { tasks: vec!["org/a".into()], compact: true, ..Default::default() };
        let base = "https://x.hf.space/dist/";
        assert_eq!(
            widget_url(base, &options),
            "https://x.hf.space/dist/embed/index.html#/embed/progress?tasks=org%2Fa&mode=compact"
        );
        assert_eq!(
            widget_url(base, &EmbedOptions::default()),
            "https://x.hf.space/dist/embed/index.html#/embed/progress"
        );
        let script = script_snippet(base, &options, "Progress of \"A\" <b>");
        assert_eq!(
            script,
            "<script async src=\"https://x.hf.space/dist/embed/together-embed.js\" \
             data-together-progress=\"tasks=org%2Fa&amp;mode=compact\" \
             data-title=\"Progress of &quot;A&quot; &lt;b&gt;\"></script>"
        );
        let frame = iframe_snippet(base, &options, "P");
        assert!(frame.starts_with("<iframe src=\"https://x.hf.space/dist/embed/index.html#/embed/progress?tasks=org%2Fa&amp;mode=compact\" title=\"P\""), "{frame}");
        assert!(frame.contains("height=\"96\""));
    }

    fn input<'a>(id: &'a str, records: usize, min: u32, responses: &'a [Response]) -> TaskInput<'a> {
        TaskInput { id, title: id, records, min_submitted: min, responses: responses.iter().collect() }
    }

    #[test]
    fn figures_add_tasks_up_and_count_each_contributor_once() {
        let es = [
            submitted("1", "ana"),
            submitted("1", "bo"),
            submitted("2", "ana"),
            response("3", "cy", ResponseStatus::Draft),
        ];
        let nl = [submitted("1", "bo"), submitted("2", "bo"), submitted("3", "dee")];
        let figures = Figures::of(vec![input("es", 4, 2, &es), input("nl", 3, 1, &nl)], None);
        assert_eq!(figures.tasks[0].progress.completed, 1);
        assert_eq!(figures.tasks[0].progress.counted_responses, 3);
        assert_eq!(figures.tasks[1].progress.completed, 3);
        assert_eq!(figures.total.records, 7);
        assert_eq!(figures.total.completed, 4);
        assert_eq!(figures.total.target_responses, 11);
        assert_eq!(figures.total.counted_responses, 6);
        assert_eq!(figures.total.submitted, 6);
        assert_eq!(figures.total.drafts, 1);
        // ana, bo, dee: a draft is not a contribution, and bo counts once across both tasks.
        assert_eq!(figures.total.contributors, 3);
        let top: Vec<(&str, usize)> = figures.top.iter().map(|c| (c.user.as_str(), c.submitted)).collect();
        assert_eq!(top, [("bo", 3), ("ana", 2), ("dee", 1)]);
    }

    #[test]
    fn figures_of_nothing_are_zero() {
        let figures = Figures::of(Vec::new(), None);
        assert_eq!(figures.total, TaskProgress::default());
        assert!(figures.top.is_empty());
        let figures = Figures::of(vec![input("empty", 0, 1, &[])], None);
        assert_eq!(figures.total.fraction(), None);
    }

    #[test]
    fn figures_of_a_huge_task_keep_the_top_five_in_a_stable_order() {
        let responses: Vec<Response> =
            (0..10_000).map(|i| submitted(&i.to_string(), &format!("user{:04}", i % 1000))).collect();
        let figures = Figures::of(vec![input("big", 10_000, 1, &responses)], None);
        assert_eq!(figures.total.completed, 10_000);
        assert_eq!(figures.total.contributors, 1000);
        let top: Vec<&str> = figures.top.iter().map(|c| c.user.as_str()).collect();
        // All tied at 10: by name.
        assert_eq!(top, ["user0000", "user0001", "user0002", "user0003", "user0004"]);
    }

    fn shown(figures: Figures) -> WidgetState {
        WidgetState::Shown { figures, age_s: Some(3), error: None }
    }

    #[test]
    fn the_full_widget_shows_progress_contributors_and_where_to_contribute() {
        let es = [submitted("1", "ana"), submitted("2", "ana"), submitted("2", "bo")];
        let figures = Figures::of(vec![input("mpep-es", 4, 1, &es)], Some("https://huggingface.co/".into()));
        let html =
            render(&shown(figures), &EmbedOptions::default(), &WidgetTexts::english(), "https://x.hf.space/dist/");
        assert!(html.contains("<h1><a href=\"https://x.hf.space/dist/index.html#/dashboard/mpep-es\""), "{html}");
        assert!(html.contains("role=\"progressbar\" aria-label=\"mpep-es\" aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"50\""), "{html}");
        assert!(html.contains("50.0% of the target · 2 of 4 records complete"), "{html}");
        assert!(html.contains("2 contributors · 3 answers submitted"), "{html}");
        assert!(html.contains("<a href=\"https://huggingface.co/ana\" target=\"_blank\" rel=\"noopener\">ana</a> <span class=\"count\">2 submitted</span>"), "{html}");
        assert!(html.contains("src=\"https://huggingface.co/api/users/ana/avatar?redirect=true\" alt=\"\""), "{html}");
        assert!(html.contains("href=\"https://x.hf.space/dist/index.html#/t/mpep-es\""), "{html}");
        assert!(html.contains("Updated 3 s ago"));
        let ana = html.find(">ana<").unwrap();
        let bo = html.find(">bo<").unwrap();
        assert!(ana < bo);
    }

    #[test]
    fn compact_and_contributors_off_leave_the_leaderboard_out() {
        let es = [submitted("1", "ana")];
        let figures = Figures::of(vec![input("t", 1, 1, &es)], None);
        for query in ["mode=compact", "contributors=off"] {
            let html = render(&shown(figures.clone()), &EmbedOptions::parse(query), &WidgetTexts::english(), "/");
            assert!(!html.contains("Top contributors"), "{query}: {html}");
            assert!(html.contains("role=\"progressbar\""));
        }
        let html = render(&shown(figures), &EmbedOptions::default(), &WidgetTexts::english(), "/");
        assert!(html.contains("Top contributors"));
        assert!(html.contains("<span class=\"avatar\" aria-hidden=\"true\">A</span><span>ana</span>"), "{html}");
    }

    #[test]
    fn several_tasks_get_a_bar_each_and_a_total() {
        let a = [submitted("1", "ana")];
        let b = [submitted("1", "bo"), submitted("2", "bo")];
        let figures = Figures::of(vec![input("a", 2, 1, &a), input("b", 2, 1, &b)], None);
        let html = render(&shown(figures.clone()), &EmbedOptions::default(), &WidgetTexts::english(), "/");
        assert_eq!(html.matches("role=\"progressbar\"").count(), 3);
        assert!(html.contains("<h1><a href=\"/index.html#/dashboard\""), "{html}");
        assert!(
            html.contains(
                "aria-label=\"All tasks together\" aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"75\""
            ),
            "{html}"
        );
        let compact = render(&shown(figures), &EmbedOptions::parse("mode=compact"), &WidgetTexts::english(), "/");
        assert_eq!(compact.matches("role=\"progressbar\"").count(), 2);
    }

    #[test]
    fn hostile_names_and_errors_are_text() {
        let evil = [submitted("1", "<img src=x onerror=alert(1)>")];
        let mut task = input("t", 1, 1, &evil);
        task.title = "\"><script>alert(1)</script>";
        let figures = Figures::of(vec![task], Some("https://huggingface.co".into()));
        let state = WidgetState::Shown { figures, age_s: None, error: Some("<b>HTTP 500</b>".into()) };
        let html = render(&state, &EmbedOptions::default(), &WidgetTexts::english(), "/");
        assert!(!html.contains("<script>") && !html.contains("<img src=x") && !html.contains("<b>"), "{html}");
        assert!(html.contains("&quot;&gt;&lt;script&gt;"));
        assert!(
            html.contains("Could not refresh (&lt;b&gt;HTTP 500&lt;/b&gt;). These are the last figures read."),
            "{html}"
        );
        assert!(
            html.contains("/api/users/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/avatar?redirect=true"),
            "{html}"
        );
        let failed = render(
            &WidgetState::Failed("<i>offline</i>".into()),
            &EmbedOptions::default(),
            &WidgetTexts::english(),
            "/",
        );
        assert!(failed.contains("role=\"alert\">Progress cannot be shown: &lt;i&gt;offline&lt;/i&gt;</p>"), "{failed}");
        let loading = render(&WidgetState::Loading, &EmbedOptions::default(), &WidgetTexts::english(), "/");
        assert!(loading.contains("role=\"status\">Loading progress…"));
    }

    #[test]
    fn initials_stand_in_for_avatars() {
        assert_eq!(initial("ana"), "A");
        assert_eq!(initial("@ölaf"), "ö");
        assert_eq!(initial("  سارة"), "س");
        assert_eq!(initial("--"), "?");
    }

    #[test]
    fn the_demo_summary_gives_the_figures_of_the_whole_demo() {
        let text = include_str!("../../data/demo-tasks.json");
        let full: crate::demo::DemoBundle = serde_json::from_str(text).unwrap();
        let summary: DemoSummary = serde_json::from_str(text).unwrap();
        let seeded = crate::demo::DemoStore::seeded(&full, 1.0e12);
        assert_eq!(summary.tasks.len(), full.tasks.len());
        for (light, demo) in summary.tasks.iter().zip(&full.tasks) {
            let responses = light.responses(None);
            let progress = task_progress(light.records.len(), light.task.min_submitted, &responses);
            assert_eq!(progress, seeded.progress(demo), "{}", demo.task.id);
            assert_eq!(leaderboard(&responses, 10), leaderboard(seeded.responses(&demo.task.id), 10));
        }
        // What the app keeps in this browser, once a contributor has answered, is read the same way.
        let mut store = seeded.clone();
        let id = &full.tasks[0].task.id;
        store.save(id, submitted(&full.tasks[0].records[0].id, "me"));
        store.save(id, response(&full.tasks[0].records[1].id, "me", ResponseStatus::Draft));
        let saved: serde_json::Value = serde_json::to_value(&store).unwrap();
        let stored: Vec<StoredResponse> = saved["responses"][id]
            .as_object()
            .unwrap()
            .values()
            .map(|r| serde_json::from_value(r.clone()).unwrap())
            .collect();
        let responses = summary.tasks[0].responses(Some(&stored));
        assert_eq!(
            task_progress(summary.tasks[0].records.len(), 1, &responses),
            task_progress(full.tasks[0].records.len(), 1, store.responses(id))
        );
        assert!(responses.iter().any(|r| r.user == "me" && r.status == ResponseStatus::Draft));
    }

    #[test]
    fn hub_lines_are_read_as_the_app_reads_them() {
        use crate::demo::DemoStore;
        use crate::wire::hub::{apply_lines, ResponseLine};
        let lines = |text: &str| -> (Vec<ResponseLine>, Vec<LineSummary>) {
            let full = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
            let light = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
            (full, light)
        };
        let (ana_full, ana) = lines(
            "{\"record_id\":\"1\",\"user\":\"ana\",\"status\":\"submitted\",\"values\":{\"q\":3},\"updated_at_ms\":5}\n\
             {\"record_id\":\"2\",\"user\":\"ana\",\"status\":\"submitted\",\"values\":{},\"updated_at_ms\":5}\n\
             {\"record_id\":\"2\",\"user\":\"ana\",\"status\":\"retracted\",\"updated_at_ms\":9}",
        );
        let (forged_full, forged) =
            lines("{\"record_id\":\"3\",\"user\":\"ana\",\"status\":\"submitted\",\"updated_at_ms\":1}");
        let mut store = DemoStore::default();
        apply_lines(&mut store, "t", &[("data/ana/d-1-3.jsonl", &ana_full), ("data/bo/d-1-1.jsonl", &forged_full)]);
        let light = hub_responses(&[("data/ana/d-1-3.jsonl", &ana), ("data/bo/d-1-1.jsonl", &forged)]);
        assert_eq!(light.len(), 1);
        assert_eq!(task_progress(3, 1, &light), task_progress(3, 1, store.responses("t")));
    }

    fn summary(record: &str, user: &str, status: LineStatus, ms: f64) -> LineSummary {
        LineSummary { record_id: record.to_owned(), user: user.to_owned(), status, updated_at_ms: ms }
    }

    #[test]
    fn kept_files_come_back_as_they_were_read_even_with_hostile_ids() {
        let ana = vec![
            summary("1", "ana", LineStatus::Submitted, 1_732_000_000_123.0),
            summary("tab\there", "ana", LineStatus::Draft, 5.0),
            summary("new\nline \\ back\\t slash", "ana", LineStatus::Discarded, 6.0),
            summary("ñ—٣ 🎉", "ana", LineStatus::Retracted, 7.0),
            summary("", "ana", LineStatus::Submitted, 0.0),
        ];
        let files: Vec<(&str, &[LineSummary])> =
            vec![("data/ana/d-1-3.jsonl", &ana), ("data/bo/empty.jsonl", &[]), ("data/c\td/x.jsonl", &ana[..1])];
        let text = Kept::text("0123abc", &files);
        assert_eq!(text.lines().count(), 1 + 3 + 6, "one line per file and per answer: {text}");
        let kept = Kept::parse(&text).unwrap();
        assert_eq!(kept.sha, "0123abc");
        let back: Vec<(&str, &[LineSummary])> = kept.files.iter().map(|(p, l)| (p.as_str(), l.as_slice())).collect();
        assert_eq!(back, files);
        assert_eq!(hub_responses(&back), hub_responses(&files));
        // Nothing read yet is kept as nothing.
        assert_eq!(Kept::parse(&Kept::text("s", &[])), Some(Kept { sha: "s".into(), files: vec![] }));
    }

    #[test]
    fn kept_text_that_is_not_whole_is_not_believed() {
        let good = "together-widget 1 abc\ndata/ana/f.jsonl\n1\tana\ts\t5";
        assert!(Kept::parse(good).is_some());
        for bad in [
            "",
            "together-widget 2 abc\ndata/ana/f.jsonl", // another version
            "together-widget 1 abc\n1\tana\ts\t5",     // an answer before any file
            "together-widget 1 abc\ndata/ana/f.jsonl\n1\tana\tq\t5", // no such status
            "together-widget 1 abc\ndata/ana/f.jsonl\n1\tana\ts\t5.5", // not whole milliseconds
            "together-widget 1 abc\ndata/ana/f.jsonl\n1\tana\ts", // cut short
            "together-widget 1 abc\ndata/ana/f.jsonl\n1\\q\tana\ts\t5", // an unknown escape
            "together-widget 1 abc\ndata/ana/f.jsonl\n1\tana\ts\t5\t6",
        ] {
            assert_eq!(Kept::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_crowd_kept_is_small_enough_for_the_browser() {
        let files: Vec<(String, Vec<LineSummary>)> = (0..1_000)
            .map(|u| {
                let lines = (0..10)
                    .map(|r| {
                        summary(&format!("rec-{:05}", u * 10 + r), &format!("user{u}"), LineStatus::Submitted, 1.7e12)
                    })
                    .collect();
                (format!("data/user{u}/batch-1732000000000-10.jsonl"), lines)
            })
            .collect();
        let borrowed: Vec<(&str, &[LineSummary])> = files.iter().map(|(p, l)| (p.as_str(), l.as_slice())).collect();
        let text = Kept::text("abc", &borrowed);
        assert!(text.len() < 600_000, "10,000 answers take {} bytes", text.len());
        assert_eq!(Kept::parse(&text).unwrap().files.len(), 1_000);
    }

    #[test]
    fn a_hub_definition_summary_reads_the_definition_file() {
        let definition: DefinitionSummary = serde_json::from_str(
            r#"{"task":{"title":"Translate","min_submitted":2,"fields":[],"questions":[],"guidelines":"x"},
                "records":{"dataset":"org/prompts","split":"test"},"responses":"org/answers"}"#,
        )
        .unwrap();
        assert_eq!(definition.task.title, "Translate");
        assert_eq!(definition.task.min_submitted, 2);
        assert_eq!(definition.records.split, "test");
        assert_eq!(definition.records.config, "default");
        assert_eq!(definition.responses, "org/answers");
    }

    #[test]
    fn the_widget_speaks_the_languages_of_the_app() {
        for (locale, file) in [
            (Locale::Es, include_str!("../../data/i18n/es.json")),
            (Locale::Ar, include_str!("../../data/i18n/ar.json")),
        ] {
            let map: BTreeMap<String, String> = serde_json::from_str(file).unwrap();
            let texts = WidgetTexts::new(locale, |name| map.get(name).cloned());
            for message in WIDGET_MESSAGES {
                assert_eq!(texts.text(*message), map[message.name()], "{message:?}");
                assert_ne!(texts.text(*message), english(*message), "{locale:?} {message:?} is not translated");
            }
        }
        let es: BTreeMap<String, String> = serde_json::from_str(include_str!("../../data/i18n/es.json")).unwrap();
        let texts = WidgetTexts::new(Locale::Es, |name| es.get(name).cloned());
        let figures = Figures::of(vec![input("t", 4, 1, &[submitted("1", "ana")])], None);
        let html = render(&shown(figures), &EmbedOptions::default(), &texts, "/");
        assert!(html.contains("25.0% del objetivo · 1 de 4 registros completos"), "{html}");
        // A file that lacks a message falls back to English for it.
        let partial = WidgetTexts::new(Locale::Es, |name| (name == "Contribute").then(|| "Colaborar".to_owned()));
        assert_eq!(partial.text(Msg::Contribute), "Colaborar");
        assert_eq!(partial.text(Msg::LoadingProgress), "Loading progress…");
    }
}
