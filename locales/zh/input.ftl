# 读取申报文件时说的话：单元格的值、表头、文件本身、上限。

## 值

input-not-given = （未填）
input-money = { $amount }元

# 字段应填什么，接在“不是”“应为”之后。
input-kind-text = 文本
input-kind-number = 数字
input-kind-money = 金额（填数字，或“250万元”这样带单位的写法）
input-kind-percent = 百分数（填 12.5 或 12.5%）
input-kind-bool = “是”或“否”
input-kind-date = 日期（格式 YYYY-MM-DD，如 2020-06-30）
input-kind-datetime = 日期时间（格式 YYYY-MM-DDTHH:MM，如 2021-07-29T18:00）
input-kind-enum = 列出的可选值之一
input-kind-credit_code = 18 位统一社会信用代码
input-kind-list = 列表

# 字段名：标签在前，编号在后。
input-field-name = { $label }（{ $id }）

## 记录中的错误

input-type = `{ $value }` 不是{ $kind }
input-type-expected = 应为{ $kind }
input-type-plain_list = 应为一列简单的值（每项是一个值，不能是列表或记录）
input-type-records = 应为记录列表，每条记录含：{ $fields }
input-type-item = 第 { $n } 项不是记录，应含：{ $fields }

input-number = `{ $value }` 不是数字
input-number-grouping = `{ $value }` 不是数字：逗号只用来分隔千位（1,000.5）；小数点请写 `.`（写 1.5，不写 1,5）
input-number-too_many_digits = `{ $value }` 的有效数字超过 28 位，会被舍入；最多写 28 位
input-number-too_large = `{ $value }` 太大：数字最大为 79228162514264337593543950335
input-number-too_small = `{ $value }` 太小，无法精确保存：数字最多 28 位小数
input-number-too_long = `{ $value }` 超过 64 个字符，不是数字
input-scientific = `{ $value }` 是科学计数法：Excel 在列太窄或数字太长时会这样显示，把它另存为 CSV 或复制出来时后面的位数就丢了，所以不把它当作 { $read }。请写出完整的数字（在 Excel 中可把这一列设为“数值”格式，或加宽列，再另存）
input-scientific-text = `{ $value }` 是 Excel 把一个长数字显示成的科学计数法，后面的位数已经丢了（编号、信用代码常这样被改掉）；请在 Excel 中把这一列设为“文本”格式后重新输入，再另存
input-date-written = `{ $value }` 不是 YYYY-MM-DD 格式的日期：请写成 { $iso }
input-date-no_day = `{ $value }` 不是日期：{ $year }年{ $month }月只有 { $days } 天
input-fullwidth = `{ $value }` 用了全角字符（{ $names }）：请改用半角，写成 { $half }（切换到英文输入法再输入）
input-list-comma = `{ $value }` 用逗号隔开了几项，逗号不能分隔多项；请改用分号（; 或 ；）或顿号（、），写成 `{ $fixed }`

input-enum = `{ $value }` 不是可选值（是不是 { $suggestion }？）
input-enum-allowed = `{ $value }` 不是可选值；可填：{ $allowed }
input-enum-line_break = `{ $value }` 里有换行，不是可选值（可选值都不含换行）：CSV 中是不是少了一个引号，把后面几行并进了这一格？多个值请用 `；` 分隔
input-credit_code = `{ $value }` 不是有效的统一社会信用代码（按 GB 32100-2015 核对校验位不符）
input-range = `{ $value }` 低于允许的最小值（{ $bound }）
input-range-above = `{ $value }` 高于允许的最大值（{ $bound }）
input-duplicate_item = `{ $value }` 填了两次：每项只能填一次
input-duplicate_item-as = `{ $value }` 填了两次（即 `{ $name }`）：每项只能填一次

input-required = 必填项未填
input-required-ignored-column = 必填项未填；表头为 `{ $name }` 的列没有读取，是不是指它？
input-required-ignored-key = 必填项未填；键 `{ $name }` 没有读取，是不是指它？
# 接在“缺少值”一类错误之后。
input-ignored-column = ；表头为 `{ $name }` 的列没有读取，是不是指它？
input-ignored-key = ；键 `{ $name }` 没有读取，是不是指它？

