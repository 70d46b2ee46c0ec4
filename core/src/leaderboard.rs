//! The model leaderboard: what evaluating models on the community's prompts gave (a results dataset with one
//! row per model and language: `model`, `language`, `score`, and optionally `n`, the prompts it rests on, and
//! `date`), ranked per language and across languages. Higher scores rank first (a win rate, an accuracy).
//!
//! Pure: the shell reads the rows (a CSV or JSONL file of the dataset, or the dataset viewer's pages) and
//! shows what [`render`] makes of what [`rank`] made of them: HTML written here, as the widget's, since a
//! page of tables as Leptos views cost the lead build several times the bytes.

use crate::i18n::{I18n, Msg};
use crate::markdown::escape_into;
use crate::model::Task;
use crate::numbers::score_text;
use crate::route::Route;
use crate::wire::hub::{Cell, RecordsSource, Row};
use serde::Deserialize;

/// Where the results are: `leaderboard` in `config.json`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaderboardSource {
    /// The results dataset (`namespace/name`).
    pub dataset: String,
    /// A CSV or JSONL file of it, read in one request; without it, the dataset viewer's rows of
    /// `config`/`split` (any format the viewer reads, Parquet included).
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default = "default_config")]
    pub config: String,
    #[serde(default = "default_split")]
    pub split: String,
}

fn default_config() -> String {
    "default".to_owned()
}

fn default_split() -> String {
    "train".to_owned()
}

impl LeaderboardSource {
    /// The viewer's address for it, as a task's records.
    pub fn as_records(&self) -> RecordsSource {
        RecordsSource { config: self.config.clone(), split: self.split.clone(), ..RecordsSource::default() }
    }

    /// Where a reader sees the dataset itself.
    pub fn page_url(&self, endpoint: &str) -> String {
        format!("{}/datasets/{}", endpoint.trim_end_matches('/'), self.dataset)
    }
}

/// One evaluation: a model's score on one language's prompts.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelResult {
    pub model: String,
    pub language: String,
    pub score: f64,
    /// The prompts the score rests on.
    pub n: Option<u64>,
    /// When it was measured (ISO 8601, `2024-05-01`): of two results of a model on a language, the later counts.
    pub date: Option<String>,
}

/// The results read from a dataset's rows, and the rows left out, each said with its place.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadResults {
    pub results: Vec<ModelResult>,
    pub left_out: Vec<String>,
}

/// At most this many left-out rows are named; the rest are counted.
const NAMED_LEFT_OUT: usize = 20;

/// The results of `rows` (numbered from 1, as a reader counts them), from `at` (a file or dataset, named in
/// messages). A missing column is an error for the whole dataset; a row with an empty name or language, a score
/// that is no number, or an `n` that is no whole number is left out and named.
pub fn read_rows(rows: impl IntoIterator<Item = Row>, at: &str) -> Result<ReadResults, String> {
    let mut read = ReadResults::default();
    let mut left_out = 0usize;
    let mut any = false;
    for (index, row) in rows.into_iter().enumerate() {
        if !any {
            if let Some(column) = ["model", "language", "score"].into_iter().find(|c| !row.contains_key(*c)) {
                return Err(format!(
                    "{at}: no column “{column}” (a results dataset has the columns model, language, score, and \
                     optionally n and date)"
                ));
            }
            any = true;
        }
        match result_of(&row) {
            Ok(result) => read.results.push(result),
            Err(why) => {
                left_out += 1;
                if read.left_out.len() < NAMED_LEFT_OUT {
                    read.left_out.push(format!("{at}, row {}: {why}", index + 1));
                }
            }
        }
    }
    if left_out > NAMED_LEFT_OUT {
        read.left_out.push(format!("{at}: {} more rows left out", left_out - NAMED_LEFT_OUT));
    }
    Ok(read)
}

fn result_of(row: &Row) -> Result<ModelResult, String> {
    let text = |column: &str| match row.get(column) {
        Some(Cell::Number(number)) => Some(crate::numbers::score_text(*number)),
        Some(cell) => cell.text().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
        None => None,
    };
    let model = text("model").ok_or("no model named")?;
    let language = text("language").ok_or("no language named")?;
    let score = match row.get("score") {
        Some(cell) => cell.score(),
        None => None,
    };
    let score = score.ok_or_else(|| format!("the score “{}” is not a number", text("score").unwrap_or_default()))?;
    let n = match text("n") {
        None => None,
        Some(n) => Some(n.parse::<u64>().map_err(|_| format!("n “{n}” is not a whole number"))?),
    };
    Ok(ModelResult { model, language, score, n, date: text("date") })
}

