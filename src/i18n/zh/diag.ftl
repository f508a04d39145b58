### 加载时的诊断：消息、标注和帮助（src/check、src/syntax、src/load.rs）。

load-error-io = 无法加载 `{ $path }`：{ $message }
load-error-rules = 规则集加载失败，共 { $count } 处错误

## 读取文件（src/load.rs）

load-no-rules-files = 该目录下没有 `.rules` 文件
load-too-large = 文件超过了 { $max } 字节的上限（`Limits::max_file_bytes`）
load-not-found = 文件或目录不存在
load-permission-denied = 没有读取权限
load-not-utf8 = 文件不是 UTF-8 编码的文本（第 { $line } 行、第 { $offset } 字节处有无效字节）；请另存为 UTF-8 编码
load-not-utf8-gbk = 文件不是 UTF-8 编码的文本（第 { $line } 行、第 { $offset } 字节处有无效字节）；看起来是 GBK（GB2312/GB18030）编码，即 Windows 编辑器保存中文的默认编码：请另存为 UTF-8（记事本：另存为 → 编码选 UTF-8），或用 `iconv -f GBK -t UTF-8` 转换