input-given_twice = 同一条记录里填了两次（键 `{ $key }` 出现两次）；请只保留一个
input-given_twice-as = 同一条记录里填了两次：`{ $first }` 和 `{ $key }`；请只保留一个
input-unknown_field = 没有这个字段
input-unknown_field-hint = 没有这个字段（是不是 `{ $name }`？）
input-unknown_field-hint_id = 没有这个字段（是不是 `{ $name }`（`{ $id }`）？）
input-not_a_record = 应为一条记录：字段名和值一一对应（`字段: 值`）
input-unreadable_record = { $reason }
input-check = { $message }
input-duplicate_id = 申报编号 `{ $id }` 重复（与第 { $n } 条相同）
input-unique = { $label } `{ $value }` 已由申报 `{ $first }`（第 { $n } 条）填报：同一{ $label }在一批申报中只能申报一次

## 关于整个文件的警告

input-warning = 警告
input-warning-help = 提示

input-column_unit = `{ $header }` 列按表头所写的单位（{ $unit }）读取；字段 { $field } 本来以{ $own }为单位
    .help = 这样读取是精确的（该列的数字以{ $unit }计）；如果这些数字实际以{ $own }计，请把表头改为 `{ $label }（{ $own }）`

input-unknown_column = 以下 { $count } 列不对应方案 `{ $programme }` 的任何字段，已忽略：{ $names }
    .help = 请把表头改为字段编号或标签（`fundpolicy template` 可列出），或删除该列；加 --strict 时，每条记录都会因此报错
input-unknown_column-key = 以下 { $count } 个键不对应方案 `{ $programme }` 的任何字段，已忽略：{ $names }
    .help = 请把键改为字段编号或标签（`fundpolicy template` 可列出），或删除它；加 --strict 时，每条记录都会因此报错
input-unknown_column-more = 等另外 { $count } 个
input-unknown_column-records = （{ $count } 条记录）
input-percent_fraction = `{ $column }` 列有 { $count } 个不带 % 的数小于 1（最早是这里的 `{ $text }`），都按百分点读取：`0.12` 读作 0.12%，不是 12%
    .help = 如果指的是 12%，请写 `12` 或 `12%`；确实不到 1% 的值，写上 %（如 `0.12%`）就不再提示
input-unknown_column-blank = 第 { $column } 列没有表头，该列内容不读取
    .help = 请在表头写上字段编号或标签，或删除这一列
input-hint = （是不是 `{ $name }`？）
input-hint-id = （是不是 `{ $name }`（`{ $id }`）？）

## 文件无法读取

input-unreadable = { $file }：{ $message }
input-io-not_found = 文件不存在
input-io-permission = 没有读取权限
input-io-directory = 这是一个文件夹，不是文件
input-io-other = { $error }
input-cannot_read = 无法读取：{ $reason }
    .help = 请检查路径和读取权限
input-limit-help = 请把该环境变量设为一个大小，如 2GiB
input-limit-cells-help = 请把该环境变量设为单元格个数
input-limit-not_a_size = { $var }={ $value } 不是大小：请写整数，可带 KiB、MiB 或 GiB
input-limit-not_utf8 = { $var } 不是大小（不是 UTF-8 文字）
input-limit-bytes = { $n } 字节
input-limit-raise = 此上限（{ $limit }）用于防范恶意文件；如果文件可信，可以调高：{ $var }={ $example }
input-too_large = 超过 { $limit }，已停止读取
    .help = YAML、JSON 和工作簿要整个读入：大批量申报请用 CSV，CSV 边读边处理；{ $raise }
input-stream_too_large = 从数据流读取超过 { $limit }，已停止；{ $raise }
input-not_utf8 = 不是 UTF-8 文字（第 { $offset } 字节无效）
    .help = 请把文件另存为 UTF-8 编码
input-not_utf8_or_gbk = 既不是 UTF-8 也不是 GB18030/GBK 文字
    .help = 请把 CSV 另存为“CSV UTF-8”（或 GBK/GB18030）
input-csv_gbk_too_large = 不是 UTF-8 的 CSV 文件要整个解码，而此文件超过 { $limit }
    .help = 请另存为“CSV UTF-8”，即可边读边处理；{ $raise }
input-format = 看不出 { $file } 是什么格式：申报文件的扩展名应为 .yaml、.yml、.json、.jsonl、.csv 或 .xlsx
    .help = 是不是选错了文件？文件没错时请改正扩展名，或用 --input-format 指明格式（如 `--input-format csv`）
