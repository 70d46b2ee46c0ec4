//! The widget's options, read from its own address: tasks, language, theme, mode, refresh interval.

use super::*;
use crate::i18n::Locale;
use crate::route::{encode, query_pairs};

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
