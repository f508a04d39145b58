//! The decision structure of a rule set as a flowchart: Graphviz DOT or
//! Mermaid (`zeren graph`).
//!
//! The chart is built once as a small graph of nodes and edges ([`Chart`]),
//! then written in either syntax, so the two formats always show the same
//! structure: a ticket enters at the root, passes a matter's guard, meets an
//! item's condition and lands with the item's lead department. A matter with
//! its own lead catches what its items do not (主办兜底, a bold edge); an item
//! that borrows its duty by analogy (`like`, 参照类比) points at the item it
//! borrows from with a dashed edge; `near` analogies enter from the root with
//! a dotted edge; the coordinator takes disputed and unclaimed tickets. A
//! `territory` role (属地, v2) points at one territory node, which fans out
//! to the departments of the territory map, each edge labelled with its
//! places; an item's node shows its deadline and effective range.
//!
//! Node ids are ASCII (`t`, `c`, `m3`, `i17`, `d2`) so that both syntaxes
//! accept them whatever the names are; every label is quoted and escaped.
//! Output is deterministic: nodes and edges follow declaration order.

use crate::ir::print::{cond_label_text, cond_text};
use crate::ir::{Cond, DateRange, Deadline, DeptId, ItemId, MatterId, RoleRef, RuleSet, TerritorialRoles, TimeUnit};
use std::fmt::Write as _;

/// The output syntax of [`render`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// A Mermaid `flowchart`.
    Mermaid,
}

/// Renderers of Mermaid refuse charts with more edges than this by default
/// (Mermaid's `maxEdges`, which a diagram cannot raise for itself).
pub const MERMAID_MAX_EDGES: usize = 500;

#[doc(hidden)]
/// The small rule set of this module's and `handbook`'s doc examples.
pub const DOC_RULES: &str = r#"
ruleset "示例清单" version "1"
schema { text: text }
department wlj "文化和旅游局"
department gaj "公安局"
department shzl "市社会治理服务中心"
coordinator shzl
matter 出版物市场 {
  when text has any ["图书", "出版物", "密室", "剧本杀"]
  item 出版物经营 { when text has any ["图书", "出版物"] lead wlj }
  item 密室逃脱剧本杀 { when text has any ["密室", "剧本杀"] like 出版物经营 assist gaj }
}
"#;

/// What a node stands for; decides its shape and style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// Where a ticket enters.
    Ticket,
    /// A matter.
    Matter,
    /// An item.
    Item,
    /// An item outside the charted matter, shown because an item inside borrows from it.
    Outside,
    /// A department.
    Dept,
    /// The coordinator.
    Coordinator,
    /// `territory` (属地, v2): the department of the ticket's place.
    Territory,
}

/// What an edge means; decides its line style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// A matter contains a matter or an item, or a ticket enters a matter.
    Contains,
    /// An item's lead.
    Lead,
    /// An assisting department (协办), drawn dashed.
    Assist,
    /// A liaison unit (联动单位), drawn dotted.
    Liaise,
    /// A matter's own lead catches the rest (主办兜底).
    Residual,
    /// `like`: the item borrows the target's duty (参照类比).
    Like,
    /// `near`: tickets analogous to the item.
    Near,
    /// Disputed and unclaimed tickets go to the coordinator.
    Coordinator,
    /// From the territory node to the department of some places (v2); the
    /// places are the edge's label.
    Territory,
}

impl EdgeKind {
    /// The words an edge of this kind carries, the same in every drawing.
    ///
    /// ```
    /// assert_eq!(zeren::chart::EdgeKind::Assist.words(), "协办");
    /// ```
    pub fn words(self) -> &'static str {
        match self {
            EdgeKind::Contains => "",
            EdgeKind::Lead => "主办",
            EdgeKind::Assist => "协办",
            EdgeKind::Liaise => "联动",
            EdgeKind::Residual => "兜底",
            EdgeKind::Like => "参照",
            EdgeKind::Near => "类比 near",
            EdgeKind::Coordinator => "争议 / 无主",
            EdgeKind::Territory => "属地",
        }
    }
}

/// A node of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// ASCII id, unique in the chart.
    pub id: String,
    /// Label lines, unescaped.
    pub label: Vec<String>,
    /// What it stands for.
    pub kind: NodeKind,
    /// The condition behind the node, for DOT tooltips.
    pub tooltip: Option<String>,
}

/// An edge of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// Source node id.
    pub from: String,
    /// Target node id.
    pub to: String,
    /// What it means.
    pub kind: EdgeKind,
    /// Text beside the edge's own words: an item's condition on its lead
    /// edge, after [`with_conditions`].
    pub label: Option<String>,
}

