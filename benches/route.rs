//! Criterion benches of issues 3 and 16: routing on the shipped rules and on
//! generated tables of growing size, compile time, memory, an Aho-Corasick
//! floor, hand-written code (a bucketed and a linear scan), building a
//! `TicketRef`, setup, and batch throughput on all cores.
//!
//! `cargo bench --bench route` runs everything; `-- --quick` is the fast mode.
//! `ZEREN_BENCH_SIZES=100,1000` picks the table sizes (default
//! 30,100,300,1000,3000,10000). The `decision/*` groups are issue 16's
//! comparison: 64 tickets spread over the table, one routed per iteration in
//! turn, zeren building its `TicketRef` of four attributes each time as a
//! service would, the hand-written code reading the same struct. Under `cargo test --benches` each bench
//! runs once, on the 100-item table only. Lines starting `zeren-bench:` carry
//! the figures criterion does not measure (memory, load time, decisions).
#![expect(missing_docs, reason = "criterion_group! defines an undocumented `pub fn`")]

#[path = "support/table.rs"]
mod table;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous;
use aho_corasick::{dfa, AhoCorasick, AhoCorasickKind, Anchored, MatchKind};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Instant;
use zeren::ir::{AttrId, RuleSet};
use zeren::ticket::{Strictness, Ticket, TicketRef, TicketSource, Value};
use zeren::Rules;

/// Whether criterion was started by `cargo bench` (and not `cargo test`).
fn benching() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn sizes() -> Vec<usize> {
    if !benching() {
        return vec![100];
    }
    let spec = std::env::var("ZEREN_BENCH_SIZES").unwrap_or_else(|_| "30,100,300,1000,3000,10000".into());
    spec.split(',').filter_map(|s| s.trim().parse().ok()).collect()
}

/// A table with its compiled rules and tickets, built once per size.
struct Fixture {
    n: usize,
    set: RuleSet,
    rules: Rules,
}

fn fixture(n: usize) -> Option<Fixture> {
    fixture_with(n, false)
}

/// The generated table, with `homophone 0.8` in its fallback when `sound`.
fn fixture_with(n: usize, sound: bool) -> Option<Fixture> {
    let started = Instant::now();
    // 100 items a file, as a real rule set is split by domain (the shipped
    // rules average 30 a file).
    let mut sources = zeren::source::Sources::default();
    for (i, mut text) in table::rules_files(n, 100).into_iter().enumerate() {
        if sound {
            text = text.replace("nearest threshold 0.75", "nearest threshold 0.75 homophone 0.8");
        }
        sources.add(format!("{i:05}.rules"), text);
    }
    let limits = zeren::limits::Limits::default().max_items(usize::MAX);
    let set = match zeren::load::load_sources_with(sources, &limits) {
        Ok(set) => set,
        Err(e) => {
            eprintln!("zeren-bench: generated table of {n} items does not load: {e:?}");
            return None;
        }
    };
    let load = started.elapsed();
    let started = Instant::now();
    let rules = Rules::new(&set).ok()?;
    let compile = started.elapsed();
    let memory = rules.memory_usage();
    eprintln!(
        "zeren-bench: n={n} load {:.1} ms, compile {:.1} ms, memory {} bytes ({:.0} bytes/item), cache {} bytes",
        load.as_secs_f64() * 1e3,
        compile.as_secs_f64() * 1e3,
        memory,
        memory as f64 / n as f64,
        rules.create_cache().memory_usage()
    );
    Some(Fixture { n, set, rules })
}

/// One overlapping search of `haystack`, one transition per byte: the
/// loop of `aho-corasick`'s `try_find_overlapping_fwd` without its resumable
/// state. Returns the number of occurrences.
fn floor_pass<A: Automaton>(a: &A, haystack: &[u8]) -> usize {
    let Ok(mut sid) = a.start_state(Anchored::No) else { return 0 };
    let mut count = 0;
    for &byte in haystack {
        sid = a.next_state(Anchored::No, sid, byte);
        if a.is_special(sid) && a.is_match(sid) {
            count += a.match_len(sid);
        }
    }
    count
}

