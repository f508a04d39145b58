//! The handbook (指导手册): a Markdown rendering of a rule set for the people
//! who route and handle tickets (`zeren handbook`).
//!
//! One memo per matter (一件事监管备忘录): its scope, a table of its items with
//! lead, assisting and liaison departments, basis and boundary notes, and a
//! Mermaid flowchart of how a ticket is decided inside the matter. Then the
//! items that belong to no matter, an index by department (what each one
//! leads, catches, assists and liaises in), and the coordinator's role with
//! the fallback rule.
//!
//! The text is Chinese, like the rule sets it documents; the output is a pure
//! function of the rule set (declaration order throughout), so a committed
//! handbook changes exactly when the rules do.

use crate::chart::{deadline_words, matter_flow, outer_catcher, place_words, range_words, role_words, territory_words};
use crate::ir::print::cond_label_text;
use crate::ir::{DeptId, Item, ItemId, MatterId, RuleSet};
use std::fmt::Write as _;

/// Renders the handbook of a rule set as Markdown.
///
/// ```
/// # let rules = zeren::load::load_str("doc.rules", zeren::chart::DOC_RULES)?;
/// let md = zeren::handbook::handbook(&rules);
/// assert!(md.starts_with("# 示例清单 · 指导手册"));
/// assert!(md.contains("```mermaid"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn handbook(rules: &RuleSet) -> String {
    let mut out = String::new();
    header(rules, &mut out);
    contents(rules, &mut out);
    if !rules.matters.is_empty() {
        out.push_str("<a id=\"memos\"></a>\n\n## 一件事监管备忘录\n\n");
        out.push_str(
            "每个事项一份备忘录：适用范围、细项分工表（每个细项只有一个主办部门），以及工单在本事项内的判定流程。\n\n",
        );
        for (n, m) in rules.matter_ids().enumerate() {
            memo(rules, m, n + 1, &mut out);
        }
    }
    let loose: Vec<ItemId> = rules.item_ids().filter(|&i| rules.item(i).path.is_empty()).collect();
    if !loose.is_empty() {
        out.push_str("<a id=\"items\"></a>\n\n## 独立事项\n\n");
        out.push_str("以下细项不属于任何事项，各自按条件判定。\n\n");
        item_table(rules, &loose, &[], &mut out);
        out.push_str(&matter_flow(rules, None, &loose));
    }
    territory(rules, &mut out);
    dept_index(rules, &mut out);
    coordinator(rules, &mut out);
    out
}

/// The territory map (属地分工) as a table: each department with the places
/// it serves, then who takes a ticket whose place is not listed.
fn territory(rules: &RuleSet, out: &mut String) {
    let Some(t) = &rules.territory else { return };
    let place = md_text(&place_words(rules));
    out.push_str("<a id=\"territory\"></a>\n\n## 属地分工\n\n");
    let _ = writeln!(
        out,
        "主办、协办或联动写作“{}”的，按工单的{place}交下表对应的部门。{place}未列出或未填写的，属地主办交{}，属地协办、联动不增加部门。\n",
        md_text(&territory_words(rules)),
        dept_name(rules, t.otherwise)
    );
    let _ = writeln!(out, "| {place} | 属地部门 |\n|---|---|");
    for (p, d) in &t.places {
        let _ = writeln!(out, "| {} | {} |", md_cell(p), dept_name(rules, *d));
    }
    let _ = writeln!(out, "| 其他（未列出或未填写） | {} |\n", dept_name(rules, t.otherwise));
}

fn header(rules: &RuleSet, out: &mut String) {
    let name = rules.name.as_deref().unwrap_or("部门职责边界清单");
    let _ = writeln!(out, "# {} · 指导手册\n", md_text(name));
    if let Some(v) = &rules.version {
        let _ = writeln!(out, "版本：{}\n", md_text(v));
    }
    let _ = writeln!(
        out,
        "本手册由 `zeren handbook` 从 `.rules` 规则文件生成，共 {} 个事项、{} 个细项、{} 个部门。\
         规则变化时请修改规则文件并重新生成，不要手工编辑本文件。\n",
        rules.matters.len(),
        rules.items.len(),
        rules.depts.len()
    );
}

