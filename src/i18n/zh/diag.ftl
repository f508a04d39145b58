### 加载时的诊断：消息、标注和帮助（src/check、src/syntax、src/load.rs）。
### 用词与语言的中文关键字一致：规则集（rule set）、事项（matter，`事项`）、细项（item，`细项`）、部门（department）、
### 主办部门（lead，`主办`）、协办部门（assist，`协办`）、联动部门（liaise，`联动`）、协调机构（coordinator），
### 工单（ticket）、字段（attribute）、条件（condition）、关键词（keyword）、依据（basis）、子句（clause）。
### 代码（`lead`、编号、名称）一律保留在反引号里，不翻译。

load-error-io = 无法加载 `{ $path }`：{ $message }
load-error-rules = 规则集加载失败，共 { $count } 处错误

## 读取文件（src/load.rs）

load-no-rules-files = 该目录下没有 `.rules` 文件
load-too-large = 文件超过了 { $max } 字节的上限（`Limits::max_file_bytes`）
load-not-found = 文件或目录不存在
load-permission-denied = 没有读取权限
load-not-utf8 = 文件不是 UTF-8 编码的文本（第 { $line } 行、第 { $offset } 字节处有无效字节）；请另存为 UTF-8 编码
load-not-utf8-gbk = 文件不是 UTF-8 编码的文本（第 { $line } 行、第 { $offset } 字节处有无效字节）；看起来是 GBK（GB2312/GB18030）编码，即 Windows 编辑器保存中文的默认编码：请另存为 UTF-8（记事本：另存为 → 编码选 UTF-8），或用 `iconv -f GBK -t UTF-8` 转换

## 声明与名称（src/check/names.rs）

names-the-rule-set-has-two = 规则集里有两行 `ruleset` 标题
names-the-rule-set-names-two = 规则集指定了两个协调机构
names-the-rule-set-has-two-2 = 规则集里有两个 `fallback` 块
names-the-rule-set-has-two-3 = 规则集里有两个 `territory` 块
names-the-rule-set-has-two-4 = 规则集里有两个 `clock` 声明
names-is-listed-twice-in-the = `{ $v }` 在 `{ $a_name }` 的取值范围里列了两次
names-has-an-empty-domain-no = `{ $a_name }` 的取值范围是空的：没有工单能带这个字段
names-is-declared-only-a-symbol = `{ $a_name }` 声明为 `{ $ty }`；只有 `symbol` 字段可以列出取值
names-is-declared-only-a-number = `{ $a_name }` 声明为 `{ $a_ty }`；只有 `number` 字段可以给出数值范围
names-a-bound-of-the-range = 范围的边界数值过大
names-the-range-of-starts-after = `{ $a_name }` 的范围起点大于终点
names-is-defined-twice = `{ $name }` 定义了两次
names-department-is-declared-twice = 部门 `{ $dep_id }` 声明了两次
names-is-only-allowed-on-an = `{ $kw }` 只能写在细项里，不能写在{ $block ->
    [matter] 事项
   *[other] 细项
}上
names-is-given-twice-in-this = 这个{ $block ->
    [matter] 事项
   *[other] 细项
}里 `{ $kw }` 写了两次
names-there-is-no-department = 没有名为 `{ $text }` 的部门
names-keep-one-ruleset-version-line = 整个规则集只保留一行 `ruleset "…" version "…"`
names-one-department-receives-disputed-and = 有争议和无人认领的工单都交给同一个部门；只保留一个 `coordinator`
names-keep-one-fallback = 只保留一个 `fallback {"{"} nearest threshold … {"}"}`
names-map-every-place-in-one = 把所有地点写在同一个 `territory ATTR {"{"} … otherwise ID {"}"}` 块里
names-keep-one-clock-attr-default = 只保留一行 `clock ATTR default DATE`
names-remove-the-repeated-value = 删掉重复的取值
names-list-the-values-or-leave = 列出取值；如果取值不限，就不写取值范围
names-declare-symbol-or-remove-the = 声明为 `{ $a_name }: symbol [...]`，或删掉取值列表
names-declare-number-or-remove-the = 声明为 `{ $a_name }: number { $min_max }`，或删掉范围
names-write-a-smaller-bound-or = 写一个小一些的边界，或者让这一端不设限（`0..`）
names-write-the-smaller-bound-first = 小的边界写在前面：`{ $hi }..{ $lo }`
names-is-already-attributes-define-s = `{ $name }` 已经是{ $first_describe }；字段、`define` 和 `words` 词表共用一套名称，请把其中一个改名
names-department-ids-are-unique-remove = 部门编号不能重复；删掉一条声明，或改用别的编号
names-is-already-matter-and-item = `{ $name }` 已经是{ $first_what }；事项和细项的名称在整个规则集里不能重复，请把其中一个改名
names-move-into-the-s-items = 把 `{ $kw }` 移到该{ $block ->
    [matter] 事项
   *[other] 细项
}下的各个细项里
names-second-header = 第二行标题
names-second-coordinator = 第二个 `coordinator`
names-second-fallback = 第二个 `fallback`
names-second-territory = 第二个 `territory`
names-second-clock = 第二个 `clock`
names-listed-again-here = 这里又列了一次
names-no-values-listed = 没有列出取值
names-a-domain-on-a-non = 非 symbol 字段带了取值列表
names-a-range-on-a-non = 非 number 字段带了数值范围
names-not-a-finite-number = 不是有限的数
names-is-above = { $lo } 大于 { $hi }
names-defined-again-here-as = 这里又定义为{ $sym_describe }
names-declared-again-here = 这里又声明了一次
names-defined-again-here-as-2 = 这里又定义为{ $what }
names-on-a = { $block ->
    [matter] 事项
   *[other] 细项
}上的 `{ $kw }`
names-given-again-here = 这里又写了一次
names-not-declared = 未声明
names-first-defined-here = 第一次定义在这里
names-first-given-here = 第一次写在这里
kind-an-attribute = 字段
kind-a-define = `define`
kind-a-words-list = `words` 词表
kind-a-matter = 事项
kind-an-item = 细项
names-combine-conditions = 用 `or` 或 `and` 把这些条件合并成一个 `{ $kw }`
names-list-in-one-clause = 把所有名称写在同一个 `{ $kw }` 子句里，用逗号隔开
names-keep-one-clause = 只保留一个 `{ $kw }` 子句
names-display-name-write-id = `{ $text }` 是部门 `{ $id }` 的全称：这里要写编号 `{ $id }`
names-declare-department = 用 `department 编号 "全称"` 声明这个部门
names-did-you-mean-by-name = 是不是想写 { $candidates }？这里要写部门的编号
did-you-mean = 是不是想写 `{ $name }`？

