//! `localStorage`, namespaced. Every read and write can fail (private mode, a full quota, storage blocked in
//! a third-party frame): failures are returned, never unwrapped.

use crate::i18n::{Msg, Texts};
use crate::json;
use serde::de::DeserializeOwned;
use web_sys::Storage;

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

    pub fn message(self, texts: Texts) -> String {
        texts.text(self.msg())
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
        Self::storage().ok()?.get_item(&format!("{}{name}", self.prefix)).ok().flatten()
    }

    pub fn set(&self, name: &str, value: &str) -> Result<(), StorageError> {
        Self::storage()?.set_item(&format!("{}{name}", self.prefix), value).map_err(|_| StorageError::Full)
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
        if let Ok(storage) = Self::storage() {
            let _ = storage.remove_item(&format!("{}{name}", self.prefix));
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
    }
}
