//! `localStorage`, namespaced, with IndexedDB as its overflow. Every read and write can fail (private mode, a
//! full quota, storage blocked in a third-party frame): failures are returned, never unwrapped.
//!
//! `localStorage` is small (about 5 MB an origin) but synchronous and shared by every tab at once, which the
//! outbox and the demo store rely on (see `sync.rs`). When it is full, a value goes to IndexedDB, where a
//! browser gives far more room: it is kept in memory for this tab and read back from IndexedDB at the next
//! start ([`open_overflow`]), so nothing a contributor did is lost at a reload. A value that neither could
//! keep is an error, and the page says so.

use crate::json;
use serde::de::DeserializeOwned;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use together_core::i18n::Msg;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode, Storage};

const OVERFLOW_DB: &str = "together";
const OVERFLOW_STORE: &str = "overflow";

thread_local! {
    /// Values that did not fit in `localStorage`, by full key, as IndexedDB holds them.
    static OVERFLOW: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
    static DATABASE: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
    /// IndexedDB refused a write: nothing more is said to be saved there.
    static OVERFLOW_FAILED: Cell<bool> = const { Cell::new(false) };
}

/// A request's outcome, awaited.
async fn done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await?;
    request.result()
}

/// Open the overflow database and read what it holds (values a full `localStorage` could not take, from this
/// visit or an earlier one). Called once before the app starts; without IndexedDB, or when it does not answer
/// within two seconds, the app runs on `localStorage` alone.
pub async fn open_overflow() {
    let opened = async {
        let factory = web_sys::window().and_then(|w| w.indexed_db().ok().flatten())?;
        let request = factory.open_with_u32(OVERFLOW_DB, 1).ok()?;
        let upgrade = Closure::once_into_js(move |event: web_sys::Event| {
            let db = event.target().and_then(|t| t.dyn_into::<IdbRequest>().ok()).and_then(|r| r.result().ok());
            if let Some(db) = db.and_then(|db| db.dyn_into::<IdbDatabase>().ok()) {
                let _ = db.create_object_store(OVERFLOW_STORE);
            }
        });
        request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
        let db: IdbDatabase = done(&request).await.ok()?.dyn_into().ok()?;
        let store = db.transaction_with_str(OVERFLOW_STORE).ok()?.object_store(OVERFLOW_STORE).ok()?;
        let (keys, values) = (store.get_all_keys().ok()?, store.get_all().ok()?);
        let (keys, values) = (done(&keys).await.ok()?, done(&values).await.ok()?);
        let (keys, values) = (js_sys::Array::from(&keys), js_sys::Array::from(&values));
        OVERFLOW.with_borrow_mut(|overflow| {
            for (key, value) in keys.iter().zip(values.iter()) {
                if let (Some(key), Some(value)) = (key.as_string(), value.as_string()) {
                    overflow.insert(key, value);
                }
            }
        });
        DATABASE.set(Some(db));
        Some(())
    };
    let timeout = JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 2_000);
        }
    }));
    futures::future::select(Box::pin(opened), timeout).await;
}

/// Write (`Some`) or delete (`None`) `key` in the overflow database; `false` when there is none to write to.
fn overflow_write(key: &str, value: Option<&str>) -> bool {
    if OVERFLOW_FAILED.get() {
        return false;
    }
    DATABASE.with_borrow(|db| {
        let Some(db) = db else { return false };
        let Ok(transaction) = db.transaction_with_str_and_mode(OVERFLOW_STORE, IdbTransactionMode::Readwrite) else {
            return false;
        };
        let failed = Closure::once_into_js(|| OVERFLOW_FAILED.set(true));
        transaction.set_onerror(Some(failed.unchecked_ref()));
        transaction.set_onabort(Some(failed.unchecked_ref()));
        let Ok(store) = transaction.object_store(OVERFLOW_STORE) else { return false };
        match value {
            Some(value) => store.put_with_key(&JsValue::from_str(value), &JsValue::from_str(key)).is_ok(),
            None => store.delete(&JsValue::from_str(key)).is_ok(),
        }
    })
}

/// Why nothing could be saved on this device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// Private mode, or storage blocked (in a third-party frame, say).
    Unavailable,
    /// The quota is used up.
    Full,
}

impl StorageError {
    pub fn msg(self) -> Msg {
        match self {
            StorageError::Unavailable => Msg::StorageUnavailable,
            StorageError::Full => Msg::StorageFull,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalStore {
    prefix: String,
}

impl LocalStore {
    /// Keys are `{prefix}{name}`. Tests use their own prefix so they never see each other's data.
    pub fn new(prefix: impl Into<String>) -> Self {
        LocalStore { prefix: prefix.into() }
    }

    fn storage() -> Result<Storage, StorageError> {
        web_sys::window().and_then(|w| w.local_storage().ok().flatten()).ok_or(StorageError::Unavailable)
    }

    /// The key `name` is saved under (what a `storage` event names).
    pub fn key_of(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    pub fn get(&self, name: &str) -> Option<String> {
        let key = self.key_of(name);
        OVERFLOW
            .with_borrow(|overflow| overflow.get(&key).cloned())
            .or_else(|| Self::storage().ok()?.get_item(&key).ok().flatten())
    }

    /// Save `value` under `name`: in `localStorage`, or when that is full in IndexedDB.
    pub fn set(&self, name: &str, value: &str) -> Result<(), StorageError> {
        let key = self.key_of(name);
        let storage = Self::storage();
        if storage.as_ref().is_ok_and(|s| s.set_item(&key, value).is_ok()) {
            if OVERFLOW.with_borrow_mut(|overflow| overflow.remove(&key)).is_some() {
                overflow_write(&key, None);
            }
            return Ok(());
        }
        // An older value left in `localStorage` would be read after this one is lost: it goes, making room.
        if let Ok(storage) = &storage {
            let _ = storage.remove_item(&key);
        }
        if overflow_write(&key, Some(value)) {
            OVERFLOW.with_borrow_mut(|overflow| overflow.insert(key, value.to_owned()));
            return Ok(());
        }
        Err(storage.err().unwrap_or(StorageError::Full))
    }

    /// Read and decode `name` (`None` when nothing is saved). Text that cannot be decoded is copied to
    /// `{name}-unreadable-{at_ms}`, where a person can still recover it and nothing overwrites it, and the
    /// reason is returned.
    pub fn read_json<T: DeserializeOwned>(&self, name: &str, at_ms: f64) -> Result<Option<T>, String> {
        let Some(text) = self.get(name) else { return Ok(None) };
        json::parse(&text).map(Some).inspect_err(|_| {
            let _ = self.set(&format!("{name}-unreadable-{}", at_ms as u64), &text);
        })
    }

    pub fn remove(&self, name: &str) {
        let key = self.key_of(name);
        if let Ok(storage) = Self::storage() {
            let _ = storage.remove_item(&key);
        }
        if OVERFLOW.with_borrow_mut(|overflow| overflow.remove(&key)).is_some() {
            overflow_write(&key, None);
        }
    }

    /// Remove every key under this prefix (used by tests).
    pub fn clear(&self) {
        let Ok(storage) = Self::storage() else { return };
        let length = storage.length().unwrap_or(0);
        let keys: Vec<String> =
            (0..length).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(&self.prefix)).collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
        let overflowed: Vec<String> =
            OVERFLOW.with_borrow(|o| o.keys().filter(|k| k.starts_with(&self.prefix)).cloned().collect());
        for key in overflowed {
            OVERFLOW.with_borrow_mut(|o| o.remove(&key));
            overflow_write(&key, None);
        }
    }
}
