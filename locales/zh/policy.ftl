# 政策文件的载入与检查：policy::* 诊断的文字，以及它们引用的说法。

## 说法：诊断里提到的政策项

# 有名称的项：名称在前，id 在后。
policy-named = {$label}（{$id}）
# 一类项中的一项，如“评分项 研发投入（rd）”。
policy-item = { $kind ->
    [rule] 资格条件
    [check] 输入校验
    [field] 字段
    [score_item] 评分项
    [tier] 奖励档次
    [table] 对照表
    [param] 参数
    [computed] 计算值
    [document] 申报材料
    [group] 汇总分组
    [flag] 标记
    [programme] 项目
   *[other] {$kind}
} {$name}
# 项目文件中的一部分（YAML 键）。
policy-part = { $part ->
    [scores] 评分（`scores`）
    [allocation] 分配（`allocation`）
    [quota] 名额比例（`quota`）
    [award] 奖励（`award`）
    [demotion] 降档（`demotion`）
    [tier] 一个奖励档次
   *[other] `{$part}`
}
policy-what-rule_condition = 资格条件 {$name} 的判断式
policy-what-check = 输入校验 {$name}
policy-what-score_item = 评分项 {$name}
policy-what-score_cap = 评分项上限
policy-what-max_score = 满分（`max_score`）
policy-what-score_total = 总分
policy-what-order_key = 排序依据
policy-what-quota_condition = 名额比例的计数条件
policy-what-quota_share = 名额比例
policy-what-awards = 奖励名额
policy-what-tier_awards = 档次名额
policy-what-tier_amount = 档次金额
policy-what-demotion_condition = 降档条件
policy-what-field_bound = 字段的上下限
policy-what-param = 参数
policy-what-computed = 计算值
policy-what-flag_condition = 标记的条件
policy-what-award = 奖励金额
policy-what-award_cap = 奖励上限
policy-what-document_condition = 申报材料的条件
policy-what-group = 汇总分组
# 一串 id 太长时只列前十二个。
policy-some_ids = {$ids}，…（共 {$n} 个）

## 读取政策文件

policy-read-outside = `{$path}` 不在政策文件夹内
policy-read-failed = 无法读取 {$path}：{$reason}
policy-read-not_found = 找不到 {$path}
policy-read-link = {$path} 指向政策文件夹之外（它是指向 {$target} 的链接）；只读取政策文件夹内的文件
policy-read-not_file = {$path} 不是文件
policy-read-too_large = {$path} 太大，不像政策文件
policy-read-no_builtin = 内置政策中没有 {$path}
policy-folder-unusable = 政策文件夹 {$path} 无法使用：{$reason}
policy-folder-not_found = 不存在
policy-folder-not_folder = 政策文件夹 {$path} 不是文件夹
policy-folder-no_year = 政策文件夹 {$path} 中没有政策年份（应有如 2020/ 这样的文件夹，内有 policy.yaml）
policy-encoding-bom = {$encoding}（带 BOM）
policy-encoding-no_bom = {$encoding}（无 BOM）

## 诊断

policy-unusable = {$year}年政策无法载入
    .help = 见上面的错误
policy-unknown_year = 没有{$year}年的政策：{$reason}
    .help = 找到的政策年份：{$years}
policy-missing_file = {$reason}
    .help = 只列出本年文件夹中存在的文件
policy-extends_cycle = {$year}年继承（`extends`）{$base}年，继承关系绕回了自身
    .help = 只能继承更早的年份
policy-encoding = { $encoding ->
    [unknown] {$path} 不是 UTF-8 编码的文本{ $line ->
        [0] {""}
       *[other] （第 {$line} 行起）
    }，也看不出是哪种编码
   *[other] {$path} 的编码是 {$encoding}{ $line ->
        [0] {""}
       *[other] （第 {$line} 行起）
    }，政策文件须为 UTF-8 编码
}
    .help = 另存为 UTF-8：记事本 → 文件 → 另存为 → 编码选“UTF-8”；WPS → 文件 → 另存为 → 文件类型选“纯文本”，编码选“UTF-8”；VS Code → 点右下角的编码 → “通过编码重新打开” → {$reopen}，再点编码 → “通过编码保存” → UTF-8
policy-missing_key = { $case ->
    [programme_id] 项目文件缺少 `id`
   *[item] {$what} 缺少 `{$key}`
}
    .help = { $case ->
        [programme_id] 在文件开头加上 `id: 项目id`（如 `id: cloud-award`）
       *[item] 在这里（或它继承的文件中）加上 `{$key}:`
    }
