//! Live reload under traffic: routing threads never see a broken or mixed
//! version, and every decision's provenance names the one version that made
//! it.

#![expect(clippy::expect_used, clippy::panic, reason = "a test fails by panicking, naming what it saw")]

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use zeren::diagnostic::{Code, Diagnostic};
use zeren::live::{Live, Options, ReloadError};
use zeren::source::{FileId, Sources, Span};
use zeren::ticket::{TicketRef, Value};

/// Valid version `k`: every item routes to `lead{k}` with `help{k}`
/// assisting, so a decision that mixed two versions would show a lead and
/// an assist (or a provenance) that do not belong together.
fn valid(k: usize) -> String {
    format!(
        "ruleset \"city\" version \"{k}\"\n\
         schema {{ text: text  amount: number }}\n\
         department lead{k} \"主办{k}\"\n\
         department help{k} \"协办{k}\"\n\
         department coord \"协调中心\"\n\
         coordinator coord\n\
         matter 预付卡 {{\n\
           when text has \"卡\"\n\
           lead lead{k}\n\
           assist help{k}\n\
           item 健身卡 {{ when text has \"健身\" }}\n\
           item 大额 {{ when amount >= {k} and text has \"退\" }}\n\
         }}\n"
    )
}

/// Invalid version `k`, in turns: a load error, a syntax error, a version
/// the gate refuses, and an unreadable file.
fn invalid(k: usize, kind: usize) -> Vec<u8> {
    match kind % 4 {
        0 => format!("ruleset \"city\" version \"bad{k}\"\nschema {{ text: text }}\nitem 健身卡 {{ when text has \"健身\" lead nobody }}\n").into_bytes(),
        1 => format!("ruleset \"city\" version \"bad{k}\"\nmatter 预付卡 {{ when text has \n").into_bytes(),
        2 => valid(k).replace("ruleset \"city\"", "ruleset \"refuse me\"").replace(&format!("version \"{k}\""), &format!("version \"bad{k}\"")).into_bytes(),
        _ => {
            let mut bytes = valid(k).replace(&format!("version \"{k}\""), &format!("version \"bad{k}\"")).into_bytes();
            bytes.push(0xff);
            bytes
        }
    }
}

fn hash_of(path: &str, text: &str) -> u64 {
    let mut sources = Sources::default();
    sources.add(path, text);
    zeren::provenance::content_hash(&sources)
}

/// Refuses rule sets named "refuse me" (stands in for an overlap gate).
fn options() -> Options {
    Options::new().gate(Arc::new(|set: &zeren::ir::RuleSet| {
        if set.name.as_deref() == Some("refuse me") {
            vec![Diagnostic::error(Code::Overlap, Span::new(FileId(0), 0, 0), "refused by the test gate")]
        } else {
            Vec::new()
        }
    }))
}

