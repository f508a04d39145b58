//! The workbench: its page and assets (embedded in the binary), and the
//! endpoints behind its three tabs — 清单 (`/v1/list`, `/v1/chart`), 编辑
//! (`/v1/files`, `/v1/file`, `/v1/check`, `/v1/try`, `/v1/diff`). 试算 uses
//! `/v1/schema` and `/v1/route` like any dispatch system.
//!
//! An edit is never written anywhere: the edited text replaces its file in a
//! copy of the served version's sources, and that copy is loaded, checked,
//! routed and compared in memory.

use super::api::error;
use super::State;
use axum::extract::{Query, State as St};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use zeren::diagnostic::LoadError;
use zeren::ir::{DeptId, RuleSet};
use zeren::source::Sources;
use zeren::ticket::{Strictness, Ticket};

const INDEX: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");

/// The workbench's routes.
pub fn routes() -> Router<Arc<State>> {
    Router::new()
        .route("/", get(|| async { asset("text/html; charset=utf-8", INDEX) }))
        .route("/assets/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/assets/app.css", get(|| async { asset("text/css; charset=utf-8", APP_CSS) }))
        .route("/v1/list", get(list))
        .route("/v1/chart", get(chart))
        .route("/v1/files", get(files))
        .route("/v1/file", get(file))
        .route("/v1/try", post(try_edit))
        .route("/v1/diff", post(diff))
}

fn asset(ty: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, ty), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}

fn dept(set: &RuleSet, d: DeptId) -> Value {
    let dept = set.dept(d);
    json!({"id": dept.id, "name": dept.name})
}

/// 清单: matters → items → roles, with basis and notes; departments.
async fn list(St(state): St<Arc<State>>) -> Json<Value> {
    let snap = state.live.engine();
    let set = snap.rule_set();
    let text = |c: &zeren::ir::Cond| zeren::ir::print::cond_text(set, c);
    let matters: Vec<Value> = set
        .matter_ids()
        .map(|m| {
            let matter = set.matter(m);
            let items: Vec<Value> = set
                .items
                .iter()
                .filter(|i| i.path.last() == Some(&m))
                .map(|item| {
                    json!({
                        "name": item.name,
                        "title": item.title,
                        "when": item.when.as_ref().map(text),
                        "near": item.near.as_ref().map(text),
                        "lead": dept(set, item.lead),
                        "assists": item.assists.iter().map(|&d| dept(set, d)).collect::<Vec<_>>(),
                        "liaisons": item.liaisons.iter().map(|&d| dept(set, d)).collect::<Vec<_>>(),
                        "like": item.like.map(|l| set.item(l).name.clone()),
                        "priority": item.priority,
                        "basis": item.basis,
                        "notes": item.notes,
                        "source": source_line(set, item.span),
                    })
                })
                .collect();
            json!({
                "name": matter.name,
                "title": matter.title,
                "path": matter.path.iter().map(|&p| set.matter(p).name.clone()).collect::<Vec<_>>(),
                "when": matter.when.as_ref().map(text),
                "lead": matter.lead.map(|d| dept(set, d)),
                "own_lead": matter.has_own_lead,
                "assists": matter.assists.iter().map(|&d| dept(set, d)).collect::<Vec<_>>(),
                "liaisons": matter.liaisons.iter().map(|&d| dept(set, d)).collect::<Vec<_>>(),
                "basis": matter.basis,
                "notes": matter.notes,
                "items": items,
                "source": source_line(set, matter.span),
            })
        })
        .collect();
    let p = snap.rules().provenance();
    Json(json!({
        "ruleset": p.ruleset,
        "version": p.version,
        "departments": set.depts.iter().map(|d| json!({"id": d.id, "name": d.name})).collect::<Vec<_>>(),
        "coordinator": set.coordinator.map(|d| dept(set, d)),
        "matters": matters,
    }))
}

fn source_line(set: &RuleSet, span: zeren::source::Span) -> Value {
    let loc = set.sources.locate(span);
    json!({"file": loc.path, "line": loc.line})
}

#[derive(Deserialize)]
struct ChartQuery {
    matter: Option<String>,
}

