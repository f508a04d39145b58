//! Resource limits as configuration: how much a rule set may ask of the
//! process that loads it.
//!
//! zeren loads rules that people edit, inside services that run all day. A
//! hostile or broken file must come back as a `limit` diagnostic, never as a
//! stack overflow, an exhausted heap or a hang. [`Limits`] gathers every bound
//! in one value, chained by value like a `Config`:
//!
//! ```
//! use zeren::limits::Limits;
//!
//! let limits = Limits::new().max_items(500).max_file_bytes(1 << 20);
//! let rules = zeren::load::load_str_with("city.rules", r#"
//!     schema { text: text }
//!     department nync "农业农村局"
//!     item 种子 { when text has "种子" lead nync }
//! "#, &limits)?;
//! assert_eq!(rules.items.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Defaults, and why
//!
//! | limit | default | what it guards |
//! |---|---|---|
//! | [`max_nesting`](Limits::max_nesting) | 64 | the stack: brackets, blocks and `not`s, in the text and once `define`s are expanded |
//! | [`max_file_bytes`](Limits::max_file_bytes) | 8 MiB | memory and parse time per file |
//! | [`max_items`](Limits::max_items) | 20,000 | check, compile and the pairwise analysis (the shipped city list has under 300) |
//! | [`max_keyword_chars`](Limits::max_keyword_chars) | 256 | keyword automata and folding; a keyword is a word or phrase, not a document |
//! | [`analysis_budget`](Limits::analysis_budget) | 200,000 | steps of one satisfiability search in the analysis ([`crate::logic::Config::budget`]; the analyzer's own default) |
//!
//! Every stage after the parser walks conditions recursively, and in a debug
//! build one level of nesting costs about 10 KiB of stack across the pipeline
//! (measured: 200 nested parentheses overflow a 2 MiB test thread). 64 levels
//! keep a debug build inside a 2 MiB thread with room to spare; no hand-written
//! rule comes near it (the shipped rules nest at most 4 deep).
//!
//! pest's process-wide call limit is left alone: the nesting check runs before
//! pest sees the text, so the limit is per load, not per process.
#![deny(clippy::indexing_slicing)]

/// Resource limits for loading and analysing a rule set. See the
/// [module documentation](self) for the defaults.
///
/// ```
/// let limits = zeren::limits::Limits::default();
/// assert_eq!(limits.get_max_nesting(), 64);
/// assert_eq!(limits.get_max_file_bytes(), 8 << 20);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    max_nesting: usize,
    max_file_bytes: usize,
    max_items: usize,
    max_keyword_chars: usize,
    analysis_budget: u64,
}

/// The default nesting depth (see the [module documentation](self)).
pub const DEFAULT_MAX_NESTING: usize = 64;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_nesting: DEFAULT_MAX_NESTING,
            max_file_bytes: 8 << 20,
            max_items: 20_000,
            max_keyword_chars: 256,
            analysis_budget: 200_000,
        }
    }
}

impl Limits {
    /// The defaults.
    ///
    /// ```
    /// assert_eq!(zeren::limits::Limits::new(), zeren::limits::Limits::default());
    /// ```
    pub fn new() -> Limits {
        Limits::default()
    }

    /// How deep brackets, blocks and `not`s may nest, in the text and in a
    /// condition once `define`s are expanded. Values above 200 may overflow a
    /// 2 MiB thread stack in a debug build.
    ///
    /// ```
    /// let limits = zeren::limits::Limits::new().max_nesting(8);
    /// let err = zeren::load::load_str_with("deep.rules", "schema { f: bool }\n\
    ///     department d\nitem x { when ((((((((((f)))))))))) lead d }", &limits);
    /// assert!(err.is_err());
    /// ```
    pub fn max_nesting(self, depth: usize) -> Limits {
        Limits { max_nesting: depth, ..self }
    }

    /// The largest file, in bytes.
    ///
    /// ```
    /// let limits = zeren::limits::Limits::new().max_file_bytes(10);
    /// assert!(zeren::load::load_str_with("big.rules", "department scjg \"市场监督管理局\"", &limits).is_err());
    /// ```
    pub fn max_file_bytes(self, bytes: usize) -> Limits {
        Limits { max_file_bytes: bytes, ..self }
    }

    /// The most items in one rule set.
    ///
    /// ```
    /// let limits = zeren::limits::Limits::new().max_items(1);
    /// let text = "schema { f: bool }\ndepartment d\nitem a { when f lead d }\nitem b { when f lead d }";
    /// assert!(zeren::load::load_str_with("two.rules", text, &limits).is_err());
    /// ```
    pub fn max_items(self, items: usize) -> Limits {
        Limits { max_items: items, ..self }
    }

    /// The longest keyword, in characters (before folding).
    ///
    /// ```
    /// let limits = zeren::limits::Limits::new().max_keyword_chars(2);
    /// let text = "schema { text: text }\ndepartment d\nitem a { when text has \"预付卡\" lead d }";
    /// assert!(zeren::load::load_str_with("long.rules", text, &limits).is_err());
    /// ```
    pub fn max_keyword_chars(self, chars: usize) -> Limits {
        Limits { max_keyword_chars: chars, ..self }
    }

    /// The step budget of one satisfiability search in the analysis.
    ///
    /// ```
    /// let limits = zeren::limits::Limits::new().analysis_budget(5_000);
    /// assert_eq!(zeren::logic::Config::from_limits(&limits).get_budget(), 5_000);
    /// ```
    pub fn analysis_budget(self, steps: u64) -> Limits {
        Limits { analysis_budget: steps, ..self }
    }

    /// See [`Limits::max_nesting`].
    ///
    /// ```
    /// assert_eq!(zeren::limits::Limits::new().max_nesting(10).get_max_nesting(), 10);
    /// ```
    pub fn get_max_nesting(&self) -> usize {
        self.max_nesting
    }

    /// See [`Limits::max_file_bytes`].
    ///
    /// ```
    /// assert_eq!(zeren::limits::Limits::new().max_file_bytes(10).get_max_file_bytes(), 10);
    /// ```
    pub fn get_max_file_bytes(&self) -> usize {
        self.max_file_bytes
    }

    /// See [`Limits::max_items`].
    ///
    /// ```
    /// assert_eq!(zeren::limits::Limits::new().get_max_items(), 20_000);
    /// ```
    pub fn get_max_items(&self) -> usize {
        self.max_items
    }

    /// See [`Limits::max_keyword_chars`].
    ///
    /// ```
    /// assert_eq!(zeren::limits::Limits::new().get_max_keyword_chars(), 256);
    /// ```
    pub fn get_max_keyword_chars(&self) -> usize {
        self.max_keyword_chars
    }

    /// See [`Limits::analysis_budget`].
    ///
    /// ```
    /// assert_eq!(zeren::limits::Limits::new().get_analysis_budget(), 200_000);
    /// ```
    pub fn get_analysis_budget(&self) -> u64 {
        self.analysis_budget
    }
}