/// The decision structure of a rule set, or of one matter of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// The title (rule set name and version, and the matter when scoped).
    pub title: String,
    /// Nodes, in declaration order (ticket and coordinator first, departments last).
    pub nodes: Vec<Node>,
    /// Edges, in declaration order.
    pub edges: Vec<Edge>,
}

/// A matter name that the rule set does not have.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no matter named `{name}`; {hint}")]
pub struct UnknownMatter {
    /// The name as given.
    pub name: String,
    /// The nearest matter, if one is close.
    pub nearest: Option<String>,
    /// What to say about it: the nearest name, or the ones there are.
    hint: String,
}

/// Finds a matter by name or title for `--matter`; on failure, the error
/// says which names exist and suggests the nearest one.
///
/// ```
/// # let rules = zeren::load::load_str("doc.rules", zeren::chart::DOC_RULES)?;
/// assert!(zeren::chart::find_matter(&rules, "出版物市场").is_ok());
/// let err = zeren::chart::find_matter(&rules, "出版物市").unwrap_err();
/// assert!(err.to_string().contains("did you mean `出版物市场`?"));
/// assert_eq!(err.nearest.as_deref(), Some("出版物市场"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn find_matter(rules: &RuleSet, name: &str) -> Result<MatterId, UnknownMatter> {
    if let Some(id) = rules.matter_id(name) {
        return Ok(id);
    }
    if let Some(id) = rules.matter_ids().find(|&m| rules.matter(m).title.as_deref() == Some(name)) {
        return Ok(id);
    }
    let names: Vec<&str> = rules.matters.iter().map(|m| m.name.as_str()).collect();
    let nearest = crate::suggest::closest(name, names.iter().copied()).map(str::to_string);
    let hint = match &nearest {
        Some(near) => format!("did you mean `{near}`?"),
        None if names.is_empty() => "the rule set declares no matters".to_string(),
        None => format!("the matters are: {}", names.join(", ")),
    };
    Err(UnknownMatter { name: name.to_string(), nearest, hint })
}