fn contents(rules: &RuleSet, out: &mut String) {
    out.push_str("## 目录\n\n");
    let mut n = 1;
    if !rules.matters.is_empty() {
        let _ = writeln!(out, "{n}. [一件事监管备忘录](#memos)");
        n += 1;
        for (k, m) in rules.matter_ids().enumerate() {
            let _ = writeln!(out, "   {}. [{}](#m{})", k + 1, matter_heading(rules, m), m.0);
        }
    }
    if rules.items.iter().any(|i| i.path.is_empty()) {
        let _ = writeln!(out, "{n}. [独立事项](#items)");
        n += 1;
    }
    if rules.territory.is_some() {
        let _ = writeln!(out, "{n}. [属地分工](#territory)");
        n += 1;
    }
    let _ = writeln!(out, "{n}. [部门职责索引](#depts)");
    let _ = writeln!(out, "{}. [协调机构与判定规则](#coordinator)\n", n + 1);
}

/// "预付卡退费 › 培训 · 校外培训": the path of names, then the title.
fn matter_heading(rules: &RuleSet, m: MatterId) -> String {
    let matter = rules.matter(m);
    let path: Vec<String> = matter.path.iter().map(|&p| md_text(&rules.matter(p).name)).collect();
    let mut heading = path.join(" › ");
    if path.is_empty() {
        heading = md_text(&matter.name);
    }
    if let Some(t) = matter.title.as_ref().filter(|t| **t != matter.name) {
        let _ = write!(heading, " · {}", md_text(t));
    }
    heading
}

fn memo(rules: &RuleSet, m: MatterId, n: usize, out: &mut String) {
    let matter = rules.matter(m);
    let _ = writeln!(out, "<a id=\"m{}\"></a>\n\n### {n}. {}\n", m.0, matter_heading(rules, m));
    if let Some(p) = matter.parent {
        let _ = writeln!(out, "- **上级事项**：[{}](#m{})", md_text(&rules.matter(p).name), p.0);
    }
    match &matter.when {
        Some(c) => {
            let _ = writeln!(out, "- **适用范围**：{}", md_code(&cond_label_text(rules, c)));
        }
        None if matter.guard.is_some() => out.push_str("- **适用范围**：沿用上级事项的范围\n"),
        None => out.push_str("- **适用范围**：不设总体范围，按各细项的命中条件判定\n"),
    }
    let (lead, assists, liaisons) =
        role_words(rules, matter.lead, &matter.assists, &matter.liaisons, matter.territorial.as_ref());
    match (matter.has_own_lead, lead) {
        (true, Some(lead)) => {
            let _ = writeln!(
                out,
                "- **兜底主办**：{}——工单属于本事项范围、但没有细项命中时，由其主办（主办兜底）",
                md_text(&lead)
            );
        }
        _ => {
            let _ = writeln!(out, "- **兜底主办**：{}", residual_text(rules, m));
        }
    }
    if !assists.is_empty() {
        let _ = writeln!(out, "- **协办**：{}", md_list(&assists));
    }
    if !liaisons.is_empty() {
        let _ = writeln!(out, "- **联动单位**：{}", md_list(&liaisons));
    }
    if let Some(d) = matter.deadline {
        let _ = writeln!(out, "- **办理时限**：{}（细项另有规定的从其规定）", deadline_words(d));
    }
    if let Some(r) = matter.effective_range {
        let _ = writeln!(out, "- **生效期间**：{}（期间以外受理的工单不适用本事项）", range_words(r));
    }
    if !matter.basis.is_empty() {
        let basis: Vec<String> = matter.basis.iter().map(|b| md_text(b)).collect();
        let _ = writeln!(out, "- **依据**：{}", basis.join("；"));
    }
    if !matter.notes.is_empty() {
        out.push_str("- **边界说明**：\n");
        for note in &matter.notes {
            let _ = writeln!(out, "  - {}", md_text(note));
        }
    }
    let children: Vec<MatterId> = rules.matter_ids().filter(|&c| rules.matter(c).parent == Some(m)).collect();
    if !children.is_empty() {
        let links: Vec<String> =
            children.iter().map(|&c| format!("[{}](#m{})", md_text(&rules.matter(c).name), c.0)).collect();
        let _ = writeln!(out, "- **下设事项**：{}", links.join("、"));
    }
    out.push('\n');
    let items: Vec<ItemId> = rules.item_ids().filter(|&i| rules.item(i).path.last() == Some(&m)).collect();
    if items.is_empty() {
        out.push_str("本事项没有直属细项。\n\n");
    } else {
        item_table(rules, &items, &matter.basis, out);
    }
    out.push_str(&matter_flow(rules, Some(m), &items));
}

