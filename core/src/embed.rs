//! The embeddable progress widget: its options (read from its own URL), the code a page owner pastes to
//! embed it, and the HTML it shows. The widget's Wasm (`widget/`) only fetches figures and puts this HTML on
//! its page, so everything it says is decided and tested here.

use crate::demo::{simulated_picks, SimulatedContributor};
use crate::i18n::{english, fill, Locale, Msg};
use crate::markdown::escape_into;
use crate::model::{Response, ResponseStatus};
use crate::numbers::{percent, percent_one_decimal};
use crate::route::{encode, query_pairs, Route};
use crate::stats::{leaderboard, task_progress, Contributor, TaskProgress};
use crate::wire::hub::{latest_lines, LineStatus, RecordsSource};
use serde::Deserialize;
use std::collections::BTreeMap;

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

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// The reader's system setting (`prefers-color-scheme`).
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// What the page owner chose for the widget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedOptions {
    /// Task ids; empty means every task of the deployment.
    pub tasks: Vec<String>,
    pub theme: Theme,
    /// The widget's language; the reader's browser decides when absent.
    pub lang: Option<Locale>,
    /// One line per task, no contributors.
    pub compact: bool,
    /// The top contributors (full widget only).
    pub contributors: bool,
    /// No background of its own: the host page shows through.
    pub transparent: bool,
    /// Seconds between refreshes.
    pub every_s: u32,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            tasks: Vec::new(),
            theme: Theme::Auto,
            lang: None,
            compact: false,
            contributors: true,
            transparent: false,
            every_s: DEFAULT_EVERY_S,
        }
    }
}

fn flag(value: &str) -> Option<bool> {
    match value {
        "1" | "on" | "true" | "yes" | "" => Some(true),
        "0" | "off" | "false" | "no" => Some(false),
        _ => None,
    }
}

impl EmbedOptions {
    /// Options from a query string (`tasks=a,b&theme=dark&lang=es&mode=compact&contributors=off&transparent=1`).
    /// Unknown keys and values are ignored: a hand-edited snippet shows the widget with its defaults.
    pub fn parse(query: &str) -> EmbedOptions {
        let mut options = EmbedOptions::default();
        for (key, value) in query_pairs(query) {
            match key.as_str() {
                "tasks" | "task" => {
                    options.tasks.extend(value.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned))
                }
                "theme" => {
                    options.theme = match value.as_str() {
                        "light" => Theme::Light,
                        "dark" => Theme::Dark,
                        _ => Theme::Auto,
                    }
                }
                "lang" => options.lang = Locale::from_code(&value),
                "mode" => options.compact = value == "compact",
                "compact" => options.compact = flag(&value).unwrap_or(options.compact),
                "contributors" => options.contributors = flag(&value).unwrap_or(options.contributors),
                "transparent" => options.transparent = flag(&value).unwrap_or(options.transparent),
                "every" => {
                    if let Ok(s) = value.parse::<u32>() {
                        options.every_s = s.clamp(MIN_EVERY_S, 24 * 3600);
                    }
                }
                _ => {}
            }
        }
        options
    }

    /// The options of the widget's own page: the route form (`#/embed/progress?…`) wins over the query form.
    pub fn from_location(search: &str, hash: &str) -> EmbedOptions {
        match hash.strip_prefix(ROUTE) {
            Some(rest) if rest.is_empty() || rest.starts_with('?') => EmbedOptions::parse(rest),
            _ => EmbedOptions::parse(search),
        }
    }

    /// The query string that gives these options back (defaults left out), without the `?`.
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        if !self.tasks.is_empty() {
            let tasks: Vec<String> = self.tasks.iter().map(|t| encode(t)).collect();
            parts.push(format!("tasks={}", tasks.join(",")));
        }
        if self.theme != Theme::Auto {
            parts.push(format!("theme={}", self.theme.as_str()));
        }
        if let Some(lang) = self.lang {
            parts.push(format!("lang={}", lang.code()));
        }
        if self.compact {
            parts.push("mode=compact".to_owned());
        }
        if !self.contributors {
            parts.push("contributors=off".to_owned());
        }
        if self.transparent {
            parts.push("transparent=1".to_owned());
        }
        if self.every_s != DEFAULT_EVERY_S {
            parts.push(format!("every={}", self.every_s));
        }
        parts.join("&")
    }
}

