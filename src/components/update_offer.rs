//! The offer to take a new version of the app, once its service worker has one waiting. The contributor
//! chooses when: a tab keeps working with the version it started with, and the outbox, kept in localStorage,
//! carries on after the reload.
//!
//! Static markup, for size: offline.js marks the page (`<html data-update="waiting">`), which the stylesheet
//! turns into the offer showing, and takes the button's press. The live region stays in place, so that its
//! content appearing is announced.

use crate::i18n::{Msg, Texts};
use leptos::prelude::*;

/// A line under the header with a button that reloads into the new version; hidden while none waits.
#[component]
pub fn UpdateOffer(texts: Texts) -> impl IntoView {
    view! {
        <div class="update-status" role="status">
            <div class="panel update-offer">
                <p>{texts.text(Msg::UpdateReady)}</p>
                <button type="button" class="button small primary" data-take-update="">{texts.text(Msg::UpdateNow)}</button>
            </div>
        </div>
    }
}
