# `fundpolicy verify`（report/verify.rs）：读回已发布的结果，与重新评审的结果比较（`verify::*`）。

verify-in_file = { $file }：{ $message }
verify-not_results = 不是评审结果：{ $reason }
    .help = 给出 `fundpolicy evaluate --format json` 写出的结果文件
verify-reason-io-not_found = 文件不存在
verify-reason-io-denied = 没有读取这个文件的权限
verify-reason-io = 无法读取（`{ $detail }`）
verify-reason-syntax = 第 { $line } 行第 { $column } 列不是有效的 JSON（`{ $detail }`）
verify-reason-data = 第 { $line } 行第 { $column } 列的内容不符合评审结果的格式（`{ $detail }`）
verify-reason-twice = 键 `{ $key }` 出现了两次
verify-reason-no_id = 第 { $n } 条结果没有 `id`
verify-reason-no_results = 没有 `results` 列表
verify-reason-inputs = `inputs` 列表的格式不是 [{"{"}file, sha256, records{"}"}]（`{ $detail }`）
verify-no_policy = 结果没有 `policy` 对象，无法得知它按哪一版政策计算
    .help = 只能核验带有 `policy` 对象（年度、项目、摘要）的结果：用当前版本的 `fundpolicy evaluate --format json` 重新生成
verify-no_policy-incomplete = `policy` 对象缺少 year、programme 或 digest
    .help = 只能核验带有 `policy` 对象（年度、项目、摘要）的结果：用当前版本的 `fundpolicy evaluate --format json` 重新生成
verify-inconsistent = 结果顶层写的是年度 { $top_year }、项目 { $top_programme }，其 `policy` 对象写的是年度 { $year }、项目 "{ $programme }"：无法确定它们按哪项政策计算
    .help = 结果文件经过改动：用 `fundpolicy evaluate --format json` 写出的原文件核验
verify-absent = （缺）
verify-policy_changed = 政策在这些结果之后有了改动：结果按 { $then } 的{ $year }年政策 { $published } 计算，{ $here } 中的{ $year }年政策现在是 { $now }
    .help = 用计算这些结果时的政策文件夹核验（--policies），或重新评审并发布新结果
verify-source-unstated = （未注明来源）
verify-note-unknown_keys = 注意：结果中的这些键本版本不认识，未核验：{ $keys }
verify-input-print = sha256 { $sha256 }，{ $records }条
verify-input-unrecorded = 警告：结果没有 `inputs` 列表，无法核对它们由哪些输入文件算出
verify-input-changed = 警告：输入 { $file } 不是结果所用的文件：结果中为 { $published }，现在为 { $now }
verify-input-missing = 警告：输入 { $file }（{ $print }）在结果中，但没有给出
verify-input-extra = 警告：给出的输入 { $file }（{ $print }）不在结果中
verify-summary-id = 汇总
# 差异行里的结果键：先写名称，括号里是键。
verify-labelled = { $label }（{ $field }）
verify-field-status = 状态
verify-field-failed_rules = 未通过的条件
verify-field-errors = 数据错误
verify-field-scores = 分项得分
verify-field-score = 总分
verify-field-rank = 排名
verify-field-awarded = 是否获奖补
verify-field-tier = 等级
verify-field-award = 奖补金额
verify-field-flags = 标记
verify-field-missing_documents = 缺少的材料
verify-field-records = 申报数
verify-field-eligible = 符合条件
verify-field-ineligible = 不符合条件
verify-field-invalid = 无效
verify-field-total_award = 奖补总额
verify-difference = { $id }：{ $field } { $published } → { $now }
verify-only_published = { $id }：在结果中，输入中没有
verify-only_inputs = { $id }：在输入中，结果中没有
verify-match = 一致：{ $n }条结果全部与重新评审相同
verify-different = 不一致：核对{ $n }条，{ $differ }条不同，{ $published }条只在结果中，{ $inputs }条只在输入中{ $summary ->
        [yes] ，汇总不同
       *[no] {""}
    }
