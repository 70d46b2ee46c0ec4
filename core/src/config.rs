//! `config.json`, served next to `index.html`, sets a deployment's defaults. Every key is optional and an
//! absent file means the built-in demo data.

use serde::Deserialize;

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    /// Shown in the header and the page title.
    #[serde(default)]
    pub title: Option<String>,
    /// Task ids to show, in this order. Empty: every task.
    #[serde(default)]
    pub tasks: Vec<String>,
    /// Base URL of an Argilla 2.x server.
    #[serde(default)]
    pub argilla_url: Option<String>,
    /// The Hugging Face Hub and its dataset viewer.
    #[serde(default)]
    pub hub: HubConfig,
    /// An OAuth client (outside a Space, which provides its own).
    #[serde(default)]
    pub oauth: Option<OAuthClientConfig>,
    /// Hosts whose images records may show at once, besides the Hub's own (`example.org` covers its
    /// subdomains). An image from any other host waits for the contributor to ask for it: a tracking pixel in
    /// a dataset would learn every contributor's address.
    #[serde(default)]
    pub image_hosts: Vec<String>,
    /// The results dataset the model leaderboard (`#/leaderboard`) ranks.
    #[serde(default)]
    pub leaderboard: Option<crate::leaderboard::LeaderboardSource>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubConfig {
    #[serde(default = "default_hub")]
    pub endpoint: String,
    #[serde(default = "default_datasets_server")]
    pub datasets_server: String,
    /// Hub-native tasks: dataset repos (`namespace/name`) each holding a `together.json`.
    #[serde(default)]
    pub tasks: Vec<String>,
    /// A member's app folds the responses repo into a snapshot once this many batch files sit outside it.
    #[serde(default = "default_compact_after")]
    pub compact_after: usize,
}

impl Default for HubConfig {
    fn default() -> Self {
        HubConfig {
            endpoint: default_hub(),
            datasets_server: default_datasets_server(),
            tasks: Vec::new(),
            compact_after: default_compact_after(),
        }
    }
}

/// Batch files outside the snapshot before a member's app compacts: a few days of a busy task, and reads
/// stay at a few dozen requests.
pub const COMPACT_AFTER: usize = 100;

fn default_compact_after() -> usize {
    COMPACT_AFTER
}

fn default_hub() -> String {
    "https://huggingface.co".to_owned()
}

fn default_datasets_server() -> String {
    "https://datasets-server.huggingface.co".to_owned()
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthClientConfig {
    pub client_id: String,
    #[serde(default)]
    pub scopes: Option<String>,
    /// Issuer URL; its `/.well-known/openid-configuration` names the endpoints.
    #[serde(default)]
    pub provider_url: Option<String>,
}

impl AppConfig {
    /// Check a decoded `config.json`. A mistake gets a message that says where it is, for the person deploying.
    pub fn validate(self) -> Result<AppConfig, String> {
        let config = self;
        for (name, url) in
            [("argilla_url", config.argilla_url.as_deref()), ("hub.endpoint", Some(config.hub.endpoint.as_str()))]
        {
            if let Some(url) = url {
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    return Err(format!("config.json: {name} must be an http(s) URL, not “{url}”"));
                }
            }
        }
        if let Some(bad) = config.hub.tasks.iter().find(|t| !crate::wire::hub::is_repo_id(t)) {
            return Err(format!("config.json: hub.tasks must list dataset repos as namespace/name, not “{bad}”"));
        }
        if let Some(twice) = crate::demo::first_duplicate(config.hub.tasks.iter().map(String::as_str)) {
            return Err(format!("config.json: hub.tasks lists “{twice}” twice"));
        }
        if let Some(bad) = config.leaderboard.as_ref().filter(|l| !crate::wire::hub::is_repo_id(&l.dataset)) {
            return Err(format!(
                "config.json: leaderboard.dataset must be a dataset repo as namespace/name, not “{}”",
                bad.dataset
            ));
        }
        if config.hub.compact_after == 0 {
            return Err("config.json: hub.compact_after must be at least 1 (batch files before compacting)".into());
        }
        Ok(config)
    }

    /// Whether a record's image at `url` may load without asking: inline (`data:`), or from the Hub, its dataset
    /// viewer or a host listed in `image_hosts`.
    pub fn trusts_image(&self, url: &str) -> bool {
        if url.trim_start().to_ascii_lowercase().starts_with("data:image/") {
            return true;
        }
        let Some(host) = host_of_url(url) else { return false };
        let covers = |trusted: &str| {
            let trusted = trusted.trim().trim_start_matches("*.");
            !trusted.is_empty()
                && (host.eq_ignore_ascii_case(trusted)
                    || host.len() > trusted.len()
                        && host.is_char_boundary(host.len() - trusted.len())
                        && host[host.len() - trusted.len()..].eq_ignore_ascii_case(trusted)
                        && host[..host.len() - trusted.len()].ends_with('.'))
        };
        let hub_hosts = [&self.hub.endpoint, &self.hub.datasets_server].map(|u| host_of_url(u).unwrap_or_default());
        ["huggingface.co", "hf.co"].iter().any(|h| covers(h))
            || hub_hosts.iter().any(|h| covers(h))
            || self.image_hosts.iter().any(|h| covers(h))
    }

    /// Keep the tasks the configuration lists, in its order; all of them when it lists none.
    pub fn select<'a, T>(&self, tasks: &'a [T], id: impl Fn(&T) -> &str) -> Vec<&'a T> {
        if self.tasks.is_empty() {
            return tasks.iter().collect();
        }
        self.tasks.iter().filter_map(|wanted| tasks.iter().find(|t| id(t) == wanted)).collect()
    }
}

