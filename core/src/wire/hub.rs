//! Hub-native tasks: a task definition file in a dataset repo, records read through the dataset viewer (or the
//! raw JSONL file), and each contributor's responses committed as JSONL files to a responses repo.
//!
//! Pure: the web crate does the requests and the JSON text; these types and functions say what goes where.

use crate::compaction::is_snapshot;
use crate::demo::DemoStore;
use crate::model::{
    map_of, problem_with, AnswerValue, FieldValue, ListItem, QuestionKind, Rank, Record, Response, ResponseStatus,
    Suggestion, Task,
};
use crate::outbox::{OutboxItem, OutboxOp};
use crate::route::encode;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The task definition, at the root of the task's dataset repo.
pub const DEFINITION_FILE: &str = "together.json";
/// The dataset viewer serves at most this many rows a request.
pub const ROWS_PAGE: usize = 100;
/// Where responses go in the responses repo: `data/{user}/{file}.jsonl`.
pub const RESPONSES_DIR: &str = "data";

/// `together.json`: what to show, what to ask, where the records are and where responses go.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskDefinition {
    /// Title, guidelines, fields, questions, `min_submitted`… as in the demo tasks; the id is the repo's.
    pub task: Task,
    #[serde(default)]
    pub records: RecordsSource,
    /// The dataset repo the responses are committed to (`namespace/name`).
    pub responses: String,
    /// What `together-hub publish` adds to the dataset (`publish::PublishSettings`); the app leaves it be.
    #[serde(default)]
    pub publish: Option<de::IgnoredAny>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RecordsSource {
    /// The dataset holding the records; the task repo itself when absent.
    #[serde(default)]
    pub dataset: Option<String>,
    #[serde(default = "default_config")]
    pub config: String,
    #[serde(default = "default_split")]
    pub split: String,
    /// The raw JSONL (or CSV) file: read in one request, before the dataset viewer's pages of a hundred rows.
    #[serde(default)]
    pub path: Option<String>,
    /// The column holding each record's id; the row number when absent.
    #[serde(default)]
    pub id_column: Option<String>,
    /// The columns holding suggested answers (a machine translation, a judge's pick or rating), per question.
    #[serde(default)]
    pub suggestions: Vec<SuggestionColumns>,
}

/// Where a question's suggestion is in each row: its value, and who made it (one name for every row, or a
/// column of names) and how sure they were (a column of scores).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SuggestionColumns {
    pub question: String,
    pub column: String,
    #[serde(default)]
    pub agent: Option<String>,
    #[serde(default)]
    pub agent_column: Option<String>,
    #[serde(default)]
    pub score_column: Option<String>,
}

impl Default for RecordsSource {
    fn default() -> Self {
        RecordsSource {
            dataset: None,
            config: default_config(),
            split: default_split(),
            path: None,
            id_column: None,
            suggestions: Vec::new(),
        }
    }
}

fn default_config() -> String {
    "default".to_owned()
}

fn default_split() -> String {
    "train".to_owned()
}

/// A task repo's definition, checked, with the task's id set to the repo's.
pub fn read_definition(repo: &str, mut definition: TaskDefinition) -> Result<TaskDefinition, String> {
    definition.task.id = repo.to_owned();
    if !is_repo_id(&definition.responses) {
        return Err(format!(
            "{repo}/{DEFINITION_FILE}: “responses” must name a dataset repo as namespace/name, not “{}”.",
            definition.responses
        ));
    }
    if let Some(dataset) = &definition.records.dataset {
        if !is_repo_id(dataset) {
            return Err(format!("{repo}/{DEFINITION_FILE}: records.dataset must be namespace/name, not “{dataset}”."));
        }
    }
    for columns in &definition.records.suggestions {
        let name = &columns.question;
        let at = format!("{repo}/{DEFINITION_FILE}: records.suggestions, “{name}”");
        match definition.task.questions.iter().find(|q| q.name == *name) {
            None => return Err(format!("{at}: the task has no question “{name}”.")),
            Some(q) if matches!(q.kind, QuestionKind::Span { .. }) => {
                return Err(format!("{at}: a span question takes no suggestion from a column."))
            }
            Some(_) if columns.column.is_empty() => return Err(format!("{at}: “column” names no column.")),
            Some(_) => {}
        }
    }
    Ok(definition)
}