## 测试用例（src/check/cases.rs）

cases-is-given-twice-in-this = 这张工单里 `{ $field_name }` 写了两次
cases-the-value-of-is-not = `{ $field_name }` 的值不是有限的数
cases-expect-is-given-twice-in = 这个测试里 `expect { $kind }` 写了两次
cases-is-a-matter-not-an = `{ $name }` 是事项，不是细项
cases-is-not-a-method-the = `{ $m }` 不是判定方式；判定方式有 { $methods_join }
cases-a-score-is-between-0 = 得分在 0 到 1 之间
cases-a-ticket-carries-one-value = 一张工单的每个字段只有一个值；只保留一个
cases-write-a-smaller-number = 写一个小一些的数
cases-give-a-value-of-the = 按字段声明的类型填值（有取值范围的，从范围里选）
cases-keep-one-expect = 只保留一个 `expect { $kind }`
cases-expect-item-names-the-winning = `expect item` 写胜出的细项；兜底判定写 `expect item none`
cases-proximity-scores-run-from-0 = 相近度得分从 0 到 1；直接命中得 1 分
cases-too-large = 数值过大
cases-does-not-fit-the-schema = 与字段声明不符
cases-a-matter = 事项
cases-unknown-method = 未知的判定方式
cases-outside-0-1 = 不在 [0, 1] 之内
cases-the-schema-declares-no-attribute = `schema` 里没有声明字段 `{ $field_name }`
cases-declare-it-in-the-schema = 在 `schema` 里声明它，或从工单里删掉
cases-there-is-no-item-named = 没有名为 `{ $name }` 的细项
cases-name-a-declared-item-or = 写一个已声明的细项，或写 `none`
cases-expect-split-lists-the-items = `expect split` 按顺序列出拆分后的各个细项
cases-the-methods-are = 判定方式有 { $methods }

## 条件（src/check/conds.rs）

