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
use zeren::matcher::Cache;
use zeren::ticket::{Strictness, Ticket, TicketError};
use zeren::Engine;

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
        tracing::info!(
            id = rid,
            endpoint,
            status = status.as_u16(),
            ms = elapsed.as_millis() as u64,
            "request refused"
        );
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

thread_local! {
    // One matcher cache per worker thread: routing then allocates nothing. A cache made for an older
    // version is noticed and reset by `Rules::route`.
    static CACHE: RefCell<Option<Cache>> = const { RefCell::new(None) };
}

/// Routes one validated ticket on one snapshot, counts and logs the decision,
/// and appends the answer to `out`: SPEC §6's keys in their order (the
/// library's serialisation of the borrowed decision, so nothing is copied),
/// then `decision_id`, `provenance` and, when given, `explanation`.
fn route_into(
    state: &State,
    snap: &Arc<Engine>,
    ticket: Ticket,
    out: &mut Vec<u8>,
    explain: Option<&ExplainQuery>,
) -> Result<(), String> {
    let rules = snap.rules();
    let id = state.decision_id();
    let mut run = |cache: &mut Cache| -> Result<(), String> {
        let d = rules.route(cache, &ticket);
        state.metrics.decided(d.method());
        let start = out.len();
        serde_json::to_writer(&mut *out, &d).map_err(|e| e.to_string())?;
        // The object just written ends in `}`: the service's keys go after SPEC §6's.
        if out.last() == Some(&b'}') {
            out.pop();
        } else {
            out.truncate(start);
            return Err("the decision did not serialise as an object".into());
        }
        let p = d.provenance();
        let provenance = Provenance {
            ruleset: p.ruleset,
            version: p.version,
            content_hash: Hex(p.content_hash),
            file: p.source.map(|s| s.file),
            line: p.source.map(|s| s.line),
        };
        out.extend_from_slice(b",\"decision_id\":");
        serde_json::to_writer(&mut *out, &id).map_err(|e| e.to_string())?;
        out.extend_from_slice(b",\"provenance\":");
        serde_json::to_writer(&mut *out, &provenance).map_err(|e| e.to_string())?;
        if let Some(q) = explain {
            let owned = d.to_decision();
            let x = super::why::explanation(snap.rule_set(), &ticket, &owned, q.why_not.as_deref())?;
            out.extend_from_slice(b",\"explanation\":");
            serde_json::to_writer(&mut *out, &x).map_err(|e| e.to_string())?;
        }
        out.push(b'}');
        if let Some(log) = &state.declog {
            log.log(Entry {
                time: SystemTime::now(),
                id: id.clone(),
                ticket: ticket.clone(),
                decision: d.to_decision(),
                snapshot: snap.clone(),
            });
        }
        Ok(())
    };
    CACHE.with(|slot| match slot.try_borrow_mut() {
        Ok(mut slot) => run(slot.get_or_insert_with(|| rules.create_cache())),
        Err(_) => run(&mut rules.create_cache()),
    })
}

/// Which version decided, and the winner's declaration (borrowed: written once per decision).
#[derive(Serialize)]
struct Provenance<'a> {
    ruleset: Option<&'a str>,
    version: Option<&'a str>,
    content_hash: Hex,
    file: Option<&'a str>,
    line: Option<u32>,
}

/// A content hash as the 16 hex digits `/v1/rules` shows.
struct Hex(u64);

impl Serialize for Hex {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{:016x}", self.0))
    }
}

/// What `?explain=true` and `?why_not=` ask for.
struct ExplainQuery {
    why_not: Option<String>,
}

fn bad_ticket(state: &State, e: &TicketError) -> Response {
    state.metrics.tickets_rejected.inc();
    error(StatusCode::BAD_REQUEST, "bad-ticket", e.to_string())
}

fn json_bytes(out: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], out).into_response()
}

async fn route_one(St(state): St<Arc<State>>, Query(q): Query<RouteQuery>, body: Bytes) -> Response {
    let snap = state.live.engine();
    let Ok(text) = std::str::from_utf8(&body) else {
        state.metrics.tickets_rejected.inc();
        return error(StatusCode::BAD_REQUEST, "bad-ticket", "the body is not UTF-8 text");
    };
    let strictness = if q.lenient { Strictness::Lenient } else { Strictness::Strict };
    let ticket = match Ticket::from_json(&snap.rule_set().attrs, text, strictness) {
        Ok(t) => t,
        Err(e) => return bad_ticket(&state, &e),
    };
    let explain = (q.explain || q.why_not.is_some()).then(|| ExplainQuery { why_not: q.why_not.clone() });
    let mut out = Vec::with_capacity(512);
    match route_into(&state, &snap, ticket, &mut out, explain.as_ref()) {
        Ok(()) => json_bytes(out),
        Err(message) => error(StatusCode::BAD_REQUEST, "unknown-item", message),
    }
}

