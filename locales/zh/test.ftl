# `fundpolicy test`: policy test cases, their failures and the coverage report.

## A case's outcome against what it expects.
test-record = 记录 { $id }：{ $failure }
test-status = 状态（status）应为 { $expected }，实为 { $actual }（{ $why }）
test-status-failed-rules = 未通过规则 { $rules }
test-key-failed_rules = 未通过的规则（failed_rules）
test-key-flags = 标记（flags）
test-key-missing_documents = 缺少的材料（missing_documents）
test-key-errors = 出错字段（errors）
test-list = { $key }应为 [{ $expected }]，实为 [{ $actual }]
test-score-item = 评分项 { $item } 应为 { $expected }，实为 { $actual }
test-score = 总分（score）应为 { $expected }，实为 { $actual }
test-award = 奖补金额（award）应为 { $expected }，实为 { $actual }
# An expected amount, and how the test file writes it.
test-as-written = { $value }（写作 { $written }）
test-rank = 排名（rank）应为 { $expected }，实为 { $actual }
test-tier = 档次（tier）应为 { $expected }，实为 { $actual }
test-awarded = 是否获得奖补（awarded）应为 { $expected }，实为 { $actual }
test-true = 是（true）
test-false = 否（false）
test-null = 无

## Mistakes in a test file.
test-expect-not-map = `expect` 应写成“键: 值”的映射
test-bad-status = `status` 只能写 eligible、ineligible 或 invalid，这里写的是 { $value }
test-bad-list = `{ $key }` 应写成编号列表，例如 [a, b]，这里写的是 { $value }
test-bad-scores = `scores` 应写成“评分项编号: 分数”的映射，这里写的是 { $value }
test-bad-score-value = 评分项 { $item } 的期望值 `{ $value }` 不是数字
test-bad-whole = `{ $key }` 应为整数或 null，这里写的是 { $value }
test-bad-awarded = `awarded` 只能写 true 或 false，这里写的是 { $value }
test-bad-tolerance = `tolerance` 应为数字，这里写的是 { $value }
test-unknown-expectation = 无法识别的期望项 `{ $key }`
test-unknown-expectation-hint = 无法识别的期望项 `{ $key }`（是否应为 `{ $hint }`？）
test-no-expect = 用例缺少 `expect`：写出它要求的结果
test-no-records = 用例须有 `record`、`batch` 或 `generate` 之一
test-no-record-in-batch = 这批记录中没有编号为 `{ $id }` 的记录
test-generate-no-count = `generate` 缺少 `count`
test-generate-bad-count = `generate` 的 `count` 写的是 `{ $count }`：应为整数
test-generate-too-many = `generate` 的 `count` 是 { $count }；一个用例最多生成 { $max } 条记录（大批记录请用 `fundpolicy evaluate` 评估）
test-generate-no-id = `generate` 缺少 `id` 模式，例如 "T{"{"}n:03{"}"}"
test-generate-bad-width = `generate` 的 `id` 模式 `{ $pattern }`：写 `{"{"}n{"}"}`，或带宽度的 `{"{"}n:03{"}"}`
test-unnamed = （未命名）

## Test files that cannot be used.
test-problem = { $file }：{ $message }
test-problem-no-programme = { $file }：没有写 `programme:`（用例所属的项目）
test-problem-unknown-programme = { $file }：{ $year }年没有项目 `{ $programme }`
test-problem-no-cases = { $file }：没有 `cases:`

## The text report.
test-case-ok = 通过  { $place }  { $programme } — { $name }
test-case-failed = 失败  { $place }  { $programme } — { $name }
test-fail = 失败  { $problem }
test-tally = 通过 { $passed } 个，失败 { $failed } 个

## Coverage.
test-coverage-rules = 规则（成立次数 / 不成立次数）：
test-coverage-both-sides = 两种情况都已测到
test-coverage-never-fails = 测试中从未不成立
test-coverage-never-holds = 测试中从未成立
test-coverage-not-tested = 未测试
test-coverage-branches = 比较和分支：
test-coverage-comparison = 比较
test-coverage-if = 条件分支
test-coverage-only-then = 只走过 `then`
test-coverage-only-else = 只走过 `else`
test-coverage-only-true = 只为真
test-coverage-only-false = 只为假
test-coverage-caps = 封顶（达到封顶 / 未达到）：
test-coverage-cap-both = 两种情况都已测到
test-coverage-cap-only-bound = 只测到达到封顶
test-coverage-cap-never-reached = 从未达到封顶
test-coverage-every-clause = 引用的每条条款都有测试
test-coverage-untested = 没有测试的条款：{ $clauses }
