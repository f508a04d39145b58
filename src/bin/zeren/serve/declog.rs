//! The decision log (as OPA servers keep one): one JSON line per decision,
//! `{"time", "decision_id", "ticket", "decision", "ruleset"}`, appended by a
//! thread of its own. A request hands its entry over a bounded channel and
//! never waits for the disk: when the channel is full the entry is dropped and
//! counted (`zeren_decision_log_dropped_total`, and in `/v1/rules`).
//! `zeren replay` and `zeren diff --tickets` read the file as it is.

use super::metrics::Metrics;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use zeren::decision::Decision;
use zeren::ticket::Ticket;
use zeren::Engine;

/// Entries waiting for the disk at most; past this they are dropped.
const QUEUE: usize = 65_536;
/// Rotated files kept: FILE.1 (newest) … FILE.5.
const KEEP: u32 = 5;

/// One decision to log; serialised by the writer thread, off the request path.
pub struct Entry {
    /// When it was decided.
    pub time: SystemTime,
    /// Its id.
    pub id: String,
    /// The validated ticket.
    pub ticket: Ticket,
    /// The decision.
    pub decision: Decision,
    /// The version that decided (its schema names the ticket's attributes).
    pub snapshot: Arc<Engine>,
}

/// The sending side, shared by every request.
pub struct DecisionLog {
    tx: Mutex<Option<SyncSender<Entry>>>,
    writer: Mutex<Option<std::thread::JoinHandle<()>>>,
    metrics: Metrics,
}

impl DecisionLog {
    /// Opens (appends to) the log and starts its writer thread.
    pub fn open(path: &Path, max_bytes: u64, metrics: Metrics) -> std::io::Result<DecisionLog> {
        let file = open_append(path)?;
        let size = file.metadata().map_or(0, |m| m.len());
        let (tx, rx) = std::sync::mpsc::sync_channel(QUEUE);
        let mut writer = Writer { path: path.to_path_buf(), out: std::io::BufWriter::new(file), size, max_bytes };
        let m = metrics.clone();
        let handle = std::thread::Builder::new().name("decision-log".into()).spawn(move || writer.run(&rx, &m))?;
        Ok(DecisionLog { tx: Mutex::new(Some(tx)), writer: Mutex::new(Some(handle)), metrics })
    }

    /// Queues an entry; drops it (and counts the drop) when the writer is behind.
    pub fn log(&self, entry: Entry) {
        let Ok(guard) = self.tx.lock() else { return };
        let Some(tx) = guard.as_ref() else { return };
        match tx.try_send(entry) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => self.metrics.log_dropped.inc(),
        }
    }

    /// Entries dropped so far.
    pub fn dropped(&self) -> u64 {
        self.metrics.log_dropped.get()
    }

    /// Stops taking entries, writes what is queued and waits for the writer.
    pub fn close(&self) {
        if let Ok(mut tx) = self.tx.lock() {
            tx.take();
        }
        if let Some(handle) = self.writer.lock().ok().and_then(|mut w| w.take()) {
            let _ = handle.join();
        }
    }
}

struct Writer {
    path: PathBuf,
    out: std::io::BufWriter<std::fs::File>,
    size: u64,
    max_bytes: u64,
}

impl Writer {
    fn run(&mut self, rx: &Receiver<Entry>, metrics: &Metrics) {
        loop {
            // Flush when the queue runs dry, so a quiet service's log is current within a moment.
            let entry = match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(e) => e,
                Err(RecvTimeoutError::Timeout) => {
                    let _ = self.out.flush();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            };
            let line = line(&entry);
            if let Err(e) = self.write(line.as_bytes()) {
                tracing::error!(error = %e, file = %self.path.display(), "cannot write the decision log");
                metrics.log_dropped.inc();
            } else {
                metrics.log_written.inc();
            }
        }
        let _ = self.out.flush();
    }

    fn write(&mut self, line: &[u8]) -> std::io::Result<()> {
        if self.size > 0 && self.size + line.len() as u64 > self.max_bytes {
            self.rotate()?;
        }
        self.out.write_all(line)?;
        self.size += line.len() as u64;
        Ok(())
    }

    /// FILE → FILE.1 → … → FILE.5 (the oldest falls off), then a new FILE.
    fn rotate(&mut self) -> std::io::Result<()> {
        self.out.flush()?;
        let name = |n: u32| PathBuf::from(format!("{}.{n}", self.path.display()));
        for n in (1..KEEP).rev() {
            let from = name(n);
            if from.exists() {
                std::fs::rename(&from, name(n + 1))?;
            }
        }
        std::fs::rename(&self.path, name(1))?;
        self.out = std::io::BufWriter::new(open_append(&self.path)?);
        self.size = 0;
        tracing::info!(file = %self.path.display(), "decision log rotated");
        Ok(())
    }
}

fn open_append(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new().create(true).append(true).open(path)
}

fn line(e: &Entry) -> String {
    let rules = e.snapshot.rules().provenance();
    let value = serde_json::json!({
        "time": rfc3339(e.time),
        "decision_id": e.id,
        "ticket": e.ticket.to_json(&e.snapshot.rule_set().attrs),
        "decision": e.decision,
        "ruleset": {
            "name": rules.ruleset,
            "version": rules.version,
            "hash": format!("{:016x}", rules.content_hash),
        },
    });
    let mut s = value.to_string();
    s.push('\n');
    s
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, in UTC.
pub fn rfc3339(t: SystemTime) -> String {
    let d = t.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, day) = civil_from_days(days as i64);
    format!("{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z", rem / 3600, rem % 3600 / 60, rem % 60, d.subsec_millis())
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_utc_calendar_dates() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_millis(1_709_208_000_123); // 2024-02-29 12:00:00.123
        assert_eq!(rfc3339(t), "2024-02-29T12:00:00.123Z");
        assert_eq!(rfc3339(SystemTime::UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(4_102_444_799); // 2099-12-31 23:59:59
        assert_eq!(rfc3339(t), "2099-12-31T23:59:59.000Z");
    }
}