/// The attribute ids of the generated schema, resolved once at start-up as a
/// service would.
#[derive(Clone, Copy)]
struct Ids {
    category: AttrId,
    text: AttrId,
    venue: AttrId,
    amount: AttrId,
}

impl Ids {
    fn new(rules: &Rules) -> Option<Ids> {
        Some(Ids {
            category: rules.attr("category")?,
            text: rules.attr("text")?,
            venue: rules.attr("venue")?,
            amount: rules.attr("amount")?,
        })
    }

    /// The four-attribute `TicketRef` of issue 16 (text tickets carry no code).
    #[inline]
    fn ticket<'t>(self, t: &'t table::Ticket) -> TicketRef<'t> {
        let mut r = TicketRef::new();
        if let Some(c) = &t.category {
            r.set(self.category, Value::Symbol(c));
        }
        if let Some(x) = &t.text {
            r.set(self.text, Value::Text(x));
        }
        if let Some(v) = &t.venue {
            r.set(self.venue, Value::Symbol(v));
        }
        if let Some(a) = t.amount {
            r.set(self.amount, Value::Number(a));
        }
        r
    }
}

/// The fast path of `TicketSource`'s documentation: the service's own
/// struct read in place, nothing built per ticket.
struct View<'a>(Ids, &'a table::Ticket);

impl TicketSource for View<'_> {
    #[inline]
    fn value(&self, attr: AttrId) -> Option<Value<'_>> {
        let View(ids, t) = self;
        if attr == ids.category {
            t.category.as_deref().map(Value::Symbol)
        } else if attr == ids.text {
            t.text.as_deref().map(Value::Text)
        } else if attr == ids.venue {
            t.venue.as_deref().map(Value::Symbol)
        } else if attr == ids.amount {
            t.amount.map(Value::Number)
        } else {
            None
        }
    }
}

/// The same ticket as a borrowed `TicketRef` (attribute ids resolved once).
fn borrowed<'t>(rules: &Rules, t: &'t table::Ticket) -> TicketRef<'t> {
    let mut r = TicketRef::new();
    let mut put = |name: &str, v: Option<Value<'t>>| {
        if let (Some(a), Some(v)) = (rules.attr(name), v) {
            r.set(a, v);
        }
    };
    put("category", t.category.as_deref().map(Value::Symbol));
    put("code", t.code.as_deref().map(Value::Symbol));
    put("text", t.text.as_deref().map(Value::Text));
    put("venue", t.venue.as_deref().map(Value::Symbol));
    put("amount", t.amount.map(Value::Number));
    r
}

