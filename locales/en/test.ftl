# `fundpolicy test`: policy test cases, their failures and the coverage report.

## A case's outcome against what it expects.
test-record = record { $id }: { $failure }
test-status = status: expected { $expected }, got { $actual } ({ $why })
test-status-failed-rules = failed { $rules }
test-key-failed_rules = failed_rules
test-key-flags = flags
test-key-missing_documents = missing_documents
test-key-errors = errors
test-list = { $key }: expected [{ $expected }], got [{ $actual }]
test-score-item = score { $item }: expected { $expected }, got { $actual }
test-score = score: expected { $expected }, got { $actual }
test-award = award: expected { $expected }, got { $actual }
# An expected amount, and how the test file writes it.
test-as-written = { $value } ({ $written })
test-rank = rank: expected { $expected }, got { $actual }
test-tier = tier: expected { $expected }, got { $actual }
test-awarded = awarded: expected { $expected }, got { $actual }
test-true = true
test-false = false
test-null = null

## Mistakes in a test file.
test-expect-not-map = `expect` must be a mapping
test-bad-status = `status` must be eligible, ineligible or invalid, not { $value }
test-bad-list = `{ $key }` must be a list of ids, not { $value }
test-bad-scores = `scores` must map score items to scores, not { $value }
test-bad-score-value = score { $item }: `{ $value }` is not a number
test-bad-whole = `{ $key }` must be a whole number or null, not { $value }
test-bad-awarded = `awarded` must be true or false, not { $value }
test-bad-tolerance = `tolerance` must be a number, not { $value }
test-unknown-expectation = unknown expectation `{ $key }`
test-unknown-expectation-hint = unknown expectation `{ $key }` (did you mean `{ $hint }`?)
test-no-expect = a case needs `expect`: the outcome it requires
test-no-records = a case needs `record`, `batch` or `generate`
test-no-record-in-batch = no record with id `{ $id }` in the batch
test-generate-no-count = generate needs `count`
test-generate-bad-count = generate `count` is `{ $count }`: it must be a whole number
test-generate-too-many = generate `count` is { $count }; a case may generate at most { $max } records (evaluate a population with `fundpolicy evaluate`)
test-generate-no-id = generate needs an `id` pattern such as "T{"{"}n:03{"}"}"
test-generate-bad-width = generate `id` pattern `{ $pattern }`: write `{"{"}n{"}"}` or a width such as `{"{"}n:03{"}"}`
test-unnamed = (unnamed)

## Test files that cannot be used.
test-problem = { $file }: { $message }
test-problem-no-programme = { $file }: no `programme:` named
test-problem-unknown-programme = { $file }: { $year } has no programme `{ $programme }`
test-problem-no-cases = { $file }: no `cases:`

## The text report.
test-case-ok = ok   { $place }  { $programme } — { $name }
test-case-failed = FAIL { $place }  { $programme } — { $name }
test-fail = FAIL { $problem }
test-tally = { $passed } passed, { $failed } failed

## Coverage.
test-coverage-rules = rules (held / failed):
test-coverage-both-sides = both sides
test-coverage-never-fails = NEVER FAILS in tests
test-coverage-never-holds = NEVER HOLDS in tests
test-coverage-not-tested = NOT TESTED
test-coverage-branches = comparisons and branches:
test-coverage-comparison = comparison
test-coverage-if = if
test-coverage-only-then = only `then`
test-coverage-only-else = only `else`
test-coverage-only-true = only true
test-coverage-only-false = only false
test-coverage-caps = caps (bound / not bound):
test-coverage-cap-both = both
test-coverage-cap-only-bound = only bound
test-coverage-cap-never-reached = never reached
test-coverage-every-clause = every cited clause has a test
test-coverage-untested = clauses with no test: { $clauses }