#[test]
fn readers_see_only_whole_valid_versions_while_a_reloader_alternates_valid_and_invalid() {
    const ROUNDS: usize = 100;
    const READERS: usize = 4;
    let dir = std::env::temp_dir().join(format!("zeren-live-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("city.rules");
    let path = file.display().to_string();

    // The content hash of every valid version, by version number.
    let hashes: Arc<Vec<u64>> = Arc::new((0..=ROUNDS).map(|k| hash_of(&path, &valid(k))).collect());
    assert_eq!(hashes.iter().collect::<BTreeSet<_>>().len(), ROUNDS + 1, "versions must differ in hash");

    std::fs::write(&file, valid(0)).expect("write");
    let live = Arc::new(Live::from_paths(&[&file], options()).expect("version 0 loads"));
    let done = Arc::new(AtomicBool::new(false));
    let decisions = Arc::new(AtomicUsize::new(0));

    let readers: Vec<_> = (0..READERS)
        .map(|r| {
            let (live, done, decisions, hashes, path) =
                (Arc::clone(&live), Arc::clone(&done), Arc::clone(&decisions), Arc::clone(&hashes), path.clone());
            std::thread::spawn(move || {
                let mut seen = BTreeSet::new();
                // One cache per thread for its whole life: the compiled rules
                // reset it when the version changes.
                let mut cache = live.engine().rules().create_cache();
                let texts = ["健身卡退不了", "卡里的钱要退", "会员卡", "别的事"];
                let mut n = 0usize;
                while !done.load(Ordering::Acquire) || n < 100 {
                    let snap = live.engine();
                    let rules = snap.rules();
                    let text = rules.attr("text").expect("text");
                    let amount = rules.attr("amount").expect("amount");
                    let t = TicketRef::new()
                        .with(text, Value::Text(texts[(n + r) % texts.len()]))
                        .with(amount, Value::Number(((n * 7) % 120) as f64));
                    let d = rules.route(&mut cache, &t);
                    let p = d.provenance();
                    let version = p.version.expect("every version has one");
                    let k: usize =
                        version.parse().unwrap_or_else(|_| panic!("an invalid version was served: {version}"));
                    assert_eq!(p.content_hash, hashes[k], "version {k} with another version's hash");
                    assert_eq!(p.ruleset, Some("city"));
                    match d.lead() {
                        Some("coord") => assert!(p.source.is_none(), "unclaimed decisions have no source line"),
                        Some(lead) => {
                            assert_eq!(lead, format!("lead{k}"), "version {k} decided with another version's lead");
                            let assists: Vec<&str> = d.assists().collect();
                            assert_eq!(assists, [format!("help{k}")], "version {k}: lead and assist mixed");
                            let source = p.source.expect("a winner has a source line");
                            assert_eq!(source.file, path);
                            let expected = match d.item() {
                                Some("健身卡") => 11,
                                Some("大额") => 12,
                                Some(other) => panic!("unknown item {other}"),
                                None => 7, // the matter's residual owner
                            };
                            assert_eq!(source.line, expected, "{:?}", d.to_decision());
                        }
                        None => panic!("the coordinator always exists"),
                    }
                    seen.insert(k);
                    n += 1;
                }
                decisions.fetch_add(n, Ordering::Relaxed);
                seen
            })
        })
        .collect();

    let mut current = 0usize;
    for round in 1..=ROUNDS {
        // Odd rounds try a broken version, even rounds a good one.
        if round % 2 == 1 {
            let kind = round / 2;
            std::fs::write(&file, invalid(round, kind)).expect("write");
            let err = live.reload().expect_err("an invalid version must be refused");
            match kind % 4 {
                2 => assert!(matches!(err, ReloadError::Refused { .. }), "{err}"),
                _ => assert!(matches!(err, ReloadError::Load(_)), "{err}"),
            }
            assert!(!err.to_string().is_empty());
        } else {
            std::fs::write(&file, valid(round)).expect("write");
            live.reload().unwrap_or_else(|e| panic!("version {round} must load: {e}"));
            current = round;
        }
        assert_eq!(live.engine().rules().provenance().version, Some(current.to_string().as_str()));
        // Give the readers a moment on each version.
        std::thread::yield_now();
    }
    done.store(true, Ordering::Release);

    let mut seen = BTreeSet::new();
    for r in readers {
        seen.extend(r.join().unwrap_or_else(|_| panic!("a reader failed")));
    }
    eprintln!("{} decisions from {} versions", decisions.load(Ordering::Relaxed), seen.len());
    assert!(seen.iter().all(|k| k % 2 == 0), "only valid (even) versions are ever served: {seen:?}");
    assert!(seen.len() >= 2, "the readers saw only {seen:?}: no reload happened under traffic");
    assert!(decisions.load(Ordering::Relaxed) >= READERS * 100);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_refused_version_returns_its_errors_and_the_old_one_keeps_serving() {
    let mut v1 = Sources::default();
    v1.add("city.rules", valid(1));
    let live = Live::from_sources(v1, options()).expect("loads");
    let before = live.engine();

    let mut broken = Sources::default();
    broken.add("city.rules", String::from_utf8(invalid(4, 0)).expect("utf-8"));
    let err = live.reload_sources(broken).expect_err("unknown lead");
    assert_eq!(err.diagnostics()[0].code, Code::UnknownName);

    let mut gated = Sources::default();
    gated.add("city.rules", String::from_utf8(invalid(2, 2)).expect("utf-8"));
    let err = live.reload_sources(gated).expect_err("refused by the gate");
    assert!(err.to_string().contains("refused by the test gate"), "{err}");

    // The very same snapshot is still current, and an old handle stays valid.
    assert!(Arc::ptr_eq(&before, &live.engine()));
    assert_eq!(before.rules().provenance().version, Some("1"));

    let mut v2 = Sources::default();
    v2.add("city.rules", valid(2));
    live.reload_sources(v2).expect("loads");
    assert_eq!(live.engine().rules().provenance().version, Some("2"));
    assert_eq!(before.rules().provenance().version, Some("1"), "a held snapshot never changes");
}

#[test]
fn provenance_names_the_item_the_matter_or_nothing() {
    let set = zeren::load::load_str("p.rules", &valid(5)).expect("loads");
    let rules = zeren::Rules::new(&set).expect("compiles");
    let text = rules.attr("text").expect("text");
    let mut cache = rules.create_cache();
    let hash = hash_of("p.rules", &valid(5));
    let cases = [("健身卡", Some(11)), ("会员卡", Some(7)), ("别的", None)];
    for (t, line) in cases {
        let d = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text(t)));
        let p = d.provenance();
        assert_eq!(p.content_hash, hash);
        assert_eq!(p.version, Some("5"));
        assert_eq!(p.source.map(|s| s.line), line, "{t}");
        if let Some(s) = p.source {
            assert_eq!(s.file, "p.rules");
            assert_eq!(p.to_string(), format!("city 5 #{hash:016x} p.rules:{}", s.line));
        }
    }
}

#[test]
fn versions_with_overlaps_can_be_refused() {
    let clean = "ruleset \"c\" version \"1\"\nschema { text: text }\ndepartment a\ndepartment b\n\
                 item x { when text has \"健身\" lead a }\nitem y { when text has \"培训\" lead b }\n";
    let disputed = "ruleset \"c\" version \"2\"\nschema { text: text }\ndepartment a\ndepartment b\n\
                    item x { when text has \"卡\" lead a }\nitem y { when text has \"卡\" lead b }\n";
    let mut v1 = Sources::default();
    v1.add("c.rules", clean);
    let live = Live::from_sources(v1, Options::new().refuse_overlaps(true)).expect("no overlap");
    let mut v2 = Sources::default();
    v2.add("c.rules", disputed);
    let err = live.reload_sources(v2.clone()).expect_err("an overlap");
    assert!(matches!(err, ReloadError::Refused { .. }), "{err}");
    assert!(err.diagnostics().iter().all(|d| d.code == Code::Overlap));
    assert_eq!(live.engine().rules().provenance().version, Some("1"));

    // Without the option the same version is served (overlaps are disputes
    // the coordinator settles, not load errors).
    let permissive = Live::from_sources(v2, Options::new()).expect("loads");
    assert_eq!(permissive.engine().rules().provenance().version, Some("2"));
}

#[test]
fn polling_reloads_only_changes_and_reports_a_broken_edit_once() {
    let dir = std::env::temp_dir().join(format!("zeren-live-poll-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("city.rules");
    std::fs::write(&file, valid(1)).expect("write");
    let live = Live::from_paths(&[&dir], options()).expect("loads");
    assert!(live.reload_if_changed().expect("unchanged").is_none());

    std::fs::write(&file, invalid(3, 0)).expect("write");
    assert!(live.reload_if_changed().is_err(), "a broken edit is reported");
    assert!(live.reload_if_changed().expect("already reported").is_none(), "and only once");
    assert_eq!(live.engine().rules().provenance().version, Some("1"));

    std::fs::write(&file, valid(2)).expect("write");
    let snap = live.reload_if_changed().expect("loads").expect("changed");
    assert_eq!(snap.rules().provenance().version, Some("2"));
    assert!(live.reload_if_changed().expect("unchanged").is_none());
    let _ = std::fs::remove_dir_all(&dir);
}
