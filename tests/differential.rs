//! Differential test: the compiled matcher against the reference router on
//! random rule sets × random tickets.
//!
//! Rule sets are generated as `.rules` text and loaded with `load_str`, so the
//! whole pipeline is exercised: nested matters with and without their own
//! lead, priorities, `over` (items and matters), `like`, `near`, thresholds,
//! keywords that contain or overlap each other, full-width and upper-case
//! text, closed domains, `!=`/`not`, missing and `null` attributes, disputes,
//! residuals across unrelated matters; and v2: a `clock` with `effective`
//! ranges on items and matters (edges included, `over` through items out of
//! force), tickets with dates and date-times or none, `--as-of`, a
//! `territory` block with `territory` as lead, assist or liaison, places
//! mapped, unlisted and missing, deadlines, splits. One cache is reused across all tickets
//! of a rule set, and every ticket is routed both as a JSON ticket and as a
//! borrowed [`TicketRef`].
//!
//! `ZEREN_DIFF_CASES` sets the number of (rule set, ticket) cases; the default
//! is 10,000 (200 rule sets × 50 tickets).
#![expect(clippy::expect_used, clippy::panic, reason = "a test fails by panicking, with a message")]

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};
use serde_json::{json, Map, Value as Json};
use zeren::ticket::{Strictness, Ticket, TicketRef, TicketSource, Value};

const TICKETS_PER_SET: usize = 50;

/// SplitMix64: every rule set and its tickets come from one proptest seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Keywords chosen to contain and overlap each other, in both scripts.
const KEYWORDS: &[&str] = &[
    "停车",
    "停车场",
    "车场",
    "场地",
    "收费",
    "收费站",
    "噪音",
    "音乐",
    "app",
    "ap",
    "pp",
    "ＡＢ",
    "ab",
    "b",
    "退款",
    "款",
    // A letter composition takes away ("e" + U+0301 folds to "é"), the
    // composed letter, and a keyword with the space U+3000 folds to.
    "e",
    "é",
    "停 车",
    // Keywords by sound (同音): slips of these are among the fragments.
    "银行",
    "噪音扰民",
];
/// Text fragments tickets are made of.
const FRAGMENTS: &[&str] = &[
    "停车",
    "停车场",
    "车场地",
    "收费",
    "收费站",
    "噪音",
    "音乐",
    "ＡＰＰ",
    "App",
    "ap",
    "ＡＢ",
    "aB",
    "b",
    "退款",
    "款",
    "小区",
    "，",
    "。",
    "的",
    "了",
    "ﬁ",
    "Ｂ",
    "退",
    "停",
    // One sound-alike slip each (燥/噪 zao, 砗/车 che, 废/费 fei, 宽/款 kuan,
    // 形/行 xing and 杭/行 hang: a heteronym), and two in one (燥因).
    "燥音",
    "停砗",
    "收废",
    "退宽",
    "银形",
    "银杭",
    "燥因",
    "噪音扰敏",
    "e\u{301}",
    "E",
    "\u{3000}",
    "·",
];
const CATS: &[&str] = &["c0", "c1", "c2", "c3"];
const TICKET_CATS: &[&str] = &["c0", "c1", "c2", "c3", "c4", "其他"];
const VENUES: &[&str] = &["v0", "v1", "v2", "v3"];
const BOUNDS: &[&str] = &["0", "10", "100", "100.5", "1000", "-1"];
const AMOUNTS: &[f64] = &[-1.0, 0.0, 10.0, 10.5, 100.0, 100.5, 999.0, 1000.0, 5000.0];
const DEPTS: usize = 6;
/// Dates of `effective` ranges, the clock's default and date conditions (v2):
/// the edges of ranges and the days next to them.
const DATES: &[&str] = &["2023-12-31", "2024-01-01", "2024-06-30", "2024-07-01", "2024-12-31", "2025-01-01"];
/// Ticket dates: the same days, and date-times of which only the date counts.
const TICKET_DATES: &[&str] = &[
    "2023-12-31",
    "2024-01-01",
    "2024-06-30",
    "2024-07-01",
    "2024-12-31",
    "2025-01-01",
    "2024-06-30 23:59",
    "2024-07-01T00:00:00+08:00",
    "2025-01-01t08:15:30.5Z",
];
/// Places: `s4` is in the domain but not in the territory map.
const STREETS: &[&str] = &["s0", "s1", "s2", "s3", "s4"];

