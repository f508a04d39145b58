//! Prometheus metrics, through the `prometheus` crate's registry and text
//! encoder. Counters are resolved to their label values once where the set
//! of labels is closed (methods, reload results), so the hot path only adds.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};
use std::sync::Arc;
use zeren::decision::Method;

/// Every metric the service exports. Cheap to clone (the metrics are shared).
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    /// Requests by endpoint (the route pattern) and status code.
    pub requests: IntCounterVec,
    /// Request latency by endpoint.
    pub latency: HistogramVec,
    /// Decisions by method, in `Method::ALL` order.
    decisions: Arc<Vec<IntCounter>>,
    /// Reloads that swapped a version in.
    pub reloads_succeeded: IntCounter,
    /// Reloads refused (the old version kept serving).
    pub reloads_refused: IntCounter,
    /// Tickets rejected as invalid (bad JSON, unknown attribute, wrong type).
    pub tickets_rejected: IntCounter,
    /// Decision-log lines written.
    pub log_written: IntCounter,
    /// Decision-log lines dropped because the disk could not keep up.
    pub log_dropped: IntCounter,
    /// Open connections.
    pub connections_open: IntGauge,
    /// Connections closed at once because the limit was reached.
    pub connections_refused: IntCounter,
    /// Requests answered 503 because too many were in flight.
    pub shed: IntCounter,
    /// 1, labelled with the serving version.
    rules_info: prometheus::IntGaugeVec,
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("zeren_http_requests_total", "HTTP requests by endpoint and status"),
            &["endpoint", "status"],
        )?;
        // Routing takes microseconds; the buckets start well below a millisecond so p99 is visible.
        let buckets = vec![0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];
        let latency = HistogramVec::new(
            HistogramOpts::new("zeren_http_request_duration_seconds", "HTTP request latency by endpoint")
                .buckets(buckets),
            &["endpoint"],
        )?;
        let decisions_vec =
            IntCounterVec::new(Opts::new("zeren_decisions_total", "Routing decisions by method"), &["method"])?;
        let reloads = IntCounterVec::new(Opts::new("zeren_reloads_total", "Reload attempts by result"), &["result"])?;
        let tickets_rejected = IntCounter::new("zeren_tickets_rejected_total", "Tickets rejected as invalid")?;
        let log_written = IntCounter::new("zeren_decision_log_written_total", "Decision log lines written")?;
        let log_dropped =
            IntCounter::new("zeren_decision_log_dropped_total", "Decision log lines dropped: the disk fell behind")?;
        let connections_open = IntGauge::new("zeren_connections_open", "Open client connections")?;
        let connections_refused =
            IntCounter::new("zeren_connections_refused_total", "Connections closed at once: too many open")?;
        let shed = IntCounter::new("zeren_requests_shed_total", "Requests answered 503: too many in flight")?;
        let rules_info = prometheus::IntGaugeVec::new(
            Opts::new("zeren_rules_info", "The serving rule set (value 1)"),
            &["ruleset", "version", "hash"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(decisions_vec.clone()))?;
        registry.register(Box::new(reloads.clone()))?;
        for c in [&tickets_rejected, &log_written, &log_dropped, &connections_refused, &shed] {
            registry.register(Box::new(c.clone()))?;
        }
        registry.register(Box::new(connections_open.clone()))?;
        registry.register(Box::new(rules_info.clone()))?;
        let decisions = Method::ALL.iter().map(|m| decisions_vec.with_label_values(&[m.as_str()])).collect();
        Ok(Metrics {
            registry,
            requests,
            latency,
            decisions: Arc::new(decisions),
            reloads_succeeded: reloads.with_label_values(&["succeeded"]),
            reloads_refused: reloads.with_label_values(&["refused"]),
            tickets_rejected,
            log_written,
            log_dropped,
            connections_open,
            connections_refused,
            shed,
            rules_info,
        })
    }

    /// Counts one decision.
    pub fn decided(&self, method: Method) {
        if let Some(c) = Method::ALL.iter().position(|m| *m == method).and_then(|i| self.decisions.get(i)) {
            c.inc();
        }
    }

    /// Labels `zeren_rules_info` with the serving version (the previous label set is removed).
    pub fn serving(&self, ruleset: &str, version: &str, hash: u64) {
        self.rules_info.reset();
        self.rules_info.with_label_values(&[ruleset, version, &format!("{hash:016x}")]).set(1);
    }

    /// The text exposition format.
    pub fn render(&self) -> Result<String, prometheus::Error> {
        let mut buf = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buf)?;
        String::from_utf8(buf).map_err(|e| prometheus::Error::Msg(e.to_string()))
    }
}
