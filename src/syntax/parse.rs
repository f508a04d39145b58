//! pest parse tree → AST, one lowering function per grammar rule, and syntax
//! errors in the policy author's words.
#![deny(clippy::indexing_slicing)]

use super::ast::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use pest::iterators::Pair;
use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/zeren.pest"]
struct RulesParser;

/// How deep brackets, blocks and `not`s may nest before parsing is refused,
/// by default (see [`crate::limits::Limits::max_nesting`]).
///
/// pest recurses once per nesting level; refusing early keeps a hostile file
/// from overflowing the stack without touching pest's process-wide limits.
pub const MAX_NESTING: usize = crate::limits::DEFAULT_MAX_NESTING;

/// Parses one file. A syntax error stops at the first one (pest cannot recover),
/// so the result carries at most one diagnostic; lowering may add more (`none`
/// used as a name).
pub fn parse_file(file: FileId, text: &str) -> Result<File, Vec<Diagnostic>> {
    parse_file_with(file, text, MAX_NESTING)
}

/// [`parse_file`] with its own nesting limit: text that nests brackets,
/// blocks and `not`s deeper than `max_nesting` is refused with a `limit`
/// error before pest sees it.
///
/// ```
/// use zeren::source::FileId;
/// let text = "department d\nitem x { when not not not f lead d }";
/// assert!(zeren::syntax::parse_file_with(FileId(0), text, 8).is_ok());
/// let errors = zeren::syntax::parse_file_with(FileId(0), text, 3).err().ok_or("expected an error")?;
/// assert_eq!(errors[0].code.as_str(), "limit");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_file_with(file: FileId, text: &str, max_nesting: usize) -> Result<File, Vec<Diagnostic>> {
    if let Some(d) = nesting_error(file, text, max_nesting) {
        return Err(vec![d]);
    }
    let mut pairs = RulesParser::parse(Rule::file, text).map_err(|e| vec![syntax_error(file, text, e)])?;
    let Some(top) = pairs.next() else {
        return Ok(File::default());
    };
    let mut lower = Lower { file, errors: Vec::new() };
    let decls = top.into_inner().filter(|p| p.as_rule() != Rule::EOI).filter_map(|p| lower.decl(p)).collect();
    if lower.errors.is_empty() {
        Ok(File { decls })
    } else {
        Err(lower.errors)
    }
}

/// How many keywords of `text` are written in English and how many in
/// Chinese, `(english, chinese)`; `None` when the text does not parse.
/// `zeren fmt` writes a file's keywords in the language most of them use.
///
/// ```
/// assert_eq!(zeren::syntax::keyword_counts("部门 a\n细项 x { when f 主办 a }"), Some((1, 3)));
/// ```
pub fn keyword_counts(text: &str) -> Option<(usize, usize)> {
    if nesting_error(FileId(0), text, MAX_NESTING).is_some() {
        return None;
    }
    let pairs = RulesParser::parse(Rule::file, text).ok()?;
    let (mut en, mut zh) = (0, 0);
    for p in pairs.flatten() {
        // Every `kw_*` rule is a keyword; `null` has no Chinese form, so it
        // says nothing about the language.
        if p.as_rule() != Rule::kw_null && format!("{:?}", p.as_rule()).starts_with("kw_") {
            if p.as_str().is_ascii() {
                en += 1;
            } else {
                zh += 1;
            }
        }
    }
    Some((en, zh))
}

