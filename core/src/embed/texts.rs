//! The widget's words: only the messages it shows, in the reader's language.

use crate::i18n::{english, fill, Locale, Msg, NumberStyle};

/// The widget's words in one language: only the messages it shows, so that its build carries a few dozen
/// texts instead of the app's whole table. Other languages come from the app's own translation files.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetTexts {
    locale: Locale,
    texts: Vec<(Msg, String)>,
    /// How the language writes numbers (as the browser's `Intl` says; English's until told).
    numbers: NumberStyle,
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
                WidgetTexts { locale, texts, numbers: NumberStyle::default() }
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

    /// The same words, writing numbers in `style`.
    pub fn with_numbers(self, numbers: NumberStyle) -> WidgetTexts {
        WidgetTexts { numbers, ..self }
    }

    /// A count as the language writes it.
    pub fn number(&self, n: usize) -> String {
        self.numbers.count(n)
    }

    /// A share of a whole with one decimal as the language writes a percentage; `None` when the whole is 0.
    pub fn percent_of(&self, part: usize, whole: usize) -> Option<String> {
        self.numbers.share(part, whole)
    }
}