/// The folder of the app's page, from its address (`https://x.hf.space/dist/index.html#/…` →
/// `https://x.hf.space/dist/`): the widget and its loader are found from there.
pub fn app_base(href: &str) -> String {
    let href = href.split(['#', '?']).next().unwrap_or_default();
    let path = href.find("://").map_or(0, |i| i + 3);
    match href[path..].rfind('/') {
        Some(slash) => href[..path + slash + 1].to_owned(),
        None => format!("{href}/"),
    }
}

/// The widget's address for these options.
pub fn widget_url(app_base: &str, options: &EmbedOptions) -> String {
    let query = options.query();
    let query = if query.is_empty() { String::new() } else { format!("?{query}") };
    format!("{app_base}{WIDGET_DIR}{PAGE}{ROUTE}{query}")
}

/// `text` escaped for HTML text and attribute values.
pub fn attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

/// The code to paste into a page: one script tag that creates the widget's frame and keeps it as tall as its
/// content. `title` names the frame for screen readers.
pub fn script_snippet(app_base: &str, options: &EmbedOptions, title: &str) -> String {
    format!(
        "<script async src=\"{}\" data-together-progress=\"{}\" data-title=\"{}\"></script>",
        attr(&format!("{app_base}{WIDGET_DIR}{LOADER}")),
        attr(&options.query()),
        attr(title),
    )
}

/// The same without a script: a frame of a fixed height.
pub fn iframe_snippet(app_base: &str, options: &EmbedOptions, title: &str) -> String {
    let height = if options.compact {
        96
    } else if options.contributors {
        360
    } else {
        200
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" style=\"border:0\" loading=\"lazy\"></iframe>",
        attr(&widget_url(app_base, options)),
        attr(title),
    )
}

/// One task as the widget shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetTask {
    pub id: String,
    pub title: String,
    pub progress: TaskProgress,
}

/// Everything the widget shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    pub tasks: Vec<WidgetTask>,
    /// All tasks together (one task: the same as its own); its contributors are counted once across the tasks.
    pub total: TaskProgress,
    pub top: Vec<Contributor>,
    /// Contributors are Hugging Face users: their names link to their profiles on this Hub, with avatars.
    pub hub: Option<String>,
}

/// One task's inputs: its id, title, number of records, `min_submitted` and every response.
pub struct TaskInput<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub records: usize,
    pub min_submitted: u32,
    pub responses: Vec<&'a Response>,
}

impl<'a> TaskInput<'a> {
    /// A task as the widget reads it: its summary, how many records it has, and its answers.
    pub fn of(task: &'a TaskSummary, records: usize, responses: &'a [Response]) -> TaskInput<'a> {
        TaskInput {
            id: &task.id,
            title: &task.title,
            records,
            min_submitted: task.min_submitted,
            responses: responses.iter().collect(),
        }
    }
}

impl Figures {
    pub fn of(tasks: Vec<TaskInput<'_>>, hub: Option<String>) -> Figures {
        let mut total = TaskProgress::default();
        let mut shown = Vec::with_capacity(tasks.len());
        for task in &tasks {
            let progress = task_progress(task.records, task.min_submitted, task.responses.iter().copied());
            total.records += progress.records;
            total.completed += progress.completed;
            total.target_responses += progress.target_responses;
            total.counted_responses += progress.counted_responses;
            total.submitted += progress.submitted;
            total.drafts += progress.drafts;
            total.discarded += progress.discarded;
            shown.push(WidgetTask { id: task.id.to_owned(), title: task.title.to_owned(), progress });
        }
        let everyone = leaderboard(tasks.iter().flat_map(|t| t.responses.iter().copied()), usize::MAX);
        total.contributors = everyone.len();
        let mut top = everyone;
        top.truncate(TOP);
        Figures { tasks: shown, total, top, hub }
    }
}

