//! The exact solver (`zeren::logic`) against the literal evaluator and a
//! brute-force enumeration of a ticket universe that is complete for a tiny
//! schema.

#![expect(clippy::unwrap_used, clippy::panic, reason = "a test fails by panicking, with a message")]

use proptest::prelude::*;
use std::time::{Duration, Instant};
use zeren::fold::fold;
use zeren::ir::eval::holds;
use zeren::ir::{Atom, Attr, AttrId, CmpOp, Cond, Keyword, RuleSet, Type, Value};
use zeren::logic::{implies, satisfiable, satisfiable_with, Answer, Config, Part, Solver};
use zeren::source::{Sources, Span};
use zeren::ticket::{Strictness, Ticket};

// ---- a tiny schema and condition builders ----

/// An attribute of the tiny schema, by name (ids come only from a rule set).
fn id(name: &str) -> AttrId {
    rules().attr(name).unwrap()
}

fn attr(name: &str, ty: Type, domain: Option<&[&str]>) -> Attr {
    Attr {
        name: name.into(),
        ty,
        domain: domain.map(|d| d.iter().map(|s| s.to_string()).collect()),
        label: None,
        range: None,
        span: Span::default(),
    }
}

fn rules_with(attrs: Vec<Attr>) -> RuleSet {
    RuleSet {
        name: None,
        version: None,
        attrs,
        depts: vec![],
        coordinator: None,
        matters: vec![],
        items: vec![],
        threshold: 1.0,
        has_fallback: false,
        tests: vec![],
        territory: None,
        clock: None,
        homophone: None,
        sources: Sources::default(),
    }
}

fn rules() -> RuleSet {
    rules_with(vec![
        attr("c", Type::Symbol, None),
        attr("v", Type::Symbol, Some(&["x", "y", "z"])),
        attr("n", Type::Number, None),
        attr("b", Type::Bool, None),
        attr("t", Type::Text, None),
    ])
}

fn kw(s: &str) -> Keyword {
    Keyword { raw: s.into(), folded: fold(s) }
}
fn has(a: AttrId, ks: &[&str]) -> Cond {
    Cond::Atom(Atom::Has { attr: a, keywords: ks.iter().map(|k| kw(k)).collect(), all: false })
}
fn has_all(a: AttrId, ks: &[&str]) -> Cond {
    Cond::Atom(Atom::Has { attr: a, keywords: ks.iter().map(|k| kw(k)).collect(), all: true })
}
fn sym(s: &str) -> Value {
    Value::Symbol(s.into())
}
fn eq(a: AttrId, v: Value) -> Cond {
    Cond::Atom(Atom::Eq { attr: a, value: v })
}
fn ne(a: AttrId, v: Value) -> Cond {
    Cond::Atom(Atom::Ne { attr: a, value: v })
}
fn within(a: AttrId, vs: Vec<Value>) -> Cond {
    Cond::Atom(Atom::In { attr: a, values: vs })
}
fn cmp(a: AttrId, op: CmpOp, value: f64) -> Cond {
    Cond::Atom(Atom::Cmp { attr: a, op, value })
}
fn is_true(a: AttrId) -> Cond {
    Cond::Atom(Atom::IsTrue { attr: a })
}
fn not(c: Cond) -> Cond {
    Cond::Not(Box::new(c))
}
fn and(cs: Vec<Cond>) -> Cond {
    Cond::and(cs).unwrap_or_else(|| has_all(id("t"), &[]))
}
fn or(cs: Vec<Cond>) -> Cond {
    Cond::Or(cs)
}

/// Satisfiable, with a witness that satisfies `c` literally.
fn check_sat(r: &RuleSet, c: &Cond) -> Ticket {
    match satisfiable(r, c) {
        Answer::Yes(t) => {
            assert!(holds(r, c, &t), "witness {:?} does not satisfy {c:?}", t.to_json(&r.attrs));
            t
        }
        other => panic!("expected a witness for {c:?}, got {other:?}"),
    }
}

fn check_unsat(r: &RuleSet, c: &Cond) {
    assert_eq!(satisfiable(r, c), Answer::No, "{c:?}");
}

fn json(r: &RuleSet, t: &Ticket) -> String {
    t.to_json(&r.attrs).to_string()
}

// ---- symbols and bools ----

