### 命令行：错误与汇总（src/bin/zeren）。

cli-error = 错误：{ $message }
cli-stdout = 无法写入标准输出：{ $error }
render-witness = 示例工单：{ $ticket }

## zeren check

check-summary = 错误 { $errors } 处，警告 { $warnings } 处，提示 { $notes } 处
cli-cannot-read = 无法读取 `{ $path }`：{ $error }
cli-at-line = { $path }:{ $line }：{ $error }

## zeren test

test-fail = 未通过 { $name }
test-mismatch = {"  "}{ $field }：期望 { $expected }，实际 { $actual }
test-fail-bad-ticket = 未通过 { $name }：工单有误：{ $error }
test-summary = 通过 { $passed } 项，未通过 { $failed } 项
test-coverage = 覆盖：{ $total } 个细项中有 { $covered } 个被测试命中（{ $pct }%）
test-untested = {"  "}未测试：{ $name }
test-not-a-case = { $path }:{ $line }：不是测试用例：{ $error }
