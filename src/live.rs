//! Live reload: keep routing while the rules change underneath.
//!
//! [`Live`] holds the current compiled rule set behind an
//! [`arc_swap::ArcSwap`]. A reload loads, checks and compiles the new version
//! off to the side, optionally refuses it when the analysis finds an
//! `overlap` ([`Options::refuse_overlaps`]) or a gate of the caller's says no
//! ([`Options::gate`]), and only then swaps it in, in one atomic store. When
//! anything fails the old version keeps serving and the errors come back to
//! the caller.
//!
//! * **Readers never block.** [`Live::engine`] is a lock-free load of an
//!   `Arc`; reloads take a lock only among themselves.
//! * **Readers never see a mix.** An [`Engine`] is one complete version —
//!   the validated [`RuleSet`] and its compiled rules together — and stays
//!   valid for as long as the reader holds it, whatever reloads happen.
//! * **Every decision says which version made it**:
//!   [`DecisionRef::provenance`](crate::matcher::DecisionRef::provenance)
//!   carries the version string and content hash of the rules that decided.
//!
//! ```
//! use zeren::live::{Live, Options};
//! use zeren::ticket::{TicketRef, Value};
//!
//! let dir = std::env::temp_dir().join(format!("zeren-doc-live-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let file = dir.join("city.rules");
//! std::fs::write(&file, "ruleset \"city\" version \"1\"\nschema { text: text }\n\
//!     department nync \"农业农村局\"\nitem 种子 { when text has \"种子\" lead nync }\n")?;
//! let live = Live::from_paths(&[&file], Options::new())?;
//!
//! // A broken edit: refused, and version 1 keeps serving.
//! std::fs::write(&file, "ruleset \"city\" version \"2\"\nitem 种子 { when text has \"种子\" lead nobody }\n")?;
//! assert!(live.reload().is_err());
//! assert_eq!(live.engine().rules().provenance().version, Some("1"));
//!
//! // A good edit: swapped in atomically.
//! std::fs::write(&file, "ruleset \"city\" version \"3\"\nschema { text: text }\n\
//!     department scjg \"市场监督管理局\"\nitem 种子 { when text has \"种子\" lead scjg }\n")?;
//! live.reload()?;
//!
//! // Route on one engine: attribute ids belong to the version they came from.
//! let engine = live.engine();
//! let text = engine.attr("text").ok_or("no text")?;
//! let mut cache = engine.create_cache();
//! let d = engine.route(&mut cache, &TicketRef::new().with(text, Value::Text("假种子")));
//! assert_eq!(d.lead(), Some("scjg"));
//! assert_eq!(d.provenance().version, Some("3"));
//! std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A [`Cache`](crate::matcher::Cache) may be kept per thread across reloads:
//! the compiled rules notice a cache made for another version and reset it.
#![deny(clippy::indexing_slicing)]

use crate::compile::CompileError;
use crate::diagnostic::{Diagnostic, LoadError};
use crate::engine::Engine;
use crate::ir::RuleSet;
use crate::limits::Limits;
use crate::source::Sources;
use arc_swap::ArcSwap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// A check run on a version that loaded cleanly, before it is swapped in:
/// any diagnostic it returns refuses the version.
pub type Gate = Arc<dyn Fn(&RuleSet) -> Vec<Diagnostic> + Send + Sync>;

/// How [`Live`] loads new versions.
#[derive(Clone, Default)]
pub struct Options {
    limits: Limits,
    gate: Option<Gate>,
    refuse_overlaps: bool,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options").field("limits", &self.limits).field("gate", &self.gate.as_ref().map(|_| "…")).finish()
    }
}

impl Options {
    /// Default limits, no gate.
    ///
    /// ```
    /// let options = zeren::live::Options::new();
    /// assert_eq!(options.get_limits(), &zeren::limits::Limits::default());
    /// ```
    pub fn new() -> Options {
        Options::default()
    }

    /// The resource limits every version is loaded within.
    ///
    /// ```
    /// use zeren::limits::Limits;
    /// let options = zeren::live::Options::new().limits(Limits::new().max_items(10));
    /// assert_eq!(options.get_limits().get_max_items(), 10);
    /// ```
    pub fn limits(self, limits: Limits) -> Options {
        Options { limits, ..self }
    }