conds-define-refers-back-to-itself = `define { $name_first }` 绕回了自己：{ $chain_join }
conds-is-not = `{ $name }` 是{ $other_describe }，不是{ $what }
conds-is-declared-needs = `{ $name }` 声明为 `{ $ty }`；{ $what } 需要{ $needs }
conds-has-needs-at-least-one = `has` 至少需要一个关键词，而这些 `words` 词表都是空的
conds-the-number-is-too-large = 数值过大，无法比较
conds-is-declared-bool-compare-it = `{ $attr_name }` 声明为 `bool`；只能与 `true` 或 `false` 比较，不能与 `{ $s }` 比较
conds-is-declared-symbol-is-a = `{ $attr_name }` 声明为 `symbol`；`{ $b }` 是布尔值
conds-is-not-a-value-of = `{ $s }` 不在 `{ $attr_name }` 的取值范围 [{ $domain_join }] 里
conds-is-not-a-words-list = `{ $name }` 是{ $other_describe }，不是 `words` 词表
conds-this-condition-expands-to-more = 这个条件展开后超过 { $max_cond_size } 项判断
conds-an-empty-keyword-would-match = 空关键词会匹配所有文本
conds-a-define-cannot-depend-on = `define` 不能依赖自己；把共用的部分另写成一个 `define`
conds-add-keywords-to-the-words = 给 `words` 词表加上关键词
conds-write-a-smaller-bound = 写一个小一些的边界
conds-write-true-or-false = 写成 `{ $attr_name } = true` 或 `{ $attr_name } = false`
conds-to-mean-the-symbol-value = 如果指的是这个取值，请加引号：`"{ $b }"`
conds-has-takes-strings-or-the = `has` 后面写字符串，或 `words` 词表的名称
conds-a-define-used-many-times = 一个 `define` 在另一个里面用了很多次，每次都会复制一份；请简化 `define` 的嵌套
conds-remove-it-or-write-the = 删掉它，或写上要查找的词
conds-uses-this = `{ $name_first }` 用到了这里
conds-used-as = { $other_describe }被当作{ $what }使用
conds-is = `{ $name }` 是 `{ $ty }`
conds-no-keywords = 没有关键词
conds-not-a-bool = 不是布尔值
conds-a-bool-value = 布尔值
conds-not-in-the-domain = 不在取值范围内
conds-not-a-words-list = 不是 `words` 词表
conds-too-large-once-define-s = 展开 `define` 后过大
conds-empty-keyword = 空关键词
conds-uses-this-2 = `{ $name_from }` 用到了这里
conds-there-is-no-attribute-define = 没有名为 `{ $name }` 的字段、`define` 或 `words` 词表
conds-declare-it-in-the-schema = 在 `schema` 里声明它，或用 `define 名称 = …` 定义
conds-there-is-no-words-list = 没有名为 `{ $name }` 的 `words` 词表
conds-declare-it-with-words-name = 用 `words 名称 = ["…", …]` 声明它，或给关键词加上引号
conds-a-bool-attribute-or-a = `bool` 字段或 `define`
conds-a-bare-name = 单独的名称
conds-a-text-attribute = `text` 字段
conds-has = `has`
conds-in = `in`
conds-a-number-attribute = `number` 字段

## 属地、日期、时限（src/check/dated.rs）

