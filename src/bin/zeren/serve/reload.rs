//! Reload: `--watch` (file events through `notify`), SIGHUP, and
//! `POST /v1/reload`. Each goes through [`reload`], which asks
//! [`zeren::Live`] for the new version: it is loaded, checked and compiled off
//! to the side and swapped in atomically, or refused while the old version
//! keeps serving. Either way the attempt is kept for `/v1/rules`, logged and
//! counted.

use super::State;
use serde::Serialize;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// What triggered a reload.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trigger {
    /// A file event (`--watch`).
    Watch,
    /// SIGHUP.
    Sighup,
    /// `POST /v1/reload`.
    Http,
}

/// One reload attempt, as `/v1/rules` reports it.
#[derive(Clone, Debug, Serialize)]
pub struct Attempt {
    /// When.
    pub time: String,
    /// What asked for it.
    pub trigger: Trigger,
    /// `swapped`, `unchanged` or `refused`.
    pub result: &'static str,
    /// The version now serving.
    pub serving_version: Option<String>,
    /// Its content hash.
    pub serving_hash: String,
    /// Why it was refused, in words.
    pub error: Option<String>,
    /// The refused version's diagnostics (SPEC §7 JSON).
    pub diagnostics: Vec<serde_json::Value>,
}

/// Reloads now. `only_if_changed` skips files whose content is the serving
/// version's (file events fire for saves that change nothing).
pub fn reload(state: &State, trigger: Trigger, only_if_changed: bool) -> Attempt {
    let outcome = if only_if_changed {
        state.live.reload_if_changed().map(|s| s.is_some())
    } else {
        state.live.reload().map(|_| true)
    };
    let snap = state.live.engine();
    let p = snap.rules().provenance();
    let mut attempt = Attempt {
        time: super::declog::rfc3339(SystemTime::now()),
        trigger,
        result: "unchanged",
        serving_version: p.version.map(str::to_string),
        serving_hash: format!("{:016x}", p.content_hash),
        error: None,
        diagnostics: Vec::new(),
    };
    match outcome {
        Ok(false) => return attempt,
        Ok(true) => {
            attempt.result = "swapped";
            state.mark_loaded(p.content_hash);
            state.metrics.reloads_succeeded.inc();
            state.metrics.serving(p.ruleset.unwrap_or(""), p.version.unwrap_or(""), p.content_hash);
            tracing::info!(?trigger, version = p.version.unwrap_or(""), hash = %attempt.serving_hash, "reloaded");
        }
        Err(e) => {
            attempt.result = "refused";
            attempt.error = Some(e.to_string());
            let sources = match &e {
                zeren::live::ReloadError::Load(l) => l.sources(),
                zeren::live::ReloadError::Refused { sources, .. } => Some(&**sources),
                zeren::live::ReloadError::Compile(_) => None,
            };
            if let Some(sources) = sources {
                attempt.diagnostics = e.diagnostics().iter().map(|d| d.to_json(sources, crate::out::lang())).collect();
            }
            state.metrics.reloads_refused.inc();
            tracing::warn!(
                ?trigger,
                error = %e,
                serving_version = p.version.unwrap_or(""),
                serving_hash = %attempt.serving_hash,
                "reload refused; the previous version keeps serving"
            );
        }
    }
    if let Ok(mut last) = state.last_reload.lock() {
        *last = Some(attempt.clone());
    }
    attempt
}

/// Reloads on every SIGHUP.
pub fn spawn_signal_reloader(state: Arc<State>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        let Ok(mut hup) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else {
            tracing::warn!("cannot listen for SIGHUP");
            return;
        };
        while hup.recv().await.is_some() {
            let state = state.clone();
            let _ = tokio::task::spawn_blocking(move || reload(&state, Trigger::Sighup, false)).await;
        }
    });
    #[cfg(not(unix))]
    let _ = state;
}

/// Watches the rule paths; a burst of events (an editor's save is several)
/// becomes one reload, a quarter of a second after the last event.
pub fn watch(state: Arc<State>) -> notify::Result<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if !event.kind.is_access() {
                let _ = tx.send(());
            }
        }
    })?;
    for path in &state.paths {
        // A directory is watched whole: a new `*.rules` file is part of the set.
        watcher.watch(path, RecursiveMode::Recursive)?;
    }
    tokio::spawn(async move {
        while rx.recv().await.is_some() {
            loop {
                match tokio::time::timeout(Duration::from_millis(250), rx.recv()).await {
                    Ok(Some(())) => continue,
                    Ok(None) => return,
                    Err(_) => break,
                }
            }
            let state = state.clone();
            let _ = tokio::task::spawn_blocking(move || reload(&state, Trigger::Watch, true)).await;
        }
    });
    Ok(watcher)
}