policy-round = {$what}保留 {$places} 位小数，超出了范围
    .help = 小数位数写 0 到 20（以元计的金额用 2）
policy-count = {$value} 不能作为{$what}
    .help = {$what}写 0 或以上的整数
policy-not_constant = {$what}须为常数，不能随申报记录变化
    .help = 写一个数或金额，或只用参数计算
policy-inexact = {$what}无法精确计算
    .help = 只用数字、百分数、参数、+ - * / 以及 floor、ceil、min、max、abs 来写，每个值不超过 38 位
policy-missing_cite = {$what} 没有注明依据的通知条款
    .help = 加上 `cite:` 写明所依据的条款，如 `cite: 二（二）1`；出自其他文件的写 `source:`
policy-money_unit = { $case ->
    [none] 金额字段需要写 `unit`
   *[unknown] 未知的金额单位 `{$unit}`
}
    .help = 写 `unit: 元` 或 `unit: 万元`（与申报表所用单位一致）
policy-field_type = 未知的字段类型 `{$type}`
    .help = { $case ->
        [near] 是不是要写 `{$near}`？
       *[list] 字段类型有：{$types}
    }
policy-list_items = 列表字段 {$name} 既没有写 `of:`（简单值列表），也没有写 `fields:`（记录列表）
    .help = 加上 `of: enum` 和 `values:`，或用 `fields:` 说明每一项的字段
policy-duplicate_enum = { $case ->
    [twice] {$value} 在 {$name} 的取值中出现了两次
   *[two] `{$value}` 同时是 {$name} 的两个取值 `{$first}` 和 `{$second}` 的写法
}
    .help = 每个取值和别名只能出现一次
policy-enum_values = 枚举字段 {$name} 没有列出 `values`
    .help = 加上 `values:`，为每个允许的取值写一个 `id`
policy-duplicate_key = `{$key}` 在对照表 {$table} 中出现了两次（“{$previous}”和“{$value}”）
    .help = 每个键只能对应一个值
policy-table_coverage = 对照表 `{$table}` 缺少字段 `{$field}` 的 {$n} 个取值：{$missing}
    .help = 把它们加到 `{$table}` 的某个分组中
policy-unbounded_score = 评分项 {$name} 没有可证明的最高分：它的公式可以无限增大
    .help = 加上 `cap:`，写明评分标准规定的该项最高分
policy-score_bound = 总分最高可达 {$total}，超过满分（`max_score`）{$max}
    .help = 各项最高分：{$items}；请降低某项上限或提高满分——总分超过满分会打乱排名
policy-order_key = 排名不能按{$type}排序
    .help = 按数值、金额、文本、日期或是否排序，列表可用 `count(…)`
policy-direction = 未知的排序方向 `{$direction}`
    .help = 写 `desc`（从大到小）或 `asc`（从小到大）
policy-share = { $case ->
    [denominator] 名额比例 {$share} 的分母超过 10^18
   *[range] 名额比例是 {$share}，不在奖励名额的 0 到 1 之间
}
    .help = { $case ->
        [denominator] 用较小的数写比例，如 `1 / 3`
       *[range] 把比例写成 0 到 1 之间的分数，如 `1 / 3`
    }
policy-rounding = 未知的取整方式 `{$rounding}`
    .help = 写 `ceil`（向上取整）或 `floor`（向下取整）
policy-amount = 档次金额 {$amount}元 是负数，等于向申报单位收钱
    .help = 写奖励的金额，0 或以上
policy-last_tier_size = 最后一档写了 `size: {$size}`，但最后一档取走剩下的全部名额（共 {$awards} 个）
    .help = 删去最后一档的 `size`，或在它后面再加一档取走其余名额（`{"{"}amount: …{"}"}`）
policy-tiers = 有 {$awards} 个奖励名额，但没有任何档次说明奖励多少
    .help = 加上 `tiers:`，至少写一档 `{"{"}amount: …{"}"}`（最后一档取走其余名额）
policy-demotion = 降档是把获奖者降一档，但只有一个档次
    .help = 加上要降到的档次，或删去 `demotion`
policy-award_bound = 奖励金额可能超过上限 {$cap}元：公式的取值范围是 {$range}
    .help = 给公式加上限，如 `min(…, cap)`，让上限写进规则本身
policy-cycle = 计算值相互依赖，形成循环：{$path}
    .help = 打破循环：其中一个必须只由字段和参数算出
policy-unique = 列表字段 {$name} 不能设为 `unique`
    .help = 只把存放单个值（代码、名称、数字）的字段设为 `unique`
