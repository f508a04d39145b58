//! The `/v1` endpoints a dispatch system calls, health and metrics, and the
//! middleware every request goes through (request id, load shedding,
//! metrics, timeout, body limits, CORS).

use super::declog::Entry;
use super::reload::{self, Trigger};
use super::State;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, MatchedPath, Query, Request, State as St};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use tracing::Instrument;
use zeren::decision::Decision;
use zeren::live::Snapshot;
use zeren::matcher::Cache;
use zeren::ticket::{Strictness, Ticket, TicketError};
use zeren::Rules;

/// The limits a request is held to.
pub struct Limits {
    /// Body bytes, every endpoint but batch.
    pub body: usize,
    /// Body bytes, batch.
    pub batch_body: usize,
    /// Whole-request time.
    pub timeout: Duration,
    /// `--cors`.
    pub cors: Option<String>,
}


/// The OpenAPI description of the API.
pub const OPENAPI: &str = include_str!("assets/openapi.json");

/// The whole application.
pub fn router(state: Arc<State>, limits: &Limits) -> Router {
    let batch =
        Router::new().route("/v1/route/batch", post(route_batch)).layer(DefaultBodyLimit::max(limits.batch_body));
    let app = Router::new()
        .route("/v1/route", post(route_one))
        .route("/v1/rules", get(rules_info))
        .route("/v1/schema", get(schema))
        .route("/v1/check", post(super::bench::check))
        .route("/v1/reload", post(reload_now))
        .route("/v1/openapi.json", get(openapi))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .merge(super::bench::routes())
        .layer(DefaultBodyLimit::max(limits.body))
        .merge(batch)
        .fallback(not_found)
        // Innermost first: the timeout covers reading the body; `observe` sees the timeout's 408.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.timeout))
        .layer(middleware::from_fn_with_state(state.clone(), observe));
    let app = match &limits.cors {
        Some(origin) => app.layer(cors(origin)),
        None => app,
    };
    app.with_state(state)
}

fn cors(origin: &str) -> tower_http::cors::CorsLayer {
    use axum::http::Method;
    let origin = HeaderValue::from_str(origin).unwrap_or(HeaderValue::from_static("null"));
    tower_http::cors::CorsLayer::new()
        .allow_origin(origin)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
}

/// An error answer: `{"error": {"code", "message"}}`.
pub fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (status, Json(json!({"error": {"code": code, "message": message.into()}}))).into_response()
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not-found", "no such endpoint; see GET /v1/openapi.json")
}

static REQUEST_IDS: AtomicU64 = AtomicU64::new(1);

/// Request id, load shedding, metrics and the request's log span.
async fn observe(St(state): St<Arc<State>>, req: Request, next: Next) -> Response {
    let endpoint = req.extensions().get::<MatchedPath>().map_or("unmatched", |m| m.as_str()).to_string();
    // A caller's own id (a dispatch system's correlation id) is kept when it is a short plain token.
    let id = req
        .headers()
        .get("x-request-id")
        .filter(|v| v.len() <= 64 && v.to_str().is_ok_and(|s| s.bytes().all(|b| b.is_ascii_graphic())))
        .cloned()
        .unwrap_or_else(|| {
            let n = REQUEST_IDS.fetch_add(1, Ordering::Relaxed);
            HeaderValue::from_str(&format!("r{n:x}")).unwrap_or(HeaderValue::from_static("r"))
        });
    let start = Instant::now();
    let mut resp = match state.inflight.try_acquire() {
        Ok(_permit) => {
            let span = tracing::info_span!("request", id = id.to_str().unwrap_or(""), endpoint = %endpoint);
            next.run(req).instrument(span).await
        }
        Err(_) => {
            state.metrics.shed.inc();
            let mut r = error(StatusCode::SERVICE_UNAVAILABLE, "busy", "too many requests in flight; retry shortly");
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            r
        }
    };
    let elapsed = start.elapsed();
    let status = resp.status();
    state.metrics.requests.with_label_values(&[endpoint.as_str(), status.as_str()]).inc();
    state.metrics.latency.with_label_values(&[endpoint.as_str()]).observe(elapsed.as_secs_f64());
    let rid = id.to_str().unwrap_or("");
    if status.is_client_error() || status.is_server_error() {
        tracing::info!(id = rid, endpoint, status = status.as_u16(), ms = elapsed.as_millis() as u64, "request refused");
    } else {
        tracing::debug!(id = rid, endpoint, status = status.as_u16(), us = elapsed.as_micros() as u64, "request");
    }
    resp.headers_mut().insert("x-request-id", id);
    resp
}

