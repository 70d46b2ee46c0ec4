//! Numbers as text, with integer arithmetic only: float formatting costs ~10 KB of Wasm for a few labels. In
//! 64 bits, not 128: formatting and dividing 128-bit integers costs another 2 KB, for counts that never need it.

/// `part` of `whole` as a whole percentage, rounded half up; 0 when `whole` is 0.
pub fn percent(part: usize, whole: usize) -> usize {
    if whole == 0 {
        return 0;
    }
    let (part, whole) = (part.min(whole) as u64, whole as u64);
    (part.saturating_mul(100).saturating_add(whole / 2) / whole) as usize
}

/// `part` of `whole` with one decimal, as "37.5%"; `None` when `whole` is 0.
pub fn percent_one_decimal(part: usize, whole: usize) -> Option<String> {
    percent_tenths(part, whole).map(|plain| plain + "%")
}

/// `part` of `whole` as a percentage with one decimal, its number alone ("37.5"); `None` when `whole` is 0.
pub fn percent_tenths(part: usize, whole: usize) -> Option<String> {
    if whole == 0 {
        return None;
    }
    let (part, whole) = (part.min(whole) as u64, whole as u64);
    let tenths = part.saturating_mul(1000).saturating_add(whole / 2) / whole;
    Some(format!("{}.{}", tenths / 10, tenths % 10))
}

/// A model score with two decimals ("0.82"); scores outside 0..=1 are shown as they are, clamped to ±999.
pub fn score_text(score: f64) -> String {
    if !score.is_finite() {
        return "?".to_owned();
    }
    let hundredths = (score.clamp(-999.0, 999.0) * 100.0).round() as i64;
    let sign = if hundredths < 0 { "-" } else { "" };
    let abs = hundredths.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// A decimal number as written in a CSV cell ("0.87", "-1.5e-2", ".5"): digits with an optional sign,
/// point and exponent; `None` for anything else (names like "NaN" included). Written by hand because the
/// standard library's float parser costs the Wasm about 10 KB gzip for a score that is shown with two
/// decimals; up to 15 significant digits and exponents within ±22 it is exact (`tests/numbers_props.rs`
/// checks it against `str::parse`), beyond that within a few units in the last place.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let (mut mantissa, mut exponent, mut digits) = (0u64, 0i32, 0);
    let mut point = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    exponent -= i32::from(point);
                } else {
                    exponent += i32::from(!point);
                }
            }
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = bytes.get(i) {
        i += 1;
        let sign = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let start = i;
        let mut written = 0i32;
        while let Some(&b @ b'0'..=b'9') = bytes.get(i) {
            written = written.saturating_mul(10).saturating_add(i32::from(b - b'0'));
            i += 1;
        }
        if i == start {
            return None;
        }
        exponent = exponent.saturating_add(sign * written.min(100_000));
    }
    if i != bytes.len() {
        return None;
    }
    let magnitude = mantissa as f64;
    let value = match exponent {
        0 => magnitude,
        e if e > 0 => magnitude * 10f64.powi(e.min(400)),
        // Dividing by an exact power of ten rounds once; past 10^22 the power itself is rounded.
        e if e >= -22 => magnitude / 10f64.powi(-e),
        e => magnitude / 10f64.powi(22) / 10f64.powi((-e - 22).min(400)),
    };
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up_and_never_divide_by_zero() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 200), 1);
        assert_eq!(percent(5, 0), 0);
        assert_eq!(percent(9, 4), 100, "capped at the whole");
    }

    #[test]
    fn one_decimal_percentages() {
        assert_eq!(percent_one_decimal(3, 8).as_deref(), Some("37.5%"));
        assert_eq!(percent_one_decimal(1, 3).as_deref(), Some("33.3%"));
        assert_eq!(percent_one_decimal(0, 10).as_deref(), Some("0.0%"));
        assert_eq!(percent_one_decimal(10_331, 10_331).as_deref(), Some("100.0%"));
        assert_eq!(percent_one_decimal(1, 0), None);
    }

    #[test]
    fn scores_show_two_decimals() {
        assert_eq!(score_text(0.8), "0.80");
        assert_eq!(score_text(0.125), "0.13");
        assert_eq!(score_text(1.0), "1.00");
        assert_eq!(score_text(-0.5), "-0.50");
        assert_eq!(score_text(f64::NAN), "?");
    }
}
