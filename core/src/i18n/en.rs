//! English interface texts, in the order of `Msg`: compiled in, the fallback for every other language.

use super::MESSAGES;

#[rustfmt::skip]
pub(super) const TEXTS: [&str; MESSAGES] = [
    "Skip to content", // SkipToContent
    "Account", // Account
    "Language", // Language
    "Sign in", // SignIn
    "Sign out", // SignOut
    "Signed in", // SignedIn
    "Tasks", // Tasks
    "Annotate {0}", // AnnotateTitle
    "Dashboard {0}", // DashboardTitleShort
    "Page not found", // PageNotFound
    "Nothing lives at {0}.", // NothingLivesAt
    "Go to the tasks", // GoToTasks
    "Loading Together…", // LoadingApp
    "Loading tasks…", // LoadingTasks
    "Loading the task…", // LoadingTask
    "Loading the next record…", // LoadingNextRecord
    "Loading the dashboard…", // LoadingDashboard
    "Try again", // TryAgain
    "Demo data, saved in this browser", // FooterDemo
    "No tasks are open right now.", // NoTasks
    "Start", // Start
    "Continue", // Continue
    "{0}: {1}", // VerbTask
    "My progress on {0}", // MyProgressOn
    "Team progress on {0}", // TeamProgressOn
    "Sign in to contribute", // SignInToContribute
    "Sign in to contribute to {0}", // SignInToContributeTo
    "Dashboard", // Dashboard
    "Dashboard of {0}", // DashboardOf
    "done", // UnitDone
    "responses", // UnitResponses
    "{0} of {1} {2} ({3}%)", // ProgressText
    "This demo keeps everything in this browser. Pick any name: it is how you appear on the dashboard.", // SignInIntro
    "Your name", // YourName
    "Type a name: it is how your answers are counted on the dashboard.", // NameMissing
    "{one}Keep it under {0} character.{other}Keep it under {0} characters.", // NameTooLong
    "Guidelines", // Guidelines
    "My progress", // MyProgress
    "All done!", // AllDone
    "You have answered every record that needs you in this task. Thank you!", // AllDoneText
    "See the dashboard", // SeeDashboard
    "Back to tasks", // BackToTasks
    "Submitted.", // ToastSubmitted
    "Draft saved. It will be first in line next time.", // ToastDraftSaved
    "Discarded.", // ToastDiscarded
    "Discard undone.", // ToastDiscardUndone
    "Undo", // Undo
    "Restored what you typed before leaving this page.", // NoteRestored
    "Your saved draft.", // NoteDraft
    "You submitted this record. You can change your answer.", // NoteSubmitted
    "You discarded this record. You can still answer it.", // NoteDiscarded
    "Annotation form", // AnnotationForm
    "Discard", // Discard
    "Save draft", // SaveDraft
    "Submit", // Submit
    "Reset to suggestion", // ResetToSuggestion
    "Suggested by {0} (score {1}). Edit it or replace it.", // SuggestedByScore
    "Suggested by {0}. Edit it or replace it.", // SuggestedBy
    "Suggested: “{0}” by {1} (score {2}).", // SuggestedLabelScore
    "Suggested: “{0}” by {1}.", // SuggestedLabel
    "a model", // AModel
    "Pick a rating.", // PickARating
    "Write an answer.", // WriteAnAnswer
    "Pick an option.", // PickAnOption
    "{0} is not one of the options.", // NotAnOption
    "Dashboard: {0}", // DashboardTitle
    "Progress toward the target", // ProgressTowardTarget
    "Target reached", // TargetReached
    "Completed records", // CompletedRecords
    "Submitted responses", // SubmittedResponses
    "Contributors", // Contributors
    "{0} of {1}", // CountOf
    "No records yet", // NoRecordsYet
    "{one}A record is complete with {0} submitted response.{other}A record is complete with {0} submitted responses.", // RecordCompleteWith
    "Top contributors", // TopContributors
    "Rank", // Rank
    "Contributor", // Contributor
    "Submitted", // SubmittedColumn
    "Contribute", // Contribute
    "All answers saved", // AllSaved
    "{one}Sending {0} answer…{other}Sending {0} answers…", // Sending
    "{one}Offline: {0} answer kept on this device, sent when you are back online{other}Offline: {0} answers kept on this device, sent when you are back online", // Offline
    "{one}Sign in again to send {0} answer. It is kept on this device.{other}Sign in again to send {0} answers. They are kept on this device.", // SignInToSend
    "An answer was refused: {0}", // AnswerRefused
    "You seem to be offline ({0}). Your answers are kept on this device.", // ErrorOffline
    "Your sign-in has expired. Sign in again: nothing you did is lost.", // ErrorSignInExpired
    "{0} was not found.", // ErrorNotFound
    "The server failed ({0}): {1}", // ErrorServer
    "The server failed ({0}): {1} (request {2})", // ErrorServerWithId
    "The task “{0}”", // TheTask
    "The record “{0}”", // TheRecord
    "This browser does not let Together save anything on this device.", // StorageUnavailable
    "This device's storage is full: answers not yet sent are kept only while this tab stays open.", // StorageFull
    "Answers saved on this device could not be read ({0}); they were kept aside.", // SavedAnswersUnreadable
    "Pick at least one option.", // PickAtLeastOne
    "Give every option a rank.", // RankEveryOption
    "Mark at least one span in the text.", // MarkASpan
    "Two spans overlap: remove one.", // SpansOverlap
    "A span lies outside the text: remove it.", // SpanOutsideText
    "{one}Show {0} more{other}Show {0} more", // ShowMoreOptions
    "Show fewer", // ShowFewerOptions
    "Rank of {0}", // RankOf
    "Not ranked", // NotRanked
    "1 is the best. Options may share a rank.", // RankingHint
    "Label to mark with", // SpanLabel
    "Pick a label, then tap the first and the last word of the span.", // SpanHowTo
    "From “{0}”: now tap the last word (or the same word again).", // SpanFrom
    "Remove {0}: {1}", // RemoveSpan
    "No spans marked yet.", // NoSpansYet
    "Words of {0}", // WordsOf
    "This field cannot be shown here.", // FieldNotShown
    "Argilla server", // ArgillaServer
    "Your credentials are sent to {0}.", // CredentialsGoTo
    "Sign in with", // SignInWith
    "Username and password", // UsernamePassword
    "API key", // ApiKey
    "Username", // Username
    "Password", // Password
    "Signing in…", // SigningIn
    "Enter your username and password.", // FillUsernamePassword
    "Enter your API key.", // FillApiKey
    "Enter the server's address, starting with https:// or http://.", // ServerUrlInvalid
    "The server did not accept these credentials.", // WrongCredentials
    "Sign in with your account on this Argilla server. Your answers are saved there.", // ArgillaSignInIntro
    "Annotate on an Argilla server", // UseArgilla
    "Use the demo instead", // UseDemo
    "Connect", // Connect
    "Answers are saved on {0}", // FooterArgilla
    "Workspace {0}", // WorkspaceOf
    "Review my answers", // Review
    "My answers: {0}", // ReviewTitle
    "Show", // ReviewStatus
    "Drafts", // DraftsTab
    "Submitted", // SubmittedTab
    "Discarded", // DiscardedTab
    "Nothing here yet.", // ReviewEmpty
    "{one}{0} record{other}{0} records", // ReviewCount
    "Show more", // ShowMore
    "Back to annotating", // BackToAnnotating
    "Draft saved automatically.", // AutoSaved
    "The server refused this answer: {0}", // ServerRefused
    "Fix it", // FixIt
    "Your account may not do this ({0}).", // ErrorForbidden
    "{0} submitted · {1} drafts · {2} discarded · {3} pending", // MyCounts
    "Team progress", // TeamProgress
    "Updated {0} s ago", // UpdatedAgo
    "Could not refresh ({0}). Showing the figures from {1} s ago; trying again in {2} s.", // RefreshFailed
    "Records: {0} completed, {1} pending", // RecordsDoneVsPending
    "Ratings given for “{0}”: {1}", // RatingsChart
    "Submitted responses per day, last {0} days: {1}", // PerDayChart
    "Ratings: {0}", // RatingsCaption
    "Submitted responses per day, last {0} days", // PerDayCaption
    "Agreement between annotators ({0} records rated by two or more)", // AgreementCaption
    "Records by share of ratings that agree: {0}", // AgreementChart
    "Answers are committed to Hugging Face datasets on {0}", // FooterHub
    "Sign in with your Hugging Face account. Your answers are committed to the task's dataset under your name.", // HubSignInIntro
    "Sign in with Hugging Face", // SignInWithHf
    "Sign-in is not set up: add hf_oauth: true to the Space's README, or an oauth client to config.json.", // HfSignInNotConfigured
    "This page is shown inside another page, where signing in cannot work. Open Together in its own tab to sign in and annotate there.", // FramedSignIn
    "Open in a new tab", // OpenInNewTab
    "Signed in until {0}", // SignInExpiresAt
    "Answers waiting to be sent together: {0}", // BatchWaiting
    "Send now", // SendNow
    "Your answers go to the dataset as a pull request, for its owners to merge.", // SentAsPullRequest
    "Ratings that disagree most", // DisagreeTitle
    "Records rated by two or more whose ratings agree least: worth a second look.", // DisagreeHint
    "Record", // RecordColumn
    "Ratings", // RatingsColumn
    "Mean rating", // MeanColumn
    "Agreement", // AgreementColumn
    "Progress of every task", // AllTasksTitle
    "Dashboard of all tasks", // AllTasksLink
    "All tasks together", // AllTasksTotal
    "Task", // TaskColumn
    "Language", // LanguageColumn
    "Toward the target", // TargetColumn
    "Loading progress…", // LoadingProgress
    "Progress cannot be shown: {0}", // WidgetFailed
    "Could not refresh ({0}). These are the last figures read.", // WidgetStale
    "{0} of the target · {1} records complete", // WidgetLine
    "{0} contributors · {1} answers submitted", // WidgetCounts
    "{0} submitted", // WidgetSubmitted
    "Progress of {0}", // WidgetFrameTitle
    "Embed", // Embed
    "Show this progress on another page", // EmbedTitle
    "Paste this code into any web page: it shows the progress live and keeps the frame as tall as its content.", // EmbedHint
    "Code to paste", // EmbedCode
    "Without JavaScript (a frame of fixed height)", // EmbedFrameCode
    "Copy", // Copy
    "Copy the frame code", // CopyFrame
    "Copied.", // Copied
    "Copying was not allowed: select the code and copy it yourself.", // CopyFailed
    "Theme", // EmbedTheme
    "The reader's system setting", // ThemeAuto
    "Light", // ThemeLight
    "Dark", // ThemeDark
    "Language of the widget", // EmbedLanguage
    "The reader's language", // ReadersLanguage
    "Compact (one line per task)", // EmbedCompact
    "Show the top contributors", // EmbedContributors
    "Transparent background", // EmbedTransparent
    "Preview", // EmbedPreview
    "an Argilla dataset's progress is for its members only, in the app", // WidgetMembersOnly
    "no task here is called {0}", // WidgetNoTask
    "no connection", // WidgetOffline
    "the server answered {0}", // WidgetStatus
    "See the pull request", // SeePullRequest
    "Sign in to {0}?", // UnknownServerTitle
    "A link opened this app for the server {0}, which this browser has not used before and this site does not list. Your password or API key would go to it. Continue only if you trust it.", // UnknownServerText
    "Continue to {0}", // ContinueTo
    "Show image from {0}", // ShowImageFrom
    "This image is on another site ({0}), which would learn that you opened this record.", // ImageFromElsewhere
    "Show all ({0} characters)", // ShowAll
    "This task cannot be opened: {0}", // TaskUnavailable
    "The server asked us to slow down (too many requests). Trying again in {0} s.", // ErrorRateLimited
    "The server asked us to slow down. Answers kept on this device: {0}; they go again in about {1} s.", // Throttled
    "the server asked to wait {0} s", // WidgetRateLimited
    "Waiting in {2} pull requests: {0} answers from {1} contributors. They count once a member of the dataset merges them.", // PullsWaiting
    "Merge the pull requests", // MergePulls
    "Merging…", // Merging
    "{one}Merged {0} pull request.{other}Merged {0} pull requests.", // MergedPulls
    "Left open: {0}.", // PullsLeft
    "The request could not be made ({0}), though this device is online: the server may be busy or refusing it. Your answers are kept on this device.", // ErrorRequestFailed
    "Reading the answers: {0} of {1} files read.", // ReadingAnswers
    "Agreement beyond chance", // AlphaTitle
    "Krippendorff's α for each question: 1 when everyone agrees, 0 when answers agree only as much as chance would. From 0.8 the answers can be relied on; from 0.667, for tentative conclusions only.", // AlphaHint
    "α = {0} (95% interval {1} to {2})", // AlphaValue
    "reliable", // AlphaReliable
    "tentative", // AlphaTentative
    "low", // AlphaLow
    "from {0} answers on {1} items answered twice or more", // AlphaBasis
    "Not enough answers yet: it needs items answered twice or more, and answers that are not all the same.", // AlphaNotYet
    "A new version of this app is ready. Your answers stay on this device while it reloads.", // UpdateReady
    "Reload now", // UpdateNow
    "Model leaderboard", // LeaderboardTitle
    "Loading the leaderboard…", // LoadingLeaderboard
    "Models evaluated on the community's prompts, ranked per language. Higher scores rank first.", // LeaderboardIntro
    "Results dataset", // ResultsDataset
    "Across languages", // AcrossLanguages
    "Ranked by the number of languages a model was evaluated on, then by its mean score.", // AcrossHint
    "Model", // ModelColumn
    "Score", // ScoreColumn
    "Mean score", // MeanScoreColumn
    "Languages", // LanguagesColumn
    "Prompts", // PromptsColumn
    "Date", // DateColumn
    "Contribute to {0}", // ContributeToTask
    "Rows left out of the leaderboard", // RowsLeftOut
    "This deployment names no results dataset: its lead adds “leaderboard” to config.json.", // NoLeaderboard
    "The results dataset holds no results yet.", // NoResultsYet
    "The results dataset “{0}”", // TheResults
];
