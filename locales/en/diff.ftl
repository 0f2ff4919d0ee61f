# `fundpolicy diff`: what changed between two policy years.

## The kinds of item a programme is described as.
diff-kind-programme = programme
diff-kind-field = field
diff-kind-enum_value = enum value
diff-kind-param = parameter
diff-kind-table = table
diff-kind-check = check
diff-kind-rule = eligibility rule
diff-kind-computed = computed value
diff-kind-score_item = score item
diff-kind-scores = scores
diff-kind-award = award
diff-kind-allocation = allocation
diff-kind-flag = flag
diff-kind-document = document
diff-kind-summary_by = summary group

## The keys of an item, as a reader calls them.
diff-key-title = title
diff-key-status = status
diff-key-cite = cite
diff-key-type = type
diff-key-unit = unit
diff-key-label = label
diff-key-name = name
diff-key-help = help
diff-key-required = required
diff-key-min = minimum
diff-key-max = maximum
diff-key-aliases = aliases
diff-key-unique = unique in a batch
diff-key-open = open list (flag for unlisted values)
diff-key-source = source
diff-key-value = value
diff-key-interpretation = interpretation
diff-key-condition = condition
diff-key-field = field
diff-key-message = message
diff-key-formula = formula
diff-key-cap = cap
diff-key-max_score = max score
diff-key-round = decimal places
diff-key-order = order
diff-key-awards = awards
diff-key-quota_counts = quota counts
diff-key-quota_share = quota share
diff-key-quota_rounding = quota rounding
diff-key-quota_flag = quota flag
diff-key-quota_cite = quota cite
diff-key-quota_interpretation = quota interpretation
diff-key-demotion_condition = demotion condition
diff-key-demotion_flag = demotion flag
diff-key-demotion_cite = demotion cite
diff-key-group = group { $group }
diff-key-tier = tier { $n }
diff-key-tier-rest = tier { $n } (the rest)
diff-key-tier-label = tier { $n } label
# A key written in both languages: its Chinese text, its English text.
diff-key-in-zh = { $label } (zh)
diff-key-in-en = { $label } (en)

## Values the policy format names.
diff-type-text = text
diff-type-number = number
diff-type-money = money
diff-type-percent = percent
diff-type-bool = yes/no
diff-type-date = date
diff-type-datetime = date and time
diff-type-enum = one of a list
diff-type-credit_code = credit code
diff-type-list = list of { $item }
diff-type-records = list of records
diff-yes = yes
diff-no = no
diff-none = (none)
diff-default = default { $value }
diff-order-descending = { $formula } descending
diff-order-ascending = { $formula } ascending
diff-rounding-ceil = round up
diff-rounding-floor = round down
diff-status-draft = draft
diff-status-published = published
diff-status-superseded = superseded

## Lines.
# An item or a programme: its id, then its name.
diff-named = { $id } ({ $name })
diff-item = { $kind } { $item }
diff-item-head = { $kind } { $item }: { $value }
diff-line = { $key }: { $value }
diff-change = { $key }: { $old } → { $new }
diff-change-same-value = { $key }: { $old } → { $new } (same value, written differently)
diff-change-long = { $key }:
diff-was = was: { $value }
diff-now = now: { $value }
diff-now-same-value = now: { $value } (same value, written differently)
# A value written with a name, and what it computes to.
diff-computes-to = { $text } (= { $value })
diff-set-added = added { $items }
diff-set-removed = removed { $items }
diff-programme-removed = removed programme { $programme }
diff-programme-added = added programme { $programme }
diff-unchanged = ({ $n } unchanged)
