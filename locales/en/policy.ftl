# Loading and checking policy files: the words of the policy::* diagnostics, and the phrases
# they name policy items by.

## Phrases: the items a diagnostic names

# An item with a label: the label first, the id after.
policy-named = {$label} (`{$id}`)
# One item of a kind, e.g. "score item `rd`".
policy-item = { $kind ->
    [rule] eligibility rule
    [check] check
    [field] field
    [score_item] score item
    [tier] tier
    [table] table
    [param] parameter
    [computed] computed value
    [document] document
    [group] summary group
    [flag] flag
    [programme] programme
   *[other] {$kind}
} {$name}
# A part of a programme file (its YAML key).
policy-part = { $part ->
    [tier] a tier
   *[other] {$part}
}
policy-what-rule_condition = the condition of eligibility rule {$name}
policy-what-check = the check {$name}
policy-what-score_item = score item {$name}
policy-what-score_cap = a score cap
policy-what-max_score = max_score
policy-what-score_total = the score total
policy-what-order_key = an ordering key
policy-what-quota_condition = the quota's condition
policy-what-quota_share = the quota's share
policy-what-awards = awards
policy-what-tier_awards = awards in a tier
policy-what-tier_amount = a tier amount
policy-what-demotion_condition = the demotion condition
policy-what-field_bound = a field bound
policy-what-param = a parameter
policy-what-computed = a computed value
policy-what-flag_condition = a flag's condition
policy-what-award = the award
policy-what-award_cap = the award cap
policy-what-document_condition = a document's condition
policy-what-group = a summary group
# A long list of ids: the first dozen.
policy-some_ids = {$ids}, … ({$n} in all)

## Reading policy files

policy-read-outside = `{$path}` leaves the policies folder
policy-read-failed = cannot read {$path}: {$reason}
policy-read-not_found = cannot read {$path}: it does not exist
policy-read-link = {$path} leads outside the policies folder (it is a link to {$target}); policy files are read only inside it
policy-read-not_file = {$path} is not a file
policy-read-too_large = {$path} is too large for a policy file
policy-read-no_builtin = no built-in policy file {$path}
policy-folder-unusable = the policies folder {$path} cannot be used: {$reason}
policy-folder-not_found = it does not exist
policy-folder-not_folder = the policies folder {$path} is not a folder
policy-folder-no_year = the policies folder {$path} holds no policy year (a folder such as 2020/ with a policy.yaml)
policy-encoding-bom = {$encoding} (with BOM)
policy-encoding-no_bom = {$encoding} (without BOM)

## Diagnostics

policy-unusable = the {$year} policy could not be loaded
    .help = see the errors above
policy-unknown_year = no policy for {$year}: {$reason}
    .help = the policy years found are: {$years}
policy-missing_file = {$reason}
    .help = list files that exist in the year folder
policy-extends_cycle = {$year} extends {$base}, which leads back to itself
    .help = a year may extend an earlier year only
policy-encoding = { $encoding ->
    [unknown] {$path} is not UTF-8 text{ $line ->
        [0] {""}
       *[other] {" "}(from line {$line})
    }, nor any encoding it could be told to be
   *[other] {$path} is encoded as {$encoding}{ $line ->
        [0] {""}
       *[other] {" "}(from line {$line})
    }; policy files must be UTF-8
}
    .help = save it as UTF-8: Notepad → File → Save As → Encoding "UTF-8"; WPS → File → Save As → type "Plain text", encoding "UTF-8"; VS Code → click the encoding in the status bar → Reopen with Encoding → {$reopen}, then click it again → Save with Encoding → UTF-8
policy-missing_key = { $case ->
    [programme_id] a programme file needs an `id`
   *[item] {$what} has no `{$key}`
}
    .help = { $case ->
        [programme_id] add `id: programme-name` at the top
       *[item] add `{$key}:` to it (here, or in a file it inherits from)
    }