/// `namespace/name`, each part made of letters, digits, `-`, `_` and `.`.
pub fn is_repo_id(text: &str) -> bool {
    let mut parts = text.split('/');
    let ok = |p: Option<&str>| {
        p.is_some_and(|p| {
            !p.is_empty() && !p.starts_with('.') && p.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        })
    };
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

/// A path segment for a revision: `refs/pr/1` becomes `refs%2Fpr%2F1`.
pub fn revision_segment(revision: &str) -> String {
    encode(revision)
}

/// One cell of a row. Whole numbers and booleans (an id column, say) become text, lists of messages a chat;
/// other numbers (a score) and lists of strings (suggested labels) are kept for the suggestions.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Field(FieldValue),
    Number(f64),
    Texts(Vec<String>),
}

impl Cell {
    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Field(value) => value.as_text(),
            _ => None,
        }
    }

    /// What a record field shows of it.
    pub fn into_field(self) -> FieldValue {
        match self {
            Cell::Field(value) => value,
            _ => FieldValue::Other,
        }
    }

    /// A score: a number, or text that reads as one (in a CSV file).
    pub(crate) fn score(&self) -> Option<f64> {
        match self {
            Cell::Number(score) => Some(*score),
            _ => crate::numbers::parse_decimal(self.text()?.trim()),
        }
        .filter(|score: &f64| score.is_finite())
    }

    /// The cell as an answer to a question of this kind, when it holds one.
    fn suggested(&self, kind: &QuestionKind) -> Option<AnswerValue> {
        let text = self.text().map(str::trim).filter(|t| !t.is_empty());
        let texts = || match self {
            Cell::Texts(texts) => Some(texts.clone()),
            _ => Some(vec![text?.to_owned()]),
        };
        Some(match kind {
            QuestionKind::Rating { .. } => AnswerValue::Rating(text?.parse().ok()?),
            QuestionKind::Text { .. } | QuestionKind::Label { .. } => AnswerValue::Text(text?.to_owned()),
            QuestionKind::MultiLabel { .. } => AnswerValue::Labels(texts()?),
            QuestionKind::Ranking { .. } => AnswerValue::Ranking(
                texts()?.into_iter().zip(1..).map(|(value, rank)| Rank { value, rank: Some(rank) }).collect(),
            ),
            QuestionKind::Span { .. } => return None,
        })
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = Cell;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a cell")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Cell, E> {
                Ok(Cell::Field(FieldValue::Text(v.to_owned())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Cell, E> {
                Ok(Cell::Field(FieldValue::Text(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Cell, E> {
                Ok(Cell::Field(FieldValue::Text(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Cell, E> {
                // JSON numbers read by a browser arrive as f64: whole ones are ids or ratings, others scores.
                Ok(if v.fract() == 0.0 && v.abs() < 9e15 {
                    Cell::Field(FieldValue::Text((v as i64).to_string()))
                } else {
                    Cell::Number(v)
                })
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Cell, E> {
                Ok(Cell::Field(FieldValue::Text(if v { "true" } else { "false" }.to_owned())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Cell, E> {
                Ok(Cell::Field(FieldValue::Other))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Cell, A::Error> {
                let (mut chat, mut texts, mut other) = (Vec::new(), Vec::new(), false);
                while let Some(item) = seq.next_element::<ListItem>()? {
                    match item {
                        ListItem::Chat(message) => chat.push(message),
                        ListItem::Text(text) => texts.push(text),
                        ListItem::Other => other = true,
                    }
                }
                Ok(match (chat.is_empty(), texts.is_empty(), other) {
                    (_, true, false) => Cell::Field(FieldValue::Chat(chat)),
                    (true, false, false) => Cell::Texts(texts),
                    _ => Cell::Field(FieldValue::Other),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Cell, A::Error> {
                // An image cell from the viewer: {"src": URL, "height", "width"}.
                let mut src = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "src" {
                        src = map.next_value::<Option<String>>()?;
                    } else {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
                Ok(Cell::Field(src.map(FieldValue::Text).unwrap_or(FieldValue::Other)))
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

pub type Row = BTreeMap<String, Cell>;

/// The dataset viewer's `/rows` answer (the parts used).
#[derive(Debug, Deserialize)]
pub struct RowsPage {
    pub rows: Vec<RowEntry>,
    pub num_rows_total: usize,
}

#[derive(Debug, Deserialize)]
pub struct RowEntry {
    pub row_idx: usize,
    pub row: Row,
}

/// The `/rows` URL for `length` records from `offset` (a page of `ROWS_PAGE`, or one to learn the total).
pub fn rows_url(datasets_server: &str, dataset: &str, source: &RecordsSource, offset: usize, length: usize) -> String {
    format!(
        "{}/rows?dataset={}&config={}&split={}&offset={offset}&length={length}",
        datasets_server.trim_end_matches('/'),
        encode(dataset),
        encode(&source.config),
        encode(&source.split)
    )
}

/// A row as a record: its id from the id column (or its number), the task's fields from the columns of the same
/// name. Columns the task does not show are left out.
pub fn record_from_row(task: &Task, source: &RecordsSource, row_idx: usize, mut row: Row) -> Record {
    let id = source
        .id_column
        .as_ref()
        .and_then(|column| row.get(column))
        .and_then(|cell| cell.text().map(str::to_owned))
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| row_idx.to_string());
    let mut suggestions = Vec::new();
    for from in &source.suggestions {
        let Some(question) = task.questions.iter().find(|q| q.name == from.question) else { continue };
        let Some(value) = row.get(&from.column).and_then(|cell| cell.suggested(&question.kind)) else { continue };
        let column = |name: &Option<String>| row.get(name.as_ref()?);
        let agent = column(&from.agent_column).and_then(Cell::text).filter(|a| !a.trim().is_empty());
        suggestions.push((
            question,
            Suggestion {
                question: from.question.clone(),
                value,
                agent: agent.map(str::to_owned).or_else(|| from.agent.clone()),
                score: column(&from.score_column).and_then(Cell::score),
            },
        ));
    }
    let fields =
        map_of(task.fields.iter().filter_map(|f| row.remove(&f.name).map(|cell| (f.name.clone(), cell.into_field()))));
    let mut record = Record { id, fields, suggestions: Vec::new(), mine: None };
    // A suggestion the form could not show (none of the options, say) is no suggestion.
    record.suggestions = suggestions
        .into_iter()
        .filter(|(question, s)| problem_with(question, &s.value, &record).is_none())
        .map(|(_, s)| s)
        .collect();
    record
}

/// The records of a task's raw file (`records.path`, CSV or JSONL, blank lines skipped), each line of JSONL
/// read by `decode` (the browser's JSON, or serde_json natively). `at` names the file in errors.
pub fn records_from_file(
    definition: &TaskDefinition,
    at: &str,
    body: &str,
    decode: impl Fn(&str) -> Result<Row, String>,
) -> Result<Vec<Record>, String> {
    let rows = rows_from_file(at, body, decode)?;
    let (task, source) = (&definition.task, &definition.records);
    Ok(rows.into_iter().enumerate().map(|(i, row)| record_from_row(task, source, i, row)).collect())
}

/// The rows of a dataset's raw file: CSV when its name says so, else JSONL (blank lines skipped), each line read
/// by `decode`. `at` names the file in errors, with the line.
pub fn rows_from_file(at: &str, body: &str, decode: impl Fn(&str) -> Result<Row, String>) -> Result<Vec<Row>, String> {
    if at.ends_with(".csv") {
        return parse_csv(body).map_err(|e| format!("{at}: {e}"));
    }
    let mut rows = Vec::new();
    for (number, line) in body.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        rows.push(decode(line).map_err(|e| format!("{at}, line {}: {e}", number + 1))?);
    }
    Ok(rows)
}

/// What a line of a responses file says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    Draft,
    Submitted,
    Discarded,
    /// The contributor took their response back.
    Retracted,
}

impl LineStatus {
    /// The status from its name in a line (for readers that do without serde).
    pub fn parse(text: &str) -> Option<LineStatus> {
        match text {
            "draft" => Some(LineStatus::Draft),
            "submitted" => Some(LineStatus::Submitted),
            "discarded" => Some(LineStatus::Discarded),
            "retracted" => Some(LineStatus::Retracted),
            _ => None,
        }
    }
}

/// One line of `data/{user}/….jsonl` in the responses repo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseLine {
    pub record_id: String,
    pub user: String,
    pub status: LineStatus,
    #[serde(default)]
    pub values: BTreeMap<String, AnswerValue>,
    pub updated_at_ms: f64,
}

impl ResponseLine {
    /// The answer a line stands for; `None` for a retraction.
    pub fn response(&self) -> Option<Response> {
        let status = match self.status {
            LineStatus::Draft => ResponseStatus::Draft,
            LineStatus::Submitted => ResponseStatus::Submitted,
            LineStatus::Discarded => ResponseStatus::Discarded,
            LineStatus::Retracted => return None,
        };
        Some(Response {
            record_id: self.record_id.clone(),
            user: self.user.clone(),
            status,
            values: self.values.clone(),
            updated_at_ms: self.updated_at_ms,
        })
    }

    /// The line for an outbox item; `now_ms` dates a retraction.
    pub fn from_item(item: &OutboxItem, now_ms: f64) -> ResponseLine {
        match &item.op {
            OutboxOp::Save { response } => ResponseLine {
                record_id: response.record_id.clone(),
                user: response.user.clone(),
                status: match response.status {
                    ResponseStatus::Draft => LineStatus::Draft,
                    ResponseStatus::Submitted => LineStatus::Submitted,
                    ResponseStatus::Discarded => LineStatus::Discarded,
                },
                values: response.values.clone(),
                updated_at_ms: response.updated_at_ms,
            },
            OutboxOp::Retract { user } => ResponseLine {
                record_id: item.record_id.clone(),
                user: user.clone(),
                status: LineStatus::Retracted,
                values: BTreeMap::new(),
                updated_at_ms: now_ms,
            },
        }
    }
}

/// The file a batch goes to. One name per device and batch, so a batch sent twice (its first answer was lost on
/// the way back) replaces itself instead of adding its lines again.
pub fn batch_path(user: &str, device: &str, first_seq: u64, last_seq: u64) -> String {
    format!("{RESPONSES_DIR}/{}/{device}-{first_seq:08}-{last_seq:08}.jsonl", safe_segment(user))
}

/// Where a contributor's drafts stand among the files of a responses repo: in their own folder (so they count
/// as theirs), under a name no batch has. They are never committed: drafts stay on the contributor's device.
pub fn device_drafts_path(user: &str) -> String {
    format!("{RESPONSES_DIR}/{}/drafts-on-this-device.jsonl", safe_segment(user))
}

/// Whether an outbox item is a draft, which a Hub task keeps on the device instead of committing.
pub fn is_draft(item: &OutboxItem) -> bool {
    matches!(&item.op, OutboxOp::Save { response } if response.status == ResponseStatus::Draft)
}

/// A username as a path segment: anything but letters, digits, `-`, `_` and `.` becomes `_`.
pub(crate) fn safe_segment(user: &str) -> String {
    user.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect()
}

/// The contributor a responses file belongs to, from its path; `None` for other files.
pub fn file_user(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(RESPONSES_DIR)?.strip_prefix('/')?;
    let (user, file) = rest.split_once('/')?;
    (!user.is_empty() && file.ends_with(".jsonl") && !file.contains('/')).then_some(user)
}

/// What every reader of responses files needs of a line: whose answer to which record, and when.
pub trait Line {
    fn record_id(&self) -> &str;
    fn user(&self) -> &str;
    fn updated_at_ms(&self) -> f64;
}

/// `Line` for structs with the fields of a line (`record_id`, `user`, `updated_at_ms`).
macro_rules! impl_line {
    ($($line:ty),*) => {$(
        impl $crate::wire::hub::Line for $line {
            fn record_id(&self) -> &str {
                &self.record_id
            }
            fn user(&self) -> &str {
                &self.user
            }
            fn updated_at_ms(&self) -> f64 {
                self.updated_at_ms
            }
        }
    )*};
}
pub(crate) use impl_line;

impl_line!(ResponseLine);

/// The lines of a responses file, each decoded by `decode` (the shell's JSON parser), and whether every one
/// could be. A line that cannot be read (written by hand, say) is skipped and the rest of the file counts;
/// a compaction folds such a file but keeps it.
pub fn read_lines(body: &str, decode: impl Fn(&str) -> Option<ResponseLine>) -> (Vec<ResponseLine>, bool) {
    let mut lines = Vec::new();
    let mut complete = true;
    for text in body.lines().filter(|l| !l.trim().is_empty()) {
        match decode(text) {
            Some(line) => lines.push(line),
            None => complete = false,
        }
    }
    (lines, complete)
}

/// The latest line per record and author across responses files. A line is only believed in its author's
/// own folder: nobody can answer on someone else's behalf. No sort: each line is compared with the latest
/// seen so far, whatever the order of the files.
pub fn latest_lines<'a, L: Line>(files: &[(&str, &'a [L])]) -> Vec<&'a L> {
    let mut latest: BTreeMap<(&str, &str), &L> = BTreeMap::new();
    // A snapshot (see `compaction`) speaks for everyone; any other file only for the owner of its folder.
    let believed = files
        .iter()
        .filter_map(|(path, lines)| match is_snapshot(path) {
            true => Some((None, *lines)),
            false => file_user(path).map(|owner| (Some(owner), *lines)),
        })
        .flat_map(|(owner, lines)| lines.iter().filter(move |l| owner.is_none_or(|o| safe_segment(l.user()) == o)));
    for line in believed {
        let slot = latest.entry((line.record_id(), line.user())).or_insert(line);
        if line.updated_at_ms() >= slot.updated_at_ms() {
            *slot = line;
        }
    }
    latest.into_values().collect()
}

/// Fold responses files into the store, latest answer per record and contributor winning. A line is only
/// believed in its author's own folder: nobody can answer on someone else's behalf.
pub fn apply_lines(store: &mut DemoStore, task_id: &str, files: &[(&str, &[ResponseLine])]) {
    for response in latest_lines(files).into_iter().filter_map(ResponseLine::response) {
        store.save(task_id, response);
    }
}

/// `GET /api/datasets/{repo}/tree/{rev}/data?recursive=true`, one entry.
#[derive(Debug, Deserialize)]
pub struct TreeEntry {
    #[serde(rename = "type")]
    pub kind: String,
    pub path: String,
}

/// The responses files in a tree listing: contributors' batches and snapshots.
pub fn response_files(entries: Vec<TreeEntry>) -> Vec<String> {
    entries
        .into_iter()
        .filter(|e| e.kind == "file" && (file_user(&e.path).is_some() || is_snapshot(&e.path)))
        .map(|e| e.path)
        .collect()
}

/// `POST /api/datasets/{repo}/preupload/{rev}`.
#[derive(Debug, Serialize)]
pub struct Preupload {
    pub files: Vec<PreuploadFile>,
}

#[derive(Debug, Serialize)]
pub struct PreuploadFile {
    pub path: String,
    pub size: usize,
    /// Base64 of the first 512 bytes.
    pub sample: String,
}

impl Preupload {
    /// The preupload of the files of one commit.
    pub fn of(files: &[(&str, &str)]) -> Preupload {
        let files = files
            .iter()
            .map(|(path, content)| {
                let head = &content.as_bytes()[..content.len().min(512)];
                PreuploadFile {
                    path: (*path).to_owned(),
                    size: content.len(),
                    sample: crate::auth::base64_encode(head),
                }
            })
            .collect();
        Preupload { files }
    }
}

#[derive(Debug, Deserialize)]
pub struct PreuploadReply {
    #[serde(rename = "commitOid", default)]
    pub commit_oid: Option<String>,
    #[serde(default)]
    pub files: Vec<PreuploadReplyFile>,
}

#[derive(Debug, Deserialize)]
pub struct PreuploadReplyFile {
    pub path: String,
    #[serde(rename = "uploadMode")]
    pub upload_mode: String,
}

impl PreuploadReply {
    /// Whether every file may be committed inline (responses files are small text; never LFS).
    pub fn all_regular(&self) -> bool {
        self.files.iter().all(|f| f.upload_mode == "regular")
    }
}

/// One line of the commit API's NDJSON body.
#[derive(Debug, Serialize)]
pub struct CommitLine {
    pub key: &'static str,
    pub value: CommitValue,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum CommitValue {
    Header {
        summary: String,
        #[serde(rename = "parentCommit", skip_serializing_if = "Option::is_none")]
        parent_commit: Option<String>,
    },
    File {
        path: String,
        content: String,
        encoding: &'static str,
    },
    /// `deletedFile`.
    Deleted {
        path: String,
    },
}

/// A commit of files, inline: a header line and a line per file (to be written as NDJSON).
pub fn commit_lines(summary: &str, parent: Option<&str>, files: &[(&str, &str)]) -> Vec<CommitLine> {
    let header = CommitLine {
        key: "header",
        value: CommitValue::Header { summary: summary.to_owned(), parent_commit: parent.map(str::to_owned) },
    };
    let files = files.iter().map(|(path, content)| CommitLine {
        key: "file",
        value: CommitValue::File {
            path: (*path).to_owned(),
            content: crate::auth::base64_encode(content.as_bytes()),
            encoding: "base64",
        },
    });
    std::iter::once(header).chain(files).collect()
}

#[derive(Debug, Deserialize)]
pub struct CommitReply {
    #[serde(rename = "commitOid")]
    pub commit_oid: String,
    #[serde(rename = "pullRequestUrl", default)]
    pub pull_request_url: Option<String>,
}

/// The branch of a pull request from its URL: `…/discussions/3` is `refs/pr/3`.
pub fn pr_revision(pull_request_url: &str) -> Option<String> {
    let number = pull_request_url.trim_end_matches('/').rsplit('/').next()?;
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then(|| format!("refs/pr/{number}"))
}

/// `GET /api/datasets/{repo}/revision/{rev}`: the head commit.
#[derive(Debug, Deserialize)]
pub struct RevisionInfo {
    pub sha: String,
}

/// The OpenID userinfo (Hugging Face's and any standard provider's).
#[derive(Debug, Deserialize)]
pub struct UserInfo {
    #[serde(default)]
    pub sub: Option<String>,
    #[serde(default)]
    pub preferred_username: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub picture: Option<String>,
}

impl UserInfo {
    /// The Hugging Face username (`preferred_username`; `name` is the full name).
    pub fn username(&self) -> Option<&str> {
        self.preferred_username.as_deref().or(self.sub.as_deref()).filter(|u| !u.is_empty())
    }
}

/// An error body: `{"error": "…"}`, `{"error": ["a", "b"]}`, OAuth's `error_description`, or `message`.
#[derive(Debug, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub error: Option<ErrorText>,
    #[serde(default)]
    pub error_description: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

/// `"one message"` or `["several", "messages"]`.
#[derive(Debug)]
pub struct ErrorText(pub String);

impl<'de> Deserialize<'de> for ErrorText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = ErrorText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an error message or a list of them")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ErrorText, E> {
                Ok(ErrorText(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ErrorText, A::Error> {
                let mut all = Vec::new();
                while let Some(one) = seq.next_element::<String>()? {
                    all.push(one);
                }
                Ok(ErrorText(all.join("; ")))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

impl ErrorBody {
    pub fn text(self) -> Option<String> {
        let error = self.error.map(|e| e.0);
        match (error, self.error_description, self.message) {
            (Some(e), Some(d), _) => Some(format!("{e}: {d}")),
            (Some(e), None, _) => Some(e),
            (None, _, Some(m)) => Some(m),
            (None, d, None) => d,
        }
    }
}

/// What the one CSV reader finds, in order.
enum CsvPiece {
    Text(char),
    EndField,
    EndRecord,
}

/// The one CSV reader (RFC 4180: a field that starts with a quote may hold commas, quotes doubled and line
/// breaks; a quote inside an unquoted field is text; CRLF or LF ends a record; a leading BOM is skipped).
/// Out of line and not generic, so the app's parser and the widget's counter share one copy.
#[inline(never)]
fn scan_csv(text: &str, visit: &mut dyn FnMut(CsvPiece)) -> Result<(), String> {
    let (mut quoted, mut chars) = (false, text.trim_start_matches('\u{feff}').chars().peekable());
    // Whether the current field, and record, have begun (a text character, or a separator seen).
    let (mut field_has_text, mut record_begun) = (false, false);
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                visit(CsvPiece::Text('"'));
                field_has_text = true;
            }
            (true, '"') => quoted = false,
            (false, '"') if !field_has_text => quoted = true,
            (false, ',') => {
                visit(CsvPiece::EndField);
                (field_has_text, record_begun) = (false, true);
            }
            (false, '\r') => {}
            (false, '\n') => {
                visit(CsvPiece::EndField);
                visit(CsvPiece::EndRecord);
                (field_has_text, record_begun) = (false, false);
            }
            (_, c) => {
                visit(CsvPiece::Text(c));
                (field_has_text, record_begun) = (true, true);
            }
        }
        record_begun |= quoted;
    }
    if quoted {
        return Err("a quoted value is never closed".to_owned());
    }
    if field_has_text || record_begun {
        visit(CsvPiece::EndField);
        visit(CsvPiece::EndRecord);
    }
    Ok(())
}

/// How many records a CSV file holds, its header and blank lines aside, read by the one reader without
/// building them: what a progress reader needs. An unreadable file holds none.
pub fn count_csv_records(text: &str) -> usize {
    let (mut records, mut fields, mut text_seen) = (0usize, 0usize, false);
    let counted = scan_csv(text, &mut |piece| match piece {
        CsvPiece::Text(_) => text_seen = true,
        CsvPiece::EndField => fields += 1,
        CsvPiece::EndRecord => {
            records += usize::from(fields > 1 || text_seen);
            (fields, text_seen) = (0, false);
        }
    });
    counted.map_or(0, |()| records.saturating_sub(1))
}

/// A CSV file as rows named by its header (see `scan_csv`); blank lines are skipped.
pub fn parse_csv(text: &str) -> Result<Vec<Row>, String> {
    let mut records: Vec<Vec<String>> = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    scan_csv(text, &mut |piece| match piece {
        CsvPiece::Text(c) => field.push(c),
        CsvPiece::EndField => record.push(std::mem::take(&mut field)),
        CsvPiece::EndRecord => records.push(std::mem::take(&mut record)),
    })?;
    records.retain(|r| !(r.len() == 1 && r[0].is_empty()));
    let mut records = records.into_iter();
    let header = records.next().ok_or("the file is empty")?;
    records
        .enumerate()
        .map(|(i, values)| {
            if values.len() != header.len() {
                return Err(format!("line {} has {} values for {} columns", i + 2, values.len(), header.len()));
            }
            Ok(map_of(header.iter().cloned().zip(values.into_iter().map(|v| Cell::Field(FieldValue::Text(v))))))
        })
        .collect()
}
