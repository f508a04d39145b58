### 一次判定的说明（src/explain.rs）：`zeren route --explain` 和未通过的测试。

explain-nobody = 无
explain-decision = 判定：{ $lead }，方式 { $method }
explain-because = 原因：{ $reason }
explain-step1 = 第 1 步，候选细项：
explain-step1-none = 第 1 步，候选细项：无
explain-removed = （因 priority/over 被排除）
explain-priority = 优先级 { $priority }
explain-differ = 剩下的候选在这些角色上不同：{ $roles }
explain-step3 = 第 3 步，`near` 条件成立的细项：{ $names }
explain-step4 = 第 4 步，条件成立的事项：{ $names }；最内层：{ $inner }
explain-step5 = 第 5 步，最相近的细项（阈值 { $threshold }）：
explain-split = 拆单：工单涉及的每个事项各自判定，由协调机构分派：
explain-no-split = 不拆单：候选细项没有分属两个以上能各自判定的事项
explain-deadline = 办理时限：{ $deadline }
explain-deadline-shortest = 办理时限：{ $deadline }（取各一致细项中最短的）
explain-basis = 依据：{ $basis }
explain-guard-pitfall = 提示：细项 `{ $item }` 自身的条件成立，但所属事项 `{ $matter }` 的条件不成立（{ $guard }）：事项的条件是不是漏了这个细项的关键词？（见语言说明“The guard pitfall”一节）
explain-role-lead = 主办 { $depts }
explain-role-assists = 协办 { $depts }
explain-role-liaisons = 联动 { $depts }
explain-met = 满足：{ $atoms }
explain-missed = 未满足：{ $atoms }
explain-by-sound = 同音：{ $atoms }

## 为什么不是这个细项（src/why_not.rs）：`zeren route --explain --why-not 细项`

why-not-title = 为什么不是 `{ $item }`（主办 { $lead }）？
why-not-held = 成立
why-not-not-held = 不成立
why-not-guard = 所属事项的条件：
why-not-own = 自身的条件：
why-not-won = 它就是判定结果
why-not-guard-pitfall = 它自身的条件成立，但所属事项的条件不成立：事项的条件是不是漏了这个细项的关键词？
why-not-near-held = 它的条件不成立；它的 `near` 条件成立，但有别的细项先定了
why-not-failed = 它的条件不成立（见上）
why-not-beaten = 被 `priority` 或 `over` 排除；剩下：{ $left }
why-not-disputed = 与 { $with } 争议：由协调机构决定
why-not-lost = `{ $winner }` 胜出（{ $method }）
why-not-lost-none = 没有细项胜出（{ $method }）

## 判定原因，`原因：`（src/matcher/reference.rs）

reason-near = 没有细项的条件成立；细项 `{ $item }` 的 `near` 条件成立
reason-nearest = 细项、`near` 和事项都没有认领工单；`{ $item }` 是最相近的细项（相似度 { $score }，阈值 { $threshold }）
reason-unclaimed-threshold = 没有任何规则认领工单，也没有细项的相似度达到 { $threshold }
reason-unclaimed = 没有任何规则认领工单（没有 `fallback` 块，所以不找最相近的细项）
reason-only-item = 只有细项 `{ $item }` 的条件成立
reason-agree = { $count } 个细项的条件成立，且主办、协办、联动一致；取最先声明的
reason-priority = `priority`/`over` 排除后剩下 { $count } 个细项；取最先声明的
reason-specific = `{ $item }` 比其余每个候选细项都更具体
reason-disputed = { $count } 个候选细项的角色不一致，且没有一个比其余都更具体
reason-residual = 没有细项或 `near` 条件成立；由事项 `{ $matter }` 的主办兜底
reason-matter-specific = 事项 `{ $matter }` 的条件比其他事项的更具体
reason-matters-disputed = { $count } 个事项都能兜底，且没有一个更具体
