//! The workbench in a real browser: headless Chromium driven over WebDriver
//! (chromedriver, through `fantoccini`). Each test starts its own `zeren
//! serve` and chromedriver on free loopback ports, and saves a screenshot
//! under `target/browser/` for a person to look at.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them).
#![expect(clippy::expect_used, clippy::panic, reason = "a test fails by panicking, naming what it saw")]

mod serve_kit;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use serve_kit::{shipped_rules, Server};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// chromedriver on a free port, killed (by its own pid) when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn driver() -> Driver {
    let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let port = free_port();
    let child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start `{bin}` ({e}): install Debian's chromium and chromium-driver"));
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "chromedriver did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver { child, port }
}

async fn browser(driver: &Driver) -> Result<Client> {
    let mut caps = serde_json::Map::new();
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": binary,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1100", "--lang=zh-CN"],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client =
        ClientBuilder::new(connector).capabilities(caps).connect(&format!("http://127.0.0.1:{}", driver.port)).await?;
    Ok(client)
}

/// Scrolls `css` to the top of the window, so the screenshot shows it.
async fn scroll_to(client: &Client, css: &str) -> Result {
    client.execute("document.querySelector(arguments[0]).scrollIntoView()", vec![json!(css)]).await?;
    Ok(())
}

async fn screenshot(client: &Client, name: &str) -> Result {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("browser");
    std::fs::create_dir_all(&dir)?;
    let png = client.screenshot().await?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    Ok(())
}

