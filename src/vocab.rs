//! The language's small vocabulary, shared by the syntax tree and the
//! validated model: the attribute types, the comparison operators, and how a
//! name or a string is written back as `.rules` text.
//!
//! It sits at the bottom so that `syntax` and `ir` need not know each other:
//! both speak these words, and both printers (`zeren fmt` over the syntax
//! tree, [`crate::ir::print`] over the model) quote the same way.

/// The attribute types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// Exact values, optionally from a closed domain.
    Symbol,
    /// Free text, matched by keyword.
    Text,
    /// A finite double.
    Number,
    /// `true` or `false`.
    Bool,
    /// A calendar date (v2): `YYYY-MM-DD` in a ticket's JSON.
    Date,
}

impl Type {
    /// The keyword that names the type.
    pub fn as_str(self) -> &'static str {
        match self {
            Type::Symbol => "symbol",
            Type::Text => "text",
            Type::Number => "number",
            Type::Bool => "bool",
            Type::Date => "date",
        }
    }
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// A calendar date of the proleptic Gregorian calendar, years 1900–2199
/// (docs/spec.md §2, §8a). Ordered like the days it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The first year a date may have.
    pub const MIN_YEAR: u16 = 1900;
    /// The last year a date may have.
    pub const MAX_YEAR: u16 = 2199;
    /// 1970-01-01, day 0 of [`Date::days`]; a placeholder where a bad date
    /// has already been reported.
    pub const EPOCH: Date = Date { year: 1970, month: 1, day: 1 };

    /// The date, when it exists and its year is in 1900–2199.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((Date::MIN_YEAR..=Date::MAX_YEAR).contains(&year) && (1..=days).contains(&day)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Reads exactly `YYYY-MM-DD`; `None` for any other text or a day that
    /// does not exist.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            let part = s.get(r)?;
            part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok()).flatten()
        };
        Date::new(num(0..4)?, u8::try_from(num(5..7)?).ok()?, u8::try_from(num(8..10)?).ok()?)
    }

    /// Days since 1970-01-01 (negative before), so that dates compare and
    /// subtract like numbers.
    pub fn days(self) -> i32 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i32::from(self.month), i32::from(self.day));
        let y = i32::from(self.year) - i32::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 ([`Date::days`] reversed), when
    /// it lies in 1900–2199.
    ///
    /// ```
    /// use zeren::vocab::Date;
    /// let d = Date::parse("2024-03-01").ok_or("date")?;
    /// assert_eq!(Date::from_days(i64::from(d.days()) - 1), Date::parse("2024-02-29"));
    /// assert_eq!(Date::from_days(i64::from(Date::first_day()) - 1), None);
    /// # Ok::<(), &str>(())
    /// ```
    pub fn from_days(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(u16::try_from(year).ok()?, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
    }

    /// The day number of the first date there is (1900-01-01).
    pub fn first_day() -> i32 {
        Date { year: Date::MIN_YEAR, month: 1, day: 1 }.days()
    }

    /// The day number of the last date there is (2199-12-31).
    pub fn last_day() -> i32 {
        Date { year: Date::MAX_YEAR, month: 12, day: 31 }.days()
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The unit of a deadline (docs/spec.md §3, v2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// `hours`
    Hours,
    /// `days`
    Days,
    /// `workdays`: a day for comparing lengths (docs/spec.md §8a).
    Workdays,
}

impl TimeUnit {
    /// The keyword that names the unit.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Hours => "hours",
            TimeUnit::Days => "days",
            TimeUnit::Workdays => "workdays",
        }
    }
}

/// A time limit for handling (办理时限, v2): a positive number of units. Its
/// serde form is the decision's `deadline` (docs/spec.md §6):
/// `{"value": 5, "unit": "workdays"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Deadline {
    /// How many units; at least 1.
    pub value: u32,
    /// The unit.
    pub unit: TimeUnit,
}

impl Deadline {
    /// The length in hours, for choosing the shortest deadline: a day or a
    /// workday counts as 24 hours (docs/spec.md §8a).
    pub fn hours(self) -> u64 {
        match self.unit {
            TimeUnit::Hours => u64::from(self.value),
            TimeUnit::Days | TimeUnit::Workdays => u64::from(self.value) * 24,
        }
    }

