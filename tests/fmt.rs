//! `zeren fmt`: the canonical layout (golden), idempotence and meaning
//! preservation (properties, on generated texts and on every shipped rules
//! file), and comments kept.

#![expect(clippy::panic, reason = "a test fails by panicking, with the formatted text")]

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use zeren::source::FileId;
use zeren::syntax::keywords::Keywords;
use zeren::syntax::parse_file;
use zeren::syntax::print::{comments, format_source, format_source_with, same_syntax};

/// Formats `text` and checks every promise of `zeren fmt` on it: the result
/// parses to the same tree, formatting it again changes nothing, and every
/// comment is still there, in the same order.
fn check_fmt(text: &str) -> Result<String, String> {
    let before = parse_file(FileId(0), text).map_err(|e| format!("input does not parse: {e:?}"))?;
    let out = format_source(text).map_err(|e| format!("fmt refused: {e:?}"))?;
    let after = parse_file(FileId(0), &out).map_err(|e| format!("output does not parse: {e:?}\n{out}"))?;
    if !same_syntax(&before, &after) {
        return Err(format!("meaning changed:\n--- input\n{text}\n--- output\n{out}"));
    }
    let again = format_source(&out).map_err(|e| format!("fmt refused its own output: {e:?}"))?;
    if again != out {
        return Err(format!("not idempotent:\n--- once\n{out}\n--- twice\n{again}"));
    }
    let texts = |s: &str| comments(s).into_iter().map(|c| c.text).collect::<Vec<_>>();
    if texts(text) != texts(&out) {
        return Err(format!("comments changed:\n{:?}\n{:?}", texts(text), texts(&out)));
    }
    Ok(out)
}

const MESSY: &str = r#"// 示例清单 — messy on purpose
ruleset   "示例"   version "1.0"
schema{category:symbol
  text :text   // free text
    venue: symbol [超市,商场 ,"其 他",]
  amount:number   online:bool}
department  scjg "市场监督管理局"   department swj
# the coordinator
coordinator   swj
words 词 = ["预付卡","储值卡",]
define 大额 = amount>=3000.00 and not online
matter 预付卡退费 "预付卡 \"退费\"" {   // the matter
  when category = 预付卡 or text has any ["预付卡",词]
  lead swj


  item 健身 { when venue in [超市] or (text has "健身" and 大额)  lead scjg  assist none }  // one-liner
  item 培训 {
    when text has all ["培训",
                       // inside a condition
                       "退费"]
    lead   scjg
    priority +2

    over 健身,  健身
    // before the closing brace
  }
}
item 空 {}
fallback{nearest threshold 0.50}
test "t" { ticket { category: 预付卡, text: "健身 \\ 卡", amount: 3000.0, online: false, venue: null }
  expect lead scjg expect assist [] expect item none
  expect score 1.00 }
// the end
"#;

#[test]
fn golden_messy_sample() {
    let out = check_fmt(MESSY).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(out);
}

#[test]
fn comments_are_kept_in_place() {
    let text = "// head\nitem a {  // on the header\n  // before when\n  when x   # trailing when\n  lead d\n  // before close\n}  // after close\n// tail\n";
    let out = check_fmt(text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        out,
        "// head\nitem a {  // on the header\n  // before when\n  when x  # trailing when\n  lead d\n  // before close\n}  // after close\n// tail\n"
    );
}

#[test]
fn canonical_text_is_unchanged() {
    let text = "department a \"甲\"\ndepartment b\n\nitem x {\n  when text has any [\"k\", \"l\"] and not n < 3\n  lead a\n  assist b\n}\n";
    assert_eq!(check_fmt(text).unwrap_or_else(|e| panic!("{e}")), text);
}

#[test]
fn long_words_list_wraps_and_stays_put() {
    let kws: Vec<String> = (0..40).map(|i| format!("\"关键词{i}\"")).collect();
    let text = format!("words w = [{}]\n", kws.join(","));
    let out = check_fmt(&text).unwrap_or_else(|e| panic!("{e}"));
    assert!(out.starts_with("words w = [\n  \"关键词0\", "), "{out}");
    assert!(out.ends_with("\n]\n"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 100), "{out}");
}

