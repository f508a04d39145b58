//! `zeren replay`: batch routing of a hotline export (JSON lines or CSV) with
//! a summary — leads, methods, the tickets that needed analogy or the
//! coordinator, and the responsibilities whose tickets bounce.
//!
//! Streaming with bounded memory: the file is read in chunks of
//! [`CHUNK_LINES`] lines; each chunk is routed in parallel on every core
//! (rayon, one matcher cache per worker) and folded, in file order, into one
//! [`Summary`]; then the chunk is dropped. Memory is one chunk of text plus
//! the summary, whatever the file's size.
//!
//! Exit status: 0 when the file was read, even if some lines were bad (they
//! are counted and the first ones quoted: a 2-million-line export with three
//! broken lines still deserves its report, and a script can read `bad` from
//! `--format json`); 2 when the file cannot be opened or read, the CSV header
//! or `--map` is unusable, or not a single line was a ticket (the wrong file,
//! or a `--map` that matches nothing useful).

use crate::out::{errln, Format, Out};
use crate::Outcome;
use rayon::prelude::*;
use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::path::PathBuf;
use std::time::Instant;
use zeren::input::{self, Column, Input};
use zeren::matcher::reference;
use zeren::matcher::Cache;
use zeren::replay::{BadLine, Routed, Summary};
use zeren::Engine;

/// Lines routed per chunk: large enough to keep every core busy between
/// folds, small enough that memory stays a few megabytes.
pub const CHUNK_LINES: usize = 8192;
/// Files smaller than this finish before a progress bar would be useful.
const PROGRESS_MIN_BYTES: u64 = 4 << 20;

/// Arguments of `zeren replay`.
#[derive(clap::Args)]
pub struct Args {
    /// Rule files or directories (every `*.rules` below), then the ticket
    /// file: JSON lines (blank and `#` lines skipped) or CSV with a header row
    /// (by the `.csv` extension or `--csv`); `-` reads JSON lines from
    /// standard input.
    #[arg(required = true, num_args = 2.., value_name = "RULES... TICKETS")]
    paths: Vec<PathBuf>,
    /// Rename columns (or JSON keys) to attributes, e.g.
    /// `诉求内容=text,诉求分类=category,工单编号=id,是否退单=returned`.
    /// Columns named like an attribute need no mapping; others are ignored.
    #[arg(long, value_name = "COLUMN=ATTR,...")]
    map: Vec<String>,
    /// Read the tickets as CSV whatever the file's extension.
    #[arg(long)]
    csv: bool,
    /// The CSV field separator: `,` (the default), `tab` for a
    /// tab-separated export, `;`, or any one ASCII character.
    #[arg(long, value_name = "SEP", default_value = ",", value_parser = parse_delimiter)]
    delimiter: u8,
    /// `text` for people, `json` for scripts.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Rank return rates only for responsibilities with at least this many
    /// tickets that carry an outcome.
    #[arg(long, default_value_t = 1, value_name = "N")]
    min_tickets: u64,
    /// Route with the reference router (docs/spec.md §5 executed literally; slow),
    /// to cross-check the compiled matcher.
    #[arg(long)]
    reference: bool,
    /// Date the tickets that carry no date of their own (YYYY-MM-DD), instead
    /// of the `clock`'s default: which items are in force.
    #[arg(long, value_name = "DATE", value_parser = crate::parse_as_of)]
    as_of: Option<zeren::ir::Date>,
}

/// How tickets are routed: the engine's compiled matcher (one cache per
/// worker), or its reference router with `--reference`.
#[derive(Clone, Copy)]
struct Router<'r> {
    engine: &'r Engine,
    reference: bool,
}

impl Router<'_> {
    fn route(&self, cache: &mut Option<Cache>, input: Input) -> Routed {
        match cache {
            Some(cache) => {
                let d = self.engine.route(cache, &input.ticket);
                Routed::new(input, &d)
            }
            None => {
                let rules = self.engine.rule_set();
                let outcome = reference::route_outcome_at(rules, &input.ticket, self.engine.as_of());
                Routed::from_outcome(input, &outcome, rules)
            }
        }
    }

    fn cache(&self) -> Option<Cache> {
        (!self.reference).then(|| self.engine.create_cache())
    }
}

