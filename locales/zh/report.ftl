# 评审结果的用词：表格、工作簿、JSON 中的说明文字，以及引擎写入结果的文字。

## 政策行：每份文字报告的第一行
policy-line = 政策：{ $year }年 { $source }（{ $digest }）
policy-builtin = 内置

## 状态
status-eligible = 符合条件
status-ineligible = 不符合条件
status-invalid = 无效

## 金额：万元或元，照写原值，不舍入
money-wan = { $amount }万元
money-yuan = { $amount }元

## 名称：标签在前，编号在后
named = { $label }（{ $id }）

## 分隔符
sep-list = 、
sep-reasons = ；
sep-values = ，
sep-then = ，再按

## 等级：政策未给标签时
tier-number = 第{ $n }级

## 标记
flag-quota = 名额换入
flag-demoted = 降档
flag-quota-reason = 按名额要求换入获奖补名单
flag-demoted-reason = 降一档：降档条件成立

## 数据错误
error-at-field = { $place }：{ $field }：{ $message }
error-at = { $place }：{ $message }
error-field = { $field }：{ $message }

## 终端表格
table-id = 申报编号
table-status = 状态
table-score = 得分
table-rank = 排名
table-tier = 等级
table-award = 奖补金额
table-flags = 标记
table-documents = 缺少材料
table-notes = 说明
documents-not-checked = 未核对
table-summary = 共{ $records }条：符合条件{ $eligible }条，不符合条件{ $ineligible }条，无效{ $invalid }条；获奖补{ $awarded }家，合计{ $total }。

## 结果工作簿
xlsx-results = 评审结果
xlsx-summary = 汇总
xlsx-title = { $year }年 { $title }
xlsx-id = 申报编号
xlsx-status = 状态
xlsx-score = 总分
xlsx-rank = 排名
xlsx-awarded = 是否获奖补
xlsx-tier = 等级
xlsx-award = 奖补金额（万元）
xlsx-failed-rules = 未通过的条件
xlsx-flags = 标记
xlsx-documents = 缺少的材料
xlsx-errors = 数据错误
xlsx-yes = 是
xlsx-no = 否
xlsx-applications = 申报数
xlsx-eligible = 符合条件
xlsx-ineligible = 不符合条件
xlsx-invalid = 无效
xlsx-awarded-count = 获奖补数
xlsx-awarded-summary = 获奖补
xlsx-total-award = 奖补总额（万元）
xlsx-item = 项目
xlsx-count = 数量
xlsx-none = （未定）
xlsx-policy-year = 政策年度
xlsx-policy-source = 政策来源
xlsx-policy-digest = 政策摘要（SHA-256）
xlsx-version = fundpolicy 版本
xlsx-too-many = 一个工作表最多容纳{ $max }条申报，本批有{ $n }条；请改用 `--format csv`

## 政策测试（test 命令）
test-no-cases = { $year }年没有测试用例：请在 { $year }/tests/*.yaml 中为每个项目编写政策测试
test-unmatched-filter = 没有名称或文件包含 `{ $filter }` 的测试用例

## 引擎写入结果的文字
engine-missing-value = 未填写，但{ $what }要用到此项
engine-in = { $what }：{ $message }
engine-what-check = 校验（{ $id }）
engine-what-rule = 资格条件（{ $id }）
engine-what-award = 奖补金额公式
engine-what-flag = 标记条件（{ $id }）
engine-what-document = 材料要求条件（{ $id }）
engine-what-order = 排名依据
engine-what-demotion = 降档条件
engine-what-quota = 名额条件
engine-overflow = 加上此项后总分超出可表示的最大数（±7.9 × 10²⁸）
engine-duplicate-id = 申报编号 `{ $id }` 重复（与第{ $n }条相同）
engine-unique = { $label } `{ $value }` 已由申报 `{ $first }`（第{ $n }条）填报：同一{ $label }在一批申报中只能申报一次

## JUnit 报告（test --format junit）中的用例名与错误
junit-policy = 政策
junit-test-cases = 测试用例
junit-test-file = 测试文件
junit-error = 错误[{ $code }]：{ $message }
