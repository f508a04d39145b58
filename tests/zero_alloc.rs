//! Zero allocations, proven: a counting global allocator watches the
//! compiled matcher route 10,000 varied tickets — every method of docs/spec.md §5,
//! short and long texts, texts that take the exact (slow) folding path — after
//! a single warm-up ticket, and the count must be 0. v2: tickets carry dates
//! (items in and out of force) and places (territorial roles), and some are
//! split; reading the deadline, the flag and the split parts allocates nothing.
//!
//! The counter is `stats_alloc`'s instrumented system allocator, so this
//! test needs no `unsafe` (the crate forbids it everywhere). This binary has
//! one test only: the counter is process-wide.
#![expect(clippy::expect_used, reason = "a test fails by panicking, with a message")]

use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;
use std::collections::BTreeSet;
use zeren::decision::Method;
use zeren::ticket::{Strictness, Ticket, TicketRef, Value};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// A rule set in which every method of docs/spec.md §5 happens.
const RULES: &str = r#"
schema {
  category: symbol
  text:     text
  venue:    symbol [超市, 商场, 健身房, 培训机构, 其他]
  amount:   number
  online:   bool
  at:       date
  street:   symbol [鹿城街道, 北塘街道, 新区]
}
clock at default 2024-06-30
department scjg "市场监督管理局"
department swj  "商务局"
department jtj  "教育和体育局"
department wlj  "文化和旅游局"
department gaj  "公安局"
department zjj  "住房和城乡建设局"
department zhzf "综合行政执法局"
department shzl "市社会治理服务中心"
department lcjd "鹿城街道办事处"
department btjd "北塘街道办事处"
coordinator shzl
territory street { 鹿城街道 -> lcjd  北塘街道 -> btjd  otherwise shzl }

matter 预付卡退费 {
  when category = 预付卡 or text has any ["预付卡", "储值卡", "会员卡", "年卡"]
  lead swj
  basis "《单用途商业预付卡管理办法（试行）》"
  item 健身美容预付卡 { when venue = 健身房 or text has any ["健身", "美容", "瑜伽"] lead scjg assist gaj }
  item 校外培训预付卡 { when venue = 培训机构 or text has any ["培训", "辅导班"] lead jtj assist scjg }
}
item 停车 { when text has "停车" lead territory assist zhzf, lcjd deadline 2 days }
item 停车场收费 { when text has "停车场" lead scjg }
item 大额 { when amount > 10000 and text has "退款" lead gaj priority 1 }
item 退款 { when text has "退款" lead scjg effective ..2024-06-30 deadline 5 workdays }
item 退款新规 { when text has "退款" lead scjg assist gaj effective 2024-07-01.. deadline 3 days }
item 出版物经营 { when text has any ["图书", "出版物", "盗版"] lead wlj basis "《出版管理条例》" }
item 密室逃脱剧本杀 { when text has any ["密室", "剧本杀"] near text has any ["沉浸式", "鬼屋"] like 出版物经营 assist gaj }
matter 住房 { when category = 住房 lead zjj  item 物业 { when text has "物业" and not online lead zjj assist zhzf } }
matter 噪音 { when text has "噪音" lead zhzf  item 施工 { when text has "施工" and text has all ["夜间", "工地"] lead zjj } }
item 网店 { when online and category = 网购 and amount >= 100 lead scjg }
fallback { nearest threshold 0.5 homophone 0.8 }
"#;

/// Ticket texts: short, long, ASCII, full-width (the exact folding path).
const TEXTS: &[&str] = &[
    "健身房关门了，办的年卡退不了钱",
    "辅导班老板跑路了",
    "健身和培训的年卡都退不了",
    "超市储值卡不给退",
    "小区停车场乱收费",
    "乱停车",
    "申请退款被拒",
    "剧本杀店突然关门",
    "沉浸式鬼屋体验馆收费不透明",
    "楼上物业不作为",
    "楼下噪音扰民",
    "夜间工地施工噪音",
    "路灯坏了好几天",
    "ＡＰＰ里买的会员卡无法退款，客服不理",
    "Ｗｉｆｉ坏了",
    // Slips by sound (同音): 燥/噪, 般/班, 驯/训.
    "楼下燥音很大",
    "辅导般跑路了",
    "报了个培驯",
    "",
    "健身年卡退不了，门口还乱停车",
];

fn long_text(seed: usize) -> String {
    let base = TEXTS[seed % TEXTS.len()];
    let filler = ["晚上很吵，", "已经投诉多次，", "希望尽快处理。", "Ｐｌｅａｓｅ ＨＥＬＰ ", "ok "];
    let mut s = String::from(base);
    for i in 0..(seed % 40) {
        s.push_str(filler[(seed + i) % filler.len()]);
    }
    s
}

