//! Messages in Chinese and English: one catalogue per language (Project
//! Fluent `.ftl` files embedded in the library), and [`Text`], a message as
//! data (an id and its arguments) that any caller renders in the language it
//! wants.
//!
//! Diagnostics, explanations and the command line's summaries all carry
//! [`Text`] rather than finished strings, so the library itself, an embedder
//! and `zeren serve` can each show a list keeper Chinese and a programmer
//! English from the same value. The choice of language is
//! [`Lang::from_locale`] (docs/spec.md §7, "Language"). Diagnostic codes are
//! not translated: they are the stable English strings in both languages.
//!
//! Messages are created with [`tr!`](crate::tr); `tests/i18n.rs` checks that
//! every id used in the code exists in both catalogues, that no catalogue id
//! is unused, and that every variable a message uses is supplied.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::fmt;
use std::sync::OnceLock;

/// A language zeren speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English, the default.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// The language a `--lang` value or a locale name stands for: anything
    /// starting with `zh` (any case) is Chinese, `en`, `C` and `POSIX` are
    /// English; `None` for anything else.
    ///
    /// ```
    /// use zeren::i18n::Lang;
    /// assert_eq!(Lang::from_tag("zh_CN.UTF-8"), Some(Lang::Zh));
    /// assert_eq!(Lang::from_tag("en"), Some(Lang::En));
    /// assert_eq!(Lang::from_tag("fr"), None);
    /// ```
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let lower = tag.trim().to_ascii_lowercase();
        if lower.starts_with("zh") {
            Some(Lang::Zh)
        } else if lower.starts_with("en") || lower == "c" || lower.starts_with("c.") || lower == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of a locale, from the values of `LC_ALL`, `LC_MESSAGES`
    /// and `LANG` in that order: the first non-empty one decides (as POSIX
    /// has it), `zh…` is Chinese, anything else English.
    ///
    /// ```
    /// use zeren::i18n::Lang;
    /// assert_eq!(Lang::from_locale([None, Some(""), Some("zh_CN.UTF-8")]), Lang::Zh);
    /// assert_eq!(Lang::from_locale([Some("C"), None, Some("zh_CN.UTF-8")]), Lang::En);
    /// assert_eq!(Lang::from_locale([None, None, None]), Lang::En);
    /// ```
    pub fn from_locale(vars: [Option<&str>; 3]) -> Lang {
        match vars.into_iter().flatten().find(|v| !v.is_empty()) {
            Some(v) if v.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// The short tag: `en` or `zh`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// One argument of a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Text inserted as it is (names, ids, quoted source).
    Str(String),
    /// A number (English chooses singular or plural by it).
    Num(i64),
    /// A message of its own, rendered in the same language.
    Text(Text),
    /// Several parts, joined as the language joins a list (`, ` or `、`).
    List(Vec<Arg>),
}

/// What can be an argument of a message; [`tr!`](crate::tr) takes its
/// arguments by reference through this, so a caller need not clone.
pub trait ToArg {
    /// The argument.
    fn to_arg(&self) -> Arg;
}

impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg {
        (**self).to_arg()
    }
}
impl ToArg for str {
    fn to_arg(&self) -> Arg {
        Arg::Str(self.to_string())
    }
}
impl ToArg for String {
    fn to_arg(&self) -> Arg {
        Arg::Str(self.clone())
    }
}
impl ToArg for char {
    fn to_arg(&self) -> Arg {
        Arg::Str(self.to_string())
    }
}
impl ToArg for bool {
    fn to_arg(&self) -> Arg {
        Arg::Str(self.to_string())
    }
}
/// A fractional number as Rust writes it (`1.5`, `3`): no plural choice.
impl ToArg for f64 {
    fn to_arg(&self) -> Arg {
        Arg::Str(self.to_string())
    }
}
impl ToArg for Text {
    fn to_arg(&self) -> Arg {
        Arg::Text(self.clone())
    }
}
impl ToArg for Arg {
    fn to_arg(&self) -> Arg {
        self.clone()
    }
}
impl<T: ToArg> ToArg for [T] {
    fn to_arg(&self) -> Arg {
        Arg::List(self.iter().map(ToArg::to_arg).collect())
    }
}
impl<T: ToArg> ToArg for Vec<T> {
    fn to_arg(&self) -> Arg {
        self.as_slice().to_arg()
    }
}
macro_rules! num_arg {
    ($($t:ty)*) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg {
                Arg::Num(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
num_arg!(usize u64 u32 u16 u8 i64 i32 isize);

/// A message as data: a catalogue id with its arguments, or (for text that
/// has no translation, such as an operating system's error) literal text.
///
/// [`Display`](fmt::Display) renders English; [`Text::render`] either language.
#[derive(Clone, Debug, PartialEq)]
pub struct Text(Repr);

#[derive(Clone, Debug, PartialEq)]
enum Repr {
    Msg { id: &'static str, args: Vec<(&'static str, Arg)> },
    Raw(String),
}

impl Text {
    /// The catalogue message `id` with its arguments (use [`tr!`](crate::tr),
    /// which the catalogue test can see).
    pub fn new(id: &'static str, args: Vec<(&'static str, Arg)>) -> Text {
        Text(Repr::Msg { id, args })
    }

    /// Literal text, the same in every language.
    pub fn raw(text: impl Into<String>) -> Text {
        Text(Repr::Raw(text.into()))
    }

    /// The catalogue id (`None` for literal text).
    pub fn id(&self) -> Option<&'static str> {
        match &self.0 {
            Repr::Msg { id, .. } => Some(id),
            Repr::Raw(_) => None,
        }
    }

    /// Whether this is literal text with nothing in it.
    pub fn is_empty(&self) -> bool {
        matches!(&self.0, Repr::Raw(s) if s.is_empty())
    }

    /// Whether every part of this text comes from the catalogue (literal
    /// text passed as an argument does not count against it, an empty text
    /// counts as translated).
    pub fn is_translated(&self) -> bool {
        match &self.0 {
            Repr::Raw(s) => s.is_empty(),
            Repr::Msg { args, .. } => args.iter().all(|(_, a)| arg_translated(a)),
        }
    }

    /// The text in `lang`.
    ///
    /// ```
    /// use zeren::i18n::Lang;
    /// let t = zeren::tr!("cli-error", message = "x");
    /// assert_eq!(t.render(Lang::En), "error: x");
    /// assert_eq!(t.render(Lang::Zh), "错误：x");
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        match &self.0 {
            Repr::Raw(s) => s.clone(),
            Repr::Msg { id, args } => format_message(lang, id, args),
        }
    }
}