/// Refuses input nested deeper than `max`, before pest sees it.
///
/// Depth is the open brackets plus the `not`s still in force: a chain of
/// `not`s recurses like brackets do, but ends at the next token that is not
/// `not` (or at the bracket it opened), so `not a and not b` stays at depth 1.
fn nesting_error(file: FileId, text: &str, max: usize) -> Option<Diagnostic> {
    let bytes = text.as_bytes();
    // The `not`s in force at each open bracket level; the first is the top level.
    let mut nots: Vec<usize> = vec![0];
    // `in_string`: inside `"…"`; `in_cn_string`: inside `“…”` (v2).
    let (mut in_nots, mut i, mut in_string, mut in_cn_string) = (0usize, 0usize, false, false);
    let at = |i: usize, s: &str| bytes.get(i..).is_some_and(|r| r.starts_with(s.as_bytes()));
    while let Some(&b) = bytes.get(i) {
        if in_string || in_cn_string {
            match b {
                b'\\' => i += 1,
                b'\n' => (in_string, in_cn_string) = (false, false),
                b'"' if in_string => in_string = false,
                0xE2 if in_cn_string && at(i, "”") => in_cn_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        // Full-width brackets and `非` (v2) nest as their ASCII forms do.
        let b = match b {
            0xEF if at(i, "（") || at(i, "［") || at(i, "｛") => {
                i += 2;
                b'('
            }
            0xEF if at(i, "）") || at(i, "］") || at(i, "｝") => {
                i += 2;
                b')'
            }
            0xE9 if at(i, "非") && word_boundary(bytes, i, 3) => {
                // Counted as `not`: the `not` arm skips two more bytes.
                b'n'
            }
            0xE2 if at(i, "“") => {
                in_cn_string = true;
                i += 3;
                continue;
            }
            b => b,
        };
        let mut deeper = false;
        match b {
            b'#' => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_line(bytes, i),
            b' ' | b'\t' | b'\r' | b'\n' => {}
            b'(' | b'[' | b'{' => {
                nots.push(0);
                deeper = true;
            }
            b')' | b']' | b'}' => {
                if nots.len() > 1 {
                    in_nots = in_nots.saturating_sub(nots.pop().unwrap_or(0));
                }
                // The bracket closed the operand of any `not`s before it.
                if let Some(top) = nots.last_mut() {
                    in_nots = in_nots.saturating_sub(*top);
                    *top = 0;
                }
            }
            b'n' if (at(i, "not") || at(i, "非")) && word_boundary(bytes, i, 3) => {
                if let Some(top) = nots.last_mut() {
                    *top += 1;
                }
                in_nots += 1;
                deeper = true;
                i += 2;
            }
            _ => {
                // Any other token is (part of) the operand: the chain ends.
                if let Some(top) = nots.last_mut() {
                    in_nots = in_nots.saturating_sub(*top);
                    *top = 0;
                }
                in_string = b == b'"';
            }
        }
        let depth = nots.len().saturating_sub(1) + in_nots;
        if deeper && depth > max {
            let span = Span::new(file, i, i + 1);
            return Some(
                Diagnostic::error(Code::Limit, span, crate::tr!("parse-conditions-or-blocks-nest-deeper", max = max))
                    .with_primary(crate::tr!("parse-too-deep-here"))
                    .with_help(crate::tr!("parse-split-the-condition-with-define")),
            );
        }
        i += 1;
    }
    None
}

fn skip_line(bytes: &[u8], i: usize) -> usize {
    bytes.get(i..).and_then(|rest| rest.iter().position(|&b| b == b'\n')).map_or(bytes.len(), |n| i + n)
}

/// Whether `bytes[i..i + len]` is a whole word: the characters around it are
/// not letters, digits or `_` (in any script, since names may be in any).
/// Anything else around it — blanks, the ideographic space, full-width
/// punctuation — ends a word.
fn word_boundary(bytes: &[u8], i: usize, len: usize) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    // The character ending just before `i`: back over continuation bytes.
    let mut start = i;
    while start > 0 && i - start < 4 && bytes.get(start - 1).is_some_and(|b| b & 0xC0 == 0x80) {
        start -= 1;
    }
    let start = start.saturating_sub(1);
    let before = bytes.get(start..i).and_then(|b| std::str::from_utf8(b).ok()).and_then(|s| s.chars().next_back());
    let after = bytes.get(i + len..).and_then(|rest| {
        let width = match rest.first()? {
            b if *b < 0x80 => 1,
            b if *b >= 0xF0 => 4,
            b if *b >= 0xE0 => 3,
            _ => 2,
        };
        std::str::from_utf8(rest.get(..width)?).ok()?.chars().next()
    });
    !before.is_some_and(word) && !after.is_some_and(word)
}

/// Converts pest's error into a `syntax` diagnostic that names tokens, not
/// rules; the common slips of [`slip`] are said with their fix.
fn syntax_error(file: FileId, text: &str, e: pest::error::Error<Rule>) -> Diagnostic {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let wants_clause = matches!(&e.variant,
        pest::error::ErrorVariant::ParsingError { positives, .. } if positives.contains(&Rule::clause));
    if let Some(d) = slip(file, text, pos, wants_clause) {
        return d;
    }
    let message = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, negatives } => {
            let mut names: Vec<&str> = positives.iter().map(|r| describe(*r)).collect();
            names.sort_unstable();
            names.dedup();
            if names.is_empty() {
                let mut neg: Vec<&str> = negatives.iter().map(|r| describe(*r)).collect();
                neg.dedup();
                crate::tr!("parse-unexpected", what = neg.iter().map(|n| words(n)).collect::<Vec<_>>())
            } else {
                one_of(&names)
            }
        }
        pest::error::ErrorVariant::CustomError { message } => crate::i18n::Text::raw(message.clone()),
    };
    Diagnostic::error(Code::Syntax, Span::new(file, pos, pos + 1), message).with_primary(crate::tr!("parse-here"))
}

/// The clauses of an item, in the order of docs/spec.md §3's table.
const ITEM_CLAUSES: [&str; 12] =
    ["when", "near", "lead", "assist", "liaise", "like", "basis", "note", "priority", "over", "effective", "deadline"];
/// The clauses of a matter: an item's, but `near`, `like`, `priority` and `over`.
const MATTER_CLAUSES: [&str; 8] = ["when", "lead", "assist", "liaise", "basis", "note", "effective", "deadline"];

/// The mistakes a new author makes most, which the grammar's "expected …"
/// words badly (issue 14): an unclosed string (pointed at where it starts),
/// two departments after `lead`, an `and`/`or`/`not` that ends a line (pointed
/// at itself, not at the next line's first word), and a misspelt or unknown
/// clause (did-you-mean, else the clauses allowed there).
fn slip(file: FileId, text: &str, pos: usize, wants_clause: bool) -> Option<Diagnostic> {
    let rest = text.get(pos..)?;
    let before = text.get(..pos)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_before = text.get(line_start..pos)?.trim_start();
    let rest_of_line = rest.split('\n').next().unwrap_or("").trim_end();
    let at = |start: usize, len: usize| Span::new(file, start, start + len.max(1));

    if let Some(after) = rest.strip_prefix('"') {
        if !after.split('\n').next().unwrap_or("").contains('"') {
            return Some(
                Diagnostic::error(Code::Syntax, at(pos, 1), crate::tr!("parse-unclosed-string"))
                    .with_primary(crate::tr!("parse-string-starts-here"))
                    .with_help(crate::tr!("parse-close-string")),
            );
        }
    }

    let lead_word = ["lead", "主办"].into_iter().find(|w| line_before.starts_with(w));
    if let (Some(word), Some(comma)) = (lead_word, rest.chars().next().filter(|c| matches!(c, ',' | '，'))) {
        let first = line_before.get(word.len()..).unwrap_or("").trim();
        let others = rest_of_line.get(comma.len_utf8()..).unwrap_or("").trim();
        return Some(
            Diagnostic::error(Code::Syntax, at(pos, rest_of_line.len()), crate::tr!("parse-one-lead"))
                .with_primary(crate::tr!("parse-more-than-one-lead"))
                .with_help(crate::tr!("parse-one-lead-help", lead = first, others = others)),
        );
    }

    // The text before this line, when the error is at its first word, or when
    // that first word is a clause keyword the condition swallowed as a name
    // (`when a and` ⏎ `lead x` reads `lead` as an attribute).
    let first_word = line_before.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
    let prev = before.trim_end();
    let prev = if ITEM_CLAUSES.contains(&first_word) { text.get(..line_start).unwrap_or("").trim_end() } else { prev };
    if prev.len() < line_start {
        for op in ["and", "or", "not", "且", "或", "非"] {
            let Some(head) = prev.strip_suffix(op) else { continue };
            if head.chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') && op.is_ascii() {
                continue;
            }
            return Some(
                Diagnostic::error(Code::Syntax, at(head.len(), op.len()), crate::tr!("parse-dangling-op", op = op))
                    .with_primary(crate::tr!("parse-nothing-after", op = op))
                    .with_help(crate::tr!("parse-dangling-op-help", op = op)),
            );
        }
    }

    if wants_clause {
        let word: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !word.is_empty() {
            let clauses: &[&str] = if in_matter(before) { &MATTER_CLAUSES } else { &ITEM_CLAUSES };
            let list: Vec<String> = clauses.iter().map(|c| format!("`{c}`")).collect();
            let help = match crate::suggest::closest(&word, clauses.iter().copied()) {
                Some(c) => crate::tr!("did-you-mean", name = c),
                None if in_matter(before) => crate::tr!("parse-matter-clauses", clauses = list),
                None => crate::tr!("parse-item-clauses", clauses = list),
            };
            return Some(
                Diagnostic::error(Code::Syntax, at(pos, word.len()), crate::tr!("parse-not-a-clause", word = word))
                    .with_primary(crate::tr!("parse-unknown-clause"))
                    .with_help(help),
            );
        }
    }
    None
}