#[test]
fn runs_of_declarations_align() {
    // Departments, schema attributes and territory lines align as gofmt aligns: a comment line does not end
    // a run, a blank line or another kind of line does; a department without a display name takes no part;
    // a wrapped domain's lines do not end its run; Chinese characters count two columns.
    let long: Vec<String> = (0..30).map(|i| format!("镇{i}")).collect();
    let text = format!(
        "schema {{ street \"所在镇街\": symbol [{}] t: text\n  received \"受理时间\": date }}\n\
         department a \"甲\"\n// 镇街\ndepartment bsz \"北宿镇人民政府\"\ndepartment c\ndepartment dd \"丁\"\n\n\
         department eeeee \"戊\"\nterritory street {{ 镇0 -> a\n 镇1, 镇2 -> bsz\n 镇10 -> dd otherwise a }}\n",
        long.join(", ")
    );
    let out = check_fmt(&text).unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<&str> = out.lines().collect();
    let at = |prefix: &str| lines.iter().copied().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("{out}"));
    assert_eq!(at("  street"), "  street \"所在镇街\":   symbol [", "{out}");
    assert_eq!(at("  t:"), "  t:                   text", "{out}");
    assert_eq!(at("  received"), "  received \"受理时间\": date", "{out}");
    assert_eq!(at("department a "), "department a   \"甲\"", "{out}");
    assert_eq!(at("department bsz"), "department bsz \"北宿镇人民政府\"", "{out}");
    assert_eq!(at("department c"), "department c", "{out}");
    assert_eq!(at("department dd"), "department dd \"丁\"", "{out}");
    assert_eq!(at("department eeeee"), "department eeeee \"戊\"", "{out}");
    assert_eq!(at("  镇0 "), "  镇0      -> a", "{out}");
    assert_eq!(at("  镇1"), "  镇1, 镇2 -> bsz", "{out}");
    assert_eq!(at("  镇10"), "  镇10     -> dd", "{out}");
    assert_eq!(at("  otherwise"), "  otherwise a", "{out}");
}

#[test]
fn long_role_and_over_lists_fill_their_lines() {
    let names: Vec<String> = (0..30).map(|i| format!("细项{i}")).collect();
    let text = format!(
        "item x {{ when text has \"k\" lead a assist {} over {}  // why\n}}\nitem y {{ when text has \"l\" lead a assist b, c }}\n",
        names.join(", "),
        names.join(",")
    );
    let out = check_fmt(&text).unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<&str> = out.lines().collect();
    let assist = lines.iter().position(|l| l.starts_with("  assist ")).unwrap_or_else(|| panic!("{out}"));
    // As many names as fit on the clause's line, the rest one level deeper, commas at the ends.
    assert!(lines[assist].ends_with(','), "{out}");
    assert!(lines[assist + 1].starts_with("    细项"), "{out}");
    assert!(lines.iter().all(|l| l.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>() <= 100), "{out}");
    assert!(out.contains("细项29  // why\n"), "{out}");
    // A short list stays on one line.
    assert!(out.contains("\n  assist b, c\n"), "{out}");
}

#[test]
fn syntax_errors_are_returned() {
    let errors = format_source("item x { lead }").err().unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code.as_str(), "syntax");
}

fn rules_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            rules_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rules") {
            out.push(p);
        }
    }
}

#[test]
fn every_shipped_rules_file_round_trips() {
    let mut files = Vec::new();
    rules_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"), &mut files);
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if parse_file(FileId(0), &text).is_err() {
            continue; // a file being written (or a deliberately broken one): `check` reports it
        }
        if let Err(e) = check_fmt(&text) {
            panic!("{}: {e}", path.display());
        }
    }
}