policy-round = {$what} is rounded to {$places} decimal places
    .help = write 0 to 20 decimal places (amounts in yuan use 2)
policy-count = {$value} is not a number of {$what}
    .help = write how many {$what} as a whole number, 0 or more
policy-not_constant = {$what} must be a constant, not depend on a record
    .help = write a number or amount, or use parameters only
policy-inexact = {$what} cannot be computed exactly
    .help = write it with numbers, percentages, parameters, + - * / and floor, ceil, min, max or abs, each value under 38 digits
policy-missing_cite = {$what} cites no clause of the notice
    .help = add `cite:` with the clause it encodes, e.g. `cite: 二（二）1`, or `source:` for another document
policy-money_unit = { $case ->
    [none] a money field needs a `unit`
   *[unknown] unknown money unit `{$unit}`
}
    .help = write `unit: 元` or `unit: 万元` (the unit the application form uses)
policy-field_type = unknown field type `{$type}`
    .help = { $case ->
        [near] did you mean `{$near}`?
       *[list] the field types are: {$types}
    }
policy-list_items = list field {$name} says neither `of:` (plain items) nor `fields:` (record items)
    .help = add `of: enum` with `values:`, or `fields:` describing each item
policy-duplicate_enum = { $case ->
    [twice] {$value} is listed twice in {$name}
   *[two] `{$value}` names two values of {$name}: `{$first}` and `{$second}`
}
    .help = each value and alias may appear once
policy-enum_values = enum field {$name} lists no `values`
    .help = add `values:` with an `id` for each allowed value
policy-duplicate_key = `{$key}` is in table {$table} twice ("{$previous}" and "{$value}")
    .help = each key may map to one value
policy-table_coverage = table `{$table}` has no entry for { $n ->
        [one] 1 value
       *[other] {$n} values
    } of `{$field}`: {$missing}
    .help = add them to a group of `{$table}`
policy-unbounded_score = score item {$name} has no proven maximum: its formula can grow without limit
    .help = add `cap:` with the most the item may give, as the scoring standard states it
policy-score_bound = the total can reach {$total}, more than max_score {$max}
    .help = items: {$items}; lower a cap or raise max_score — a total above the maximum reorders the ranking
policy-order_key = the ranking cannot be ordered by {$type}
    .help = order by a number, an amount, a text, a date or a yes/no, e.g. `count(…)` of a list
policy-direction = unknown direction `{$direction}`
    .help = write `desc` (largest first) or `asc`
policy-share = { $case ->
    [denominator] the quota's share {$share} has a denominator over 10^18
   *[range] the quota's share is {$share}, not a part of the awards
}
    .help = { $case ->
        [denominator] write the share as a fraction of smaller numbers, e.g. `1 / 3`
       *[range] write the share as a fraction from 0 to 1, e.g. `1 / 3`
    }
policy-rounding = unknown rounding `{$rounding}`
    .help = write `ceil` or `floor`
policy-amount = a tier amount of {$amount}元 takes money from its applicants
    .help = write the amount awarded, 0 or more
policy-last_tier_size = the last tier states `size: {$size}`, but the last tier takes every award left ({$awards} awards in all)
    .help = remove `size` from the last tier, or add the tier that takes the rest after it (`{"{"}amount: …{"}"}`)
policy-tiers = {$awards} awards but no tier says what an award is
    .help = add `tiers:` with at least one `{"{"}amount: …{"}"}` (the last tier takes the rest)
policy-demotion = a demotion moves an awardee down one tier, but there is only one tier
    .help = add the tier it moves to, or remove `demotion`
policy-award_bound = the award can exceed its cap of {$cap}元: its formula ranges over {$range}
    .help = bound the formula, e.g. `min(…, cap)`, so the cap is part of the rule as written
policy-cycle = computed values depend on each other in a circle: {$path}
    .help = break the circle: one of them must be computed from fields and parameters only