/// `POST /v1/route/batch`: a JSON array (answered with an array) or JSON
/// lines (answered with JSON lines), one answer per ticket in order; a bad
/// ticket gets `{"index", "error"}` in its place.
async fn route_batch(St(state): St<Arc<State>>, Query(q): Query<RouteQuery>, body: Bytes) -> Response {
    let lenient = q.lenient;
    let snap = state.live.engine();
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

/// Tickets routed per parallel task: enough to amortise the hand-off, few enough to keep both cores busy.
const CHUNK: usize = 512;

fn batch(state: &State, snap: &Arc<Engine>, body: &[u8], lenient: bool) -> Response {
    use rayon::prelude::*;
    let strictness = if lenient { Strictness::Lenient } else { Strictness::Strict };
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    let array = first == Some(&b'[');
    // (index, line, the ticket's JSON text) for every ticket, in order.
    let items: Vec<(usize, Option<usize>, &[u8])> = if array {
        let raw: Vec<&serde_json::value::RawValue> = match serde_json::from_slice(body) {
            Ok(t) => t,
            Err(e) => {
                state.metrics.tickets_rejected.inc();
                return error(StatusCode::BAD_REQUEST, "bad-batch", format!("not a JSON array of tickets: {e}"));
            }
        };
        raw.into_iter().enumerate().map(|(i, r)| (i, None, r.get().as_bytes())).collect()
    } else {
        body.split(|&b| b == b'\n')
            .enumerate()
            .map(|(n, line)| (n + 1, line.trim_ascii()))
            .filter(|(_, l)| !l.is_empty() && !l.starts_with(b"#"))
            .enumerate()
            .map(|(i, (n, l))| (i, Some(n), l))
            .collect()
    };
    let one = |&(index, line, text): &(usize, Option<usize>, &[u8]), out: &mut Vec<u8>| {
        let parsed = serde_json::from_slice::<Value>(text).map_err(|e| format!("not JSON: {e}"));
        let ticket =
            parsed.and_then(|v| Ticket::from_value(&snap.rule_set().attrs, &v, strictness).map_err(|e| e.to_string()));
        let result = ticket.and_then(|t| route_into(state, snap, t, out, None));
        if let Err(message) = result {
            state.metrics.tickets_rejected.inc();
            let _ = serde_json::to_writer(&mut *out, &json!({"index": index, "line": line, "error": message}));
        }
    };
    let sep: &[u8] = if array { b"," } else { b"\n" };
    // Each chunk is routed on a rayon thread into its own buffer; the buffers are joined in order.
    let parts: Vec<Vec<u8>> = items
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut out = Vec::with_capacity(chunk.len() * 400);
            for (k, item) in chunk.iter().enumerate() {
                if k > 0 {
                    out.extend_from_slice(sep);
                }
                one(item, &mut out);
            }
            out
        })
        .collect();
    let mut out = Vec::with_capacity(parts.iter().map(Vec::len).sum::<usize>() + parts.len() + 2);
    if array {
        out.push(b'[');
    }
    for (k, part) in parts.iter().enumerate() {
        if k > 0 {
            out.extend_from_slice(sep);
        }
        out.extend_from_slice(part);
    }
    if array {
        out.push(b']');
        return json_bytes(out);
    }
    if !out.is_empty() {
        out.push(b'\n');
    }
    ([(header::CONTENT_TYPE, "application/x-ndjson")], out).into_response()
}

async fn rules_info(St(state): St<Arc<State>>) -> Json<Value> {
    let snap = state.live.engine();
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
    Json(zeren::schema::json_schema(state.live.engine().rule_set()))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn readyz(St(state): St<Arc<State>>) -> Json<Value> {
    let snap = state.live.engine();
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
        return error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "send the admin token as `Authorization: Bearer TOKEN`",
        );
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
            assert!(
                status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}: {status}"
            );
        }
        let req = Request::builder().uri("/v2/route").body(axum::body::Body::empty()).unwrap_or_default();
        let status = app.oneshot(req).await.map(|r| r.status()).unwrap_or(StatusCode::OK);
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
