//! The interface's words in thirteen languages. Static tables rather than an i18n crate: a few hundred short
//! messages cost a few KB this way, where runtime formatting machinery would cost tens of KB of Wasm.
//! Placeholders are `{0}`, `{1}`…; messages about a count give its plural forms (`plural`). Every locale has
//! every message with the same placeholders and the plural forms its language needs (tested).

mod digits;
pub use digits::NumberStyle;
mod en;
pub mod plural;

use crate::model::TextDirection;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The interface languages. English is compiled in; the others are loaded from `i18n/{code}.json`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    En,
    Es,
    Ar,
    Zh,
    Fr,
    De,
    Pt,
    Ru,
    Hi,
    Ja,
    Ko,
    Tr,
    Fa,
}

impl Locale {
    pub const ALL: [Locale; 13] = [
        Locale::En,
        Locale::Es,
        Locale::Ar,
        Locale::Zh,
        Locale::Fr,
        Locale::De,
        Locale::Pt,
        Locale::Ru,
        Locale::Hi,
        Locale::Ja,
        Locale::Ko,
        Locale::Tr,
        Locale::Fa,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
            Locale::Ar => "ar",
            Locale::Zh => "zh",
            Locale::Fr => "fr",
            Locale::De => "de",
            Locale::Pt => "pt",
            Locale::Ru => "ru",
            Locale::Hi => "hi",
            Locale::Ja => "ja",
            Locale::Ko => "ko",
            Locale::Tr => "tr",
            Locale::Fa => "fa",
        }
    }

    /// The language's name in itself, for the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Es => "Español",
            Locale::Ar => "العربية",
            Locale::Zh => "中文（简体）",
            Locale::Fr => "Français",
            Locale::De => "Deutsch",
            Locale::Pt => "Português",
            Locale::Ru => "Русский",
            Locale::Hi => "हिन्दी",
            Locale::Ja => "日本語",
            Locale::Ko => "한국어",
            Locale::Tr => "Türkçe",
            Locale::Fa => "فارسی",
        }
    }

    pub fn direction(self) -> TextDirection {
        crate::model::language::direction_of(self.code())
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The first of the browser's preferred languages that we speak; English otherwise.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Locale {
        preferred.into_iter().find_map(Locale::from_code).unwrap_or_default()
    }
}

/// The interface's words in one language. Cheap to clone (shared), and safe to put in context.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct I18n {
    locale: Locale,
    /// `None` for English, whose texts are compiled in.
    texts: Option<Arc<Vec<String>>>,
    /// How the language writes numbers, as the browser's `Intl` says; as English does until told.
    numbers: Arc<NumberStyle>,
}

impl I18n {
    pub fn english() -> I18n {
        I18n::default()
    }

    /// A language from its `{ "MessageName": "text" }` file. Messages it lacks fall back to English and are
    /// returned, so that a translator can be told what is missing; names it does not know are ignored.
    pub fn from_map(locale: Locale, map: &BTreeMap<String, String>) -> (I18n, Vec<Msg>) {
        I18n::from_lookup(locale, |name| map.get(name).cloned())
    }

