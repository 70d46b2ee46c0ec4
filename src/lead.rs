//! The lead build: the whole app, dashboards included. The page's loader starts it for `#/dashboard…`
//! addresses (`scripts/build-lead`); everything else starts the lighter contributor's build (`src/main.rs`).
fn main() {
    together::start(Some(together::pages::lead_page));
}
