//! Standard output and standard error: the one place that writes to them.
//!
//! `println!` panics when standard output is a pipe whose reader has gone
//! (`zeren check rules/ | head -1`), and `eprintln!` likewise for standard
//! error. Commands write through [`Out`] and [`errln!`] instead.
//!
//! [`Out`] keeps the first write error and writes nothing after it, so a
//! command need not thread `io::Result` through its printing; a loop that
//! could run on for long (`route` over a stream of tickets) asks
//! [`Out::closed`] and stops. At the end, [`Out::finish`] decides the exit
//! status: a reader that went away (broken pipe) is no error — the command
//! ends quietly with the status it would have had — while any other write
//! error (a full disk) is reported and exits 2.

use crate::Outcome;
use std::fmt;
use std::io::{self, BufWriter, IsTerminal, StdoutLock, Write};
use std::sync::OnceLock;
use zeren::i18n::{Lang, Text};

/// The language of everything the program says, chosen once at start-up.
static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the language (the first call wins).
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language chosen at start-up (English before that).
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// A message in the chosen language.
pub fn say(text: Text) -> String {
    text.render(lang())
}

/// `error: …` on standard error, in the chosen language.
pub fn error(message: Text) {
    error_line(format_args!("{}", say(zeren::tr!("cli-error", message = message))));
}

/// Writes one line to standard error; a message that cannot be written
/// (standard error closed or a broken pipe) is dropped rather than a panic.
pub fn error_line(text: fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Writes to standard error without a newline, like [`error_line`].
pub fn error_text(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// `eprintln!` that does not panic: see [`error_line`].
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::out::error_line(format_args!($($arg)*))
    };
}
pub(crate) use errln;

/// Buffered standard output that never panics.
pub struct Out {
    writer: BufWriter<StdoutLock<'static>>,
    /// Flush after every write, so that someone typing tickets at `zeren
    /// route` sees each answer at once.
    interactive: bool,
    /// The first write error; nothing is written after it.
    error: Option<io::Error>,
}

impl Out {
    /// Locks standard output for the rest of the program.
    pub fn new() -> Self {
        let stdout = io::stdout();
        let interactive = stdout.is_terminal();
        Out { writer: BufWriter::with_capacity(1 << 16, stdout.lock()), interactive, error: None }
    }

    /// Writes `text` as is.
    pub fn print(&mut self, text: impl fmt::Display) {
        if self.error.is_none() {
            let written = write!(self.writer, "{text}");
            self.settle(written);
        }
    }

    /// Writes `text` and a newline.
    pub fn println(&mut self, text: impl fmt::Display) {
        if self.error.is_none() {
            let written = writeln!(self.writer, "{text}");
            self.settle(written);
        }
    }

    /// Whether a write has failed, so that nothing more will be written: a
    /// long loop can stop.
    pub fn closed(&self) -> bool {
        self.error.is_some()
    }

    /// Flushes, and turns the command's outcome into the program's: a closed
    /// pipe keeps it, any other write error is reported and makes it
    /// [`Outcome::Unusable`].
    pub fn finish(mut self, outcome: Outcome) -> Outcome {
        if self.error.is_none() {
            let flushed = self.writer.flush();
            self.settle(flushed);
        }
        match self.error {
            None => outcome,
            Some(e) if e.kind() == io::ErrorKind::BrokenPipe => outcome,
            Some(e) => {
                errln!("{}", say(zeren::tr!("cli-error", message = zeren::tr!("cli-stdout", error = e.to_string()))));
                Outcome::Unusable
            }
        }
    }

    fn settle(&mut self, written: io::Result<()>) {
        let written = written.and_then(|()| if self.interactive { self.writer.flush() } else { Ok(()) });
        if let Err(e) = written {
            self.error = Some(e);
        }
    }
}

/// `--format`: `text` for people, `json` for scripts (one definition for
/// every command that offers both).
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For scripts.
    Json,
}