/// Builds the chart of the whole rule set (`scope` = `None`) or of one
/// matter and everything inside it.
///
/// ```
/// # let rules = zeren::load::load_str("doc.rules", zeren::chart::DOC_RULES)?;
/// let chart = zeren::chart::chart(&rules, None);
/// assert!(chart.nodes.iter().any(|n| n.label[0] == "密室逃脱剧本杀"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn chart(rules: &RuleSet, scope: Option<MatterId>) -> Chart {
    let in_scope_matter = |m: MatterId| scope.is_none_or(|s| rules.matter(m).path.contains(&s));
    let in_scope_item = |i: ItemId| scope.is_none_or(|s| rules.item(i).path.contains(&s));

    let mut title = rules.name.clone().unwrap_or_else(|| "zeren rules".to_string());
    if let Some(v) = &rules.version {
        let _ = write!(title, " {v}");
    }
    if let Some(s) = scope {
        let _ = write!(title, " · {}", rules.matter(s).name);
    }

    let mut nodes = vec![Node { id: "t".into(), label: vec!["工单".into()], kind: NodeKind::Ticket, tooltip: None }];
    let mut edges = Vec::new();
    let edge = |from: &str, to: String, kind| Edge { from: from.to_string(), to, kind, label: None };
    if let Some(c) = rules.coordinator {
        let dept = rules.dept(c);
        nodes.push(Node {
            id: "c".into(),
            label: vec![dept.name.clone(), "协调机构：争议件、无主件".into()],
            kind: NodeKind::Coordinator,
            tooltip: None,
        });
        edges.push(edge("t", "c".into(), EdgeKind::Coordinator));
    }

    let mut depts_used = vec![false; rules.depts.len()];
    let mut outside: Vec<ItemId> = Vec::new();
    for m in rules.matter_ids().filter(|&m| in_scope_matter(m)) {
        let matter = rules.matter(m);
        let mut label = vec![matter.name.clone()];
        if let Some(t) = matter.title.as_ref().filter(|t| **t != matter.name) {
            label.push(t.clone());
        }
        nodes.push(Node {
            id: format!("m{}", m.0),
            label,
            kind: NodeKind::Matter,
            tooltip: matter.when.as_ref().map(|c| cond_text(rules, c)),
        });
        let parent = match matter.parent {
            Some(p) if in_scope_matter(p) => format!("m{}", p.0),
            _ => "t".into(),
        };
        edges.push(edge(&parent, format!("m{}", m.0), EdgeKind::Contains));
        if matter.has_own_lead {
            let lead = match &matter.territorial {
                Some(t) => t.lead,
                None => matter.lead.map(RoleRef::Dept),
            };
            if let Some(lead) = lead {
                edges.push(edge(&format!("m{}", m.0), role_node(lead, &mut depts_used), EdgeKind::Residual));
            }
        }
    }
    for i in rules.item_ids().filter(|&i| in_scope_item(i)) {
        let item = rules.item(i);
        nodes.push(item_node(rules, i, NodeKind::Item));
        let parent = item.path.last().map_or_else(|| "t".to_string(), |m| format!("m{}", m.0));
        // A top-level analogy-only item is reached only by its `near` edge.
        if !(item.is_analogy_only() && item.path.is_empty()) {
            edges.push(edge(&parent, format!("i{}", i.0), EdgeKind::Contains));
        }
        // Roles as written when `territory` stands among them: its edge goes
        // to the territory node, not to the department of an unlisted place.
        let (lead, assists, liaisons): (RoleRef, Vec<RoleRef>, Vec<RoleRef>) = match &item.territorial {
            Some(t) => (t.lead.unwrap_or(RoleRef::Dept(item.lead)), t.assists.clone(), t.liaisons.clone()),
            None => (
                RoleRef::Dept(item.lead),
                item.assists.iter().map(|&d| RoleRef::Dept(d)).collect(),
                item.liaisons.iter().map(|&d| RoleRef::Dept(d)).collect(),
            ),
        };
        edges.push(edge(&format!("i{}", i.0), role_node(lead, &mut depts_used), EdgeKind::Lead));
        for (roles, kind) in [(assists, EdgeKind::Assist), (liaisons, EdgeKind::Liaise)] {
            for r in roles {
                edges.push(edge(&format!("i{}", i.0), role_node(r, &mut depts_used), kind));
            }
        }
        if item.near.is_some() {
            edges.push(edge("t", format!("i{}", i.0), EdgeKind::Near));
        }
    }
    for i in rules.item_ids().filter(|&i| in_scope_item(i)) {
        if let Some(target) = rules.item(i).like {
            if !in_scope_item(target) && !outside.contains(&target) {
                outside.push(target);
            }
            edges.push(edge(&format!("i{}", i.0), format!("i{}", target.0), EdgeKind::Like));
        }
    }
    outside.sort();
    // Items outside the scope that an item inside borrows from: shown (dashed)
    // so the `like` edge has somewhere to go.
    for target in outside {
        nodes.push(item_node(rules, target, NodeKind::Outside));
    }
    // The territory node, when a role in scope uses it, with one edge per
    // department of the map labelled by its places.
    if let Some(t) = rules.territory.as_ref().filter(|_| edges.iter().any(|e| e.to == TERRITORY_NODE)) {
        nodes.push(Node {
            id: TERRITORY_NODE.into(),
            label: vec!["属地".into(), format!("按{}", place_words(rules))],
            kind: NodeKind::Territory,
            tooltip: None,
        });
        let mut by_dept: Vec<(DeptId, Vec<&str>)> = Vec::new();
        for (place, d) in &t.places {
            match by_dept.iter_mut().find(|(e, _)| e == d) {
                Some((_, places)) => places.push(place),
                None => by_dept.push((*d, vec![place])),
            }
        }
        match by_dept.iter_mut().find(|(e, _)| *e == t.otherwise) {
            Some((_, places)) => places.push("其他（主办）"),
            None => by_dept.push((t.otherwise, vec!["其他（主办）"])),
        }
        for (d, places) in by_dept {
            depts_used[d.index()] = true;
            edges.push(Edge {
                from: TERRITORY_NODE.into(),
                to: format!("d{}", d.0),
                kind: EdgeKind::Territory,
                label: Some(places.join("、")),
            });
        }
    }
    for (d, used) in depts_used.iter().enumerate() {
        if *used {
            nodes.push(Node {
                id: format!("d{d}"),
                label: vec![rules.depts[d].name.clone()],
                kind: NodeKind::Dept,
                tooltip: None,
            });
        }
    }
    Chart { title, nodes, edges }
}

/// The id of the territory node.
const TERRITORY_NODE: &str = "p";

/// The node a role points at (a department's, or the territory node), marking
/// a department as drawn.
fn role_node(role: RoleRef, depts_used: &mut [bool]) -> String {
    match role {
        RoleRef::Dept(d) => {
            depts_used[d.index()] = true;
            format!("d{}", d.0)
        }
        RoleRef::Territory => TERRITORY_NODE.to_string(),
    }
}

