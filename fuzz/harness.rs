//! The fuzz harnesses' bodies, shared by the cargo-fuzz targets
//! (`fuzz/fuzz_targets/*.rs`) and by the deterministic replay in
//! `tests/regressions.rs`, so `cargo test` runs the same code over the seed
//! corpus and every saved crash.
//!
//! Each function takes arbitrary bytes and panics only when zeren breaks a
//! promise: the library panicked, the compiled matcher and the reference
//! router disagreed, or `fmt` changed a file's meaning or is not idempotent.

use zeren::ir::{AttrId, RuleSet, Type};
use zeren::ticket::{Strictness, Ticket, TicketRef, TicketSource, Value};

/// Load (parse + check + compile) arbitrary bytes; when they load, route a
/// few tickets on both engines and format the text.
pub fn load(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(set) = zeren::load::load_str("fuzz.rules", text) else {
        return;
    };
    let Ok(rules) = zeren::Rules::new(&set) else {
        return;
    };
    assert_eq!(rules.provenance().content_hash, zeren::provenance::content_hash(&set.sources));
    let mut cache = rules.create_cache();
    // The inline tests' tickets, and an empty one: the same decision on both
    // engines.
    for t in &set.tests {
        let json = serde_json::Value::Object(t.ticket.clone());
        if let Ok(ticket) = Ticket::from_value(&set.attrs, &json, Strictness::Strict) {
            same_decision(&set, &rules, &mut cache, &ticket);
        }
    }
    same_decision(&set, &rules, &mut cache, &Ticket::default());
    // Tickets made of the rule set's own words.
    for ticket in probes(&set, data) {
        same_decision(&set, &rules, &mut cache, &ticket);
    }
    fmt(data);
}

/// Route a ticket built from arbitrary bytes against fixed rules, on both
/// engines: as JSON, and through the borrowed builder (where non-finite
/// numbers and symbols outside a domain can reach the matcher).
pub fn route(data: &[u8]) {
    for (set, rules) in fixed_rules() {
        let mut cache = rules.create_cache();
        if let Ok(text) = std::str::from_utf8(data) {
            for strictness in [Strictness::Strict, Strictness::Lenient] {
                if let Ok(ticket) = Ticket::from_json(&set.attrs, text, strictness) {
                    same_decision(set, rules, &mut cache, &ticket);
                }
            }
        }
        let ticket = ticket_from_bytes(set, data);
        same_decision(set, rules, &mut cache, &ticket);
    }
}

/// `fmt` round trip: a file that parses formats to one that parses to the
/// same tree, and formatting is idempotent.
pub fn fmt(data: &[u8]) {
    use zeren::source::FileId;
    use zeren::syntax::{parse_file, print};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(before) = parse_file(FileId(0), text) else {
        return;
    };
    let out = match print::format_source(text) {
        Ok(out) => out,
        Err(e) => panic!("fmt refused a file that parses: {e:?}"),
    };
    let after = match parse_file(FileId(0), &out) {
        Ok(after) => after,
        Err(e) => panic!("fmt output does not parse: {e:?}\n--- output\n{out}"),
    };
    assert!(print::same_syntax(&before, &after), "fmt changed the meaning\n--- input\n{text}\n--- output\n{out}");
    let again = match print::format_source(&out) {
        Ok(again) => again,
        Err(e) => panic!("fmt refused its own output: {e:?}"),
    };
    assert_eq!(again, out, "fmt is not idempotent");
}

fn same_decision(set: &RuleSet, rules: &zeren::Rules, cache: &mut zeren::matcher::Cache, ticket: &impl TicketSource) {
    let reference = zeren::matcher::reference::route(set, ticket);
    let decision = rules.route(cache, ticket);
    // Provenance names the winner's declaration line and the sources' hash.
    let p = decision.provenance();
    // Hashed once at build time; compared with the rules' own stamp here (the
    // hash itself is checked against the sources in `tests/live.rs`).
    assert_eq!(p.content_hash, rules.provenance().content_hash);
    assert_eq!(p.version, set.version.as_deref());
    if let Some(item) = decision.item().and_then(|name| set.items.iter().find(|i| i.name == name)) {
        let line = set.sources.locate(item.span).line;
        assert_eq!(p.source.map(|s| s.line as usize), Some(line), "provenance names another line");
    }
    let compiled = decision.to_decision();
    assert_eq!(compiled, reference, "the compiled matcher disagrees with the reference router");
}

