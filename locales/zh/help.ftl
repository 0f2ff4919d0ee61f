# `--help` 的文字：每个命令（help-<命令>）和每个参数（help-<命令>-<参数>，全局参数为 help-<参数>），
# 以及 clap 自己的用语和命令行用错时的提示（usage-…）。

help-about = 按以数据保存的政策规则评审资金申报
help-policies = 政策文件夹（默认：有 ./policies 时用它，否则用内置政策）
help-lang = 信息和标签的语言；不写时依次看 FUNDPOLICY_LANG、LC_ALL、LC_MESSAGES、LANG，都没有则用中文
help-input-format = 所有输入都按此格式读取（默认按扩展名判断；标准输入按开头的字节识别）

help-list = 列出政策年度及其项目

help-evaluate = 按项目评审申报
help-evaluate-year = 政策年度（政策中的一个文件夹，如 2020）
help-evaluate-programme = 项目编号（`fundpolicy list` 可列出）
help-evaluate-inputs = 申报文件：.yaml/.yml、.json、.jsonl、.csv、.xlsx（填好的模板）；`-` 表示从标准输入读
help-evaluate-format = 结果的格式；xlsx 是带汇总表的 Excel 工作簿，须同时给 --output
help-evaluate-output = 写入此文件（整体替换，不会写一半），而不是标准输出（`-` 表示标准输出）。不写 --format 时按扩展名定格式：.json、.csv、.xlsx、.txt（表格）
help-evaluate-compare = 同时按这一年度评审，并列出每份申报的变化
help-evaluate-max-records = 记录数超过此数的批次不予评审（防止用错文件，也限制内存：每条记录约 0.6 KB，错误很多的记录最多约 3 KB：只保留前 5 处错误，其余计数）
help-evaluate-strict = 有不对应任何字段的列或键时，所有记录都判为无效（不加此项时忽略该列，每个文件警告一次）

help-explain = 说明一条记录的每个值是怎样算出来的
help-explain-year = 政策年度（政策中的一个文件夹，如 2020）
help-explain-programme = 项目编号（`fundpolicy list` 可列出）
help-explain-input = 含这条记录的申报文件（evaluate 能读的任何格式）
help-explain-id = 记录的申报编号（`id` 字段）
help-explain-format = text（默认）或 json：每个值及其公式、输入和结果，各规则的结论，得分、资助额和分配，以及所用政策
help-explain-strict = 有不对应任何字段的列或键时，该记录判为无效（不加此项时忽略并警告）

