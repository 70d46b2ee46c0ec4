//! Keyboard shortcuts of the annotate page, decided from the key and where the focus is.
//!
//! Digits pick a rating, Enter submits, Ctrl/Cmd+S saves a draft. Backspace never discards: a stray
//! Backspace outside a text box must not throw away someone's work.

/// Where keyboard focus is when a key goes down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The page, a radio button, or anything that does not use the key itself.
    Page,
    /// A text box: keys type text.
    TextField,
    /// A button or a link: Enter and Space activate it.
    Control,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyPress<'a> {
    /// `KeyboardEvent.key`.
    pub key: &'a str,
    pub ctrl: bool,
    pub meta: bool,
    pub alt: bool,
    pub shift: bool,
    pub focus: Focus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    Rate(i64),
    Submit,
    SaveDraft,
}

/// The shortcut a key press means, if any. `ratings` are the values of the record's rating question.
pub fn shortcut_for(press: KeyPress<'_>, ratings: &[i64]) -> Option<Shortcut> {
    let command = press.ctrl || press.meta;
    if command && !press.alt && press.key.eq_ignore_ascii_case("s") {
        return Some(Shortcut::SaveDraft);
    }
    if command && !press.alt && press.key == "Enter" {
        return Some(Shortcut::Submit);
    }
    if command || press.alt || press.focus == Focus::TextField {
        return None;
    }
    if press.key == "Enter" && !press.shift && press.focus == Focus::Page {
        return Some(Shortcut::Submit);
    }
    let mut chars = press.key.chars();
    if let (Some(digit), None) = (chars.next().and_then(|c| c.to_digit(10)), chars.next()) {
        let value = i64::from(digit);
        if ratings.contains(&value) {
            return Some(Shortcut::Rate(value));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: &str, focus: Focus) -> KeyPress<'_> {
        KeyPress { key, ctrl: false, meta: false, alt: false, shift: false, focus }
    }

    const SCALE: &[i64] = &[1, 2, 3, 4, 5];

    #[test]
    fn digits_pick_ratings_on_the_scale() {
        assert_eq!(shortcut_for(press("4", Focus::Page), SCALE), Some(Shortcut::Rate(4)));
        assert_eq!(shortcut_for(press("9", Focus::Page), SCALE), None);
        assert_eq!(shortcut_for(press("0", Focus::Page), &[0, 1, 2]), Some(Shortcut::Rate(0)));
    }

    #[test]
    fn digits_typed_into_a_text_box_are_text() {
        assert_eq!(shortcut_for(press("4", Focus::TextField), SCALE), None);
    }

    #[test]
    fn enter_submits_unless_it_types_a_line_or_presses_a_button() {
        assert_eq!(shortcut_for(press("Enter", Focus::Page), SCALE), Some(Shortcut::Submit));
        assert_eq!(shortcut_for(press("Enter", Focus::TextField), SCALE), None);
        assert_eq!(shortcut_for(press("Enter", Focus::Control), SCALE), None);
    }

    #[test]
    fn ctrl_or_cmd_enter_submits_even_from_a_text_box() {
        let mut p = press("Enter", Focus::TextField);
        p.ctrl = true;
        assert_eq!(shortcut_for(p, SCALE), Some(Shortcut::Submit));
        p.ctrl = false;
        p.meta = true;
        assert_eq!(shortcut_for(p, SCALE), Some(Shortcut::Submit));
    }

    #[test]
    fn ctrl_or_cmd_s_saves_a_draft_anywhere() {
        for focus in [Focus::Page, Focus::TextField, Focus::Control] {
            let mut p = press("s", focus);
            p.ctrl = true;
            assert_eq!(shortcut_for(p, SCALE), Some(Shortcut::SaveDraft));
            let mut p = press("S", focus);
            p.meta = true;
            assert_eq!(shortcut_for(p, SCALE), Some(Shortcut::SaveDraft));
        }
        assert_eq!(shortcut_for(press("s", Focus::Page), SCALE), None);
    }

    #[test]
    fn backspace_and_delete_never_do_anything() {
        for key in ["Backspace", "Delete"] {
            for focus in [Focus::Page, Focus::TextField, Focus::Control] {
                assert_eq!(shortcut_for(press(key, focus), SCALE), None);
            }
        }
    }

    #[test]
    fn modified_digits_are_left_to_the_browser() {
        let mut p = press("3", Focus::Page);
        p.alt = true;
        assert_eq!(shortcut_for(p, SCALE), None);
        p.alt = false;
        p.ctrl = true;
        assert_eq!(shortcut_for(p, SCALE), None);
    }
}