/// A model's place on one language's board.
#[derive(Clone, Debug, PartialEq)]
pub struct Standing {
    /// 1 for the best; models with the same score share a rank, and the next rank skips (1, 2, 2, 4).
    pub rank: usize,
    pub result: ModelResult,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LanguageBoard {
    /// As the results name it (the first spelling met).
    pub language: String,
    pub standings: Vec<Standing>,
}

/// A model's place across languages.
#[derive(Clone, Debug, PartialEq)]
pub struct OverallStanding {
    pub rank: usize,
    pub model: String,
    /// The mean of its scores, one per language it was evaluated on.
    pub mean: f64,
    pub languages: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Leaderboard {
    /// By language, in the order of their names.
    pub languages: Vec<LanguageBoard>,
    /// Models ranked by the number of languages they were evaluated on, then by their mean score: a model
    /// measured on one language does not top models measured on all of them.
    pub overall: Vec<OverallStanding>,
    /// Results left out for a later one of the same model and language.
    pub superseded: usize,
}

/// Rank `results`: the latest result of each model on each language (by `date`, then by the order of the rows),
/// languages matched without regard to case.
pub fn rank(results: &[ModelResult]) -> Leaderboard {
    let mut board = Leaderboard::default();
    for result in results {
        let index = match board.languages.iter().position(|b| b.language.eq_ignore_ascii_case(result.language.trim())) {
            Some(index) => index,
            None => {
                board
                    .languages
                    .push(LanguageBoard { language: result.language.trim().to_owned(), standings: Vec::new() });
                board.languages.len() - 1
            }
        };
        let standings = &mut board.languages[index].standings;
        match standings.iter_mut().find(|s| s.result.model == result.model) {
            Some(kept) => {
                board.superseded += 1;
                if result.date >= kept.result.date {
                    kept.result = result.clone();
                }
            }
            None => standings.push(Standing { rank: 0, result: result.clone() }),
        }
    }
    let keys: Vec<String> = board.languages.iter().map(|b| b.language.to_ascii_lowercase()).collect();
    board.languages =
        in_order(std::mem::take(&mut board.languages), &|a, b, _: &[LanguageBoard]| keys[a].cmp(&keys[b]));
    let mut models: Vec<(String, f64, usize)> = Vec::new();
    for language in &mut board.languages {
        let standings = std::mem::take(&mut language.standings);
        language.standings = in_order(standings, &|a, b, s: &[Standing]| {
            let (a, b) = (&s[a].result, &s[b].result);
            b.score.total_cmp(&a.score).then(a.model.cmp(&b.model))
        });
        let scores: Vec<f64> = language.standings.iter().map(|s| s.result.score).collect();
        for (standing, rank) in language.standings.iter_mut().zip(competition_ranks(&scores, |a, b| a == b)) {
            standing.rank = rank;
            match models.iter_mut().find(|(m, _, _)| *m == standing.result.model) {
                Some((_, sum, count)) => {
                    *sum += standing.result.score;
                    *count += 1;
                }
                None => models.push((standing.result.model.clone(), standing.result.score, 1)),
            }
        }
    }
    let overall: Vec<OverallStanding> = models
        .into_iter()
        .map(|(model, sum, languages)| OverallStanding { rank: 0, model, mean: sum / languages as f64, languages })
        .collect();
    let overall = in_order(overall, &|a, b, o: &[OverallStanding]| {
        let (a, b) = (&o[a], &o[b]);
        b.languages.cmp(&a.languages).then(b.mean.total_cmp(&a.mean)).then(a.model.cmp(&b.model))
    });
    let mut overall = overall;
    let keys: Vec<(usize, f64)> = overall.iter().map(|o| (o.languages, o.mean)).collect();
    for (standing, rank) in overall.iter_mut().zip(competition_ranks(&keys, |a, b| a == b)) {
        standing.rank = rank;
    }
    board.overall = overall;
    board
}

/// `items` in the order `cmp` gives (stable), through the one sort the Wasm carries (`stats::sorted_order`).
fn in_order<T>(items: Vec<T>, cmp: &dyn Fn(usize, usize, &[T]) -> std::cmp::Ordering) -> Vec<T> {
    let order = crate::stats::sorted_order(items.len(), &|a, b| cmp(a, b, &items));
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Ranks of sorted `keys`: equal neighbours share one, and the next skips past them.
fn competition_ranks<K>(keys: &[K], same: impl Fn(&K, &K) -> bool) -> Vec<usize> {
    let mut ranks = Vec::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        let rank = if i > 0 && same(&keys[i - 1], key) { ranks[i - 1] } else { i + 1 };
        ranks.push(rank);
    }
    ranks
}

/// Whether a language as a results dataset names it (`es`, `es-ES`, `Spanish`) is a task's (code and name):
/// the same code or name without regard to case, or the same primary subtag.
pub fn names_language(named: &str, code: &str, name: &str) -> bool {
    let named = named.trim();
    let primary = |tag: &str| tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    named.eq_ignore_ascii_case(code)
        || (!name.is_empty() && named.eq_ignore_ascii_case(name))
        || (!code.is_empty() && named.len() <= 12 && primary(named) == primary(code) && named.contains(['-', '_']))
        || (!code.is_empty() && code.contains(['-', '_']) && named.eq_ignore_ascii_case(&primary(code)))
}

/// The boards as HTML (the content of the page's element): across languages when there are several, then each
/// language under its name (as its task names it, when one of `tasks` collects it, with a link to each), then
/// the rows `left_out`. Every text is escaped.
pub fn render(board: &Leaderboard, tasks: &[Task], left_out: &[String], i18n: &I18n) -> String {
    let mut html = String::new();
    let push = |html: &mut String, text: &str| escape_into(text, html);
    let table = |html: &mut String, id: &str, columns: &[Msg], rows: &mut dyn Iterator<Item = [String; 5]>| {
        html.push_str(&format!(
            "<div class=\"table-scroll\"><table class=\"leaderboard models\" aria-labelledby=\"{id}\"><thead><tr>"
        ));
        for column in columns {
            html.push_str("<th scope=\"col\">");
            push(html, &i18n.text(*column));
            html.push_str("</th>");
        }
        html.push_str("</tr></thead><tbody>");
        for cells in rows {
            for (i, cell) in cells.iter().take(columns.len()).enumerate() {
                // The model's name is the row's header; every value from the dataset is isolated (`<bdi>`).
                html.push_str(["<tr><td>", "<th scope=\"row\"><bdi>", "<td>", "<td>", "<td><bdi>"][i]);
                push(html, cell);
                html.push_str(["</td>", "</bdi></th>", "</td>", "</td>", "</bdi></td>"][i]);
            }
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table></div>");
    };
    if board.languages.is_empty() {
        html.push_str("<p class=\"panel\">");
        push(&mut html, &i18n.text(Msg::NoResultsYet));
        html.push_str("</p>");
    }
    if board.languages.len() > 1 {
        html.push_str("<h2 id=\"board-across\">");
        push(&mut html, &i18n.text(Msg::AcrossLanguages));
        html.push_str("</h2><p class=\"hint\">");
        push(&mut html, &i18n.text(Msg::AcrossHint));
        html.push_str("</p>");
        let count = board.languages.len();
        let mut rows = board.overall.iter().map(|o| {
            [
                i18n.number(o.rank),
                o.model.clone(),
                i18n.decimal(&score_text(o.mean)),
                format!("{} / {}", i18n.number(o.languages), i18n.number(count)),
                String::new(),
            ]
        });
        let columns = [Msg::Rank, Msg::ModelColumn, Msg::MeanScoreColumn, Msg::LanguagesColumn];
        table(&mut html, "board-across", &columns, &mut rows);
    }
    for (i, language) in board.languages.iter().enumerate() {
        let theirs: Vec<&Task> = tasks
            .iter()
            .filter(|t| t.language.as_ref().is_some_and(|l| names_language(&language.language, &l.code, &l.name)))
            .collect();
        html.push_str(&format!("<h2 id=\"board-{i}\"><bdi"));
        match theirs.first().and_then(|t| t.language.as_ref()) {
            Some(known) => {
                html.push_str(" lang=\"");
                push(&mut html, &known.code);
                html.push_str("\">");
                push(&mut html, &known.name);
            }
            None => {
                html.push('>');
                push(&mut html, &language.language);
            }
        }
        html.push_str("</bdi></h2>");
        for task in theirs {
            html.push_str("<p><a class=\"button small\" href=\"");
            push(&mut html, &Route::Annotate { task: task.id.clone(), record: None }.to_hash());
            html.push_str("\">");
            push(&mut html, &i18n.fill(Msg::ContributeToTask, &[&task.title]));
            html.push_str("</a></p>");
        }
        let mut rows = language.standings.iter().map(|s| {
            let r = &s.result;
            [
                i18n.number(s.rank),
                r.model.clone(),
                i18n.decimal(&score_text(r.score)),
                r.n.map(|n| i18n.decimal(&n.to_string())).unwrap_or_default(),
                r.date.clone().unwrap_or_default(),
            ]
        });
        let columns = [Msg::Rank, Msg::ModelColumn, Msg::ScoreColumn, Msg::PromptsColumn, Msg::DateColumn];
        table(&mut html, &format!("board-{i}"), &columns, &mut rows);
    }
    if !left_out.is_empty() {
        html.push_str("<div class=\"panel warning\" role=\"status\"><h2>");
        push(&mut html, &i18n.text(Msg::RowsLeftOut));
        html.push_str("</h2><ul>");
        for row in left_out {
            html.push_str("<li>");
            push(&mut html, row);
            html.push_str("</li>");
        }
        html.push_str("</ul></div>");
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldValue;

    fn result(model: &str, language: &str, score: f64) -> ModelResult {
        ModelResult { model: model.into(), language: language.into(), score, n: None, date: None }
    }

    fn row(pairs: &[(&str, &str)]) -> Row {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), Cell::Field(FieldValue::Text((*v).to_owned())))).collect()
    }

