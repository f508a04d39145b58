//! Criterion benches of `zeren check`'s analysis (issue 6): the shipped rules
//! and the generated table of issue 3 (rule `i`: `category = cat{i % 10}` and
//! a keyword of its own, a venue condition on every third rule, an amount
//! threshold on every fourth, 16 departments) at 1,000 and 10,000 items.
//!
//! `cargo bench --bench check` runs everything. Under `cargo test --benches`
//! each bench runs once, on the shipped rules and the 1,000-item table only.
//! Lines starting `zeren-bench:` carry the findings per code.
#![expect(missing_docs, reason = "criterion_group! defines an undocumented `pub fn`")]

#[path = "support/table.rs"]
mod table;

use criterion::{criterion_group, criterion_main, Criterion};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};
use zeren::analyze::{analyze, Config};
use zeren::ir::RuleSet;

fn benching() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn report(name: &str, rules: &RuleSet) {
    let start = Instant::now();
    let analysis = analyze(rules, &Config::new());
    let elapsed = start.elapsed();
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &analysis.diagnostics {
        *codes.entry(d.code.as_str()).or_default() += 1;
    }
    println!("zeren-bench: check {name}: {} items, one run {elapsed:.2?}, findings {codes:?}", rules.items.len());
}

fn bench_check(c: &mut Criterion) {
    let shipped = zeren::load::load_paths(&[concat!(env!("CARGO_MANIFEST_DIR"), "/rules")]);
    let mut group = c.benchmark_group("check");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    if let Ok(rules) = shipped {
        report("shipped", &rules);
        group.bench_function("shipped", |b| b.iter(|| black_box(analyze(&rules, &Config::new()))));
    }
    let sizes: &[usize] = if benching() { &[1_000, 10_000] } else { &[1_000] };
    for &n in sizes {
        let Ok(rules) = zeren::load::load_str("generated.rules", &table::rules_text(n)) else {
            println!("zeren-bench: the generated table of {n} items failed to load");
            continue;
        };
        report(&format!("generated-{n}"), &rules);
        group.bench_function(format!("generated-{n}"), |b| b.iter(|| black_box(analyze(&rules, &Config::new()))));
    }
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
