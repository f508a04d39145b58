//! "Why not this item?": for an item that did not win a ticket, each part of
//! its effective condition with whether it held — the enclosing matters'
//! guard and the item's own `when` apart — and what beat it (`zeren route
//! --explain --why-not ITEM`, the workbench's 为什么不是这一项).
//!
//! It also finds the pitfall every new author hits: an item whose own `when`
//! holds while its matter's guard does not, because the item's words were not
//! repeated in the guard ([`guard_pitfalls`]).
//!
//! The account is computed from the reference router's trace; the decision it
//! explains may come from either router (they agree, by the differential test).

use crate::decision::{Decision, Method};
use crate::i18n::{Lang, Text};
use crate::ir::eval::holds;
use crate::ir::print::cond_text;
use crate::ir::{Cond, ItemId, MatterId, RuleSet};
use crate::matcher::reference::{route_traced_at, Trace};
use crate::ticket::TicketSource;
use crate::tr;

/// One conjunct of a condition, as `.rules` text, and whether it held.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Part {
    /// The conjunct as written (after `define`s and `words` are expanded).
    pub text: String,
    /// Whether it held for the ticket.
    pub held: bool,
}

/// Why the item did not win (or that it did).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// It is the winner.
    Won,
    /// Its own `when` held but its matter's guard did not: the guard probably
    /// lacks the item's words.
    GuardPitfall,
    /// Its effective condition did not hold (the parts say which did not);
    /// `near_held` tells whether its `near` held instead.
    ConditionFailed {
        /// Whether its `near` condition held.
        near_held: bool,
    },
    /// Its condition held, but `priority` or `over` removed it.
    Beaten {
        /// The candidates left after priority and `over`.
        left: Vec<String>,
    },
    /// Its condition held, and the ticket is disputed between it and others.
    Disputed {
        /// The other contenders.
        with: Vec<String>,
    },
    /// Its condition held, and another item won by agreement or specificity.
    Lost {
        /// The winner, if an item won.
        winner: Option<String>,
        /// How it won.
        method: Method,
    },
}

/// The account of one item for one ticket.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct WhyNot {
    /// The item.
    pub item: String,
    /// Its lead department's id.
    pub lead: String,
    /// Each conjunct of the enclosing matters' guard (empty when none).
    pub guard: Vec<Part>,
    /// Each conjunct of the item's own `when` (empty when it has none).
    pub own: Vec<Part>,
    /// The verdict.
    pub verdict: Verdict,
}

impl WhyNot {
    /// The account in words, one line a part.
    ///
    /// ```
    /// let engine = zeren::Engine::from_str("a.rules", r#"
    ///     schema { text: text }
    ///     department a
    ///     matter 物业 { when text has "物业"  lead a
    ///       item 漏水 { when text has "漏水" } }
    /// "#)?;
    /// let ticket = engine.ticket_from_json(r#"{"text": "楼上漏水"}"#)?;
    /// let item = engine.item("漏水").ok_or("no item")?;
    /// let why = zeren::why_not::why_not(engine.rule_set(), &ticket, item);
    /// assert!(why.text().contains("its matter's guard does not hold"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn text(&self) -> String {
        self.text_in(Lang::En)
    }

    /// [`WhyNot::text`] in `lang`.
    pub fn text_in(&self, lang: Lang) -> String {
        let say = |t: Text| t.render(lang);
        let mut out = say(tr!("why-not-title", item = self.item, lead = self.lead));
        out.push('\n');
        let mark = |held: bool| say(if held { tr!("why-not-held") } else { tr!("why-not-not-held") });
        for (title, parts) in [(tr!("why-not-guard"), &self.guard), (tr!("why-not-own"), &self.own)] {
            if !parts.is_empty() {
                out.push_str(&format!("  {}\n", say(title)));
                for p in parts {
                    out.push_str(&format!("    {:<13} {}\n", mark(p.held), p.text));
                }
            }
        }
        let verdict = match &self.verdict {
            Verdict::Won => tr!("why-not-won"),
            Verdict::GuardPitfall => tr!("why-not-guard-pitfall"),
            Verdict::ConditionFailed { near_held: true } => tr!("why-not-near-held"),
            Verdict::ConditionFailed { near_held: false } => tr!("why-not-failed"),
            Verdict::Beaten { left } => tr!("why-not-beaten", left = left.join(", ")),
            Verdict::Disputed { with } => tr!("why-not-disputed", with = with.join(", ")),
            Verdict::Lost { winner: Some(winner), method } => {
                tr!("why-not-lost", winner = winner, method = method.as_str())
            }
            Verdict::Lost { winner: None, method } => tr!("why-not-lost-none", method = method.as_str()),
        };
        out.push_str(&format!("  → {}\n", say(verdict)));
        out
    }
}