/// A matter's flowchart as SVG. One matter at a time: laying out the whole
/// list (hundreds of items) takes the layout engine tens of seconds.
async fn chart(St(state): St<Arc<State>>, Query(q): Query<ChartQuery>) -> Response {
    let snap = state.live.engine();
    let set = snap.rule_set();
    let Some(name) = q.matter.as_deref() else {
        return error(StatusCode::BAD_REQUEST, "no-matter", "name the matter: /v1/chart?matter=NAME");
    };
    let scope = match zeren::chart::find_matter(set, name) {
        Ok(m) => Some(m),
        Err(e) => return error(StatusCode::NOT_FOUND, "unknown-matter", e.to_string()),
    };
    let chart = zeren::chart::chart(set, scope);
    let Ok(_permit) = state.heavy.acquire().await else {
        return error(StatusCode::SERVICE_UNAVAILABLE, "busy", "shutting down");
    };
    match tokio::task::spawn_blocking(move || super::svg::render(&chart)).await {
        Ok(Some(svg)) => ([(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")], svg).into_response(),
        _ => error(StatusCode::INTERNAL_SERVER_ERROR, "layout", "the flowchart could not be laid out"),
    }
}

/// The served files: paths and sizes (the text is `/v1/file?path=`).
async fn files(St(state): St<Arc<State>>) -> Json<Value> {
    let snap = state.live.engine();
    let files: Vec<Value> = snap
        .rule_set()
        .sources
        .files
        .iter()
        .map(|f| json!({"path": f.path, "lines": f.text.lines().count()}))
        .collect();
    Json(json!({ "files": files }))
}

#[derive(Deserialize)]
struct FileQuery {
    path: String,
}

/// One served file's text, as the serving version was loaded (not as the disk holds it now).
async fn file(St(state): St<Arc<State>>, Query(q): Query<FileQuery>) -> Response {
    let snap = state.live.engine();
    match snap.rule_set().sources.files.iter().find(|f| f.path == q.path) {
        Some(f) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], f.text.clone()).into_response(),
        None => error(StatusCode::NOT_FOUND, "unknown-file", format!("`{}` is not a file of the served set", q.path)),
    }
}

/// An edit: one file's new text, in place of the served one.
#[derive(Deserialize)]
struct Edit {
    /// The served file it replaces (a new path adds a file).
    path: String,
    text: String,
    /// For `/v1/try`: the ticket.
    #[serde(default)]
    ticket: Option<Value>,
}

/// The served sources with one file replaced.
fn edited(served: &Sources, edit: &Edit) -> Sources {
    let mut sources = served.clone();
    match sources.files.iter_mut().find(|f| f.path == edit.path) {
        Some(f) => f.text = edit.text.clone(),
        None => {
            sources.add(edit.path.clone(), edit.text.clone());
        }
    }
    sources
}

fn load(sources: Sources) -> Result<RuleSet, Value> {
    zeren::load::load_sources_with(sources, &zeren::limits::Limits::new()).map_err(|e| load_error_json(&e))
}

fn load_error_json(e: &LoadError) -> Value {
    match e.sources() {
        Some(sources) => {
            json!(e.diagnostics().iter().map(|d| d.to_json(sources, crate::out::lang())).collect::<Vec<_>>())
        }
        None => json!([{"severity": "error", "code": "syntax", "message": e.to_string(),
                        "file": null, "line": null, "column": null}]),
    }
}

/// `?analyze=true`.
#[derive(Deserialize, Default)]
pub struct CheckQuery {
    /// Also run the static analysis.
    #[serde(default)]
    pub analyze: bool,
}

/// `POST /v1/check`: `.rules` text → diagnostics (SPEC §7 JSON). A JSON body
/// `{"path", "text"}` checks the served set with that file replaced (the
/// workbench's editor); any other body is checked as one file on its own.
/// `?analyze=true` adds the static analysis of `zeren check`. Nothing served
/// changes.
pub async fn check(St(state): St<Arc<State>>, Query(q): Query<CheckQuery>, body: axum::body::Bytes) -> Response {
    let analyze = q.analyze;
    let Ok(text) = String::from_utf8(body.to_vec()) else {
        return error(StatusCode::BAD_REQUEST, "not-utf8", "the rules must be UTF-8 text");
    };
    let sources = match serde_json::from_str::<Edit>(&text) {
        Ok(edit) => edited(&state.live.engine().rule_set().sources, &edit),
        Err(_) => {
            let mut s = Sources::default();
            s.add("<input>", text);
            s
        }
    };
    let Ok(_permit) = state.heavy.acquire().await else {
        return error(StatusCode::SERVICE_UNAVAILABLE, "busy", "shutting down");
    };
    let work = move || match load(sources) {
        Ok(set) if analyze => {
            let a = zeren::analyze::analyze(&set, &zeren::analyze::Config::new());
            let diags: Vec<Value> = a.diagnostics.iter().map(|d| d.to_json(&set.sources, crate::out::lang())).collect();
            let errors = a.diagnostics.iter().any(|d| d.severity == zeren::diagnostic::Severity::Error);
            json!({"loaded": true, "ok": !errors, "diagnostics": diags, "stats": a.stats})
        }
        Ok(_) => json!({"loaded": true, "ok": true, "diagnostics": []}),
        Err(diags) => json!({"loaded": false, "ok": false, "diagnostics": diags}),
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(v) => Json(v).into_response(),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the check could not run"),
    }
}

/// `POST /v1/try`: routes a ticket against the served version and the edited one, side by side.
async fn try_edit(St(state): St<Arc<State>>, Json(edit): Json<Edit>) -> Response {
    let snap = state.live.engine();
    let Some(ticket_json) = edit.ticket.clone() else {
        return error(StatusCode::BAD_REQUEST, "bad-ticket", "send the ticket as `ticket`");
    };
    let served = snap.rule_set();
    let served_decision = route_json(served, &ticket_json);
    let sources = edited(&served.sources, &edit);
    let Ok(_permit) = state.heavy.acquire().await else {
        return error(StatusCode::SERVICE_UNAVAILABLE, "busy", "shutting down");
    };
    let result = tokio::task::spawn_blocking(move || match load(sources) {
        Ok(set) => {
            json!({"loaded": true, "decision": route_json(&set, &ticket_json).unwrap_or_else(|e| json!({"error": e}))})
        }
        Err(diags) => json!({"loaded": false, "diagnostics": diags}),
    })
    .await;
    let Ok(edited) = result else {
        return error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the edit could not be routed");
    };
    Json(json!({
        "served": served_decision.unwrap_or_else(|e| json!({"error": e})),
        "edited": edited,
    }))
    .into_response()
}

/// Routes a JSON ticket with the reference router (an edited version is routed once: compiling it would cost more).
fn route_json(set: &RuleSet, ticket: &Value) -> Result<Value, String> {
    let ticket = Ticket::from_value(&set.attrs, ticket, Strictness::Strict).map_err(|e| e.to_string())?;
    let d = zeren::matcher::reference::route(set, &ticket);
    Ok(serde_json::to_value(d).unwrap_or_default())
}

/// `POST /v1/diff`: what the edit changes — items, and witnesses of tickets
/// that change hands (`zeren diff`), and with `--tickets` how many logged
/// tickets would change hands.
async fn diff(St(state): St<Arc<State>>, Json(edit): Json<Edit>) -> Response {
    let snap = state.live.engine();
    let sources = edited(&snap.rule_set().sources, &edit);
    let tickets = state.tickets.clone();
    let Ok(_permit) = state.heavy.acquire().await else {
        return error(StatusCode::SERVICE_UNAVAILABLE, "busy", "shutting down");
    };
    let result = tokio::task::spawn_blocking(move || {
        let new = match load(sources) {
            Ok(set) => set,
            Err(diags) => return json!({"loaded": false, "diagnostics": diags}),
        };
        let old = snap.rule_set();
        let d = zeren::diff::diff(old, &new, &zeren::diff::Config::new());
        // The log is read per request: it is the file the decision log or an export keeps growing.
        let replay = tickets.map(|path| match std::fs::read_to_string(&path) {
            Ok(log) => match zeren::diff::replay(old, &new, &log) {
                Ok(r) => serde_json::to_value(r).unwrap_or_default(),
                Err(e) => json!({"error": e.to_string()}),
            },
            Err(e) => json!({"error": format!("cannot read `{}`: {e}", path.display())}),
        });
        json!({"loaded": true, "diff": d, "replay": replay})
    })
    .await;
    match result {
        Ok(v) => Json(v).into_response(),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the diff could not run"),
    }
}
