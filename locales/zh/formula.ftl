# 公式语言：读入（parse.rs 的 `formula::*`）、检查（check.rs）、编译（compile.rs）、计算
# （eval.rs 的 `eval::*`），类型的名称，以及中文输入法代替半角字符打出的全角字符
# （fullwidth.rs，yaml.rs 也用）。

## 类型的名称（英文分单复数，中文相同）。

type-number = 数值
type-numbers = 数值
type-money = 金额
type-moneys = 金额
type-bool = 条件
type-bools = 条件
type-text = 文本
type-texts = 文本
type-date = 日期
type-dates = 日期
type-datetime = 日期时间
type-datetimes = 日期时间
type-record = 带字段的列表项
type-records = 带字段的列表项
type-any = 任意值
type-list = { $items }列表
type-lists = { $items }列表
type-list-any = 列表
type-lists-any = 列表

## 读入公式（parse.rs）。

formula-syntax = 公式写法有误：{ $found }
    .help = 这里应是{ $expected }
formula-syntax-check = 检查这里前后的括号和运算符
formula-found-char = 这里不该出现 `{ $char }`
formula-found-end = 公式没写完就结束了
formula-found-unclosed_string = 引号里的文字没有闭合
formula-found-not_a_date = `{ $text }` 不是日历上的日期
formula-found-not_a_datetime = `{ $text }` 不是有效的日期时间
formula-found-not_binder = 这里应写 `名称 in 列表`
formula-found-not_name = 这里应写一个名称
formula-expected-value = 一个值
formula-expected-end = 公式结尾
formula-expected-member = `.field`（字段）
formula-expected-name = 名称
formula-expected-logic = `and`/`or`
formula-expected-operator = 运算符
formula-expected-comparison = 比较符号
formula-expected-in = `in`
formula-expected-unit = 单位（元、万元、亿元）
formula-expected-number = 数字
formula-expected-closing_quote = 结束的引号
formula-expected-closing_dq = 结束的 `"`
formula-expected-closing_bracket = 右括号
formula-expected-money_unit = 金额单位：元、万元或亿元
formula-expected-ascii_name = 由英文字母、数字和 `_` 组成的名称（如 revenue_2019）；中文只能写在标签和引号内的文字里
formula-expected-date = 日期，格式 YYYY-MM-DD
formula-expected-datetime = 日期时间，格式 YYYY-MM-DDTHH:MM
formula-expected-binder = `:` 前面的 `x in list`
formula-expected-binder_name = 代表每一项的名称，如 `sum(l in loans: l.principal)` 里的 `l`
# 把几项连起来：“甲、乙或丙”。
formula-list-or = { $init }或{ $last }
formula-list-separator = 、
formula-too_deep = 公式嵌套超过 { $limit } 层
    .help = 把公式拆成几个有名称的计算值，每个都不要嵌套太深
    .label = 从这里起嵌套过深
formula-bad_number = 数字 `{ $text }` 超出了能精确表示的范围
    .help = 数字最多 28 位有效数字；金额请带单位书写（万元、亿元）
    .label = 这个数字
formula-empty = 公式是空的
    .help = 写一个表达式，例如 `revenue_2019 <= 3亿元`
formula-full_width = 公式里有全角字符，这里应为半角字符
    .help = 公式里的符号、数字和引号都要用半角（英文输入法）；只有 `（`、`）`、`，` 可以照写，按 `(`、`)`、`,` 读，全角空格按空格读

## 检查公式（check.rs）。

formula-this_is = 这里是{ $type }
formula-type = { $type }
formula-did_you_mean = 是不是要写 `{ $suggestion }`？
formula-wrong_type = { $what }应为{ $want }，这个公式得出的却是{ $type }
    .help = 把公式改为得出{ $want }（{ $what }）
formula-wrong_type-money = { $what }应为{ $want }，这个公式得出的却是{ $type }
    .help = { $what }是金额：乘以单位，例如 `(…) * 1万元`
formula-wrong_type-condition = { $what }应为{ $want }，这个公式得出的却是{ $type }
    .help = { $what }应是一个条件：把值拿来比较，例如 `… >= 10万元`
formula-type_mismatch = `{ $op }` 不能把{ $left }和{ $right }放在一起运算
    .help = 两边要是同一类值
formula-type_mismatch-list = 一个列表只能放同一类值，这里混有{ $first }和{ $type }
    .help = 让列表的每一项都是同一类值
formula-table_as_value = `{ $name }` 是查找表，不是一个值
    .help = 用键在表里查：`lookup({ $name }, key)`
formula-table_as_value-label = 查找表
formula-unknown_name = 不认识的名称 `{ $name }`
    .help = 只能用本项目的字段、参数、查找表或计算值
formula-unknown_name-label = 不认识的名称
formula-not_a_record = `.{ $field }` 要用在带字段的列表项上，这里却是{ $type }
    .help = 字段通过汇总函数的变量读取，例如 `sum(l in loans: l.principal)`
