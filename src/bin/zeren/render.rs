//! Rendering diagnostics for a terminal: file, line, column and a caret under
//! the source (miette), one label per span. The library only returns data.
//! Long lines are quoted shortened, around the labels ([`Snippet`]).

use crate::out::{self, errln, lang, say};
use crate::snippet::Snippet;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::fmt;
use std::io::IsTerminal;
use zeren::diagnostic::{Diagnostic, LoadError, Severity};
use zeren::source::{FileId, Sources};
use zeren::tr;

/// A diagnostic bound to the source of one file, as miette wants it. Labels in
/// other files become related diagnostics.
#[derive(Debug)]
struct Bound {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: NamedSource<Snippet>,
    related: Vec<Bound>,
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Bound {}

impl miette::Diagnostic for Bound {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|b| b as &dyn miette::Diagnostic)))
        }
    }
}

fn bind(d: &Diagnostic, sources: &Sources) -> Bound {
    let file = d.span().map_or(FileId(0), |s| s.file);
    let snippet = |f: FileId| {
        let points: Vec<usize> = d
            .labels
            .iter()
            .filter(|l| l.span.file == f)
            .flat_map(|l| [l.span.start as usize, l.span.end as usize])
            .collect();
        let (name, text) = match sources.file(f) {
            Some(source) => (source.path.as_str(), source.text.as_str()),
            None => ("<unknown>", ""),
        };
        let snippet = Snippet::new(text, &points);
        (name.to_string(), snippet)
    };
    let (name, here_source) = snippet(file);
    let (mut here, mut elsewhere) = (Vec::new(), Vec::new());
    for (i, label) in d.labels.iter().enumerate() {
        let text = (!label.message.is_empty()).then(|| label.message.render(lang()));
        let labeled = |source: &Snippet| {
            let (start, end) = (source.map(label.span.start as usize), source.map(label.span.end as usize));
            let span = SourceSpan::from((start, end.saturating_sub(start)));
            if i == 0 {
                LabeledSpan::new_primary_with_span(text.clone(), span)
            } else {
                LabeledSpan::new_with_span(text.clone(), span)
            }
        };
        if label.span.file == file {
            here.push(labeled(&here_source));
        } else {
            let (name, source) = snippet(label.span.file);
            let labeled = labeled(&source);
            elsewhere.push((NamedSource::new(name, source), labeled));
        }
    }
    let related = elsewhere
        .into_iter()
        .map(|(source, l)| Bound {
            message: l.label().unwrap_or("related").to_string(),
            code: d.code.as_str().to_string(),
            severity: miette::Severity::Advice,
            help: None,
            labels: vec![l],
            source,
            related: Vec::new(),
        })
        .collect();
    Bound {
        message: d.message.render(lang()),
        code: d.code.as_str().to_string(),
        severity: match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        },
        help: help_text(d),
        labels: here,
        source: NamedSource::new(name, here_source),
        related,
    }
}

fn help_text(d: &Diagnostic) -> Option<String> {
    let witness = d.witness.as_ref().map(|w| say(tr!("render-witness", ticket = w.to_string())));
    match (d.help.as_ref().map(|h| h.render(lang())), witness) {
        (Some(h), Some(w)) => Some(format!("{h}\n{w}")),
        (h, w) => h.or(w),
    }
}

fn handler() -> GraphicalReportHandler {
    let plain = std::env::var_os("NO_COLOR").is_some() || !std::io::stderr().is_terminal();
    let theme = if plain { GraphicalTheme::unicode_nocolor() } else { GraphicalTheme::unicode() };
    GraphicalReportHandler::new_themed(theme).with_width(100)
}

/// Renders diagnostics as text (with carets), one after another.
pub fn diagnostics(diags: &[Diagnostic], sources: &Sources) -> String {
    let handler = handler();
    let mut out = String::new();
    for d in diags {
        let bound = bind(d, sources);
        if handler.render_report(&mut out, &bound).is_err() {
            out.push_str(&format!("{}: {}\n", d.code, d.message.render(lang())));
        }
    }
    out
}

/// Prints a load error to standard error.
pub fn load_error(e: &LoadError) {
    match e {
        LoadError::Rules { diagnostics: d, sources } => {
            out::error_text(&diagnostics(d, sources));
            errln!("{}", say(tr!("cli-error", message = e.render(lang()))));
        }
        other => errln!("{}", say(tr!("cli-error", message = other.render(lang())))),
    }
}
