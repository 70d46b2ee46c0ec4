//! Wire types: what each backend sends and expects, kept apart from the domain model.

pub mod argilla;
pub mod hub;
pub mod hub_read;