formula-unknown_name-member = 列表项没有字段 `{ $field }`
    .help = 列表项的字段有：{ $fields }
formula-unknown_name-member-label = 不是列表项的字段
formula-type_mismatch-negate = { $type }不能取负
    .help = 只有数值和金额有正负
formula-type_mismatch-not = `not` 后面要跟条件，这里却是{ $type }
    .help = 先比较，例如 `not (x > 0)`
formula-type_mismatch-logic = `{ $op }` 连接的是条件，这里却是{ $type }
    .help = 先比较，例如 `x > 0`
formula-type_mismatch-in = `{ $op }` 在{ $list }里找{ $type }
    .help = 只能在同一类值里查找
formula-type_mismatch-in_list = `{ $op }` 右边要是列表，这里却是{ $type }
    .help = 写一个列表，例如 `x in ["a", "b"]`，或用列表字段
formula-type_mismatch-order = `{ $op }` 只能比较数值、金额和日期，不能比较{ $types }
    .help = 文本和条件用 `=` 或 `!=` 比较
formula-money_times_money = 金额乘以金额没有意义
    .help = 一边应为数值或比率，例如 `principal * 50%`
formula-type_mismatch-multiply = 不能用{ $left }乘以{ $right }
    .help = 只能数值相乘，或金额乘以数值
formula-type_mismatch-divide = 不能用{ $left }除以{ $right }
    .help = 只能数值相除、金额除以数值，或金额除以金额
formula-bool_arithmetic = 条件不能参与算术运算（`{ $op }`）
    .help = 用 `if … then 1 else 0` 把它变成数值
formula-bool_arithmetic-label = 这里是条件（是或否）
formula-unit_mismatch = `{ $op }` 一边是金额，一边是没有单位的数值
    .help = 给数值加上单位：乘以 1元 或 1万元；或把金额除以 1万元，按万元数比较
formula-unit_mismatch-plain = 数值，没有单位
formula-unit_mismatch-money = 金额（元）
formula-money_hint = 是不是要写 { $number }万元？（或 { $number }元）
formula-type_mismatch-if = `if` 后面要跟条件，这里却是{ $type }
    .help = 先比较，例如 `if x > 0 then …`
formula-type_mismatch-branches = `if` 的两个分支分别得出{ $then }和{ $else }
    .help = 两个分支要得出同一类值
formula-arity = `{ $name }` 需要{ $wanted }，这里给了 { $got } 个
    .help = 应写成 { $usage }
formula-arity-label = 这里有 { $got } 个参数
formula-takes-one_field = 一个字段
formula-takes-clamp = 三个参数（值、下限、上限）
formula-takes-two_or_more = 至少两个参数
formula-takes-round = 两个参数（值、小数位数）
formula-takes-one = 一个参数
formula-takes-list = 一个列表，或写成 `(x in list: …)`
formula-takes-aggregate = `(x in list: …)` 形式的参数
formula-takes-lookup = 两个参数（查找表、键）
formula-type_mismatch-given = `given` 判断一个字段是否填写，括号里要写字段名
    .help = 例如 `given(requested_funding)`
formula-type_mismatch-given-label = 不是字段
formula-unknown_function = 不认识的函数 `{ $name }`
    .help = 可用的函数：{ $functions }
formula-unknown_function-label = 不是函数
formula-type_mismatch-arguments = `{ $name }` 的参数混有{ $first }和{ $type }
    .help = 每个参数都要是同一类值
formula-type_mismatch-extreme = `{ $name }` 只能比较数值、金额或日期，不能比较{ $types }
    .help = 参数要是数值、金额或日期
formula-round_digits = `round` 的小数位数要直接写成 0 到 20 的整数
    .help = 例如保留两位小数写 `round(x, 2)`
formula-round_digits-label = 不是 0 到 20 的整数
formula-type_mismatch-needs_list = `{ $name }` 要用在列表上，这里却是{ $type }
    .help = 给它一个列表字段，或写成 `sum(x in list: …)`
formula-type_mismatch-sum_list = `sum` 只能加总数值或金额，不能加总{ $types }
    .help = 要加总每一项的某个字段，写成 `sum(x in list: x.amount)`
formula-type_mismatch-list_extreme = 对列表用 `{ $name }` 时，列表要由数值、金额或日期组成
    .help = 写成 `{ $name }(x in list: x.field)`
formula-type_mismatch-numeric = `{ $name }` 要用在数值或金额上，这里却是{ $type }
    .help = 参数要是数值或金额
formula-not_a_table = `lookup` 的第一个参数要是查找表的名称
    .help = 写成 `lookup(table_name, key)`
formula-not_a_table-label = 不是查找表名称
formula-type_mismatch-lookup_key = 查找表 `{ $table }` 的键是{ $keys }，这个键却是{ $type }
    .help = 用与表的键同一类的值查找
formula-not_a_table-value = `{ $name }` 不是查找表
    .help = `lookup` 的第一个参数要是查找表的名称
