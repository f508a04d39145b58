//! `zeren serve`: the routing service a dispatch system calls over HTTP, and
//! the web workbench (试算, 清单, 编辑) for the people who keep the list.
//!
//! Layout: `api` (the `/v1` endpoints a dispatch system uses), `bench` (the
//! workbench's own endpoints and embedded assets), `metrics` (Prometheus),
//! `declog` (the decision log, written by its own thread), `reload` (file
//! events, SIGHUP, `POST /v1/reload`), `why` (explanations as data), `svg`
//! (flowcharts), `conn` (the accept loop: connection limit, header timeout,
//! graceful shutdown). Nothing here changes a file on disk except the
//! decision log.

mod api;
mod bench;
mod conn;
mod declog;
mod metrics;
mod reload;
mod svg;
mod why;

use crate::out::errln;
use crate::Outcome;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use zeren::live::{Live, Options};

/// Arguments of `zeren serve`.
#[derive(clap::Args)]
pub struct Args {
    /// Rule files or directories (every `*.rules` below).
    #[arg(required = true)]
    rules: Vec<PathBuf>,
    /// Address to listen on. Loopback by default: name another address to serve the network.
    #[arg(long, default_value = "127.0.0.1:7345")]
    addr: SocketAddr,
    /// Reload when a rule file changes (file-system events).
    #[arg(long)]
    watch: bool,
    /// A file holding the token that `POST /v1/reload` must present (`Authorization: Bearer TOKEN`).
    /// Without it, reload over HTTP is off (SIGHUP and --watch still work).
    #[arg(long)]
    admin_token_file: Option<PathBuf>,
    /// Append every decision to this file as JSON lines (`zeren replay` reads it as it is).
    #[arg(long)]
    decision_log: Option<PathBuf>,
    /// Rotate the decision log when it grows past this many MiB (the old file becomes FILE.1, …, FILE.5).
    #[arg(long, default_value_t = 100)]
    decision_log_max_mib: u64,
    /// A ticket log (JSON lines, or a decision log) the workbench replays to show how many tickets an edit moves.
    #[arg(long)]
    tickets: Option<PathBuf>,
    /// Allow cross-origin requests from this origin (no CORS headers without it).
    #[arg(long)]
    cors: Option<String>,
    /// Largest request body, in bytes, for every endpoint but the batch one.
    #[arg(long, default_value_t = 1 << 20)]
    body_limit: usize,
    /// Largest request body, in bytes, for `POST /v1/route/batch`.
    #[arg(long, default_value_t = 64 << 20)]
    batch_body_limit: usize,
    /// Seconds a request may take, body included, before it is answered 408.
    #[arg(long, default_value_t = 30)]
    request_timeout: u64,
    /// Seconds a connection may take to send a request's headers (idle keep-alive connections included).
    #[arg(long, default_value_t = 10)]
    header_timeout: u64,
    /// Requests handled at once; more are answered 503 at once.
    #[arg(long, default_value_t = 1024)]
    max_in_flight: usize,
    /// Open connections; more are closed as soon as they are accepted.
    #[arg(long, default_value_t = 8192)]
    max_connections: usize,
    /// Refuse a new version when the analysis finds an `overlap` (the old one keeps serving).
    #[arg(long)]
    refuse_overlaps: bool,
    /// Log lines as JSON (one object per line) instead of text.
    #[arg(long)]
    log_json: bool,
}

/// What every handler shares.
pub struct State {
    /// The served rules.
    pub live: Live,
    /// The paths the rules were loaded from.
    pub paths: Vec<PathBuf>,
    /// When the current version was swapped in, by its content hash.
    pub loaded: Mutex<(u64, SystemTime)>,
    /// The outcome of the last reload attempt.
    pub last_reload: Mutex<Option<reload::Attempt>>,
    /// Prometheus metrics.
    pub metrics: metrics::Metrics,
    /// The decision log, when configured.
    pub declog: Option<declog::DecisionLog>,
    /// The token `POST /v1/reload` needs.
    pub admin_token: Option<Vec<u8>>,
    /// The ticket log the workbench replays edits against.
    pub tickets: Option<PathBuf>,
    /// Unique decision ids: this process's start, then a counter.
    ids: (u64, AtomicU64),
    /// Requests in flight; when none is left, a request is answered 503.
    pub inflight: tokio::sync::Semaphore,
    /// Limits the workbench's heavy requests (check, diff) to one at a time per core.
    pub heavy: tokio::sync::Semaphore,
    /// When the service started.
    pub started: SystemTime,
}

impl State {
    /// A new decision id, unique across restarts (the start time in milliseconds, then a counter).
    pub fn decision_id(&self) -> String {
        let n = self.ids.1.fetch_add(1, Ordering::Relaxed);
        format!("{:x}-{n:x}", self.ids.0)
    }

    /// A state with no decision log, no token and no ticket log (the unit tests' router).
    #[cfg(test)]
    pub fn for_test(live: Live, metrics: metrics::Metrics) -> State {
        let now = SystemTime::now();
        State {
            live,
            paths: Vec::new(),
            loaded: Mutex::new((0, now)),
            last_reload: Mutex::new(None),
            metrics,
            declog: None,
            admin_token: None,
            tickets: None,
            ids: (0, AtomicU64::new(0)),
            inflight: tokio::sync::Semaphore::new(64),
            heavy: tokio::sync::Semaphore::new(2),
            started: now,
        }
    }