fn item_node(rules: &RuleSet, i: ItemId, kind: NodeKind) -> Node {
    let item = rules.item(i);
    let mut label = vec![item.name.clone()];
    if kind == NodeKind::Item {
        if let Some(d) = item.deadline {
            label.push(format!("时限 {}", deadline_words(d)));
        }
        if let Some(r) = item.effective_range {
            label.push(format!("生效 {}", range_words(r)));
        }
    }
    if kind == NodeKind::Outside {
        if let Some(m) = item.path.last() {
            label.push(format!("（{}）", rules.matter(*m).name));
        }
    }
    let mut tip = item.when.as_ref().map(|c| cond_text(rules, c));
    if let Some(near) = &item.near {
        let near = format!("near {}", cond_text(rules, near));
        tip = Some(tip.map_or(near.clone(), |t| format!("{t}; {near}")));
    }
    Node { id: format!("i{}", i.0), label, kind, tooltip: tip }
}

/// Labels every item's lead edge with the item's own condition (`zeren graph
/// --conditions`): the chart then says which tickets each item takes.
///
/// ```
/// use zeren::chart::{chart, mermaid, with_conditions};
/// # let rules = zeren::load::load_str("doc.rules", zeren::chart::DOC_RULES)?;
/// let labelled = with_conditions(chart(&rules, None), &rules);
/// assert!(mermaid(&labelled).contains("text has any [#quot;图书#quot;, #quot;出版物#quot;]"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn with_conditions(mut chart: Chart, rules: &RuleSet) -> Chart {
    for e in chart.edges.iter_mut().filter(|e| e.kind == EdgeKind::Lead) {
        // Item nodes are named `i` and the item's index (see `item_node`).
        let item = e.from.strip_prefix('i').and_then(|n| n.parse::<usize>().ok()).and_then(|n| rules.items.get(n));
        e.label = item.and_then(|i| i.when.as_ref()).map(|c| cond_text(rules, c));
    }
    chart
}

/// Renders the chart of the whole rule set or of one matter.
///
/// ```
/// use zeren::chart::{render, Format};
/// # let rules = zeren::load::load_str("doc.rules", zeren::chart::DOC_RULES)?;
/// let dot = render(&rules, Format::Dot, None);
/// assert!(dot.starts_with("digraph zeren {"));
/// let mmd = render(&rules, Format::Mermaid, None);
/// assert!(mmd.starts_with("flowchart LR"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render(rules: &RuleSet, format: Format, scope: Option<MatterId>) -> String {
    write(&chart(rules, scope), format)
}

/// Writes a chart in `format`.
///
/// ```
/// use zeren::chart::{chart, write, Format};
/// # let rules = zeren::load::load_str("doc.rules", zeren::chart::DOC_RULES)?;
/// assert!(write(&chart(&rules, None), Format::Mermaid).starts_with("flowchart LR"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write(chart: &Chart, format: Format) -> String {
    match format {
        Format::Dot => dot(chart),
        Format::Mermaid => mermaid(chart),
    }
}