/// Whether the innermost open block before the end of `before` is a matter
/// (its first word `matter` or `事项`), counting braces backwards.
fn in_matter(before: &str) -> bool {
    let mut depth = 0usize;
    for (i, c) in before.char_indices().rev() {
        match c {
            '}' => depth += 1,
            '{' if depth > 0 => depth -= 1,
            '{' => {
                let head = before.get(..i).unwrap_or("");
                let line = head.rsplit('\n').next().unwrap_or("").trim_start();
                return line.starts_with("matter") || line.starts_with("事项");
            }
            _ => {}
        }
    }
    false
}

/// "expected a", "expected a or b", "expected a, b or c".
fn one_of(names: &[&str]) -> crate::i18n::Text {
    match names {
        [] => crate::tr!("parse-expected", what = ""),
        [one] => crate::tr!("parse-expected", what = words(one)),
        [init @ .., last] => crate::tr!(
            "parse-expected-or",
            init = init.iter().map(|n| words(n)).collect::<Vec<_>>(),
            last = words(last)
        ),
    }
}

/// A rule's name from [`describe`] in the reader's language: code words
/// (in backticks) stay as they are.
fn words(name: &str) -> crate::i18n::Arg {
    use crate::i18n::ToArg;
    let text = match name {
        "a clause" => crate::tr!("rule-a-clause"),
        "a comment" => crate::tr!("rule-a-comment"),
        "a comparison" => crate::tr!("rule-a-comparison"),
        "a condition" => crate::tr!("rule-a-condition"),
        "a condition word" => crate::tr!("rule-a-condition-word"),
        "a date (`YYYY-MM-DD`)" => crate::tr!("rule-a-date-yyyy-mm-dd"),
        "a declaration" => crate::tr!("rule-a-declaration"),
        "a field (`name: value`)" => crate::tr!("rule-a-field-name-value"),
        "a keyword" => crate::tr!("rule-a-keyword"),
        "a label (a string)" => crate::tr!("rule-a-label-a-string"),
        "a line `VALUE, ... -> ID`" => crate::tr!("rule-a-line-value-id"),
        "a list `[…]`" => crate::tr!("rule-a-list"),
        "a list of values" => crate::tr!("rule-a-list-of-values"),
        "a name" => crate::tr!("rule-a-name"),
        "a number" => crate::tr!("rule-a-number"),
        "a range (`MIN..MAX`)" => crate::tr!("rule-a-range-min-max"),
        "a range of dates (`DATE..DATE`)" => crate::tr!("rule-a-range-of-dates-date-date"),
        "a space" => crate::tr!("rule-a-space"),
        "a string" => crate::tr!("rule-a-string"),
        "a time limit (`N hours`, `N days` or `N workdays`)" => {
            crate::tr!("rule-a-time-limit-n-hours-n-days-or-n-workday")
        }
        "a type (`symbol`, `text`, `number`, `bool` or `date`)" => {
            crate::tr!("rule-a-type-symbol-text-number-bool-or-date")
        }
        "a value" => crate::tr!("rule-a-value"),
        "a whole number" => crate::tr!("rule-a-whole-number"),
        "an attribute declaration" => crate::tr!("rule-an-attribute-declaration"),
        "an attribute name" => crate::tr!("rule-an-attribute-name"),
        "end of file" => crate::tr!("rule-end-of-file"),
        "the name of a `words` list" => crate::tr!("rule-the-name-of-a-words-list"),
        code => return code.to_arg(),
    };
    text.to_arg()
}