/// `zeren fmt` on the command line: `--check` lists and fails, a plain run
/// rewrites in place, a file that does not parse is exit 2 and untouched.
#[cfg(feature = "cli")]
#[test]
fn cli_check_rewrite_and_errors() {
    use std::process::Command;
    let dir = std::env::temp_dir().join(format!("zeren-fmt-cli-{}", std::process::id()));
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).unwrap_or_else(|e| panic!("{e}"));
    let messy = sub.join("a.rules");
    let tidy = dir.join("b.rules");
    let other = dir.join("notes.txt");
    std::fs::write(&messy, "department  a\nitem x{when t lead a} // c\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&tidy, "department a\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&other, "not rules {").unwrap_or_else(|e| panic!("{e}"));
    let zeren = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_zeren")).args(args).output().unwrap_or_else(|e| panic!("{e}"));
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let d = dir.to_string_lossy().into_owned();

    let (code, stdout) = zeren(&["fmt", "--check", &d]);
    assert_eq!(code, Some(1));
    assert_eq!(stdout.trim(), messy.to_string_lossy());

    assert_eq!(zeren(&["fmt", &d]).0, Some(0));
    let text = std::fs::read_to_string(&messy).unwrap_or_default();
    assert_eq!(text, "department a\n\nitem x {\n  when t\n  lead a\n}  // c\n");
    assert_eq!(zeren(&["fmt", "--check", &d]), (Some(0), String::new()));

    let broken = dir.join("broken.rules");
    std::fs::write(&broken, "item x { lead }").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(zeren(&["fmt", &broken.to_string_lossy()]).0, Some(2));
    assert_eq!(std::fs::read_to_string(&broken).unwrap_or_default(), "item x { lead }");
    assert_eq!(zeren(&["fmt", &dir.join("missing.rules").to_string_lossy()]).0, Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- generated texts

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "a",
        "b",
        "venue",
        "text",
        "健身",
        "x_1",
        "item",
        "lead",
        // Quoted names (docs/spec.md §2): needlessly quoted, and quoted because they must be.
        r#""a""#,
        r#""金额（元）""#,
        r#""and""#,
        r#""1 b""#,
    ])
    .prop_map(String::from)
}

fn string() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        r#""k""#,
        r#""预付卡""#,
        r#""q\"uote""#,
        r#""back\\slash""#,
        r##""# not a comment""##,
        r#""// nor this""#,
        r#""""#,
    ])
    .prop_map(String::from)
}

fn date() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["2024-07-01", "1900-01-01", "2199-12-31", "2024-02-29"]).prop_map(String::from)
}

/// A role: a department or (v2) the word `territory`.
fn role() -> impl Strategy<Value = String> {
    prop_oneof![3 => name(), 1 => Just("territory".to_string())]
}

fn number() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["1", "-2.50", "+3", "0.5", "3000.00", "007", "1000000000000000000000000"])
        .prop_map(String::from)
}

fn integer() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["0", "-1", "+2", "10"]).prop_map(String::from)
}

type Tokens = Vec<String>;

fn seq(parts: Vec<Tokens>) -> Tokens {
    parts.into_iter().flatten().collect()
}

fn t(s: &str) -> Tokens {
    vec![s.to_string()]
}

fn atom() -> impl Strategy<Value = Tokens> {
    prop_oneof![
        (name(), string()).prop_map(|(n, s)| seq(vec![vec![n], t("has"), vec![s]])),
        (
            name(),
            prop::sample::select(vec!["", "any", "all"]),
            prop::collection::vec(prop_oneof![string(), name()], 1..4)
        )
            .prop_map(|(n, m, ks)| {
                let mut out = vec![n, "has".into()];
                if !m.is_empty() {
                    out.push(m.into());
                }
                out.push("[".into());
                for (i, k) in ks.into_iter().enumerate() {
                    if i > 0 {
                        out.push(",".into());
                    }
                    out.push(k);
                }
                out.push("]".into());
                out
            }),
        (name(), prop_oneof![name(), string(), Just("true".to_string())]).prop_map(|(n, v)| vec![n, "=".into(), v]),
        (name(), prop_oneof![name(), string(), Just("false".to_string())]).prop_map(|(n, v)| vec![n, "!=".into(), v]),
        (name(), name(), string()).prop_map(|(n, a, b)| seq(vec![
            vec![n],
            t("in"),
            t("["),
            vec![a],
            t(","),
            vec![b],
            t("]")
        ])),
        (name(), prop::sample::select(vec!["<", "<=", ">", ">="]), number()).prop_map(|(n, op, v)| vec![
            n,
            op.into(),
            v
        ]),
        // v2: dates and numbers where values stand (parsed; refused later by check).
        (name(), prop::sample::select(vec!["<", ">=", "="]), date()).prop_map(|(n, op, d)| vec![n, op.into(), d]),
        (name(), number()).prop_map(|(n, v)| vec![n, "!=".into(), v]),
        name().prop_map(|n| vec![n]),
    ]
}