input-digit_key = 这里有个只有数字、没有值的键 `{ $key }`：是不是把小数点写成了逗号（`1,5` 应写 `1.5`），或写了千位分隔符（`1,500` 应写 `1500`）？
    .help = 花括号 `{"{"} … {"}"}` 里的逗号用来分隔各项；数字里不要写逗号
input-json-line-list = 这一行是一个列表 `[…]`：JSON Lines 每行只写一条申报 `{"{"}…{"}"}`
    .help = 把列表中的每条申报各写成一行，或把整个列表存为 .json 文件
input-empty_document = 文件里没有申报记录（是空的，或只有 null 或注释）
    .help = 是不是选错了文件？一条申报写成 `字段: 值` 的若干行；多条写成列表，每条以 `- ` 开头
input-workbook_here = 这里不能读取工作簿
    .help = 请以 YAML、JSON 或 CSV 提供申报
input-json = JSON 有误，在第 { $line } 行第 { $column } 列：{ $reason }
    .help = 请改正该处的 JSON
input-json-line = JSON 有误，在第 { $column } 列：{ $reason }
    .help = 请改正这一行的 JSON
input-fingerprint = 无法保留输入文件的指纹
input-stdin_unreadable = 无法读取标准输入

# serde_json 报出的原因。
input-json-eof = JSON 在此意外结束（缺少收尾的括号或引号）
input-json-expected_colon = 此处应为 `:`
input-json-expected_list = 此处应为 `,` 或 `]`
input-json-expected_object = 此处应为 `,` 或 `{"}"}`
input-json-expected_value = 此处应为一个值
input-json-expected_quote = 此处应为 `"`
input-json-invalid_escape = 无效的转义字符
input-json-invalid_number = 无效的数字
input-json-out_of_range = 数字超出范围
input-json-control = 字符串中有控制字符（换行或制表符请写成 `\n`、`\t`）
input-json-key_string = 键必须是带引号的字符串
input-json-trailing_comma = 多了一个逗号
input-json-trailing = 数据结束后还有多余的字符
input-json-recursion = 嵌套层数太多

## 标准输入的格式

input-format-csv = CSV
input-format-json = JSON
input-format-jsonl = JSON Lines
input-format-yaml = YAML
input-format-xlsx = xlsx
input-sniff = fundpolicy：标准输入按 { $format } 格式读取（{ $why }）；可用 --input-format csv|json|jsonl|yaml|xlsx 指定格式
input-sniff-unreadable = 无法读取
input-sniff-zip = 开头是 zip 压缩包
input-sniff-empty = 内容为空
input-sniff-flow = 是 YAML 的流式写法（键没有引号）
input-sniff-jsonl = 每行一个 JSON 对象
input-sniff-brace = 以 `{"{"}` 开头
input-sniff-bracket = 以 `[` 开头
input-sniff-yaml_list = 开头是 YAML 列表或文档
input-sniff-key_value = 第一行是 `键: 值`
input-sniff-comma = 第一行用逗号分隔
input-sniff-single = 多行单个值，没有 `键:`
input-sniff-else = 不像其他格式

## CSV

input-csv-help = 请改正 CSV：一行表头（字段编号或标签），每行的格子数相同
input-csv-plain-help = 请改正 CSV：一行表头，每行的格子数相同
input-csv-header = 无法读取表头：{ $reason }
input-csv-header_encoding = 表头不是 UTF-8 文字
input-csv-empty = 文件是空的：没有表头
input-csv-header_twice = 表头中 `{ $header }` 列出现了两次
input-csv-same_field = 第 { $first_column } 列 `{ $first }` 和第 { $second_column } 列 `{ $second }` 都对应字段 { $field }；请只保留一列
input-csv-column = `{ $header }` 列：{ $reason }
input-csv-line = 第 { $line } 行：{ $reason }
input-csv-unclosed_quote = 这里开始的引号一直没有闭合：它后面的内容都会被读成同一个单元格，其后的申报就会丢失，已停止读取。请补上闭合的引号（单元格里的引号要写成两个：""）
input-row_too_long = 有一行超过 { $limit }，已停止读取；{ $raise }
input-rows_apart = 第 { $line } 行：此编号在第 { $first } 行已有，中间隔着其他行：同一申报的各行请放在一起（两部分都不评审）
input-ragged_row = 这一行有 { $cells } 格，而表头有 { $headers } 格
input-row_in_cell = 这一格跨了多行，其中一行像是一整行申报（{ $cells } 格，不少于表头：`{ $text }`）：多半是少了一个引号，把后面的行并进了这一格，那些申报因此丢失。请检查这一格的引号是否成对
input-stray_quote = 这一格的右引号后面还有文字（合起来会读成 `{ $cell }`）：引号内外的文字不会被拼在一起猜测原意。整格加引号时，引号要包住整个单元格，格中的引号写成两个（""）；不需要引号时请去掉
input-encoding = 该格不是 UTF-8 文字；请把文件另存为 UTF-8（或整个文件存为 GB18030）
input-rows_disagree = 第 { $first } 行填 `{ $before }`，第 { $line } 行填 `{ $now }`；同一记录的各行必须一致

