# The formula language: reading (`formula::*` from parse.rs), checking (check.rs), compiling
# (compile.rs) and evaluating (`eval::*`, eval.rs), the names of types, and the full-width
# characters a Chinese input method types for ASCII ones (fullwidth.rs, also used by yaml.rs).

## Types, as users read them: with an article, and in the plural ("a list of amounts").

type-number = a number
type-numbers = numbers
type-money = an amount
type-moneys = amounts
type-bool = a condition
type-bools = conditions
type-text = text
type-texts = texts
type-date = a date
type-dates = dates
type-datetime = a date-time
type-datetimes = date-times
type-record = an item with fields
type-records = items with fields
type-any = anything
type-list = a list of { $items }
type-lists = lists of { $items }
type-list-any = a list
type-lists-any = lists

## Reading a formula (parse.rs).

formula-syntax = syntax error: unexpected { $found }
    .help = expected { $expected }
formula-syntax-check = check the brackets and operators around here
formula-found-char = `{ $char }`
formula-found-end = end of formula
formula-found-unclosed_string = a string that is never closed
formula-found-not_a_date = `{ $text }`, which is not a calendar date
formula-found-not_a_datetime = `{ $text }`, which is not a valid date-time
formula-found-not_binder = an expression where `name in list` was expected
formula-found-not_name = an expression where a name was expected
formula-expected-value = a value
formula-expected-end = end of formula
formula-expected-member = `.field`
formula-expected-name = a name
formula-expected-logic = `and`/`or`
formula-expected-operator = an operator
formula-expected-comparison = a comparison
formula-expected-in = `in`
formula-expected-unit = a unit (元, 万元, 亿元)
formula-expected-number = a number
formula-expected-closing_quote = a closing quote
formula-expected-closing_dq = a closing `"`
formula-expected-closing_bracket = a closing bracket
formula-expected-money_unit = a money unit: 元, 万元 or 亿元
formula-expected-ascii_name = a name in ASCII letters, digits and `_` (such as revenue_2019); Chinese belongs in labels and strings
formula-expected-date = a date YYYY-MM-DD
formula-expected-datetime = a date-time YYYY-MM-DDTHH:MM
formula-expected-binder = `x in list` before the `:`
formula-expected-binder_name = a name to bind each item to, as in `sum(l in loans: l.principal)`
# Joins what was expected: "a, b or c".
formula-list-or = { $init } or { $last }
formula-list-separator = {", "}
formula-too_deep = formula nests more than { $limit } levels deep
    .help = split the formula into named computed values, each of moderate depth
    .label = too deep from here
formula-bad_number = number `{ $text }` is out of range
    .help = numbers may have at most 28 significant digits; write money with a unit (万元, 亿元)
    .label = this number
formula-empty = the formula is empty
    .help = write an expression, for example `revenue_2019 <= 3亿元`
formula-full_width = a full-width character where the formula needs a half-width one
    .help = symbols, digits and quotes in a formula are half-width (English input method); only `（`, `）` and `，` may stay, read as `(`, `)` and `,`, and a full-width space is a space

## Checking a formula (check.rs).

formula-this_is = this is { $type }
formula-type = { $type }
formula-did_you_mean = did you mean `{ $suggestion }`?
formula-wrong_type = { $what } must be { $want }, but this formula gives { $type }
    .help = { $what } must be { $want }
formula-wrong_type-money = { $what } must be { $want }, but this formula gives { $type }
    .help = { $what } is an amount of money: multiply by a unit, e.g. `(…) * 1万元`
formula-wrong_type-condition = { $what } must be { $want }, but this formula gives { $type }
    .help = { $what } must be a condition: compare the value, e.g. `… >= 10万元`
formula-type_mismatch = `{ $op }` cannot combine { $left } with { $right }
    .help = both sides must be the same kind of value
formula-type_mismatch-list = a list holds values of one type: { $first } and { $type } are mixed
    .help = make every item of the list the same kind of value
formula-table_as_value = `{ $name }` is a lookup table, not a value
    .help = look a key up in it: `lookup({ $name }, key)`
formula-table_as_value-label = a table
formula-unknown_name = unknown name `{ $name }`
    .help = use a field, parameter, table or computed value of this programme
formula-unknown_name-label = not a known name
formula-not_a_record = `.{ $field }` needs a list item with fields, but this is { $type }
    .help = fields are read from an aggregate's variable, e.g. `sum(l in loans: l.principal)`
formula-unknown_name-member = the items have no field `{ $field }`
    .help = the item fields are: { $fields }
