//! Hash routes. A static Space passes only `?query` and `#hash` into its iframe and has no path fallback,
//! so every page lives behind `#/…`, and a deep link survives a reload on any static host.

use crate::model::ResponseStatus;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Tasks,
    SignIn {
        next: Option<String>,
    },
    Annotate {
        task: String,
        record: Option<String>,
    },
    Dashboard {
        task: String,
    },
    /// Every task's progress side by side (one per language, say).
    AllTasks,
    /// Models ranked per language on the community's prompts.
    Leaderboard,
    /// My records on a task with a response in `status`, to browse and edit.
    Review {
        task: String,
        status: ResponseStatus,
    },
    NotFound(String),
}

impl Route {
    /// Parse `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#');
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let segments: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(decode).collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        match segments.as_slice() {
            [] => Route::Tasks,
            ["signin"] => Route::SignIn { next: query_value(query, "next").filter(|v| v.starts_with("#/")) },
            ["t", task] => Route::Annotate { task: (*task).to_owned(), record: None },
            ["t", task, "r", record] => {
                Route::Annotate { task: (*task).to_owned(), record: Some((*record).to_owned()) }
            }
            ["t", task, "review", status] => match ResponseStatus::parse(status) {
                Some(status) => Route::Review { task: (*task).to_owned(), status },
                None => Route::NotFound(hash.to_owned()),
            },
            ["dashboard"] => Route::AllTasks,
            ["leaderboard"] => Route::Leaderboard,
            ["dashboard", task] => Route::Dashboard { task: (*task).to_owned() },
            _ => Route::NotFound(hash.to_owned()),
        }
    }

    /// The `#/…` form of this route.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Tasks => "#/".to_owned(),
            Route::SignIn { next: None } => "#/signin".to_owned(),
            Route::SignIn { next: Some(next) } => format!("#/signin?next={}", encode(next)),
            Route::Annotate { task, record: None } => format!("#/t/{}", encode(task)),
            Route::Annotate { task, record: Some(record) } => format!("#/t/{}/r/{}", encode(task), encode(record)),
            Route::Dashboard { task } => format!("#/dashboard/{}", encode(task)),
            Route::AllTasks => "#/dashboard".to_owned(),
            Route::Leaderboard => "#/leaderboard".to_owned(),
            Route::Review { task, status } => format!("#/t/{}/review/{}", encode(task), status.as_str()),
            Route::NotFound(hash) => hash.clone(),
        }
    }

    /// The dashboards and the leaderboard: pages of the lead build, which the page's loader starts for them
    /// (`scripts/two-builds.mjs` mirrors this test on the address).
    pub fn is_lead(&self) -> bool {
        matches!(self, Route::Dashboard { .. } | Route::AllTasks | Route::Leaderboard)
    }

    /// Pages that need a signed-in contributor.
    pub fn needs_sign_in(&self) -> bool {
        matches!(self, Route::Annotate { .. } | Route::Review { .. })
    }
}

/// Percent-encode everything but RFC 3986 unreserved characters.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The pairs of a query string as forms and browsers encode them (`application/x-www-form-urlencoded`): `+` is
/// a space, `%XX` a byte, empty pairs are skipped, a leading `?` is ignored. The one reader of query strings:
/// the router, the widget's options, the sign-in callback and `?argilla=` links all go through it.
pub fn query_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query.trim_start_matches('?').split('&').filter(|pair| !pair.is_empty()).map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(&key.replace('+', " ")), decode(&value.replace('+', " ")))
    })
}

/// The first value of `key` in a query string.
pub fn query_value(query: &str, key: &str) -> Option<String> {
    query_pairs(query).find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Percent-decode; malformed escapes are kept as they are.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(high * 16 + low);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_string_is_read_one_way_plus_is_a_space() {
        let pairs: Vec<(String, String)> = query_pairs("?a=x+y%2Bz&&b&c%20d=%E2%9C%93&e=100%").collect();
        assert_eq!(
            pairs,
            [("a", "x y+z"), ("b", ""), ("c d", "✓"), ("e", "100%")].map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert_eq!(
            query_value("argilla=https%3A%2F%2Fa.hf.space&x=1", "argilla").as_deref(),
            Some("https://a.hf.space")
        );
        // The router, the widget's options and the sign-in callback agree on the same text.
        assert_eq!(Route::parse("#/signin?next=%23%2Ft%2Fa+b"), Route::SignIn { next: Some("#/t/a b".into()) });
        assert_eq!(crate::embed::EmbedOptions::parse("tasks=a+b%2Bc").tasks, ["a b+c"]);
        assert_eq!(
            crate::auth::parse_callback("code=a+b%2Bc&state=s"),
            crate::auth::Callback::Code { code: "a b+c".into(), state: "s".into(), iss: None }
        );
    }

    #[test]
    fn the_empty_hash_is_the_task_list() {
        assert_eq!(Route::parse(""), Route::Tasks);
        assert_eq!(Route::parse("#"), Route::Tasks);
        assert_eq!(Route::parse("#/"), Route::Tasks);
    }

    #[test]
    fn routes_round_trip_through_the_hash() {
        let routes = [
            Route::Tasks,
            Route::SignIn { next: None },
            Route::SignIn { next: Some("#/t/rating".into()) },
            Route::Annotate { task: "rating".into(), record: None },
            Route::Annotate { task: "mpep es".into(), record: Some("r/1?x".into()) },
            Route::Dashboard { task: "rating".into() },
            Route::AllTasks,
            Route::Leaderboard,
            Route::Review { task: "rating".into(), status: ResponseStatus::Draft },
            Route::Review { task: "a b".into(), status: ResponseStatus::Discarded },
        ];
        for route in routes {
            assert_eq!(Route::parse(&route.to_hash()), route, "{}", route.to_hash());
        }
    }

    #[test]
    fn sign_in_only_returns_to_pages_of_this_app() {
        assert_eq!(Route::parse("#/signin?next=https%3A%2F%2Fevil.example"), Route::SignIn { next: None });
    }

    #[test]
    fn unknown_paths_are_not_found() {
        assert_eq!(Route::parse("#/nope/x"), Route::NotFound("#/nope/x".into()));
        assert_eq!(Route::parse("#/t/x/review/pending"), Route::NotFound("#/t/x/review/pending".into()));
    }

    #[test]
    fn decoding_keeps_broken_escapes() {
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(decode("%é%"), "%é%");
        assert_eq!(decode("caf%C3%A9"), "café");
        assert_eq!(encode("café 1"), "caf%C3%A9%201");
    }

    #[test]
    fn only_annotation_needs_a_signed_in_contributor() {
        assert!(Route::parse("#/t/x").needs_sign_in());
        assert!(Route::parse("#/t/x/review/submitted").needs_sign_in());
        assert!(!Route::parse("#/dashboard/x").needs_sign_in());
        assert!(!Route::Tasks.needs_sign_in());
        for lead in [
            "#/dashboard",
            "#/dashboard/",
            "#//dashboard/x",
            "#/dashboard/a%2Fb",
            "#/%64ashboard/x",
            "#/dashboard?x=1",
            "#/leaderboard",
            "#/leaderboard/",
        ] {
            assert!(Route::parse(lead).is_lead(), "{lead}");
        }
        for other in [
            "#/",
            "#/t/dashboard",
            "#/dashboard/a/b",
            "#/dashboards",
            "#/signin?next=%23%2Fdashboard",
            "#/leaderboard/x",
        ] {
            assert!(!Route::parse(other).is_lead(), "{other}");
        }
    }
}