/// The widget's words in one language: only the messages it shows, so that its build carries a few dozen
/// texts instead of the app's whole table. Other languages come from the app's own translation files.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetTexts {
    locale: Locale,
    texts: Vec<(Msg, String)>,
}

macro_rules! widget_messages {
    ($($name:ident),* $(,)?) => {
        /// Every message the widget shows.
        pub const WIDGET_MESSAGES: &[Msg] = &[$(Msg::$name),*];

        impl WidgetTexts {
            /// The texts of `locale` from a lookup by message name (its translation file); English where the
            /// lookup has none.
            pub fn new(locale: Locale, lookup: impl Fn(&str) -> Option<String>) -> WidgetTexts {
                let texts = vec![$((
                    Msg::$name,
                    lookup(stringify!($name))
                        .filter(|t| !t.trim().is_empty())
                        .unwrap_or_else(|| english(Msg::$name).to_owned()),
                )),*];
                WidgetTexts { locale, texts }
            }
        }
    };
}

widget_messages! {
    LoadingProgress, WidgetFailed, WidgetStale, WidgetLine, WidgetCounts, WidgetSubmitted, Contribute,
    UpdatedAgo, TopContributors, AllTasksTitle, AllTasksTotal, NoRecordsYet, CountOf, WidgetMembersOnly, WidgetNoTask,
    WidgetOffline, WidgetStatus, WidgetRateLimited,
}

