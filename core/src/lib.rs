//! Together's pure logic. Nothing in this crate touches the DOM, the network or a clock: every browser
//! input (time, storage contents, the URL) is a parameter, so all of it is tested natively with `cargo test`.

pub mod alpha;
pub mod auth;
pub mod compaction;
pub mod config;
pub mod demo;
pub mod embed;
pub mod i18n;
pub mod leaderboard;
pub mod markdown;
pub mod model;
pub mod numbers;
pub mod outbox;
pub mod publish;
pub mod queue;
pub mod refresh;
pub mod route;
pub mod shortcuts;
pub mod stats;
pub mod summary;
pub mod wire;