    #[test]
    fn each_language_ranks_by_score_with_shared_ranks_for_ties() {
        let board = rank(&[
            result("a", "es", 0.5),
            result("b", "es", 0.9),
            result("c", "es", 0.5),
            result("d", "es", 0.1),
            result("a", "ar", 0.7),
        ]);
        assert_eq!(board.languages.iter().map(|l| l.language.as_str()).collect::<Vec<_>>(), ["ar", "es"]);
        let es: Vec<(usize, &str)> =
            board.languages[1].standings.iter().map(|s| (s.rank, s.result.model.as_str())).collect();
        assert_eq!(es, [(1, "b"), (2, "a"), (2, "c"), (4, "d")]);
    }

    #[test]
    fn across_languages_coverage_comes_first_then_the_mean() {
        let board = rank(&[
            result("wide", "es", 0.6),
            result("wide", "ar", 0.4),
            result("narrow", "es", 0.99),
            result("other", "ES", 0.7),
            result("other", "ar", 0.3),
        ]);
        let overall: Vec<(usize, &str, usize)> =
            board.overall.iter().map(|o| (o.rank, o.model.as_str(), o.languages)).collect();
        // "wide" and "other" both average 0.5 on two languages: they share the first place.
        assert_eq!(overall, [(1, "other", 2), (1, "wide", 2), (3, "narrow", 1)]);
        assert!((board.overall[0].mean - 0.5).abs() < 1e-12);
        assert_eq!(board.languages.len(), 2, "“ES” is “es”");
    }

