# The explain command: how every value of one record was computed.

explain-title = { $id } — { $title } ({ $programme })
explain-status = status: { $status }
explain-error = error: { $error }
explain-eligibility = eligibility:
# A rule or a computed value: ✓/✗/· name [cite]
explain-item = { $mark } { $name } [{ $cite }]
explain-formula = formula: { $formula }
explain-with = with { $values }
explain-not-met = → not met
explain-interpretation = interpretation: { $text }
explain-values = values:
explain-value-plain = { $name } = { $value }
explain-equals = = { $value }
explain-approx = ≈ { $value } (rounded for display; the JSON has it exactly)
explain-capped = = { $raw } → capped at { $cap } = { $value }
explain-result = result:
explain-score = score: { $score }
explain-rank = rank: { $rank }
explain-tier = tier: { $tier }
explain-awarded = awarded: { $awarded ->
        [yes] yes
       *[no] no
    }
explain-award = award: { $amount }
explain-award-rule = [{ $cite }] { $formula } capped at { $cap }
explain-flag = flag “{ $flag }”: { $reason }
explain-documents-not-checked = documents: not checked (the record does not say which it supplied)
explain-documents-not-checked-invalid = documents: not checked (the record is invalid: correct the errors above first)
explain-missing-documents = missing documents: { $documents }
explain-allocation = ranking and allocation [{ $cite }]:
explain-allocation-uncited = ranking and allocation:

## Values
value-invalid = (not readable: see the errors above)
value-not-given = (not given)
value-not-computed = (not computed)
value-yes = yes
value-no = no
value-none = (none)
value-record = ({ $values })

## Order keys
order-desc = { $key } from high to low
order-asc = { $key } from low to high

## The allocation story: rank, last award, ties, quota, demotion
story-order = order: by { $keys }; records still equal keep their input order.
story-rank = Ranked { $rank } of { $eligible } eligible { $eligible ->
        [one] application
       *[other] applications
    }.
story-mark = rank { $rank }, { $id } ({ $key } { $value })
story-last-award = { $awards ->
        [one] 1 award
       *[other] { $awards } awards
    }; the last award went to { $mark }.
story-no-awards = No record of this batch is awarded.
story-cutoff = The last place of { $tier } went to { $mark }.
story-tie = Same { $key } ({ $value }) as rank { $rank }, { $id }: { $decider } decided ({ $mine } against { $theirs }), placing this record { $place ->
        [above] above
       *[below] below
    } it.
story-tie-input = Same { $key } ({ $value }) as rank { $rank }, { $id }, and every other order key equal: the input order placed this record { $place ->
        [above] above
       *[below] below
    } it.
story-quota = Quota: at least { $need } of the awards must go to records meeting { $condition } (share { $share }); the first { $awards } by rank held { $before }, { $after } after { $swaps ->
        [one] 1 swap
       *[other] { $swaps } swaps
    }.
story-in-quota-group = This record meets the quota's condition.
story-not-in-quota-group = This record does not meet the quota's condition.
story-swapped-in = This record ranked outside the awards and was brought in by the quota.
story-swapped-out = This record ranked within the awards and gave its place to the quota.
story-demoted = Its place gave { $placed }; the demotion condition holds, so it is { $tier }.
story-outside = This record ranked outside the awards.