    /// The same from any lookup of a message's text by its name (the widget reads the file's object directly).
    pub fn from_lookup(locale: Locale, lookup: impl Fn(&str) -> Option<String>) -> (I18n, Vec<Msg>) {
        let mut missing = Vec::new();
        let texts = Msg::ALL
            .iter()
            .map(|m| match lookup(m.name()).filter(|t| !t.trim().is_empty()) {
                Some(text) => text,
                None => {
                    missing.push(*m);
                    en::TEXTS[*m as usize].to_owned()
                }
            })
            .collect();
        (I18n { locale, texts: Some(Arc::new(texts)), numbers: Arc::default() }, missing)
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The same texts, writing numbers in `style`.
    pub fn with_numbers(mut self, style: NumberStyle) -> I18n {
        self.numbers = Arc::new(style);
        self
    }

    /// A count as the language writes it (`1,234`, `1.234`, `۱٬۲۳۴`).
    pub fn number(&self, n: usize) -> String {
        self.numbers.count(n)
    }

    /// A number written plainly (`0.82`, `-3`) as the language writes it.
    pub fn decimal(&self, plain: &str) -> String {
        self.numbers.write(plain)
    }

    /// `part` of `whole` with one decimal as the language writes a percentage (`37.5%`, `%37,5`); `None` when
    /// `whole` is 0.
    pub fn percent_of(&self, part: usize, whole: usize) -> Option<String> {
        self.numbers.share(part, whole)
    }

    pub fn text(&self, message: Msg) -> String {
        match &self.texts {
            Some(texts) => texts[message as usize].clone(),
            None => en::TEXTS[message as usize].to_owned(),
        }
    }

    /// A message with its placeholders filled.
    pub fn fill(&self, message: Msg, args: &[&str]) -> String {
        fill(&self.text(message), args)
    }

    /// A message about `n` things: its plural form for `n` in this language, with its placeholders filled.
    pub fn count(&self, message: Msg, n: usize, args: &[&str]) -> String {
        fill(plural::pick(self.locale, &self.text(message), n as u64), args)
    }
}

/// A message's English text. Inlined, so that a caller naming its messages (the widget) keeps only their texts
/// in its build instead of the whole table.
#[inline(always)]
pub fn english(message: Msg) -> &'static str {
    en::TEXTS[message as usize]
}

/// Explicit direction controls, which in a stranger's text could reorder the interface's words after them.
fn has_bidi_controls(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'))
}

/// Replace `{0}`, `{1}`… in `template` by `args`. An argument holding direction controls (a label ending in
/// U+202E, say) is isolated (FSI … PDI, with its own unmatched closers dropped), so that it cannot reverse the
/// message around it.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| Some((close, after[..close].parse::<usize>().ok()?))) {
            Some((close, index)) => {
                push_isolated(args.get(index).copied().unwrap_or_default(), &mut out);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Content put beside the interface's own words: as it is, or isolated when it holds direction controls.
pub fn push_isolated(text: &str, out: &mut String) {
    if has_bidi_controls(text) {
        isolate_into(text, out);
    } else {
        out.push_str(text);
    }
}

/// `text` between FSI and PDI. Closers it did not open (PDF, PDI) are dropped: they would end the isolation
/// early and let the rest out.
fn isolate_into(text: &str, out: &mut String) {
    out.push('\u{2068}');
    let (mut embeddings, mut isolates) = (0usize, 0usize);
    for c in text.chars() {
        match c {
            '\u{202A}'..='\u{202B}' | '\u{202D}'..='\u{202E}' => embeddings += 1,
            '\u{202C}' if embeddings == 0 => continue,
            '\u{202C}' => embeddings -= 1,
            '\u{2066}'..='\u{2068}' => isolates += 1,
            '\u{2069}' if isolates == 0 => continue,
            '\u{2069}' => isolates -= 1,
            _ => {}
        }
        out.push(c);
    }
    out.push('\u{2069}');
}

macro_rules! messages {
    ($($name:ident),* $(,)?) => {
        /// Every message of the interface.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg { $($name),* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name),*];

            /// The key of this message in the translation files.
            pub fn name(self) -> &'static str {
                match self { $(Msg::$name => stringify!($name)),* }
            }
        }

        /// The number of messages: the length of every locale's table.
        pub const MESSAGES: usize = [$(stringify!($name)),*].len();
    };
}

