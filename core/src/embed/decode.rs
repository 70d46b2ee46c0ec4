//! What the widget reads of the app's files: only the parts progress needs.

use crate::demo::{simulated_picks, SimulatedContributor};
use crate::model::{Response, ResponseStatus};
use crate::wire::hub::{latest_lines, LineStatus, RecordsSource};
use serde::Deserialize;
use std::collections::BTreeMap;

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