pub fn run(args: Args, out: &mut Out) -> Outcome {
    let Some((tickets, rule_paths)) = args.paths.split_last() else {
        return Outcome::Unusable;
    };
    let mut engine = match crate::engine(rule_paths) {
        Ok(e) => e,
        Err(o) => return o,
    };
    engine.set_as_of(args.as_of);
    let rules = engine.rule_set();
    let mut map = Vec::new();
    for spec in &args.map {
        match input::parse_map(spec) {
            Ok(pairs) => map.extend(pairs),
            Err(e) => return unusable(&format!("`--map {spec}`: {e}")),
        }
    }
    if let Err(e) = input::check_map(rules, &map) {
        return unusable(&e.to_string());
    }
    let router = Router { engine: &engine, reference: args.reference };

    let stdin = tickets.as_os_str() == "-";
    let is_csv = args.csv || tickets.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let (reader, size): (Box<dyn Read>, u64) = if stdin {
        (Box::new(std::io::stdin().lock()), 0)
    } else {
        match std::fs::File::open(tickets) {
            Ok(f) => {
                let size = f.metadata().map_or(0, |m| m.len());
                (Box::new(f), size)
            }
            Err(e) => return unusable(&format!("cannot read `{}`: {e}", tickets.display())),
        }
    };
    let progress = progress_bar(size);
    let start = Instant::now();
    let mut summary = Summary::new(rules);
    let read = if is_csv {
        replay_csv(reader, &router, &map, args.delimiter, &mut summary, progress.as_ref())
    } else {
        replay_json(reader, &router, &map, &mut summary, progress.as_ref())
    };
    let elapsed = start.elapsed().as_secs_f64();
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    if let Err(e) = read {
        return unusable(&format!("{}: {e}", tickets.display()));
    }

    let mut report = summary.report(rules, args.min_tickets);
    let rate = if elapsed > 0.0 { report.tickets as f64 / elapsed } else { 0.0 };
    report.elapsed_seconds = Some(elapsed);
    report.tickets_per_second = Some(rate);
    let text = match args.format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => json + "\n",
            Err(e) => return unusable(&format!("cannot write the report: {e}")),
        },
        Format::Text => {
            let router_name = if args.reference { "reference router" } else { "compiled matcher" };
            format!(
                "replayed {} in {elapsed:.2} s: {} tickets/s on {} threads ({router_name})\n{}",
                tickets.display(),
                thousands(rate.round() as u64),
                rayon::current_num_threads(),
                report.to_text()
            )
        }
    };
    out.print(text);
    if report.tickets == 0 && report.bad > 0 {
        errln!(
            "error: no line of `{}` is a ticket{}",
            tickets.display(),
            if is_csv { " (is `--map` right?)" } else { "" }
        );
        return Outcome::Unusable;
    }
    Outcome::Success
}

fn unusable(message: &str) -> Outcome {
    errln!("error: {message}");
    Outcome::Unusable
}

/// A byte-based bar on standard error, only on a terminal and for large files.
fn progress_bar(size: u64) -> Option<indicatif::ProgressBar> {
    if size < PROGRESS_MIN_BYTES || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(size);
    let style = indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

/// One line or record as read, routed later in parallel.
type Raw<T> = (u64, T);

/// Routes a chunk on every core and folds it into the summary in file order.
fn fold_chunk<T: Sync>(
    chunk: &[Raw<T>],
    router: &Router<'_>,
    summary: &mut Summary,
    read: impl Fn(u64, &T) -> Result<Option<Input>, (String, String)> + Sync,
) {
    let routed: Vec<Result<Option<Routed>, BadLine>> = chunk
        .par_iter()
        .map_init(
            || router.cache(),
            |cache, (line, raw)| match read(*line, raw) {
                Ok(Some(input)) => Ok(Some(router.route(cache, input))),
                Ok(None) => Ok(None),
                Err((message, quote)) => Err(BadLine { line: *line, message, quote }),
            },
        )
        .collect();
    for r in routed {
        match r {
            Ok(Some(t)) => summary.record(t),
            Ok(None) => {}
            Err(b) => summary.record_bad(b.line, b.message, b.quote),
        }
    }
}

fn replay_json(
    reader: Box<dyn Read>,
    router: &Router<'_>,
    map: &[(String, String)],
    summary: &mut Summary,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<(), String> {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let read = |line: u64, text: &Result<String, String>| match text {
        Ok(text) => input::json_input(router.engine.rule_set(), map, line, text)
            .map_err(|e| (e.to_string(), input::quote_line(text))),
        Err(e) => Err((e.clone(), String::new())),
    };
    let mut chunk: Vec<Raw<Result<String, String>>> = Vec::with_capacity(CHUNK_LINES);
    let mut buf = Vec::new();
    let (mut line, mut bytes) = (0u64, 0u64);
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(|e| format!("cannot read line {}: {e}", line + 1))?;
        if n == 0 {
            break;
        }
        line += 1;
        bytes += n as u64;
        let text = String::from_utf8(std::mem::take(&mut buf))
            .map_err(|_| "the line is not UTF-8 (re-save the export as UTF-8)".to_string());
        chunk.push((line, text));
        if chunk.len() == CHUNK_LINES {
            fold_chunk(&chunk, router, summary, read);
            chunk.clear();
            if let Some(bar) = progress {
                bar.set_position(bytes);
            }
        }
    }
    fold_chunk(&chunk, router, summary, read);
    Ok(())
}

/// `--delimiter`: `tab` (or `\t`), or one ASCII character.
fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ => match s.as_bytes() {
            [b] if b.is_ascii() => Ok(*b),
            _ => Err(format!("`{s}` is not one ASCII character (write `tab` for a tab)")),
        },
    }
}

