### 命令行：错误与汇总（src/bin/zeren）。

cli-error = 错误：{ $message }
cli-stdout = 无法写入标准输出：{ $error }
render-witness = 示例工单：{ $ticket }

## zeren check

check-summary = 错误 { $errors } 处，警告 { $warnings } 处，提示 { $notes } 处
cli-cannot-read = 无法读取 `{ $path }`：{ $error }
cli-at-line = { $path }:{ $line }：{ $error }

## zeren test

test-fail = 未通过 { $name }{ $at }
test-mismatch = {"  "}{ $field }：期望 { $expected }，实际 { $actual }
test-fail-bad-ticket = 未通过 { $name }{ $at }：工单有误：{ $error }
test-summary = 通过 { $passed } 项，未通过 { $failed } 项
test-coverage = 覆盖：{ $total } 个细项中有 { $covered } 个被测试命中（{ $pct }%）
test-untested = {"  "}未测试：{ $name }
test-not-a-case = { $path }:{ $line }：不是测试用例：{ $error }
cli-cannot-write = 无法写入 `{ $path }`：{ $error }
cli-bad-ticket = 工单有误：{ $error }

## zeren route

route-why-not-unknown = `--why-not`：没有名为 `{ $name }` 的细项
route-why-not-unknown-suggest = `--why-not`：没有名为 `{ $name }` 的细项；是不是想写 `{ $suggestion }`？
route-ticket-not-object = 工单有误：`--ticket` 后面要写一个 JSON 对象，例如 --ticket '{"{"}"text": "…"{"}"}'
route-reading-stdin = 正在从标准输入读取工单，每行一个 JSON 对象（按 Ctrl-D 结束）；只判一张工单请用 --ticket '{"{"}"text": "…"{"}"}'
route-ticket-id = 工单 { $id }（第 { $line } 行）
route-ticket-line = 第 { $line } 行的工单
route-cannot-read-line = 无法读取这一行：{ $error }
route-bad-ticket-line = 工单有误：{ $error }
    {"  "}{ $quoted }
route-lead = 主办       { $name } ({ $id })
route-lead-none = 主办       无
route-assists = 协办       { $ids }
route-liaisons = 联动       { $ids }
route-path = 路径       { $path }
route-method = 判定方式   { $method }
route-method-score = 判定方式   { $method }（相似度 { $score }）
route-analogy-of = 参照细项   { $item }
route-candidates = 候选细项   { $items }
route-basis = 依据       { $basis }
route-deadline = 办理时限   { $deadline }
route-territorial = 属地       是（有角色按工单所在地确定）
route-split = 拆分       { $item } → { $roles }
route-split-lead = { $name } ({ $id })
route-split-assists = ，协办 { $ids }
route-split-liaisons = ，联动 { $ids }
route-split-deadline = ，时限 { $deadline }

## zeren fmt

fmt-would-reformat = 有 { $changed } 个文件需要重新排版；请对它们运行 `zeren fmt`
fmt-not-utf8 = `{ $path }` 不是 UTF-8 编码的文本
fmt-not-formatted = `{ $path }` 没有排版

## zeren replay（src/replay/report.rs）

replay-routed = 已判定 { $tickets } 张工单，无效行 { $bad } 行
replay-by-lead = 按主办部门：
replay-no-lead = （无主办部门）
replay-by-method = 按判定方式：
replay-analogy = 参照类比（analogy）
replay-disputed = 争议（disputed，转交协调机构）
replay-unclaimed = 无主（unclaimed，转交协调机构）
replay-first = ，…（前 { $count } 张）
replay-listed = { $what }：{ $count } 张工单
replay-returns = 退单（寻根溯源）：有办理结果的 { $total } 张工单中退回 { $returned } 张（{ $rate }%）
replay-no-returns = 没有发生退单的职责
replay-no-returns-min = 没有工单数不少于 { $min } 张且发生退单的职责
replay-ranked = 按退单率（退回/工单）排序：
replay-ranked-top = 按退单率（退回/工单）排序，共 { $total } 项，列出最高的 { $shown } 项：
replay-unit-residual = { $name }（事项主办，兜底）
replay-unit-coordinator = { $name }（协调机构：争议与无主工单）
replay-bad-lines = 无效行：
replay-bad-lines-first = 无效行（前几行）：
replay-bad-line = 第 { $line } 行：{ $message }

## --help

help-about = 判定市民工单由哪个部门主办、哪些部门协办。
help-lang = 提示信息的语言：`zh`（中文）或 `en`（英文）；不写时按 LC_ALL、LC_MESSAGES 或 LANG 决定。
help-route = 按规则集试判工单（不落地）。
help-check = 报告加载错误和静态分析结论。
help-test = 运行规则文件里的 `test` 测试块和测试用例文件。
help-fmt = 按统一格式重排规则文件（`--check`：只列出需要重排的文件）。
help-diff = 两个版本之间改了什么，哪些工单会换部门。
help-graph = 把判定结构画成 DOT 或 Mermaid 流程图。
help-handbook = 生成 Markdown 手册：每个事项一份说明，附部门索引。
help-replay = 批量判定一份导出的工单（JSON 行或 CSV）并汇总。
help-schema = 输出工单的 JSON Schema（draft 2020-12），供发送工单的系统使用。
help-serve = 以 HTTP 服务提供判定，`/` 是网页工作台。
test-unknown-names = { $path }：用例 `{ $name }` 期望的 { $names } 在规则里没有声明

## zeren diff 的文本输出（src/diff/text.rs）

diff-warning = 警告：{ $message }
diff-note = 提示：{ $message }
diff-schema = 工单属性（schema）：
diff-settings = 设置：
diff-territory = 属地对照表：
diff-otherwise = 其他地点
diff-not-listed = （未列出）
diff-item = 细项
diff-matter = 事项
diff-counts = { $items ->
    [true] 细项
   *[other] 事项
}：新增 { $added } 个，删除 { $removed } 个，修改 { $changed } 个
diff-lead = （主办 { $lead }）
diff-top-level = （顶层）
diff-moved = 移动：{ $old } → { $new }
diff-nobody = （无人）
diff-no-handover = 没有工单换部门（由求解器搜索，示例工单经过判定核实）
diff-handovers = 会换部门的工单：共 { $pairs } 组新旧部门（由求解器找出，两个版本都判定核实）
diff-handover = { $from } → { $to }（旧：{ $old }；新：{ $new }{ $because }）
diff-because-one = ；仅因为它的{ $what ->
    [date] 日期
    [place] 地点
   *[other] { $what }
}
diff-because-both = ；仅因为它的日期和地点
diff-replayed = 重放 { $tickets } 张工单：{ $changed } 张换了主办
diff-replayed-pair = { $from } → { $to }  { $count } 张（首见于第 { $line } 行）
diff-rejected = 未判定：旧 schema 拒收 { $old } 张，新 schema 拒收 { $new } 张

## zeren graph

graph-mermaid-too-big = 警告：流程图有 { $edges } 条边；Mermaid 渲染器默认拒绝超过 { $max } 条边的图。请用 `--matter 事项名` 只画一个事项，或改用 `--format dot`。
diff-replay-error = { $path }：{ $error }
diff-unnamed = （未命名）
