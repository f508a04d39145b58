### 命令行：错误与汇总（src/bin/zeren）。

cli-error = 错误：{ $message }
cli-stdout = 无法写入标准输出：{ $error }
render-witness = 示例工单：{ $ticket }

## zeren check

check-summary = 错误 { $errors } 处，警告 { $warnings } 处，提示 { $notes } 处