/// A few tickets made of the rule set's own keywords, values and bounds, chosen
/// by the input bytes, so routing explores the conditions the rules test.
fn probes(set: &RuleSet, data: &[u8]) -> Vec<Ticket> {
    let mut words: Vec<&str> = Vec::new();
    let mut symbols: Vec<(AttrId, &str)> = Vec::new();
    let mut numbers: Vec<(AttrId, f64)> = Vec::new();
    let mut stack: Vec<&zeren::ir::Cond> =
        set.items.iter().flat_map(|i| std::iter::once(&i.effective).chain(i.near.as_ref())).collect();
    while let Some(c) = stack.pop() {
        use zeren::ir::{Atom, Cond, Value as V};
        match c {
            Cond::And(ops) | Cond::Or(ops) => stack.extend(ops.iter()),
            Cond::Not(inner) => stack.push(inner),
            Cond::Atom(Atom::Has { keywords, .. }) => words.extend(keywords.iter().map(|k| k.raw.as_str())),
            Cond::Atom(Atom::Eq { attr, value: V::Symbol(s) } | Atom::Ne { attr, value: V::Symbol(s) }) => {
                symbols.push((*attr, s.as_str()));
            }
            Cond::Atom(Atom::In { attr, values }) => {
                for v in values {
                    match v {
                        V::Symbol(s) => symbols.push((*attr, s.as_str())),
                        V::Number(x) => numbers.push((*attr, *x)),
                        V::Bool(_) => {}
                    }
                }
            }
            Cond::Atom(Atom::Eq { attr, value: V::Number(x) } | Atom::Ne { attr, value: V::Number(x) }) => {
                numbers.push((*attr, *x));
            }
            Cond::Atom(Atom::Cmp { attr, value, .. }) => numbers.push((*attr, *value)),
            Cond::Atom(_) => {}
        }
    }
    let mut out = Vec::new();
    for (round, chunk) in data.chunks(8).take(8).enumerate() {
        let mut t = Ticket::default();
        let pick = |k: usize, len: usize| chunk.get(k % chunk.len().max(1)).map_or(0, |&b| usize::from(b)) % len.max(1);
        for (a, id) in set.attr_ids().enumerate() {
            let attr = set.attribute(id);
            let value = match attr.ty {
                Type::Text if !words.is_empty() => {
                    let n = 1 + pick(a, 3);
                    let text: String =
                        (0..n).filter_map(|j| words.get(pick(a + j + round, words.len()))).copied().collect();
                    zeren::ticket::OwnedValue::Text(text)
                }
                Type::Symbol => match symbols.iter().filter(|(x, _)| *x == id).nth(pick(a, 4)) {
                    Some((_, s)) => zeren::ticket::OwnedValue::Symbol((*s).to_string()),
                    None => continue,
                },
                Type::Number => match numbers.iter().filter(|(x, _)| *x == id).nth(pick(a, 4)) {
                    Some((_, n)) => zeren::ticket::OwnedValue::Number(*n + f64::from(pick(a + 1, 3) as u8) - 1.0),
                    None => continue,
                },
                Type::Bool => zeren::ticket::OwnedValue::Bool(pick(a, 2) == 1),
                Type::Date => {
                    let (y, m, d) = (1990 + pick(a, 100), 1 + pick(a + 1, 12), 1 + pick(a + 2, 28));
                    match zeren::ir::Date::new(y as u16, m as u8, d as u8) {
                        Some(date) => zeren::ticket::OwnedValue::Date(date),
                        None => continue,
                    }
                }
                Type::Text => continue,
            };
            let _ = t.set(&set.attrs, id, value);
        }
        out.push(t);
    }
    out
}

/// A borrowed ticket read from bytes: each attribute takes a tag byte
/// (missing, or a value of any type — the builder trusts its caller) and a
/// payload.
fn ticket_from_bytes<'a>(set: &RuleSet, data: &'a [u8]) -> TicketRef<'a> {
    let mut t = TicketRef::new();
    let mut rest = data;
    for id in set.attr_ids() {
        let Some((&tag, tail)) = rest.split_first() else {
            break;
        };
        rest = tail;
        let take = |rest: &mut &'a [u8], n: usize| {
            let n = n.min(rest.len());
            let (head, tail) = rest.split_at(n);
            *rest = tail;
            head
        };
        let len = usize::from(tag >> 3);
        match tag & 7 {
            0 => {}
            1 | 2 => {
                let bytes = take(&mut rest, len);
                let s = std::str::from_utf8(bytes).unwrap_or("?");
                t.set(id, if tag & 7 == 1 { Value::Text(s) } else { Value::Symbol(s) });
            }
            3 => {
                let mut raw = [0u8; 8];
                for (r, b) in raw.iter_mut().zip(take(&mut rest, 8)) {
                    *r = *b;
                }
                t.set(id, Value::Number(f64::from_le_bytes(raw)));
            }
            4 => t.set(id, Value::Number(f64::from(tag >> 3) * 500.0 - 100.0)),
            5 => t.set(id, Value::Bool(tag & 8 != 0)),
            6 => t.set(id, Value::Number(f64::NAN)),
            _ => {
                // A keyword-heavy text from the fixed rules' own vocabulary.
                let bytes = take(&mut rest, len);
                let s = std::str::from_utf8(bytes).unwrap_or("");
                t.set(id, Value::Text(s));
            }
        }
    }
    t
}