## 工作簿

input-cell = 该格是 Excel 错误值 { $error }：请改正公式，或填入数值
input-cell-no_day = 单元格设成了日期格式，但其中的数字 { $number } 不是 Excel 日历中的日期（例如把日期写成了 20200703 这样的数字）；请输入日期，如 2020-07-03
input-cell-time_only = 单元格中只有时间，没有日期；请输入日期，如 2020-07-03
input-cell-milliseconds = 单元格中的时间带有不足一秒的部分；请把时间写到秒，如 2021-07-29 18:00:30
input-rows_disagree-cells = { $first } 填 `{ $before }`，{ $cell } 填 `{ $now }`；同一申报的各行必须一致
input-workbook-sheet = 工作表 `{ $sheet }` 无法读取：{ $reason }
    .help = 请用 Excel 或 WPS 打开工作簿，重新保存
input-workbook-cells = 工作簿的非空单元格超过 { $limit } 个
    .help = 这么大的批量请用 CSV，CSV 边读边处理；{ $raise }
input-workbook-damaged = 工作簿已损坏，无法读取内容
    .help = 请用 Excel、WPS 或 LibreOffice 打开，重新另存为 .xlsx
input-workbook-not_xlsx = 不是可读取的 .xlsx 工作簿：{ $reason }
    .help = 请另存为 Excel 工作簿（.xlsx）；.xls 和 .et 文件须先另存为 .xlsx
input-workbook-not_zip = 它不是 zip 压缩包，而 .xlsx 工作簿都是（可能是 .xls、.et 文件，或改了扩展名的其他文件）
input-workbook-truncated = 它以 zip 压缩包开头（.xlsx 工作簿都是），但不完整或已损坏：文件可能没有下载或复制完
    .help = 请重新下载或复制这个文件；仍然不行时，请用 Excel 或 WPS 打开原文件，重新另存为 .xlsx
input-workbook-xls = 它是旧版的 .xls（或 WPS 的 .et）工作簿，不是 .xlsx
input-workbook-missing_part = 缺少 .xlsx 工作簿必有的部分 `{ $part }`（不是 Excel 或 WPS 保存的工作簿，或文件已损坏）
input-workbook-part = 第 { $n } 部分
input-workbook-unzipped = 工作簿解压后超过 { $limit }（停在 `{ $part }`），不读取
input-workbook-same_field = 工作表 `{ $sheet }`：第 { $first_column } 列 `{ $first }` 和第 { $second_column } 列 `{ $second }` 都对应字段 { $field }
    .help = 请只保留其中一列
input-workbook-no_header = 没有哪个工作表有含申报编号的表头
    .help = 请在前 { $rows } 行内放一行表头，写字段编号或标签，其中一列表头为 { $names }；`fundpolicy template` 可生成这样的工作簿
input-workbook-orphan = { $cell }（编号 `{ $id }`）
input-workbook-no_main = 没有哪个工作表载有申报本身
input-workbook-no_application = { $sheets } 上没有这个编号的申报
input-workbook-orphan_rows = { $more ->
        [0] { $first }这一行
       *[other] { $first }等 { $count } 行（其余：{ $rest }）
    }：{ $why }
    .help = 请把编号改为申报表上已有的编号，或补上该申报（或删除这一行）
input-more_errors = 另有 { $count } 处错误，在这些字段：{ $fields }（逐条查看请用 `fundpolicy explain`）
input-unknown_document = `{ $text }` 不是本项目的申报材料；可填：{ $choices }
    .help = 请填材料编号或名称，多份材料用分号分隔