/// Writes a chart as Graphviz DOT.
///
/// ```
/// # let rules = zeren::load::load_str("doc.rules", zeren::chart::DOC_RULES)?;
/// let text = zeren::chart::dot(&zeren::chart::chart(&rules, None));
/// assert!(text.contains("style=dashed"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn dot(chart: &Chart) -> String {
    let mut out = String::new();
    out.push_str("digraph zeren {\n");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, label=\"{}\", labelloc=t, fontname=\"sans-serif\", nodesep=0.25, ranksep=0.6];",
        dot_escape(&chart.title)
    );
    out.push_str("  node [fontname=\"sans-serif\", fontsize=11];\n");
    out.push_str("  edge [fontname=\"sans-serif\", fontsize=9, color=\"#555555\"];\n");
    for node in &chart.nodes {
        let shape = match node.kind {
            NodeKind::Ticket => "shape=oval, style=filled, fillcolor=\"#fff2cc\"",
            NodeKind::Matter => "shape=folder, style=filled, fillcolor=\"#f3f3f3\"",
            NodeKind::Item => "shape=box, style=rounded",
            NodeKind::Outside => "shape=box, style=\"rounded,dashed\"",
            NodeKind::Dept => "shape=box, style=filled, fillcolor=\"#dbe9f8\"",
            NodeKind::Coordinator => "shape=doubleoctagon, style=filled, fillcolor=\"#fde2e1\"",
            NodeKind::Territory => "shape=hexagon, style=filled, fillcolor=\"#e2f0d9\"",
        };
        let label = node.label.iter().map(|l| dot_escape(l)).collect::<Vec<_>>().join("\\n");
        let _ = write!(out, "  {} [label=\"{label}\", {shape}", node.id);
        if let Some(tip) = &node.tooltip {
            let _ = write!(out, ", tooltip=\"{}\"", dot_escape(tip));
        }
        out.push_str("];\n");
    }
    for e in &chart.edges {
        let words = e.kind.words();
        let style = match e.kind {
            EdgeKind::Contains | EdgeKind::Lead => "",
            EdgeKind::Assist => ", style=dashed",
            EdgeKind::Liaise => ", style=dotted",
            EdgeKind::Residual => ", style=bold",
            EdgeKind::Like => ", style=dashed, constraint=false",
            EdgeKind::Near => ", style=dotted",
            EdgeKind::Coordinator => ", style=dashed, color=\"#c0504d\"",
            EdgeKind::Territory => ", color=\"#548235\"",
        };
        let label = match &e.label {
            Some(extra) => format!("{words}\\n{}", dot_escape(extra)),
            None => words.to_string(),
        };
        let attrs = if label.is_empty() { String::new() } else { format!(" [label=\"{label}\"{style}]") };
        let _ = writeln!(out, "  {} -> {}{attrs};", e.from, e.to);
    }
    out.push_str("}\n");
    out
}

/// Writes a chart as a Mermaid flowchart.
///
/// Matters are drawn as subgraphs that hold their items (and inner matters)
/// rather than as nodes with an edge to each item: it reads better, and it
/// keeps a whole responsibility list under the edge limit of Mermaid
/// renderers ([`MERMAID_MAX_EDGES`]), since containment costs no edges.
///
/// ```
/// # let rules = zeren::load::load_str("doc.rules", zeren::chart::DOC_RULES)?;
/// let text = zeren::chart::mermaid(&zeren::chart::chart(&rules, None));
/// assert!(text.contains("-.->|\"参照\"|"));
/// assert!(text.contains("subgraph m0 [\"出版物市场\"]"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn mermaid(chart: &Chart) -> String {
    let mut out = String::new();
    out.push_str("flowchart LR\n");
    let _ = writeln!(out, "  %% {}", chart.title.replace('\n', " "));
    let index_of = |id: &str| chart.nodes.iter().position(|n| n.id == id);
    let is_matter = |id: &str| index_of(id).is_some_and(|k| chart.nodes[k].kind == NodeKind::Matter);
    // The matter (subgraph) each node sits in, from the containment edges.
    let mut parent: Vec<Option<usize>> = vec![None; chart.nodes.len()];
    for e in chart.edges.iter().filter(|e| e.kind == EdgeKind::Contains && is_matter(&e.from)) {
        if let Some(child) = index_of(&e.to) {
            parent[child] = index_of(&e.from);
        }
    }
    fn write_node(chart: &Chart, k: usize, depth: usize, parent: &[Option<usize>], out: &mut String) {
        let node = &chart.nodes[k];
        let indent = "  ".repeat(depth);
        let label = node.label.iter().map(|l| mermaid_escape(l)).collect::<Vec<_>>().join("<br>");
        if node.kind == NodeKind::Matter {
            let _ = writeln!(out, "{indent}subgraph {} [\"{label}\"]", node.id);
            for child in (0..chart.nodes.len()).filter(|&c| parent[c] == Some(k)) {
                write_node(chart, child, depth + 1, parent, out);
            }
            let _ = writeln!(out, "{indent}end");
            return;
        }
        let (open, close) = match node.kind {
            NodeKind::Ticket => ("([", "])"),
            NodeKind::Item | NodeKind::Outside | NodeKind::Matter => ("(", ")"),
            NodeKind::Dept => ("[", "]"),
            NodeKind::Coordinator | NodeKind::Territory => ("{{", "}}"),
        };
        let _ = writeln!(out, "{indent}{}{open}\"{label}\"{close}", node.id);
    }
    for k in (0..chart.nodes.len()).filter(|&k| parent[k].is_none()) {
        write_node(chart, k, 1, &parent, &mut out);
    }
    for e in &chart.edges {
        let words = e.kind.words();
        let arrow = match e.kind {
            // Containment is the subgraph itself.
            EdgeKind::Contains if is_matter(&e.from) => continue,
            EdgeKind::Contains | EdgeKind::Lead | EdgeKind::Territory => "-->",
            EdgeKind::Residual => "==>",
            EdgeKind::Assist | EdgeKind::Liaise | EdgeKind::Like | EdgeKind::Near | EdgeKind::Coordinator => "-.->",
        };
        let label = match &e.label {
            Some(extra) => format!("{words}<br>{}", mermaid_escape(extra)),
            None => words.to_string(),
        };
        if label.is_empty() {
            let _ = writeln!(out, "  {} {arrow} {}", e.from, e.to);
        } else {
            let _ = writeln!(out, "  {} {arrow}|\"{label}\"| {}", e.from, e.to);
        }
    }
    let classes: [(NodeKind, &str, &str); 5] = [
        (NodeKind::Ticket, "ticket", "fill:#fff2cc,stroke:#b7950b"),
        (NodeKind::Outside, "outside", "stroke-dasharray:4 3"),
        (NodeKind::Dept, "dept", "fill:#dbe9f8,stroke:#4a6fa5"),
        (NodeKind::Coordinator, "coord", "fill:#fde2e1,stroke:#c0504d"),
        (NodeKind::Territory, "territory", "fill:#e2f0d9,stroke:#548235"),
    ];
    for (kind, class, style) in classes {
        let ids: Vec<&str> = chart.nodes.iter().filter(|n| n.kind == kind).map(|n| n.id.as_str()).collect();
        if !ids.is_empty() {
            let _ = writeln!(out, "  classDef {class} {style}");
            let _ = writeln!(out, "  class {} {class}", ids.join(","));
        }
    }
    out
}