    #[test]
    fn the_latest_result_of_a_model_on_a_language_counts() {
        let mut old = result("m", "es", 0.9);
        old.date = Some("2024-05-01".into());
        let mut new = result("m", "es", 0.4);
        new.date = Some("2024-06-01".into());
        let undated = result("m", "es", 0.1);
        for order in [[&old, &new, &undated], [&new, &undated, &old], [&undated, &old, &new]] {
            let results: Vec<ModelResult> = order.into_iter().cloned().collect();
            let board = rank(&results);
            assert_eq!(board.languages[0].standings.len(), 1);
            assert_eq!(board.languages[0].standings[0].result, new);
            assert_eq!(board.superseded, 2);
        }
    }

    #[test]
    fn rows_are_read_with_every_problem_named_by_its_place() {
        let rows = vec![
            row(&[("model", "m1"), ("language", "es"), ("score", "0.75"), ("n", "500"), ("date", "2024-05-01")]),
            row(&[("model", "m2"), ("language", "es"), ("score", "high")]),
            row(&[("model", " "), ("language", "es"), ("score", "1")]),
            row(&[("model", "m3"), ("language", "es"), ("score", "1"), ("n", "5.5")]),
            [("model", "m4"), ("language", "ar")]
                .iter()
                .map(|(k, v)| ((*k).to_owned(), Cell::Field(FieldValue::Text((*v).to_owned()))))
                .chain([("score".to_owned(), Cell::Number(0.125))])
                .collect(),
        ];
        let read = read_rows(rows, "org/results/results.csv").unwrap();
        assert_eq!(read.results.len(), 2);
        assert_eq!(read.results[0].n, Some(500));
        assert_eq!(read.results[1].score, 0.125);
        assert_eq!(
            read.left_out,
            [
                "org/results/results.csv, row 2: the score “high” is not a number",
                "org/results/results.csv, row 3: no model named",
                "org/results/results.csv, row 4: n “5.5” is not a whole number",
            ]
        );
        let missing = read_rows(vec![row(&[("model", "m"), ("lang", "es"), ("score", "1")])], "org/r").unwrap_err();
        assert!(missing.starts_with("org/r: no column “language”"), "{missing}");
        assert_eq!(read_rows(Vec::new(), "org/r").unwrap(), ReadResults::default());
    }

