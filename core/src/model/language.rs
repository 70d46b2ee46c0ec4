use serde::{Deserialize, Serialize};

/// A language contributors write in, by BCP 47 code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Language {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextDirection {
    Ltr,
    Rtl,
    /// Let the browser decide from the first strong character (`dir="auto"`).
    Auto,
}

impl TextDirection {
    /// The value of an HTML `dir` attribute.
    pub fn as_attr(self) -> &'static str {
        match self {
            TextDirection::Ltr => "ltr",
            TextDirection::Rtl => "rtl",
            TextDirection::Auto => "auto",
        }
    }
}

/// Primary language subtags written right to left.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "ha-arab", "he", "iw", "khw", "ks", "ku-arab", "ps", "sd", "syr", "ug", "ur", "yi",
];

impl Language {
    pub fn direction(&self) -> TextDirection {
        direction_of(&self.code)
    }
}

/// The writing direction of a BCP 47 tag. A script subtag wins over the language (`az-Arab` is RTL,
/// `ku-Latn` is not).
pub fn direction_of(tag: &str) -> TextDirection {
    let lower = tag.trim().to_ascii_lowercase().replace('_', "-");
    let mut parts = lower.split('-');
    let language = parts.next().unwrap_or_default();
    if language.is_empty() {
        return TextDirection::Auto;
    }
    for part in parts {
        match part {
            "arab" | "hebr" | "syrc" | "thaa" | "nkoo" | "adlm" | "rohg" => return TextDirection::Rtl,
            "latn" | "cyrl" | "deva" | "beng" | "taml" | "grek" | "hans" | "hant" => return TextDirection::Ltr,
            _ => {}
        }
    }
    if RTL_LANGUAGES.contains(&language) {
        TextDirection::Rtl
    } else {
        TextDirection::Ltr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_hebrew_persian_and_urdu_are_right_to_left() {
        for tag in ["ar", "he", "fa", "ur", "ar-EG", "AR"] {
            assert_eq!(direction_of(tag), TextDirection::Rtl, "{tag}");
        }
    }

    #[test]
    fn latin_scripts_are_left_to_right() {
        for tag in ["es", "en-US", "sw", "tl", "nl"] {
            assert_eq!(direction_of(tag), TextDirection::Ltr, "{tag}");
        }
    }

    #[test]
    fn a_script_subtag_overrides_the_language() {
        assert_eq!(direction_of("az-Arab"), TextDirection::Rtl);
        assert_eq!(direction_of("ku-Latn"), TextDirection::Ltr);
        assert_eq!(direction_of("pa_Arab"), TextDirection::Rtl);
    }

    #[test]
    fn an_empty_tag_leaves_the_direction_to_the_browser() {
        assert_eq!(direction_of(""), TextDirection::Auto);
    }
}
