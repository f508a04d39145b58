//! The explanation of a decision as data (`?explain=true`), and "why not
//! this item" (`?why_not=ITEM`): each part of the item's guard and of its own
//! condition, held or not, and what beat it. The trace comes from the
//! reference router, which the compiled matcher is differentially tested
//! against; the decision itself is the compiled matcher's.

use serde_json::{json, Value};
use zeren::decision::{Decision, Method};
use zeren::ir::eval::holds;
use zeren::ir::print::cond_text;
use zeren::ir::{Cond, ItemId, RuleSet};
use zeren::matcher::reference::{route_traced, Trace};
use zeren::ticket::Ticket;

/// The explanation of `decision` for `ticket`, with a why-not for `why_not`.
pub fn explanation(
    set: &RuleSet,
    ticket: &Ticket,
    decision: &Decision,
    why_not: Option<&str>,
) -> Result<Value, String> {
    let (_, trace) = route_traced(set, ticket);
    let item_name = |i: ItemId| set.item(i).name.clone();
    let candidates: Vec<Value> = trace
        .candidates
        .iter()
        .map(|&i| {
            let item = set.item(i);
            json!({
                "item": item.name,
                "lead": set.dept(item.lead).id,
                "priority": item.priority,
                "kept": trace.remaining.contains(&i),
            })
        })
        .collect();
    let scores: Vec<Value> = trace
        .scores
        .iter()
        .take(zeren::explain::TOP_SCORES)
        .map(|&(i, s)| json!({"item": item_name(i), "score": s}))
        .collect();
    let mut out = json!({
        "reason": trace.reason,
        "text": zeren::explain::explain(set, ticket, decision, &trace),
        "candidates": candidates,
        "near": trace.near.iter().map(|&i| item_name(i)).collect::<Vec<_>>(),
        "guarded_matters": trace.guarded_matters.iter().map(|&m| set.matter(m).name.clone()).collect::<Vec<_>>(),
        "residual_matters": trace.residual_matters.iter().map(|&m| set.matter(m).name.clone()).collect::<Vec<_>>(),
        "scores": scores,
        "guard_pitfalls": guard_pitfalls(set, ticket, decision),
    });
    if let Some(name) = why_not {
        let id = set.item_id(name).ok_or_else(|| {
            match zeren::suggest::closest(name, set.items.iter().map(|i| i.name.as_str())) {
                Some(s) => format!("没有名为 `{name}` 的事项；是不是 `{s}`？"),
                None => format!("没有名为 `{name}` 的事项"),
            }
        })?;
        out["why_not"] = why_not_item(set, ticket, decision, &trace, id);
    }
    Ok(out)
}

/// Items whose own `when` holds while their matter's guard does not: the
/// pitfall every new author hits (an item's words missing from its matter's
/// guard). Only reported when the ticket found no owner among the items.
fn guard_pitfalls(set: &RuleSet, ticket: &Ticket, decision: &Decision) -> Vec<Value> {
    if !matches!(decision.method, Method::Unclaimed | Method::Analogy) {
        return Vec::new();
    }
    set.items
        .iter()
        .filter_map(|item| {
            let own = item.when.as_ref()?;
            let guard = item.path.last().and_then(|&m| set.matter(m).guard.as_ref())?;
            (holds(set, own, ticket) && !holds(set, guard, ticket)).then(|| {
                json!({
                    "item": item.name,
                    "matter": item.path.last().map(|&m| set.matter(m).name.clone()),
                    "guard": cond_text(set, guard),
                    "message": format!(
                        "事项 `{}` 自己的条件成立，但所在事项的守卫 `{}` 不成立：守卫里是否漏写了这一项的关键词？",
                        item.name,
                        cond_text(set, guard)
                    ),
                })
            })
        })
        .collect()
}

/// Each conjunct of a condition, as text, with whether it held.
fn parts(set: &RuleSet, cond: Option<&Cond>, ticket: &Ticket) -> Vec<Value> {
    let Some(cond) = cond else { return Vec::new() };
    let conjuncts: Vec<&Cond> = match cond {
        Cond::And(ops) => ops.iter().collect(),
        other => vec![other],
    };
    conjuncts.into_iter().map(|c| json!({"atom": cond_text(set, c), "held": holds(set, c, ticket)})).collect()
}

fn why_not_item(set: &RuleSet, ticket: &Ticket, decision: &Decision, trace: &Trace, id: ItemId) -> Value {
    let item = set.item(id);
    let guard = item.path.last().and_then(|&m| set.matter(m).guard.as_ref());
    let guard_held = guard.is_none_or(|g| holds(set, g, ticket));
    let own_held = item.when.as_ref().is_none_or(|w| holds(set, w, ticket));
    let winner = decision.item.as_deref();
    let verdict = if winner == Some(item.name.as_str()) {
        "这一项就是裁决结果。".to_string()
    } else if !guard_held && own_held {
        format!(
            "本项自己的条件成立，但所在事项的守卫不成立（{}）：守卫里是否漏写了本项的关键词？",
            guard.map(|g| cond_text(set, g)).unwrap_or_default()
        )
    } else if !guard_held || !own_held {
        let near = item.near.as_ref().is_some_and(|n| holds(set, n, ticket));
        if near {
            "条件不成立；`near` 成立，可参照办理，但有别的依据先于它。".to_string()
        } else {
            "条件不成立：见下面未成立的部分。".to_string()
        }
    } else if !trace.remaining.contains(&id) {
        let winners: Vec<&str> = trace.remaining.iter().map(|&i| set.item(i).name.as_str()).collect();
        format!("条件成立，但被优先级（priority）或 `over` 排除，留下：{}。", winners.join("、"))
    } else if decision.method == Method::Disputed {
        let others: Vec<&str> =
            trace.remaining.iter().filter(|&&i| i != id).map(|&i| set.item(i).name.as_str()).collect();
        format!("条件成立，但与 {} 争议，工单交协调机构会商。", others.join("、"))
    } else {
        format!("条件成立，但 `{}` 胜出（{}）：{}", winner.unwrap_or("—"), decision.method, trace.reason)
    };
    json!({
        "item": item.name,
        "lead": set.dept(item.lead).id,
        "won": winner == Some(item.name.as_str()),
        "guard_held": guard_held,
        "own_held": own_held,
        "guard": parts(set, guard, ticket),
        "own": parts(set, item.when.as_ref(), ticket),
        "verdict": verdict,
    })
}