    /// Records a version swapped in now.
    pub fn mark_loaded(&self, hash: u64) {
        if let Ok(mut l) = self.loaded.lock() {
            *l = (hash, SystemTime::now());
        }
    }
}

pub fn run(args: Args) -> Outcome {
    init_logging(args.log_json);
    let options = Options::new().refuse_overlaps(args.refuse_overlaps);
    let started = std::time::Instant::now();
    let live = match Live::from_paths(&args.rules, options) {
        Ok(live) => live,
        Err(e) => {
            if let zeren::live::ReloadError::Load(load) = &e {
                crate::render::load_error(load);
            } else {
                errln!("error: {e}");
            }
            return Outcome::Unusable;
        }
    };
    let admin_token = match &args.admin_token_file {
        Some(path) => match std::fs::read(path) {
            // A trailing newline is how editors and `echo` end the file; it is not part of the token.
            Ok(bytes) => {
                let token = bytes.trim_ascii().to_vec();
                if token.len() < 16 {
                    errln!("error: the admin token in `{}` is shorter than 16 bytes", path.display());
                    return Outcome::Unusable;
                }
                Some(token)
            }
            Err(e) => {
                errln!("error: cannot read `{}`: {e}", path.display());
                return Outcome::Unusable;
            }
        },
        None => None,
    };
    if let Some(origin) = &args.cors {
        if axum::http::HeaderValue::from_str(origin).is_err() || !origin.contains("://") {
            errln!("error: --cors `{origin}` is not an origin such as `https://dispatch.example.gov.cn`");
            return Outcome::Unusable;
        }
    }
    let metrics = match metrics::Metrics::new() {
        Ok(m) => m,
        Err(e) => {
            errln!("error: cannot set up the metrics: {e}");
            return Outcome::Unusable;
        }
    };
    let declog = match &args.decision_log {
        Some(path) => match declog::DecisionLog::open(path, args.decision_log_max_mib << 20, metrics.clone()) {
            Ok(log) => Some(log),
            Err(e) => {
                errln!("error: cannot open the decision log `{}`: {e}", path.display());
                return Outcome::Unusable;
            }
        },
        None => None,
    };
    let now = SystemTime::now();
    let start_ms = now.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
    let hash = live.engine().rules().provenance().content_hash;
    let state = Arc::new(State {
        live,
        paths: args.rules.clone(),
        loaded: Mutex::new((hash, now)),
        last_reload: Mutex::new(None),
        metrics,
        declog,
        admin_token,
        tickets: args.tickets.clone(),
        ids: (start_ms, AtomicU64::new(0)),
        inflight: tokio::sync::Semaphore::new(args.max_in_flight.max(1)),
        heavy: tokio::sync::Semaphore::new(2),
        started: now,
    });
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            errln!("error: cannot start the runtime: {e}");
            return Outcome::Unusable;
        }
    };
    let outcome = runtime.block_on(serve(args, state.clone(), started));
    // Requests in flight are done: what they logged reaches the disk before the process ends.
    if let Some(log) = &state.declog {
        log.close();
    }
    outcome
}

async fn serve(args: Args, state: Arc<State>, started: std::time::Instant) -> Outcome {
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(l) => l,
        Err(e) => {
            errln!("error: cannot listen on {}: {e}", args.addr);
            return Outcome::Unusable;
        }
    };
    let local = listener.local_addr().unwrap_or(args.addr);
    let limits = api::Limits {
        body: args.body_limit,
        batch_body: args.batch_body_limit,
        timeout: Duration::from_secs(args.request_timeout.max(1)),
        cors: args.cors.clone(),
    };
    let app = api::router(state.clone(), &limits);
    let (shutdown_tx, shutdown_rx) = tokio::sync::watch::channel(false);
    reload::spawn_signal_reloader(state.clone());
    let _watcher = if args.watch {
        match reload::watch(state.clone()) {
            Ok(w) => Some(w),
            Err(e) => {
                errln!("error: cannot watch the rule files: {e}");
                return Outcome::Unusable;
            }
        }
    } else {
        None
    };
    let snap = state.live.engine();
    let p = snap.rules().provenance();
    tracing::info!(
        addr = %local,
        ruleset = p.ruleset.unwrap_or(""),
        version = p.version.unwrap_or(""),
        hash = format!("{:016x}", p.content_hash),
        items = snap.rule_set().items.len(),
        startup_ms = started.elapsed().as_millis() as u64,
        "serving"
    );
    drop(snap);
    // The first line on standard output says where to connect (tests and scripts read it; `--addr …:0` picks a port).
    println!("zeren serve: listening on http://{local}");
    if !local.ip().is_loopback() {
        tracing::warn!(addr = %local, "listening beyond loopback: put the service behind the dispatch network's access control");
    }
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: no new connections; finishing the requests in flight");
        let _ = shutdown_tx.send(true);
    });
    let settings = conn::Settings {
        header_timeout: Duration::from_secs(args.header_timeout.max(1)),
        max_connections: args.max_connections.max(1),
        drain: Duration::from_secs(args.request_timeout.max(1) + 5),
    };
    conn::accept_loop(listener, app, settings, state.clone(), shutdown_rx).await;
    tracing::info!("stopped");
    Outcome::Success
}

/// SIGTERM or ctrl-c.
async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

fn init_logging(json: bool) {
    use tracing_subscriber::EnvFilter;
    // `RUST_LOG=debug` also logs every request with its id; the default logs start-up, reloads and errors.
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if json { builder.json().try_init() } else { builder.with_ansi(false).try_init() };
}