fn cond() -> impl Strategy<Value = Tokens> {
    atom().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| seq(vec![a, t("and"), b])),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| seq(vec![a, t("or"), b])),
            inner.clone().prop_map(|a| seq(vec![t("not"), a])),
            inner.prop_map(|a| seq(vec![t("("), a, t(")")])),
        ]
    })
}

fn clause() -> impl Strategy<Value = Tokens> {
    prop_oneof![
        cond().prop_map(|c| seq(vec![t("when"), c])),
        cond().prop_map(|c| seq(vec![t("near"), c])),
        role().prop_map(|n| vec!["lead".into(), n]),
        (role(), role()).prop_map(|(a, b)| vec!["assist".into(), a, ",".into(), b]),
        // v2 clauses.
        (prop::option::of(date()), prop::option::of(date())).prop_map(|(a, b)| {
            let mut out = vec!["effective".to_string()];
            out.extend(a.clone());
            out.push("..".into());
            out.extend(b.or(if a.is_none() { Some("2025-01-01".into()) } else { None }));
            out
        }),
        (integer(), prop::sample::select(vec!["hours", "days", "workdays"])).prop_map(|(n, u)| vec![
            "deadline".into(),
            n,
            u.into()
        ]),
        Just(vec!["liaise".to_string(), "none".to_string()]),
        name().prop_map(|n| vec!["like".into(), n]),
        string().prop_map(|s| vec!["basis".into(), s]),
        string().prop_map(|s| vec!["note".into(), s]),
        integer().prop_map(|n| vec!["priority".into(), n]),
        (name(), name()).prop_map(|(a, b)| vec!["over".into(), a, ",".into(), b]),
    ]
}

fn item() -> impl Strategy<Value = Tokens> {
    (name(), prop::option::of(string()), prop::collection::vec(clause(), 0..4)).prop_map(|(n, title, clauses)| {
        seq(vec![t("item"), vec![n], title.into_iter().collect(), t("{"), clauses.concat(), t("}")])
    })
}

fn matter() -> impl Strategy<Value = Tokens> {
    let leaf = prop_oneof![clause(), item()];
    leaf.prop_recursive(2, 10, 4, |inner| {
        (name(), prop::option::of(string()), prop::collection::vec(inner, 0..4)).prop_map(|(n, title, parts)| {
            seq(vec![t("matter"), vec![n], title.into_iter().collect(), t("{"), parts.concat(), t("}")])
        })
    })
    .prop_map(|tokens| {
        if tokens.first().is_some_and(|f| f == "matter") {
            tokens
        } else {
            seq(vec![t("matter"), t("m"), t("{"), tokens, t("}")])
        }
    })
}

