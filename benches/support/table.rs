//! The generated routing table of issue 3, shared by the benches: rule `i`
//! has category `cat{i % 10}`, one keyword of its own in ~150 bytes of Chinese
//! text (or, for tickets that carry no text, its own sub-category `code`), a
//! venue condition on every third rule and an amount threshold on every
//! fourth, 16 departments, a lead and two assists.

#![allow(dead_code)]

use std::collections::HashMap;

/// Characters keywords are made of.
fn kw_char(i: usize) -> char {
    char::from_u32(0x5000 + (i % 200) as u32).unwrap_or('字')
}

/// Characters of the filler text: disjoint from the keyword characters.
fn filler_char(i: usize) -> char {
    char::from_u32(0x6000 + (i * 7 % 256) as u32).unwrap_or('文')
}

/// Rule `i`'s own keyword: three characters, unique for `i < 8,000,000`.
pub fn keyword(i: usize) -> String {
    [kw_char(i), kw_char(i / 200), kw_char(i / 40_000)].iter().collect()
}

pub fn venue(i: usize) -> String {
    format!("v{}", i % 7)
}

pub fn threshold(i: usize) -> f64 {
    ((i % 50) * 100) as f64
}

/// The `.rules` text of the table with `n` items.
pub fn rules_text(n: usize) -> String {
    rules_files(n, n.max(1)).concat()
}

/// The table split into files of `per_file` items (the first also holds the
/// schema, departments and fallback).
pub fn rules_files(n: usize, per_file: usize) -> Vec<String> {
    let mut files = Vec::new();
    let mut s = String::with_capacity(per_file * 120);
    s.push_str("ruleset \"generated\"\n");
    s.push_str("schema { category: symbol  code: symbol  text: text  venue: symbol [v0, v1, v2, v3, v4, v5, v6]  amount: number }\n");
    for d in 0..16 {
        s.push_str(&format!("department d{d} \"部门{d}\"\n"));
    }
    s.push_str("department coord \"协调中心\"\ncoordinator coord\n");
    s.push_str("fallback { nearest threshold 0.75 }\n");
    for i in 0..n {
        if i > 0 && i % per_file == 0 {
            files.push(std::mem::take(&mut s));
        }
        s.push_str(&format!(
            "item r{i} {{ when category = cat{} and (text has \"{}\" or code = s{i})",
            i % 10,
            keyword(i)
        ));
        if i % 3 == 0 {
            s.push_str(&format!(" and venue = {}", venue(i)));
        }
        if i % 4 == 0 {
            s.push_str(&format!(" and amount >= {}", threshold(i)));
        }
        s.push_str(&format!(" lead d{} assist d{}, d{} }}\n", i % 16, (i + 1) % 16, (i + 2) % 16));
    }
    files.push(s);
    files
}

/// ~150 bytes of Chinese text with Chinese punctuation, containing rule
/// `with`'s keyword when given.
pub fn text(with: Option<usize>, seed: usize) -> String {
    let mut s = String::new();
    for i in 0..46 {
        if i == 20 {
            if let Some(k) = with {
                s.push_str(&keyword(k));
            }
        }
        s.push(match i % 12 {
            11 => '，',
            5 => '。',
            _ => filler_char(seed + i),
        });
    }
    s
}

/// A ticket of the generated table, as the hand-written code and the JSON
/// batch see it.
#[derive(Clone, Debug, Default)]
pub struct Ticket {
    pub category: Option<String>,
    pub code: Option<String>,
    pub text: Option<String>,
    pub venue: Option<String>,
    pub amount: Option<f64>,
}

impl Ticket {
    pub fn to_json(&self) -> String {
        let mut m = serde_json::Map::new();
        let mut put = |k: &str, v: Option<serde_json::Value>| {
            if let Some(v) = v {
                m.insert(k.to_string(), v);
            }
        };
        put("category", self.category.clone().map(Into::into));
        put("code", self.code.clone().map(Into::into));
        put("text", self.text.clone().map(Into::into));
        put("venue", self.venue.clone().map(Into::into));
        put("amount", self.amount.map(Into::into));
        serde_json::Value::Object(m).to_string()
    }
}

/// The rule every "direct" ticket targets: the middle of the table, with a
/// venue and an amount condition (`i % 12 == 0`).
pub fn target(n: usize) -> usize {
    (n / 2) / 60 * 60
}

/// Matches rule `target(n)` by its keyword in a 150-byte text.
pub fn text_ticket(n: usize) -> Ticket {
    let j = target(n);
    Ticket {
        category: Some(format!("cat{}", j % 10)),
        code: None,
        text: Some(text(Some(j), 1)),
        venue: Some(venue(j)),
        amount: Some(threshold(j) + 1.0),
    }
}

/// Matches rule `target(n)` by symbols and a number only.
pub fn symbol_ticket(n: usize) -> Ticket {
    let j = target(n);
    Ticket {
        category: Some(format!("cat{}", j % 10)),
        code: Some(format!("s{j}")),
        text: None,
        venue: Some(venue(j)),
        amount: Some(threshold(j) + 1.0),
    }
}

/// Matches no rule; rule `target(n)` is nearest with 3 of its 4 operands
/// (every operand but the category): `analogy`, score 0.75.
pub fn analogy_ticket(n: usize) -> Ticket {
    let j = target(n);
    Ticket {
        category: Some(format!("cat{}", (j + 5) % 10)),
        code: None,
        text: Some(text(Some(j), 2)),
        venue: Some(venue(j)),
        amount: Some(threshold(j) + 1.0),
    }
}