struct Gen {
    rng: Rng,
    out: String,
    /// Whether the rule set has a `clock` (so `effective` may be used) and a
    /// `territory` block (so `territory` may stand in roles).
    clock: bool,
    territory: bool,
    items: Vec<String>,
    /// Matters whose block is closed (all their items declared).
    closed_matters: Vec<String>,
    names: usize,
    /// Whether most items test `cat` with `=`/`in` first, as real lists
    /// do: the compiled matcher then dispatches on it (`compile/dispatch.rs`).
    dispatch: bool,
}

impl Gen {
    fn kw(&mut self) -> String {
        format!("\"{}\"", self.rng.pick(KEYWORDS))
    }

    fn atom(&mut self) -> String {
        let r = &mut self.rng;
        match r.below(18) {
            14 => format!("amount {} {}", r.pick(&["=", "!="]), r.pick(BOUNDS)),
            15 => format!("amount in [{}, {}]", r.pick(BOUNDS), r.pick(BOUNDS)),
            16 => format!("at {} {}", r.pick(&["<", "<=", ">", ">="]), r.pick(DATES)),
            17 => format!("at {} {}", r.pick(&["=", "!="]), r.pick(DATES)),
            0 => format!("cat = {}", r.pick(CATS)),
            1 => format!("cat != {}", r.pick(CATS)),
            2 => format!("cat in [{}, {}]", r.pick(CATS), r.pick(CATS)),
            3 => format!("venue = {}", r.pick(VENUES)),
            4 => format!("venue != {}", r.pick(VENUES)),
            5 => format!("venue in [{}, {}]", r.pick(VENUES), r.pick(VENUES)),
            6 => format!("amount {} {}", r.pick(&["<", "<=", ">", ">="]), r.pick(BOUNDS)),
            7 => r.pick(&["flag", "flag = true", "flag = false", "flag != true"]).to_string(),
            8 => format!("\"备注（内容）\" has {}", self.kw()),
            9 | 10 => format!("text has {}", self.kw()),
            11 => format!("text has any [{}, {}]", self.kw(), self.kw()),
            _ => format!("text has all [{}, {}, {}]", self.kw(), self.kw(), self.kw()),
        }
    }

    fn cond(&mut self, depth: usize) -> String {
        if depth == 0 || self.rng.chance(45) {
            return self.atom();
        }
        match self.rng.below(4) {
            0 => format!("not {}", self.paren(depth)),
            1 => format!("{} or {}", self.paren(depth), self.paren(depth)),
            _ => {
                let n = 2 + self.rng.below(3);
                (0..n).map(|_| self.paren(depth)).collect::<Vec<_>>().join(" and ")
            }
        }
    }

    fn paren(&mut self, depth: usize) -> String {
        let c = self.cond(depth - 1);
        if c.contains(' ') && !c.starts_with("not") {
            format!("({c})")
        } else {
            c
        }
    }

    /// Lead, assists and liaisons, pairwise distinct.
    fn roles(&mut self, lead: bool) -> String {
        let mut depts: Vec<usize> = (0..DEPTS).collect();
        for i in (1..depts.len()).rev() {
            depts.swap(i, self.rng.below(i + 1));
        }
        let mut s = String::new();
        let mut it = depts.into_iter();
        // v2: `territory` at most once among one block's roles (else a
        // `role-conflict`), anywhere a department may stand.
        let mut word = self.territory && self.rng.chance(40);
        let mut territory = |rng: &mut Rng| {
            let now = word && rng.chance(40);
            word &= !now;
            now
        };
        if lead {
            if territory(&mut self.rng) {
                s += " lead territory";
            } else {
                s += &format!(" lead d{}", it.next().unwrap_or(0));
            }
        }
        match self.rng.below(4) {
            0 => {}
            1 => s += " assist none",
            _ => {
                let n = 1 + self.rng.below(2);
                let mut a: Vec<String> = it.by_ref().take(n).map(|d| format!("d{d}")).collect();
                if territory(&mut self.rng) {
                    let at = self.rng.below(a.len() + 1);
                    a.insert(at, "territory".into());
                }
                s += &format!(" assist {}", a.join(", "));
            }
        }
        if self.rng.chance(30) {
            if word && self.rng.chance(50) {
                s += " liaise territory";
            } else {
                s += &format!(" liaise d{}", it.next().unwrap_or(5));
            }
        }
        s
    }

