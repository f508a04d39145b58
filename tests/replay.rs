//! `zeren replay` through the binary: JSON lines and CSV (Chinese headers and
//! `--map`), bad lines, exit codes, chunked streaming, and the compiled
//! matcher against the reference router on the shipped sample.
#![expect(clippy::panic, reason = "a test fails by panicking, with the command's output")]

use std::path::{Path, PathBuf};
use std::process::Command;

const RULES: &str = r#"
ruleset "测试市职责清单" version "0.1"
schema {
  category: symbol
  text: text
  venue: symbol [健身房, 培训机构, 其他]
  amount: number
  online: bool
}
department scjg "市场监督管理局"
department swj  "商务局"
department jtj  "教育和体育局"
department wlj  "文化和旅游局"
department gaj  "公安局"
department shzl "市社会治理服务中心"
coordinator shzl

matter 预付卡退费 {
  when category = 预付卡 or text has any ["预付卡", "会员卡"]
  lead swj
  item 健身预付卡 { when venue = 健身房 or text has "健身" lead jtj assist scjg }
  item 培训预付卡 { when venue = 培训机构 or text has "培训" lead jtj }
}
matter 出版物市场 {
  item 出版物经营 { when text has any ["图书", "出版物"] lead wlj }
}
matter 新兴业态 {
  item 密室逃脱剧本杀 { when text has any ["密室", "剧本杀"] near text has "沉浸式" like 出版物经营 assist gaj }
}
item 大额诈骗 { when text has "跑路" and amount >= 10000 lead gaj }
item 网购投诉 { when online and text has "网购" lead scjg }
item 网课投诉 { when online and text has "网课" lead jtj }
"#;

/// A scratch directory for one test, with the rules written into it.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zeren-replay-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(dir.join("city.rules"), RULES)) {
        panic!("cannot write to {}: {e}", dir.display());
    }
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Err(e) = std::fs::write(&path, text) {
        panic!("cannot write {}: {e}", path.display());
    }
    path
}

