### 静态分析的结论（src/analyze）：交叉、空白、遮蔽、无法满足等。

an-too-complex-to-analyse-whether = 过于复杂，无法分析：工单是否可能没有主办部门（规则集没有声明协调机构；{ $reason }）
an-its-when-contradicts-itself-or = 它的 `when` 自相矛盾，或与所属事项的条件矛盾；请修改条件或删掉这个细项
an-shadowed-was-not-decided-for = 没能判定这个细项是否被遮蔽（`shadowed`）；请调高分析预算
an-on-the-witness-it-raise = 示例工单中它{ $how_d }；请提高它的 `priority`、加上 `over`，或删掉它
an-raise-the-analysis-budget-or = 请调高分析预算，或给这个事项指定 `lead`
an-the-witness-give-the-matter = 示例工单{ $how_d }；请给事项指定 `lead`（主办兜底），或放宽其下细项的条件
an-no-coordinator-was-not-decided = 没能判定 `no-coordinator`；请声明协调机构，或调高分析预算
an-add-basis-the-law-or = 给细项或它所属的事项加上 `basis "《…》"`（规定这项职责的法规或政策）
an-overlaps-involving-this-item-were = 没有检查与这个细项有关的职责交叉；请把它拆成更简单的细项，或调高分析预算
live-no-coordinator = 没有协调机构
an-no-ticket-can-meet-the = 没有任何工单能满足细项 `{ $item_name }` 的条件
an-too-complex-to-analyse-item = 过于复杂，无法分析：细项 `{ $item_name }`：{ $reason }
an-too-complex-to-analyse-whether-2 = 过于复杂，无法分析：细项 `{ $name }` 能否胜出（{ $reason }）
an-item-can-match-tickets-but = 细项 `{ $name }` 能匹配工单，但永远轮不到它
an-item-has-no-basis-its = 细项 `{ $item_name }` 没有依据，自身和所属事项都没有写
an-a-ticket-about-one-thing = 同一件事的工单会在 `{ $nx }` 和 `{ $ny }` 之间产生争议
an-a-ticket-raising-both-and = 同时反映 `{ $na }` 和 `{ $nb }` 的工单会产生争议
an-too-complex-to-analyse-whether-3 = 过于复杂，无法分析：{ $undecided } 对细项是否会一起产生争议，第一对是 `{ $na }` 和 `{ $nb }`（{ $reason }）
an-how-disputed = 有争议（{ $candidates }），转交协调机构
an-how-unclaimed = 无人认领，转交协调机构
an-how-residual = 落到 `{ $matter }` 的兜底主办部门
an-how-analogy = 按相近匹配归到 `{ $item }`
an-how-goes-to = 归到 `{ $item }`（{ $method }）
an-how-decided-by = 由 `{ $method }` 判定
an-no-coordinator = 工单可能{ $what ->
    [disputed] 有争议
   *[other] 无人认领
}，而规则集没有声明接收这类工单的协调机构
an-no-coordinator-help = 用 `coordinator 编号` 声明一个（例如市社会治理服务中心）；这类工单目前没有主办部门
an-too-complex-gap = 过于复杂，无法分析：事项 `{ $matter }` 是否存在职责空白（{ $reason }）
an-gap-not-decided = 没能判定是否存在职责空白（`gap`）
an-gap = 事项 `{ $name }` 没有主办部门，而工单可能满足它的条件、却不满足其下任何细项
an-gap-label = 其下细项漏掉的工单没有 `lead` 兜底
an-overlap-fix-over = 给细项 `{ $nx }` 加上 `over { $ny }`（或给 `{ $ny }` 加上 `over { $nx }`）
an-overlap-fix-or = { $first }；或者{ $second }
an-overlap-help = 示例工单只带有 `{ $topic }` 所需的内容，而两个细项都认领它；最简单的改法：{ $fix }；也可以用 `priority` 决定先后，或把其中一个条件收窄（使一个条件蕴含另一个）
an-place-guard = 事项 `{ $matter }` 的条件
an-place-item = 细项 `{ $item }`
an-nested-keyword = { $place }里的 `{ $keyword }` 匹配到了 `{ $outer }` 的内部：请收窄这个关键词
an-mixed-undecided-help = 这些细项对没有计入 `mixed-topics`；请调高分析预算
an-mixed = { $at_least ->
    [yes] 至少有 { $count }
   *[other] 有 { $count }
} 对主办部门不同的细项，只有在一张工单同时反映两件事（一单多诉）时才会争议；按设计，这类工单交给协调机构
an-mixed-truncated = { $at_least ->
    [yes] 至少有 { $count }
   *[other] 有 { $count }
} 对主办部门不同的细项，只有在一张工单同时反映两件事（一单多诉）时才会争议；按设计，这类工单交给协调机构（统计到 { $budget } 对时停止：已达分析预算）
an-mixed-help = `zeren check --mixed` 会逐对列出，并附示例工单，值得先看的排在前面
an-mixed-help-notable = 值得先看：同一事项内的 { $inside } 对，只需两个关键词就会争议的 { $two } 对 —— { $names }
    `zeren check --mixed` 会逐对列出，并附示例工单，值得先看的排在前面
an-empty-rule-set = 规则集是空的：没有声明任何部门、事项或细项，所有工单都不会有主办部门
an-no-items = 规则集里没有细项，所有工单都不会有主办部门
an-no-items-help = 添加细项：`item 名称 {"{"} when … lead 编号 {"}"}`（参见语言说明“Matters and items”一节）

## src/analyze/declared.rs

an-department-is-declared-but-no = 部门 `{ $dept_id }`（{ $dept_name }）已声明，但没有任何角色、`territory` 行或 `coordinator` 用到它
an-name-it-in-a-lead = 在 `lead`、`assist` 或 `liaise` 子句里写上它；如果这个部门已不再承办工单，就删掉这条声明
an-never-named = 从未用到
an-item-is-no-longer-in = 细项 `{ $item_name }` 已失效：它的 `effective` 日期范围在 { $end } 结束，早于时钟日期 { $today }
an-matter-is-no-longer-in = 事项 `{ $matter_name }` 已失效：它的 `effective` 日期范围在 { $end } 结束，早于时钟日期 { $today }
an-in-force-until = 有效期至 { $end }
an-expired-help = 它只对 { $end } 及以前的工单生效；在这类工单还要判定时保留，之后删掉（如果这条规则仍然适用，就延长它的日期范围）
an-never-in-force = 细项 `{ $item_name }` 在任何日期都不生效：它的 `effective` 期间与所属事项的期间没有交集
an-never-in-force-help = 合起来应从 { $start } 开始、到 { $end } 结束，这不可能；请改正日期，或删掉这个细项

## 分析过于复杂的原因（上面的 `reason`）

an-reason-rounds = 细化了 { $rounds } 轮仍未定
an-reason-cases = 它的条件展开后超过 { $budget } 种最小情形
an-reason-single-topic = 它的单一主题工单超过 { $budget } 张
an-reason-budget = 搜索走了 { $budget } 步（上限）仍未得出结论