    /// v2 clauses: an `effective` range (with a clock) and a `deadline`.
    fn dated(&mut self) -> String {
        let mut s = String::new();
        if self.clock && self.rng.chance(35) {
            let (a, b) = (self.rng.below(DATES.len()), self.rng.below(DATES.len()));
            let (a, b) = (DATES[a.min(b)], DATES[a.max(b)]);
            s += &match self.rng.below(3) {
                0 => format!(" effective {a}..{b}"),
                1 => format!(" effective {a}.."),
                _ => format!(" effective ..{b}"),
            };
        }
        if self.rng.chance(40) {
            let n = *self.rng.pick(&[1, 2, 5, 24, 48]);
            let unit = *self.rng.pick(&["hours", "days", "workdays"]);
            s += &format!(" deadline {n} {unit}");
        }
        s
    }

    /// A fresh matter or item name; every fifth one is not an identifier and
    /// is written quoted (docs/spec.md §2).
    fn name(&mut self, prefix: &str) -> String {
        self.names += 1;
        if self.names % 5 == 0 {
            format!("\"{prefix} {}\"", self.names)
        } else {
            format!("{prefix}{}", self.names)
        }
    }

    fn item(&mut self, lead_above: bool, guarded: bool) {
        let name = self.name("项");
        let mut body = String::new();
        // Unguarded and without `when`, an item with a `near` is analogy-only.
        let analogy_only = !guarded && self.rng.chance(8);
        if !analogy_only && (!guarded || self.rng.chance(90)) {
            let cond = self.cond(2);
            if self.dispatch && self.rng.chance(80) {
                let cat = if self.rng.chance(70) {
                    format!("cat = {}", self.rng.pick(CATS))
                } else {
                    format!("cat in [{}, {}]", self.rng.pick(CATS), self.rng.pick(CATS))
                };
                body += &format!(" when {cat} and ({cond})");
            } else {
                body += &format!(" when {cond}");
            }
        }
        if analogy_only || self.rng.chance(25) {
            body += &format!(" near {}", self.cond(1));
        }
        let like = !self.items.is_empty() && self.rng.chance(15);
        if like {
            let target = self.rng.pick(&self.items).clone();
            body += &format!(" like {target}");
        }
        let own_lead = !(lead_above || like) || self.rng.chance(50);
        body += &self.roles(own_lead);
        if self.rng.chance(30) {
            body += &format!(" priority {}", self.rng.below(3));
        }
        if self.rng.chance(20) {
            // Only earlier items and closed matters: `over` stays acyclic.
            let mut targets: Vec<String> = self.items.clone();
            targets.extend(self.closed_matters.iter().cloned());
            if !targets.is_empty() {
                body += &format!(" over {}", self.rng.pick(&targets));
            }
        }
        if self.rng.chance(30) {
            body += &format!(" basis \"{}依据\"", name.trim_matches('"'));
        }
        body += &self.dated();
        self.out += &format!("item {name} {{{body} }}\n");
        self.items.push(name);
    }

    fn matter(&mut self, depth: usize, lead_above: bool, guarded: bool) {
        let name = self.name("事");
        self.out += &format!("matter {name} {{\n");
        let when = self.rng.chance(80);
        if when {
            let c = self.cond(1);
            self.out += &format!("  when {c}\n");
        }
        let guarded = guarded || when;
        let own_lead = guarded && self.rng.chance(60);
        if own_lead {
            let roles = self.roles(true);
            self.out += &format!(" {roles}\n");
        }
        if self.rng.chance(30) {
            self.out += &format!("  basis \"{}总则\"\n", name.trim_matches('"'));
        }
        let dated = self.dated();
        if !dated.is_empty() {
            self.out += &format!(" {dated}\n");
        }
        let children = 1 + self.rng.below(3);
        for _ in 0..children {
            if depth > 0 && self.rng.chance(30) {
                self.matter(depth - 1, lead_above || own_lead, guarded);
            } else {
                self.item(lead_above || own_lead, guarded);
            }
        }
        self.out += "}\n";
        self.closed_matters.push(name);
    }
}