help-test = 运行政策测试用例（policies/<年度>/tests/*.yaml）
help-test-year = 只测这一年度（默认：所有年度）
help-test-filter = 只运行名称或文件名包含这段文字的用例
help-test-coverage = 报告测试用到了哪些规则、比较的哪一侧、哪些分支和上限（仅文本报告）
help-test-format = text（默认）、json（每个用例及其位置和失败原因）或 junit（供持续集成服务器读取的 JUnit XML）

help-diff = 两个政策年度之间逐项的变化：规则、公式、写明的数值、提示语、标签、说明、解释、条款出处、枚举值及其别名
help-diff-from = 较早的政策年度
help-diff-to = 较晚的政策年度
help-diff-format = text（默认）或 json：变化列表 {"{"}programme, kind, id, change, key, old, new{"}"}

help-check = 检查政策文件；有任何错误时退出码为 1
help-check-year = 只检查这一年度（默认：所有年度）
help-check-format = text（默认）或 json：每个年度的政策、各项目及已证明的上下限，以及每个错误和警告的代码、说明和位置

help-template = 按项目生成空白申报工作簿（.xlsx）或 CSV（.csv）
help-template-year = 政策年度（政策中的一个文件夹，如 2020）
help-template-programme = 项目编号（`fundpolicy list` 可列出）
help-template-output = 要写的文件：扩展名（.xlsx 或 .csv）决定格式
help-template-force = 文件已存在时替换它（不加此项不会覆盖已填好的工作簿）

help-verify = 重新评审已公布的结果（`evaluate --format json` 的输出），报告每个不一致的结论；政策此后有改动时拒绝核对
help-verify-results = 已公布的结果（JSON，其中 `policy` 对象写明年度、项目和摘要值）
help-verify-inputs = 计算这些结果所用的申报文件
help-verify-max-records = 记录数超过此数的批次不予评审（防止用错文件，也限制内存：每条记录约 0.6 KB，错误很多的记录最多约 3 KB：只保留前 5 处错误，其余计数）

help-schema = 政策文件的 JSON Schema，供编辑器补全和检查 YAML 键（policies/schema/ 中有政策文件首行所引用的副本）
help-schema-kind = manifest（年度的 policy.yaml）或 programme（项目文件和公共文件）
help-schema-output = 写入此文件，而不是标准输出

help-serve = 以 HTTP 服务和网页工作台提供评审（JSON 接口在 /api/v1，网页在 /）
help-serve-addr = 监听的地址和端口；不是本机回环地址时须给 --token-file 或 --no-auth
help-serve-token-file = 令牌文件：每个请求都须带上其中的令牌（程序用 Authorization: Bearer，浏览器用密码）
help-serve-no-auth = 明确不用令牌，在非本机地址上提供服务
help-serve-watch = 政策文件夹有改动时重新加载（某年度改坏后检查不通过时，继续使用上一个好的版本，并在网页上提示）

help-calc = 计算一个公式：政策人员试算公式用
help-calc-expr = 公式，例如 'min(1500万元 * 10%, 100万元)'
help-calc-record = 一条记录（YAML、JSON 或 CSV），公式可以使用它的字段
help-calc-year = 按这一年度的项目检查并计算（须同时给 --programme）
help-calc-programme = 按这个项目检查并计算（须同时给 --year）

help-help = 显示本说明，或某个命令的说明
help-help-command = 要看说明的命令
help-flag-help = 显示说明
help-flag-version = 显示版本

# clap 自己的用语。
help-heading-usage = 用法：
help-heading-commands = 命令：
help-heading-arguments = 参数：
help-heading-options = 选项：
help-possible = （可选：{ $values }）
help-default = （默认：{ $value }）
help-list-separator = 、

# 命令行用错时（退出码 2）。
usage-more = 更多说明请运行 `{ $command } --help`。
usage-unknown-argument = 不认识的参数 `{ $arg }`
usage-as-value = 如果 `{ $arg }` 是一个值而不是选项，请写成 `-- { $arg }`
usage-exists-under = 命令 `{ $command }` 下有 `{ $arg }`，请写在该命令后面
usage-did-you-mean = 是否要写 { $suggestion }？
usage-invalid-subcommand = 没有 `{ $command }` 这个命令
usage-commands = 可用的命令：{ $commands }
usage-missing-subcommand = 请写出要运行的命令
usage-invalid-value = `{ $value }` 不能作为 { $arg } 的值
usage-possible-values = 可选的值：{ $values }
usage-empty-value = { $arg } 后面要写一个值
usage-value-validation = { $arg } 的值 `{ $value }` 不能用：这里应写一个不带小数点的整数
usage-value-spaces = 去掉值前后的空格
usage-no-equals = { $arg } 的值要用 `=` 连着写，例如 { $arg }=值
usage-too-many-values = 多给了一个值 `{ $value }`：{ $arg } 不再接受更多的值
usage-too-few-values = { $arg } 需要 { $expected } 个值，只给了 { $actual } 个
usage-wrong-number-of-values = { $arg } 需要 { $expected } 个值，给了 { $actual } 个
usage-conflict = { $arg } 不能与 { $other } 同时使用
usage-repeated = { $arg } 只能写一次
usage-missing-argument = 缺少必须写的参数：{ $args }
usage-invalid-utf8 = 参数中有不是 UTF-8 的字节
usage-other = 命令行参数有误

# 参数值的占位名（`<年度>`）和用法行里的 [OPTIONS]。
help-value-command = 命令
help-value-policies = 文件夹
help-value-lang = 语言
help-value-input-format = 格式
help-value-year = 年度
help-value-programme = 项目
help-value-inputs = 申报文件
help-value-format = 格式
help-value-output = 文件
help-value-compare = 年度
help-value-max-records = 条数
help-value-input = 申报文件
help-value-id = 编号
help-value-filter = 文字
help-value-from = 年度
help-value-to = 年度
help-value-results = 结果文件
help-value-kind = 种类
help-value-addr = 地址:端口
help-value-token-file = 令牌文件
help-value-expr = 公式
help-value-record = 记录文件
help-usage-options = [选项]