fn decl() -> impl Strategy<Value = Tokens> {
    let attr = (
        name(),
        prop::option::of(string()),
        prop::sample::select(vec!["symbol", "text", "number", "bool", "date"]),
        prop::option::of((name(), string())),
        prop::option::of(prop::sample::select(vec!["0..100", "-1.5..", "..3000", "1..1"])),
    )
        .prop_map(|(n, label, ty, dom, range)| {
            let mut out = vec![n];
            out.extend(label);
            out.extend([":".into(), ty.into()]);
            if let Some((a, b)) = dom {
                out.extend(["[".into(), a, ",".into(), b, ",".into(), "]".into()]);
            } else if let Some(r) = range {
                out.push(r.into());
            }
            out
        });
    let field = (name(), prop_oneof![number(), string(), name(), date(), Just("null".to_string())])
        .prop_map(|(n, v)| vec![n, ":".into(), v]);
    let expect = prop_oneof![
        name().prop_map(|n| vec!["expect".into(), "lead".into(), n]),
        Just(vec!["expect".to_string(), "item".into(), "none".into()]),
        (name(), name()).prop_map(|(a, b)| vec![
            "expect".into(),
            "assist".into(),
            "[".into(),
            a,
            ",".into(),
            b,
            "]".into()
        ]),
        Just(vec!["expect".to_string(), "liaise".into(), "[".into(), "]".into()]),
        Just(vec!["expect".to_string(), "method".into(), "direct".into()]),
        number().prop_map(|n| vec!["expect".into(), "score".into(), n]),
        Just(vec!["expect".to_string(), "deadline".into(), "none".into()]),
        Just(vec!["expect".to_string(), "deadline".into(), "5".into(), "workdays".into()]),
        (name(), name()).prop_map(|(a, b)| vec![
            "expect".into(),
            "split".into(),
            "[".into(),
            a,
            ",".into(),
            b,
            "]".into()
        ]),
    ];
    prop_oneof![
        (string(), prop::option::of(string())).prop_map(|(a, v)| {
            let mut out = vec!["ruleset".to_string(), a];
            if let Some(v) = v {
                out.extend(["version".to_string(), v]);
            }
            out
        }),
        prop::collection::vec(attr, 0..3).prop_map(|attrs| seq(vec![t("schema"), t("{"), attrs.concat(), t("}")])),
        (name(), prop::option::of(string())).prop_map(|(n, s)| seq(vec![
            t("department"),
            vec![n],
            s.into_iter().collect()
        ])),
        name().prop_map(|n| vec!["coordinator".into(), n]),
        (name(), prop::collection::vec(string(), 0..3)).prop_map(|(n, ks)| {
            let mut out = vec!["words".to_string(), n, "=".into(), "[".into()];
            for k in ks {
                out.extend([k, ",".into()]);
            }
            out.push("]".into());
            out
        }),
        (name(), cond()).prop_map(|(n, c)| seq(vec![t("define"), vec![n], t("="), c])),
        (number(), prop::option::of(number())).prop_map(|(n, h)| {
            let mut out = vec!["fallback".into(), "{".into(), "nearest".into(), "threshold".into(), n];
            if let Some(h) = h {
                out.extend(["homophone".into(), h]);
            }
            out.push("}".into());
            out
        }),
        // v2 declarations.
        (name(), prop::collection::vec((name(), prop::option::of(string()), name()), 0..3), name()).prop_map(
            |(attr, lines, otherwise)| {
                let mut out = vec!["territory".to_string(), attr, "{".into()];
                for (a, b, dept) in lines {
                    out.push(a);
                    if let Some(b) = b {
                        out.extend([",".into(), b]);
                    }
                    out.extend(["->".into(), dept]);
                }
                out.extend(["otherwise".into(), otherwise, "}".into()]);
                out
            }
        ),
        (name(), date()).prop_map(|(a, d)| vec!["clock".into(), a, "default".into(), d]),
        item(),
        matter(),
        (string(), prop::collection::vec(field, 0..3), prop::collection::vec(expect, 0..3)).prop_map(
            |(n, fields, expects)| {
                let mut ticket = vec![];
                for (i, f) in fields.into_iter().enumerate() {
                    if i > 0 {
                        ticket.push(",".to_string());
                    }
                    ticket.extend(f);
                }
                seq(vec![t("test"), vec![n], t("{"), t("ticket"), t("{"), ticket, t("}"), expects.concat(), t("}")])
            }
        ),
    ]
}

/// Blank space and comments between tokens.
fn separator() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        " ",
        " ",
        "  ",
        "\n",
        "\n  ",
        "\n\n",
        "\n\n\n    ",
        "\t",
        "  // c1\n",
        "\n# c2\n",
        "\n\n// c3\n\n",
        " # c4 {\n",
    ])
    .prop_map(String::from)
}