/// `?explain=true`, `?why_not=ITEM`, `?lenient=true`.
#[derive(Deserialize, Default)]
pub struct RouteQuery {
    #[serde(default)]
    explain: bool,
    why_not: Option<String>,
    #[serde(default)]
    lenient: bool,
}

/// Where a decision came from: the version, and the item's (or matter's) declaration.
#[derive(Serialize)]
struct Provenance {
    ruleset: Option<String>,
    version: Option<String>,
    content_hash: String,
    file: Option<String>,
    line: Option<u32>,
}

/// A decision as the API returns it: SPEC §6's keys in their order, then the
/// id, the provenance and (on request) the explanation.
#[derive(Serialize)]
struct Decided<'a> {
    #[serde(flatten)]
    decision: &'a Decision,
    decision_id: String,
    provenance: Provenance,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<Value>,
}

thread_local! {
    // One matcher cache per worker thread: routing then allocates nothing. A cache made for an older
    // version is noticed and reset by `Rules::route`.
    static CACHE: RefCell<Option<Cache>> = const { RefCell::new(None) };
}

fn decide(rules: &Rules, ticket: &Ticket) -> (Decision, Provenance) {
    let run = |cache: &mut Cache| {
        let d = rules.route(cache, ticket);
        let p = d.provenance();
        let prov = Provenance {
            ruleset: p.ruleset.map(str::to_string),
            version: p.version.map(str::to_string),
            content_hash: format!("{:016x}", p.content_hash),
            file: p.source.map(|s| s.file.to_string()),
            line: p.source.map(|s| s.line),
        };
        (d.to_decision(), prov)
    };
    CACHE.with(|slot| match slot.try_borrow_mut() {
        Ok(mut slot) => run(slot.get_or_insert_with(|| rules.create_cache())),
        Err(_) => run(&mut rules.create_cache()),
    })
}

/// Routes one validated ticket on one snapshot, logs it, and returns the answer body.
fn route_and_log<'a>(state: &State, snap: &Arc<Snapshot>, ticket: Ticket, decision: &'a mut Option<Decision>) -> Decided<'a> {
    let (d, provenance) = decide(snap.rules(), &ticket);
    state.metrics.decided(d.method);
    let id = state.decision_id();
    if let Some(log) = &state.declog {
        log.log(Entry { time: SystemTime::now(), id: id.clone(), ticket, decision: d.clone(), snapshot: snap.clone() });
    }
    let d: &'a Decision = decision.insert(d);
    Decided { decision: d, decision_id: id, provenance, explanation: None }
}

fn bad_ticket(state: &State, e: &TicketError) -> Response {
    state.metrics.tickets_rejected.inc();
    error(StatusCode::BAD_REQUEST, "bad-ticket", e.to_string())
}

async fn route_one(St(state): St<Arc<State>>, Query(q): Query<RouteQuery>, body: Bytes) -> Response {
    let snap = state.live.current();
    let Ok(text) = std::str::from_utf8(&body) else {
        state.metrics.tickets_rejected.inc();
        return error(StatusCode::BAD_REQUEST, "bad-ticket", "the body is not UTF-8 text");
    };
    let strictness = if q.lenient { Strictness::Lenient } else { Strictness::Strict };
    let ticket = match Ticket::from_json(&snap.rule_set().attrs, text, strictness) {
        Ok(t) => t,
        Err(e) => return bad_ticket(&state, &e),
    };
    let explain_ticket = (q.explain || q.why_not.is_some()).then(|| ticket.clone());
    let mut slot = None;
    let mut decided = route_and_log(&state, &snap, ticket, &mut slot);
    if let Some(ticket) = explain_ticket {
        match super::why::explanation(snap.rule_set(), &ticket, decided.decision, q.why_not.as_deref()) {
            Ok(x) => decided.explanation = Some(x),
            Err(message) => return error(StatusCode::BAD_REQUEST, "unknown-item", message),
        }
    }
    Json(decided).into_response()
}

