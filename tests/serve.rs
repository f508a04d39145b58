//! `zeren serve` over real HTTP: every endpoint, batch, reload (HTTP, SIGHUP,
//! file events) that never serves a broken list, the decision log read back by
//! `zeren replay`, limits, and graceful shutdown.
#![expect(clippy::expect_used, clippy::panic, reason = "a test fails by panicking, naming what it saw")]

mod serve_kit;

use serde_json::{json, Value};
use serve_kit::{copy_rules, request, shipped_rules, Server};
use std::time::{Duration, Instant};

const TICKET: &str = r#"{"category": "预付卡", "venue": "健身房", "text": "健身房突然关门了，办的年卡还剩八个月，找不到人退钱", "amount": 3000}"#;

fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if f() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn a_ticket_is_routed_with_its_id_provenance_and_explanation() {
    let rules = shipped_rules();
    let server = Server::start(&[&rules], &[]);
    let r = server.post("/v1/route", TICKET);
    assert_eq!(r.status, 200, "{}", r.body);
    let d = r.json();
    // The same answer the inline test in rules/10_prepaid.rules expects.
    assert_eq!(
        (d["lead"].as_str(), d["item"].as_str(), d["method"].as_str()),
        (Some("jtj"), Some("健身场馆预付卡"), Some("direct"))
    );
    assert_eq!(d["assists"], json!(["scjg"]));
    // SPEC §6's keys first, in order, then the service's own.
    let keys: Vec<&str> = r
        .body
        .trim_start_matches('{')
        .split(",\"")
        .map(|k| k.trim_matches('"').split('"').next().unwrap_or(""))
        .collect();
    let spec = [
        "lead",
        "lead_name",
        "assists",
        "liaisons",
        "item",
        "path",
        "method",
        "score",
        "analogy_of",
        "candidates",
        "basis",
    ];
    let at = |k: &str| keys.iter().position(|x| *x == k).unwrap_or_else(|| panic!("no key {k} in {keys:?}"));
    assert!(spec.windows(2).all(|w| at(w[0]) < at(w[1])), "{keys:?}");
    assert!(at("basis") < at("decision_id") && at("decision_id") < at("provenance"));
    assert!(!d["decision_id"].as_str().unwrap_or("").is_empty());
    assert!(r.header("x-request-id").is_some());
    let info = server.get("/v1/rules").json();
    assert_eq!(d["provenance"]["content_hash"], info["content_hash"]);
    assert_eq!(d["provenance"]["version"], info["version"]);
    assert!(d["provenance"]["file"].as_str().unwrap_or("").ends_with("10_prepaid.rules"));
    assert!(d.get("explanation").is_none());

    let x = server
        .post(
            "/v1/route?explain=true&why_not=%E9%A2%84%E4%BB%98%E5%8D%A1%E7%BB%8F%E8%90%A5%E8%80%85%E8%B7%91%E8%B7%AF",
            TICKET,
        )
        .json();
    let e = &x["explanation"];
    assert_eq!(e["candidates"][0]["item"], "健身场馆预付卡");
    assert!(e["text"].as_str().unwrap_or("").contains("decision:"));
    let w = &e["why_not"];
    assert_eq!(w["item"], "预付卡经营者跑路");
    assert_eq!(w["won"], false);
    assert!(w["own"].as_array().is_some_and(|a| a.iter().any(|p| p["held"] == false)), "{w}");
    let ids: Vec<Value> = (0..3).map(|_| server.post("/v1/route", TICKET).json()["decision_id"].clone()).collect();
    assert!(ids[0] != ids[1] && ids[1] != ids[2]);
    // An unknown item for why_not is a 400 that names the nearest one.
    let r = server.post("/v1/route?why_not=%E9%A2%84%E4%BB%98%E5%8D%A1%E7%BB%8F%E8%90%A5%E8%80%85", TICKET);
    assert_eq!(r.status, 400);
}

