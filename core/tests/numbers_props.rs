//! The hand-written decimal reader (scores in CSV cells) against the standard library's float parser.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use together_core::numbers::parse_decimal;

proptest! {
    #[test]
    fn short_decimals_read_exactly_as_std_reads_them(
        negative in any::<bool>(),
        whole in 0u64..10_000_000,
        fraction in proptest::option::of("[0-9]{1,8}"),
        exponent in proptest::option::of(-22i32..=22),
    ) {
        let mut text = format!("{}{whole}", if negative { "-" } else { "" });
        if let Some(fraction) = &fraction {
            text.push('.');
            text.push_str(fraction);
        }
        if let Some(exponent) = exponent {
            text.push_str(&format!("e{exponent}"));
        }
        let expected: f64 = text.parse().unwrap();
        let digits = text.bytes().filter(u8::is_ascii_digit).count() - exponent.map_or(0, |e| e.unsigned_abs().to_string().len());
        let scale = i32::try_from(fraction.as_ref().map_or(0, String::len)).unwrap() - exponent.unwrap_or(0);
        if digits <= 15 && scale.abs() <= 22 {
            prop_assert_eq!(parse_decimal(&text), Some(expected), "{}", text);
        } else {
            let got = parse_decimal(&text).unwrap();
            prop_assert!((got - expected).abs() <= expected.abs() * 1e-14, "{} read as {} not {}", text, got, expected);
        }
    }

    #[test]
    fn long_and_extreme_decimals_stay_close(text in "[+-]?[0-9]{1,30}(\\.[0-9]{0,30})?([eE][+-]?[0-9]{1,3})?") {
        let expected: f64 = text.parse().unwrap();
        let got = parse_decimal(&text).unwrap();
        if expected.is_finite() && expected != 0.0 && expected.abs() > 1e-290 {
            prop_assert!((got - expected).abs() <= expected.abs() * 1e-13, "{} read as {} not {}", text, got, expected);
        } else {
            prop_assert!(got.is_infinite() == expected.is_infinite() || got.abs() < 1e-280, "{} read as {} not {}", text, got, expected);
        }
    }

    #[test]
    fn whatever_std_refuses_is_refused(text in "\\PC{0,12}") {
        if text.parse::<f64>().is_err() {
            prop_assert_eq!(parse_decimal(&text), None, "{}", text);
        }
    }
}

#[test]
fn what_a_score_column_holds() {
    assert_eq!(parse_decimal("0.87"), Some(0.87));
    assert_eq!(parse_decimal(".5"), Some(0.5));
    assert_eq!(parse_decimal("5."), Some(5.0));
    assert_eq!(parse_decimal("+1e-2"), Some(0.01));
    for refused in ["", ".", "-", "e5", "1e", "1e+", "NaN", "inf", "0.8.7", "0,87", " 1"] {
        assert_eq!(parse_decimal(refused), None, "{refused}");
    }
}
