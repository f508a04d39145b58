//! The report of a replay: what [`Summary::report`](super::Summary::report) returns, and its text form.

use super::RANKING_TEXT_CAP;
use crate::decision::Method;
use serde::Serialize;

/// The result of a replay, as `zeren replay` prints it (`--format json`
/// serializes this).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Tickets routed.
    pub tickets: u64,
    /// Lines that were not tickets.
    pub bad: u64,
    /// Tickets per lead department, most first; `lead: null` for no lead.
    pub by_lead: Vec<LeadCount>,
    /// Tickets per method, in the order of docs/spec.md §6.
    pub by_method: Methods,
    /// Tickets placed by analogy (参照类比).
    pub analogy: Listed,
    /// Tickets sent to the coordinator as disputed.
    pub disputed: Listed,
    /// Tickets nothing claimed.
    pub unclaimed: Listed,
    /// Return rates, when tickets carry `returned`.
    pub returns: Option<Returns>,
    /// The first bad lines.
    pub bad_lines: Vec<BadLine>,
    /// Wall time of the replay, set by the caller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elapsed_seconds: Option<f64>,
    /// Throughput, set by the caller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tickets_per_second: Option<f64>,
}

/// Tickets per routing method (docs/spec.md §5), in the order of docs/spec.md §6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Methods {
    /// `direct`.
    pub direct: u64,
    /// `priority`.
    pub priority: u64,
    /// `specific`.
    pub specific: u64,
    /// `residual`.
    pub residual: u64,
    /// `analogy`.
    pub analogy: u64,
    /// `disputed`.
    pub disputed: u64,
    /// `unclaimed`.
    pub unclaimed: u64,
}

impl Methods {
    /// `(name, count)` in the order of docs/spec.md §6.
    ///
    /// ```
    /// # let rules = zeren::load::load_str("r.rules", "schema { text: text } department a item x { when text has \"k\" lead a }")?;
    /// let report = zeren::replay::Summary::new(&rules).report(&rules, 1);
    /// assert_eq!(report.by_method.pairs()[0], ("direct", 0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pairs(&self) -> [(&'static str, u64); 7] {
        let n = [self.direct, self.priority, self.specific, self.residual, self.analogy, self.disputed, self.unclaimed];
        let mut out = [("", 0); 7];
        for (k, m) in Method::ALL.iter().enumerate() {
            out[k] = (m.as_str(), n[k]);
        }
        out
    }
}

/// Tickets led by one department.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeadCount {
    /// The department id (`None`: no lead).
    pub lead: Option<String>,
    /// Its display name.
    pub name: Option<String>,
    /// Tickets.
    pub tickets: u64,
    /// Share of all routed tickets.
    pub share: f64,
}

/// A count and the first tickets counted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Listed {
    /// How many.
    pub count: u64,
    /// The first [`LIST_CAP`](super::LIST_CAP), in file order.
    pub tickets: Vec<TicketName>,
}

/// Return rates (寻根溯源): which responsibilities bounce.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Returns {
    /// Tickets that say whether they were returned.
    pub tickets_with_outcome: u64,
    /// Of those, returned.
    pub returned: u64,
    /// Overall rate.
    pub rate: f64,
    /// Units with fewer tickets with an outcome are not ranked.
    pub min_tickets: u64,
    /// Units with returns, highest rate first (then most returns).
    pub ranking: Vec<UnitReturns>,
}

/// Returns of one item, matter residual, or the coordinator.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitReturns {
    /// `item`, `residual` (a matter's lead caught it) or `coordinator`.
    pub kind: &'static str,
    /// The item's or matter's name (the coordinator's display name).
    pub name: String,
    /// The item's innermost matter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matter: Option<String>,
    /// The lead department's id.
    pub lead: Option<String>,
    /// Its display name.
    pub lead_name: Option<String>,
    /// Tickets with an outcome.
    pub tickets: u64,
    /// Of those, returned.
    pub returned: u64,
    /// `returned / tickets`.
    pub rate: f64,
}