/// Polls until `css` has text containing `needle`; the text.
async fn wait_text(client: &Client, css: &str, needle: &str) -> Result<String> {
    let start = Instant::now();
    let mut last = String::new();
    while start.elapsed() < Duration::from_secs(30) {
        if let Ok(el) = client.find(Locator::Css(css)).await {
            last = el.text().await.unwrap_or_default();
            if last.contains(needle) {
                return Ok(last);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("`{css}` never showed {needle:?}; last text {last:?}").into())
}

async fn open(client: &Client, server: &Server) -> Result {
    client.goto(&server.url("/")).await?;
    client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css("body[data-ready='1']")).await?;
    Ok(())
}

async fn tab(client: &Client, name: &str) -> Result {
    client.find(Locator::Css(&format!("nav button[data-tab='{name}']"))).await?.click().await?;
    Ok(())
}

/// Sets the editor's text as typing would: the `input` event fires.
async fn type_into_editor(client: &Client, text: &str) -> Result {
    client
        .execute(
            "const e = document.querySelector('#editor'); e.value = arguments[0]; e.dispatchEvent(new Event('input'));",
            vec![json!(text)],
        )
        .await?;
    Ok(())
}

/// The served path of a shipped file, as the service names it.
fn served_path(server: &Server, file: &str) -> String {
    let files = server.get("/v1/files").json();
    files["files"]
        .as_array()
        .and_then(|a| a.iter().filter_map(|f| f["path"].as_str()).find(|p| p.ends_with(file)))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no {file} served"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_page_loads() -> Result {
    let server = Server::start(&[&shipped_rules()], &[]);
    let d = driver();
    let client = browser(&d).await?;
    open(&client, &server).await?;
    assert_eq!(client.title().await?, "职责清单工作台 · zeren");
    wait_text(&client, "#ruleset", "示范县级市民生诉求部门职责边界清单").await?;
    // The form comes from the schema: a drop-down for the closed domain.
    let options = client.find_all(Locator::Css("#f-venue option")).await?;
    assert!(options.len() > 10, "{} options", options.len());
    screenshot(&client, "try-empty").await?;

    tab(&client, "list").await?;
    wait_text(&client, "#list-count", "个事项").await?;
    let matters = client.find_all(Locator::Css("#list .matter")).await?.len();
    client.find(Locator::Css("#list-search")).await?.send_keys("预付卡").await?;
    let count = wait_text(&client, "#list-count", "显示").await?;
    let shown = client.find_all(Locator::Css("#list .matter")).await?.len();
    assert!(shown >= 1 && shown < matters, "{shown} of {matters} shown for 预付卡 ({count})");
    // A matter's flowchart, laid out on the server as SVG.
    client.find(Locator::Css("#list .matter .chart-btn")).await?.click().await?;
    client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css("#list .matter .chart svg")).await?;
    scroll_to(&client, "#list .matter .chart").await?;
    screenshot(&client, "list-chart").await?;

    tab(&client, "edit").await?;
    wait_text(&client, "#edit-status", "已检查").await?;
    wait_text(&client, "#diagnostics", "没有发现问题").await?;
    screenshot(&client, "edit").await?;
    client.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_from_the_form_shows_its_lead_and_why_not() -> Result {
    let rules = shipped_rules();
    let server = Server::start(&[&rules], &[]);
    let d = driver();
    let client = browser(&d).await?;
    open(&client, &server).await?;
    client.find(Locator::Css("#f-category")).await?.send_keys("预付卡").await?;
    client.find(Locator::Css("#f-venue")).await?.select_by_value("健身房").await?;
    client.find(Locator::Css("#f-text")).await?.send_keys("健身房突然关门了，办的年卡还剩八个月，找不到人退钱").await?;
    client.find(Locator::Css("#f-amount")).await?.send_keys("3000").await?;
    client.find(Locator::Css("#route-btn")).await?.click().await?;
    // What the library decides for the same ticket is what the page must show.
    let set = zeren::load::load_paths(&[&rules])?;
    let ticket = zeren::ticket::Ticket::from_json(
        &set.attrs,
        r#"{"category": "预付卡", "venue": "健身房", "text": "健身房突然关门了，办的年卡还剩八个月，找不到人退钱", "amount": 3000}"#,
        zeren::ticket::Strictness::Strict,
    )?;
    let expected = zeren::matcher::reference::route(&set, &ticket);
    let lead = expected.lead.clone().ok_or("the ticket has a lead")?;
    let name = expected.lead_name.clone().ok_or("the lead has a name")?;
    let shown = wait_text(&client, "#lead", &lead).await?;
    assert_eq!(shown, format!("{name}（{lead}）"));
    wait_text(&client, "#decision", "直接命中").await?;
    screenshot(&client, "try-decision").await?;

    client.find(Locator::Css("#whynot-item")).await?.select_by_value("预付卡经营者跑路").await?;
    client.find(Locator::Css("#whynot-btn")).await?.click().await?;
    wait_text(&client, "#whynot", "不成立").await?;
    scroll_to(&client, "#whynot-box").await?;
    screenshot(&client, "try-why-not").await?;
    client.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_syntax_error_in_the_editor_is_shown_at_its_line() -> Result {
    let server = Server::start(&[&shipped_rules()], &[]);
    let path = served_path(&server, "10_prepaid.rules");
    let d = driver();
    let client = browser(&d).await?;
    open(&client, &server).await?;
    tab(&client, "edit").await?;
    client.find(Locator::Css("#edit-file")).await?.select_by_value(&path).await?;
    wait_text(&client, "#diagnostics", "没有发现问题").await?;
    let text = server.get(&format!("/v1/file?path={}", path.replace('/', "%2F"))).body;
    // Line 7 becomes an item with no name and no body.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(6, "item {");
    type_into_editor(&client, &lines.join("\n")).await?;
    let shown = wait_text(&client, "#diagnostics", "第 7 行").await?;
    assert!(shown.contains("syntax"), "{shown}");
    let li = client.find(Locator::Css("#diagnostics li.diag")).await?;
    assert_eq!(li.attr("data-line").await?.as_deref(), Some("7"));
    // The gutter marks the line.
    assert_eq!(client.find(Locator::Css("#gutter .bad")).await?.text().await?, "7");
    screenshot(&client, "edit-syntax-error").await?;
    client.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_shows_its_diff_and_the_logged_tickets_it_moves() -> Result {
    let tickets = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples").join("tickets.jsonl");
    let server = Server::start(&[&shipped_rules()], &["--tickets", tickets.to_str().ok_or("utf-8")?]);
    let path = served_path(&server, "10_prepaid.rules");
    let d = driver();
    let client = browser(&d).await?;
    open(&client, &server).await?;
    tab(&client, "edit").await?;
    client.find(Locator::Css("#edit-file")).await?.select_by_value(&path).await?;
    wait_text(&client, "#diagnostics", "没有发现问题").await?;
    let text = server.get(&format!("/v1/file?path={}", path.replace('/', "%2F"))).body;
    // The gym item's lead moves from 教育和体育局 to 商务局.
    let edited = text.replacen("lead jtj", "lead swj", 1);
    assert_ne!(edited, text);
    type_into_editor(&client, &edited).await?;
    wait_text(&client, "#diagnostics", "没有发现问题").await?;
    client.find(Locator::Css("#edit-try")).await?.click().await?;
    wait_text(&client, "#edited-result", "swj").await?;
    wait_text(&client, "#served-result", "jtj").await?;
    client.find(Locator::Css("#edit-diff")).await?.click().await?;
    let handovers = wait_text(&client, "#diff-handovers", "swj").await?;
    assert!(handovers.contains("jtj"), "{handovers}");
    let replay = wait_text(&client, "#diff-replay", "张会换主办部门").await?;
    assert!(!replay.contains(" 0 张会换"), "{replay}");
    scroll_to(&client, "#edited-result").await?;
    screenshot(&client, "edit-diff").await?;
    // Nothing was written: the served version is unchanged.
    assert_eq!(server.get(&format!("/v1/file?path={}", path.replace('/', "%2F"))).body, text);
    client.close().await?;
    Ok(())
}
