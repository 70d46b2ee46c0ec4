//! The one CSV reader: the app's parser and the widget's counter agree on every input, and a table written
//! by the `csv` crate (quotes, commas, line breaks, any script) reads back exactly.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use together_core::model::FieldValue;
use together_core::wire::hub::{count_csv_records, parse_csv};

fn values(text: &str) -> Vec<Vec<String>> {
    parse_csv(text)
        .unwrap()
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(key, cell)| match cell.into_field() {
                    FieldValue::Text(text) => format!("{key}={text}"),
                    other => format!("{key}={other:?}"),
                })
                .collect()
        })
        .collect()
}

#[test]
fn hostile_csv_reads_the_same_in_the_app_and_the_widget() {
    let cases = [
        // A quote inside an unquoted field is text: three records (the widget once counted one).
        ("id,text\n1,x\"y\n2,z\"w\n3,q\n", 3),
        ("\u{feff}id,text\r\n1,\"a, b\"\r\n\r\n2,\"line\nbreak\"\r\n", 2),
        ("id,text\n\n\n1,\"say \"\"hi\"\"\"\n", 1),
        ("id,text\n1,\n2,\"\"", 2),
        ("id,text", 0),
        ("", 0),
    ];
    for (text, records) in cases {
        assert_eq!(count_csv_records(text), records, "{text:?}");
        assert_eq!(parse_csv(text).map(|rows| rows.len()).unwrap_or(0), records, "{text:?}");
    }
    assert_eq!(values("id,text\n1,x\"y\n")[0][1], "text=x\"y");
    assert_eq!(values("id,text\r\n1,\"line\nbreak, \"\"q\"\"\"\r\n")[0][1], "text=line\nbreak, \"q\"");
    assert!(parse_csv("id,text\n1,\"never closed\n").is_err());
    assert_eq!(count_csv_records("id,text\n1,\"never closed\n"), 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_counter_counts_what_the_parser_reads(text in prop::collection::vec(
        prop::sample::select(vec!["a", "é", "م", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "\u{feff}", "x,y"]), 0..60,
    ).prop_map(|pieces| format!("h1,h2\n{}", pieces.concat()))) {
        if let Ok(rows) = parse_csv(&text) {
            prop_assert_eq!(count_csv_records(&text), rows.len(), "{:?}", text);
        }
    }

    #[test]
    fn a_table_written_by_the_csv_crate_reads_back_exactly(
        rows in prop::collection::vec(prop::collection::vec("[a-z\",\\n\\r \u{0600}-\u{0605}\u{4e00}-\u{4e05}]{1,12}", 2), 1..20),
        crlf in any::<bool>(),
    ) {
        let mut writer = csv::WriterBuilder::new()
            .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
            .from_writer(Vec::new());
        writer.write_record(["a", "b"]).unwrap();
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let expected: Vec<Vec<String>> =
            rows.iter().map(|r| vec![format!("a={}", r[0]), format!("b={}", r[1])]).collect();
        prop_assert_eq!(values(&text), expected, "{:?}", text);
        prop_assert_eq!(count_csv_records(&text), rows.len());
    }
}