/// The rules the `route` target routes against: every feature of the
/// language in a few lines (matters, `near`, `like`, `over`, priorities, a
/// closed domain, numbers, bools, a fallback threshold, a coordinator).
pub const FIXED_RULES: &str = r#"
ruleset "fuzz" version "1"
schema {
  category: symbol
  text: text
  venue: symbol [超市, 健身房, 培训机构, 其他]
  amount: number
  online: bool
}
department scjg "市场监督管理局"
department swj "商务局"
department jtj "教育和体育局"
department wlj "文化和旅游局"
department gaj "公安局"
department shzl "市社会治理服务中心"
coordinator shzl
words 卡 = ["预付卡", "储值卡", "会员卡", "年卡"]
define 大额 = amount >= 5000 and not online
matter 预付卡退费 {
  when category = 预付卡 or text has 卡
  lead swj
  item 健身预付卡 {
    when venue = 健身房 or text has any ["健身", "瑜伽"]
    lead scjg
    assist gaj
  }
  item 培训预付卡 {
    when venue = 培训机构 or text has any ["培训", "补课"]
    lead jtj
    assist scjg
  }
  item 大额预付卡 { when 大额 lead gaj priority 1 }
}
item 出版物 { when text has all ["图书", "盗版"] or text has "出版物" lead wlj }
item 密室 {
  when text has any ["密室", "剧本杀"] and not venue in [超市, 其他]
  near text has any ["沉浸式", "鬼屋"]
  like 出版物
  assist gaj, scjg
}
item 超市 { when venue = 超市 and amount < 100 or online = true lead scjg over 健身预付卡 }
item 线上 { when online and text has "网购" lead swj }
fallback { nearest threshold 0.5 }
"#;

/// Fixed rules of the other shape (`src/compile/dispatch.rs`): most items
/// test `category` first and each category's items have few keywords, so
/// step 1 dispatches on `category` and looks for those few with `memmem`
/// (a keyword with ASCII letters makes capitals and full-width letters
/// count), while the first rule set has too many keywords for that.
pub const FIXED_DISPATCH_RULES: &str = r#"
ruleset "fuzz-dispatch" version "1"
schema {
  category: symbol
  text: text
  venue: symbol [超市, 健身房, 培训机构, 其他]
  amount: number
}
department scjg "市场监督管理局"
department jtj "教育和体育局"
department zjj "住房和城乡建设局"
department shzl "市社会治理服务中心"
coordinator shzl
item 预付卡 { when category = 预付卡 and text has any ["退费", "跑路"] lead scjg }
item 培训 { when category in [预付卡, 教育] and text has "培训" and not text has "APP" lead jtj }
item 物业 { when category = 住房 and (text has "物业" or amount >= 1000) lead zjj }
item 噪音 { when category = 住房 and text has all ["噪音", "夜间"] lead zjj assist scjg }
item 投诉 { when text has "投诉" and venue != 其他 lead scjg }
fallback { nearest threshold 0.5 }
"#;

fn fixed_rules() -> &'static [(RuleSet, zeren::Rules)] {
    static RULES: std::sync::OnceLock<Vec<(RuleSet, zeren::Rules)>> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        [FIXED_RULES, FIXED_DISPATCH_RULES]
            .iter()
            .filter_map(|text| {
                let set = zeren::load::load_str("fixed.rules", text).ok()?;
                let rules = zeren::Rules::new(&set).ok()?;
                Some((set, rules))
            })
            .collect()
    })
}

/// Whether both fixed rule sets load (the replay test insists on it, so the
/// `route` target never silently tests nothing).
pub fn fixed_rules_load() -> bool {
    fixed_rules().len() == 2
}
