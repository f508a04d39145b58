//! The Chinese form of every keyword (docs/spec.md §2, v2), and which
//! language a file's keywords are written in, for `zeren fmt`.

/// The language `zeren fmt` writes keywords in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Keywords {
    /// Each file's majority language, ties going to English (the default).
    #[default]
    Auto,
    /// English keywords.
    En,
    /// Chinese keywords.
    Zh,
}

/// Every keyword with its Chinese form, in the order of docs/spec.md §2's
/// table. `null` (a test ticket's missing value) has no Chinese form.
pub const TABLE: [(&str, &str); 53] = [
    ("ruleset", "清单"),
    ("version", "版本"),
    ("schema", "字段"),
    ("department", "部门"),
    ("coordinator", "协调机构"),
    ("matter", "事项"),
    ("item", "细项"),
    ("when", "条件"),
    ("near", "相近"),
    ("lead", "主办"),
    ("assist", "协办"),
    ("liaise", "联动"),
    ("like", "参照"),
    ("basis", "依据"),
    ("note", "说明"),
    ("priority", "优先级"),
    ("over", "优先于"),
    ("words", "词表"),
    ("define", "定义"),
    ("fallback", "兜底"),
    ("nearest", "就近"),
    ("threshold", "阈值"),
    ("homophone", "同音"),
    ("test", "测试"),
    ("ticket", "工单"),
    ("expect", "期望"),
    ("method", "方式"),
    ("split", "拆单"),
    ("score", "得分"),
    ("none", "无"),
    ("territory", "属地"),
    ("otherwise", "否则"),
    ("clock", "时钟"),
    ("default", "默认"),
    ("effective", "生效"),
    ("deadline", "时限"),
    ("hours", "小时"),
    ("days", "天"),
    ("workdays", "工作日"),
    ("and", "且"),
    ("or", "或"),
    ("not", "非"),
    ("has", "含"),
    ("any", "任一"),
    ("all", "全部"),
    ("in", "属于"),
    ("true", "真"),
    ("false", "假"),
    ("symbol", "符号"),
    ("text", "文本"),
    ("number", "数值"),
    ("bool", "布尔"),
    ("date", "日期"),
];

/// The Chinese form of an English keyword (the word itself when it has none).
///
/// ```
/// assert_eq!(zeren::syntax::keywords::zh("lead"), "主办");
/// assert_eq!(zeren::syntax::keywords::zh("null"), "null");
/// ```
pub fn zh(en: &str) -> &str {
    TABLE.iter().find(|(e, _)| *e == en).map_or(en, |(_, z)| z)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_no_repeats() {
        let mut en: Vec<&str> = TABLE.iter().map(|(e, _)| *e).collect();
        let mut zh: Vec<&str> = TABLE.iter().map(|(_, z)| *z).collect();
        en.sort_unstable();
        en.dedup();
        zh.sort_unstable();
        zh.dedup();
        assert_eq!((en.len(), zh.len()), (TABLE.len(), TABLE.len()));
    }
}