formula-unknown_name-member-label = not a field of the item
formula-type_mismatch-negate = cannot negate { $type }
    .help = only numbers and amounts have a sign
formula-type_mismatch-not = `not` needs a condition, but this is { $type }
    .help = compare the value first, e.g. `not (x > 0)`
formula-type_mismatch-logic = `{ $op }` joins conditions, but this is { $type }
    .help = compare the value, e.g. `x > 0`
formula-type_mismatch-in = `{ $op }` looks for { $type } in { $list }
    .help = compare values of the same kind
formula-type_mismatch-in_list = `{ $op }` needs a list on its right, but this is { $type }
    .help = write a list, e.g. `x in ["a", "b"]`, or use a list field
formula-type_mismatch-order = `{ $op }` compares numbers, amounts and dates, not { $types }
    .help = use `=` or `!=` for text and conditions
formula-money_times_money = multiplying an amount by an amount has no meaning
    .help = one side should be a plain number or a rate, e.g. `principal * 50%`
formula-type_mismatch-multiply = cannot multiply { $left } by { $right }
    .help = multiply numbers, or an amount by a number
formula-type_mismatch-divide = cannot divide { $left } by { $right }
    .help = divide numbers, an amount by a number, or an amount by an amount
formula-bool_arithmetic = a condition cannot be used in arithmetic (`{ $op }`)
    .help = turn it into a number with `if … then 1 else 0`
formula-bool_arithmetic-label = this is a condition (true or false)
formula-unit_mismatch = `{ $op }` mixes an amount of money with a plain number that has no unit
    .help = give the plain number a unit: multiply it by 1元 or 1万元, or divide the amount by 1万元 to compare numbers of 万元
formula-unit_mismatch-plain = a plain number, no unit
formula-unit_mismatch-money = money (元)
formula-money_hint = did you mean { $number }万元? (or { $number }元)
formula-type_mismatch-if = `if` needs a condition, but this is { $type }
    .help = compare the value, e.g. `if x > 0 then …`
formula-type_mismatch-branches = the branches of `if` give { $then } and { $else }
    .help = both branches must give the same kind of value
formula-arity = `{ $name }` takes { $wanted }, but was given { $got ->
        [one] 1 argument
       *[other] { $got } arguments
    }
    .help = write { $usage }
formula-arity-label = { $got ->
        [one] 1 argument
       *[other] { $got } arguments
    } here
formula-takes-one_field = one field
formula-takes-clamp = 3 arguments (value, low, high)
formula-takes-two_or_more = at least 2 arguments
formula-takes-round = 2 arguments (value, digits)
formula-takes-one = 1 argument
formula-takes-list = 1 list, or `(x in list: …)`
formula-takes-aggregate = `(x in list: …)`
formula-takes-lookup = 2 arguments (table, key)
formula-type_mismatch-given = `given` asks whether a field has a value; give it a field name
    .help = write `given(requested_funding)`
formula-type_mismatch-given-label = not a field
formula-unknown_function = unknown function `{ $name }`
    .help = the functions are: { $functions }
formula-unknown_function-label = not a function
formula-type_mismatch-arguments = the arguments of `{ $name }` mix { $first } and { $type }
    .help = give every argument the same kind of value
formula-type_mismatch-extreme = `{ $name }` compares numbers, amounts or dates, not { $types }
    .help = give it numbers, amounts or dates
formula-round_digits = the digits of `round` must be written as a whole number from 0 to 20
    .help = write e.g. `round(x, 2)` for two decimals
formula-round_digits-label = not a whole number from 0 to 20
formula-type_mismatch-needs_list = `{ $name }` needs a list, but this is { $type }
    .help = give it a list field, or write `sum(x in list: …)`
formula-type_mismatch-sum_list = `sum` adds numbers or amounts, not { $types }
    .help = write `sum(x in list: x.amount)` to add a field of each item
formula-type_mismatch-list_extreme = `{ $name }` of a list needs numbers, amounts or dates
    .help = write `{ $name }(x in list: x.field)`
formula-type_mismatch-numeric = `{ $name }` needs a number or an amount, but this is { $type }
    .help = give it a number or an amount of money
formula-not_a_table = the first argument of `lookup` is the name of a table
    .help = write `lookup(table_name, key)`
formula-not_a_table-label = not a table name
formula-type_mismatch-lookup_key = the keys of table `{ $table }` are { $keys }, but this key is { $type }
    .help = look up a value of the table's key type
formula-not_a_table-value = `{ $name }` is not a table
    .help = the first argument of `lookup` is the name of a table
formula-not_a_table-value-label = a value, not a table
formula-unknown_name-table = unknown table `{ $name }`
    .help = declare the table under `tables:`
