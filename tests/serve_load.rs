//! Load, faults and reloads against a real `zeren serve`, on loopback only,
//! bounded in time (`ZEREN_LOAD_SECS` seconds per phase, 2 by default) and in
//! count. CI checks what must hold on any machine — no failed request, no
//! decision from a broken version, a clear 4xx or a closed connection for
//! every fault, bounded memory — and prints the figures; the README's figures
//! come from `ZEREN_LOAD_SECS=10 cargo test --release --all-features --test
//! serve_load -- --nocapture --test-threads 1`.
#![expect(clippy::expect_used, clippy::panic, reason = "a test fails by panicking, naming what it saw")]

mod serve_kit;

use serde_json::Value;
use serve_kit::{copy_rules, shipped_rules, Server};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The tests of this file measure: one at a time, so they do not share the two cores with each other.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn secs() -> u64 {
    std::env::var("ZEREN_LOAD_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(2)
}

/// The example tickets, cleaned to the schema (the export carries `id` and `returned` too).
fn tickets() -> Vec<String> {
    let set = zeren::load::load_paths(&[shipped_rules()]).expect("the shipped rules load");
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/tickets.jsonl"))
        .expect("examples/tickets.jsonl");
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| zeren::ticket::Ticket::from_value(&set.attrs, &v, zeren::ticket::Strictness::Lenient).ok())
        .map(|t| t.to_json(&set.attrs).to_string())
        .collect()
}

/// VmHWM (peak resident set) of a process, in MiB.
fn peak_rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// CPU seconds (user + system) a process has used, from /proc/PID/stat (clock ticks of 1/100 s).
fn cpu_secs(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th field.
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// The machine's 1-minute load average, to read the figures by.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().next().unwrap_or("?").to_string()
}

struct Stats {
    ok: u64,
    failed: u64,
    latencies_us: Vec<u64>,
    hashes: HashSet<String>,
}

/// `conns` keep-alive connections, each sending POST `path` with the next body until `stop`.
async fn hammer(
    addr: SocketAddr,
    path: &'static str,
    bodies: Arc<Vec<String>>,
    conns: usize,
    stop: Arc<AtomicBool>,
) -> Stats {
    let stats = Arc::new(Mutex::new(Stats { ok: 0, failed: 0, latencies_us: Vec::new(), hashes: HashSet::new() }));
    let mut tasks = Vec::new();
    for c in 0..conns {
        let (bodies, stop, stats) = (bodies.clone(), stop.clone(), stats.clone());
        tasks.push(tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let (mut ok, mut failed, mut lat, mut hashes) = (0u64, 0u64, Vec::new(), HashSet::new());
            let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connects");
            stream.set_nodelay(true).expect("nodelay");
            // Plain HTTP/1.1 written and read by hand: the load generator shares the two cores with the
            // server, so it should cost as little as it can (a full client costs several times more).
            let requests: Vec<Vec<u8>> = bodies
                .iter()
                .map(|b| {
                    let mut r = format!(
                        "POST {path} HTTP/1.1\r\nhost: load\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                        b.len()
                    )
                    .into_bytes();
                    r.extend_from_slice(b.as_bytes());
                    r
                })
                .collect();
            let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
            let mut i = c;
            'requests: while !stop.load(Ordering::Relaxed) {
                let req = &requests[i % requests.len()];
                i += 1;
                let start = Instant::now();
                if stream.write_all(req).await.is_err() {
                    failed += 1;
                    break;
                }
                buf.clear();
                let (head_end, length) = loop {
                    if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                        let length = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .expect("a content-length");
                        break (end + 4, length);
                    }
                    match stream.read_buf(&mut buf).await {
                        Ok(0) | Err(_) => {
                            failed += 1;
                            break 'requests;
                        }
                        Ok(_) => {}
                    }
                };
                while buf.len() < head_end + length {
                    match stream.read_buf(&mut buf).await {
                        Ok(0) | Err(_) => {
                            failed += 1;
                            break 'requests;
                        }
                        Ok(_) => {}
                    }
                }
                lat.push(start.elapsed().as_micros() as u64);
                let body = &buf[head_end..head_end + length];
                if buf.starts_with(b"HTTP/1.1 200") {
                    ok += 1;
                    // Every decision names the version that made it.
                    if let Some(at) = body.windows(16).position(|w| w == b"\"content_hash\":\"") {
                        let h = &body[at + 16..(at + 32).min(body.len())];
                        hashes.insert(String::from_utf8_lossy(h).into_owned());
                    }
                } else {
                    failed += 1;
                }
            }
            let mut s = stats.lock().expect("stats");
            s.ok += ok;
            s.failed += failed;
            s.latencies_us.extend(lat);
            s.hashes.extend(hashes);
        }));
    }
    for t in tasks {
        t.await.expect("a client task");
    }
    Arc::try_unwrap(stats).ok().expect("one owner").into_inner().expect("stats")
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