dated-place-is-mapped-twice-in = 地点 `{ $v }` 在 `territory` 块里对应了两次
dated-is-not-a-value-of = `{ $v }` 不在 `{ $t_attr }` 的取值范围 [{ $domain_join }] 里
dated-the-range-starts-on-after = 日期范围的起始日 { $start } 晚于截止日 { $end }
dated-effective-needs-a-clock-to = `effective` 需要一个 `clock` 来确定工单的日期
dated-a-deadline = 办理时限{ $problem }：`{ $dl_value } { $dl_unit }`
dated-deadline-at-least-1 = 至少为 1
dated-deadline-too-large = 过大
dated-the-homophone-weight-must-be = `homophone` 权重必须大于 0 且不超过 1
dated-is-declared-needs-a-attribute = `{ $name }` 声明为 `{ $attr_ty }`；{ $what } 需要一个 `{ $ty }` 字段（{ $is }）
dated-a-place-belongs-to-one = 一个地点只归一个部门：只在一行里写它
dated-write-the-earlier-date-first = 早的日期写在前面：`effective { $end }..{ $start }`
dated-declare-the-date-attribute-and = 声明日期字段和它的默认值，例如 `schema {"{"} 受理日期: date {"}"}` 和 `clock 受理日期 default 2025-01-01`
dated-write-the-time-limit-as = 时限写成正整数，例如 `deadline 5 workdays`
dated-a-keyword-matched-by-sound = 按读音匹配的关键词按这个权重计分；`homophone 0.8` 即计 0.8 分
dated-declare-in-the-schema-or = 在 schema 里声明 `{ $name }: { $ty }`，或改用别的字段
dated-mapped-again-here = 这里又对应了一次
dated-start-after-end = 起始日晚于截止日
dated-no-clock-declared = 没有声明 `clock`
dated-outside-0-1 = 不在 (0, 1] 之内
dated-is = `{ $name }` 是 `{ $attr_ty }`
dated-first-mapped-here = 第一次对应在这里
dated-names-which-is-not-an = { $what } 指定的 `{ $name }` 不是 schema 里的字段
dated-is-territory = 工单所在的镇街
dated-is-clock = 工单的受理时间
dated-declare-in-schema = 在 schema 里声明它：`schema {"{"} { $name }: { $ty } {"}"}`
dated-map-a-listed-value = 对应一个已列出的取值，或把 `{ $value }` 加进取值范围

## 部门职责（src/check/roles.rs）

roles-like-needs-an-item-but = `like` 后面要写细项，但 `{ $name }` 是事项
roles-like-leads-back-to = `like` 绕回了 `{ $name_first }`：{ $chain_join }
roles-item-has-no-lead-department = 细项 `{ $item_name }` 没有主办部门
roles-is-here = { $who } 在这里{ $roles }
roles-territory-names-the-department-of = `territory` 表示按工单所在地确定部门，但规则集里没有 `territory` 块
roles-name-one-of-the-matter = 写这个事项下的某个细项；`like` 借用的是细项的主办部门、协办部门、联动部门和依据
roles-an-item-cannot-borrow-its = 细项不能借用自己的职责；给其中一个细项写上自己的 `lead`
roles-every-item-has-exactly-one = 每个细项有且只有一个主办部门：在细项或它所属的事项里加上 `lead 编号`，或用 `like` 借用
roles-a-department-holds-one-role = 同一张工单里，一个部门只担任一种角色；从其中一个子句里删掉它
roles-declare-territory-attr-or-name = 声明 `territory ATTR {"{"} VALUE, ... -> ID ... otherwise ID {"}"}`，或在这里写部门编号（编号恰好是 `territory` 的部门要加引号：`"territory"`）
roles-over-must-not-lead-back = `over` 不能绕回这个细项（无论是直接、通过包含它的事项，还是通过其他细项）
roles-is-like-this = `{ $name_first }` 借用这里
roles-no-lead = 没有主办部门
roles-second-role = 第二个角色
roles-no-territory-block-maps-places = 没有 `territory` 块把地点对应到部门
roles-is-over-this = `{ $name_first }` 优先于这里
roles-is-like-this-2 = `{ $name_from }` 借用这里
roles-is-over-this-2 = `{ $name_from }` 优先于这里
roles-like-names-an-item = `like` 后面写细项名称
roles-there-is-no-item-or = 没有名为 `{ $name }` 的细项或事项
roles-over-names-items-or-matters = `over` 后面写细项或事项的名称
roles-lead-and-assist = 既是主办部门又是协办部门
roles-lead-and-liaison = 既是主办部门又是联动部门
roles-assist-and-liaison = 既是协办部门又是联动部门
roles-the-lead-here = 这里是主办部门
roles-an-assist-here = 这里是协办部门
roles-department = 部门 `{ $id }`
roles-territory = `territory`
roles-over-itself = 细项 `{ $name }` 写了 `over` 自己
roles-over-leads-back = `over` 绕回了 `{ $name }`：{ $chain }

## 规模上限（src/check/limits.rs）

