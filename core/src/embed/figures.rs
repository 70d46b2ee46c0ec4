//! The figures the widget shows, computed from each task's responses.

use super::*;
use crate::model::Response;
use crate::stats::{leaderboard, task_progress, Contributor, TaskProgress};

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
