//! The explanation of a decision as data (`?explain=true`), and "why not
//! this item" (`?why_not=ITEM`): each part of the item's guard and of its own
//! condition, held or not, and what beat it. The trace comes from the
//! reference router, which the compiled matcher is differentially tested
//! against; the decision itself is the compiled matcher's.

use serde_json::{json, Value};
use zeren::decision::Decision;
use zeren::ir::{ItemId, RuleSet};
use zeren::matcher::reference::route_traced;
use zeren::ticket::Ticket;
use zeren::why_not::Verdict;

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
        "reason": trace.reason.render(crate::out::lang()),
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
        out["why_not"] = why_not_item(set, ticket, id);
    }
    Ok(out)
}

/// The guard pitfalls of the library ([`zeren::why_not::guard_pitfalls`]),
/// worded in Chinese for the workbench.
fn guard_pitfalls(set: &RuleSet, ticket: &Ticket, decision: &Decision) -> Vec<Value> {
    zeren::why_not::guard_pitfalls(set, ticket, decision)
        .into_iter()
        .map(|p| {
            let item = &set.item(p.item).name;
            json!({
                "item": item,
                "matter": set.matter(p.matter).name,
                "guard": p.guard,
                "message": format!(
                    "事项 `{item}` 自己的条件成立，但所在事项的守卫 `{}` 不成立：守卫里是否漏写了这一项的关键词？",
                    p.guard
                ),
            })
        })
        .collect()
}

/// The library's account ([`zeren::why_not::why_not`]) as the workbench
/// shows it, the verdict in Chinese.
fn why_not_item(set: &RuleSet, ticket: &Ticket, id: ItemId) -> Value {
    let why = zeren::why_not::why_not(set, ticket, id);
    let parts =
        |ps: &[zeren::why_not::Part]| ps.iter().map(|p| json!({"atom": p.text, "held": p.held})).collect::<Vec<_>>();
    let guard_text = || why.guard.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(" 且 ");
    let verdict = match &why.verdict {
        Verdict::Won => "这一项就是裁决结果。".to_string(),
        Verdict::GuardPitfall => {
            format!("本项自己的条件成立，但所在事项的守卫不成立（{}）：守卫里是否漏写了本项的关键词？", guard_text())
        }
        Verdict::ConditionFailed { near_held: true } => {
            "条件不成立；`near` 成立，可参照办理，但有别的依据先于它。".to_string()
        }
        Verdict::ConditionFailed { near_held: false } => "条件不成立：见下面未成立的部分。".to_string(),
        Verdict::Beaten { left } => {
            format!("条件成立，但被优先级（priority）或 `over` 排除，留下：{}。", left.join("、"))
        }
        Verdict::Disputed { with } => format!("条件成立，但与 {} 争议，工单交协调机构会商。", with.join("、")),
        Verdict::Lost { winner, method } => {
            format!("条件成立，但 `{}` 胜出（{method}）。", winner.as_deref().unwrap_or("—"))
        }
    };
    json!({
        "item": why.item,
        "lead": why.lead,
        "won": why.verdict == Verdict::Won,
        "guard_held": why.guard.iter().all(|p| p.held),
        "own_held": why.own.iter().all(|p| p.held),
        "guard": parts(&why.guard),
        "own": parts(&why.own),
        "verdict": verdict,
    })
}