/// The number of edges [`mermaid`] draws (containment is drawn as subgraphs).
///
/// ```
/// # let rules = zeren::load::load_str("doc.rules", zeren::chart::DOC_RULES)?;
/// let c = zeren::chart::chart(&rules, None);
/// assert!(zeren::chart::mermaid_edges(&c) < c.edges.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn mermaid_edges(chart: &Chart) -> usize {
    let matters: Vec<&str> = chart.nodes.iter().filter(|n| n.kind == NodeKind::Matter).map(|n| n.id.as_str()).collect();
    chart.edges.iter().filter(|e| !(e.kind == EdgeKind::Contains && matters.contains(&e.from.as_str()))).count()
}

/// Escapes text for a double-quoted DOT string.
fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a double-quoted Mermaid label: quotes, angle brackets
/// (labels are HTML), `#` (Mermaid's entity marker) and `&` become Mermaid
/// entity codes; a newline becomes `<br>`.
///
/// ```
/// assert_eq!(zeren::chart::mermaid_escape("text has \"健身\""), "text has #quot;健身#quot;");
/// assert_eq!(zeren::chart::mermaid_escape("amount >= 500"), "amount #gt;= 500");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn mermaid_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(dot_escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
        assert_eq!(mermaid_escape("#1 & <x>"), "#35;1 #amp; #lt;x#gt;");
    }
}

