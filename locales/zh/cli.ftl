# 命令行（src/cli/、src/main.rs、src/output.rs；读取申报文件的话在 src/api/）说给用户的话。

# 一条错误的格式：`错误[代码]：内容`，下一行 `提示：…`。
cli-error = 错误
cli-help = 提示

cli-policy-source-help = 请用 --policies 指定存放各年度文件夹（2020/、2021/ …）的文件夹；不写则使用 ./policies 或内置政策
cli-policy-source-missing = 政策文件夹 { $path } 无法使用：{ $reason }
cli-policy-source-not-folder = 政策文件夹 { $path } 不是文件夹
cli-policy-source-no-year = 政策文件夹 { $path } 中没有政策年度（应有 2020/ 这样的文件夹，内含 policy.yaml）

# 读写失败时操作系统给的原因（常见的几种），$code 是系统的错误号。
cli-os-not-found = 不存在（系统错误 { $code }）
cli-os-permission = 没有权限（系统错误 { $code }）
cli-os-full = 磁盘已满（系统错误 { $code }）
cli-os-read-only = 所在文件系统是只读的（系统错误 { $code }）
cli-os-folder = 它是文件夹（系统错误 { $code }）
cli-os-not-folder = 路径中有一段不是文件夹（系统错误 { $code }）
cli-os-exists = 已经存在（系统错误 { $code }）
cli-os-addr-in-use = 这个地址和端口已被别的程序占用（系统错误 { $code }）
cli-os-addr-not-here = 本机没有这个地址（系统错误 { $code }）
cli-os-busy = 正被别的程序占用（系统错误 { $code }）
cli-os-too-large = 文件太大（系统错误 { $code }）
cli-os-memory = 内存不足（系统错误 { $code }）
cli-os-name = 文件名不合规（系统错误 { $code }）
cli-os-other = 系统错误 { $code }
output-refused-stdout = 标准输出就是输入文件 { $input }：写入会毁掉申报数据
    .help = 请把标准输出重定向到别的文件，或改用 --output
cli-compare-xlsx = --compare 的比较结果只能输出为表格或 JSON，不能输出为 { $format }
    .help = 请与 --compare 同用 --format table 或 --format json
cli-xlsx-needs-output = --format xlsx 输出的是工作簿，须给出 --output FILE.xlsx
    .help = 或用 --format csv 输出到标准输出

cli-list-year = { $year }  { $title }（{ $status }）
cli-list-broken = { $year }  （有错误：请运行 `fundpolicy check --year { $year }`）

cli-check-score-bound = ，总分最高 { $max }（max_score { $cap }）
cli-check-award-bound = ，资助最高 { $amount }
cli-check-ok = { $year } { $programme }：通过 — 字段 { $fields } 个，规则 { $rules } 条，计算值 { $values } 个{ $bounds }
cli-check-removed = { $year } { $programme }：本年不再设立（remove_programmes）
cli-check-warnings = 警告 { $n } 条
cli-check-problems = 发现问题 { $n } 个
cli-check-shown-above = { $year }年有 { $n } 个问题与上面的相同（出在它继承的文件里），不再重复列出；请先修好它们，{ $year }年的其他问题可能随之消失

cli-calc-records = { $path } 中有 { $n } 条记录，请给出只含一条记录的文件
cli-calc-many = 这里有 { $n } 条记录，calc 只用一条：请给出只含一条记录的文件
cli-calc-workbook = 工作簿要按项目的字段读取，不给项目时 calc 读不了它
    .help = 请加上 --year 和 --programme（如 `--year 2020 --programme loan-interest`），或给出一条记录的 YAML、JSON 或 CSV 文件
cli-calc-one-record = 应为一条记录：字段名与值的对应
    .help = 请把记录写成一行一个 `字段: 值`（YAML），或一行表头加一行数据（CSV）

cli-did-you-mean = （是否要写 `{ $suggestion }`？）
cli-no-programme = { $year }年没有项目 `{ $programme }`{ $hint }；该年的项目有：{ $programmes }
cli-no-record = { $input } 中没有编号为 `{ $id }` 的记录{ $hint }

cli-template-format = 无法从 `{ $output }` 判断模板格式
    .help = 输出文件请命名为 FILE.xlsx（工作簿）或 FILE.csv

output-refused = 不写入 { $target }：{ $reason }
output-refused-help-exists = 加 --force 可替换它，或另写一个文件名
output-refused-help-read-only = 如确要替换，请先把它改为可写，或另写一个文件名
output-refused-help-other = 请写一个新文件名，或一个不是本次输入的普通文件

output-format = --format { $format } 与输出文件 { $output }（.{ $ext }）不符
    .help = 请把文件命名为 .{ $wanted }，或去掉 --format
output-format-unknown = 无法从输出文件名 { $output } 判断格式
    .help = 请命名为 .json、.csv、.xlsx 或 .txt，或用 --format 指定

cli-coverage-text = --coverage 只在文本报告中显示
    .help = 去掉 --format 可看到覆盖情况，或去掉 --coverage

# `test` 每个用例一行：前面的标记，两种语言占同样宽度以便对齐。

cli-verify-version = 注意：结果由 fundpolicy { $then } 写出，本次用 { $now } 重新评审
cli-verify-inputs-differ = 结果一致，但所给输入不是结果所用的文件（退出码 3）

cli-cannot-write = 无法写入 { $path }：{ $cause }
cli-stdout-unwritable = 无法写入标准输出：{ $cause }

# 进度条（indicatif 模板；$spinner、$pos、$rate 是它的占位符）。
cli-progress = { $spinner } 已评审 { $pos } 条（每秒 { $rate } 条）

cli-too-many = 本批记录超过 { $max } 条
    .help = 如确要评审这么大的一批，请调大 --max-records
cli-not-read-whole = 文件没有读到结尾，无法给出其指纹
    .help = 请报告此问题：每个输入都应整个读完
cli-no-applications = 文件中没有申报记录
    .help = 请先填写（表头下每行一份申报，或每项一条记录），或确认文件是否选对

cli-internal-error = 内部错误：{ $message }。请连同所用命令一起报告
cli-internal-error-at = 内部错误：{ $message }（{ $place }）。请连同所用命令一起报告
cli-no-message = （无说明）

# output.rs：为什么不写某个输出文件。
output-reason-input = 它是本次的输入 { $input }：写入会毁掉申报数据
output-reason-not-regular = { $kind ->
        [folder] 它是文件夹，不是普通文件
        [fifo] 它是命名管道（FIFO），不是普通文件
        [device] 它是设备，不是普通文件
        [socket] 它是套接字，不是普通文件
       *[other] 它不是普通文件
    }
output-reason-symlink = 它是符号链接（通过它写入可能改动别的文件）
output-reason-exists = 文件已存在
output-reason-no-folder = 所在文件夹不存在
output-reason-read-only = 文件是只读的

cli-serve-watch-builtin = --watch 要监视政策文件夹，但现在用的是程序内置的政策
    .help = 用 --policies 指定政策文件夹（或在含 policies 文件夹的目录中运行）
cli-calc-source = 公式
cli-lang-unknown = 警告：FUNDPOLICY_LANG=“{ $value }”不是可用的语言（只有 zh 和 en），已改用{ $chosen }