/// The account of `item` for `ticket`: every part of its condition, held or
/// not, and what beat it.
///
/// ```
/// let engine = zeren::Engine::from_paths(&["rules"])?;
/// let ticket = engine.ticket_from_json(r#"{"text": "买的种子发芽率很低"}"#)?;
/// let item = engine.item("种子标签包装").ok_or("no item")?;
/// let why = zeren::why_not::why_not(engine.rule_set(), &ticket, item);
/// assert!(matches!(why.verdict, zeren::why_not::Verdict::ConditionFailed { .. }));
/// assert!(why.guard.iter().all(|p| p.held) && why.own.iter().any(|p| !p.held));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn why_not(rules: &RuleSet, ticket: &impl TicketSource, item: ItemId) -> WhyNot {
    why_not_at(rules, ticket, item, None)
}

/// [`why_not`] for a ticket routed with an `--as-of` date (v2): undated
/// tickets are dated `as_of` instead of the clock's default.
pub fn why_not_at(rules: &RuleSet, ticket: &impl TicketSource, item: ItemId, as_of: Option<crate::ir::Date>) -> WhyNot {
    let (decision, trace) = route_traced_at(rules, ticket, as_of);
    account(rules, ticket, &decision, &trace, item)
}

fn account(rules: &RuleSet, ticket: &impl TicketSource, decision: &Decision, trace: &Trace, id: ItemId) -> WhyNot {
    let item = rules.item(id);
    let guard = item.path.last().and_then(|&m| rules.matter(m).guard.as_ref());
    let (guard_parts, own_parts) = (parts(rules, guard, ticket), parts(rules, item.when.as_ref(), ticket));
    let guard_held = guard_parts.iter().all(|p| p.held);
    let own_held = own_parts.iter().all(|p| p.held);
    let names = |ids: &mut dyn Iterator<Item = ItemId>| ids.map(|i| rules.item(i).name.clone()).collect::<Vec<_>>();
    let verdict = if decision.item.as_deref() == Some(item.name.as_str()) {
        Verdict::Won
    } else if !guard_held && own_held && item.when.is_some() {
        Verdict::GuardPitfall
    } else if !guard_held || !own_held {
        Verdict::ConditionFailed { near_held: item.near.as_ref().is_some_and(|n| holds(rules, n, ticket)) }
    } else if !trace.remaining.contains(&id) {
        Verdict::Beaten { left: names(&mut trace.remaining.iter().copied()) }
    } else if decision.method == Method::Disputed {
        Verdict::Disputed { with: names(&mut trace.remaining.iter().copied().filter(|&i| i != id)) }
    } else {
        Verdict::Lost { winner: decision.item.clone(), method: decision.method }
    };
    WhyNot {
        item: item.name.clone(),
        lead: rules.dept(item.lead).id.clone(),
        guard: guard_parts,
        own: own_parts,
        verdict,
    }
}

/// Each top-level conjunct of `cond` with whether it held.
fn parts(rules: &RuleSet, cond: Option<&Cond>, ticket: &impl TicketSource) -> Vec<Part> {
    let Some(cond) = cond else { return Vec::new() };
    let conjuncts: Vec<&Cond> = match cond {
        Cond::And(ops) => ops.iter().collect(),
        other => vec![other],
    };
    conjuncts.into_iter().map(|c| Part { text: cond_text(rules, c), held: holds(rules, c, ticket) }).collect()
}

/// An item whose own `when` holds while its matter's guard does not.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Pitfall {
    /// The item.
    pub item: ItemId,
    /// Its innermost matter.
    pub matter: MatterId,
    /// The guard that did not hold, as `.rules` text.
    pub guard: String,
}

/// The items whose own `when` holds while their matter's guard does not —
/// reported only when the ticket found no owner among the items (`unclaimed`
/// or `analogy`): the usual cause is an item's words missing from its
/// matter's guard.
///
/// ```
/// let engine = zeren::Engine::from_str("a.rules", r#"
///     schema { text: text }
///     department a
///     matter 物业 { when text has "物业"  lead a
///       item 漏水 { when text has "漏水" } }
/// "#)?;
/// let ticket = engine.ticket_from_json(r#"{"text": "楼上漏水"}"#)?;
/// let decision = engine.route_reference(&ticket);
/// let pitfalls = zeren::why_not::guard_pitfalls(engine.rule_set(), &ticket, &decision);
/// assert_eq!(pitfalls.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn guard_pitfalls(rules: &RuleSet, ticket: &impl TicketSource, decision: &Decision) -> Vec<Pitfall> {
    if !matches!(decision.method, Method::Unclaimed | Method::Analogy) {
        return Vec::new();
    }
    rules
        .item_ids()
        .filter_map(|i| {
            let item = rules.item(i);
            let own = item.when.as_ref()?;
            let matter = *item.path.last()?;
            let guard = rules.matter(matter).guard.as_ref()?;
            (holds(rules, own, ticket) && !holds(rules, guard, ticket)).then(|| Pitfall {
                item: i,
                matter,
                guard: cond_text(rules, guard),
            })
        })
        .collect()
}
