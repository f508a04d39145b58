### Load-time diagnostics: messages, labels and help (src/check, src/syntax, src/load.rs).
### Variables are names and ids as written; code stays in backticks.

load-error-io = cannot load `{ $path }`: { $message }
load-error-rules = the rule set failed to load with { $count ->
    [one] 1 error
   *[other] { $count } errors
}

## Reading files (src/load.rs)

load-no-rules-files = the directory holds no `.rules` files
load-too-large = the file is larger than the limit of { $max } bytes (`Limits::max_file_bytes`)
load-not-found = no such file or directory
load-permission-denied = permission denied
load-not-utf8 = the file is not UTF-8 text (invalid bytes on line { $line }, byte { $offset }); save it as UTF-8
load-not-utf8-gbk = the file is not UTF-8 text (invalid bytes on line { $line }, byte { $offset }); it looks like GBK (GB2312/GB18030), the encoding Windows editors use for Chinese: re-save it as UTF-8 (Notepad: 另存为 → 编码 UTF-8), or convert it with `iconv -f GBK -t UTF-8`
