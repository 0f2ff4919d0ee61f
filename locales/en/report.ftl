# The words of results: the table, the workbook, texts inside JSON, and the texts the engine
# writes into results.

## The policy line every text report starts with
policy-line = Policy: { $year }, { $source } ({ $digest })
policy-builtin = built-in

## Statuses
status-eligible = eligible
status-ineligible = ineligible
status-invalid = invalid

## Amounts (English shows yuan; money-wan is for completeness)
money-wan = { $amount } × 10,000 yuan
money-yuan = { $amount } yuan

## A name: its label first, the id after it
named = { $label } ({ $id })

## Separators
sep-list = {", "}
sep-reasons = {"; "}
sep-values = {", "}
sep-then = {", then "}

## A tier the policy gives no label
tier-number = tier { $n }

## Flags
flag-quota = quota
flag-demoted = demoted
flag-quota-reason = brought into the awards by the quota
flag-demoted-reason = demoted one tier: the demotion condition holds

## Data errors
error-at-field = { $place }: { $field }: { $message }
error-at = { $place }: { $message }
error-field = { $field }: { $message }

## The terminal table
table-id = id
table-status = status
table-score = score
table-rank = rank
table-tier = tier
table-award = award
table-flags = flags
table-documents = missing documents
table-notes = notes
documents-not-checked = not checked
table-summary = { $records ->
        [one] 1 record
       *[other] { $records } records
    }: { $eligible } eligible, { $ineligible } ineligible, { $invalid } invalid; { $awarded } awarded, { $total } in total.

## The results workbook
xlsx-results = Results
xlsx-summary = Summary
xlsx-title = { $year } { $title }
xlsx-id = id
xlsx-status = status
xlsx-score = score
xlsx-rank = rank
xlsx-awarded = awarded
xlsx-tier = tier
xlsx-award = award (10,000 yuan)
xlsx-failed-rules = failed rules
xlsx-flags = flags
xlsx-documents = missing documents
xlsx-errors = errors
xlsx-yes = yes
xlsx-no = no
xlsx-applications = applications
xlsx-eligible = eligible
xlsx-ineligible = ineligible
xlsx-invalid = invalid
xlsx-awarded-count = awarded
xlsx-awarded-summary = awarded
xlsx-total-award = total award (10,000 yuan)
xlsx-item = item
xlsx-count = count
xlsx-none = (none)
xlsx-policy-year = policy year
xlsx-policy-source = policy source
xlsx-policy-digest = policy digest (SHA-256)
xlsx-version = fundpolicy version
xlsx-too-many = a workbook sheet holds at most { $max } applications and the batch has { $n }; use `--format csv`

## Policy tests (the test command)
test-no-cases = { $year } has no test cases: write policy tests for each programme in { $year }/tests/*.yaml
test-unmatched-filter = no test case's name or file contains `{ $filter }`

## Texts the engine writes into results
engine-missing-value = no value given, but { $what } needs it
engine-in = { $what }: { $message }
engine-what-check = check `{ $id }`
engine-what-rule = rule `{ $id }`
engine-what-award = the award
engine-what-flag = flag `{ $id }`
engine-what-document = the condition of document `{ $id }`
engine-what-order = the ranking key
engine-what-demotion = the demotion condition
engine-what-quota = the quota condition
engine-overflow = adding this item takes the score total past the largest decimal (±7.9 × 10²⁸)
engine-duplicate-id = duplicate id `{ $id }` (also record { $n })
engine-unique = { $label } `{ $value }` is already given by application `{ $first }` (record { $n }): one application per value in a batch

## Case names and errors in the JUnit report (test --format junit)
junit-policy = policy
junit-test-cases = test cases
junit-test-file = test file
junit-error = error[{ $code }]: { $message }