fn arg_translated(a: &Arg) -> bool {
    match a {
        Arg::Text(t) => t.is_translated(),
        Arg::List(v) => v.iter().all(arg_translated),
        Arg::Str(_) | Arg::Num(_) => true,
    }
}

/// Empty literal text.
impl Default for Text {
    fn default() -> Text {
        Text::raw("")
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Old-style literal text: compiles, but is not translated (the catalogue
/// test lists such call sites).
impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::raw(s)
    }
}

/// See `From<String>`.
impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::raw(s)
    }
}

/// A [`Text`] from a catalogue id and named arguments:
/// `tr!("cli-error", message = text)`. Argument names are the
/// catalogue's variables (`{ $name }`); values are anything that is
/// [`ToArg`](crate::i18n::ToArg) (strings, numbers, other texts, lists), taken by reference.
#[macro_export]
macro_rules! tr {
    ($id:literal $(, $k:ident = $v:expr)* $(,)?) => {
        $crate::i18n::Text::new($id, vec![$((stringify!($k), $crate::i18n::ToArg::to_arg(&$v))),*])
    };
}

/// The catalogue sources, per language, in the order they are loaded.
const EN: &[&str] = &[
    include_str!("en/diag.ftl"),
    include_str!("en/analyze.ftl"),
    include_str!("en/explain.ftl"),
    include_str!("en/cli.ftl"),
];
const ZH: &[&str] = &[
    include_str!("zh/diag.ftl"),
    include_str!("zh/analyze.ftl"),
    include_str!("zh/explain.ftl"),
    include_str!("zh/cli.ftl"),
];

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    let [en, zh] = BUNDLES.get_or_init(|| [build(Lang::En, EN), build(Lang::Zh, ZH)]);
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

fn build(lang: Lang, sources: &[&str]) -> Bundle {
    let locale = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    // No Unicode isolation marks around arguments: the output goes to
    // terminals and files, where the invisible marks only get in the way.
    bundle.set_use_isolating(false);
    for src in sources {
        // A syntax error in a catalogue keeps the entries that did parse;
        // `tests/i18n.rs` fails on any such error.
        let resource = FluentResource::try_new((*src).to_string()).unwrap_or_else(|(partial, _)| partial);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

fn format_message(lang: Lang, id: &str, args: &[(&'static str, Arg)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        // A missing message (the catalogue test forbids it) falls back to
        // English, then to the id itself: never a panic, never nothing.
        return match lang {
            Lang::Zh => format_message(Lang::En, id, args),
            Lang::En => id.to_string(),
        };
    };
    let mut fargs = FluentArgs::new();
    for (name, arg) in args {
        let value = match arg {
            Arg::Num(n) => FluentValue::from(*n),
            other => FluentValue::from(arg_string(lang, other)),
        };
        fargs.set(*name, value);
    }
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, Some(&fargs), &mut errors).into_owned()
}

fn arg_string(lang: Lang, arg: &Arg) -> String {
    match arg {
        Arg::Str(s) => s.clone(),
        Arg::Num(n) => n.to_string(),
        Arg::Text(t) => t.render(lang),
        Arg::List(parts) => {
            let sep = match lang {
                Lang::En => ", ",
                Lang::Zh => "、",
            };
            parts.iter().map(|p| arg_string(lang, p)).collect::<Vec<_>>().join(sep)
        }
    }
}
