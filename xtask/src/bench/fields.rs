//! `cargo xtask bench-fields`: how building `stream_models::Fields` (an activity's custom fields)
//! scales with the number of fields. `Fields::insert` replaces a repeated name, and the docs say
//! building a whole set (from a JSON object, an iterator or serde) takes linear time overall;
//! this measures it. Each way of building runs at 10,000, 40,000 and 160,000 distinct fields and
//! reports nanoseconds per field: flat per-field times mean linear time, a quadratic build would
//! grow 16× from the first size to the last. The command fails if any grows more than 4×.
use std::hint::black_box;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};
use stream_models::Fields;

const SIZES: [usize; 3] = [10_000, 40_000, 160_000];
/// The largest per-field growth from the smallest to the largest size still read as linear.
const MAX_GROWTH: f64 = 4.0;
/// Each measurement is the best of this many runs (the least disturbed by other work).
const RUNS: usize = 5;

fn best_of(mut build: impl FnMut() -> usize) -> Duration {
    (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            black_box(build());
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn per_field(n: usize, way: &str) -> f64 {
    let map: Map<String, Value> = (0..n).map(|i| (format!("k{i}"), json!(i))).collect();
    let text = Value::Object(map.clone()).to_string();
    let took = match way {
        "from a JSON map" => best_of(|| Fields::from(map.clone()).len()),
        "collected from pairs" => best_of(|| {
            map.iter()
                .map(|(k, v)| (k.as_str(), v.clone()))
                .collect::<Fields>()
                .len()
        }),
        _ => best_of(|| {
            serde_json::from_str::<Fields>(&text)
                .map(|f| f.len())
                .unwrap_or(0)
        }),
    };
    took.as_nanos() as f64 / n as f64
}

/// Runs the measurement and prints a table; fails if a way of building is not linear.
pub(crate) fn run() -> Result<(), String> {
    let mut failures = Vec::new();
    println!(
        "| building Fields | {} |",
        SIZES.map(|n| format!("{n} fields")).join(" | ")
    );
    println!("|---|{}", "---:|".repeat(SIZES.len()));
    for way in [
        "from a JSON map",
        "collected from pairs",
        "parsed from JSON text",
    ] {
        let times: Vec<f64> = SIZES.iter().map(|&n| per_field(n, way)).collect();
        let cells: Vec<String> = times.iter().map(|t| format!("{t:.0} ns/field")).collect();
        println!("| {way} | {} |", cells.join(" | "));
        let growth = times[SIZES.len() - 1] / times[0].max(f64::MIN_POSITIVE);
        if growth > MAX_GROWTH {
            failures.push(format!(
                "{way}: {growth:.1}× per field from the smallest size"
            ));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("not linear: {}", failures.join("; ")))
    }
}