fn generated(c: &mut Criterion) {
    for n in sizes() {
        let Some(f) = fixture(n) else { continue };
        let tickets = [
            ("symbol", table::symbol_ticket(n)),
            ("text", table::text_ticket(n)),
            ("analogy", table::analogy_ticket(n)),
            ("unclaimed", table::unclaimed_ticket()),
        ];
        let mut group = c.benchmark_group("route");
        let mut cache = f.rules.create_cache();
        for (name, t) in &tickets {
            let ticket = borrowed(&f.rules, t);
            let d = f.rules.route(&mut cache, &ticket);
            eprintln!("zeren-bench: n={n} {name}: {} {:?} {:?} score {}", d.method(), d.item(), d.lead(), d.score());
            assert_eq!(d.to_decision(), zeren::matcher::reference::route(&f.set, &ticket), "{name} at {n}");
            group.bench_with_input(BenchmarkId::new(*name, n), &ticket, |b, ticket| {
                b.iter(|| black_box(f.rules.route(&mut cache, ticket).lead().map(str::len)))
            });
        }
        group.finish();

        // The text floor: one overlapping Aho-Corasick pass of the same text
        // over the same keywords, with the automaton the matcher uses walked
        // byte by byte (`floor_pass`); the matcher's own keyword pass, which
        // walks the text in lanes; and `aho-corasick`'s overlapping iterator.
        let text = tickets[1].1.text.clone().unwrap_or_default();
        let keywords = table::keywords(n);
        if n <= zeren::compile::DFA_MAX_PATTERNS {
            if let Ok(dfa) = dfa::Builder::new().match_kind(MatchKind::Standard).prefilter(false).build(&keywords) {
                c.bench_with_input(BenchmarkId::new("aho_corasick_floor", n), &text, |b, text| {
                    b.iter(|| black_box(floor_pass(&dfa, text.as_bytes())))
                });
            }
        } else if let Ok(nfa) =
            contiguous::Builder::new().match_kind(MatchKind::Standard).prefilter(false).build(&keywords)
        {
            c.bench_with_input(BenchmarkId::new("aho_corasick_floor", n), &text, |b, text| {
                b.iter(|| black_box(floor_pass(&nfa, text.as_bytes())))
            });
        }
        if let Ok(ac) = zeren::compile::KeywordAutomaton::new(&keywords) {
            c.bench_with_input(BenchmarkId::new("keyword_pass", n), &text, |b, text| {
                b.iter(|| {
                    let mut count = 0usize;
                    ac.each_match(text, |_| count += 1);
                    black_box(count)
                })
            });
        }
        let kind =
            if n <= zeren::compile::DFA_MAX_PATTERNS { AhoCorasickKind::DFA } else { AhoCorasickKind::ContiguousNFA };
        if let Ok(ac) =
            AhoCorasick::builder().match_kind(MatchKind::Standard).kind(Some(kind)).prefilter(false).build(&keywords)
        {
            c.bench_with_input(BenchmarkId::new("aho_corasick_iter", n), &text, |b, text| {
                b.iter(|| black_box(ac.find_overlapping_iter(text.as_str()).count()))
            });
        }

        // Hand-written code over the same table.
        let hand = table::HandWritten::new(n);
        for (name, t) in &tickets[..2] {
            assert_eq!(hand.route(t).map(|r| r.0), Some(table::target(n) % 16), "hand-written {name}");
            c.bench_with_input(BenchmarkId::new(format!("hand_scan_{name}"), n), t, |b, t| {
                b.iter(|| black_box(hand.route(t)))
            });
        }

        // Keywords by sound (同音): the analogy ticket with one character of
        // the target's keyword replaced by a homophone, on the same table with
        // `homophone 0.8`: it reaches the nearest-item step and runs the
        // search by sound. Compare with `route/text` above.
        if let Some(sf) = fixture_with(n, true) {
            let mut t = table::analogy_ticket(n);
            let kw = table::keyword(table::target(n));
            let first = kw.chars().next().unwrap_or('字');
            let slip = (0x4E00u32..0x9FA5).filter_map(char::from_u32).find(|&c| zeren::sound::sound_alike(c, first));
            if let (Some(slip), Some(text)) = (slip, t.text.as_mut()) {
                *text = text.replacen(first, &slip.to_string(), 1);
            }
            let ticket = borrowed(&sf.rules, &t);
            let mut cache = sf.rules.create_cache();
            let d = sf.rules.route(&mut cache, &ticket);
            eprintln!("zeren-bench: n={n} homophone: {} {:?} {:?} score {}", d.method(), d.item(), d.lead(), d.score());
            assert_eq!(d.to_decision(), zeren::matcher::reference::route(&sf.set, &ticket), "homophone at {n}");
            let mut group = c.benchmark_group("route");
            group.bench_with_input(BenchmarkId::new("homophone", n), &ticket, |b, ticket| {
                b.iter(|| black_box(sf.rules.route(&mut cache, ticket).lead().map(str::len)))
            });
            group.finish();
        }
        decisions(c, &f);

        let mut group = c.benchmark_group("compile");
        group.sample_size(10);
        group.bench_with_input(BenchmarkId::from_parameter(n), &f.set, |b, set| {
            b.iter(|| black_box(Rules::new(set).ok()))
        });
        group.finish();

        // Setup as a reload sees it: parse, check and compile.
        let files = table::rules_files(n, 100);
        let mut group = c.benchmark_group("setup");
        group.sample_size(10);
        group.bench_with_input(BenchmarkId::from_parameter(n), &files, |b, files| {
            b.iter(|| {
                let mut sources = zeren::source::Sources::default();
                for (i, text) in files.iter().enumerate() {
                    sources.add(format!("{i:05}.rules"), text.clone());
                }
                let limits = zeren::limits::Limits::default().max_items(usize::MAX);
                let set = zeren::load::load_sources_with(sources, &limits).ok();
                black_box(set.and_then(|s| Rules::new(&s).ok()))
            })
        });
        group.finish();
        let _ = f.n;
    }
}