#[test]
fn routing_allocates_nothing_after_warm_up() {
    let rules = zeren::load::load_str("zero_alloc.rules", RULES).expect("rules load");
    let compiled = zeren::Rules::new(&rules).expect("compiles");
    let attr = |name: &str| compiled.attr(name).expect("attribute");
    let (category, text, venue, amount, online) =
        (attr("category"), attr("text"), attr("venue"), attr("amount"), attr("online"));
    let (at, street) = (attr("at"), attr("street"));
    let dates = [None, zeren::ir::Date::parse("2024-06-30"), zeren::ir::Date::parse("2024-07-01")];
    let streets = [None, Some("鹿城街道"), Some("北塘街道"), Some("新区")];

    // Every ticket is built before counting starts.
    let categories = [None, Some("预付卡"), Some("住房"), Some("网购"), Some("其他")];
    let venues = [None, Some("健身房"), Some("培训机构"), Some("超市")];
    let amounts = [None, Some(50.0), Some(500.0), Some(20000.0)];
    let onlines = [None, Some(true), Some(false)];
    let texts: Vec<String> = (0..10_000).map(long_text).collect();
    let mut tickets: Vec<TicketRef<'_>> = Vec::with_capacity(10_000);
    for (i, t) in texts.iter().enumerate() {
        let mut ticket = TicketRef::new();
        if i % 7 != 3 {
            ticket.set(text, Value::Text(t));
        }
        if let Some(c) = categories[i % categories.len()] {
            ticket.set(category, Value::Symbol(c));
        }
        if let Some(v) = venues[(i / 5) % venues.len()] {
            ticket.set(venue, Value::Symbol(v));
        }
        if let Some(a) = amounts[(i / 3) % amounts.len()] {
            ticket.set(amount, Value::Number(a));
        }
        if let Some(o) = onlines[(i / 11) % onlines.len()] {
            ticket.set(online, Value::Bool(o));
        }
        if let Some(d) = dates[(i / 13) % dates.len()] {
            ticket.set(at, Value::Date(d));
        }
        if let Some(s) = streets[(i / 2) % streets.len()] {
            ticket.set(street, Value::Symbol(s));
        }
        tickets.push(ticket);
    }
    // A JSON ticket too: `Ticket` is the other ticket type services use.
    let json = Ticket::from_json(
        &rules.attrs,
        r#"{"category": "住房", "text": "楼下噪音，住房", "at": "2024-07-01 08:30", "street": "新区"}"#,
        Strictness::Strict,
    )
    .expect("ticket");

    let mut cache = compiled.create_cache();
    // One warm-up: the longest text, through the exact folding path.
    let longest = tickets.iter().zip(&texts).max_by_key(|(_, t)| t.len()).map(|(t, _)| t.clone()).expect("tickets");
    let _ = compiled.route(&mut cache, &longest).method();

    // The counter counts: one boxed value is one allocation.
    let probe = Region::new(GLOBAL);
    std::hint::black_box(Box::new(1u64));
    assert_eq!(probe.change().allocations, 1, "the counting allocator is not counting");

    let mut methods = [0usize; 7];
    let (mut splits, mut territorial, mut deadlines) = (0usize, 0usize, 0usize);
    let region = Region::new(GLOBAL);
    for ticket in &tickets {
        let d = compiled.route(&mut cache, ticket);
        methods[d.method() as usize] += 1;
        // Reading the decision allocates nothing either.
        let n = d.lead().map_or(0, str::len)
            + d.assists().count()
            + d.path().count()
            + d.candidates().count()
            + d.basis().count();
        std::hint::black_box(n);
        // Nor do its v2 parts: the deadline, the territorial flag, the split.
        deadlines += usize::from(d.deadline().is_some());
        territorial += usize::from(d.territorial());
        splits += usize::from(d.split().len() > 0);
        let parts: usize =
            d.split().map(|p| p.item().len() + p.lead().len() + p.assists().count() + p.liaisons().count()).sum();
        std::hint::black_box(parts);
    }
    let d = compiled.route(&mut cache, &json);
    methods[d.method() as usize] += 1;
    let stats = region.change();

    assert_eq!((stats.allocations, stats.reallocations), (0, 0), "routing allocated: {stats:?}");
    let missing: BTreeSet<&str> =
        Method::ALL.iter().filter(|m| methods[**m as usize] == 0).map(|m| m.as_str()).collect();
    assert!(missing.is_empty(), "methods never taken: {missing:?} (counts {methods:?})");
    assert!(
        splits > 0 && territorial > 0 && deadlines > 0,
        "v2 parts: {splits} splits, {territorial} territorial, {deadlines} deadlines"
    );

    // And the decisions are the reference router's.
    for ticket in tickets.iter().step_by(37) {
        assert_eq!(compiled.route(&mut cache, ticket).to_decision(), zeren::matcher::reference::route(&rules, ticket));
    }
}
