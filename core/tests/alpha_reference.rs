//! Krippendorff's α (`together_core::alpha`) against the reference implementation, the `krippendorff` package
//! from PyPI, on the same data: random data with missing values, and data shaped like the community tasks
//! (ratings 1-5 from a crowd, three to five answers per record, labels, multi-label sets). Agreement to four
//! decimals. The package runs in the test peers' virtual environment (`.venv-test`, made by `./scripts/test`;
//! `TOGETHER_PYTHON` names another interpreter that has it).

#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};
use together_core::alpha::{krippendorff_alpha, Level};

/// Reads `[{data, level, domain, sets?}]` and prints α for each (null where the package finds it undefined).
const REFERENCE: &str = r#"
import json, sys
import numpy as np
import krippendorff

def alpha(case):
    data = np.array([[np.nan if v is None else v for v in row] for row in case["data"]], dtype=float)
    level = case["level"]
    if level == "sets":
        sets = [set(s) for s in case["sets"]]
        table = np.array([[0.0 if not (a | b) else 1 - len(a & b) / len(a | b) for b in sets] for a in sets])
        def level(v1, v2, i1, i2, n_v, dtype=np.float64):
            return table[v1.astype(int), v2.astype(int)].astype(dtype)
    try:
        value = krippendorff.alpha(reliability_data=data, value_domain=case["domain"], level_of_measurement=level)
    except ValueError:
        return None
    return None if np.isnan(value) else float(value)

print(json.dumps([alpha(case) for case in json.load(sys.stdin)]))
"#;

fn python() -> String {
    std::env::var("TOGETHER_PYTHON")
        .unwrap_or_else(|_| format!("{}/../.venv-test/bin/python", env!("CARGO_MANIFEST_DIR")))
}