fn rules_text() -> impl Strategy<Value = String> {
    prop::collection::vec(decl(), 0..6)
        .prop_flat_map(|decls| {
            let tokens: Tokens = decls.concat();
            let n = tokens.len() + 1;
            (Just(tokens), prop::collection::vec(separator(), n))
        })
        .prop_map(|(tokens, seps)| {
            let mut out = String::new();
            for (tok, sep) in tokens.iter().zip(&seps) {
                out.push_str(sep);
                out.push_str(tok);
            }
            if let Some(last) = seps.last() {
                out.push_str(last);
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn fmt_is_idempotent_and_keeps_meaning_and_comments(text in rules_text()) {
        prop_assume!(parse_file(FileId(0), &text).is_ok());
        if let Err(e) = check_fmt(&text) {
            prop_assert!(false, "{}", e);
        }
    }
}

// ---------------------------------------------------------------- v2: Chinese keywords, full-width punctuation

/// Rewrites text the way a Chinese input method types it (docs/spec.md §2):
/// full-width punctuation outside strings and comments (`、` for the commas
/// of a bracketed list, `，` elsewhere), every other blank an ideographic
/// space, and `"…"` strings as `“…”` when they hold no `”`.
fn full_width(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    let mut brackets: Vec<char> = Vec::new();
    let mut blanks = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                out.push(c);
                while let Some(&n) = chars.peek().filter(|&&n| n != '\n') {
                    out.push(n);
                    chars.next();
                }
            }
            '/' if chars.peek() == Some(&'/') => {
                out.push(c);
                while let Some(&n) = chars.peek().filter(|&&n| n != '\n') {
                    out.push(n);
                    chars.next();
                }
            }
            '"' => {
                let mut body = String::new();
                let mut escaped = false;
                for n in chars.by_ref() {
                    if !escaped && n == '"' {
                        break;
                    }
                    escaped = !escaped && n == '\\';
                    body.push(n);
                }
                if body.contains('”') {
                    out.push_str(&format!("\"{body}\""));
                } else {
                    out.push_str(&format!("“{body}”"));
                }
            }
            '[' | '(' | '{' => {
                brackets.push(c);
                out.push(match c {
                    '[' => '［',
                    '(' => '（',
                    _ => '｛',
                });
            }
            ']' | ')' | '}' => {
                brackets.pop();
                out.push(match c {
                    ']' => '］',
                    ')' => '）',
                    _ => '｝',
                });
            }
            ',' => out.push(if brackets.last() == Some(&'[') { '、' } else { '，' }),
            ':' => out.push('：'),
            '=' => out.push('＝'),
            '<' => out.push('＜'),
            '>' => out.push('＞'),
            '!' => out.push('！'),
            ' ' => {
                blanks += 1;
                out.push(if blanks % 2 == 0 { '\u{3000}' } else { ' ' });
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether `text` has ASCII-only punctuation outside strings and comments.
fn ascii_punctuation(text: &str) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    for line in text.lines() {
        let mut prev = ' ';
        for c in line.chars() {
            if in_string {
                in_string = escaped || c != '"';
                escaped = !escaped && c == '\\';
                continue;
            }
            if c == '#' || (c == '/' && prev == '/') {
                break;
            }
            if "，、：（）［］｛｝＝＜＞！“”\u{3000}".contains(c) {
                return false;
            }
            in_string = c == '"';
            prev = c;
        }
    }
    true
}

const CHINESE: &str = "清单 “示例”  版本 “2.0”
字段｛ 类别：符号　［预付卡、其他］  内容 “诉求内容”：文本  金额：数值 0..  受理日期：日期 ｝
部门 scjg “市场监督管理局”
部门 shzl
协调机构 shzl
时钟 受理日期 默认 2025-01-01
事项 预付卡退费 ｛
  条件 类别＝预付卡 或 内容 含 任一［“预付卡”、“会员卡”］
  主办 scjg  // 主办兜底
  时限 5 工作日
  细项 大额 ｛ 条件 金额＞＝10000 且 非 内容 含 “退款” 协办 shzl 生效 2024-07-01.. ｝
｝
兜底｛就近 阈值 0.5 同音 0.8｝
测试 “大额” ｛ 工单 ｛ 类别：预付卡，金额：20000 ｝ 期望 主办 scjg 期望 协办 ［shzl］ ｝
";

const ENGLISH: &str = r#"ruleset "示例" version "2.0"
schema { 类别: symbol [预付卡, 其他]  内容 "诉求内容": text  金额: number 0..  受理日期: date }
department scjg "市场监督管理局"
department shzl
coordinator shzl
clock 受理日期 default 2025-01-01
matter 预付卡退费 {
  when 类别 = 预付卡 or 内容 has any ["预付卡", "会员卡"]
  lead scjg  // 主办兜底
  deadline 5 workdays
  item 大额 { when 金额 >= 10000 and not 内容 has "退款" assist shzl effective 2024-07-01.. }
}
fallback { nearest threshold 0.5 homophone 0.8 }
test "大额" { ticket { 类别: 预付卡, 金额: 20000 } expect lead scjg expect assist [shzl] }
"#;

#[test]
fn chinese_keywords_and_full_width_punctuation_read_as_english() {
    let zh = parse_file(FileId(0), CHINESE).unwrap_or_else(|e| panic!("{e:?}"));
    let en = parse_file(FileId(0), ENGLISH).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(same_syntax(&zh, &en), "the Chinese form must parse to the English form's tree");
    // Both forms load into the same rule set.
    let load = |text: &str| zeren::load::load_str("x.rules", text).map_err(|e| format!("{e:?}"));
    let (a, b) = (load(CHINESE).unwrap_or_else(|e| panic!("{e}")), load(ENGLISH).unwrap_or_else(|e| panic!("{e}")));
    let unplaced = |r: &zeren::ir::RuleSet| {
        r.items
            .iter()
            .cloned()
            .map(|mut i| {
                i.span = zeren::source::Span::default();
                i
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(unplaced(&a), unplaced(&b));
    assert_eq!((a.clock.map(|c| c.default), a.homophone), (b.clock.map(|c| c.default), b.homophone));
    assert_eq!(
        a.attrs.iter().map(|x| (&x.name, &x.label, x.range)).collect::<Vec<_>>(),
        b.attrs.iter().map(|x| (&x.name, &x.label, x.range)).collect::<Vec<_>>()
    );
}

#[test]
fn golden_chinese_keywords() {
    // The majority language (Chinese here) is kept, punctuation becomes ASCII.
    let zh = check_fmt(CHINESE).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!("chinese_keywords_kept", zh);
    // `--keywords en` writes the English form, the same as formatting the English text.
    let en = format_source_with(CHINESE, Keywords::En).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(en, check_fmt(ENGLISH).unwrap_or_else(|e| panic!("{e}")));
    // And `--keywords zh` turns the English text into the Chinese layout.
    assert_eq!(format_source_with(ENGLISH, Keywords::Zh).unwrap_or_else(|e| panic!("{e:?}")), zh);
}

#[test]
fn keyword_language_ties_go_to_english() {
    let mixed = "部门 a\ncoordinator a\n";
    assert_eq!(format_source(mixed).unwrap_or_else(|e| panic!("{e:?}")), "department a\ncoordinator a\n");
    let more_zh = "部门 a\n协调机构 a\ndepartment b\n";
    assert_eq!(format_source(more_zh).unwrap_or_else(|e| panic!("{e:?}")), "部门 a\n协调机构 a\n部门 b\n");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The Chinese form of any file (its keywords in Chinese, its punctuation
    /// full-width, as an input method types it) parses to the same tree as the
    /// file, and `zeren fmt` keeps its promises on it and writes ASCII punctuation.
    #[test]
    fn chinese_form_has_the_same_tree(text in rules_text()) {
        prop_assume!(parse_file(FileId(0), &text).is_ok());
        let before = parse_file(FileId(0), &text).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let zh = format_source_with(&text, Keywords::Zh).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let wide = full_width(&zh);
        let after = parse_file(FileId(0), &wide).map_err(|e| TestCaseError::fail(format!("{e:?}\n{wide}")))?;
        prop_assert!(same_syntax(&before, &after), "tree changed:\n--- input\n{}\n--- Chinese form\n{}", text, wide);
        let out = check_fmt(&wide).map_err(TestCaseError::fail)?;
        prop_assert!(ascii_punctuation(&out), "full-width punctuation left:\n{}", out);
        let en = format_source_with(&wide, Keywords::En).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(en, format_source_with(&text, Keywords::En).map_err(|e| TestCaseError::fail(format!("{e:?}")))?);
    }
}