messages! {
    SkipToContent, Account, Language, SignIn, SignOut, SignedIn,
    Tasks, AnnotateTitle, DashboardTitleShort, PageNotFound, NothingLivesAt, GoToTasks,
    LoadingApp, LoadingTasks, LoadingTask, LoadingNextRecord, LoadingDashboard, TryAgain, FooterDemo,
    NoTasks, Start, Continue, VerbTask, MyProgressOn, TeamProgressOn, SignInToContribute,
    SignInToContributeTo, Dashboard, DashboardOf, UnitDone, UnitResponses, ProgressText,
    SignInIntro, YourName, NameMissing, NameTooLong,
    Guidelines, MyProgress, AllDone, AllDoneText, SeeDashboard, BackToTasks,
    ToastSubmitted, ToastDraftSaved, ToastDiscarded, ToastDiscardUndone, Undo,
    NoteRestored, NoteDraft, NoteSubmitted, NoteDiscarded,
    AnnotationForm, Discard, SaveDraft, Submit, ResetToSuggestion, SuggestedByScore, SuggestedBy, SuggestedLabelScore, SuggestedLabel, AModel,
    PickARating, WriteAnAnswer, PickAnOption, NotAnOption,
    DashboardTitle, ProgressTowardTarget, TargetReached, CompletedRecords, SubmittedResponses, Contributors,
    CountOf, NoRecordsYet, RecordCompleteWith, TopContributors, Rank, Contributor, SubmittedColumn, Contribute,
    AllSaved, Sending, Offline, SignInToSend, AnswerRefused,
    ErrorOffline, ErrorSignInExpired, ErrorNotFound, ErrorServer, ErrorServerWithId, TheTask, TheRecord,
    StorageUnavailable, StorageFull, SavedAnswersUnreadable,
    PickAtLeastOne, RankEveryOption, MarkASpan, SpansOverlap, SpanOutsideText, ShowMoreOptions, ShowFewerOptions, RankOf, NotRanked, RankingHint, SpanLabel, SpanHowTo, SpanFrom, RemoveSpan, NoSpansYet, WordsOf, FieldNotShown, ArgillaServer, CredentialsGoTo, SignInWith, UsernamePassword, ApiKey, Username, Password, SigningIn, FillUsernamePassword, FillApiKey, ServerUrlInvalid, WrongCredentials, ArgillaSignInIntro, UseArgilla, UseDemo, Connect, FooterArgilla, WorkspaceOf, Review, ReviewTitle, ReviewStatus, DraftsTab, SubmittedTab, DiscardedTab, ReviewEmpty, ReviewCount, ShowMore, BackToAnnotating, AutoSaved, ServerRefused, FixIt, ErrorForbidden,
    MyCounts, TeamProgress,
    UpdatedAgo, RefreshFailed, RecordsDoneVsPending,
    RatingsChart, PerDayChart,
    RatingsCaption, PerDayCaption,
    AgreementCaption, AgreementChart,
    FooterHub, HubSignInIntro, SignInWithHf, HfSignInNotConfigured, FramedSignIn, OpenInNewTab, SignInExpiresAt, BatchWaiting, SendNow, SentAsPullRequest,
    DisagreeTitle, DisagreeHint, RecordColumn, RatingsColumn, MeanColumn, AgreementColumn,
    AllTasksTitle, AllTasksLink, AllTasksTotal, TaskColumn, LanguageColumn, TargetColumn,
    LoadingProgress, WidgetFailed, WidgetStale, WidgetLine, WidgetCounts, WidgetSubmitted, WidgetFrameTitle, Embed, EmbedTitle, EmbedHint, EmbedCode, EmbedFrameCode, Copy, CopyFrame, Copied, CopyFailed, EmbedTheme, ThemeAuto, ThemeLight, ThemeDark, EmbedLanguage, ReadersLanguage, EmbedCompact, EmbedContributors, EmbedTransparent, EmbedPreview,
    WidgetMembersOnly, WidgetNoTask,
    WidgetOffline, WidgetStatus,
    SeePullRequest, UnknownServerTitle, UnknownServerText, ContinueTo, ShowImageFrom, ImageFromElsewhere, ShowAll, TaskUnavailable,
    ErrorRateLimited, Throttled, WidgetRateLimited,
    PullsWaiting, MergePulls, Merging, MergedPulls, PullsLeft, ErrorRequestFailed,
    ReadingAnswers,
    AlphaTitle, AlphaHint, AlphaValue, AlphaReliable, AlphaTentative, AlphaLow, AlphaBasis, AlphaNotYet,
    UpdateReady, UpdateNow,
    LeaderboardTitle, LoadingLeaderboard, LeaderboardIntro, ResultsDataset, AcrossLanguages, AcrossHint, ModelColumn, ScoreColumn, MeanScoreColumn,
    LanguagesColumn, PromptsColumn, DateColumn, ContributeToTask, RowsLeftOut, NoLeaderboard, NoResultsYet, TheResults,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_with_direction_controls_is_isolated_and_cannot_reverse_the_message() {
        let note = fill("Suggested: “{0}” by {1} (score {2}).", &["3\u{202E}", "bot\u{2069}\u{202C}x", "0.50"]);
        assert_eq!(note, "Suggested: “\u{2068}3\u{202E}\u{2069}” by \u{2068}botx\u{2069} (score 0.50).");
        // Ordinary content, in any script, stays as it is.
        assert_eq!(fill("by {0}", &["نموذج"]), "by نموذج");
    }

    fn placeholders(text: &str) -> Vec<String> {
        let mut found: Vec<String> = text
            .match_indices('{')
            .filter_map(|(i, _)| {
                let rest = &text[i + 1..];
                let close = rest.find('}')?;
                rest[..close].parse::<usize>().ok().map(|n| n.to_string())
            })
            .collect();
        found.sort();
        found.dedup();
        found
    }

    fn shipped(locale: Locale) -> BTreeMap<String, String> {
        let path = format!("{}/data/i18n/{}.json", env!("CARGO_MANIFEST_DIR"), locale.code());
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    }

    /// The check a community's new language file must pass (`core/data/i18n/{code}.json`): every message,
    /// nothing unknown, the same placeholders as English, and for a message about a count exactly the plural
    /// forms its language needs (each form with English's placeholders or fewer, one form with them all).
    fn check_translation(locale: Locale, map: &BTreeMap<String, String>) -> Vec<String> {
        let mut problems = Vec::new();
        for name in map.keys().filter(|k| !Msg::ALL.iter().any(|m| m.name() == k.as_str())) {
            problems.push(format!("{name}: not a message"));
        }
        let (i18n, missing) = I18n::from_map(locale, map);
        problems.extend(missing.iter().map(|m| format!("{}: missing", m.name())));
        for message in Msg::ALL.iter().filter(|m| !missing.contains(m)) {
            let (english, text) = (I18n::english().text(*message), i18n.text(*message));
            let wanted = placeholders(&english);
            match (plural::forms(&english), plural::forms(&text)) {
                (None, None) if placeholders(&text) == wanted => {}
                (None, _) => {
                    problems.push(format!("{}: placeholders {:?}, not {wanted:?}", message.name(), placeholders(&text)))
                }
                (Some(_), None) => problems.push(format!("{}: needs its plural forms", message.name())),
                (Some(_), Some(forms)) => {
                    let mut given: Vec<plural::Plural> = forms.iter().map(|(p, _)| *p).collect();
                    given.sort();
                    if given != locale.plural_forms() {
                        problems.push(format!("{}: forms {given:?}, not {:?}", message.name(), locale.plural_forms()));
                    }
                    let each: Vec<Vec<String>> = forms.iter().map(|(_, f)| placeholders(f)).collect();
                    if each.iter().any(|p| p.iter().any(|x| !wanted.contains(x))) || !each.contains(&wanted) {
                        problems.push(format!("{}: placeholders {each:?}, not {wanted:?}", message.name()));
                    }
                }
            }
        }
        problems
    }

    #[test]
    fn every_shipped_translation_has_every_message_with_the_same_placeholders_and_its_plural_forms() {
        assert_eq!(Msg::ALL.len(), MESSAGES);
        assert!(check_translation(Locale::En, &BTreeMap::new()).iter().all(|p| p.ends_with("missing")));
        for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::En) {
            let problems = check_translation(locale, &shipped(locale));
            assert!(problems.is_empty(), "core/data/i18n/{}.json:\n{}", locale.code(), problems.join("\n"));
        }
    }

    #[test]
    fn english_gives_the_forms_english_needs_and_a_bad_file_is_told_what_is_wrong() {
        for message in Msg::ALL {
            if let Some(forms) = plural::forms(english(*message)) {
                let given: Vec<plural::Plural> = forms.iter().map(|(p, _)| *p).collect();
                assert_eq!(given, Locale::En.plural_forms(), "{message:?}");
            }
        }
        let mut map = shipped(Locale::Ru);
        map.insert("Sending".into(), "{one}Отправка {0}{other}Отправка {0}".into());
        map.insert("Submit".into(), "Отправить {1}".into());
        map.insert("Nonsense".into(), "x".into());
        map.remove("Undo");
        let problems = check_translation(Locale::Ru, &map);
        assert_eq!(problems.len(), 4, "{problems:?}");
    }

    #[test]
    fn a_count_picks_its_plural_form() {
        let (russian, _) = I18n::from_map(Locale::Ru, &shipped(Locale::Ru));
        let (arabic, _) = I18n::from_map(Locale::Ar, &shipped(Locale::Ar));
        assert_eq!(I18n::english().count(Msg::ReviewCount, 1, &["1"]), "1 record");
        assert_eq!(I18n::english().count(Msg::ReviewCount, 21, &["21"]), "21 records");
        assert_ne!(russian.count(Msg::ReviewCount, 2, &["2"]), russian.count(Msg::ReviewCount, 5, &["5"]));
        assert_eq!(russian.count(Msg::ReviewCount, 21, &["21"]), russian.count(Msg::ReviewCount, 1, &["21"]));
        assert_eq!(arabic.count(Msg::ReviewCount, 2, &["2"]), "سجلان");
        assert_eq!(arabic.count(Msg::ReviewCount, 3, &["3"]), "3 سجلات");
        assert_eq!(arabic.count(Msg::ReviewCount, 11, &["11"]), "11 سجلًا");
    }

    #[test]
    fn a_missing_translation_falls_back_to_english_and_is_reported() {
        let map: BTreeMap<String, String> =
            [("Submit".to_owned(), "Enviar".to_owned()), ("Undo".to_owned(), " ".to_owned())].into();
        let (i18n, missing) = I18n::from_map(Locale::Es, &map);
        assert_eq!(i18n.text(Msg::Submit), "Enviar");
        assert_eq!(i18n.text(Msg::Undo), "Undo");
        assert_eq!(missing.len(), MESSAGES - 1);
        assert_eq!(i18n.locale(), Locale::Es);
    }

    #[test]
    fn placeholders_are_filled_in_any_order() {
        assert_eq!(fill("{1} of {0}", &["a", "b"]), "b of a");
        assert_eq!(fill("{0}%", &["5"]), "5%");
        assert_eq!(fill("{x} {9} {", &["a"]), "{x}  {");
        let (spanish, _) = I18n::from_map(Locale::Es, &shipped(Locale::Es));
        assert_eq!(spanish.fill(Msg::MyProgressOn, &["Tarea"]), "Mi progreso en Tarea");
        assert_eq!(I18n::english().fill(Msg::MyProgressOn, &["Task"]), "My progress on Task");
    }

    #[test]
    fn the_browser_language_picks_the_locale() {
        assert_eq!(Locale::negotiate(["ar-EG", "en"]), Locale::Ar);
        assert_eq!(Locale::negotiate(["nl-NL", "es-419"]), Locale::Es);
        assert_eq!(Locale::negotiate(["sw"]), Locale::En);
        assert_eq!(Locale::negotiate(["zh-CN", "en"]), Locale::Zh);
        assert_eq!(Locale::negotiate(["pt-BR"]), Locale::Pt);
        assert_eq!(Locale::negotiate(["fa-IR"]), Locale::Fa);
        assert_eq!(Locale::negotiate([]), Locale::En);
    }

    #[test]
    fn arabic_is_written_right_to_left() {
        assert_eq!(Locale::Ar.direction(), TextDirection::Rtl);
        assert_eq!(Locale::Es.direction(), TextDirection::Ltr);
        assert_eq!(Locale::Fa.direction(), TextDirection::Rtl);
        let rtl: Vec<Locale> = Locale::ALL.into_iter().filter(|l| l.direction() == TextDirection::Rtl).collect();
        assert_eq!(rtl, [Locale::Ar, Locale::Fa]);
    }
}