fn reference(cases: &[Value]) -> Vec<Option<f64>> {
    let python = python();
    let mut child = Command::new(&python)
        .args(["-c", REFERENCE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{python} could not be started ({e}): run ./scripts/test once, which installs the test peers")
        });
    child.stdin.take().unwrap().write_all(serde_json::to_string(cases).unwrap().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the krippendorff package failed (is it installed in {python}?)");
    serde_json::from_slice::<Vec<Option<f64>>>(&out.stdout).unwrap()
}

/// A reproducible stream of numbers for the data (xorshift64*).
struct Random(u64);
impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Coders × units, `None` where a coder gave nothing: as the reference reads it.
type Matrix = Vec<Vec<Option<usize>>>;

fn units_of(matrix: &Matrix) -> Vec<Vec<usize>> {
    (0..matrix[0].len()).map(|u| matrix.iter().filter_map(|row| row[u]).collect()).collect()
}

fn random_matrix(random: &mut Random, coders: usize, units: usize, values: usize, missing: u64) -> Matrix {
    (0..coders).map(|_| (0..units).map(|_| (!random.chance(missing)).then(|| random.below(values))).collect()).collect()
}

/// A crowd: each record answered by `per_record` of `crowd` contributors, who mostly give the record's value.
fn crowd_matrix(random: &mut Random, crowd: usize, records: usize, per_record: usize, values: usize) -> Matrix {
    let mut matrix = vec![vec![None; records]; crowd];
    #[allow(clippy::needless_range_loop)] // `record` is the column, `who` the row
    for record in 0..records {
        let truth = random.below(values);
        let mut chosen = Vec::new();
        while chosen.len() < per_record {
            let who = random.below(crowd);
            if !chosen.contains(&who) {
                chosen.push(who);
            }
        }
        for who in chosen {
            let noisy = match random.below(10) {
                0 => random.below(values),
                1 => truth.saturating_sub(1),
                2 => (truth + 1).min(values - 1),
                _ => truth,
            };
            matrix[who][record] = Some(noisy);
        }
    }
    matrix
}

fn case(matrix: &Matrix, level: &str, domain: Vec<f64>, numbers: Option<&[f64]>) -> Value {
    let data: Vec<Vec<Option<f64>>> =
        matrix.iter().map(|row| row.iter().map(|v| v.map(|i| numbers.map_or(i as f64, |n| n[i]))).collect()).collect();
    json!({ "data": data, "level": level, "domain": domain })
}

fn compare(cases: Vec<(Value, Option<f64>)>) {
    let (inputs, ours): (Vec<Value>, Vec<Option<f64>>) = cases.into_iter().unzip();
    let theirs = reference(&inputs);
    assert_eq!(theirs.len(), ours.len());
    for (i, (ours, theirs)) in ours.iter().zip(&theirs).enumerate() {
        match (ours, theirs) {
            (Some(a), Some(b)) => {
                assert!((a - b).abs() < 5e-5, "case {i} ({}): ours {a}, krippendorff {b}", inputs[i]["level"])
            }
            (None, None) => {}
            _ => panic!("case {i} ({}): ours {ours:?}, krippendorff {theirs:?}", inputs[i]["level"]),
        }
    }
}

#[test]
fn nominal_ordinal_and_interval_alpha_agree_with_the_krippendorff_package() {
    let mut random = Random(0x5EED_CAFE);
    let mut cases = Vec::new();
    for round in 0..60 {
        let values = 2 + random.below(6);
        let (a, b, c) = (random.below(40), random.below(150), random.below(60));
        let matrix = if round % 3 == 0 {
            crowd_matrix(&mut random, 5 + a, 10 + b, 2 + c % 4, values)
        } else {
            random_matrix(&mut random, 2 + a % 5, 3 + b % 80, values, c as u64)
        };
        let units = units_of(&matrix);
        let domain: Vec<f64> = (0..values).map(|v| v as f64).collect();
        // Interval answers: numbers spaced unevenly, so that the distance is not the index's.
        let numbers: Vec<f64> = (0..values).map(|v| (v * v) as f64 * 0.5 + v as f64).collect();
        let alpha = |level: &Level| krippendorff_alpha(&units, level, 0, 1).map(|a| a.alpha);
        cases.push((case(&matrix, "nominal", domain.clone(), None), alpha(&Level::Nominal(values))));
        cases.push((case(&matrix, "ordinal", domain.clone(), None), alpha(&Level::Ordinal(values))));
        cases.push((case(&matrix, "interval", numbers.clone(), Some(&numbers)), alpha(&Level::Interval(numbers))));
    }
    compare(cases);
}

#[test]
fn alpha_at_the_scale_of_the_prompt_ranking_effort_agrees_with_the_krippendorff_package() {
    // 10,000 prompts rated 1 to 5 by three of 385 contributors each.
    let mut random = Random(385);
    let matrix = crowd_matrix(&mut random, 385, 10_000, 3, 5);
    let units = units_of(&matrix);
    let ours = krippendorff_alpha(&units, &Level::Ordinal(5), 0, 1).unwrap();
    assert_eq!((ours.units, ours.values), (10_000, 30_000));
    let domain: Vec<f64> = (0..5).map(f64::from).collect();
    compare(vec![
        (case(&matrix, "ordinal", domain.clone(), None), Some(ours.alpha)),
        (case(&matrix, "nominal", domain, None), krippendorff_alpha(&units, &Level::Nominal(5), 0, 1).map(|a| a.alpha)),
    ]);
}

#[test]
fn the_set_distance_for_multi_label_answers_agrees_with_the_package_given_the_same_distance() {
    let mut random = Random(77);
    // Every subset of four labels, as sorted lists; answers pick among them.
    let sets: Vec<Vec<u32>> = (0u32..16).map(|bits| (0..4).filter(|b| bits & (1 << b) != 0).collect()).collect();
    let mut cases = Vec::new();
    for _ in 0..20 {
        let (crowd, records, per_record) = (8 + random.below(20), 20 + random.below(100), 2 + random.below(3));
        let matrix = crowd_matrix(&mut random, crowd, records, per_record, 16);
        let units = units_of(&matrix);
        let mut input = case(&matrix, "sets", (0..16).map(f64::from).collect(), None);
        input["sets"] = json!(sets);
        cases.push((input, krippendorff_alpha(&units, &Level::Sets(sets.clone()), 0, 1).map(|a| a.alpha)));
    }
    compare(cases);
}

#[test]
fn undefined_alpha_is_undefined_for_both() {
    let same: Matrix = vec![vec![Some(1), Some(1)], vec![Some(1), Some(1)]];
    let lonely: Matrix = vec![vec![Some(0), None], vec![None, Some(1)]];
    let domain = vec![0.0, 1.0, 2.0];
    compare(vec![
        (
            case(&same, "nominal", domain.clone(), None),
            krippendorff_alpha(&units_of(&same), &Level::Nominal(3), 0, 1).map(|a| a.alpha),
        ),
        (
            case(&lonely, "nominal", domain, None),
            krippendorff_alpha(&units_of(&lonely), &Level::Nominal(3), 0, 1).map(|a| a.alpha),
        ),
    ]);
}