fn rules_text(seed: u64) -> String {
    let mut g = Gen {
        rng: Rng(seed),
        out: String::new(),
        clock: false,
        territory: false,
        items: Vec::new(),
        closed_matters: Vec::new(),
        names: 0,
        dispatch: false,
    };
    g.dispatch = g.rng.chance(50);
    g.out += "schema { cat: symbol  text: text  venue: symbol [v0, v1, v2, v3]  amount: number  flag: bool  \
              \"备注（内容）\": text  at: date  street: symbol [s0, s1, s2, s3, s4] }\n";
    for d in 0..DEPTS {
        g.out += &format!("department d{d} \"部门{d}\"\n");
    }
    g.clock = g.rng.chance(80);
    if g.clock {
        g.out += &format!("clock at default {}\n", g.rng.pick(DATES));
    }
    g.territory = g.rng.chance(70);
    if g.territory {
        let mut d = || g.rng.below(DEPTS);
        let (a, b, c, o) = (d(), d(), d(), d());
        g.out += &format!("territory street {{ s0 -> d{a}  s1, s2 -> d{b}  s3 -> d{c}  otherwise d{o} }}\n");
    }
    if g.rng.chance(70) {
        g.out += &format!("coordinator d{}\n", g.rng.below(DEPTS));
    }
    if g.rng.chance(70) {
        let t = *g.rng.pick(&["0.3", "0.5", "0.6666666667", "0.75", "1"]);
        let sound =
            if g.rng.chance(50) { format!(" homophone {}", g.rng.pick(&["0.5", "0.8", "1"])) } else { String::new() };
        g.out += &format!("fallback {{ nearest threshold {t}{sound} }}\n");
    }
    let blocks = 2 + g.rng.below(6);
    for _ in 0..blocks {
        if g.rng.chance(50) {
            g.matter(2, false, false);
        } else {
            g.item(false, false);
        }
    }
    g.out
}

fn text(rng: &mut Rng) -> String {
    let n = rng.below(6);
    (0..n).map(|_| *rng.pick(FRAGMENTS)).collect()
}

/// A random ticket as JSON: each attribute present, missing or `null`.
fn ticket_json(rng: &mut Rng) -> Json {
    let mut m = Map::new();
    let mut put = |rng: &mut Rng, key: &str, v: Json| match rng.below(10) {
        0..=3 => {}
        4 => {
            m.insert(key.into(), Json::Null);
        }
        _ => {
            m.insert(key.into(), v);
        }
    };
    let v = json!(rng.pick(TICKET_CATS));
    put(rng, "cat", v);
    let v = json!(text(rng));
    put(rng, "text", v);
    let v = json!(rng.pick(VENUES));
    put(rng, "venue", v);
    let v = json!(rng.pick(AMOUNTS));
    put(rng, "amount", v);
    let v = json!(rng.chance(50));
    put(rng, "flag", v);
    let v = json!(text(rng));
    put(rng, "备注（内容）", v);
    let v = json!(rng.pick(TICKET_DATES));
    put(rng, "at", v);
    let v = json!(rng.pick(STREETS));
    put(rng, "street", v);
    Json::Object(m)
}