formula-not_a_table-value-label = 是值，不是查找表
formula-unknown_name-table = 不认识的查找表 `{ $name }`
    .help = 先在 `tables:` 下定义这个表
formula-unknown_name-table-label = 不认识的查找表
formula-unknown_function-aggregate = `{ $name }` 不能用 `{ $var } in …:` 遍历列表
    .help = 能遍历列表的函数：{ $aggregates }
formula-unknown_function-aggregate-label = 不是汇总函数
formula-type_mismatch-aggregate_list = `{ $name }` 要遍历列表，这里却是{ $type }
    .help = 给它一个列表字段
formula-type_mismatch-aggregate_condition = `{ $name }` 要对每一项给出条件，这里却是{ $type }
    .help = 例如写成 `{ $name }({ $var } in …: { $var }.amount > 0)`
formula-type_mismatch-sum_body = `sum` 只能加总数值或金额，这里却是{ $type }
    .help = 每一项都要给出数值或金额
formula-type_mismatch-extreme_body = `{ $name }` 只能比较数值、金额或日期，这里却是{ $type }
    .help = 每一项都要给出数值、金额或日期

## 公式里的金额

formula-amount_overflow = 金额 `{ $amount }` 换算成元后太大，超出了能精确计算的范围
    .help = 金额换算成元后最多 28 位有效数字（约 7.9 亿亿亿元）；检查是否多写了位数，或单位写错
formula-amount_overflow-label = 太大

## 对一条申报记录计算公式（eval.rs）。

eval-label = 在这里计算
eval-overflow = { $a } { $op } { $b } 的结果太大，无法精确计算
    .help = 数值超过 28 位有效数字：检查输入是否写错了单位
eval-overflow-round = 对 { $a } 取整的结果太大，无法精确计算
    .help = 数值超过 28 位有效数字：检查输入是否写错了单位
eval-type = 意外的值：{ $what }
    .help = 公式通过了检查，计算时却遇到另一类值：请连同这条申报记录报告此问题
eval-slot = 第 { $slot } 个计算值不在计算环境中
    .help = 公式是为另一个项目编译的，却用来计算本项目：请报告此问题
eval-slot-local = 第 { $slot } 个汇总变量不在计算环境中
    .help = 公式是为另一个项目编译的，却用来计算本项目：请报告此问题
eval-missing_value = 没有填写这个值
    .help = 申报记录没有填这个字段；如果它是选填的，先用 `given(field)` 判断
eval-missing_value-needed = 这里需要的值没有填写
    .help = 申报记录没有填一个选填字段：先用 `given(field)` 判断
eval-lookup_failed = 查找表里没有 { $key } 这一项
    .help = 在政策的查找表里加上这个键，或检查申报记录里的值
eval-division_by_zero = 除数为零：{ $a } / { $b }
    .help = 先判断除数，例如 `if total = 0 then 0 else part / total`
eval-empty_list = 空列表没有最小值或最大值
    .help = 先用 `count(list) > 0` 判断

## 全角字符（fullwidth.rs）：名称，以及应改用的半角字符。

fullwidth-colon = 全角冒号
fullwidth-comma = 全角逗号
fullwidth-open_paren = 全角左括号
fullwidth-close_paren = 全角右括号
fullwidth-open_bracket = 全角左方括号
fullwidth-close_bracket = 全角右方括号
fullwidth-double_quote = 中文双引号
fullwidth-single_quote = 中文单引号
fullwidth-space = 全角空格
fullwidth-digit = 全角数字
fullwidth-plus = 全角加号
fullwidth-minus = 全角减号
fullwidth-asterisk = 全角星号
fullwidth-slash = 全角斜杠
fullwidth-equals = 全角等号
fullwidth-less = 全角小于号
fullwidth-greater = 全角大于号
fullwidth-percent = 全角百分号
fullwidth-full_stop = 全角句点
fullwidth-exclamation = 全角感叹号
fullwidth-message = `{ $found }` 是{ $name }：请改用半角的 `{ $ascii }`（切换到英文输入法再输入）
fullwidth-message-space = 这里是全角空格：请改用半角空格（切换到英文输入法再输入；缩进只能用半角空格）
fullwidth-label = { $name }，应为 `{ $ascii }`
fullwidth-label-space = 全角空格，应为半角空格

## 所有诊断共用（diag.rs）。

# 消息里回显的长值：前面一段和总长度。
echo-cut = { $shown }…（共 { $count } 个字符）

formula-unknown_value = `{ $text }` 不是 `{ $field }` 可能的取值
    .help = 公式里只能写字段 `values` 下的 id 或查找表里有的值
formula-unknown_value-label = 不会出现的取值
formula-unknown_value-spelling = `{ $text }` 是 `{ $id }` 的别名或中文名；申报里的别名在读入时已换成 id，公式里请写 `{ $id }`
formula-unknown_value-values = 可能的取值是：{ $values }；若要新增，先加到字段的 `values` 或查找表里