/// Every grammar rule's name in the author's words. No `_` arm: a new rule
/// cannot ship without a human name.
pub(crate) fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of file",
        Rule::WHITESPACE => "a space",
        Rule::COMMENT => "a comment",
        Rule::file => "a declaration",
        Rule::decl => "a declaration",
        Rule::unary => "a condition",
        Rule::header => "`ruleset`",
        Rule::schema => "`schema`",
        Rule::attr_decl => "an attribute declaration",
        Rule::label => "a label (a string)",
        Rule::type_name => "a type (`symbol`, `text`, `number`, `bool` or `date`)",
        Rule::num_range => "a range (`MIN..MAX`)",
        Rule::territory => "`territory`",
        Rule::territory_line => "a line `VALUE, ... -> ID`",
        Rule::territory_value => "a value",
        Rule::otherwise_line => "`otherwise`",
        Rule::clock => "`clock`",
        Rule::homophone => "`homophone`",
        Rule::expect_deadline => "`deadline`",
        Rule::expect_split => "`split`",
        Rule::role => "a name",
        Rule::role_seq => "a name",
        Rule::effective_clause => "`effective`",
        Rule::date_range => "a range of dates (`DATE..DATE`)",
        Rule::deadline_clause => "`deadline`",
        Rule::deadline_value => "a time limit (`N hours`, `N days` or `N workdays`)",
        Rule::time_unit => "`hours`, `days` or `workdays`",
        Rule::cn_string_body => "a string",
        Rule::date => "a date (`YYYY-MM-DD`)",
        Rule::list_comma => "`,`",
        Rule::dots => "`..`",
        Rule::arrow => "`->`",
        Rule::kw_date => "`date`",
        Rule::kw_territory => "`territory`",
        Rule::kw_otherwise => "`otherwise`",
        Rule::kw_clock => "`clock`",
        Rule::kw_default => "`default`",
        Rule::kw_effective => "`effective`",
        Rule::kw_deadline => "`deadline`",
        Rule::kw_hours => "`hours`",
        Rule::kw_days => "`days`",
        Rule::kw_workdays => "`workdays`",
        Rule::kw_homophone => "`homophone`",
        Rule::kw_split => "`split`",
        Rule::domain => "a list of values",
        Rule::department => "`department`",
        Rule::coordinator => "`coordinator`",
        Rule::matter => "`matter`",
        Rule::item => "`item`",
        Rule::words => "`words`",
        Rule::define => "`define`",
        Rule::fallback => "`fallback`",
        Rule::test => "`test`",
        Rule::ticket => "`ticket`",
        Rule::field => "a field (`name: value`)",
        Rule::field_value => "a value",
        Rule::expect => "`expect`",
        Rule::expect_lead => "`lead`",
        Rule::expect_assist => "`assist`",
        Rule::expect_liaise => "`liaise`",
        Rule::expect_item => "`item`",
        Rule::expect_method => "`method`",
        Rule::expect_score => "`score`",
        Rule::id_list => "a list `[…]`",
        Rule::clause => "a clause",
        Rule::when_clause => "`when`",
        Rule::near_clause => "`near`",
        Rule::lead_clause => "`lead`",
        Rule::assist_clause => "`assist`",
        Rule::liaise_clause => "`liaise`",
        Rule::like_clause => "`like`",
        Rule::basis_clause => "`basis`",
        Rule::note_clause => "`note`",
        Rule::priority_clause => "`priority`",
        Rule::over_clause => "`over`",
        Rule::ident_seq => "a name",
        Rule::cond => "a condition",
        Rule::or_expr => "a condition",
        Rule::and_expr => "a condition",
        Rule::not_expr => "`not`",
        Rule::paren => "`(`",
        Rule::atom => "a condition",
        Rule::has_atom => "`has`",
        Rule::keywords => "a keyword",
        Rule::keyword_list => "`[`",
        Rule::keyword => "a keyword",
        Rule::words_ref => "the name of a `words` list",
        Rule::eq_atom => "`=`",
        Rule::ne_atom => "`!=`",
        Rule::in_atom => "`in`",
        Rule::cmp_atom => "a comparison",
        Rule::cmp_op => "`<`, `<=`, `>` or `>=`",
        Rule::bare_atom => "an attribute name",
        Rule::value => "a value",
        Rule::value_name => "a value",
        Rule::attr => "an attribute name",
        Rule::ident => "a name",
        Rule::name => "a name",
        Rule::string => "a string",
        Rule::string_body => "a string",
        Rule::number => "a number",
        Rule::integer => "a whole number",
        Rule::reserved => "a condition word",
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::lbracket => "`[`",
        Rule::rbracket => "`]`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::colon => "`:`",
        Rule::comma => "`,`",
        Rule::equals => "`=`",
        Rule::not_equals => "`!=`",
        Rule::kw_ruleset => "`ruleset`",
        Rule::kw_version => "`version`",
        Rule::kw_schema => "`schema`",
        Rule::kw_symbol => "`symbol`",
        Rule::kw_text => "`text`",
        Rule::kw_number => "`number`",
        Rule::kw_bool => "`bool`",
        Rule::kw_department => "`department`",
        Rule::kw_coordinator => "`coordinator`",
        Rule::kw_matter => "`matter`",
        Rule::kw_item => "`item`",
        Rule::kw_words => "`words`",
        Rule::kw_define => "`define`",
        Rule::kw_fallback => "`fallback`",
        Rule::kw_nearest => "`nearest`",
        Rule::kw_threshold => "`threshold`",
        Rule::kw_test => "`test`",
        Rule::kw_ticket => "`ticket`",
        Rule::kw_expect => "`expect`",
        Rule::kw_method => "`method`",
        Rule::kw_score => "`score`",
        Rule::kw_when => "`when`",
        Rule::kw_near => "`near`",
        Rule::kw_lead => "`lead`",
        Rule::kw_assist => "`assist`",
        Rule::kw_liaise => "`liaise`",
        Rule::kw_like => "`like`",
        Rule::kw_basis => "`basis`",
        Rule::kw_note => "`note`",
        Rule::kw_priority => "`priority`",
        Rule::kw_over => "`over`",
        Rule::kw_none => "`none`",
        Rule::kw_null => "`null`",
        Rule::kw_and => "`and`",
        Rule::kw_or => "`or`",
        Rule::kw_not => "`not`",
        Rule::kw_has => "`has`",
        Rule::kw_any => "`any`",
        Rule::kw_all => "`all`",
        Rule::kw_in => "`in`",
        Rule::kw_true => "`true`",
        Rule::kw_false => "`false`",
    }
}

struct Lower {
    file: FileId,
    errors: Vec<Diagnostic>,
}