/// `POST /v1/route/batch`: a JSON array (answered with an array) or JSON
/// lines (answered with JSON lines), one answer per ticket in order; a bad
/// ticket gets `{"index", "error"}` in its place.
async fn route_batch(St(state): St<Arc<State>>, Query(q): Query<RouteQuery>, body: Bytes) -> Response {
    let lenient = q.lenient;
    let snap = state.live.current();
    let work = {
        let state = state.clone();
        move || batch(&state, &snap, &body, lenient)
    };
    // A batch can hold a million tickets: route it on a blocking thread, not on a worker the other requests need.
    match tokio::task::spawn_blocking(work).await {
        Ok(r) => r,
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the batch could not be routed"),
    }
}

fn batch(state: &State, snap: &Arc<Snapshot>, body: &[u8], lenient: bool) -> Response {
    let strictness = if lenient { Strictness::Lenient } else { Strictness::Strict };
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    let array = first == Some(&b'[');
    let mut out: Vec<u8> = Vec::with_capacity(body.len() * 2);
    let one = |index: usize, line: Option<usize>, parsed: Result<Value, String>, out: &mut Vec<u8>| {
        let ticket = parsed.and_then(|v| {
            Ticket::from_value(&snap.rule_set().attrs, &v, strictness).map_err(|e| {
                state.metrics.tickets_rejected.inc();
                e.to_string()
            })
        });
        let written = match ticket {
            Ok(ticket) => {
                let mut slot = None;
                serde_json::to_writer(&mut *out, &route_and_log(state, snap, ticket, &mut slot))
            }
            Err(message) => serde_json::to_writer(&mut *out, &json!({"index": index, "line": line, "error": message})),
        };
        debug_assert!(written.is_ok(), "serialising to a Vec cannot fail");
    };
    if array {
        let tickets: Vec<Value> = match serde_json::from_slice(body) {
            Ok(t) => t,
            Err(e) => {
                state.metrics.tickets_rejected.inc();
                return error(StatusCode::BAD_REQUEST, "bad-batch", format!("not a JSON array of tickets: {e}"));
            }
        };
        out.push(b'[');
        for (i, v) in tickets.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            one(i, None, Ok(v), &mut out);
        }
        out.push(b']');
        return ([(header::CONTENT_TYPE, "application/json")], out).into_response();
    }
    let mut index = 0;
    for (n, line) in body.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let trimmed = line.trim_ascii();
        if trimmed.is_empty() || trimmed.starts_with(b"#") {
            continue;
        }
        let parsed = serde_json::from_slice::<Value>(trimmed).map_err(|e| {
            state.metrics.tickets_rejected.inc();
            format!("not JSON: {e}")
        });
        one(index, Some(n + 1), parsed, &mut out);
        out.push(b'\n');
        index += 1;
    }
    ([(header::CONTENT_TYPE, "application/x-ndjson")], out).into_response()
}

async fn rules_info(St(state): St<Arc<State>>) -> Json<Value> {
    let snap = state.live.current();
    let set = snap.rule_set();
    let p = snap.rules().provenance();
    let loaded_at = state.loaded.lock().map(|l| super::declog::rfc3339(l.1)).unwrap_or_default();
    let last_reload = state.last_reload.lock().ok().and_then(|l| l.clone());
    Json(json!({
        "ruleset": p.ruleset,
        "version": p.version,
        "content_hash": format!("{:016x}", p.content_hash),
        "files": set.sources.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>(),
        "counts": {
            "attributes": set.attrs.len(),
            "departments": set.depts.len(),
            "matters": set.matters.len(),
            "items": set.items.len(),
            "tests": set.tests.len(),
        },
        "loaded_at": loaded_at,
        "started_at": super::declog::rfc3339(state.started),
        "last_reload": last_reload,
        "decision_log": state.declog.as_ref().map(|l| json!({
            "written": state.metrics.log_written.get(),
            "dropped": l.dropped(),
        })),
    }))
}