    /// A gate run on every new version that loaded cleanly; a version for
    /// which it returns any diagnostic is refused (the diagnostics come back
    /// in [`ReloadError::Refused`]). Use it to refuse versions with failing
    /// inline tests, other findings, or anything else a deployment requires.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use zeren::diagnostic::{Code, Diagnostic};
    /// use zeren::live::{Live, Options, ReloadError};
    ///
    /// // Refuse rule sets without a coordinator.
    /// let options = Options::new().gate(Arc::new(|set: &zeren::ir::RuleSet| match set.coordinator {
    ///     Some(_) => Vec::new(),
    ///     None => vec![Diagnostic::error(Code::NoCoordinator, zeren::source::Span::new(zeren::source::FileId(0), 0, 0), zeren::tr!("live-no-coordinator"))],
    /// }));
    /// let mut sources = zeren::source::Sources::default();
    /// sources.add("a.rules", "schema { f: bool }\ndepartment d\nitem x { when f lead d }");
    /// assert!(matches!(Live::from_sources(sources, options), Err(ReloadError::Refused { .. })));
    /// ```
    pub fn gate(self, gate: Gate) -> Options {
        Options { gate: Some(gate), ..self }
    }

    /// Refuses versions with `overlap` findings ([`crate::analyze`]): a
    /// ticket about one thing that two departments would dispute. The
    /// analysis runs within [`Limits::analysis_budget`] per question, before
    /// the gate.
    ///
    /// ```
    /// use zeren::live::{Live, Options, ReloadError};
    /// let mut sources = zeren::source::Sources::default();
    /// sources.add("a.rules", "schema { text: text }\ndepartment a\ndepartment b\n\
    ///     item x { when text has \"卡\" lead a }\nitem y { when text has \"卡\" lead b }");
    /// let err = Live::from_sources(sources, Options::new().refuse_overlaps(true)).err().ok_or("loaded")?;
    /// assert!(matches!(err, ReloadError::Refused { .. }));
    /// assert_eq!(err.diagnostics()[0].code.as_str(), "overlap");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn refuse_overlaps(self, refuse: bool) -> Options {
        Options { refuse_overlaps: refuse, ..self }
    }

    /// See [`Options::limits`].
    ///
    /// ```
    /// assert_eq!(zeren::live::Options::new().get_limits().get_max_nesting(), 64);
    /// ```
    pub fn get_limits(&self) -> &Limits {
        &self.limits
    }
}

/// Why a new version was not swapped in. The previous version (if any) is
/// still serving.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    /// The files could not be read, or the rules have load-time errors.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The rules loaded but could not be compiled.
    #[error(transparent)]
    Compile(#[from] CompileError),
    /// The gate refused the version.
    #[error("the new rules were refused: {}", summary(.diagnostics))]
    Refused {
        /// What the gate found.
        diagnostics: Vec<Diagnostic>,
        /// The refused version's sources, to render the diagnostics with.
        sources: Box<Sources>,
    },
}

impl From<crate::engine::Error> for ReloadError {
    fn from(e: crate::engine::Error) -> ReloadError {
        match e {
            crate::engine::Error::Load(e) => ReloadError::Load(e),
            crate::engine::Error::Compile(e) => ReloadError::Compile(e),
        }
    }
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    match diagnostics {
        [] => "no reason given".to_string(),
        [one] => format!("{}: {}", one.code.as_str(), one.message),
        [first, rest @ ..] => format!("{}: {} (and {} more)", first.code.as_str(), first.message, rest.len()),
    }
}

impl ReloadError {
    /// Every diagnostic behind the failure (empty for I/O and compile errors).
    ///
    /// ```
    /// let mut sources = zeren::source::Sources::default();
    /// sources.add("a.rules", "item x { when f lead nobody }");
    /// let err = zeren::live::Live::from_sources(sources, zeren::live::Options::new()).err().ok_or("loaded")?;
    /// assert!(!err.diagnostics().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            ReloadError::Load(e) => e.diagnostics(),
            ReloadError::Compile(_) => &[],
            ReloadError::Refused { diagnostics, .. } => diagnostics,
        }
    }
}

/// Where [`Live::reload`] reads the next version from.
#[derive(Debug)]
enum Origin {
    Paths(Vec<PathBuf>),
    Fixed,
}