limits-the-file-is-bytes-more = 文件有 { $value } 字节，超过了 { $limits_get_max_file_bytes } 字节的上限
limits-this-keyword-is-characters-long = 这个关键词有 { $chars } 个字，超过了 { $limits_get_max_keyword_chars } 个字的上限
limits-the-rule-set-declares-more = 规则集声明的细项超过了 { $limits_get_max_items } 个
limits-this-condition-nests-levels-deep = 展开 `define` 后，这个条件嵌套了 { $depth } 层，超过了 { $limits_get_max_nesting } 层的上限
limits-split-the-rule-set-into = 把规则集拆成几个文件，或调高 `Limits::max_file_bytes`
limits-a-keyword-is-a-word = 关键词是工单文本里会出现的词或短语；请改用更短、更有区分度的部分
limits-raise-limits-max-items-if = 如果确实需要这么多细项，请调高 `Limits::max_items`
limits-each-define-used-inside-another = 每个嵌在别的 `define` 里的 `define` 都会增加层数；请把这一串写成一个更扁平的条件
limits-file-too-large = 文件过大
limits-keyword-too-long = 关键词过长
limits-one-item-too-many = 多出的细项
limits-too-deep-once-define-s = 展开 `define` 后嵌套过深

## 规则集整体（src/check/mod.rs）

mod-the-fallback-threshold-must-be = `fallback` 阈值必须大于 0 且不超过 1
mod-matter-has-a-lead-but = 事项 `{ $m_name }` 有 `lead` 却没有条件：凡是没有细项认领的工单都会归它
mod-item-has-no-condition-it = 细项 `{ $it_name }` 没有条件：它会认领所有工单
mod-a-proximity-score-runs-from = 相近度得分从 0 到 1；`threshold 0.5` 表示条件满足一半以上的细项也可入选
mod-add-when-to-the-matter = 给事项加上 `when …`，或把 `lead` 移到它下面的各个细项里
mod-add-when-to-the-item = 给细项或它所属的事项加上 `when …`，或加上 `near …` 使它成为只按相近匹配的细项
mod-no-when-here-or-on = 这里和所属的事项都没有 `when`
mod-the-residual-lead = 兜底的主办部门
check-coordinator-not-declared = 协调机构 `{ $id }` 不是已声明的部门

## 语法（src/syntax/parse.rs）

parse-conditions-or-blocks-nest-deeper = 条件或块的嵌套超过了 { $max } 层
parse-is-not-a-calendar-date = `{ $text }` 不是 1900–2199 年间的有效日期
parse-priority-is-out-of-range = 优先级超出范围
parse-a-deadline-is-a-whole = 时限是整数个小时（hours）、天（days）或工作日（workdays）
parse-a-cannot-be-named-none = { $what ->
    [department] 部门
    [matter] 事项
   *[other] 细项
}不能命名为 `none`
parse-none-is-not-a-here = 这里的 `none` 不是{ $what ->
    [department] 部门
    [matter] 事项
   *[other] 细项
}
parse-split-the-condition-with-define = 用 `define` 拆分条件，或减少事项的层级
parse-write-a-date-that-exists = 按 `YYYY-MM-DD` 写一个存在的日期，例如 `2024-07-01`
parse-write-e-g-deadline-5 = 例如写 `deadline 5 workdays`；半天写 `deadline 12 hours`
parse-none-means-no-department-in = `none` 表示“没有部门”，用在 `assist none`、`expect lead none` 等处；请换一个名称
parse-an-item-needs-a-lead = 细项必须有主办部门；`none` 只能用在 `assist none` 和 `liaise none` 里
parse-too-deep-here = 这里嵌套过深
parse-here = 这里
parse-no-such-day = 没有这一天
parse-this-number = 这个数
parse-not-a-whole-number = 不是整数
parse-reserved-word = 保留字
parse-expected = 这里应该是{ $what }
parse-expected-or = 这里应该是{ $init }或{ $last }
parse-unexpected = 这里不应出现{ $what }
rule-a-clause = 子句
rule-a-comment = 注释
rule-a-comparison = 比较
rule-a-condition = 条件
rule-a-condition-word = 条件用词
rule-a-date-yyyy-mm-dd = 日期（`YYYY-MM-DD`）
rule-a-declaration = 声明
rule-a-field-name-value = 字段（`名称: 值`）
rule-a-keyword = 关键词
rule-a-label-a-string = 标签（字符串）
rule-a-line-value-id = 一行 `VALUE, ... -> ID`
rule-a-list = 列表 `[…]`
rule-a-list-of-values = 取值列表
rule-a-name = 名称
rule-a-number = 数字
rule-a-range-min-max = 范围（`MIN..MAX`）
rule-a-range-of-dates-date-date = 日期范围（`DATE..DATE`）
rule-a-space = 空格
rule-a-string = 字符串
rule-a-time-limit-n-hours-n-days-or-n-workday = 时限（`N hours`、`N days` 或 `N workdays`）
rule-a-type-symbol-text-number-bool-or-date = 类型（`symbol`、`text`、`number`、`bool` 或 `date`）
rule-a-value = 值
rule-a-whole-number = 整数
rule-an-attribute-declaration = 字段声明
rule-an-attribute-name = 字段名
rule-end-of-file = 文件结尾
rule-the-name-of-a-words-list = `words` 词表的名称