/// The host of an http(s) URL, lower-cased, without credentials or port: what a browser would connect to.
pub fn host_of_url(url: &str) -> Option<String> {
    let trimmed = url.trim();
    let lower = trimmed.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &trimmed[8..]
    } else if lower.starts_with("http://") {
        &trimmed[7..]
    } else {
        return None;
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    (!host.is_empty()).then(|| host.trim_end_matches('.').to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    impl AppConfig {
        fn parse(text: &str) -> Result<AppConfig, String> {
            serde_json::from_str::<AppConfig>(text).map_err(|e| format!("config.json is not valid: {e}"))?.validate()
        }
    }

    #[test]
    fn an_empty_object_means_every_default() {
        let config = AppConfig::parse("{}").unwrap();
        assert_eq!(config, AppConfig::default());
        assert_eq!(config.hub.endpoint, "https://huggingface.co");
    }

    #[test]
    fn every_key_is_read() {
        let config = AppConfig::parse(
            r#"{"title":"MPEP Dutch","tasks":["b","a"],"argilla_url":"https://x.hf.space",
                "hub":{"endpoint":"http://127.0.0.1:9"},"oauth":{"client_id":"abc","scopes":"openid profile"}}"#,
        )
        .unwrap();
        assert_eq!(config.title.as_deref(), Some("MPEP Dutch"));
        assert_eq!(config.hub.datasets_server, "https://datasets-server.huggingface.co");
        assert_eq!(config.oauth.unwrap().client_id, "abc");
    }

    #[test]
    fn the_leaderboard_names_a_dataset_repo_and_reads_a_file_or_the_viewer() {
        let config = AppConfig::parse(r#"{"leaderboard":{"dataset":"org/results"}}"#).unwrap();
        let source = config.leaderboard.unwrap();
        assert_eq!((source.path.as_deref(), source.config.as_str(), source.split.as_str()), (None, "default", "train"));
        assert_eq!(source.page_url("https://huggingface.co/"), "https://huggingface.co/datasets/org/results");
        let bad = AppConfig::parse(r#"{"leaderboard":{"dataset":"results"}}"#).unwrap_err();
        assert!(bad.contains("leaderboard.dataset must be a dataset repo"), "{bad}");
        let typo = AppConfig::parse(r#"{"leaderboard":{"dataset":"org/r","file":"r.csv"}}"#).unwrap_err();
        assert!(typo.contains("unknown field `file`"), "{typo}");
    }

    #[test]
    fn a_typo_in_a_key_is_reported_not_ignored() {
        let error = AppConfig::parse(r#"{"taks":["a"]}"#).unwrap_err();
        assert!(error.contains("unknown field `taks`"), "{error}");
    }

    #[test]
    fn images_load_at_once_only_from_the_hub_and_the_hosts_listed() {
        let config = AppConfig::parse(r#"{"image_hosts":["images.example.org", "*.cdn.test"]}"#).unwrap();
        for url in [
            "https://huggingface.co/datasets/x/resolve/main/a.png",
            "https://cdn-lfs.huggingface.co/a.png",
            "https://datasets-server.huggingface.co/assets/a.jpg",
            "https://images.example.org/a.png",
            "https://eu.cdn.test/a.png",
            "data:image/png;base64,AAAA",
        ] {
            assert!(config.trusts_image(url), "{url}");
        }
        for url in [
            "https://tracker.example/pixel.gif",
            "https://huggingface.co.evil.example/a.png",
            "https://huggingface.co@evil.example/a.png",
            "https://evilhuggingface.co/a.png",
            "https://example.org/a.png",
            "javascript:alert(1)",
            "//huggingface.co/a.png",
        ] {
            assert!(!config.trusts_image(url), "{url}");
        }
        assert_eq!(host_of_url("HTTPS://User:pw@Evil.Example:8443/x").as_deref(), Some("evil.example"));
    }

    #[test]
    fn a_hub_task_listed_twice_is_reported() {
        let error = AppConfig::parse(r#"{"hub":{"tasks":["a/b","c/d","a/b"]}}"#).unwrap_err();
        assert!(error.contains("lists “a/b” twice"), "{error}");
    }

    #[test]
    fn a_member_compacts_after_a_hundred_batch_files_unless_told_otherwise() {
        assert_eq!(AppConfig::parse("{}").unwrap().hub.compact_after, 100);
        assert_eq!(AppConfig::parse(r#"{"hub":{"compact_after":20}}"#).unwrap().hub.compact_after, 20);
        let error = AppConfig::parse(r#"{"hub":{"compact_after":0}}"#).unwrap_err();
        assert!(error.contains("hub.compact_after must be at least 1"), "{error}");
    }

    #[test]
    fn a_server_url_must_be_http() {
        let error = AppConfig::parse(r#"{"argilla_url":"javascript:alert(1)"}"#).unwrap_err();
        assert!(error.contains("argilla_url"), "{error}");
    }

    #[test]
    fn listed_tasks_are_shown_in_the_listed_order() {
        let config = AppConfig { tasks: vec!["b".into(), "missing".into(), "a".into()], ..Default::default() };
        let tasks = ["a", "b", "c"];
        assert_eq!(config.select(&tasks, |t| t), [&"b", &"a"]);
        assert_eq!(AppConfig::default().select(&tasks, |t| t).len(), 3);
    }
}