impl Report {
    /// The report as text, for a terminal. Names of departments and items
    /// come last on their lines, so the numbers line up whatever the width
    /// of the characters.
    ///
    /// ```
    /// # let rules = zeren::load::load_str("r.rules", "schema { text: text } department a item x { when text has \"k\" lead a }")?;
    /// let text = zeren::replay::Summary::new(&rules).report(&rules, 1).to_text();
    /// assert!(text.starts_with("0 tickets routed"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_text(&self) -> String {
        self.to_text_in(crate::i18n::Lang::En)
    }

    /// [`Report::to_text`] in `lang`.
    pub fn to_text_in(&self, lang: crate::i18n::Lang) -> String {
        use std::fmt::Write as _;
        let say = |t: crate::i18n::Text| t.render(lang);
        let mut out = String::new();
        let _ = writeln!(out, "{}", say(crate::tr!("replay-routed", tickets = self.tickets, bad = self.bad)));
        if !self.by_lead.is_empty() {
            let _ = writeln!(out, "\n{}", say(crate::tr!("replay-by-lead")));
            for l in &self.by_lead {
                let who = match (&l.lead, &l.name) {
                    (Some(id), Some(name)) => format!("{name} ({id})"),
                    _ => say(crate::tr!("replay-no-lead")),
                };
                let _ = writeln!(out, "  {:>8}  {:>5.1}%  {who}", l.tickets, l.share * 100.0);
            }
        }
        let _ = writeln!(out, "\n{}", say(crate::tr!("replay-by-method")));
        for (name, n) in self.by_method.pairs() {
            let _ = writeln!(out, "  {name:<10}{n:>8}");
        }
        for (what, listed) in [
            (crate::tr!("replay-analogy"), &self.analogy),
            (crate::tr!("replay-disputed"), &self.disputed),
            (crate::tr!("replay-unclaimed"), &self.unclaimed),
        ] {
            if listed.count == 0 {
                continue;
            }
            let names: Vec<String> = listed.tickets.iter().map(ToString::to_string).collect();
            let more = if listed.count > names.len() as u64 {
                say(crate::tr!("replay-first", count = names.len()))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "\n{}\n  {}{more}",
                say(crate::tr!("replay-listed", what = what, count = listed.count)),
                names.join(", ")
            );
        }
        if let Some(r) = &self.returns {
            let _ = writeln!(
                out,
                "\n{}",
                say(crate::tr!(
                    "replay-returns",
                    returned = r.returned,
                    total = r.tickets_with_outcome,
                    rate = format!("{:.1}", r.rate * 100.0)
                ))
            );
            if r.ranking.is_empty() {
                let _ = writeln!(
                    out,
                    "  {}",
                    if r.min_tickets > 1 {
                        say(crate::tr!("replay-no-returns-min", min = r.min_tickets))
                    } else {
                        say(crate::tr!("replay-no-returns"))
                    }
                );
            } else {
                let shown = r.ranking.len().min(RANKING_TEXT_CAP);
                let heading = if shown < r.ranking.len() {
                    crate::tr!("replay-ranked-top", shown = shown, total = r.ranking.len())
                } else {
                    crate::tr!("replay-ranked")
                };
                let _ = writeln!(out, "  {}", say(heading));
                for u in &r.ranking[..shown] {
                    let unit = match (u.kind, &u.matter) {
                        ("item", Some(m)) => format!("{m} › {}", u.name),
                        ("residual", _) => say(crate::tr!("replay-unit-residual", name = u.name)),
                        ("coordinator", _) => say(crate::tr!("replay-unit-coordinator", name = u.name)),
                        _ => u.name.clone(),
                    };
                    let lead = match (u.kind, &u.lead_name) {
                        ("coordinator", _) | (_, None) => String::new(),
                        (_, Some(name)) => format!(" → {name}"),
                    };
                    let ratio = format!("{}/{}", u.returned, u.tickets);
                    let _ = writeln!(out, "  {:>5.1}%  {ratio:>9}  {unit}{lead}", u.rate * 100.0);
                }
            }
        }
        if !self.bad_lines.is_empty() {
            let heading = if self.bad > self.bad_lines.len() as u64 {
                crate::tr!("replay-bad-lines-first")
            } else {
                crate::tr!("replay-bad-lines")
            };
            let _ = writeln!(out, "\n{}", say(heading));
            for b in &self.bad_lines {
                let _ = writeln!(out, "  {}", say(crate::tr!("replay-bad-line", line = b.line, message = b.message)));
                if !b.quote.is_empty() {
                    let _ = writeln!(out, "      {}", b.quote);
                }
            }
        }
        out
    }
}

/// A ticket named in a list: its id if it has one, and its line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TicketName {
    /// The 1-based line.
    pub line: u64,
    /// The ticket's `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl std::fmt::Display for TicketName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{id}"),
            None => write!(f, "line {}", self.line),
        }
    }
}

/// A line that could not be read as a ticket.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BadLine {
    /// The 1-based line.
    pub line: u64,
    /// Why.
    pub message: String,
    /// Its id, when one can be read, and the start of its content
    /// ([`crate::input::quote_line`]), so the line can be found in the export.
    pub quote: String,
}