/// The Mermaid flowchart of how a ticket is decided inside matter `m` (or
/// among the loose items `items` when `m` is `None`), as a fenced Markdown
/// block: the handbook's memo chart (labels in Chinese).
///
/// ```
/// # let rules = zeren::load::load_str("doc.rules", zeren::chart::DOC_RULES)?;
/// let m = rules.matter_ids().next().ok_or("no matter")?;
/// let items: Vec<_> = rules.item_ids().filter(|&i| rules.item(i).path.contains(&m)).collect();
/// assert!(zeren::chart::matter_flow(&rules, Some(m), &items).starts_with("```mermaid\nflowchart TD"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn matter_flow(rules: &RuleSet, m: Option<MatterId>, items: &[ItemId]) -> String {
    let mut out = String::new();
    let out = &mut out;
    out.push_str("```mermaid\nflowchart TD\n");
    out.push_str("  t([\"工单\"])\n");
    let guard = m.and_then(|m| rules.matter(m).when.as_ref());
    let entry = match guard {
        Some(g) => {
            let mut lines = vec!["属于本事项范围？".to_string()];
            lines.extend(cond_lines(rules, g));
            let _ = writeln!(out, "  g{{{{\"{}\"}}}}", label(&lines));
            out.push_str("  t --> g\n");
            out.push_str("  g -->|\"否\"| x[\"不属本事项：按其他事项判定\"]\n");
            "g -->|\"是\"|"
        }
        None => "t -->",
    };
    let question = if m.is_some() { "命中哪一细项？" } else { "命中哪一事项？" };
    let _ = writeln!(out, "  {entry} s{{\"{question}\"}}");
    for &i in items {
        let item = rules.item(i);
        let mut lines = vec![item.name.clone()];
        match &item.when {
            Some(c) => lines.extend(cond_lines(rules, c)),
            None if item.is_analogy_only() => lines.push("（仅类比，不直接命中）".to_string()),
            None => lines.push("（沿用事项范围）".to_string()),
        }
        if let Some(near) = &item.near {
            lines.push(format!("类比 near {}", cond_label_text(rules, near)));
        }
        let _ = writeln!(out, "  s --> i{}[\"{}\"]", i.0, label(&lines));
        let mut result = Vec::new();
        if let Some(target) = item.like {
            result.push(format!("参照「{}」", rules.item(target).name));
        }
        let (lead, assists, liaisons) =
            role_words(rules, Some(item.lead), &item.assists, &item.liaisons, item.territorial.as_ref());
        result.extend(lead.map(|l| format!("主办：{l}")));
        if !assists.is_empty() {
            result.push(format!("协办：{}", assists.join("、")));
        }
        if !liaisons.is_empty() {
            result.push(format!("联动：{}", liaisons.join("、")));
        }
        if let Some(d) = item.deadline {
            result.push(format!("时限：{}", deadline_words(d)));
        }
        if let Some(r) = item.effective_range {
            result.push(format!("生效：{}", range_words(r)));
        }
        let _ = writeln!(out, "  i{0} --> r{0}[\"{1}\"]", i.0, label(&result));
    }
    if let Some(m) = m {
        for c in rules.matter_ids().filter(|&c| rules.matter(c).parent == Some(m)) {
            let _ = writeln!(
                out,
                "  s -->|\"下设事项\"| m{}[[\"{}\"]]",
                c.0,
                label(&[format!("见「{}」备忘录", rules.matter(c).name)])
            );
        }
    }
    let rest = match m {
        Some(m) if rules.matter(m).has_own_lead => {
            let matter = rules.matter(m);
            let mut lines = Vec::new();
            let (lead, assists, _) =
                role_words(rules, matter.lead, &matter.assists, &matter.liaisons, matter.territorial.as_ref());
            lines.extend(lead.map(|l| format!("兜底主办：{l}")));
            if !assists.is_empty() {
                lines.push(format!("协办：{}", assists.join("、")));
            }
            if let Some(d) = matter.deadline {
                lines.push(format!("时限：{}", deadline_words(d)));
            }
            lines
        }
        Some(m) => match outer_catcher(rules, m) {
            Some((p, lead)) => {
                let outer = rules.matter(p);
                let (lead, _, _) = role_words(rules, Some(lead), &[], &[], outer.territorial.as_ref());
                vec![format!("上级事项「{}」兜底", outer.name), format!("兜底主办：{}", lead.unwrap_or_default())]
            }
            None => unmatched_lines(rules),
        },
        None => unmatched_lines(rules),
    };
    let _ = writeln!(out, "  s -->|\"均未命中\"| rest[\"{}\"]", label(&rest));
    let coord = match rules.coordinator {
        Some(c) => format!("协调机构 {} 会商", rules.dept(c).name),
        None => "争议件：无人主办（未设协调机构）".to_string(),
    };
    let _ = writeln!(out, "  s -.->|\"多项命中且不能定案\"| c{{{{\"{}\"}}}}", label(&[coord]));
    out.push_str("  classDef result fill:#dbe9f8,stroke:#4a6fa5\n");
    if !items.is_empty() {
        let ids: Vec<String> = items.iter().map(|i| format!("r{}", i.0)).collect();
        let _ = writeln!(out, "  class {},rest result", ids.join(","));
    } else {
        out.push_str("  class rest result\n");
    }
    out.push_str("  classDef coord fill:#fde2e1,stroke:#c0504d\n  class c coord\n");
    out.push_str("```\n\n");
    std::mem::take(out)
}

/// A condition split at its top-level `or`, one operand a line, attributes
/// named by their labels (the handbook's flowcharts are for people).
fn cond_lines(rules: &RuleSet, cond: &Cond) -> Vec<String> {
    match cond {
        Cond::Or(ops) => ops
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let text = match c {
                    Cond::And(_) | Cond::Or(_) => format!("({})", cond_label_text(rules, c)),
                    _ => cond_label_text(rules, c),
                };
                if k == 0 {
                    text
                } else {
                    format!("or {text}")
                }
            })
            .collect(),
        _ => vec![cond_label_text(rules, cond)],
    }
}