## 格式化（src/syntax/print.rs）

print-formatting-would-the-file-is = 格式化会{ $what }，文件保持原样
print-would-not-parse = 导致无法重新解析
print-would-change-meaning = 改变规则的含义
print-would-lose-comment = 丢掉一条注释
print-this-is-a-bug-in = 这是 `zeren fmt` 的缺陷；请附上文件报告
kind-a-condition = 条件
conds-words-after-has = `words` 词表写在 `has` 后面：`{ $attr } has { $name }`
conds-words-after-has-text = `words` 词表写在 `text` 字段的 `has` 后面
conds-use-on-its-own = 把 `{ $name }` 单独作为条件使用
conds-number-not-a-value = `{ $name }` 声明为 `{ $ty }`；数字不是它的取值
conds-date-not-a-value = `{ $name }` 声明为 `{ $ty }`；日期不是它的取值
conds-quote-symbol = 如果指的是这个取值，请加引号
conds-use-a-listed-value = 用一个已列出的取值，或在 schema 里把 `{ $value }` 加进取值范围
conds-usage-text = `text` 字段用 `has` 判断：`{ $name } has "…"`
conds-usage-symbol = `symbol` 字段用 `=`、`!=` 或 `in` 判断：`{ $name } = …`
conds-usage-number = `number` 字段用比较判断：`{ $name } >= …`、`{ $name } = …`、`{ $name } in [1, 2]`
conds-usage-bool = `bool` 字段单独作条件（`{ $name }`），或写 `{ $name } = false`
conds-usage-date = `date` 字段与日期比较：`{ $name } >= 2024-07-01`
dated-not-positive = 不是正数

## 常见笔误及改法（src/syntax/parse.rs `slip`）

parse-unclosed-string = 这个字符串没有结束引号
parse-string-starts-here = 字符串从这里开始
parse-close-string = 在同一行里用 `"` 结束字符串
parse-one-lead = 一个细项只有一个主办部门；其他部门请写在 `assist` 里
parse-more-than-one-lead = `lead` 后面写了不止一个部门
parse-one-lead-help = 写成 `lead { $lead }` 和 `assist { $others }`
parse-dangling-op = `{ $op }` 在行尾，后面却没有条件
parse-nothing-after = 这个 `{ $op }` 后面没有内容
parse-dangling-op-help = 在同一行的 `{ $op }` 后面写完条件，或删掉 `{ $op }`
parse-not-a-clause = `{ $word }` 不是子句
parse-unknown-clause = 未知的子句
parse-item-clauses = 细项可用的子句有 { $clauses }
parse-matter-clauses = 事项可用的子句有 { $clauses }
conds-a-symbol-bool-number-date-attribute = `symbol`、`bool`、`number` 或 `date` 字段
conds-a-symbol-bool-number-attribute = `symbol`、`bool` 或 `number` 字段
conds-a-date-attribute = `date` 字段
conds-not-one-of-its-values = 不是它的取值
conds-compare-with-a-number = `{ $name }` 声明为 `number`；要与数字比较
conds-write-a-number = 写一个数字：`{ $name } = 100`
conds-compare-with-a-date = `{ $name }` 声明为 `date`；要与 `YYYY-MM-DD` 格式的日期比较
conds-write-a-date = 写日期，不加引号：`{ $name } >= 2024-07-01`
cases-deadline-positive = 时限必须是正整数个单位
cases-deadline-help = 例如写 `expect deadline 5 workdays`，或 `expect deadline none`
conds-given-not-type = { $given ->
        [number] 这里是数字
        [date] 这里是日期
        [bool] 这里是布尔值
       *[name] 这里是名称
    }，应为 { $ty }
