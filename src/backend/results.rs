//! The model leaderboard's results, read from the Hub dataset `config.json` names (`leaderboard`), whatever
//! backend the tasks come from: its CSV or JSONL file in one request, else the dataset viewer's pages; on the
//! demo, from a CSV file served next to the app. What the rows say is read by `together_core::leaderboard`.

use super::{error_of, BackendError};
use crate::http::{HttpRequest, Transport};
use crate::i18n::Msg;
use crate::json;
use together_core::config::HubConfig;
use together_core::leaderboard::{read_rows, LeaderboardSource, ReadResults};
use together_core::wire::hub::{self as wire, Row, RowsPage};
use together_core::wire::hub_read::HubUrls;

/// The demo's results, next to `index.html`, read as a results dataset's file is.
pub const DEMO_RESULTS_URL: &str = "demo-results.csv";

/// The demo's results.
pub async fn read_demo_results(transport: &dyn Transport) -> Result<ReadResults, BackendError> {
    read_file(DEMO_RESULTS_URL, &get(transport, DEMO_RESULTS_URL.to_owned(), DEMO_RESULTS_URL).await?)
}

/// The body at `url`, read without a token; an error names `name`.
async fn get(transport: &dyn Transport, url: String, name: &str) -> Result<String, BackendError> {
    let response = transport.send(HttpRequest::get(url)).await.map_err(|e| BackendError::Offline(e.0))?;
    match response.status {
        200 => Ok(response.body),
        // The Hub answers 401 to an anonymous read of a repo that does not exist or is private.
        401 => Err(BackendError::NotFound { what: Msg::TheResults, name: name.to_owned() }),
        _ => Err(error_of(&response, Msg::TheResults, name)),
    }
}

fn read_file(at: &str, body: &str) -> Result<ReadResults, BackendError> {
    let rows = wire::rows_from_file(at, body, json::parse::<Row>).map_err(BackendError::Malformed)?;
    read_rows(rows, at).map_err(BackendError::Malformed)
}

/// The viewer's pages read at most: 2,000 results, far more than models × languages of any effort.
const MAX_PAGES: usize = 20;

pub async fn read_results(
    transport: &dyn Transport,
    hub: &HubConfig,
    source: &LeaderboardSource,
) -> Result<ReadResults, BackendError> {
    let dataset = &source.dataset;
    if let Some(path) = &source.path {
        let at = format!("{dataset}/{path}");
        let body = get(transport, HubUrls::new(&hub.endpoint).resolve(dataset, "main", path), dataset).await?;
        return read_file(&at, &body);
    }
    let viewer = hub.datasets_server.trim_end_matches('/');
    let records = source.as_records();
    let mut rows = Vec::new();
    let mut total = usize::MAX;
    let mut pages = 0;
    while rows.len() < total && pages < MAX_PAGES {
        let url = wire::rows_url(viewer, dataset, &records, rows.len(), wire::ROWS_PAGE);
        let page: RowsPage = json::parse(&get(transport, url.clone(), dataset).await?)
            .map_err(|e| BackendError::Malformed(format!("{url}: {e}")))?;
        total = page.num_rows_total;
        pages += 1;
        if page.rows.is_empty() {
            break;
        }
        rows.extend(page.rows.into_iter().map(|entry| entry.row));
    }
    let mut read = read_rows(rows, dataset).map_err(BackendError::Malformed)?;
    if total != usize::MAX && total > MAX_PAGES * wire::ROWS_PAGE {
        read.left_out.push(format!("{dataset}: only its first {} rows were read", MAX_PAGES * wire::ROWS_PAGE));
    }
    Ok(read)
}