/// Issue 16's comparison on one table: zeren (building the `TicketRef`
/// and routing, reading the lead), the bucketed and the linear hand-written
/// scans, over the 64 spread tickets in turn.
fn decisions(c: &mut Criterion, f: &Fixture) {
    let n = f.n;
    let Some(ids) = Ids::new(&f.rules) else { return };
    let tickets = table::spread_tickets(n);
    let (hand, linear) = (table::HandWritten::new(n), table::Linear::new(n));
    let mut cache = f.rules.create_cache();
    for (k, t) in tickets.iter().enumerate() {
        let j = table::spread_target(n, k);
        let d = f.rules.route(&mut cache, &ids.ticket(t));
        assert_eq!(d.item(), Some(format!("r{j}").as_str()), "zeren, ticket {k} at {n}");
        assert_eq!(hand.route(t).map(|r| r.0), Some(j % 16), "bucketed, ticket {k} at {n}");
        assert_eq!(linear.route(t).map(|r| r.0), Some(j % 16), "linear, ticket {k} at {n}");
    }
    let mut group = c.benchmark_group("decision");
    let mut k = 0usize;
    group.bench_function(BenchmarkId::new("zeren", n), |b| {
        b.iter(|| {
            k = (k + 1) & 63;
            let t = &tickets[k];
            black_box(f.rules.route(&mut cache, &ids.ticket(t)).lead().map(str::len))
        })
    });
    group.bench_function(BenchmarkId::new("zeren_own_struct", n), |b| {
        b.iter(|| {
            k = (k + 1) & 63;
            black_box(f.rules.route(&mut cache, &View(ids, &tickets[k])).lead().map(str::len))
        })
    });
    group.bench_function(BenchmarkId::new("hand_bucketed", n), |b| {
        b.iter(|| {
            k = (k + 1) & 63;
            black_box(hand.route(&tickets[k]))
        })
    });
    group.bench_function(BenchmarkId::new("hand_linear", n), |b| {
        b.iter(|| {
            k = (k + 1) & 63;
            black_box(linear.route(&tickets[k]))
        })
    });
    // Routing alone, on tickets built beforehand.
    let built: Vec<TicketRef<'_>> = tickets.iter().map(|t| ids.ticket(t)).collect();
    group.bench_function(BenchmarkId::new("zeren_route_only", n), |b| {
        b.iter(|| {
            k = (k + 1) & 63;
            black_box(f.rules.route(&mut cache, &built[k]).lead().map(str::len))
        })
    });
    group.finish();
    if n == sizes().first().copied().unwrap_or(n) {
        // Building the four-attribute `TicketRef` alone (it does not depend
        // on the table's size).
        c.bench_function("ticket_ref/4_attrs", |b| {
            b.iter(|| {
                k = (k + 1) & 63;
                let t = ids.ticket(black_box(&tickets[k]));
                black_box(t.value(ids.amount).is_some())
            })
        });
    }
}