async fn schema(St(state): St<Arc<State>>) -> Json<Value> {
    Json(zeren::schema::json_schema(state.live.snapshot().rule_set()))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn readyz(St(state): St<Arc<State>>) -> Json<Value> {
    let snap = state.live.snapshot();
    let p = snap.rules().provenance();
    Json(json!({"ready": true, "version": p.version, "content_hash": format!("{:016x}", p.content_hash)}))
}

async fn metrics(St(state): St<Arc<State>>) -> Response {
    match state.metrics.render() {
        Ok(text) => ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()),
    }
}

async fn reload_now(St(state): St<Arc<State>>, headers: HeaderMap) -> Response {
    use subtle::ConstantTimeEq;
    let Some(expected) = &state.admin_token else {
        return error(
            StatusCode::FORBIDDEN,
            "reload-off",
            "reload over HTTP is off: start the service with --admin-token-file (SIGHUP and --watch work without it)",
        );
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    // Constant time, so the answer's timing says nothing about how much of a guess was right.
    if !bool::from(given.as_bytes().ct_eq(expected)) {
        return error(StatusCode::UNAUTHORIZED, "unauthorized", "send the admin token as `Authorization: Bearer TOKEN`");
    }
    let s = state.clone();
    match tokio::task::spawn_blocking(move || reload::reload(&s, Trigger::Http, false)).await {
        Ok(attempt) if attempt.result == "refused" => (StatusCode::UNPROCESSABLE_ENTITY, Json(attempt)).into_response(),
        Ok(attempt) => Json(attempt).into_response(),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the reload could not run"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    /// Every route the service answers, as (method, path): the OpenAPI
    /// description is checked against this list, and the list against the router.
    const ROUTES: &[(&str, &str)] = &[
        ("POST", "/v1/route"),
        ("POST", "/v1/route/batch"),
        ("GET", "/v1/rules"),
        ("GET", "/v1/schema"),
        ("POST", "/v1/check"),
        ("POST", "/v1/reload"),
        ("GET", "/v1/openapi.json"),
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/metrics"),
        ("GET", "/v1/list"),
        ("GET", "/v1/chart"),
        ("GET", "/v1/files"),
        ("GET", "/v1/file"),
        ("POST", "/v1/try"),
        ("POST", "/v1/diff"),
        ("GET", "/"),
        ("GET", "/assets/app.js"),
        ("GET", "/assets/app.css"),
    ];

    fn state() -> Arc<State> {
        let rules = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
        let live = zeren::live::Live::from_paths(&[rules], zeren::live::Options::new());
        let live = live.unwrap_or_else(|e| unreachable!("the shipped rules load: {e}"));
        let metrics = super::super::metrics::Metrics::new().unwrap_or_else(|e| unreachable!("{e}"));
        Arc::new(State::for_test(live, metrics))
    }

    #[test]
    fn the_openapi_description_names_exactly_the_routes() {
        let doc: Value = serde_json::from_str(OPENAPI).unwrap_or_default();
        let mut described: Vec<(String, String)> = doc["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(path, ops)| {
                ops.as_object().into_iter().flatten().map(move |(m, _)| (m.to_uppercase(), path.clone()))
            })
            .collect();
        let mut routes: Vec<(String, String)> = ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
        described.sort();
        routes.sort();
        assert_eq!(described, routes);
    }

    #[tokio::test]
    async fn the_router_answers_every_route_and_only_those() {
        let limits = Limits { body: 1 << 20, batch_body: 1 << 20, timeout: Duration::from_secs(5), cors: None };
        let app = router(state(), &limits);
        for (method, path) in ROUTES {
            let req = Request::builder().method(*method).uri(*path).body(axum::body::Body::empty());
            let resp = app.clone().oneshot(req.unwrap_or_default()).await.map(|r| r.status());
            let status = resp.unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            assert!(status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED, "{method} {path}: {status}");
        }
        let req = Request::builder().uri("/v2/route").body(axum::body::Body::empty()).unwrap_or_default();
        let status = app.oneshot(req).await.map(|r| r.status()).unwrap_or(StatusCode::OK);
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