#[test]
fn bad_tickets_get_a_clear_4xx() {
    let server = Server::start(&[&shipped_rules()], &[]);
    for (body, needle) in [
        ("{\"text\": ", "EOF"),
        ("[1, 2]", "object"),
        (r#"{"txet": "噪音"}"#, "txet"),
        (r#"{"amount": "三千"}"#, "amount"),
        (r#"{"venue": "火星"}"#, "venue"),
    ] {
        let r = server.post("/v1/route", body);
        assert_eq!(r.status, 400, "{body}: {}", r.body);
        let e = r.json();
        assert_eq!(e["error"]["code"], "bad-ticket");
        assert!(e["error"]["message"].as_str().unwrap_or("").contains(needle), "{body}: {}", r.body);
    }
    // Lenient mode ignores the undeclared attribute, as `zeren route --lenient` does.
    assert_eq!(server.post("/v1/route?lenient=true", r#"{"txet": "噪音", "text": "噪音"}"#).status, 200);
    let metrics = server.get("/metrics").body;
    assert!(metrics.contains("zeren_tickets_rejected_total 5"), "{metrics}");
    assert_eq!(server.get("/nowhere").status, 404);
    assert_eq!(server.get("/v1/route").status, 405);
}

#[test]
fn a_batch_answers_every_ticket_in_order_with_errors_in_place() {
    let server = Server::start(&[&shipped_rules()], &[]);
    let body = format!("[{TICKET}, {{\"venue\": \"火星\"}}, {{\"text\": \"小区门口的美发店老板跑路了，会员卡里还有两千多没消费\", \"amount\": 2000}}]");
    let r = server.post("/v1/route/batch", &body);
    assert_eq!(r.status, 200, "{}", r.body);
    let a = r.json();
    assert_eq!(a.as_array().map(Vec::len), Some(3));
    assert_eq!(a[0]["lead"], "jtj");
    assert_eq!(a[1]["index"], 1);
    assert!(a[1]["error"].as_str().unwrap_or("").contains("venue"));
    assert_eq!(a[2]["lead"], "gaj");
    assert_eq!(a[2]["method"], "priority");

    let lines = format!("{TICKET}\n# a comment\n\nnot json\r\n{TICKET}\n");
    let r = server.post("/v1/route/batch", &lines);
    assert_eq!(r.header("content-type"), Some("application/x-ndjson"));
    let out: Vec<Value> = r.body.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(out.len(), 3);
    assert_eq!((out[1]["index"].as_u64(), out[1]["line"].as_u64()), (Some(1), Some(4)));
    assert_eq!(out[2]["lead"], "jtj");
    // A whole body that is not an array of JSON is refused as one.
    assert_eq!(server.post("/v1/route/batch", "[{\"text\": ").status, 400);
}

#[test]
fn rules_schema_check_health_and_metrics() {
    let server = Server::start(&[&shipped_rules()], &[]);
    assert_eq!(server.get("/healthz").status, 200);
    assert_eq!(server.get("/readyz").json()["ready"], true);
    let info = server.get("/v1/rules").json();
    assert_eq!(info["ruleset"], "示范县级市民生诉求部门职责边界清单");
    assert!(info["counts"]["items"].as_u64().unwrap_or(0) > 50, "{info}");
    assert_eq!(info["content_hash"].as_str().map(str::len), Some(16));
    let schema = server.get("/v1/schema").json();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    // The same schema `zeren schema` prints.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zeren"))
        .arg("schema")
        .arg(shipped_rules())
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).expect("JSON"), schema);
    assert_eq!(schema["x-zeren-order"], json!(["category", "text", "venue", "amount", "online", "street", "received"]));
    assert!(schema["properties"]["venue"]["enum"].as_array().is_some_and(|e| e.contains(&json!("健身房"))));

    // /v1/check: alone, a file without departments fails with line and column; in place, it is checked with the set.
    let broken = "item x { when text has \"k\" lead nobody }\n";
    let r = server.post("/v1/check", broken).json();
    assert_eq!(r["loaded"], false);
    assert_eq!(r["diagnostics"][0]["line"], 1);
    let served = server.get("/v1/file?path=".to_string().as_str());
    assert_eq!(served.status, 404);
    let files = server.get("/v1/files").json();
    // The first file with an English `lead` clause after the first line (05_territory.rules is in Chinese keywords).
    let (path, text) = files["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["path"].as_str())
        .map(|p| (p.to_string(), server.get(&format!("/v1/file?path={}", urlencode(p))).body))
        .find(|(_, text)| text.contains("\n  lead "))
        .expect("a file with a `lead` clause");
    let edit = json!({"path": path, "text": text.replacen("lead ", "lead nobody_here ", 1)});
    let r = server.post("/v1/check", &edit.to_string()).json();
    assert_eq!(r["loaded"], false, "{r}");
    let d = &r["diagnostics"][0];
    assert_eq!(d["file"].as_str(), Some(path.as_str()));
    assert!(d["line"].as_u64().unwrap_or(0) > 1 && d["column"].as_u64().unwrap_or(0) >= 1, "{d}");
    let r = server.post("/v1/check", &json!({"path": path, "text": text}).to_string()).json();
    assert_eq!((r["loaded"].as_bool(), r["ok"].as_bool()), (Some(true), Some(true)), "{r}");

    server.post("/v1/route", TICKET);
    let m = server.get("/metrics");
    assert!(m.header("content-type").unwrap_or("").starts_with("text/plain"));
    for needle in [
        "zeren_decisions_total{method=\"direct\"} 1",
        "zeren_http_requests_total{endpoint=\"/v1/route\",status=\"200\"} 1",
        "zeren_http_request_duration_seconds_bucket{endpoint=\"/v1/route\"",
        "zeren_reloads_total{result=\"refused\"} 0",
        "zeren_reloads_total{result=\"succeeded\"} 0",
    ] {
        assert!(m.body.contains(needle), "{needle} missing from\n{}", m.body);
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_./".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn the_openapi_description_lists_exactly_the_routes_served() {
    let server = Server::start(&[&shipped_rules()], &[]);
    let doc = server.get("/v1/openapi.json").json();
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 19, "{}", paths.len());
    for (path, ops) in paths {
        for method in ops.as_object().expect("operations").keys() {
            let r = request(server.addr, &method.to_uppercase(), path, &[], b"");
            // Any answer but "no such route" or "no such method": the route exists (an empty body may be a 400).
            assert!(r.status != 404 && r.status != 405, "{method} {path}: {} {}", r.status, r.body);
            // And the other method is not served there: the description names every method a path has.
            let other = if method == "get" { "POST" } else { "GET" };
            if !ops.as_object().is_some_and(|o| o.contains_key(&other.to_lowercase())) {
                assert_eq!(request(server.addr, other, path, &[], b"").status, 405, "{other} {path}");
            }
        }
    }
}

#[test]
fn reload_never_serves_a_broken_list() {
    let dir = copy_rules("reload");
    let token_file = dir.with_extension("token");
    std::fs::write(&token_file, "0123456789abcdef-test-token\n").expect("writes the token");
    let server = Server::start(&[&dir], &["--admin-token-file", token_file.to_str().expect("utf-8")]);
    let auth = [("authorization", "Bearer 0123456789abcdef-test-token")];
    let before = server.get("/v1/rules").json()["content_hash"].clone();
    assert_eq!(request(server.addr, "POST", "/v1/reload", &[], b"").status, 401);
    assert_eq!(
        request(server.addr, "POST", "/v1/reload", &[("authorization", "Bearer 0123456789abcdef-test-tokeX")], b"")
            .status,
        401
    );

    // A broken edit is refused, reported, and the old version keeps answering.
    let prepaid = dir.join("10_prepaid.rules");
    let good = std::fs::read_to_string(&prepaid).expect("reads");
    std::fs::write(&prepaid, good.replacen("lead jtj", "lead jtjj", 1)).expect("writes");
    let r = request(server.addr, "POST", "/v1/reload", &auth, b"");
    assert_eq!(r.status, 422, "{}", r.body);
    let info = server.get("/v1/rules").json();
    assert_eq!(info["content_hash"], before);
    assert_eq!(info["last_reload"]["result"], "refused");
    assert_eq!(info["last_reload"]["trigger"], "http");
    assert!(info["last_reload"]["diagnostics"][0]["message"].as_str().unwrap_or("").contains("jtjj"), "{info}");
    let d = server.post("/v1/route", TICKET).json();
    assert_eq!((d["lead"].as_str(), &d["provenance"]["content_hash"]), (Some("jtj"), &before));

    // A good edit is swapped in and decisions say so.
    std::fs::write(&prepaid, good.replacen("lead jtj", "lead swj", 1)).expect("writes");
    let r = request(server.addr, "POST", "/v1/reload", &auth, b"");
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["result"], "swapped");
    let d = server.post("/v1/route", TICKET).json();
    assert_ne!(d["provenance"]["content_hash"], before);

    // SIGHUP reloads too.
    std::fs::write(&prepaid, &good).expect("writes");
    server.signal("HUP");
    wait_for("the SIGHUP reload", || server.get("/v1/rules").json()["content_hash"] == before);
    assert_eq!(server.get("/v1/rules").json()["last_reload"]["trigger"], "sighup");
    let m = server.get("/metrics").body;
    assert!(
        m.contains("zeren_reloads_total{result=\"refused\"} 1")
            && m.contains("zeren_reloads_total{result=\"succeeded\"} 2"),
        "{m}"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&token_file);
}

#[test]
fn watch_reloads_on_file_events_and_refuses_broken_saves() {
    let dir = copy_rules("watch");
    let server = Server::start(&[&dir], &["--watch"]);
    let before = server.get("/v1/rules").json()["content_hash"].clone();
    let prepaid = dir.join("10_prepaid.rules");
    let good = std::fs::read_to_string(&prepaid).expect("reads");
    std::fs::write(&prepaid, "item 坏 {").expect("writes");
    wait_for("the refused reload", || server.get("/v1/rules").json()["last_reload"]["result"] == "refused");
    assert_eq!(server.get("/v1/rules").json()["content_hash"], before);
    assert_eq!(server.post("/v1/route", TICKET).json()["lead"], "jtj");
    std::fs::write(&prepaid, good.replacen("lead jtj", "lead swj", 1)).expect("writes");
    wait_for("the swap", || server.get("/v1/rules").json()["content_hash"] != before);
    assert_eq!(server.get("/v1/rules").json()["last_reload"]["trigger"], "watch");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_decision_log_is_read_by_replay_and_shutdown_is_graceful() {
    let dir = std::env::temp_dir().join(format!("zeren-serve-log-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creates");
    let log = dir.join("decisions.jsonl");
    let server = Server::start(&[&shipped_rules()], &["--decision-log", log.to_str().expect("utf-8")]);
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(server.post("/v1/route", TICKET).json()["decision_id"].as_str().expect("an id").to_string());
    }
    let batch = server.post("/v1/route/batch", &format!("[{TICKET}, {TICKET}]")).json();
    ids.extend(
        batch.as_array().expect("an array").iter().map(|d| d["decision_id"].as_str().expect("an id").to_string()),
    );
    server.signal("TERM");
    assert_eq!(server.wait(Duration::from_secs(20)), Some(0), "exits 0 after SIGTERM");
    let text = std::fs::read_to_string(&log).expect("the log exists");
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(lines.len(), 5, "{text}");
    for (line, id) in lines.iter().zip(&ids) {
        assert_eq!(line["decision_id"].as_str(), Some(id.as_str()));
        assert_eq!(line["decision"]["lead"], "jtj");
        assert_eq!(line["ticket"]["venue"], "健身房");
        assert_eq!(line["ruleset"]["hash"].as_str().map(str::len), Some(16));
        assert!(line["time"].as_str().unwrap_or("").ends_with('Z'));
    }
    // `zeren replay` reads the log as it is: today's traffic is tomorrow's `diff --tickets`.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zeren"))
        .args(["replay", "--format", "json"])
        .arg(shipped_rules())
        .arg(&log)
        .output()
        .expect("runs replay");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    assert_eq!(report["tickets"], 5, "{report}");
    assert_eq!(report["bad"], 0, "{report}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zeren"))
        .arg("diff")
        .args([shipped_rules(), shipped_rules()])
        .arg("--tickets")
        .arg(&log)
        .output()
        .expect("runs diff");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn limits_cors_and_admin() {
    let server = Server::start(&[&shipped_rules()], &["--body-limit", "1000"]);
    let big = format!("{{\"text\": \"{}\"}}", "噪".repeat(1000));
    let r = server.post("/v1/route", &big);
    assert_eq!(r.status, 413, "{}", r.body);
    // The batch endpoint has its own, larger limit.
    assert_eq!(server.post("/v1/route/batch", &format!("[{big}]")).status, 200);
    // Reload over HTTP is off without a token file.
    assert_eq!(request(server.addr, "POST", "/v1/reload", &[("authorization", "Bearer x")], b"").status, 403);
    // No CORS headers unless asked for.
    let pre = [("origin", "https://dispatch.example"), ("access-control-request-method", "POST")];
    let r = request(server.addr, "OPTIONS", "/v1/route", &pre, b"");
    assert!(r.header("access-control-allow-origin").is_none(), "{r:?}");
    drop(server);
    let server = Server::start(&[&shipped_rules()], &["--cors", "https://dispatch.example"]);
    let r = request(server.addr, "OPTIONS", "/v1/route", &pre, b"");
    assert_eq!(r.header("access-control-allow-origin"), Some("https://dispatch.example"), "{r:?}");
    let r = request(server.addr, "POST", "/v1/route", &[("origin", "https://dispatch.example")], TICKET.as_bytes());
    assert_eq!(r.header("access-control-allow-origin"), Some("https://dispatch.example"));
}

#[test]
fn bad_arguments_exit_2_with_a_message() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_zeren")).arg("serve").args(args).output().expect("runs")
    };
    let rules = shipped_rules();
    let rules = rules.to_str().expect("utf-8");
    let out = run(&[rules, "--admin-token-file", "/nonexistent/token"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/token"));
    let out = run(&[rules, "--cors", "*"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["/nonexistent/rules"]);
    assert_eq!(out.status.code(), Some(2));
}