#[test]
fn a_symbol_has_one_value() {
    let r = rules();
    assert_eq!(implies(&r, &eq(id("c"), sym("a")), &not(eq(id("c"), sym("b")))), Some(true));
    assert_eq!(implies(&r, &not(eq(id("c"), sym("b"))), &eq(id("c"), sym("a"))), Some(false));
    check_unsat(&r, &and(vec![eq(id("c"), sym("a")), eq(id("c"), sym("b"))]));
    assert_eq!(implies(&r, &eq(id("c"), sym("a")), &ne(id("c"), sym("b"))), Some(true));
    assert_eq!(implies(&r, &eq(id("c"), sym("a")), &within(id("c"), vec![sym("b"), sym("a")])), Some(true));
}

#[test]
fn ne_is_false_when_missing() {
    let r = rules();
    // `v != z` needs v present, so over the closed domain it is `v in [x, y]`.
    assert_eq!(implies(&r, &ne(id("v"), sym("z")), &within(id("v"), vec![sym("x"), sym("y")])), Some(true));
    assert_eq!(implies(&r, &within(id("v"), vec![sym("x"), sym("y")]), &ne(id("v"), sym("z"))), Some(true));
    // …but `not v = z` holds on a missing v.
    assert_eq!(implies(&r, &not(eq(id("v"), sym("z"))), &within(id("v"), vec![sym("x"), sym("y")])), Some(false));
    let t = check_sat(&r, &and(vec![not(eq(id("v"), sym("z"))), not(within(id("v"), vec![sym("x"), sym("y")]))]));
    assert_eq!(json(&r, &t), "{}");
    // An open domain has values nobody mentioned.
    let t = check_sat(&r, &and(vec![ne(id("c"), sym("a")), ne(id("c"), sym("b"))]));
    assert_eq!(json(&r, &t), r#"{"c":"其他"}"#);
}

#[test]
fn closed_domains_are_complete() {
    let r = rules();
    check_unsat(&r, &and(vec![ne(id("v"), sym("x")), ne(id("v"), sym("y")), ne(id("v"), sym("z"))]));
    // An unmentioned domain value serves as "other".
    let t = check_sat(&r, &and(vec![ne(id("v"), sym("x")), ne(id("v"), sym("y"))]));
    assert_eq!(json(&r, &t), r#"{"v":"z"}"#);
    assert_eq!(
        implies(&r, &ne(id("v"), sym("x")), &or(vec![eq(id("v"), sym("y")), eq(id("v"), sym("z"))])),
        Some(true)
    );
}

#[test]
fn bools_are_missing_true_or_false() {
    let r = rules();
    assert_eq!(implies(&r, &is_true(id("b")), &eq(id("b"), Value::Bool(true))), Some(true));
    assert_eq!(implies(&r, &not(is_true(id("b"))), &eq(id("b"), Value::Bool(false))), Some(false));
    assert_eq!(implies(&r, &ne(id("b"), Value::Bool(true)), &eq(id("b"), Value::Bool(false))), Some(true));
    check_unsat(&r, &and(vec![is_true(id("b")), ne(id("b"), Value::Bool(true))]));
    // Type mismatches never hold, as in the evaluator.
    check_unsat(&r, &eq(id("c"), Value::Bool(true)));
}

// ---- numbers ----

#[test]
fn numbers_are_ordered() {
    let r = rules();
    assert_eq!(implies(&r, &cmp(id("n"), CmpOp::Gt, 10.0), &cmp(id("n"), CmpOp::Ge, 5.0)), Some(true));
    assert_eq!(implies(&r, &cmp(id("n"), CmpOp::Ge, 5.0), &cmp(id("n"), CmpOp::Gt, 10.0)), Some(false));
    check_unsat(&r, &and(vec![cmp(id("n"), CmpOp::Gt, 5.0), cmp(id("n"), CmpOp::Lt, 5.0)]));
    let t = check_sat(&r, &and(vec![cmp(id("n"), CmpOp::Ge, 5.0), cmp(id("n"), CmpOp::Le, 5.0)]));
    assert_eq!(json(&r, &t), r#"{"n":5.0}"#);
    let t = check_sat(&r, &cmp(id("n"), CmpOp::Gt, 10.0));
    assert_eq!(json(&r, &t), r#"{"n":11.0}"#);
    let t = check_sat(&r, &and(vec![cmp(id("n"), CmpOp::Gt, 1.5), cmp(id("n"), CmpOp::Lt, 1.75)]));
    assert_eq!(json(&r, &t), r#"{"n":1.625}"#);
    // Nothing lies strictly between two adjacent doubles.
    let next = f64::from_bits(1.0f64.to_bits() + 1);
    check_unsat(&r, &and(vec![cmp(id("n"), CmpOp::Gt, 1.0), cmp(id("n"), CmpOp::Lt, next)]));
    // Finite numbers only: nothing above f64::MAX.
    check_unsat(&r, &cmp(id("n"), CmpOp::Gt, f64::MAX));
    // Missing numbers fail every comparison.
    assert_eq!(implies(&r, &not(cmp(id("n"), CmpOp::Lt, 0.0)), &cmp(id("n"), CmpOp::Ge, 0.0)), Some(false));
}

// ---- keywords ----

#[test]
fn keyword_containment() {
    let r = rules();
    assert_eq!(implies(&r, &has(id("t"), &["停车场"]), &has(id("t"), &["停车"])), Some(true));
    assert_eq!(implies(&r, &has(id("t"), &["停车"]), &has(id("t"), &["停车场"])), Some(false));
    assert_eq!(implies(&r, &has_all(id("t"), &["a", "b"]), &has(id("t"), &["a"])), Some(true));
    assert_eq!(implies(&r, &has(id("t"), &["a", "b"]), &has(id("t"), &["a"])), Some(false));
    check_unsat(&r, &and(vec![has(id("t"), &["停车场"]), not(has(id("t"), &["车场"]))]));
    let t = check_sat(&r, &and(vec![has(id("t"), &["停车"]), not(has(id("t"), &["停车场"]))]));
    assert_eq!(json(&r, &t), r#"{"t":"停车"}"#);
    // Containment is only among keywords: two keywords need not form a third.
    let t = check_sat(&r, &and(vec![has_all(id("t"), &["停", "车"]), not(has(id("t"), &["停车"]))]));
    assert!(json(&r, &t).contains('停'));
    // The witness keeps only the keywords not contained in another.
    let t = check_sat(&r, &has_all(id("t"), &["停车场", "停车", "投诉"]));
    assert_eq!(json(&r, &t), r#"{"t":"停车场，投诉"}"#);
}

#[test]
fn keywords_are_folded() {
    let r = rules();
    assert_eq!(implies(&r, &has(id("t"), &["ＡＰＰ"]), &has(id("t"), &["app"])), Some(true));
    assert_eq!(implies(&r, &has(id("t"), &["app"]), &has(id("t"), &["ＡＰＰ"])), Some(true));
    assert_eq!(implies(&r, &has(id("t"), &["真人CS"]), &has(id("t"), &["cs"])), Some(true));
    check_unsat(&r, &and(vec![has(id("t"), &["APP下载"]), not(has(id("t"), &["app"]))]));
}

#[test]
fn a_separator_in_keywords_is_avoided() {
    let r = rules();
    let c = and(vec![
        has_all(id("t"), &["a，b", "c；d", "e f"]),
        not(has(id("t"), &["b|c", "d|e", "b，c", "d；e", "f a"])),
    ]);
    let t = check_sat(&r, &c);
    assert_eq!(json(&r, &t), r#"{"t":"a，b/c；d/e f"}"#);
}

#[test]
fn missing_attributes_under_not() {
    let r = rules();
    let t = check_sat(
        &r,
        &and(vec![
            not(has(id("t"), &["a"])),
            not(eq(id("c"), sym("a"))),
            not(cmp(id("n"), CmpOp::Gt, 1.0)),
            not(is_true(id("b"))),
        ]),
    );
    assert_eq!(json(&r, &t), "{}");
    // `has ""` asks only for presence.
    let t = check_sat(&r, &has(id("t"), &[""]));
    assert_eq!(json(&r, &t), r#"{"t":""}"#);
    assert_eq!(implies(&r, &has(id("t"), &["x"]), &has_all(id("t"), &[])), Some(true));
    check_unsat(&r, &and(vec![has(id("t"), &["x"]), not(has(id("t"), &[""]))]));
}

// ---- queries, facts, budget ----

#[test]
fn conjunctions_of_parts() {
    let r = rules();
    let a = or(vec![eq(id("c"), sym("a")), has(id("t"), &["退费"])]);
    let b = has(id("t"), &["退"]);
    let mut s = Solver::default();
    match s.satisfiable_all(&r, &[Part::Holds(&a), Part::Fails(&b)]) {
        Answer::Yes(t) => assert_eq!(json(&r, &t), r#"{"c":"a"}"#),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.facts().len(), 1);
    assert_eq!(s.satisfiable_all(&r, &[Part::Holds(&b), Part::Fails(&b)]), Answer::No);
    assert!(matches!(s.satisfiable_all(&r, &[]), Answer::Yes(_)));
}

/// The pigeonhole principle: `n + 1` pigeons, `n` holes, hard for DPLL.
fn pigeons(n: usize) -> (RuleSet, Cond) {
    let attrs = (0..=n).flat_map(|i| (0..n).map(move |j| attr(&format!("p{i}_{j}"), Type::Bool, None))).collect();
    let schema = rules_with(attrs);
    let id = |i: usize, j: usize| schema.attr(&format!("p{i}_{j}")).unwrap();
    let mut parts = Vec::new();
    for i in 0..=n {
        parts.push(or((0..n).map(|j| is_true(id(i, j))).collect()));
    }
    for j in 0..n {
        for i in 0..=n {
            for k in i + 1..=n {
                parts.push(not(and(vec![is_true(id(i, j)), is_true(id(k, j))])));
            }
        }
    }
    (schema, and(parts))
}

#[test]
fn the_budget_bounds_the_time() {
    let (r, c) = pigeons(4);
    assert_eq!(satisfiable(&r, &c), Answer::No);
    let (r, c) = pigeons(9);
    let start = Instant::now();
    let answer = satisfiable(&r, &c);
    assert!(matches!(answer, Answer::TooComplex(_)), "{answer:?}");
    assert!(start.elapsed() < Duration::from_secs(5), "took {:?}", start.elapsed());
    let tiny = Config::new().budget(10);
    let (r, c) = pigeons(3);
    assert!(matches!(satisfiable_with(&tiny, &r, &c), Answer::TooComplex(_)));
}

// ---- brute force against a complete universe ----

/// Every ticket class of the tiny schema for conditions drawn from
/// [`atom_pool`]: symbols mentioned or not, each threshold and a number in
/// each interval, every keyword set closed under containment.
fn universe(r: &RuleSet) -> Vec<Ticket> {
    let cs = [None, Some("\"a\""), Some("\"b\""), Some("\"zz\"")];
    let vs = [None, Some("\"x\""), Some("\"y\""), Some("\"z\"")];
    let ns = [None, Some("-1"), Some("0"), Some("0.5"), Some("1"), Some("2"), Some("2.5"), Some("3")];
    let bs = [None, Some("true"), Some("false")];
    let ts = [
        None,
        Some("\"\""),
        Some("\"a\""),
        Some("\"b\""),
        Some("\"a b\""),
        Some("\"ab\""),
        Some("\"ba\""),
        Some("\"aba\""),
    ];
    let mut out = Vec::new();
    for c in cs {
        for v in vs {
            for n in ns {
                for b in bs {
                    for t in ts {
                        let fields: Vec<String> = [("c", c), ("v", v), ("n", n), ("b", b), ("t", t)]
                            .iter()
                            .filter_map(|(k, x)| x.map(|x| format!("\"{k}\": {x}")))
                            .collect();
                        let json = format!("{{{}}}", fields.join(", "));
                        out.push(Ticket::from_json(&r.attrs, &json, Strictness::Strict).unwrap());
                    }
                }
            }
        }
    }
    out
}

fn atom_pool() -> impl Strategy<Value = Cond> {
    let kws = prop::sample::subsequence(vec!["a", "b", "ab", "ba", "Ａ", ""], 1..=3).prop_map(|ks| {
        // One atom's keywords are distinct after folding (an IR invariant).
        let mut seen = Vec::new();
        ks.into_iter()
            .filter(|k| {
                if seen.contains(&fold(k)) {
                    false
                } else {
                    seen.push(fold(k));
                    true
                }
            })
            .collect::<Vec<_>>()
    });
    let csym = prop::sample::select(vec!["a", "b"]).prop_map(sym);
    let vsym = prop::sample::select(vec!["x", "y", "z"]).prop_map(sym);
    let op = prop::sample::select(vec![CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge]);
    let num = prop::sample::select(vec![0.0, 1.0, 2.5]);
    prop_oneof![
        (kws, any::<bool>()).prop_map(|(ks, all)| if all { has_all(id("t"), &ks) } else { has(id("t"), &ks) }),
        csym.clone().prop_map(|v| eq(id("c"), v)),
        csym.clone().prop_map(|v| ne(id("c"), v)),
        prop::collection::vec(csym, 1..3).prop_map(|mut vs| {
            vs.dedup();
            within(id("c"), vs)
        }),
        vsym.clone().prop_map(|v| eq(id("v"), v)),
        vsym.clone().prop_map(|v| ne(id("v"), v)),
        prop::sample::subsequence(vec!["x", "y", "z"], 1..=2)
            .prop_map(|vs| within(id("v"), vs.into_iter().map(sym).collect())),
        (op, num).prop_map(|(op, x)| cmp(id("n"), op, x)),
        Just(is_true(id("b"))),
        any::<bool>().prop_map(|b| eq(id("b"), Value::Bool(b))),
        any::<bool>().prop_map(|b| ne(id("b"), Value::Bool(b))),
    ]
}

fn cond() -> impl Strategy<Value = Cond> {
    atom_pool().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(and),
            prop::collection::vec(inner.clone(), 2..4).prop_map(or),
            inner.prop_map(not),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn satisfiable_agrees_with_brute_force(c in cond()) {
        let r = rules();
        let brute = universe(&r).into_iter().find(|t| holds(&r, &c, t));
        match satisfiable(&r, &c) {
            Answer::Yes(t) => {
                prop_assert!(holds(&r, &c, &t), "witness {} fails", json(&r, &t));
                prop_assert!(brute.is_some());
            }
            Answer::No => prop_assert!(brute.is_none(), "brute force found {}", json(&r, &brute.unwrap())),
            Answer::TooComplex(why) => prop_assert!(false, "too complex: {why}"),
        }
    }

    #[test]
    fn implies_agrees_with_brute_force(a in cond(), b in cond()) {
        let r = rules();
        let brute = universe(&r).iter().all(|t| !holds(&r, &a, t) || holds(&r, &b, t));
        prop_assert_eq!(implies(&r, &a, &b), Some(brute));
    }
}

// ---- measurement on the shipped rules ----

/// Times the analyzer's typical queries on `rules/`: each item alone, each
/// pair of items together (overlap), implication both ways (specificity), and
/// each matter's guard without any of its items (gap). Run with
/// `cargo test --release --test logic -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a test"]
fn measure_on_shipped_rules() {
    let Ok(r) = zeren::load::load_paths(&["rules"]) else {
        eprintln!("rules/ did not load; nothing measured");
        return;
    };
    let mut solver = Solver::default();
    let mut report = |what: &str, queries: Vec<Vec<Part<'_>>>| {
        let (mut yes, mut no, mut hard, mut worst, mut steps) = (0, 0, 0, Duration::ZERO, 0u64);
        let start = Instant::now();
        for q in &queries {
            let t = Instant::now();
            match solver.satisfiable_all(&r, q) {
                Answer::Yes(_) => yes += 1,
                Answer::No => no += 1,
                Answer::TooComplex(_) => hard += 1,
            }
            worst = worst.max(t.elapsed());
            steps = steps.max(solver.steps());
        }
        let total = start.elapsed();
        eprintln!(
            "{what}: {} queries, {yes} yes, {no} no, {hard} too complex; mean {:?}, worst {worst:?}, most steps {steps}",
            queries.len(),
            total / queries.len().max(1) as u32
        );
    };
    let items = &r.items;
    report("item alone", items.iter().map(|i| vec![Part::Holds(&i.effective)]).collect());
    let pairs = || items.iter().enumerate().flat_map(|(n, a)| items.iter().skip(n + 1).map(move |b| (a, b)));
    report("item pairs", pairs().map(|(a, b)| vec![Part::Holds(&a.effective), Part::Holds(&b.effective)]).collect());
    report("a and not b", pairs().map(|(a, b)| vec![Part::Holds(&a.effective), Part::Fails(&b.effective)]).collect());
    let gaps = r
        .matters
        .iter()
        .enumerate()
        .filter_map(|(m, matter)| {
            let guard = matter.guard.as_ref()?;
            let mut q = vec![Part::Holds(guard)];
            q.extend(items.iter().filter(|i| i.path.iter().any(|p| p.index() == m)).map(|i| Part::Fails(&i.effective)));
            Some(q)
        })
        .collect();
    report("matter gap", gaps);
}