    #[test]
    fn many_bad_rows_are_named_up_to_a_limit_and_counted_beyond_it() {
        let rows = (0..25).map(|_| row(&[("model", "m"), ("language", "es"), ("score", "?")]));
        let read = read_rows(rows, "r").unwrap();
        assert_eq!(read.left_out.len(), NAMED_LEFT_OUT + 1);
        assert_eq!(read.left_out.last().unwrap(), "r: 5 more rows left out");
    }

    #[test]
    fn the_page_names_each_language_as_its_task_does_links_it_and_escapes_every_value() {
        let board = rank(&[result("<b>m</b>", "es", 0.5), result("m2", "sw", 0.25)]);
        let mut task: Task = serde_json::from_value(serde_json::json!({
            "id": "mpep/es", "title": "Translate & check", "language": {"code": "es", "name": "Español"},
            "fields": [], "questions": []
        }))
        .unwrap();
        let html = render(&board, std::slice::from_ref(&task), &["r, row 2: “<i>”".to_owned()], &I18n::english());
        assert!(html.contains("<h2 id=\"board-across\">Across languages</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"board-0\"><bdi lang=\"es\">Español</bdi></h2>"), "{html}");
        assert!(html.contains("href=\"#/t/mpep%2Fes\">Contribute to Translate &amp; check</a>"), "{html}");
        assert!(html.contains("<h2 id=\"board-1\"><bdi>sw</bdi></h2>"), "{html}");
        assert!(html.contains("<th scope=\"row\"><bdi>&lt;b&gt;m&lt;/b&gt;</bdi></th><td>0.50</td>"), "{html}");
        assert!(html.contains("<li>r, row 2: “&lt;i&gt;”</li>"), "{html}");
        assert!(!html.contains("<b>") && !html.contains("<i>"));
        // One language: no ranking across languages; no results: said so.
        task.language = None;
        let one = render(&rank(&[result("m", "es", 1.0)]), &[task], &[], &I18n::english());
        assert!(!one.contains("Across languages") && !one.contains("Contribute") && !one.contains("panel"), "{one}");
        assert!(render(&Leaderboard::default(), &[], &[], &I18n::english()).contains("holds no results yet"));
    }

    #[test]
    fn a_language_is_known_by_its_code_its_name_or_its_primary_subtag() {
        assert!(names_language("es", "es", "Español"));
        assert!(names_language("ES", "es", "Español"));
        assert!(names_language("es-ES", "es", "Español"));
        assert!(names_language("español", "es", "Español"));
        assert!(names_language("pt", "pt-BR", "Português"));
        assert!(!names_language("et", "es", "Español"));
        assert!(!names_language("Spanish", "es", "Español"));
        assert!(!names_language("", "es", "Español"));
    }
}