/// Runs `zeren replay ARGS...`; returns (exit code, stdout, stderr).
fn replay(args: &[&str]) -> (i32, String, String) {
    let out = match Command::new(env!("CARGO_BIN_EXE_zeren")).arg("replay").args(args).output() {
        Ok(out) => out,
        Err(e) => panic!("cannot run zeren: {e}"),
    };
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The text report without its first line (the timing, which varies).
fn report_text(stdout: &str) -> String {
    assert!(stdout.starts_with("replayed "), "{stdout}");
    stdout.lines().skip(1).collect::<Vec<_>>().join("\n")
}

/// The JSON report without the timing fields.
fn report_json(stdout: &str) -> serde_json::Value {
    let mut v: serde_json::Value = match serde_json::from_str(stdout) {
        Ok(v) => v,
        Err(e) => panic!("not JSON ({e}): {stdout}"),
    };
    if let Some(obj) = v.as_object_mut() {
        assert!(obj.remove("elapsed_seconds").is_some() && obj.remove("tickets_per_second").is_some());
    }
    v
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

const TICKETS: &str = r#"# illustrative tickets, not real citizen data
{"id": "A1", "category": "预付卡", "text": "健身房关门了，年卡退不了", "venue": "健身房", "returned": false}
{"id": "A2", "text": "培训班的会员卡不给退", "returned": true}

{"id": "A3", "text": "小区门口有人卖盗版图书", "returned": false, "坐席": "07"}
{"id": "A4", "text": "剧本杀店里消防通道堵了", "returned": true}
{"id": "A5", "text": "沉浸式体验馆太吵", "returned": true}
{"id": "A6", "text": "办的会员卡，老板说要转让", "returned": false}
{"id": "A7", "text": "老板跑路了，卷走二万", "amount": 20000, "returned": true}
{"id": "A8", "text": "网购的网课不能退", "online": true, "returned": true}
{"id": "A9", "text": "路灯坏了"}
{"text": "网购的网课不能退", "online": true}
{"id": "B1", "text": 12}
{"id": "B2", "venue": "菜市场"}
not json at all
"#;

#[test]
fn json_lines_text_report() {
    let dir = scratch("json-text");
    let tickets = write(&dir, "tickets.jsonl", TICKETS);
    let (code, out, err) = replay(&[s(&dir.join("city.rules")), s(&tickets)]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("replay_json_lines_text", report_text(&out));
}

#[test]
fn json_lines_json_report() {
    let dir = scratch("json-json");
    let tickets = write(&dir, "tickets.jsonl", TICKETS);
    let (code, out, err) = replay(&[s(&dir.join("city.rules")), s(&tickets), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let report = report_json(&out);
    assert_eq!(report["tickets"], 10);
    assert_eq!(report["bad"], 3);
    assert_eq!(report["bad_lines"][0]["line"], 13);
    assert_eq!(report["disputed"]["tickets"][0]["id"], "A8");
    assert_eq!(report["disputed"]["tickets"][1]["line"], 12);
    insta::assert_snapshot!("replay_json_lines_json", serde_json::to_string_pretty(&report).unwrap_or_default());
}

/// Positions (issue 14 §2): line numbers count every line of the file as an
/// editor does — CRLF line ends, `#` comments and blank lines included — and
/// a bad line is quoted with its id and the start of its content.
#[test]
fn json_lines_positions_with_crlf_comments_and_blank_lines() {
    let dir = scratch("positions");
    let lf = write(&dir, "lf.jsonl", TICKETS);
    let crlf = write(&dir, "crlf.jsonl", &TICKETS.replace('\n', "\r\n"));
    let (_, from_lf, _) = replay(&[s(&dir.join("city.rules")), s(&lf), "--format", "json"]);
    let (code, from_crlf, err) = replay(&[s(&dir.join("city.rules")), s(&crlf), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(report_json(&from_lf), report_json(&from_crlf), "CRLF changes nothing");
    let report = report_json(&from_crlf);
    // TICKETS: line 1 a comment, line 4 blank; B1 on line 13, B2 on 14, the
    // text on 15; A9 on line 11.
    let bad: Vec<(u64, String)> = report["bad_lines"]
        .as_array()
        .map(|b| {
            b.iter().map(|l| (l["line"].as_u64().unwrap_or(0), l["quote"].as_str().unwrap_or("").to_string())).collect()
        })
        .unwrap_or_default();
    assert_eq!(
        bad,
        [
            (13, r#"B1 · {"id": "B1", "text": 12}"#.to_string()),
            (14, r#"B2 · {"id": "B2", "venue": "菜市场"}"#.to_string()),
            (15, "not json at all".to_string()),
        ]
    );
    // A long bad line is quoted by its id and its first 60 characters.
    let long = format!("{{\"id\": \"L1\", \"amount\": \"{}\"}}", "很".repeat(80));
    let file =
        write(&dir, "long.jsonl", &format!("# one\r\n\r\n{}\r\n{long}\r\n", TICKETS.lines().nth(1).unwrap_or("")));
    let (_, out, _) = replay(&[s(&dir.join("city.rules")), s(&file), "--format", "json"]);
    let report = report_json(&out);
    assert_eq!(report["bad_lines"][0]["line"], 4);
    let quote = report["bad_lines"][0]["quote"].as_str().unwrap_or("");
    assert!(quote.starts_with("L1 · {\"id\": \"L1\"") && quote.ends_with("很…"), "{quote}");
    assert_eq!(quote.chars().count(), "L1 · ".chars().count() + 61, "{quote}");
}

#[test]
fn csv_positions_with_crlf_and_a_record_over_two_lines() {
    let dir = scratch("csv-positions");
    let map = "工单编号=id,诉求分类=category,诉求内容=text,场所=venue,涉及金额=amount,线上=online,是否退单=returned";
    let rules = dir.join("city.rules");
    let lf = write(&dir, "lf.csv", CSV);
    let crlf = write(&dir, "crlf.csv", &CSV.replace('\n', "\r\n"));
    let (_, from_lf, _) = replay(&[s(&rules), s(&lf), "--map", map, "--format", "json"]);
    let (code, from_crlf, err) = replay(&[s(&rules), s(&crlf), "--map", map, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(report_json(&from_lf), report_json(&from_crlf), "CRLF changes nothing");
    // A quoted cell holding a line break: the records after it keep the
    // file's own line numbers.
    let two_lines =
        CSV.replace("盗版图书, 还有光盘", "盗版图书,\r\n还有光盘").replace('\n', "\r\n").replace("\r\r\n", "\r\n");
    let file = write(&dir, "two-lines.csv", &two_lines);
    let (_, out, _) = replay(&[s(&rules), s(&file), "--map", map, "--format", "json"]);
    let report = report_json(&out);
    let lines: Vec<u64> = report["bad_lines"]
        .as_array()
        .map(|b| b.iter().filter_map(|l| l["line"].as_u64()).collect())
        .unwrap_or_default();
    assert_eq!(lines, [8, 9], "{report}");
    assert!(report["bad_lines"][0]["quote"].as_str().is_some_and(|q| q.starts_with("G006 · G006,")), "{report}");
}

const CSV: &str = "\u{feff}工单编号,受理时间,诉求分类,诉求内容,场所,涉及金额,线上,是否退单
G001,2024-10-01 09:12,预付卡,\"健身房关门了，年卡3,000元退不了\",健身房,\"3,000\",否,是
G002,2024-10-01 09:30,,\"小区门口有人卖盗版图书, 还有光盘\",,,,否
G003,2024-10-02 10:00,,网购的网课不能退,,,是,
G004,2024-10-02 11:00,,老板跑路了,,\"20,000\",,1
G005,2024-10-03 08:00,,路灯坏了,,,,0
G006,2024-10-03 08:30,,健身卡,健身房,很多,,
G007,2024-10-03 09:00,,培训班的会员卡,菜市场,,,

G008,2024-10-04 09:00,,剧本杀店太吵,其他,,false,true
";

#[test]
fn csv_with_chinese_headers_and_map() {
    let dir = scratch("csv");
    let tickets = write(&dir, "export.csv", CSV);
    let map = "工单编号=id,诉求分类=category,诉求内容=text,场所=venue,涉及金额=amount,线上=online,是否退单=returned";
    let (code, out, err) = replay(&[s(&dir.join("city.rules")), s(&tickets), "--map", map]);
    assert_eq!(code, 0, "{err}");
    let text = report_text(&out);
    // G006: 很多 is not a number; G007: 菜市场 is outside the closed domain.
    assert!(text.contains("line 7: attribute `amount` is declared `number`"), "{text}");
    assert!(text.contains("line 8: attribute `venue` is a symbol of"), "{text}");
    insta::assert_snapshot!("replay_csv_map_text", text);

    // The same as JSON, with the map split over two flags and the CSV chosen by flag.
    let renamed = write(&dir, "export.txt", CSV);
    let (code, out, err) = replay(&[
        s(&dir.join("city.rules")),
        s(&renamed),
        "--csv",
        "--map",
        "工单编号=id,诉求分类=category,诉求内容=text",
        "--map",
        "场所=venue,涉及金额=amount,线上=online,是否退单=returned",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let report = report_json(&out);
    assert_eq!(report["tickets"], 6);
    assert_eq!(report["bad"], 2);
    assert_eq!(report["returns"]["tickets_with_outcome"], 5);
    assert_eq!(report["returns"]["returned"], 3);
}

#[test]
fn csv_columns_named_like_attributes_need_no_map() {
    let dir = scratch("csv-plain");
    let tickets = write(&dir, "plain.csv", "id,text,备注\nP1,健身房的会员卡退不了,无\nP2,\"图书, 盗版\",\n");
    let (code, out, err) = replay(&[s(&dir.join("city.rules")), s(&tickets), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let report = report_json(&out);
    assert_eq!(report["tickets"], 2);
    assert_eq!(report["by_method"]["direct"], 2);
    assert!(report["returns"].is_null());
}

#[test]
fn unusable_input_exits_2() {
    let dir = scratch("unusable");
    let rules = dir.join("city.rules");
    let (code, _, err) = replay(&[s(&rules), s(&dir.join("missing.jsonl"))]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");

    let csv = write(&dir, "export.csv", CSV);
    let (code, _, err) = replay(&[s(&rules), s(&csv), "--map", "诉求内容=txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `text`?"), "{err}");

    let (code, _, err) = replay(&[s(&rules), s(&csv), "--map", "诉求内=text"]);
    assert_eq!(code, 2);
    assert!(err.contains("the header has no column `诉求内`; did you mean `诉求内容`?"), "{err}");

    let (code, _, err) = replay(&[s(&rules), s(&csv)]);
    assert_eq!(code, 2);
    assert!(err.contains("no CSV column is an attribute"), "{err}");

    let (code, _, err) = replay(&[s(&rules), s(&csv), "--map", "诉求内容"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not COLUMN=ATTRIBUTE"), "{err}");

    let junk = write(&dir, "junk.jsonl", "hello\nworld\n");
    let (code, out, err) = replay(&[s(&rules), s(&junk)]);
    assert_eq!(code, 2);
    assert!(out.contains("0 tickets routed, 2 bad lines") && err.contains("no line of"), "{out}{err}");
}

#[test]
fn streams_many_chunks_in_file_order() {
    let dir = scratch("chunks");
    // Three chunks of 8,192 lines and a bit; every 1,000th ticket unclaimed.
    let mut text = String::new();
    for n in 1..=20_000u32 {
        if n % 1000 == 0 {
            text.push_str(&format!("{{\"id\": \"U{n}\", \"text\": \"路灯坏了\"}}\n"));
        } else {
            text.push_str(&format!("{{\"id\": \"T{n}\", \"text\": \"盗版图书\", \"returned\": {}}}\n", n % 4 == 0));
        }
    }
    let tickets = write(&dir, "big.jsonl", &text);
    let (code, out, err) = replay(&[s(&dir.join("city.rules")), s(&tickets), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let report = report_json(&out);
    assert_eq!(report["tickets"], 20_000);
    assert_eq!(report["unclaimed"]["count"], 20);
    let ids: Vec<&str> = report["unclaimed"]["tickets"]
        .as_array()
        .map_or(Vec::new(), |a| a.iter().filter_map(|t| t["id"].as_str()).collect());
    let expected: Vec<String> = (1..=20).map(|k| format!("U{}", k * 1000)).collect();
    assert_eq!(ids, expected);
    assert_eq!(report["returns"]["ranking"][0]["name"], "出版物经营");
    assert_eq!(report["returns"]["ranking"][0]["returned"], 4_980);
}

/// The compiled matcher and the reference router give the same report on
/// the shipped rules and sample.
#[test]
fn compiled_and_reference_agree_on_the_sample() {
    let sample = Path::new("examples/tickets.jsonl");
    if zeren::load::load_paths(&["rules"]).is_err() || !sample.exists() {
        eprintln!("rules/ or the sample is not there yet; skipped");
        return;
    }
    let (code, fast, err) = replay(&["rules", s(sample), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let (code, slow, err) = replay(&["rules", s(sample), "--format", "json", "--reference"]);
    assert_eq!(code, 0, "{err}");
    let fast = report_json(&fast);
    assert_eq!(fast, report_json(&slow));
    assert!(fast["tickets"].as_u64().unwrap_or(0) >= 300, "{fast}");
    assert_eq!(fast["bad"], 0);
}

#[test]
fn a_tab_separated_export_is_named_and_read_with_delimiter_tab() {
    let dir = scratch("tsv");
    let tsv = "工单编号\t诉求内容\nT1\t健身房关门了，年卡退不了\nT2\t小区门口有人卖盗版图书\n";
    let tickets = write(&dir, "export.tsv", tsv);
    let map = "工单编号=id,诉求内容=text";
    let (code, _, err) = replay(&[s(&dir.join("city.rules")), s(&tickets), "--csv", "--map", map]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("looks tab-separated; pass `--delimiter tab`"), "{err}");
    let (code, out, err) = replay(&[
        s(&dir.join("city.rules")),
        s(&tickets),
        "--csv",
        "--delimiter",
        "tab",
        "--map",
        map,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(report_json(&out)["tickets"], 2);
}