policy-unique = list field {$name} cannot be `unique`
    .help = mark a field holding one value (a code, a name, a number) as unique
policy-open = {$name} is not an enum: only enums can be `open`
    .help = remove `open:`, or make the field `type: enum` (or a list `of: enum`)
policy-open_flag = { $case ->
    [not_open] {$name} has a `flag` but is not `open: true`
   *[no_flag] open field {$name} names no `flag`
}
    .help = { $case ->
        [not_open] a field raises a flag only for values outside an open list: add `open: true` or remove `flag:`
       *[no_flag] add `flag: <id>` and declare that flag under `flags:` with its message and cite, so a record giving a value outside the list is flagged for the reviewer
    }
policy-item_field = {$item} is a field of the items of {$list}: it cannot be `unique` or `open`
    .help = mark fields of the record itself, not of its list items
policy-unknown_flag = {$name} names the flag `{$flag}`, which `flags:` does not declare
    .help = { $case ->
        [near] did you mean `{$near}`?{" "}
       *[none] {""}
    }declare it under `flags:` with an id, a message and a cite
policy-flag_never = flag `{$flag}` has no `when` and no open field names it: it is never raised
    .help = add `when: <condition>`, or name it from an open enum field (`open: true`, `flag: <id>`)
policy-unknown_programme = { $case ->
    [near] `{$id}` is not a programme of the year extended
   *[remove] cannot remove `{$id}`: no such programme
}
    .help = { $hint ->
        [list] the programmes of the extended year are: {$known}
       *[near] did you mean `{$near}`?{ $case ->
            [near] {" "}To change it write `id: {$near}`; a new programme needs an id further from the inherited ones
           *[remove] {""}
        }
    }
policy-duplicate_id = `{$id}` is defined twice in this file
    .help = give each item its own id; to change an inherited item, write it once in the later year's file
policy-unknown_id = { $case ->
    [change] `{$id}` changes an item of `{$list}` that is not inherited (it states no {$missing})
   *[remove] cannot remove `{$id}`: nothing inherited has that id
}
    .help = { $case ->
        [change] { $hint ->
            [near] did you mean `{$near}`? To change an inherited item write its id; a new item needs {$missing}
           *[list] the ids in `{$list}` are: {$ids}; a new item needs {$missing}
        }
       *[remove] { $hint ->
            [near] did you mean `{$near}`?
            [empty] nothing is inherited here to remove
           *[list] the inherited ids here are: {$ids}
        }{ $top ->
            [yes] ; score items, tiers, enum values and table groups are removed by a `remove:` inside `scores:`, `allocation:`, the field or the table
           *[no] {""}
        }
    }
policy-near_id = `{$id}` is added to `{$list}` beside the inherited `{$near}`, one letter apart
    .help = to change `{$near}`, write `id: {$near}`; if `{$id}` is a new item, this warning can stay
policy-ambiguous_remove = `{$id}` is the id of more than one kind of item
    .help = write which one to remove: {$choices}

## What `check` says a year inherits

policy-list = { $kind ->
   *[other] {$list}
}
policy-inherit-new = new this year (inherits the common files of {$base})
policy-inherit-count = {$list} ({$n})
policy-inherit-unchanged = inherits unchanged from {$base}: {$counts}
policy-inherit-item = {$list} {$id}
policy-inherit-keys = {$item} ({$keys})
policy-inherit-changes = changes: {$items}
policy-inherit-adds = adds: {$items}
policy-inherit-removes = removes: {$items}
policy-inherit-none = none
# Between items of a list, and between groups.
policy-sep-item = {", "}
policy-sep-group = {"; "}
policy-sep-list = {", "}
policy-sep-or = {" or "}
# The label of the total of the score items.
policy-total_score = total score

# The code of a policies folder that cannot be used (its words are cli-policy-source-*).
policy-source = the policies folder cannot be used