/// Who gets a ticket of matter `m` that no item claims, for a matter without
/// its own lead: the nearest enclosing matter with one, else analogy or the
/// coordinator.
fn residual_text(rules: &RuleSet, m: MatterId) -> String {
    match outer_catcher(rules, m) {
        Some((p, lead)) => {
            format!(
                "无；没有细项命中的工单由上级事项「{}」的兜底主办 {} 主办",
                md_text(&rules.matter(p).name),
                dept_name(rules, lead)
            )
        }
        None => format!("无；没有细项命中的工单{}", unmatched_text(rules)),
    }
}

/// What happens to a ticket nothing claims: analogy, then the coordinator.
fn unmatched_text(rules: &RuleSet) -> String {
    let coord = match rules.coordinator {
        Some(c) => format!("交协调机构 {} 会商", dept_name(rules, c)),
        None => "无人主办（清单未设协调机构）".to_string(),
    };
    if rules.has_fallback {
        format!("按参照类比法交给最接近的细项（相似度不低于 {}），否则{coord}", rules.threshold)
    } else {
        coord
    }
}

fn item_table(rules: &RuleSet, items: &[ItemId], matter_basis: &[String], out: &mut String) {
    let roles: Vec<_> = items
        .iter()
        .map(|&i| {
            let item = rules.item(i);
            role_words(rules, Some(item.lead), &item.assists, &item.liaisons, item.territorial.as_ref())
        })
        .collect();
    let liaisons = roles.iter().any(|r| !r.2.is_empty());
    let deadlines = items.iter().any(|&i| rules.item(i).deadline.is_some());
    let ranges = items.iter().any(|&i| rules.item(i).effective_range.is_some());
    out.push_str("| 细项 | 命中条件 | 主办 | 协办 |");
    let mut rule = String::from("|---|---|---|---|");
    for (shown, head) in [(liaisons, " 联动 |"), (deadlines, " 办理时限 |"), (ranges, " 生效期间 |")] {
        if shown {
            out.push_str(head);
            rule.push_str("---|");
        }
    }
    let _ = writeln!(out, " 依据 | 说明 |\n{rule}---|---|");
    for (&i, (lead, assists, liaison_list)) in items.iter().zip(&roles) {
        let item = rules.item(i);
        let mut name = md_cell(&item.name);
        if let Some(t) = &item.title {
            let _ = write!(name, "<br>{}", md_cell(t));
        }
        if let Some(target) = item.like {
            let _ = write!(name, "<br>参照「{}」", md_cell(&rules.item(target).name));
        }
        let _ = write!(
            out,
            "| {name} | {} | {} | {} |",
            condition_cell(rules, item),
            md_cell(lead.as_deref().unwrap_or_default()),
            or_dash(md_list(assists))
        );
        if liaisons {
            let _ = write!(out, " {} |", or_dash(md_list(liaison_list)));
        }
        if deadlines {
            let _ = write!(out, " {} |", or_dash(item.deadline.map(deadline_words).unwrap_or_default()));
        }
        if ranges {
            let _ = write!(out, " {} |", item.effective_range.map_or_else(|| "—".to_string(), range_words));
        }
        // The matter's own basis is listed once above the table.
        let basis: Vec<String> = item.basis.iter().filter(|b| !matter_basis.contains(b)).map(|b| md_cell(b)).collect();
        let notes: Vec<String> = item.notes.iter().map(|n| md_cell(n)).collect();
        let _ = writeln!(out, " {} | {} |", or_dash(basis.join("<br>")), or_dash(notes.join("<br>")));
    }
    out.push('\n');
}