/// The current rule set, swapped atomically on reload. `Send + Sync`: share
/// it in an `Arc` between the routing threads and the reloader.
pub struct Live {
    current: ArcSwap<Engine>,
    origin: Origin,
    options: Options,
    /// Serialises reloads (not readers): two reloads racing could otherwise
    /// swap in the older of two versions last. Holds the content hash of the
    /// last version refused, so [`Live::reload_if_changed`] reports a broken
    /// edit once, not on every poll.
    reloading: Mutex<Option<u64>>,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live")
            .field("current", &self.current.load().provenance())
            .field("origin", &self.origin)
            .field("options", &self.options)
            .finish()
    }
}

impl Live {
    /// Serves `engine`; [`Live::reload`] has nothing to re-read (use
    /// [`Live::replace`] or [`Live::reload_sources`]).
    ///
    /// ```
    /// let set = zeren::load::load_str("a.rules", "schema { f: bool }\ndepartment d\nitem x { when f lead d }")?;
    /// let live = zeren::live::Live::new(zeren::Engine::new(set)?, zeren::live::Options::new());
    /// assert_eq!(live.engine().rule_set().items.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(engine: Engine, options: Options) -> Live {
        Live { current: ArcSwap::from_pointee(engine), origin: Origin::Fixed, options, reloading: Mutex::new(None) }
    }

    /// Loads the rules in `paths` (files and directories, as
    /// [`crate::load::load_paths`]); [`Live::reload`] reads them again.
    ///
    /// ```
    /// let live = zeren::live::Live::from_paths(&["rules"], zeren::live::Options::new())?;
    /// assert!(live.engine().rules().item_count() > 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_paths<P: AsRef<std::path::Path>>(paths: &[P], options: Options) -> Result<Live, ReloadError> {
        let paths: Vec<PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
        let engine = prepare(crate::load::load_paths_with(&paths, &options.limits)?, &options)?;
        Ok(Live {
            current: ArcSwap::from_pointee(engine),
            origin: Origin::Paths(paths),
            options,
            reloading: Mutex::new(None),
        })
    }

    /// Loads rules already in memory.
    ///
    /// ```
    /// let mut sources = zeren::source::Sources::default();
    /// sources.add("a.rules", "schema { f: bool }\ndepartment d\nitem x { when f lead d }");
    /// let live = zeren::live::Live::from_sources(sources, zeren::live::Options::new())?;
    /// assert_eq!(live.engine().rules().item_count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_sources(sources: Sources, options: Options) -> Result<Live, ReloadError> {
        let engine = prepare(crate::load::load_sources_with(sources, &options.limits)?, &options)?;
        Ok(Live::new(engine, options))
    }

    /// The current version, without blocking: hold it for as long as one
    /// ticket (or one batch) should see one version. A reload never changes
    /// an engine already handed out.
    ///
    /// ```
    /// let live = zeren::live::Live::from_paths(&["rules"], zeren::live::Options::new())?;
    /// let engine: std::sync::Arc<zeren::Engine> = live.engine();
    /// assert!(engine.attr("text").is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn engine(&self) -> Arc<Engine> {
        self.current.load_full()
    }

    /// Reads the paths given to [`Live::from_paths`] again and swaps the new
    /// version in if it loads, compiles and passes the gate; otherwise the
    /// current version stays and the errors come back. A `Live` made from
    /// sources or an engine re-validates its current version (and so always
    /// succeeds).
    ///
    /// ```
    /// let live = zeren::live::Live::from_paths(&["rules"], zeren::live::Options::new())?;
    /// let before = live.engine().rules().provenance().content_hash;
    /// let after = live.reload()?.rules().provenance().content_hash;
    /// assert_eq!(before, after); // same files, same hash
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reload(&self) -> Result<Arc<Engine>, ReloadError> {
        match &self.origin {
            Origin::Paths(paths) => {
                let sources = crate::load::read_paths(paths, &self.options.limits)?;
                let hash = crate::provenance::content_hash(&sources);
                self.install(hash, || Ok(crate::load::load_sources_with(sources, &self.options.limits)?))
            }
            Origin::Fixed => Ok(self.engine()),
        }
    }

    /// Polls the paths given to [`Live::from_paths`]: reads the files and,
    /// only when their content differs from the current version's (and from
    /// the last version refused), loads them as [`Live::reload`] does.
    /// `Ok(None)` when nothing changed. Cheap enough to call from a timer
    /// every second: reading the files is all it does when nothing changed.
    ///
    /// ```
    /// let live = zeren::live::Live::from_paths(&["rules"], zeren::live::Options::new())?;
    /// assert!(live.reload_if_changed()?.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reload_if_changed(&self) -> Result<Option<Arc<Engine>>, ReloadError> {
        let Origin::Paths(paths) = &self.origin else {
            return Ok(None);
        };
        let sources = crate::load::read_paths(paths, &self.options.limits)?;
        let hash = crate::provenance::content_hash(&sources);
        {
            let refused = self.reloading.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if hash == self.current.load().provenance().content_hash || *refused == Some(hash) {
                return Ok(None);
            }
        }
        self.install(hash, || Ok(crate::load::load_sources_with(sources, &self.options.limits)?)).map(Some)
    }

    /// Loads `sources` as the next version (swapped in only if it loads,
    /// compiles and passes the gate).
    ///
    /// ```
    /// use zeren::source::Sources;
    /// let mut v1 = Sources::default();
    /// v1.add("a.rules", "ruleset \"a\" version \"1\"\nschema { f: bool }\ndepartment d\nitem x { when f lead d }");
    /// let live = zeren::live::Live::from_sources(v1, zeren::live::Options::new())?;
    /// let mut broken = Sources::default();
    /// broken.add("a.rules", "ruleset \"a\" version \"2\"\nitem x { when f lead d }");
    /// assert!(live.reload_sources(broken).is_err());
    /// assert_eq!(live.engine().rules().provenance().version, Some("1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reload_sources(&self, sources: Sources) -> Result<Arc<Engine>, ReloadError> {
        let hash = crate::provenance::content_hash(&sources);
        self.install(hash, || Ok(crate::load::load_sources_with(sources, &self.options.limits)?))
    }

    /// Swaps in a rule set already validated (it is compiled and gated
    /// first).
    ///
    /// ```
    /// let live = zeren::live::Live::from_paths(&["rules"], zeren::live::Options::new())?;
    /// let set = zeren::load::load_str("b.rules", "schema { f: bool }\ndepartment d\nitem x { when f lead d }")?;
    /// live.replace(set)?;
    /// assert_eq!(live.engine().rules().item_count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replace(&self, set: RuleSet) -> Result<Arc<Engine>, ReloadError> {
        let hash = crate::provenance::content_hash(&set.sources);
        self.install(hash, || Ok(set))
    }

    /// Loads off to the side, then swaps in one store. The lock only orders
    /// reloads among themselves; readers never take it.
    /// `hash` is the new sources' content hash, when known before loading.
    fn install(
        &self,
        hash: u64,
        load: impl FnOnce() -> Result<RuleSet, ReloadError>,
    ) -> Result<Arc<Engine>, ReloadError> {
        // A reload that panicked cannot have left a half-built version
        // behind (nothing is stored until the end), so a poisoned lock is
        // safe to take over.
        let mut refused = self.reloading.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match load().and_then(|set| prepare(set, &self.options)) {
            Ok(engine) => {
                let engine = Arc::new(engine);
                self.current.store(Arc::clone(&engine));
                *refused = None;
                Ok(engine)
            }
            Err(e) => {
                *refused = Some(hash);
                Err(e)
            }
        }
    }
}

/// Compiles and gates a loaded version.
fn prepare(set: RuleSet, options: &Options) -> Result<Engine, ReloadError> {
    if options.refuse_overlaps {
        let config = crate::analyze::Config::new().solver(crate::logic::Config::from_limits(&options.limits));
        let overlaps: Vec<Diagnostic> = crate::analyze::analyze(&set, &config)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == crate::diagnostic::Code::Overlap)
            .collect();
        if !overlaps.is_empty() {
            return Err(ReloadError::Refused { diagnostics: overlaps, sources: Box::new(set.sources) });
        }
    }
    if let Some(gate) = &options.gate {
        let diagnostics = gate(&set);
        if !diagnostics.is_empty() {
            return Err(ReloadError::Refused { diagnostics, sources: Box::new(set.sources) });
        }
    }
    Engine::new(set).map_err(ReloadError::from)
}
