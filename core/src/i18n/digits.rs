//! How a language writes numbers: its digits, its group and decimal separators, where it groups, and where its
//! percent sign goes. The shells read a language's style from the browser's `Intl.NumberFormat` once (its
//! parts for 1234567.5, 1234 and 50%), and every number the interface shows goes through [`NumberStyle`]: the
//! figures stay integer arithmetic (see `numbers`), and each language gets the browser's own way of writing
//! them (`1.234`, `1 234`, `12,34,567`, `۱٬۲۳۴`, `%37,5`). The browser test layer checks it against `Intl`
//! itself for every language and many numbers.

/// A language's way of writing numbers; the default is English's.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberStyle {
    /// Its digits, from zero to nine.
    pub digits: [char; 10],
    pub group: String,
    pub decimal: String,
    /// The fewest digits before the first group separator is written: 1 in most languages (`1,234`), 2 in
    /// Spanish and Polish (`1234`, `12.345`).
    pub min_grouping: usize,
    /// Groups of two after the first three (`12,34,567`), as in Hindi.
    pub indian: bool,
    /// What comes before and after a percentage's number (`37.5%`, `%37,5`, `37,5 %`).
    pub percent_prefix: String,
    pub percent_suffix: String,
}

impl Default for NumberStyle {
    fn default() -> Self {
        NumberStyle {
            digits: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
            group: ",".to_owned(),
            decimal: ".".to_owned(),
            min_grouping: 1,
            indian: false,
            percent_prefix: String::new(),
            percent_suffix: "%".to_owned(),
        }
    }
}

impl NumberStyle {
    /// The style the browser's `Intl.NumberFormat` shows in its parts: `parts(percent, n)` is what its
    /// `formatToParts(n)` gives as `(type, value)`, in its percent style when `percent`. Asked for 9876543210.5
    /// (every digit, the separators, the grouping), for 1234 (whether four digits are grouped) and for 50%.
    pub fn from_intl(parts: impl Fn(bool, f64) -> Vec<(String, String)>) -> NumberStyle {
        let mut style = NumberStyle::default();
        let (mut digits, mut groups) = (Vec::new(), Vec::new());
        for (kind, value) in parts(false, 9_876_543_210.5) {
            match kind.as_str() {
                "integer" => {
                    digits.extend(value.chars());
                    groups.push(value.chars().count());
                }
                "group" => style.group = value,
                "decimal" => style.decimal = value,
                _ => {}
            }
        }
        if let Ok(written) = <[char; 10]>::try_from(digits) {
            for (d, c) in written.into_iter().enumerate() {
                style.digits[9 - d] = c;
            }
        }
        style.indian = groups.len() >= 3 && groups[groups.len() - 2] == 2;
        style.min_grouping = if parts(false, 1234.0).iter().any(|(t, _)| t == "group") { 1 } else { 2 };
        let (mut before, mut after, mut seen) = (String::new(), String::new(), false);
        for (kind, value) in parts(true, 0.5) {
            match kind.as_str() {
                "integer" | "decimal" | "fraction" | "group" => seen = true,
                _ if seen => after.push_str(&value),
                _ => before.push_str(&value),
            }
        }
        style.percent_prefix = before;
        style.percent_suffix = after;
        style
    }

    /// A number written plainly (`1234567`, `-3`, `0.82`, as `to_string` and `numbers` write them) in this
    /// style. Anything else is given back as it is.
    pub fn write(&self, plain: &str) -> String {
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", plain),
        };
        let (whole, fraction) = rest.split_once('.').unwrap_or((rest, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return plain.to_owned();
        }
        let digit = |b: u8| self.digits[(b - b'0') as usize];
        let mut out = String::with_capacity(plain.len() * 2);
        out.push_str(sign);
        let grouped = whole.len() >= 3 + self.min_grouping.max(1);
        for (i, b) in whole.bytes().enumerate() {
            let left = whole.len() - i;
            if grouped
                && i > 0
                && left >= 3
                && (left % 3 == 0 && (!self.indian || left == 3) || self.indian && left > 3 && left % 2 == 1)
            {
                out.push_str(&self.group);
            }
            out.push(digit(b));
        }
        if !fraction.is_empty() {
            out.push_str(&self.decimal);
            fraction.bytes().for_each(|b| out.push(digit(b)));
        }
        out
    }

    /// A percentage (its number written plainly: `37.5`) in this style.
    pub fn percent(&self, plain: &str) -> String {
        format!("{}{}{}", self.percent_prefix, self.write(plain), self.percent_suffix)
    }

    /// A count in this style.
    pub fn count(&self, n: usize) -> String {
        self.write(&n.to_string())
    }