impl WidgetTexts {
    pub fn english() -> WidgetTexts {
        WidgetTexts::new(Locale::En, |_| None)
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    pub fn text(&self, message: Msg) -> String {
        self.texts.iter().find(|(m, _)| *m == message).map(|(_, t)| t.clone()).unwrap_or_default()
    }

    pub fn fill(&self, message: Msg, args: &[&str]) -> String {
        fill(&self.text(message), args)
    }
}

/// What the widget is showing.
#[derive(Clone, Debug, PartialEq)]
pub enum WidgetState {
    Loading,
    /// The last good figures, how old they are, and the error of the last refresh if it failed.
    Shown {
        figures: Figures,
        age_s: Option<u64>,
        error: Option<String>,
    },
    /// Nothing could be read yet.
    Failed(String),
}

/// The widget's HTML (the content of its root element). Every text is escaped.
pub fn render(state: &WidgetState, options: &EmbedOptions, i18n: &WidgetTexts, app_base: &str) -> String {
    let mut html = String::new();
    let t = |m| attr(&i18n.text(m));
    let contribute = |task: Option<&str>| {
        let hash = match task {
            Some(id) => Route::Annotate { task: id.to_owned(), record: None }.to_hash(),
            None => Route::Tasks.to_hash(),
        };
        format!(
            "<a class=\"contribute\" href=\"{}\" target=\"_blank\" rel=\"noopener\">{}</a>",
            attr(&format!("{app_base}{PAGE}{hash}")),
            t(Msg::Contribute)
        )
    };
    match state {
        WidgetState::Loading => {
            html.push_str(&format!("<p class=\"status\" role=\"status\">{}</p>", t(Msg::LoadingProgress)));
        }
        WidgetState::Failed(error) => {
            html.push_str(&format!(
                "<p class=\"status error\" role=\"alert\">{}</p>",
                attr(&i18n.fill(Msg::WidgetFailed, &[error]))
            ));
            html.push_str(&contribute(None));
        }
        WidgetState::Shown { figures, age_s, error } => {
            let single = figures.tasks.len() == 1;
            let heading = match figures.tasks.first() {
                Some(task) if single => task.title.clone(),
                _ => i18n.text(Msg::AllTasksTitle),
            };
            let dashboard = match figures.tasks.first() {
                Some(task) if single => Route::Dashboard { task: task.id.clone() }.to_hash(),
                _ => Route::AllTasks.to_hash(),
            };
            html.push_str(&format!(
                "<h1><a href=\"{}\" target=\"_blank\" rel=\"noopener\">{}</a></h1>",
                attr(&format!("{app_base}{PAGE}{dashboard}")),
                attr(&heading)
            ));
            let bar = |name: &str, p: &TaskProgress, html: &mut String| {
                let pct = percent(p.counted_responses, p.target_responses);
                let shown = percent_one_decimal(p.counted_responses, p.target_responses)
                    .unwrap_or_else(|| i18n.text(Msg::NoRecordsYet));
                let records = i18n.fill(Msg::CountOf, &[&p.completed.to_string(), &p.records.to_string()]);
                let text = i18n.fill(Msg::WidgetLine, &[&shown, &records]);
                html.push_str(&format!(
                    "<div class=\"bar\" role=\"progressbar\" aria-label=\"{}\" aria-valuemin=\"0\" aria-valuemax=\"100\" \
                     aria-valuenow=\"{pct}\" aria-valuetext=\"{}\"><span style=\"width:{pct}%\"></span></div>\
                     <p class=\"line\">{}</p>",
                    attr(name),
                    attr(&text),
                    attr(&text)
                ));
            };
            if single || figures.tasks.is_empty() {
                bar(&heading, &figures.total, &mut html);
            } else {
                html.push_str("<ul class=\"tasks\">");
                for task in &figures.tasks {
                    html.push_str(&format!("<li><h2>{}</h2>", attr(&task.title)));
                    bar(&task.title, &task.progress, &mut html);
                    html.push_str("</li>");
                }
                html.push_str("</ul>");
                if !options.compact {
                    html.push_str(&format!("<h2>{}</h2>", t(Msg::AllTasksTotal)));
                    bar(&i18n.text(Msg::AllTasksTotal), &figures.total, &mut html);
                }
            }
            html.push_str(&format!(
                "<p class=\"kpis\">{}</p>",
                attr(&i18n.fill(
                    Msg::WidgetCounts,
                    &[&figures.total.contributors.to_string(), &figures.total.submitted.to_string()]
                ))
            ));
            if options.contributors && !options.compact && !figures.top.is_empty() {
                html.push_str(&format!(
                    "<h2 id=\"top\">{}</h2><ol class=\"top\" aria-labelledby=\"top\">",
                    t(Msg::TopContributors)
                ));
                for c in &figures.top {
                    let name = attr(&c.user);
                    html.push_str("<li>");
                    match &figures.hub {
                        Some(hub) => {
                            let hub = hub.trim_end_matches('/');
                            let user = encode(&c.user);
                            html.push_str(&format!(
                                "<img class=\"avatar\" src=\"{}\" alt=\"\" width=\"24\" height=\"24\" loading=\"lazy\">\
                                 <a href=\"{}\" target=\"_blank\" rel=\"noopener\">{name}</a>",
                                attr(&format!("{hub}/api/users/{user}/avatar?redirect=true")),
                                attr(&format!("{hub}/{user}")),
                            ));
                        }
                        None => html.push_str(&format!(
                            "<span class=\"avatar\" aria-hidden=\"true\">{}</span><span>{name}</span>",
                            attr(&initial(&c.user))
                        )),
                    }
                    html.push_str(&format!(
                        " <span class=\"count\">{}</span></li>",
                        attr(&i18n.fill(Msg::WidgetSubmitted, &[&c.submitted.to_string()]))
                    ));
                }
                html.push_str("</ol>");
            }
            let task = figures.tasks.first().filter(|_| single).map(|t| t.id.as_str());
            html.push_str("<p class=\"foot\">");
            html.push_str(&contribute(task));
            if let Some(age) = age_s {
                html.push_str(&format!(
                    " <span class=\"age\">{}</span>",
                    attr(&i18n.fill(Msg::UpdatedAgo, &[&age.to_string()]))
                ));
            }
            html.push_str("</p>");
            if let Some(error) = error {
                html.push_str(&format!(
                    "<p class=\"status error\" role=\"status\">{}</p>",
                    attr(&i18n.fill(Msg::WidgetStale, &[error]))
                ));
            }
        }
    }
    html
}

/// The first letter of a name (ASCII upper-cased): the avatar of a contributor without a Hub profile. ASCII
/// only, as the Unicode case tables would cost the widget's build more than the rest of its text handling.
pub fn initial(name: &str) -> String {
    name.chars()
        .find(|c| !c.is_ascii_punctuation() && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase().to_string())
        .unwrap_or_else(|| "?".to_owned())
}

// What the widget reads: only the parts of the app's files that progress needs. Decoding whole tasks,
// records and answers would cost the widget's small build tens of KB for values it never shows.

/// A task's id, title and how many submissions complete a record.
#[derive(Clone, Debug, Deserialize)]
pub struct TaskSummary {
    #[serde(default)]
    pub id: String,
    pub title: String,
    #[serde(default = "one")]
    pub min_submitted: u32,
}

fn one() -> u32 {
    1
}

/// `demo-tasks.json`, the parts progress needs.
#[derive(Debug, Deserialize)]
pub struct DemoSummary {
    pub tasks: Vec<DemoTaskSummary>,
}

#[derive(Debug, Deserialize)]
pub struct DemoTaskSummary {
    pub task: TaskSummary,
    pub records: Vec<RecordId>,
    #[serde(default)]
    pub simulated: Vec<SimulatedContributor>,
}

#[derive(Debug, Deserialize)]
pub struct RecordId {
    pub id: String,
}

/// A Hub task's `together.json`, the parts progress needs.
#[derive(Debug, Deserialize)]
pub struct DefinitionSummary {
    pub task: TaskSummary,
    #[serde(default)]
    pub records: RecordsSource,
    pub responses: String,
}

/// A line of a responses file, without its values.
#[derive(Debug, PartialEq, Deserialize)]
pub struct LineSummary {
    pub record_id: String,
    pub user: String,
    pub status: LineStatus,
    pub updated_at_ms: f64,
}

crate::wire::hub::impl_line!(LineSummary);

/// One of the demo's answers as the app keeps them in this browser (a `DemoStore` entry), without its values.
#[derive(Debug, Deserialize)]
pub struct StoredResponse {
    pub record_id: String,
    pub user: String,
    pub status: ResponseStatus,
}

fn answer(record_id: &str, user: &str, status: ResponseStatus) -> Response {
    Response {
        record_id: record_id.to_owned(),
        user: user.to_owned(),
        status,
        values: BTreeMap::new(),
        updated_at_ms: 0.0,
    }
}

impl DemoTaskSummary {
    /// The answers to this demo task: those the app keeps in this browser when the widget can see them (it
    /// seeds them with the simulated contributors' on first use), else the simulated contributors' alone.
    pub fn responses(&self, stored: Option<&[StoredResponse]>) -> Vec<Response> {
        match stored {
            Some(stored) => stored.iter().map(|r| answer(&r.record_id, &r.user, r.status)).collect(),
            None => self
                .simulated
                .iter()
                .flat_map(|c| {
                    simulated_picks(&self.records, |r| &r.id, c)
                        .map(|r| answer(&r.id, &c.user, ResponseStatus::Submitted))
                })
                .collect(),
        }
    }
}

/// The answers in a Hub task's responses files: the latest line per record and author, retractions left out.
pub fn hub_responses(files: &[(&str, &[LineSummary])]) -> Vec<Response> {
    latest_lines(files)
        .into_iter()
        .filter_map(|l| {
            let status = match l.status {
                LineStatus::Draft => ResponseStatus::Draft,
                LineStatus::Submitted => ResponseStatus::Submitted,
                LineStatus::Discarded => ResponseStatus::Discarded,
                LineStatus::Retracted => return None,
            };
            Some(answer(&l.record_id, &l.user, status))
        })
        .collect()
}

/// What a reader's browser keeps of one responses repo between visits (the widget puts it in the Cache API), so
/// that a repeat reader asks the Hub for the head, and then only for the files added since: a batch file never
/// changes once written. The text is a line `together-widget 1 {sha}`, then each file as its path on a line of
/// its own followed by its lines, each `record\tuser\tstatus\tms`, with `\`, tab and newline escaped.
/// Times are kept in whole milliseconds, as the app writes them.
#[derive(Debug, PartialEq)]
pub struct Kept {
    /// The head the files were read at: when it has not moved, the files are all there is.
    pub sha: String,
    pub files: Vec<(String, Vec<LineSummary>)>,
}

const KEPT: &str = "together-widget 1 ";
const STATUSES: [(LineStatus, &str); 4] = [
    (LineStatus::Draft, "d"),
    (LineStatus::Submitted, "s"),
    (LineStatus::Discarded, "x"),
    (LineStatus::Retracted, "r"),
];

impl Kept {
    /// The text to keep for the files of a repo read at `sha`.
    pub fn text(sha: &str, files: &[(&str, &[LineSummary])]) -> String {
        fn push(out: &mut String, field: &str) {
            for c in field.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\t' => out.push_str("\\t"),
                    '\n' => out.push_str("\\n"),
                    c => out.push(c),
                }
            }
        }
        let mut out = format!("{KEPT}{sha}");
        for (path, lines) in files {
            out.push('\n');
            push(&mut out, path);
            for line in lines.iter() {
                out.push('\n');
                push(&mut out, &line.record_id);
                out.push('\t');
                push(&mut out, &line.user);
                let status = STATUSES.iter().find(|(s, _)| *s == line.status).map_or("s", |(_, c)| c);
                out.push_str(&format!("\t{status}\t{}", line.updated_at_ms as i64));
            }
        }
        out
    }

    /// Read kept text back; `None` when it is not whole (another version, cut short, or tampered with), and the
    /// files are then read afresh.
    pub fn parse(text: &str) -> Option<Kept> {
        fn field(text: &str) -> Option<String> {
            let mut out = String::with_capacity(text.len());
            let mut chars = text.chars();
            while let Some(c) = chars.next() {
                out.push(match c {
                    '\\' => match chars.next()? {
                        '\\' => '\\',
                        't' => '\t',
                        'n' => '\n',
                        _ => return None,
                    },
                    c => c,
                });
            }
            Some(out)
        }
        let mut lines = text.split('\n');
        let sha = lines.next()?.strip_prefix(KEPT)?.to_owned();
        let mut files: Vec<(String, Vec<LineSummary>)> = Vec::new();
        for line in lines {
            let parts: Vec<&str> = line.split('\t').collect();
            match parts.as_slice() {
                [path] => files.push((field(path)?, Vec::new())),
                [record, user, status, ms] => files.last_mut()?.1.push(LineSummary {
                    record_id: field(record)?,
                    user: field(user)?,
                    status: STATUSES.iter().find(|(_, c)| c == status)?.0,
                    updated_at_ms: ms.parse::<i64>().ok()? as f64,
                }),
                _ => return None,
            }
        }
        Some(Kept { sha, files })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ResponseStatus;
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
        let text = include_str!("../data/demo-tasks.json");
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
        for (locale, file) in
            [(Locale::Es, include_str!("../data/i18n/es.json")), (Locale::Ar, include_str!("../data/i18n/ar.json"))]
        {
            let map: BTreeMap<String, String> = serde_json::from_str(file).unwrap();
            let texts = WidgetTexts::new(locale, |name| map.get(name).cloned());
            for message in WIDGET_MESSAGES {
                assert_eq!(texts.text(*message), map[message.name()], "{message:?}");
                assert_ne!(texts.text(*message), english(*message), "{locale:?} {message:?} is not translated");
            }
        }
        let es: BTreeMap<String, String> = serde_json::from_str(include_str!("../data/i18n/es.json")).unwrap();
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
