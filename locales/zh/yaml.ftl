# 读取 YAML（yaml.rs）：把 saphyr 的报错说成平实的话（`yaml::invalid`），`.help` 是该怎么改；
# 帮助后面附上 saphyr 的原文，供需要细节的人查看。

# 解析器原文是英文，对中文用户没有帮助，这里不显示（选择表达式只为与英文版参数一致）。
yaml-detail = { $help }{ $original ->
       *[other] {""}
    }
yaml-invalid = 这里的 YAML 写法有误
    .help = 在标出的位置改正（缩进、缺少的 `:` 或引号）
yaml-invalid-tab = 这里有一个制表符（Tab 键）：YAML 只能用空格缩进，也不能在值里直接用 Tab
    .help = 把 Tab 换成空格（编辑器里可设置“用空格代替 Tab”）
yaml-invalid-missing_colon = 这一行的键后面缺少半角冒号 `:`：应写成 `键: 值`（冒号后留一个空格）
    .help = 在标出的位置改正（缩进、缺少的 `:` 或引号）
yaml-invalid-braces = 花括号 `{"{"} … {"}"}` 里的各项要用半角逗号 `,` 分隔，并以 `{"}"}` 结束
    .help = 在标出的位置改正（缩进、缺少的 `:` 或引号）
yaml-invalid-brackets = 方括号 `[ … ]` 里的各项要用半角逗号 `,` 分隔，并以 `]` 结束
    .help = 在标出的位置改正（缩进、缺少的 `:` 或引号）
yaml-invalid-colon_here = 这里不该出现冒号 `:`：要么这一行的缩进与上面的键没有对齐，要么值里含有 `: `（如公式），需要加引号
    .help = 含有 `: ` 的值（如 `sum(l in loans: l.principal)`）要加引号，或写在 `>-` 之后的下一行
yaml-invalid-colon_placement = 冒号 `:` 的位置不对：检查上面的括号 `[ ]`、`{"{"} {"}"}` 是否都已闭合
    .help = 在标出的位置改正（缩进、缺少的 `:` 或引号）
yaml-invalid-unclosed_quote = 引号没有闭合：在值的末尾补上同样的引号
    .help = 在标出的位置改正（缩进、缺少的 `:` 或引号）
yaml-invalid-unclosed_bracket = 括号没有闭合：补上对应的 `{"}"}` 或 `]`
    .help = 在标出的位置改正（缩进、缺少的 `:` 或引号）
yaml-invalid-trailing = 引号结束后还有文字：把整个值放在一对引号里
    .help = 在标出的位置改正（缩进、缺少的 `:` 或引号）
yaml-invalid-expected_key = 这里应是 `键: 值` 的形式：检查缩进和上一行
    .help = 在标出的位置改正（缩进、缺少的 `:` 或引号）
yaml-invalid-list_item = 列表项 `- ` 的缩进不对：同一列表的各项要对齐
    .help = 在标出的位置改正（缩进、缺少的 `:` 或引号）
yaml-invalid-duplicate_key = 键 `{ $key }` 在同一层里出现了两次
    .help = 删除或改名其中一个
yaml-invalid-duplicate = 同一层里这个键出现了两次
    .help = 删除或改名其中一个
yaml-invalid-merge = 政策文件不允许合并键 `<<`
    .help = 把这些键逐一写出来
yaml-invalid-too_big = 文件嵌套太深或太大，不能作为政策文件或申报文件
    .help = 拆分文件，或去掉锚点 `&` 和别名 `*`
yaml-invalid-whole_number = 这里应写一个整数（半角数字，如 2020）
    .help = 在标出的位置改正（缩进、缺少的 `:` 或引号）
yaml-invalid-wrong_kind = 这里的值类型不对（例如应为列表却写了文字，或应为数字却写了文字）
    .help = 在标出的位置改正（缩进、缺少的 `:` 或引号）
yaml-unknown_key = 不认识的键 `{ $key }`；这里可用的键：{ $allowed }
    .help = 这里可用的键：{ $allowed }
yaml-unknown_key-formula = 这像是在逗号处被截断的公式：在 `{"{"} … {"}"}` 里，含逗号的公式要加引号，例如 formula: 'min(a, b)'
yaml-did_you_mean = 是不是要写 `{ $suggestion }`？
yaml-too_large = 文件大于 { $mib } MiB
    .help = 把它拆成几个文件
yaml-invalid-missing_key = 这一项缺少键 `{ $key }`
    .help = 在这一项里加上 `{ $key }: …`
yaml-invalid-unknown_value = `{ $value }` 不是这里可用的值；可用的值：{ $allowed }
    .help = 改写成可用的值之一