async fn timed(
    addr: SocketAddr,
    path: &'static str,
    bodies: Arc<Vec<String>>,
    conns: usize,
    d: Duration,
) -> (Stats, f64) {
    let stop = Arc::new(AtomicBool::new(false));
    let s2 = stop.clone();
    let start = Instant::now();
    let handle = tokio::spawn(hammer(addr, path, bodies, conns, stop));
    tokio::time::sleep(d).await;
    s2.store(true, Ordering::Relaxed);
    let mut stats = handle.await.expect("hammer");
    stats.latencies_us.sort_unstable();
    (stats, start.elapsed().as_secs_f64())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[expect(clippy::await_holding_lock, reason = "the lock only orders this file's tests, each on its own runtime")]
async fn throughput_single_and_batch() {
    let _serial = serial();
    let server = Server::start(&[&shipped_rules()], &[]);
    let tickets = Arc::new(tickets());
    assert!(tickets.len() > 100);
    let d = Duration::from_secs(secs());
    // Warm up.
    let _ = timed(server.addr, "/v1/route", tickets.clone(), 8, Duration::from_millis(300)).await;
    let cpu = cpu_secs(server.pid());
    let (s, elapsed) = timed(server.addr, "/v1/route", tickets.clone(), 64, d).await;
    let cpu = cpu_secs(server.pid()) - cpu;
    let rps = s.ok as f64 / elapsed;
    eprintln!(
        "single: the server used {cpu:.1} CPU s = {:.0} µs per request (both cores: {:.0} req/s of capacity); load average {}",
        cpu * 1e6 / s.ok.max(1) as f64,
        2.0 * s.ok as f64 / cpu.max(0.01),
        loadavg()
    );
    eprintln!(
        "single: {} ok, {} failed in {elapsed:.1} s = {rps:.0} req/s at 64 connections; p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        s.ok,
        s.failed,
        percentile(&s.latencies_us, 0.5),
        percentile(&s.latencies_us, 0.99),
        percentile(&s.latencies_us, 1.0)
    );
    assert_eq!(s.failed, 0);
    assert!(s.ok > 0);

    let per_batch = 10_000;
    let batch: String =
        format!("[{}]", (0..per_batch).map(|i| tickets[i % tickets.len()].as_str()).collect::<Vec<_>>().join(","));
    let batches = Arc::new(vec![batch]);
    let cpu = cpu_secs(server.pid());
    let (s, elapsed) = timed(server.addr, "/v1/route/batch", batches, 2, d).await;
    let cpu = cpu_secs(server.pid()) - cpu;
    let tps = (s.ok * per_batch as u64) as f64 / elapsed;
    eprintln!(
        "batch: the server used {cpu:.1} CPU s = {:.2} µs per ticket (both cores: {:.0} tickets/s of capacity)",
        cpu * 1e6 / (s.ok.max(1) * per_batch as u64) as f64,
        2.0 * (s.ok * per_batch as u64) as f64 / cpu.max(0.01)
    );
    eprintln!(
        "batch: {} batches of {per_batch} ok, {} failed in {elapsed:.1} s = {tps:.0} tickets/s at 2 connections; p50 {:.1} ms per batch",
        s.ok,
        s.failed,
        percentile(&s.latencies_us, 0.5)
    );
    assert_eq!(s.failed, 0);
    eprintln!("peak RSS after load: {:.1} MiB", peak_rss_mib(server.pid()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[expect(clippy::await_holding_lock, reason = "the lock only orders this file's tests, each on its own runtime")]
async fn reloads_under_load_never_serve_a_broken_version() {
    let _serial = serial();
    let dir = copy_rules("load-reload");
    let token = dir.with_extension("token");
    std::fs::write(&token, "load-test-token-0123456789").expect("writes the token");
    let server = Server::start(&[&dir], &["--admin-token-file", token.to_str().expect("utf-8")]);
    let addr = server.addr;
    let tickets = Arc::new(tickets());
    let first = server.get("/v1/rules").json()["content_hash"].as_str().expect("a hash").to_string();
    let stop = Arc::new(AtomicBool::new(false));
    let load = tokio::spawn(hammer(addr, "/v1/route", tickets, 64, stop.clone()));
    let schema_file = dir.join("00_schema.rules");
    let good = std::fs::read_to_string(&schema_file).expect("reads");
    let reloads = tokio::task::spawn_blocking(move || {
        let mut valid = HashSet::from([first]);
        let (mut swapped, mut refused) = (0, 0);
        let auth = [("authorization", "Bearer load-test-token-0123456789")];
        for i in 0..100 {
            let text = if i % 2 == 0 {
                // Broken: a department every file names is gone.
                good.replace("department scjg  \"市场监督管理局\"", "")
            } else {
                good.replace("version \"2025.2\"", &format!("version \"2025.2-r{i}\""))
            };
            std::fs::write(&schema_file, text).expect("writes");
            let r = serve_kit::request(addr, "POST", "/v1/reload", &auth, b"");
            let v = r.json();
            match r.status {
                200 => {
                    swapped += 1;
                    valid.insert(v["serving_hash"].as_str().expect("a hash").to_string());
                }
                422 => refused += 1,
                s => panic!("reload answered {s}: {}", r.body),
            }
        }
        (valid, swapped, refused)
    });
    let (valid, swapped, refused) = reloads.await.expect("the reload loop");
    stop.store(true, Ordering::Relaxed);
    let stats = load.await.expect("the load");
    eprintln!(
        "reloads under load: {swapped} swapped, {refused} refused; {} decisions, {} failed; versions seen in decisions {} (all valid: {})",
        stats.ok,
        stats.failed,
        stats.hashes.len(),
        stats.hashes.is_subset(&valid)
    );
    assert_eq!((swapped, refused), (50, 50));
    assert_eq!(stats.failed, 0);
    assert!(stats.ok > 0);
    assert!(
        stats.hashes.is_subset(&valid),
        "a decision came from a version that was never swapped in: {:?}",
        stats.hashes.difference(&valid).collect::<Vec<_>>()
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&token);
}

/// Reads what the server sends until it closes or `limit` passes; (bytes, closed).
fn read_until_close(s: &mut TcpStream, limit: Duration) -> (Vec<u8>, bool) {
    let _ = s.set_read_timeout(Some(Duration::from_millis(200)));
    let start = Instant::now();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while start.elapsed() < limit {
        match s.read(&mut buf) {
            Ok(0) => return (out, true),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return (out, true),
        }
    }
    (out, false)
}

fn status_of(raw: &[u8]) -> Option<u16> {
    let text = String::from_utf8_lossy(raw);
    text.split(' ').nth(1).and_then(|s| s.parse().ok())
}

#[test]
fn faults_get_a_clear_4xx_or_a_closed_connection() {
    let _serial = serial();
    let server = Server::start(&[&shipped_rules()], &["--header-timeout", "2", "--request-timeout", "3"]);
    let addr = server.addr;

    // Malformed JSON.
    let r = server.post("/v1/route", "{\"text\": \"噪音\",,}");
    assert_eq!(r.status, 400);
    eprintln!("malformed JSON: {} {}", r.status, r.body);

    // A 100 MB body: refused at the limit, without reading (or keeping) the rest.
    let start = Instant::now();
    let mut s = TcpStream::connect(addr).expect("connects");
    let head =
        "POST /v1/route HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 104857600\r\n\r\n";
    s.write_all(head.as_bytes()).expect("writes");
    let chunk = vec![b' '; 1 << 20];
    let mut sent = 0usize;
    for _ in 0..100 {
        if s.write_all(&chunk).is_err() {
            break;
        }
        sent += chunk.len();
    }
    let (raw, _) = read_until_close(&mut s, Duration::from_secs(10));
    let status = status_of(&raw);
    eprintln!(
        "100 MB body: {status:?} after {:.2} s, {} MiB accepted by the socket before it answered or closed",
        start.elapsed().as_secs_f64(),
        sent >> 20
    );
    assert!(status == Some(413) || raw.is_empty(), "{}", String::from_utf8_lossy(&raw));

    // A slow client: one byte of headers a second is closed at the header timeout.
    let start = Instant::now();
    let mut s = TcpStream::connect(addr).expect("connects");
    let mut closed = false;
    for b in b"POST /v1/route HTTP/1.1\r\nhost: slow\r\n".iter().take(10) {
        if s.write_all(&[*b]).is_err() {
            closed = true;
            break;
        }
        let (_, c) = read_until_close(&mut s, Duration::from_secs(1));
        if c {
            closed = true;
            break;
        }
    }
    let took = start.elapsed().as_secs_f64();
    eprintln!("slow headers (1 byte/s): closed={closed} after {took:.1} s");
    assert!(closed && took < 6.0);

    // A slow body: the headers arrive, the body does not; the request times out with 408.
    let start = Instant::now();
    let mut s = TcpStream::connect(addr).expect("connects");
    s.write_all(b"POST /v1/route HTTP/1.1\r\nhost: slow\r\ncontent-length: 100\r\n\r\n{").expect("writes");
    let mut raw = Vec::new();
    for _ in 0..8 {
        let _ = s.write_all(b" ");
        let (r, c) = read_until_close(&mut s, Duration::from_secs(1));
        raw.extend(r);
        if c || !raw.is_empty() {
            break;
        }
    }
    eprintln!("slow body (1 byte/s): {:?} after {:.1} s", status_of(&raw), start.elapsed().as_secs_f64());
    assert_eq!(status_of(&raw), Some(408), "{}", String::from_utf8_lossy(&raw));

    // A ticket with 100,000 attributes: over the 1 MiB limit on /v1/route; refused by name on the batch endpoint.
    let mut big = String::from("{");
    for i in 0..100_000 {
        big.push_str(&format!("\"a{i}\":{i},"));
    }
    big.push_str("\"text\":\"噪音\"}");
    let r = server.post("/v1/route", &big);
    eprintln!("100,000 attributes on /v1/route ({} KiB): {}", big.len() >> 10, r.status);
    assert_eq!(r.status, 413);
    let r = server.post("/v1/route/batch", &format!("[{big}]"));
    assert_eq!(r.status, 200);
    assert!(r.json()[0]["error"].as_str().unwrap_or("").contains("a0"), "{}", r.body);
    let r = server.post("/v1/route/batch?lenient=true", &format!("[{big}]"));
    assert_eq!(r.json()[0]["method"].as_str().map(|m| !m.is_empty()), Some(true), "{}", r.body);

    let rss = peak_rss_mib(server.pid());
    eprintln!("peak RSS after the faults: {rss:.1} MiB");
    assert!(rss < 512.0, "peak RSS {rss:.1} MiB");
}

/// 10,000 idle connections held open (a header timeout long enough for all of
/// them to pile up): the service keeps the default 8,192, closes the rest as
/// soon as it accepts them, stays within bounded memory, and answers again as
/// soon as the idle clients go.
#[test]
fn ten_thousand_idle_connections_are_bounded() {
    let _serial = serial();
    let server = Server::start(&[&shipped_rules()], &["--header-timeout", "60"]);
    let addr = server.addr;
    let rss_before = peak_rss_mib(server.pid());
    let opening = Instant::now();
    let mut idle = Vec::new();
    let mut failed = None;
    for _ in 0..10_000 {
        match TcpStream::connect(addr) {
            Ok(s) => idle.push(s),
            Err(e) => {
                // The test process's own descriptor limit (`ulimit -n`), not the server's doing.
                failed = Some(e);
                break;
            }
        }
    }
    let open_secs = opening.elapsed().as_secs_f64();
    std::thread::sleep(Duration::from_millis(500));
    // Over the limit, a new connection is closed at once: no answer, but no hang either.
    let start = Instant::now();
    let during = serve_kit::try_request(addr, "GET", "/healthz", b"").map_or(0, |r| r.status);
    let during_secs = start.elapsed().as_secs_f64();
    let rss = peak_rss_mib(server.pid());
    let opened = idle.len();
    drop(idle);
    let metric = |name: &str| -> Option<f64> {
        let m = serve_kit::try_request(addr, "GET", "/metrics", b"")?.body;
        m.lines().find(|l| l.starts_with(name))?.split_whitespace().nth(1)?.parse().ok()
    };
    let mut answered = 0;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        answered = serve_kit::try_request(addr, "POST", "/v1/route", r#"{"text": "噪音扰民"}"#.as_bytes())
            .map_or(0, |r| r.status);
        if answered == 200 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let refused = metric("zeren_connections_refused_total").unwrap_or(-1.0);
    eprintln!(
        "10,000 idle connections: {opened} opened in {open_secs:.1} s ({failed:?}); a new connection then got {during} \
         (0 = closed at once) in {during_secs:.3} s; {refused} connections closed at once over the limit; peak RSS \
         {rss_before:.1} → {rss:.1} MiB; after the idle clients left, a request answered {answered} within {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(during == 0 || during == 200, "{during}");
    assert!(during_secs < 5.0);
    if opened == 10_000 {
        assert!(refused >= 1_808.0, "{refused} refused");
    }
    assert_eq!(answered, 200);
    assert!(rss < 512.0, "peak RSS {rss:.1} MiB");
}