formula-unknown_name-table-label = not a known table
formula-unknown_function-aggregate = `{ $name }` cannot run over a list with `{ $var } in …:`
    .help = the aggregates are: { $aggregates }
formula-unknown_function-aggregate-label = not an aggregate
formula-type_mismatch-aggregate_list = `{ $name }` runs over a list, but this is { $type }
    .help = give it a list field
formula-type_mismatch-aggregate_condition = `{ $name }` needs a condition for each item, but this is { $type }
    .help = write e.g. `{ $name }({ $var } in …: { $var }.amount > 0)`
formula-type_mismatch-sum_body = `sum` adds numbers or amounts, but this is { $type }
    .help = give it a number or an amount for each item
formula-type_mismatch-extreme_body = `{ $name }` compares numbers, amounts or dates, but this is { $type }
    .help = give it a number, an amount or a date for each item

## Amounts written in formulas

formula-amount_overflow = the amount `{ $amount }` is too large once converted to yuan to be computed exactly
    .help = an amount in yuan has at most 28 significant digits (about 7.9 × 10^28 yuan); check for extra digits or a wrong unit
formula-amount_overflow-label = too large

## Evaluating a formula for one record (eval.rs).

eval-label = evaluated here
eval-overflow = { $a } { $op } { $b } is too large to compute exactly
    .help = the values are beyond 28 significant digits; check the inputs for a misplaced unit
eval-overflow-round = rounding { $a } gives a number too large to compute exactly
    .help = the values are beyond 28 significant digits; check the inputs for a misplaced unit
eval-type = unexpected value: { $what }
    .help = the formula passed the checker but met a value of another type; report this with the record
eval-slot = computed value { $slot } is not in the environment
    .help = the formula was compiled for another programme than the one evaluating it; report this
eval-slot-local = aggregate variable { $slot } is not in the environment
    .help = the formula was compiled for another programme than the one evaluating it; report this
eval-missing_value = no value given
    .help = the record leaves this field empty; guard it with `given(field)` if it is optional
eval-missing_value-needed = a value needed here was not given
    .help = the record leaves an optional field empty; guard it with `given(field)`
eval-lookup_failed = the table has no entry for { $key }
    .help = add the key to the table in the policy, or check the record's value
eval-division_by_zero = division by zero: { $a } / { $b }
    .help = guard the divisor, e.g. `if total = 0 then 0 else part / total`
eval-empty_list = the smallest or largest of an empty list
    .help = guard it with `count(list) > 0`

## Full-width characters (fullwidth.rs): their names, and what to type instead.

fullwidth-colon = full-width colon
fullwidth-comma = full-width comma
fullwidth-open_paren = full-width opening parenthesis
fullwidth-close_paren = full-width closing parenthesis
fullwidth-open_bracket = full-width opening bracket
fullwidth-close_bracket = full-width closing bracket
fullwidth-double_quote = Chinese double quotation mark
fullwidth-single_quote = Chinese single quotation mark
fullwidth-space = full-width space
fullwidth-digit = full-width digit
fullwidth-plus = full-width plus sign
fullwidth-minus = full-width minus sign
fullwidth-asterisk = full-width asterisk
fullwidth-slash = full-width slash
fullwidth-equals = full-width equals sign
fullwidth-less = full-width less-than sign
fullwidth-greater = full-width greater-than sign
fullwidth-percent = full-width percent sign
fullwidth-full_stop = full-width full stop
fullwidth-exclamation = full-width exclamation mark
fullwidth-message = `{ $found }` is a { $name }: type the half-width `{ $ascii }` instead (switch the input method to English)
fullwidth-message-space = this is a full-width space: type an ordinary half-width space instead (switch the input method to English; indentation is half-width spaces only)
fullwidth-label = { $name }, should be `{ $ascii }`
fullwidth-label-space = full-width space, should be a space

## Shared by every diagnostic (diag.rs).

# A long value echoed in a message: its first characters and its length.
echo-cut = { $shown }… ({ $count ->
        [one] 1 character
       *[other] { $count } characters
    })

formula-unknown_value = `{ $text }` is not a value `{ $field }` can take
    .help = a formula may only name ids listed under a field's `values`, or values a lookup table holds
formula-unknown_value-label = a value that never occurs
formula-unknown_value-spelling = `{ $text }` is an alias or name of `{ $id }`; records have their aliases turned into ids when read, so write `{ $id }` in the formula
formula-unknown_value-values = the values it can take are: { $values }; to add one, list it under the field's `values` or in the table first