policy-open = {$name} 不是枚举字段：只有枚举字段可以设 `open`
    .help = 删去 `open:`，或把字段改为 `type: enum`（或列表 `of: enum`）
policy-open_flag = { $case ->
    [not_open] {$name} 写了 `flag`，但没有设 `open: true`
   *[no_flag] 开放字段 {$name} 没有写 `flag`
}
    .help = { $case ->
        [not_open] 只有取值超出开放列表时字段才会标记：加上 `open: true`，或删去 `flag:`
       *[no_flag] 加上 `flag: <id>`，并在 `flags:` 下声明该标记（写明 message 和 cite），这样取值不在列表中的申报记录会被标记给评审人员
    }
policy-item_field = {$item} 是列表 {$list} 中每一项的字段：不能设为 `unique` 或 `open`
    .help = 在记录本身的字段上设置，不要设在列表项的字段上
policy-unknown_flag = {$name} 引用的标记 `{$flag}` 没有在 `flags:` 中声明
    .help = { $case ->
        [near] 是不是要写 `{$near}`？
       *[none] {""}
    }在 `flags:` 下声明它，写明 id、message 和 cite
policy-flag_never = 标记 `{$flag}` 没有 `when`，也没有开放字段引用它：永远不会触发
    .help = 加上 `when: <条件>`，或在开放枚举字段中引用它（`open: true`、`flag: <id>`）
policy-unknown_programme = { $case ->
    [near] `{$id}` 不是所继承年份的项目
   *[remove] 无法删除 `{$id}`：没有这个项目
}
    .help = { $hint ->
        [list] 所继承年份的项目有：{$known}
       *[near] 是不是要写 `{$near}`？{ $case ->
            [near] 要修改它请写 `id: {$near}`；新项目的 id 应与继承的项目明显不同
           *[remove] {""}
        }
    }
policy-duplicate_id = `{$id}` 在这个文件中定义了两次
    .help = 每一项用自己的 id；要修改继承的项，在后一年的文件中写一次即可
policy-unknown_id = { $case ->
    [change] `{$id}` 修改的是 `{$list}` 中并未继承的一项（它没有写 {$missing}）
   *[remove] 无法删除 `{$id}`：继承的内容中没有这个 id
}
    .help = { $case ->
        [change] { $hint ->
            [near] 是不是要写 `{$near}`？要修改继承的项请写它的 id；新增的项需要写 {$missing}
           *[list] `{$list}` 中的 id 有：{$ids}；新增的项需要写 {$missing}
        }
       *[remove] { $hint ->
            [near] 是不是要写 `{$near}`？
            [empty] 这里没有继承任何可删除的项
           *[list] 这里继承的 id 有：{$ids}
        }{ $top ->
            [yes] ；评分项、奖励档次、枚举取值和对照表分组要在 `scores:`、`allocation:`、该字段或该对照表内的 `remove:` 中删除
           *[no] {""}
        }
    }
policy-near_id = `{$id}` 作为新项加入 `{$list}`，与继承的 `{$near}` 只差一个字母
    .help = 要修改 `{$near}` 请写 `id: {$near}`；如果 `{$id}` 确实是新项，可以保留这条提示
policy-ambiguous_remove = `{$id}` 是不止一类项的 id
    .help = 写明要删除哪一个：{$choices}

## `check` 的继承摘要

policy-list = { $kind ->
    [fields] 字段
    [checks] 输入校验
    [params] 参数
    [tables] 对照表
    [eligibility] 资格条件
    [computed] 计算值
    [scores_items] 评分项
    [allocation_tiers] 奖励档次
    [flags] 标记
    [documents] 申报材料
    [summary_by] 汇总分组
   *[other] {$list}
}
policy-inherit-new = 本年新增的项目（继承{$base}年的公共文件）
policy-inherit-count = {$list}{$n}项
policy-inherit-unchanged = 继承{$base}年未改动：{$counts}
policy-inherit-item = {$list} {$id}
policy-inherit-keys = {$item}（{$keys}）
policy-inherit-changes = 修改：{$items}
policy-inherit-adds = 新增：{$items}
policy-inherit-removes = 删除：{$items}
policy-inherit-none = 无
# 并列的项之间、并列的组之间。
policy-sep-item = 、
policy-sep-group = ；
policy-sep-list = ，
policy-sep-or = {" 或 "}
# The label of the total of the score items.
policy-total_score = 总分

# The code of a policies folder that cannot be used (its words are cli-policy-source-*).
policy-source = 政策文件夹无法使用
