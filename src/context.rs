//! What every page shares: the backend, storage, the signed-in contributor and the delivery of responses.
//! Provided once by the shell; read with [`use_app`].

use crate::backend::Backend;
use crate::storage::LocalStore;
use crate::sync::Delivery;
use leptos::prelude::*;
use std::rc::Rc;
use together_core::config::AppConfig;

pub const USER_KEY: &str = "user";

#[derive(Clone, Copy)]
pub struct AppContext {
    backend: StoredValue<Rc<dyn Backend>, LocalStorage>,
    pub storage: StoredValue<LocalStore>,
    pub config: StoredValue<AppConfig>,
    /// The signed-in contributor's name.
    pub user: RwSignal<Option<String>>,
    pub delivery: Delivery,
    /// A long read under way: files read, of how many (see [`Backend::watch_reading`]).
    pub reading: RwSignal<Option<(usize, usize)>>,
}

impl AppContext {
    pub fn new(backend: Rc<dyn Backend>, storage: LocalStore, config: AppConfig) -> Self {
        let user = storage.get(USER_KEY).filter(|u| !u.trim().is_empty());
        let backend = StoredValue::new_local(backend);
        let storage_value = StoredValue::new(storage.clone());
        let reading = RwSignal::new(None);
        backend.with_value(|b| {
            b.watch_reading(Rc::new(move |now| {
                let _ = reading.try_set(now);
            }))
        });
        AppContext {
            backend,
            storage: storage_value,
            config: StoredValue::new(config),
            user: RwSignal::new(user),
            delivery: Delivery::new(backend, storage),
            reading,
        }
    }

    pub fn backend(&self) -> Rc<dyn Backend> {
        self.backend.get_value()
    }

    pub fn sign_in(&self, name: &str) {
        let _ = self.storage.with_value(|s| s.set(USER_KEY, name));
        self.user.set(Some(name.to_owned()));
        self.delivery.resume_after_sign_in();
    }

    pub fn sign_out(&self) {
        self.backend().sign_out();
        self.storage.with_value(|s| s.remove(USER_KEY));
        self.user.set(None);
    }
}

pub fn provide_app(context: AppContext) {
    provide_context(context);
    context.delivery.start();
}

/// The app context. Components outside the shell (in tests) must provide one first.
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("AppContext is provided by the shell before any page renders")
}
