//! The hand-written plural rules (`together_core::i18n::plural`) against CLDR's, as ICU4X (`icu_plurals`, the
//! Unicode Consortium's own) gives them, for every interface language: every whole number up to 100,000, and
//! random large ones. (The older `intl_pluralrules` crate was tried first: its Arabic rules put 103 in "other",
//! where CLDR and the browsers' ICU put it in "few".)
#![cfg(not(target_arch = "wasm32"))]

use icu_plurals::{PluralCategory, PluralRules};
use proptest::prelude::*;
use together_core::i18n::plural::Plural;
use together_core::i18n::Locale;

fn cldr(locale: Locale) -> PluralRules {
    let id = icu_locale_core::Locale::try_from_str(locale.code()).unwrap();
    PluralRules::try_new_cardinal((&id).into()).unwrap()
}

fn ours(category: PluralCategory) -> Plural {
    match category {
        PluralCategory::Zero => Plural::Zero,
        PluralCategory::One => Plural::One,
        PluralCategory::Two => Plural::Two,
        PluralCategory::Few => Plural::Few,
        PluralCategory::Many => Plural::Many,
        PluralCategory::Other => Plural::Other,
    }
}

#[test]
fn every_count_up_to_100000_falls_in_cldrs_category_and_among_the_languages_forms() {
    for locale in Locale::ALL {
        let rules = cldr(locale);
        for n in 0..=100_000u64 {
            let expected = ours(rules.category_for(n));
            assert_eq!(locale.plural(n), expected, "{locale:?} {n}");
            assert!(locale.plural_forms().contains(&expected), "{locale:?} {n}: {expected:?}");
        }
    }
}

#[test]
fn every_form_a_language_lists_is_used_by_some_count() {
    for locale in Locale::ALL {
        for form in locale.plural_forms() {
            assert!((0..=2_000_000u64).any(|n| locale.plural(n) == *form), "{locale:?} never uses {form:?}");
        }
    }
}

proptest! {
    #[test]
    fn large_counts_agree_with_cldr(n in 0u64..10_000_000_000, pick in 0usize..13) {
        let locale = Locale::ALL[pick];
        prop_assert_eq!(locale.plural(n), ours(cldr(locale).category_for(n)), "{:?} {}", locale, n);
    }
}
