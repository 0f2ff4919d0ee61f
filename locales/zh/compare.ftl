# `evaluate --compare`: the same applications under two policy years.

## A rule's outcome for one record.
compare-state-held = 通过
compare-state-failed = 未通过
compare-state-absent = 无此规则
compare-state-not_evaluated = 未评（记录无效）
## Why a rule may decide otherwise in the later year.
compare-why-new_rule = 新增规则
compare-why-rule_removed = 规则已删除
compare-why-condition_changed = 条件已修改
compare-why-parameter = 参数 { $parameter }：{ $before } → { $after }

compare-record = { $id }：{ $year_before }年{ $before } → { $year_after }年{ $after }；奖补 { $award_before } → { $award_after }
compare-record-scored = { $id }：{ $year_before }年{ $before } → { $year_after }年{ $after }；得分 { $score_before } → { $score_after }；奖补 { $award_before } → { $award_after }
compare-rule = { $rule }：{ $before } → { $after }
compare-invalid = { $year }年记录无效：{ $error }
compare-rule-why = { $rule }：{ $before } → { $after }（{ $why }）
compare-summary = 共{ $records }条，其中{ $changed }条在{ $year_after }年与{ $year_before }年结果不同
compare-summary-invalid = ；{ $invalid }条在两年都无效