/// Matches nothing and is near nothing: `unclaimed`.
pub fn unclaimed_ticket() -> Ticket {
    Ticket {
        category: Some("cat3".into()),
        code: None,
        text: Some(text(None, 3)),
        venue: Some("v1".into()),
        amount: Some(50.0),
    }
}

/// A mix of tickets for batch throughput: direct by text, by code, analogy
/// and unclaimed.
pub fn mixed_tickets(n: usize, count: usize) -> Vec<Ticket> {
    (0..count)
        .map(|t| {
            let j = (t * 7919) % n.max(1);
            let (venue_ok, amount) = (venue(j), threshold(j) + (t % 3) as f64 * 500.0);
            match t % 4 {
                0 => Ticket {
                    category: Some(format!("cat{}", j % 10)),
                    code: None,
                    text: Some(text(Some(j), t)),
                    venue: Some(venue_ok),
                    amount: Some(amount),
                },
                1 => Ticket {
                    category: Some(format!("cat{}", j % 10)),
                    code: Some(format!("s{j}")),
                    text: None,
                    venue: Some(venue_ok),
                    amount: Some(amount),
                },
                2 => Ticket {
                    category: Some(format!("cat{}", (j + 1) % 10)),
                    code: None,
                    text: Some(text(Some(j), t)),
                    venue: Some(venue_ok),
                    amount: Some(amount),
                },
                _ => Ticket {
                    category: Some(format!("cat{}", t % 10)),
                    code: None,
                    text: Some(text(None, t)),
                    venue: None,
                    amount: None,
                },
            }
        })
        .collect()
}

/// The hand-written baseline: rules bucketed by category, scanned in order,
/// first match wins, keywords tested with `str::contains`.
pub struct HandWritten {
    buckets: HashMap<String, Vec<HandRule>>,
}

struct HandRule {
    keyword: String,
    code: String,
    venue: Option<String>,
    min_amount: Option<f64>,
    lead: usize,
    assists: [usize; 2],
}

impl HandWritten {
    pub fn new(n: usize) -> HandWritten {
        let mut buckets: HashMap<String, Vec<HandRule>> = HashMap::new();
        for i in 0..n {
            buckets.entry(format!("cat{}", i % 10)).or_default().push(HandRule {
                keyword: keyword(i),
                code: format!("s{i}"),
                venue: (i % 3 == 0).then(|| venue(i)),
                min_amount: (i % 4 == 0).then(|| threshold(i)),
                lead: i % 16,
                assists: [(i + 1) % 16, (i + 2) % 16],
            });
        }
        HandWritten { buckets }
    }

    /// The lead and assists of the first matching rule.
    pub fn route(&self, t: &Ticket) -> Option<(usize, [usize; 2])> {
        let bucket = self.buckets.get(t.category.as_deref()?)?;
        bucket.iter().find(|r| r.matches(t)).map(|r| (r.lead, r.assists))
    }
}

/// The 64 tickets of issue 16, spread over the table: ticket `k` matches
/// rule `k * n / 64` by its keyword in ~150 bytes of text, with the venue and
/// amount that rule asks for (every rule's category, venue and amount are
/// given, as a service's form would).
pub fn spread_tickets(n: usize) -> Vec<Ticket> {
    (0..64)
        .map(|k| {
            let j = k * n / 64;
            Ticket {
                category: Some(format!("cat{}", j % 10)),
                code: None,
                text: Some(text(Some(j), k)),
                venue: Some(venue(j)),
                amount: Some(threshold(j) + 1.0),
            }
        })
        .collect()
}

/// The rule `spread_tickets(n)[k]` targets.
pub fn spread_target(n: usize, k: usize) -> usize {
    k * n / 64
}

/// The second hand-written baseline: one `Vec` of every rule in order,
/// scanned linearly, first match wins, keywords tested with `str::contains`.
pub struct Linear {
    rules: Vec<(String, HandRule)>,
}

impl Linear {
    pub fn new(n: usize) -> Linear {
        let rules = (0..n)
            .map(|i| {
                let rule = HandRule {
                    keyword: keyword(i),
                    code: format!("s{i}"),
                    venue: (i % 3 == 0).then(|| venue(i)),
                    min_amount: (i % 4 == 0).then(|| threshold(i)),
                    lead: i % 16,
                    assists: [(i + 1) % 16, (i + 2) % 16],
                };
                (format!("cat{}", i % 10), rule)
            })
            .collect();
        Linear { rules }
    }

    /// The lead and assists of the first matching rule.
    pub fn route(&self, t: &Ticket) -> Option<(usize, [usize; 2])> {
        let category = t.category.as_deref()?;
        self.rules.iter().find(|(c, r)| c == category && r.matches(t)).map(|(_, r)| (r.lead, r.assists))
    }
}

impl HandRule {
    fn matches(&self, t: &Ticket) -> bool {
        let text = t.text.as_deref().is_some_and(|x| x.contains(self.keyword.as_str()))
            || t.code.as_deref() == Some(self.code.as_str());
        text && self.venue.as_ref().is_none_or(|v| t.venue.as_ref() == Some(v))
            && self.min_amount.is_none_or(|m| t.amount.is_some_and(|a| a >= m))
    }
}

/// Every keyword of the table, for the Aho-Corasick floor.
pub fn keywords(n: usize) -> Vec<String> {
    (0..n).map(keyword).collect()
}