    /// The shortest of the deadlines of agreeing contenders, in declaration
    /// order (docs/spec.md §5 step 2, §8a): `None` when one of them has none
    /// (or there are none); of equal lengths, the first one's unit.
    ///
    /// ```
    /// use zeren::ir::{Deadline, TimeUnit};
    /// let d = |value, unit| Some(Deadline { value, unit });
    /// let shortest = Deadline::shortest([d(2, TimeUnit::Days), d(48, TimeUnit::Hours), d(5, TimeUnit::Workdays)]);
    /// assert_eq!(shortest, d(2, TimeUnit::Days));
    /// assert_eq!(Deadline::shortest([d(1, TimeUnit::Days), None]), None);
    /// ```
    pub fn shortest(deadlines: impl IntoIterator<Item = Option<Deadline>>) -> Option<Deadline> {
        let mut best: Option<Deadline> = None;
        for d in deadlines {
            let d = d?;
            if best.is_none_or(|b| d.hours() < b.hours()) {
                best = Some(d);
            }
        }
        best
    }
}

impl std::fmt::Display for Deadline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.value, self.unit.as_str())
    }
}

/// A string literal: `"` and `\` escaped (docs/spec.md §2).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Words a bare name cannot be everywhere, so a name spelled like one of them
/// is written as a string (docs/spec.md §2): the words with meaning inside
/// conditions, in English and Chinese; `none`/`无` (no department);
/// `territory`/`属地`, the role word of `lead`, `assist` and `liaise`; and
/// `otherwise`/`否则`, the last line of a `territory` block.
const RESERVED: [&str; 24] = [
    "and",
    "or",
    "not",
    "has",
    "any",
    "all",
    "in",
    "true",
    "false",
    "且",
    "或",
    "非",
    "含",
    "任一",
    "全部",
    "属于",
    "真",
    "假",
    "none",
    "无",
    "territory",
    "属地",
    "otherwise",
    "否则",
];

/// A name as `.rules` text: bare when it is an identifier (a letter or `_`,
/// then letters, digits or `_`) and not a reserved word, else quoted.
pub fn name(s: &str) -> String {
    let mut chars = s.chars();
    let bare = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && !RESERVED.contains(&s);
    if bare {
        s.to_string()
    } else {
        quote(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_quoted_only_when_they_must_be() {
        assert_eq!(name("预付卡"), "预付卡");
        assert_eq!(name("_x1"), "_x1");
        assert_eq!(name("二手车（含新能源车）"), "\"二手车（含新能源车）\"");
        assert_eq!(name("1a"), "\"1a\"");
        assert_eq!(name("and"), "\"and\"");
        assert_eq!(name("且"), "\"且\"");
        assert_eq!(name("属地"), "\"属地\"");
        assert_eq!(name("属地办"), "属地办");
        assert_eq!(name("金额（元）"), "\"金额（元）\"");
        assert_eq!(name(""), "\"\"");
        assert_eq!(quote(r#"say "hi" \ "#), r#""say \"hi\" \\ ""#);
    }

    #[test]
    fn dates_are_calendar_dates_in_range() {
        assert_eq!(Date::parse("2024-02-29").map(|d| d.to_string()).as_deref(), Some("2024-02-29"));
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("1900-02-29"), None);
        assert_eq!(Date::parse("2000-02-29").map(Date::days), Some(11_016));
        assert_eq!(Date::parse("1970-01-01").map(Date::days), Some(0));
        assert_eq!(Date::parse("1969-12-31").map(Date::days), Some(-1));
        assert_eq!(Date::parse("1899-12-31"), None);
        assert_eq!(Date::parse("2200-01-01"), None);
        assert_eq!(Date::parse("2024-13-01"), None);
        assert_eq!(Date::parse("2024-04-31"), None);
        assert_eq!(Date::parse("2024-4-01"), None);
        assert!(Date::parse("2024-07-01") < Date::parse("2024-07-02"));
        for s in ["1900-01-01", "1970-01-01", "2000-02-29", "2024-12-31", "2199-12-31"] {
            let d = Date::parse(s).map(Date::days).and_then(|n| Date::from_days(i64::from(n)));
            assert_eq!(d.map(|d| d.to_string()).as_deref(), Some(s));
        }
        assert_eq!(Date::from_days(i64::from(Date::first_day()) - 1), None);
        assert_eq!(Date::from_days(i64::from(Date::last_day()) + 1), None);
    }
}