impl Lower {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start(), s.end())
    }

    fn decl(&mut self, pair: Pair<'_, Rule>) -> Option<Decl> {
        Some(match pair.as_rule() {
            Rule::header => Decl::Header(self.header(pair)),
            Rule::schema => Decl::Schema(
                pair.into_inner().filter(|p| p.as_rule() == Rule::attr_decl).map(|p| self.attr_decl(p)).collect(),
            ),
            Rule::department => Decl::Department(self.department(pair)),
            Rule::coordinator => Decl::Coordinator(self.ident(first_of(pair, Rule::ident)?)),
            Rule::territory => Decl::Territory(self.territory(pair)?),
            Rule::clock => Decl::Clock(self.clock(pair)?),
            Rule::matter => Decl::Matter(self.matter(pair)),
            Rule::item => Decl::Item(self.item(pair)),
            Rule::words => Decl::Words(self.words(pair)),
            Rule::define => Decl::Define(self.define(pair)?),
            Rule::fallback => Decl::Fallback(self.fallback(pair)),
            Rule::test => Decl::Test(self.test(pair)),
            _ => return None,
        })
    }

    fn header(&mut self, pair: Pair<'_, Rule>) -> Header {
        let span = self.span(&pair);
        let mut strings = pair.into_inner().filter(|p| p.as_rule() == Rule::string);
        let name = strings.next().map(|p| self.string(p)).unwrap_or(Str { value: String::new(), span });
        let version = strings.next().map(|p| self.string(p));
        Header { name, version, span }
    }

    fn attr_decl(&mut self, pair: Pair<'_, Rule>) -> AttrDecl {
        let mut name = None;
        let mut ty = (Type::Symbol, self.span(&pair));
        let mut domain = None;
        let mut label = None;
        let mut range = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::label => label = first_of(p, Rule::string).map(|s| self.string(s)),
                Rule::num_range => range = Some(self.num_range(p)),
                Rule::type_name => {
                    let span = self.span(&p);
                    let t = match p.into_inner().next().map(|k| k.as_rule()) {
                        Some(Rule::kw_text) => Type::Text,
                        Some(Rule::kw_number) => Type::Number,
                        Some(Rule::kw_bool) => Type::Bool,
                        Some(Rule::kw_date) => Type::Date,
                        _ => Type::Symbol,
                    };
                    ty = (t, span);
                }
                Rule::domain => {
                    domain = Some(
                        p.into_inner()
                            .filter(|v| v.as_rule() == Rule::value_name)
                            .map(|v| self.value_name(v))
                            .collect(),
                    )
                }
                _ => {}
            }
        }
        let name = name.unwrap_or_else(|| Ident { text: String::new(), span: ty.1, quoted: false });
        AttrDecl { name, ty: ty.0, ty_span: ty.1, domain, label, range }
    }

    /// `MIN..MAX`, `MIN..` or `..MAX`.
    fn num_range(&mut self, pair: Pair<'_, Rule>) -> NumRange {
        let span = self.span(&pair);
        let (mut min, mut max, mut after_dots) = (None, None, false);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::dots => after_dots = true,
                Rule::number => {
                    let n = p.as_str().parse::<f64>().unwrap_or(f64::NAN);
                    if after_dots {
                        max = Some(n);
                    } else {
                        min = Some(n);
                    }
                }
                _ => {}
            }
        }
        NumRange { min, max, span }
    }

    /// `territory attr { a, b -> dept … otherwise dept }`
    fn territory(&mut self, pair: Pair<'_, Rule>) -> Option<Territory> {
        let span = self.span(&pair);
        let mut attr = None;
        let mut lines = Vec::new();
        let mut otherwise = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => attr = Some(self.ident(p)),
                Rule::territory_line => {
                    let mut values = Vec::new();
                    let mut dept = None;
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::territory_value => {
                                values.extend(first_of(q, Rule::value_name).map(|v| self.value_name(v)))
                            }
                            Rule::ident => dept = Some(self.ref_name(q, "department")),
                            _ => {}
                        }
                    }
                    lines.push(TerritoryLine { values, dept: dept? });
                }
                Rule::otherwise_line => otherwise = Some(self.ref_name(first_of(p, Rule::ident)?, "department")),
                _ => {}
            }
        }
        Some(Territory { attr: attr?, lines, otherwise: otherwise?, span })
    }

    /// `clock attr default DATE`
    fn clock(&mut self, pair: Pair<'_, Rule>) -> Option<Clock> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner().filter(|p| matches!(p.as_rule(), Rule::ident | Rule::date));
        let attr = self.ident(inner.next()?);
        let date = inner.next()?;
        let default_span = self.span(&date);
        let default = self.date(date);
        Some(Clock { attr, default, default_span, span })
    }

    /// A date token: a real calendar date in 1900–2199, else a `syntax`
    /// error (docs/spec.md §8a).
    fn date(&mut self, pair: Pair<'_, Rule>) -> Date {
        let text = pair.as_str();
        match Date::parse(text) {
            Some(d) => d,
            None => {
                let span = self.span(&pair);
                self.errors.push(
                    Diagnostic::error(Code::Syntax, span, crate::tr!("parse-is-not-a-calendar-date", text = text))
                        .with_primary(crate::tr!("parse-no-such-day"))
                        .with_help(crate::tr!("parse-write-a-date-that-exists")),
                );
                Date::EPOCH
            }
        }
    }

    fn department(&mut self, pair: Pair<'_, Rule>) -> Department {
        let mut id = None;
        let mut display = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => id = Some(self.decl_name(p, "department")),
                Rule::string => display = Some(self.string(p)),
                _ => {}
            }
        }
        let id = id.unwrap_or_else(|| Ident { text: String::new(), span: Span::default(), quoted: false });
        Department { id, display }
    }

    fn matter(&mut self, pair: Pair<'_, Rule>) -> Matter {
        let span = self.span(&pair);
        let mut name = None;
        let mut title = None;
        let mut clauses = Vec::new();
        let mut children = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.decl_name(p, "matter")),
                Rule::string => title = Some(self.string(p)),
                Rule::clause => clauses.extend(self.clause(p)),
                Rule::matter => children.push(Node::Matter(self.matter(p))),
                Rule::item => children.push(Node::Item(self.item(p))),
                _ => {}
            }
        }
        let name = name.unwrap_or_else(|| Ident { text: String::new(), span, quoted: false });
        Matter { name, title, clauses, children, span }
    }

    fn item(&mut self, pair: Pair<'_, Rule>) -> Item {
        let span = self.span(&pair);
        let mut name = None;
        let mut title = None;
        let mut clauses = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.decl_name(p, "item")),
                Rule::string => title = Some(self.string(p)),
                Rule::clause => clauses.extend(self.clause(p)),
                _ => {}
            }
        }
        let name = name.unwrap_or_else(|| Ident { text: String::new(), span, quoted: false });
        Item { name, title, clauses, span }
    }

    fn clause(&mut self, pair: Pair<'_, Rule>) -> Option<Clause> {
        let inner = pair.into_inner().next()?;
        let span = self.span(&inner);
        let rule = inner.as_rule();
        let mut parts = inner.into_inner().skip(1); // skip the keyword
        let kind = match rule {
            Rule::when_clause => ClauseKind::When(self.cond(parts.next()?)),
            Rule::near_clause => ClauseKind::Near(self.cond(parts.next()?)),
            Rule::lead_clause => ClauseKind::Lead(self.role(parts.next()?)),
            Rule::assist_clause => ClauseKind::Assist(self.role_seq(parts.next()?)),
            Rule::liaise_clause => ClauseKind::Liaise(self.role_seq(parts.next()?)),
            Rule::like_clause => ClauseKind::Like(self.ident(parts.next()?)),
            Rule::basis_clause => ClauseKind::Basis(self.string(parts.next()?)),
            Rule::note_clause => ClauseKind::Note(self.string(parts.next()?)),
            Rule::priority_clause => {
                let p = parts.next()?;
                let value = match p.as_str().parse::<i64>() {
                    Ok(v) => v,
                    Err(_) => {
                        let s = self.span(&p);
                        self.errors.push(
                            Diagnostic::error(Code::Syntax, s, crate::tr!("parse-priority-is-out-of-range"))
                                .with_primary(crate::tr!("parse-this-number")),
                        );
                        0
                    }
                };
                ClauseKind::Priority(value)
            }
            Rule::over_clause => ClauseKind::Over(self.ident_seq(parts.next()?)),
            Rule::effective_clause => {
                let (mut start, mut end, mut after_dots) = (None, None, false);
                for p in parts.next()?.into_inner() {
                    match p.as_rule() {
                        Rule::dots => after_dots = true,
                        Rule::date if after_dots => end = Some(self.date(p)),
                        Rule::date => start = Some(self.date(p)),
                        _ => {}
                    }
                }
                ClauseKind::Effective(DateRange { start, end })
            }
            Rule::deadline_clause => {
                let (deadline, at) = self.deadline(parts.next()?)?;
                ClauseKind::Deadline(deadline, at)
            }
            _ => return None,
        };
        Some(Clause { kind, span })
    }

    /// `N UNIT`: `N` must be a whole number (docs/spec.md §8a); whether it is
    /// positive is checked later, as a `type` error. Returns the span of `N`.
    fn deadline(&mut self, pair: Pair<'_, Rule>) -> Option<(Deadline, Span)> {
        let mut inner = pair.into_inner();
        let n = inner.next()?;
        let at = self.span(&n);
        let unit = match inner.next()?.into_inner().next().map(|u| u.as_rule()) {
            Some(Rule::kw_hours) => TimeUnit::Hours,
            Some(Rule::kw_days) => TimeUnit::Days,
            _ => TimeUnit::Workdays,
        };
        let value = match n.as_str().parse::<i64>() {
            Ok(v) => v,
            Err(_) => {
                self.errors.push(
                    Diagnostic::error(Code::Syntax, at, crate::tr!("parse-a-deadline-is-a-whole"))
                        .with_primary(crate::tr!("parse-not-a-whole-number"))
                        .with_help(crate::tr!("parse-write-e-g-deadline-5")),
                );
                1
            }
        };
        Some((Deadline { value, unit }, at))
    }

    /// A department in a role, or the word `territory`.
    fn role(&mut self, pair: Pair<'_, Rule>) -> Role {
        let span = self.span(&pair);
        match pair.into_inner().next() {
            Some(p) if p.as_rule() == Rule::kw_territory => Role::Territory(span),
            Some(p) => Role::Dept(self.ref_name(p, "department")),
            None => Role::Territory(span),
        }
    }

    /// `a, territory, c` or `none` (an empty list).
    fn role_seq(&mut self, pair: Pair<'_, Rule>) -> Vec<Role> {
        match pair.as_rule() {
            Rule::kw_none => Vec::new(),
            _ => pair.into_inner().filter(|p| p.as_rule() == Rule::role).map(|p| self.role(p)).collect(),
        }
    }

    /// `a, b, c`
    fn ident_seq(&mut self, pair: Pair<'_, Rule>) -> Vec<Ident> {
        pair.into_inner().filter(|p| p.as_rule() == Rule::ident).map(|p| self.ref_name(p, "department")).collect()
    }

    fn words(&mut self, pair: Pair<'_, Rule>) -> Words {
        let mut name = None;
        let mut keywords = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::string => keywords.push(self.string(p)),
                _ => {}
            }
        }
        let name = name.unwrap_or_else(|| Ident { text: String::new(), span: Span::default(), quoted: false });
        Words { name, keywords }
    }

    fn define(&mut self, pair: Pair<'_, Rule>) -> Option<Define> {
        let mut inner = pair.into_inner().filter(|p| matches!(p.as_rule(), Rule::ident | Rule::cond));
        let name = self.ident(inner.next()?);
        let cond = self.cond(inner.next()?);
        Some(Define { name, cond })
    }

    fn fallback(&mut self, pair: Pair<'_, Rule>) -> Fallback {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let number = inner.clone().find(|p| p.as_rule() == Rule::number);
        let (threshold, threshold_span) = match number {
            Some(p) => (p.as_str().parse::<f64>().unwrap_or(f64::NAN), self.span(&p)),
            None => (1.0, span),
        };
        let homophone = inner
            .find(|p| p.as_rule() == Rule::homophone)
            .and_then(|h| first_of(h, Rule::number))
            .map(|p| (p.as_str().parse::<f64>().unwrap_or(f64::NAN), self.span(&p)));
        Fallback { threshold, threshold_span, homophone, span }
    }

    fn test(&mut self, pair: Pair<'_, Rule>) -> Test {
        let span = self.span(&pair);
        let mut name = Str { value: String::new(), span };
        let mut ticket = Vec::new();
        let mut expects = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => name = self.string(p),
                Rule::ticket => {
                    ticket =
                        p.into_inner().filter(|f| f.as_rule() == Rule::field).filter_map(|f| self.field(f)).collect()
                }
                Rule::expect => expects.extend(self.expect(p)),
                _ => {}
            }
        }
        Test { name, ticket, expects, span }
    }

    fn field(&mut self, pair: Pair<'_, Rule>) -> Option<Field> {
        let mut inner = pair.into_inner().filter(|p| matches!(p.as_rule(), Rule::ident | Rule::field_value));
        let name = self.ident(inner.next()?);
        let value_pair = inner.next()?;
        let value_span = self.span(&value_pair);
        let v = value_pair.into_inner().next()?;
        let value = match v.as_rule() {
            Rule::date => FieldValue::Date(self.date(v)),
            Rule::number => FieldValue::Number(v.as_str().parse().unwrap_or(f64::NAN)),
            Rule::string => FieldValue::Str(self.string(v).value),
            Rule::kw_true => FieldValue::Bool(true),
            Rule::kw_false => FieldValue::Bool(false),
            Rule::kw_null => FieldValue::Null,
            _ => {
                let id = self.ident(v);
                if id.quoted {
                    FieldValue::Str(id.text)
                } else {
                    FieldValue::Name(id.text)
                }
            }
        };
        Some(Field { name, value, value_span })
    }

    fn expect(&mut self, pair: Pair<'_, Rule>) -> Option<Expect> {
        let span = self.span(&pair);
        let inner = pair.into_inner().find(|p| p.as_rule() != Rule::kw_expect)?;
        let rule = inner.as_rule();
        let arg = inner.into_inner().nth(1)?;
        let kind = match rule {
            Rule::expect_lead => ExpectKind::Lead(self.optional_ident(arg)),
            Rule::expect_item => ExpectKind::Item(self.optional_ident(arg)),
            Rule::expect_assist => ExpectKind::Assist(self.id_list(arg)),
            Rule::expect_liaise => ExpectKind::Liaise(self.id_list(arg)),
            Rule::expect_method => ExpectKind::Method(self.name(arg)),
            Rule::expect_score => ExpectKind::Score(arg.as_str().parse().unwrap_or(f64::NAN)),
            Rule::expect_deadline if arg.as_rule() == Rule::kw_none => ExpectKind::Deadline(None),
            Rule::expect_deadline => ExpectKind::Deadline(Some(self.deadline(arg)?.0)),
            Rule::expect_split => ExpectKind::Split(self.id_list(arg)),
            _ => return None,
        };
        Some(Expect { kind, span })
    }

    fn optional_ident(&mut self, pair: Pair<'_, Rule>) -> Option<Ident> {
        (pair.as_rule() != Rule::kw_none).then(|| self.ident(pair))
    }

    fn id_list(&mut self, pair: Pair<'_, Rule>) -> Vec<Ident> {
        pair.into_inner().filter(|p| p.as_rule() == Rule::ident).map(|p| self.ident(p)).collect()
    }

    // ------------------------------------------------------------ conditions

    fn cond(&mut self, pair: Pair<'_, Rule>) -> Cond {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::cond => match pair.into_inner().next() {
                Some(p) => self.cond(p),
                None => Cond::And(Vec::new(), span),
            },
            Rule::or_expr => self.nary(pair, span, Rule::and_expr, Cond::Or),
            Rule::and_expr => self.nary(pair, span, Rule::kw_and, Cond::And),
            Rule::not_expr => match pair.into_inner().nth(1) {
                Some(p) => Cond::Not(Box::new(self.cond(p)), span),
                None => Cond::And(Vec::new(), span),
            },
            Rule::paren => match pair.into_inner().find(|p| p.as_rule() == Rule::cond) {
                Some(p) => Cond::Paren(Box::new(self.cond(p)), span),
                None => Cond::And(Vec::new(), span),
            },
            Rule::atom => match pair.into_inner().next() {
                Some(p) => Cond::Atom(self.atom(p)),
                None => Cond::And(Vec::new(), span),
            },
            _ => Cond::And(Vec::new(), span),
        }
    }

    /// `a op b op c`: one operand is returned as is.
    fn nary(&mut self, pair: Pair<'_, Rule>, span: Span, _operand: Rule, make: fn(Vec<Cond>, Span) -> Cond) -> Cond {
        let mut ops: Vec<Cond> = pair
            .into_inner()
            .filter(|p| !matches!(p.as_rule(), Rule::kw_and | Rule::kw_or))
            .map(|p| self.cond(p))
            .collect();
        if ops.len() == 1 {
            ops.remove(0)
        } else {
            make(ops, span)
        }
    }

    fn atom(&mut self, pair: Pair<'_, Rule>) -> Atom {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        let attr = match inner.next() {
            Some(p) => self.attr(p),
            None => Ident { text: String::new(), span, quoted: false },
        };
        let rest: Vec<Pair<'_, Rule>> = inner.collect();
        let kind = match rule {
            Rule::has_atom => {
                let mut mode = HasMode::Plain;
                let mut keywords = Vec::new();
                let mut list = false;
                for p in rest {
                    match p.as_rule() {
                        Rule::kw_any => mode = HasMode::Any,
                        Rule::kw_all => mode = HasMode::All,
                        Rule::keywords => {
                            if let Some(k) = p.into_inner().next() {
                                match k.as_rule() {
                                    Rule::keyword_list => {
                                        list = true;
                                        for kw in k.into_inner().filter(|x| x.as_rule() == Rule::keyword) {
                                            keywords.extend(kw.into_inner().next().map(|x| self.keyword(x)));
                                        }
                                    }
                                    _ => keywords.push(self.keyword(k)),
                                }
                            }
                        }
                        _ => {}
                    }
                }
                AtomKind::Has { mode, keywords, list }
            }
            Rule::eq_atom => AtomKind::Eq(self.value_of(rest)),
            Rule::ne_atom => AtomKind::Ne(self.value_of(rest)),
            Rule::in_atom => {
                AtomKind::In(rest.into_iter().filter(|p| p.as_rule() == Rule::value).map(|p| self.value(p)).collect())
            }
            Rule::cmp_atom => {
                // Full-width `＜＞＝` read as their ASCII forms.
                let op: String = rest
                    .first()
                    .map(|p| p.as_str())
                    .unwrap_or("")
                    .chars()
                    .map(|c| match c {
                        '＜' => '<',
                        '＞' => '>',
                        '＝' => '=',
                        c => c,
                    })
                    .collect();
                let op = match op.as_str() {
                    "<" => CmpOp::Lt,
                    "<=" => CmpOp::Le,
                    ">" => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                match rest.into_iter().nth(1) {
                    Some(p) if p.as_rule() == Rule::date => AtomKind::CmpDate(op, self.date(p)),
                    p => AtomKind::Cmp(op, p.and_then(|p| p.as_str().parse::<f64>().ok()).unwrap_or(f64::NAN)),
                }
            }
            _ => AtomKind::Bare,
        };
        Atom { attr, kind, span }
    }

    fn keyword(&mut self, pair: Pair<'_, Rule>) -> Keyword {
        match pair.as_rule() {
            Rule::string => Keyword::Str(self.string(pair)),
            _ => Keyword::Words(self.attr(pair)),
        }
    }

    fn value_of(&mut self, rest: Vec<Pair<'_, Rule>>) -> Value {
        match rest.into_iter().find(|p| p.as_rule() == Rule::value) {
            Some(p) => self.value(p),
            None => Value::Bool(false, Span::default()),
        }
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Value {
        let span = self.span(&pair);
        match pair.into_inner().next() {
            Some(p) if p.as_rule() == Rule::kw_true => Value::Bool(true, span),
            Some(p) if p.as_rule() == Rule::kw_false => Value::Bool(false, span),
            Some(p) if p.as_rule() == Rule::date => Value::Date(self.date(p), span),
            Some(p) if p.as_rule() == Rule::number => Value::Number(p.as_str().parse().unwrap_or(f64::NAN), span),
            Some(p) => Value::Symbol(self.value_name(p)),
            None => Value::Bool(false, span),
        }
    }

    // ------------------------------------------------------------ tokens

    fn value_name(&mut self, pair: Pair<'_, Rule>) -> Ident {
        match pair.into_inner().find(|p| matches!(p.as_rule(), Rule::string | Rule::name)) {
            Some(p) if p.as_rule() == Rule::string => {
                let s = self.string(p);
                Ident { text: s.value, span: s.span, quoted: true }
            }
            Some(p) => self.name(p),
            None => Ident { text: String::new(), span: Span::default(), quoted: false },
        }
    }

    /// An attribute (or `words`/`define`) name: `attr = { string | !reserved ~ name }`.
    fn attr(&mut self, pair: Pair<'_, Rule>) -> Ident {
        let span = self.span(&pair);
        match pair.into_inner().find(|p| matches!(p.as_rule(), Rule::name | Rule::attr | Rule::string)) {
            Some(p) if p.as_rule() == Rule::attr => self.attr(p),
            Some(p) if p.as_rule() == Rule::string => {
                let s = self.string(p);
                Ident { text: s.value, span: s.span, quoted: true }
            }
            Some(p) => self.name(p),
            None => Ident { text: String::new(), span, quoted: false },
        }
    }

    fn ident(&mut self, pair: Pair<'_, Rule>) -> Ident {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::name => self.name(pair),
            Rule::string => {
                let s = self.string(pair);
                Ident { text: s.value, span: s.span, quoted: true }
            }
            _ => match pair.into_inner().next() {
                Some(p) => self.ident(p),
                None => Ident { text: String::new(), span, quoted: false },
            },
        }
    }

    /// A name being declared: `none` (and its Chinese form `无`) is refused
    /// (docs/spec.md §3).
    fn decl_name(&mut self, pair: Pair<'_, Rule>, what: &str) -> Ident {
        let id = self.ident(pair);
        if id.text == "none" || id.text == "无" {
            self.errors.push(
                Diagnostic::error(Code::Syntax, id.span, crate::tr!("parse-a-cannot-be-named-none", what = what))
                    .with_primary(crate::tr!("parse-reserved-word"))
                    .with_help(crate::tr!("parse-none-means-no-department-in")),
            );
        }
        id
    }

    /// A reference to a department: `none` is only allowed where the grammar says so.
    fn ref_name(&mut self, pair: Pair<'_, Rule>, what: &str) -> Ident {
        let id = self.ident(pair);
        if (id.text == "none" || id.text == "无") && !id.quoted {
            self.errors.push(
                Diagnostic::error(Code::Syntax, id.span, crate::tr!("parse-none-is-not-a-here", what = what))
                    .with_primary(crate::tr!("parse-reserved-word"))
                    .with_help(crate::tr!("parse-an-item-needs-a-lead")),
            );
        }
        id
    }

    fn name(&mut self, pair: Pair<'_, Rule>) -> Ident {
        Ident { text: pair.as_str().to_string(), span: self.span(&pair), quoted: false }
    }

    fn string(&mut self, pair: Pair<'_, Rule>) -> Str {
        let span = self.span(&pair);
        let body = pair.into_inner().next().map_or("", |p| p.as_str());
        let mut value = String::with_capacity(body.len());
        let mut escaped = false;
        for c in body.chars() {
            if escaped || c != '\\' {
                value.push(c);
                escaped = false;
            } else {
                escaped = true;
            }
        }
        Str { value, span }
    }
}

fn first_of(pair: Pair<'_, Rule>, rule: Rule) -> Option<Pair<'_, Rule>> {
    pair.into_inner().find(|p| p.as_rule() == rule)
}