/// The crossover of `compile/dispatch.rs`: `k` keywords looked for one at
/// a time with `memchr::memmem` against one automaton pass over the same
/// ~150 bytes of Chinese text (the keywords absent, as most are).
fn crossover(c: &mut Criterion) {
    // The table's text and keywords, and hotline words in a hotline text
    // (whose UTF-8 bytes the keywords share, unlike the table's).
    const WORDS: [&str; 32] = [
        "预付卡",
        "退款",
        "停车场",
        "噪音",
        "物业",
        "健身",
        "培训",
        "装修",
        "燃气",
        "供暖",
        "医保",
        "社保",
        "公积金",
        "拖欠工资",
        "违章",
        "占道",
        "油烟",
        "广告",
        "快递",
        "外卖",
        "网约车",
        "出租车",
        "公交",
        "地铁",
        "学校",
        "幼儿园",
        "医院",
        "药店",
        "超市",
        "餐馆",
        "宠物",
        "垃圾",
    ];
    let real =
        "网上买的外套不合适，商家说特价商品不给退货，七天无理由也不认，客服一直推脱，已经过去好几天了".to_string();
    let table_kws = table::keywords(32);
    let cases = [("table", table::text(None, 1), table_kws), ("hotline", real, WORDS.map(String::from).to_vec())];
    let mut group = c.benchmark_group("crossover");
    for (name, text, all) in &cases {
        for k in [1usize, 2, 4, 8, 16, 32] {
            let keywords = &all[..k];
            let finders: Vec<_> = keywords.iter().map(|w| memchr::memmem::Finder::new(w.as_bytes())).collect();
            group.bench_with_input(BenchmarkId::new(format!("memmem_{name}"), k), text, |b, text| {
                b.iter(|| black_box(finders.iter().filter(|f| f.find(text.as_bytes()).is_some()).count()))
            });
            if let Ok(ac) = zeren::compile::KeywordAutomaton::new(keywords) {
                group.bench_with_input(BenchmarkId::new(format!("automaton_{name}"), k), text, |b, text| {
                    b.iter(|| {
                        let mut count = 0usize;
                        ac.each_match(text, |_| count += 1);
                        black_box(count)
                    })
                });
            }
        }
    }
    group.finish();
}