fn replay_csv(
    reader: Box<dyn Read>,
    router: &Router<'_>,
    map: &[(String, String)],
    delimiter: u8,
    summary: &mut Summary,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<(), String> {
    let index = std::rc::Rc::new(std::cell::RefCell::new(LineIndex::default()));
    let reader = Indexed { inner: reader, index: std::rc::Rc::clone(&index) };
    let line_at = |p: Option<&csv::Position>| p.map_or(0, |p| index.borrow_mut().line_at(p.byte()));
    let mut csv = csv::ReaderBuilder::new().flexible(true).has_headers(true).delimiter(delimiter).from_reader(reader);
    let header = csv.headers().map_err(|e| match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "the CSV header is not UTF-8: hotline exports saved by Excel are often GBK; re-save as \"CSV UTF-8\""
                .to_string()
        }
        _ => format!("cannot read the CSV header: {e}"),
    })?;
    let header: Vec<&str> = header.iter().collect();
    // One column holding tabs or semicolons: the export uses another separator.
    if let [only] = header.as_slice() {
        for (sep, name, arg) in [('\t', "tab", "tab"), (';', "semicolon", ";")] {
            if only.contains(sep) && delimiter != sep as u8 {
                return Err(format!(
                    "the CSV header is one column that holds {name}s: the file looks {name}-separated; \
                     pass `--delimiter {arg}`"
                ));
            }
        }
    }
    let columns = input::columns(router.engine.rule_set(), map, &header).map_err(|e| e.to_string())?;
    if !columns.iter().any(|c| matches!(c, Column::Attr(_))) {
        return Err(format!(
            "no CSV column is an attribute of the schema (columns: {}); name them with `--map COLUMN=ATTR`",
            header.join(", ")
        ));
    }
    let read = |line: u64, record: &Result<csv::StringRecord, String>| match record {
        Ok(record) => {
            let cells: Vec<&str> = record.iter().collect();
            input::csv_input(router.engine.rule_set(), &columns, line, &cells).map(Some).map_err(|e| {
                let id = columns.iter().position(|c| *c == Column::Id).and_then(|i| cells.get(i));
                let content = input::quote_line(&cells.join(","));
                (e.to_string(), id.map_or(content.clone(), |id| format!("{id} · {content}")))
            })
        }
        Err(e) => Err((e.clone(), String::new())),
    };
    let mut chunk: Vec<Raw<Result<csv::StringRecord, String>>> = Vec::with_capacity(CHUNK_LINES);
    let mut records = csv.into_records();
    loop {
        let next = records.next();
        let Some(record) = next else { break };
        match record {
            Ok(r) => {
                let line = line_at(r.position());
                // A blank row is not a ticket.
                if r.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                chunk.push((line, Ok(r)));
            }
            Err(e) => {
                let line = line_at(e.position());
                if let csv::ErrorKind::Io(io) = e.kind() {
                    return Err(format!("cannot read line {line}: {io}"));
                }
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "the record is not UTF-8 (re-save the export as UTF-8)".to_string(),
                    _ => e.to_string(),
                };
                chunk.push((line, Err(message)));
            }
        }
        if chunk.len() == CHUNK_LINES {
            fold_chunk(&chunk, router, summary, read);
            chunk.clear();
            if let Some(bar) = progress {
                bar.set_position(records.reader().position().byte());
            }
        }
    }
    fold_chunk(&chunk, router, summary, read);
    Ok(())
}

/// The line ends a CSV reader has read past, so that a record's line is
/// counted from its byte offset as an editor counts it: the csv crate's own
/// line count is one short after CRLF line ends, the usual ones of an export
/// saved on Windows.
#[derive(Default)]
struct LineIndex {
    /// Bytes read so far.
    read: u64,
    /// Offsets of the `\r` and `\n` bytes not yet passed, and whether each is `\n`.
    ends: std::collections::VecDeque<(u64, bool)>,
    /// `\n` bytes passed.
    lines: u64,
}

impl LineIndex {
    /// The 1-based line of a record that starts at `byte` (records come in
    /// file order). An offset that points at the line end before the record
    /// still counts that line end.
    fn line_at(&mut self, mut byte: u64) -> u64 {
        while let Some(&(at, newline)) = self.ends.front() {
            if at > byte {
                break;
            }
            self.lines += u64::from(newline);
            self.ends.pop_front();
            if at == byte {
                byte += 1;
            }
        }
        self.lines + 1
    }
}

/// A reader that notes every line end it passes in a [`LineIndex`].
struct Indexed {
    inner: Box<dyn Read>,
    index: std::rc::Rc<std::cell::RefCell<LineIndex>>,
}

impl Read for Indexed {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut index = self.index.borrow_mut();
        let start = index.read;
        for (k, &b) in buf.iter().take(n).enumerate() {
            if b == b'\n' || b == b'\r' {
                index.ends.push_back((start + k as u64, b == b'\n'));
            }
        }
        index.read += n as u64;
        Ok(n)
    }
}

/// 12345678 → "12,345,678".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