fn cases() -> usize {
    std::env::var("ZEREN_DIFF_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000)
}

/// How often the v2 parts of a decision showed up: a deadline, a
/// territorial role, a split, an `--as-of` date.
#[derive(Debug, Default)]
struct V2Seen {
    deadline: usize,
    territorial: usize,
    split: usize,
    as_of: usize,
}

fn check_seed(
    seed: u64,
    loaded: &std::cell::Cell<usize>,
    methods: &std::cell::RefCell<[usize; 7]>,
    v2: &std::cell::RefCell<V2Seen>,
) -> Result<(), TestCaseError> {
    let text = rules_text(seed);
    let rules = match zeren::load::load_str("random.rules", &text) {
        Ok(r) => r,
        Err(e) => {
            // The generator avoids load errors; count the misses so a broken
            // generator cannot make the test vacuous.
            eprintln!("generated rules did not load ({e:?}):\n{text}");
            return Ok(());
        }
    };
    loaded.set(loaded.get() + 1);
    let mut compiled = zeren::Rules::new(&rules).map_err(|e| TestCaseError::fail(format!("compile: {e}")))?;
    let mut cache = compiled.create_cache();
    let mut rng = Rng(seed ^ 0xA5A5_A5A5);
    // Sometimes `--as-of`, which dates only the tickets without a date.
    let day = DATES[rng.below(DATES.len())];
    let as_of = if rng.chance(30) { zeren::ir::Date::parse(day) } else { None };
    compiled.set_as_of(as_of);
    for _ in 0..TICKETS_PER_SET {
        let json = ticket_json(&mut rng);
        let ticket = Ticket::from_value(&rules.attrs, &json, Strictness::Strict)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let expected = zeren::matcher::reference::route_at(&rules, &ticket, as_of);
        let got = compiled.route(&mut cache, &ticket);
        if let Some(n) = methods.borrow_mut().get_mut(got.method() as usize) {
            *n += 1;
        }
        {
            let mut v2 = v2.borrow_mut();
            v2.deadline += usize::from(expected.deadline.is_some());
            v2.territorial += usize::from(expected.territorial);
            v2.split += usize::from(!expected.split.is_empty());
            v2.as_of += usize::from(as_of.is_some());
        }
        prop_assert_eq!(got.to_decision(), expected.clone(), "\nrules:\n{}\nticket: {}\nas of {:?}", text, json, as_of);
        prop_assert_eq!(
            serde_json::to_string(&got).ok(),
            serde_json::to_string(&expected).ok(),
            "JSON differs\nrules:\n{}\nticket: {}",
            text,
            json
        );
        // The same ticket through the borrowed builder.
        let mut borrowed = TicketRef::new();
        for id in rules.attr_ids() {
            if let Some(v) = ticket.value(id) {
                borrowed.set(id, v);
            }
        }
        let got = compiled.route(&mut cache, &borrowed);
        prop_assert_eq!(got.to_decision(), expected, "TicketRef\nrules:\n{}\nticket: {}", text, json);
    }
    Ok(())
}

#[test]
fn compiled_matches_reference() {
    let sets = cases().div_ceil(TICKETS_PER_SET) as u32;
    let loaded = std::cell::Cell::new(0usize);
    let methods = std::cell::RefCell::new([0usize; 7]);
    let v2 = std::cell::RefCell::new(V2Seen::default());
    let mut runner =
        proptest::test_runner::TestRunner::new(Config { cases: sets, failure_persistence: None, ..Config::default() });
    let result = runner.run(&any::<u64>(), |seed| check_seed(seed, &loaded, &methods, &v2));
    if let Err(e) = result {
        panic!("{e}");
    }
    // Proptest runs exactly `sets` passing cases; most must have loaded.
    let loaded = loaded.get();
    assert!(loaded * 10 >= sets as usize * 9, "only {loaded} of {sets} generated rule sets loaded");
    let methods = methods.into_inner();
    eprintln!("{loaded} rule sets × {TICKETS_PER_SET} tickets agreed; by method {methods:?}");
    // Every method must have been exercised (direct, priority, specific,
    // residual, analogy, disputed, unclaimed).
    assert!(methods.iter().all(|&n| n > 0), "a method was never taken: {methods:?}");
    // And every v2 part of a decision (docs/spec.md §5, §6).
    let v2 = v2.into_inner();
    eprintln!("v2 parts seen: {v2:?}");
    assert!(v2.deadline > 0 && v2.territorial > 0 && v2.split > 0 && v2.as_of > 0, "a v2 part never showed: {v2:?}");
}

#[test]
fn wrong_typed_borrowed_values_are_missing() {
    // `TicketRef` values are not validated: a value of the wrong type is
    // treated as missing by both routers.
    let text = "schema { cat: symbol  text: text  amount: number  flag: bool }\ndepartment d0\ncoordinator d0\n\
                item 甲 { when not cat = c0 and not amount > 1 lead d0 }\nitem 乙 { when text has \"x\" or flag lead d0 assist none }";
    let rules = zeren::load::load_str("typed.rules", text).expect("loads");
    let compiled = zeren::Rules::new(&rules).expect("compiles");
    let mut cache = compiled.create_cache();
    let (cat, txt, amount, flag) =
        (compiled.attr("cat"), compiled.attr("text"), compiled.attr("amount"), compiled.attr("flag"));
    let (Some(cat), Some(txt), Some(amount), Some(flag)) = (cat, txt, amount, flag) else { panic!("attrs") };
    let tickets = [
        TicketRef::new().with(cat, Value::Text("c0")).with(amount, Value::Symbol("5")),
        TicketRef::new().with(txt, Value::Symbol("x")).with(flag, Value::Number(1.0)),
        TicketRef::new().with(flag, Value::Bool(true)).with(amount, Value::Number(f64::NAN)),
        TicketRef::new().with(amount, Value::Number(f64::INFINITY)),
    ];
    for t in &tickets {
        assert_eq!(compiled.route(&mut cache, t).to_decision(), zeren::matcher::reference::route(&rules, t), "{t:?}");
    }
}