fn shipped(c: &mut Criterion) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
    let set = match zeren::load::load_paths(&[dir]) {
        Ok(set) => set,
        Err(e) => {
            eprintln!("zeren-bench: shipped rules do not load, skipping: {e:?}");
            return;
        }
    };
    let Ok(rules) = Rules::new(&set) else { return };
    eprintln!("zeren-bench: shipped rules: {} items, memory {} bytes", set.items.len(), rules.memory_usage());
    let tickets = [
        ("symbol", r#"{"category": "预付卡", "venue": "健身房", "amount": 3000}"#),
        (
            "text",
            r#"{"category": "网购", "online": true, "text": "网上买的外套不合适，商家说特价商品不给退货，七天无理由也不认，客服一直推脱，已经过去好几天了"}"#,
        ),
        ("analogy", r#"{"text": "楼下瑜伽馆的教练上课迟到早退，体验很差"}"#),
        ("unclaimed", r#"{"text": "请问市民卡丢了去哪里补办"}"#),
    ];
    let mut group = c.benchmark_group("shipped");
    let mut cache = rules.create_cache();
    for (name, json) in tickets {
        let Ok(ticket) = Ticket::from_json(&set.attrs, json, Strictness::Strict) else {
            eprintln!("zeren-bench: shipped ticket {name} rejected");
            continue;
        };
        let d = rules.route(&mut cache, &ticket);
        eprintln!(
            "zeren-bench: shipped {name}: {} {:?} {:?} ({} bytes of text)",
            d.method(),
            d.item(),
            d.lead(),
            json.len()
        );
        assert_eq!(d.to_decision(), zeren::matcher::reference::route(&set, &ticket));
        group.bench_function(name, |b| b.iter(|| black_box(rules.route(&mut cache, &ticket).lead().map(str::len))));
    }
    group.finish();
}

/// `zeren route --tickets` in the library: JSON lines in, JSON lines out, on
/// every core with a cache per thread.
fn batch(c: &mut Criterion) {
    let (n, count) = if benching() { (10_000, 100_000) } else { (100, 1_000) };
    let Some(f) = fixture(n) else { return };
    let lines: Vec<String> = table::mixed_tickets(n, count).iter().map(table::Ticket::to_json).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = lines.len().div_ceil(threads);
    let mut group = c.benchmark_group("batch");
    group.sample_size(10).throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function(BenchmarkId::new(format!("json_{threads}_threads"), count), |b| {
        b.iter_batched(
            || (),
            |()| {
                std::thread::scope(|s| {
                    let handles: Vec<_> = lines
                        .chunks(chunk)
                        .map(|part| {
                            let (rules, attrs) = (&f.rules, &f.set.attrs);
                            s.spawn(move || {
                                let mut cache = rules.create_cache();
                                let mut out = Vec::with_capacity(part.len() * 256);
                                for line in part {
                                    if let Ok(t) = Ticket::from_json(attrs, line, Strictness::Strict) {
                                        let _ = serde_json::to_writer(&mut out, &rules.route(&mut cache, &t));
                                        out.push(b'\n');
                                    }
                                }
                                out.len()
                            })
                        })
                        .collect();
                    handles.into_iter().map(|h| h.join().unwrap_or(0)).sum::<usize>()
                })
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// The generated table with a `clock`, and an `effective` range on every
/// other item (one that holds on the default date, so every decision stays
/// the same): what the in-force filter costs (issue 13: within 10% of the
/// table without dates).
fn dated_table(n: usize) -> String {
    let text = table::rules_text(n).replacen(
        "amount: number }\n",
        "amount: number  at: date }\nclock at default 2024-06-30\n",
        1,
    );
    text.lines()
        .map(|line| {
            let even = line
                .strip_prefix("item r")
                .and_then(|rest| rest.split(' ').next())
                .and_then(|i| i.parse::<usize>().ok())
                .is_some_and(|i| i % 2 == 0);
            if even {
                format!("{}\n", line.replacen(" lead ", " effective 2020-01-01..2030-12-31 lead ", 1))
            } else {
                format!("{line}\n")
            }
        })
        .collect()
}

fn effective(c: &mut Criterion) {
    let n = if benching() { 10_000 } else { 100 };
    let mut group = c.benchmark_group("effective");
    let clock_only = table::rules_text(n).replacen(
        "amount: number }\n",
        "amount: number  at: date }\nclock at default 2024-06-30\n",
        1,
    );
    // `none`: the v1 table; `clock`: a clock, no ranges; `half`: a clock and
    // ranges on every other item.
    for (label, text) in [("none", table::rules_text(n)), ("clock", clock_only), ("half", dated_table(n))] {
        let limits = zeren::limits::Limits::default().max_items(usize::MAX);
        let Ok(set) = zeren::load::load_str_with("table.rules", &text, &limits) else {
            eprintln!("zeren-bench: the {label} table does not load");
            continue;
        };
        let Ok(rules) = Rules::new(&set) else { continue };
        let mut cache = rules.create_cache();
        for (name, t) in [("symbol", table::symbol_ticket(n)), ("text", table::text_ticket(n))] {
            let ticket = borrowed(&rules, &t);
            assert_eq!(rules.route(&mut cache, &ticket).to_decision(), zeren::matcher::reference::route(&set, &ticket));
            group.bench_with_input(BenchmarkId::new(format!("{name}_{label}"), n), &ticket, |b, ticket| {
                b.iter(|| black_box(rules.route(&mut cache, ticket).lead().map(str::len)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, shipped, crossover, generated, batch, effective);
criterion_main!(benches);