    /// `part` of `whole` as a percentage with one decimal, in this style; `None` when `whole` is 0.
    pub fn share(&self, part: usize, whole: usize) -> Option<String> {
        crate::numbers::percent_tenths(part, whole).map(|plain| self.percent(&plain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(group: &str, decimal: &str, min_grouping: usize, indian: bool) -> NumberStyle {
        NumberStyle { group: group.into(), decimal: decimal.into(), min_grouping, indian, ..NumberStyle::default() }
    }

    #[test]
    fn english_groups_by_three_from_four_digits() {
        let en = NumberStyle::default();
        let written: Vec<String> = ["0", "7", "999", "1000", "12345", "1234567", "-1234", "0.5", "1234.25"]
            .iter()
            .map(|n| en.write(n))
            .collect();
        assert_eq!(written, ["0", "7", "999", "1,000", "12,345", "1,234,567", "-1,234", "0.5", "1,234.25"]);
        assert_eq!(en.percent("37.5"), "37.5%");
    }

    #[test]
    fn spanish_leaves_four_digits_whole_and_hindi_groups_by_two() {
        let es = style(".", ",", 2, false);
        assert_eq!([es.write("1234"), es.write("12345"), es.write("0.82")], ["1234", "12.345", "0,82"]);
        let hi = style(",", ".", 1, true);
        let written: Vec<String> =
            ["999", "1234", "12345", "123456", "1234567", "12345678"].iter().map(|n| hi.write(n)).collect();
        assert_eq!(written, ["999", "1,234", "12,345", "1,23,456", "12,34,567", "1,23,45,678"]);
    }

    #[test]
    fn persian_digits_and_a_leading_percent_sign() {
        let fa = NumberStyle {
            digits: ['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'],
            group: "٬".into(),
            decimal: "٫".into(),
            percent_suffix: "٪".into(),
            ..NumberStyle::default()
        };
        assert_eq!(fa.write("1234.5"), "۱٬۲۳۴٫۵");
        assert_eq!(fa.percent("37.5"), "۳۷٫۵٪");
        let tr = NumberStyle { percent_prefix: "%".into(), percent_suffix: String::new(), ..style(".", ",", 1, false) };
        assert_eq!(tr.percent("37.5"), "%37,5");
    }

    fn parts(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(t, v)| ((*t).to_owned(), (*v).to_owned())).collect()
    }

    /// Parts as an `Intl` would give them: `big` for 9876543210.5, `thousand` for 1234, `percent` for 50%.
    fn intl<'a>(
        big: &'a [(&str, &str)],
        thousand: &'a [(&str, &str)],
        percent: &'a [(&str, &str)],
    ) -> impl Fn(bool, f64) -> Vec<(String, String)> + 'a {
        move |is_percent, n| {
            parts(if is_percent {
                percent
            } else if n == 1234.0 {
                thousand
            } else {
                big
            })
        }
    }

    #[test]
    fn a_style_is_read_from_the_parts_intl_gives() {
        // Hindi as Chromium's Intl writes it: Latin digits, groups of two after the first three.
        let big = [
            ("integer", "9"),
            ("group", ","),
            ("integer", "87"),
            ("group", ","),
            ("integer", "65"),
            ("group", ","),
            ("integer", "43"),
            ("group", ","),
            ("integer", "210"),
            ("decimal", "."),
            ("fraction", "5"),
        ];
        let thousand = [("integer", "1"), ("group", ","), ("integer", "234")];
        let hi = NumberStyle::from_intl(intl(&big, &thousand, &[("integer", "50"), ("percentSign", "%")]));
        assert_eq!(hi, NumberStyle { indian: true, ..NumberStyle::default() });
        // Turkish: the percent sign first, a comma for decimals; four digits whole.
        let tr_big = [
            ("integer", "9"),
            ("group", "."),
            ("integer", "876"),
            ("group", "."),
            ("integer", "543"),
            ("group", "."),
            ("integer", "210"),
            ("decimal", ","),
            ("fraction", "5"),
        ];
        let tr =
            NumberStyle::from_intl(intl(&tr_big, &[("integer", "1234")], &[("percentSign", "%"), ("integer", "50")]));
        assert_eq!((tr.min_grouping, tr.percent_prefix.as_str(), tr.percent_suffix.as_str()), (2, "%", ""));
        assert_eq!(tr.write("12345.5"), "12.345,5");
        // Persian digits, and its own separators.
        let fa_big = [
            ("integer", "۹"),
            ("group", "٬"),
            ("integer", "۸۷۶"),
            ("group", "٬"),
            ("integer", "۵۴۳"),
            ("group", "٬"),
            ("integer", "۲۱۰"),
            ("decimal", "٫"),
            ("fraction", "۵"),
        ];
        let fa = NumberStyle::from_intl(intl(&fa_big, &thousand, &[("integer", "۵۰"), ("percentSign", "٪")]));
        assert_eq!((fa.write("1234.5"), fa.percent("37.5")), ("۱٬۲۳۴٫۵".to_owned(), "۳۷٫۵٪".to_owned()));
    }

    #[test]
    fn what_is_not_a_plain_number_is_left_as_it_is() {
        let en = NumberStyle::default();
        for text in ["", "-", "?", "1e5", "12a", "1.2.3", "NaN", "١٢"] {
            assert_eq!(en.write(text), text);
        }
    }
}
