//! The contributor's build: tasks, sign-in, annotating and reviewing one's answers. The dashboards are in the
//! lead build (`src/lead.rs`), which the page loads for their addresses.
fn main() {
    together::start(None);
}