fn condition_cell(rules: &RuleSet, item: &Item) -> String {
    let mut parts = Vec::new();
    match &item.when {
        Some(c) => parts.push(md_cell_code(&cond_label_text(rules, c))),
        // An analogy-only item (docs/spec.md §3) is reached only by its `near`.
        None if item.is_analogy_only() => parts.push("仅类比（不直接命中）".to_string()),
        None => parts.push("沿用事项范围".to_string()),
    }
    if let Some(near) = &item.near {
        parts.push(format!("类比：{}", md_cell_code(&cond_label_text(rules, near))));
    }
    if item.priority != 0 {
        parts.push(format!("优先级 {}", item.priority));
    }
    if !item.over.is_empty() {
        let over: Vec<String> = item.over.iter().map(|&o| md_cell(&rules.item(o).name)).collect();
        parts.push(format!("优先于 {}", over.join("、")));
    }
    parts.join("<br>")
}

fn dept_index(rules: &RuleSet, out: &mut String) {
    out.push_str("<a id=\"depts\"></a>\n\n## 部门职责索引\n\n");
    out.push_str("各部门主办、兜底主办、协办和联动的细项，按事项归组。\n\n");
    let mut idle = Vec::new();
    for (d, dept) in rules.depts.iter().enumerate() {
        let id = DeptId(d as u32);
        // A `lead territory` item's resolved lead is only the department of
        // an unlisted place: it is listed under 属地 instead.
        let leads = by_matter(rules, |item| item.lead == id && !territorial_lead(item));
        let places: Vec<String> = rules
            .territory
            .iter()
            .flat_map(|t| t.places.iter().filter(|(_, d)| *d == id).map(|(p, _)| md_text(p)))
            .collect();
        let otherwise = rules.territory.as_ref().is_some_and(|t| t.otherwise == id);
        let assists = by_matter(rules, |item| item.assists.contains(&id));
        let liaisons = by_matter(rules, |item| item.liaisons.contains(&id));
        let catches: Vec<String> = rules
            .matter_ids()
            .filter(|&m| rules.matter(m).has_own_lead && rules.matter(m).lead == Some(id))
            .map(|m| format!("[{}](#m{})", md_text(&rules.matter(m).name), m.0))
            .collect();
        if leads.is_empty()
            && assists.is_empty()
            && liaisons.is_empty()
            && catches.is_empty()
            && places.is_empty()
            && !otherwise
        {
            if rules.coordinator != Some(id) {
                idle.push(dept_name(rules, id));
            }
            continue;
        }
        let _ = writeln!(out, "### {}（{}）\n", md_text(&dept.name), md_text(&dept.id));
        for (role, groups) in [("主办", &leads), ("协办", &assists), ("联动", &liaisons)] {
            if !groups.is_empty() {
                let count: usize = groups.iter().map(|g| g.1.len()).sum();
                let _ = writeln!(out, "- **{role}**（{count} 项）：{}", groups_text(rules, groups));
            }
        }
        if !catches.is_empty() {
            let _ = writeln!(out, "- **兜底主办**：{}", catches.join("、"));
        }
        if !places.is_empty() || otherwise {
            let place = md_text(&place_words(rules));
            let mut served = Vec::new();
            if !places.is_empty() {
                served.push(format!("{place}为{}的属地事项", places.join("、")));
            }
            if otherwise {
                served.push(format!("{place}未列出或未填写的属地主办事项"));
            }
            let _ = writeln!(out, "- **属地**：{}，见[属地分工](#territory)", served.join("；"));
        }
        if rules.coordinator == Some(id) {
            out.push_str("- **协调机构**：见[协调机构与判定规则](#coordinator)\n");
        }
        out.push('\n');
    }
    if let Some(c) = rules.coordinator {
        let c_id = c;
        let has_roles =
            rules.items.iter().any(|i| i.lead == c_id || i.assists.contains(&c_id) || i.liaisons.contains(&c_id));
        if !has_roles {
            let _ = writeln!(
                out,
                "### {}（{}）\n\n- **协调机构**：见[协调机构与判定规则](#coordinator)\n",
                md_text(&rules.dept(c).name),
                md_text(&rules.dept(c).id)
            );
        }
    }
    if !idle.is_empty() {
        let _ = writeln!(out, "清单中未承担细项职责的部门：{}。\n", idle.join("、"));
    }
}

