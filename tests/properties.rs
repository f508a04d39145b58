//! Property tests: the parser never panics on any text, and routing over the
//! shipped rules never panics and is deterministic for arbitrary tickets.

#![expect(clippy::expect_used, clippy::panic, reason = "a test fails by panicking, with a message")]

use proptest::prelude::*;
use zeren::ir::{RuleSet, Type};
use zeren::ticket::{OwnedValue, Ticket};

fn shipped() -> Option<RuleSet> {
    zeren::load::load_paths(&[concat!(env!("CARGO_MANIFEST_DIR"), "/rules")]).ok()
}

/// Fragments of real rule text, so mutations get past the first token.
const FRAGMENTS: &[&str] = &[
    "item ",
    "matter ",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "when ",
    "lead ",
    "assist ",
    "like ",
    "near ",
    "over ",
    "text has ",
    "any ",
    "all ",
    "\"停车\"",
    "\"",
    "and ",
    "or ",
    "not ",
    "amount >= 3",
    "venue = 超市",
    ",",
    "schema { text: text }",
    "department a",
    "fallback { nearest threshold 0.5 }",
    "// c\n",
    "# c\n",
    "\n",
    "测试",
    "test \"t\" { ticket { text: \"x\" } expect lead a }",
    "none ",
    "priority 1",
    "words w = [\"k\"]",
    "define d = ",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn parser_never_panics_on_arbitrary_text(text in "\\PC{0,200}") {
        let _ = zeren::load::load_str("fuzz.rules", &text);
    }

    #[test]
    fn loader_never_panics_on_rule_shaped_text(parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..40)) {
        let _ = zeren::load::load_str("fuzz.rules", &parts.concat());
    }
}

/// A ticket over the shipped schema: each attribute missing or holding a value
/// of its type, texts built from the rules' own keywords plus noise.
fn ticket_strategy(rules: &RuleSet) -> impl Strategy<Value = Ticket> {
    let mut keywords: Vec<String> = rules
        .items
        .iter()
        .flat_map(|i| i.effective.atoms().into_iter().chain(i.near.iter().flat_map(|n| n.atoms())))
        .filter_map(|a| match a {
            zeren::ir::Atom::Has { keywords, .. } => Some(keywords.iter().map(|k| k.raw.clone()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect();
    keywords.push("噪音".into());
    keywords.sort();
    keywords.dedup();
    let attrs = rules.attrs.clone();
    let ids: Vec<zeren::ir::AttrId> = rules.attr_ids().collect();
    let per_attr: Vec<BoxedStrategy<Option<OwnedValue>>> = attrs
        .iter()
        .map(|a| {
            let value: BoxedStrategy<OwnedValue> = match (a.ty, &a.domain) {
                (Type::Symbol, Some(domain)) => {
                    proptest::sample::select(domain.clone()).prop_map(OwnedValue::Symbol).boxed()
                }
                (Type::Symbol, None) => "[a-z预付卡停车]{0,4}".prop_map(OwnedValue::Symbol).boxed(),
                (Type::Text, _) => proptest::collection::vec(proptest::sample::select(keywords.clone()), 0..4)
                    .prop_map(|ks| OwnedValue::Text(ks.join("，")))
                    .boxed(),
                (Type::Number, _) => (-10.0f64..1e6).prop_map(OwnedValue::Number).boxed(),
                (Type::Bool, _) => any::<bool>().prop_map(OwnedValue::Bool).boxed(),
                (Type::Date, _) => (1900u16..=2199, 1u8..=12, 1u8..=28)
                    .prop_filter_map("a calendar date", |(y, m, d)| zeren::ir::Date::new(y, m, d))
                    .prop_map(OwnedValue::Date)
                    .boxed(),
            };
            proptest::option::of(value).boxed()
        })
        .collect();
    per_attr.prop_map(move |values| {
        let mut ticket = Ticket::default();
        for (&id, v) in ids.iter().zip(values) {
            if let Some(v) = v {
                let _ = ticket.set(&attrs, id, v);
            }
        }
        ticket
    })
}

#[test]
fn routing_the_shipped_rules_never_panics_and_is_deterministic() {
    let Some(rules) = shipped() else {
        panic!("the shipped rules under rules/ must load");
    };
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 256, ..ProptestConfig::default() });
    runner
        .run(&ticket_strategy(&rules), |ticket| {
            let first = zeren::matcher::reference::route(&rules, &ticket);
            let second = zeren::matcher::reference::route(&rules, &ticket);
            prop_assert_eq!(&first, &second);
            prop_assert!(
                first.lead.is_none() || !first.assists.contains(first.lead.as_ref().unwrap_or(&String::new()))
            );
            Ok(())
        })
        .expect("routing is deterministic and never panics");
}
