//! Plural forms by CLDR's categories, for whole numbers (counts are all the interface shows). Hand-written for
//! the interface's languages: a few lines each, where a plural-rules crate would bring CLDR's whole rule engine
//! into the Wasm. The native tests check every rule against `intl_pluralrules` (CLDR's data) for every number
//! up to 100,000 and for large ones.
//!
//! A message with plural forms writes each form after its category's marker, "other" required:
//! `{one}Sending {0} answer…{other}Sending {0} answers…`. Arabic has six forms, Russian three, Chinese one.

use super::Locale;

/// CLDR's plural categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    pub const ALL: [Plural; 6] = [Plural::Zero, Plural::One, Plural::Two, Plural::Few, Plural::Many, Plural::Other];

    pub fn marker(self) -> &'static str {
        match self {
            Plural::Zero => "{zero}",
            Plural::One => "{one}",
            Plural::Two => "{two}",
            Plural::Few => "{few}",
            Plural::Many => "{many}",
            Plural::Other => "{other}",
        }
    }
}

impl Locale {
    /// The category of the whole number `n` in this language.
    pub fn plural(self, n: u64) -> Plural {
        let (r10, r100) = (n % 10, n % 100);
        let millions = n != 0 && n.is_multiple_of(1_000_000);
        match self {
            Locale::En | Locale::De | Locale::Tr => {
                if n == 1 {
                    Plural::One
                } else {
                    Plural::Other
                }
            }
            Locale::Es => match n {
                1 => Plural::One,
                _ if millions => Plural::Many,
                _ => Plural::Other,
            },
            Locale::Fr | Locale::Pt => match n {
                0 | 1 => Plural::One,
                _ if millions => Plural::Many,
                _ => Plural::Other,
            },
            Locale::Hi | Locale::Fa => {
                if n <= 1 {
                    Plural::One
                } else {
                    Plural::Other
                }
            }
            Locale::Zh | Locale::Ja | Locale::Ko => Plural::Other,
            Locale::Ru => {
                if r10 == 1 && r100 != 11 {
                    Plural::One
                } else if (2..=4).contains(&r10) && !(12..=14).contains(&r100) {
                    Plural::Few
                } else {
                    Plural::Many
                }
            }
            Locale::Ar => match n {
                0 => Plural::Zero,
                1 => Plural::One,
                2 => Plural::Two,
                _ if (3..=10).contains(&r100) => Plural::Few,
                _ if (11..=99).contains(&r100) => Plural::Many,
                _ => Plural::Other,
            },
        }
    }

    /// The categories whole numbers fall in for this language: the forms a message with plural forms must give.
    pub fn plural_forms(self) -> &'static [Plural] {
        use Plural::*;
        match self {
            Locale::En | Locale::De | Locale::Tr | Locale::Hi | Locale::Fa => &[One, Other],
            Locale::Es | Locale::Fr | Locale::Pt => &[One, Many, Other],
            Locale::Zh | Locale::Ja | Locale::Ko => &[Other],
            Locale::Ru => &[One, Few, Many],
            Locale::Ar => &[Zero, One, Two, Few, Many, Other],
        }
    }
}

/// The forms of a message, `(category, text)` in the order written; `None` for a message without forms.
pub fn forms(text: &str) -> Option<Vec<(Plural, &str)>> {
    if !Plural::ALL.iter().any(|p| text.starts_with(p.marker())) {
        return None;
    }
    let mut found: Vec<(Plural, usize, usize)> = Vec::new(); // category, marker start, text start
    let mut at = 0;
    while let Some(open) = text[at..].find('{').map(|i| at + i) {
        match Plural::ALL.iter().find(|p| text[open..].starts_with(p.marker())) {
            Some(p) => {
                found.push((*p, open, open + p.marker().len()));
                at = open + p.marker().len();
            }
            None => at = open + 1,
        }
    }
    Some(
        found
            .iter()
            .enumerate()
            .map(|(i, &(p, _, start))| (p, &text[start..found.get(i + 1).map_or(text.len(), |next| next.1)]))
            .collect(),
    )
}

/// The form of `text` for the count `n`: its category's, else "other", else the last given. A message without
/// forms is itself.
pub fn pick(locale: Locale, text: &str, n: u64) -> &str {
    let Some(forms) = forms(text) else { return text };
    let wanted = locale.plural(n);
    forms
        .iter()
        .find(|(p, _)| *p == wanted)
        .or_else(|| forms.iter().find(|(p, _)| *p == Plural::Other))
        .or(forms.last())
        .map_or(text, |(_, form)| form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_read_in_order_and_picked_by_count() {
        let text = "{one}Sending {0} answer…{other}Sending {0} answers…";
        assert_eq!(
            forms(text).unwrap(),
            vec![(Plural::One, "Sending {0} answer…"), (Plural::Other, "Sending {0} answers…")]
        );
        assert_eq!(pick(Locale::En, text, 1), "Sending {0} answer…");
        assert_eq!(pick(Locale::En, text, 0), "Sending {0} answers…");
        assert_eq!(forms("Sending {0}"), None);
        assert_eq!(pick(Locale::En, "{0} records", 1), "{0} records");
        // A category the text lacks: "other", else the last form.
        assert_eq!(pick(Locale::Ar, "{one}a{other}b", 2), "b");
        assert_eq!(pick(Locale::Ru, "{one}a{few}b", 5), "b");
    }

    #[test]
    fn russian_and_arabic_need_their_forms() {
        let ru: Vec<Plural> = [1, 2, 5, 11, 21, 22, 25, 111, 112].map(|n| Locale::Ru.plural(n)).to_vec();
        use Plural::*;
        assert_eq!(ru, vec![One, Few, Many, Many, One, Few, Many, Many, Many]);
        let ar: Vec<Plural> = [0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111].map(|n| Locale::Ar.plural(n)).to_vec();
        assert_eq!(ar, vec![Zero, One, Two, Few, Few, Many, Many, Other, Other, Few, Many]);
    }
}