fn territorial_lead(item: &Item) -> bool {
    item.territorial.as_ref().is_some_and(|t| t.lead == Some(crate::ir::RoleRef::Territory))
}

/// Items satisfying `pick`, grouped by their innermost matter (declaration
/// order; loose items under `None`).
fn by_matter(rules: &RuleSet, pick: impl Fn(&Item) -> bool) -> Vec<(Option<MatterId>, Vec<ItemId>)> {
    let mut groups: Vec<(Option<MatterId>, Vec<ItemId>)> = Vec::new();
    for i in rules.item_ids().filter(|&i| pick(rules.item(i))) {
        let m = rules.item(i).path.last().copied();
        match groups.iter_mut().find(|g| g.0 == m) {
            Some(g) => g.1.push(i),
            None => groups.push((m, vec![i])),
        }
    }
    groups
}

fn groups_text(rules: &RuleSet, groups: &[(Option<MatterId>, Vec<ItemId>)]) -> String {
    groups
        .iter()
        .map(|(m, items)| {
            let names: Vec<String> = items.iter().map(|&i| md_text(&rules.item(i).name)).collect();
            match m {
                Some(m) => format!("[{}](#m{})：{}", md_text(&rules.matter(*m).name), m.0, names.join("、")),
                None => format!("[独立事项](#items)：{}", names.join("、")),
            }
        })
        .collect::<Vec<_>>()
        .join("；")
}