/// Flowchart label text: each line escaped, long lines wrapped at `, ` so a
/// long keyword list makes a tall node rather than a very wide one.
fn label(lines: &[String]) -> String {
    lines.iter().flat_map(|l| wrap(l, WRAP_CHARS)).map(|l| mermaid_escape(&l)).collect::<Vec<_>>().join("<br>")
}

/// Characters per flowchart label line before wrapping.
const WRAP_CHARS: usize = 36;

fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for (k, part) in line.split(", ").enumerate() {
        let piece = if k == 0 { part.to_string() } else { format!(", {part}") };
        if !current.is_empty() && current.chars().count() + piece.chars().count() > width {
            current.push(',');
            out.push(std::mem::take(&mut current));
            current.push_str(part);
        } else {
            current.push_str(&piece);
        }
    }
    out.push(current);
    out
}

/// The nearest enclosing matter of `m` with its own lead, and that lead.
pub(crate) fn outer_catcher(rules: &RuleSet, m: MatterId) -> Option<(MatterId, DeptId)> {
    let matter = rules.matter(m);
    let p = *matter.path.iter().rev().skip(1).find(|&&p| rules.matter(p).has_own_lead)?;
    Some((p, rules.matter(p).lead?))
}

/// [`unmatched_text`] as flowchart label lines.
fn unmatched_lines(rules: &RuleSet) -> Vec<String> {
    let mut lines = Vec::new();
    if rules.has_fallback {
        lines.push(format!("参照类比：交最接近的细项（相似度 ≥ {}）", rules.threshold));
    }
    let prefix = if rules.has_fallback { "否则" } else { "" };
    lines.push(match rules.coordinator {
        Some(c) => format!("{prefix}交协调机构 {} 会商", rules.dept(c).name),
        None => format!("{prefix}无人主办（未设协调机构）"),
    });
    lines
}

/// The place a territorial role follows, for people: the territory
/// attribute's label, else its name ("所在镇街").
pub(crate) fn place_words(rules: &RuleSet) -> String {
    rules.territory.as_ref().map_or_else(String::new, |t| {
        let attr = rules.attribute(t.attr);
        attr.label.clone().unwrap_or_else(|| attr.name.clone())
    })
}

/// `属地（按所在镇街）`: how a `territory` role reads in the handbook and
/// the charts.
pub(crate) fn territory_words(rules: &RuleSet) -> String {
    format!("属地（按{}）", place_words(rules))
}

/// Lead, assists and liaisons for people: display names, with `territory`
/// where it was written (the resolved lists hold only what a ticket whose
/// place is not listed gets).
pub(crate) fn role_words(
    rules: &RuleSet,
    lead: Option<DeptId>,
    assists: &[DeptId],
    liaisons: &[DeptId],
    territorial: Option<&TerritorialRoles>,
) -> (Option<String>, Vec<String>, Vec<String>) {
    let name = |d: DeptId| rules.dept(d).name.clone();
    match territorial {
        None => {
            (lead.map(name), assists.iter().map(|&d| name(d)).collect(), liaisons.iter().map(|&d| name(d)).collect())
        }
        Some(t) => {
            let word = |r: &RoleRef| match r {
                RoleRef::Dept(d) => name(*d),
                RoleRef::Territory => territory_words(rules),
            };
            (t.lead.as_ref().map(word), t.assists.iter().map(word).collect(), t.liaisons.iter().map(word).collect())
        }
    }
}

/// A deadline for people: `15 个工作日`, `5 天`, `24 小时`.
pub(crate) fn deadline_words(d: Deadline) -> String {
    let unit = match d.unit {
        TimeUnit::Hours => "小时",
        TimeUnit::Days => "天",
        TimeUnit::Workdays => "个工作日",
    };
    format!("{} {unit}", d.value)
}

/// An `effective` range for people: `2024-07-01 起`, `至 2025-06-30`,
/// `2024-07-01 至 2025-06-30`.
pub(crate) fn range_words(r: DateRange) -> String {
    match (r.start, r.end) {
        (Some(s), Some(e)) => format!("{s} 至 {e}"),
        (Some(s), None) => format!("{s} 起"),
        (None, Some(e)) => format!("至 {e}"),
        (None, None) => "长期".to_string(),
    }
}

#[cfg(test)]
mod flow_tests {
    use super::*;

    #[test]
    fn wraps_long_lists_at_commas() {
        assert_eq!(wrap("a, b, c", 4), ["a, b,", "c"]);
        assert_eq!(wrap("short", 36), ["short"]);
    }
}
