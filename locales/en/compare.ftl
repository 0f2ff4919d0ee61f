# `evaluate --compare`: the same applications under two policy years.

## A rule's outcome for one record.
compare-state-held = held
compare-state-failed = failed
compare-state-absent = absent
compare-state-not_evaluated = not evaluated
## Why a rule may decide otherwise in the later year.
compare-why-new_rule = new rule
compare-why-rule_removed = rule removed
compare-why-condition_changed = condition changed
compare-why-parameter = parameter { $parameter }: { $before } → { $after }

compare-record = { $id }: { $before } { $year_before } → { $after } { $year_after }; award { $award_before } → { $award_after }
compare-record-scored = { $id }: { $before } { $year_before } → { $after } { $year_after }; score { $score_before } → { $score_after }; award { $award_before } → { $award_after }
compare-rule = { $rule }: { $before } → { $after }
compare-invalid = invalid in { $year }: { $error }
compare-rule-why = { $rule }: { $before } → { $after } ({ $why })
compare-summary = { $records ->
        [one] 1 record
       *[other] { $records } records
    }, { $changed } with a different outcome in { $year_after } than in { $year_before }
compare-summary-invalid = ; { $invalid } invalid in both years