fn coordinator(rules: &RuleSet, out: &mut String) {
    out.push_str("<a id=\"coordinator\"></a>\n\n## 协调机构与判定规则\n\n");
    match rules.coordinator {
        Some(c) => {
            let _ = writeln!(
                out,
                "**协调机构**：{}。它接收两类工单，会商后明确主办部门，并据此动态调整本清单：\n",
                dept_name(rules, c)
            );
            out.push_str(
                "- **争议件**：一张工单同时命中多个细项，主办、协办或联动不同，且优先级（`priority`）、`over` 和“条件更具体者优先”都不能定案；\n",
            );
            let _ = writeln!(
                out,
                "- **无主件**：没有细项命中、没有声明的类比、没有事项兜底，{}。\n",
                unclaimed_clause(rules)
            );
        }
        None => out.push_str("本清单**未设协调机构**：争议件和无主件没有主办部门，需要人工分派。\n\n"),
    }
    out.push_str("**判定顺序**（第一个得出主办的步骤即为结论）：\n\n");
    if let Some(c) = &rules.clock {
        let attr = rules.attribute(c.attr);
        let _ = writeln!(
            out,
            "0. 按工单的{}（未填写的按 {}）确定日期，只适用当日有效的事项和细项（见各表“生效期间”）；",
            md_text(attr.label.as_deref().unwrap_or(&attr.name)),
            c.default
        );
    }
    out.push_str("1. 找出条件成立的全部细项（事项范围与细项条件同时满足）；\n");
    out.push_str("2. 多项命中时，优先级高者胜，再按 `over`；余下各项分工相同则取先声明者，否则条件更具体者胜，仍不能定案即为争议件；\n");
    out.push_str("3. 没有细项命中时，声明了类比条件（`near`）且成立的细项参照办理；\n");
    out.push_str("4. 仍无着落时，范围成立且设有主办的事项兜底（主办兜底），内层事项优先；\n");
    if rules.has_fallback {
        let _ = writeln!(out, "5. 参照类比法：与工单最接近的细项（相似度不低于 {}）参照办理；", rules.threshold);
    } else {
        out.push_str("5. 参照类比法：本清单未设 `fallback`，不按相似度类比；\n");
    }
    out.push_str("6. 以上都不成立的为无主件，交协调机构。\n\n");
    let analogies: Vec<ItemId> = rules.item_ids().filter(|&i| rules.item(i).like.is_some()).collect();
    if !analogies.is_empty() {
        out.push_str("**参照类比事项**（新业态尚无明确法定主管部门，参照职责最相近的细项确定分工）：\n\n");
        out.push_str("| 细项 | 参照 | 主办 | 协办 |\n|---|---|---|---|\n");
        for i in analogies {
            let item = rules.item(i);
            let target = item.like.map(|t| md_cell(&rules.item(t).name)).unwrap_or_default();
            let (lead, assists, _) =
                role_words(rules, Some(item.lead), &item.assists, &item.liaisons, item.territorial.as_ref());
            let _ = writeln!(
                out,
                "| {} | {target} | {} | {} |",
                md_cell(&item.name),
                md_cell(lead.as_deref().unwrap_or_default()),
                or_dash(md_list(&assists))
            );
        }
        out.push('\n');
    }
}

fn unclaimed_clause(rules: &RuleSet) -> String {
    if rules.has_fallback {
        format!("且与任何细项的相似度都低于 {}", rules.threshold)
    } else {
        "也不按相似度类比".to_string()
    }
}

fn dept_name(rules: &RuleSet, d: DeptId) -> String {
    md_text(&rules.dept(d).name)
}

/// Names for people (display names, `属地（按…）`), escaped, joined by `、`.
fn md_list(names: &[String]) -> String {
    names.iter().map(|n| md_text(n)).collect::<Vec<_>>().join("、")
}

fn or_dash(s: String) -> String {
    if s.is_empty() {
        "—".to_string()
    } else {
        s
    }
}

/// Markdown text outside tables: characters that would start emphasis, links,
/// code or HTML are escaped.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '[' | ']' | '`' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text in a table cell: as [`md_text`] (which escapes `|`, the cell separator).
fn md_cell(s: &str) -> String {
    md_text(s)
}

/// Code outside a table.
fn md_code(s: &str) -> String {
    let fence = if s.contains('`') { "``" } else { "`" };
    let pad = if s.contains('`') { " " } else { "" };
    format!("{fence}{pad}{}{pad}{fence}", s.replace(['\n', '\r'], " "))
}

/// Code in a table cell: GFM splits cells at `|` even inside code spans, so
/// it is escaped there too (and rendered as `|`).
fn md_cell_code(s: &str) -> String {
    md_code(&s.replace('|', "\\|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown() {
        assert_eq!(md_text("a|b*c<d"), "a\\|b\\*c&lt;d");
        assert_eq!(md_cell_code("text has \"a|b\""), "`text has \"a\\|b\"`");
        assert_eq!(md_code("a`b"), "`` a`b ``");
    }
}
