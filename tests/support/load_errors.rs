//! The plain rendering of load errors that the load-error golden files hold,
//! shared by `tests/load_errors.rs` and `tests/load_errors_v2.rs`.

use zeren::diagnostic::{Diagnostic, LoadError};
use zeren::i18n::Lang;
use zeren::load::load_str;
use zeren::source::Sources;

/// Plain text: `code file:line:col message`, then the labels and help (English).
pub fn render(diags: &[Diagnostic], sources: &Sources) -> String {
    render_in(Lang::En, diags, sources)
}

/// [`render`] in `lang`.
pub fn render_in(lang: Lang, diags: &[Diagnostic], sources: &Sources) -> String {
    let mut out = String::new();
    for d in diags {
        let at = d.span().map(|s| sources.locate(s).to_string()).unwrap_or_default();
        out.push_str(&format!("{} {} {}\n", d.code, at, d.message.render(lang)));
        for (i, l) in d.labels.iter().enumerate() {
            let kind = if i == 0 { "primary" } else { "secondary" };
            out.push_str(&format!(
                "  {kind} {} `{}`: {}\n",
                sources.locate(l.span),
                sources.text(l.span),
                l.message.render(lang)
            ));
        }
        if let Some(h) = &d.help {
            out.push_str(&format!("  help: {}\n", h.render(lang)));
        }
    }
    out
}

/// Loads text that must fail; returns the rendering (English).
pub fn errors(text: &str) -> String {
    errors_in(Lang::En, text)
}

/// Loads text that must fail; returns the rendering in Chinese.
pub fn errors_zh(text: &str) -> String {
    errors_in(Lang::Zh, text)
}

/// Loads text that must fail; returns the rendering in `lang`.
pub fn errors_in(lang: Lang, text: &str) -> String {
    match load_str("test.rules", text) {
        Ok(_) => panic!("expected load errors in:\n{text}"),
        Err(LoadError::Rules { diagnostics, sources }) => render_in(lang, &diagnostics, &sources),
        Err(e) => panic!("unexpected error: {e}"),
    }
}
