//! The accept loop. `axum::serve` offers no connection limit and no header
//! timeout, and a service facing a dispatch network needs both: a slow client
//! (one byte a second) or ten thousand idle sockets must not hold the process
//! hostage. So connections are served here with hyper directly.

use super::State;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};

/// How connections are limited.
pub struct Settings {
    /// Time a connection may take to send a request's headers, waiting idle between requests included.
    pub header_timeout: Duration,
    /// Open connections at once.
    pub max_connections: usize,
    /// How long shutdown waits for requests in flight.
    pub drain: Duration,
}

/// Accepts connections until `shutdown` turns true, then lets each open
/// connection finish the request it is serving (at most `drain`).
pub async fn accept_loop(
    listener: TcpListener,
    app: Router,
    settings: Settings,
    state: Arc<State>,
    mut shutdown: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(settings.max_connections));
    let mut tasks = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = shutdown.changed() => break,
        };
        let (stream, _peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of file descriptors (EMFILE) or a connection reset before accept: wait a moment rather
                // than spin, and keep serving the connections already open.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            // Over the limit: closing at once is the clearest answer a socket can get.
            state.metrics.connections_refused.inc();
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let mut shutdown = shutdown.clone();
        let timeout = settings.header_timeout;
        let metrics = state.metrics.clone();
        // Reap finished connections so the set does not grow with every connection ever served.
        while tasks.try_join_next().is_some() {}
        tasks.spawn(async move {
            metrics.connections_open.inc();
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(timeout).keep_alive(true);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = shutdown.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            metrics.connections_open.dec();
            drop(permit);
        });
    }
    drop(listener);
    let open = tasks.len();
    if open > 0 {
        tracing::info!(connections = open, "waiting for requests in flight");
    }
    let drained = tokio::time::timeout(settings.drain, async { while tasks.join_next().await.is_some() {} }).await;
    if drained.is_err() {
        tracing::warn!(connections = tasks.len(), "requests still in flight after the drain time; closing them");
        tasks.abort_all();
    }
}
