# The web workbench (fundpolicy serve): the words of its pages.

web-name = Funding policy workbench
web-footer = fundpolicy { $version } · rules and results computed by the same engine
web-lang-zh = 中文
web-lang-en = English
web-reload-problems = The policy files were changed but no longer check; the last version that checked is still in service:
web-index-title = Policy years and programmes
web-index-lead = Choose a programme to read its rules, evaluate one application or a batch; or compare two years.
web-no-years = No policy year is available.
web-year = { $year }
web-year-title = { $year } { $title } ({ $status })
web-compare-years = Compare years
web-compare-link = { $from } compared with { $to }
web-error-title = Something went wrong ({ $status })
web-back-home = Back to the start page
web-back-rules = Back to the rules
web-programme-title = { $year } { $title } ({ $programme })
web-programme = Programme
web-programme-named = Programme: { $programme }
web-tab-rules = Rules
web-tab-evaluate = Evaluate one application
web-tab-batch = Evaluate a batch

# Rules page
web-programme-cite = Clause:
web-source-document = Source: { $source }
web-eligibility = Eligibility
web-params = Parameters
web-scores = Computed values and scores
web-award = Award
web-allocation = Ranking and allocation
web-documents = Required documents
web-fields = Application fields
web-cite = Clause of the policy
web-cite-text = [{ $cite }]
web-interpretation = Interpretation:
web-no-rules = This programme has no eligibility rules.
web-checks = Data checks
web-checks-note = An application failing one of these checks has wrong data (invalid), rather than being ineligible.
web-flags = Flags
web-col-name = Name
web-col-written = As written
web-col-value = Value
web-col-cite = Clause
web-col-formula = Formula
web-col-cap = Cap
web-col-kind = Type
web-col-values = Values
web-col-tier = Tier
web-col-size = Places
web-col-amount = Amount
web-col-id = Application
web-col-status = Status
web-col-score = Score
web-col-rank = Rank
web-col-award = Award
web-col-reasons = Reasons and flags
web-col-why = Rules that changed, and why
web-col-in-year = { $column } { $year }
web-score-max = Out of { $max } points, to { $places } decimals
web-proven-max = proven maximum { $max } points
web-score-item = score item
web-award-cap = cap { $cap } (written { $written })
web-award-proven = proven maximum { $max }
web-award-round = rounded to { $places } decimals
web-allocation-awards = Awards: { $n }
web-order = Order
web-ascending = ascending
web-descending = descending
web-order-input = when all are equal, the order of the applications
web-tiers = Tiers
web-tier-rest = the rest
web-tier-amount = { $amount } (written { $written })
web-quota = Quota
web-quota-share = share { $share }, rounded { $rounding ->
        [up] up
       *[down] down
    }; applications counted by the quota are flagged "{ $flag }"
web-demotion = Demotion
web-demotion-flag = an awarded application meeting this condition goes one tier down and is flagged "{ $flag }"
web-document-when = required when
web-required = required
web-bounds = from { $min } to { $max }
web-bound-min = at least { $min }
web-bound-max = at most { $max }
web-kind-text = text
web-kind-number = number
web-kind-money = amount ({ $unit })
web-kind-percent = percent
web-kind-bool = yes/no
web-kind-date = date (year-month-day)
web-kind-datetime = date and time
web-kind-enum = choice
web-kind-credit-code = unified social credit code
web-kind-list = { $item } (several allowed)
web-kind-records = rows (several allowed)

# Evaluate one application
web-evaluate-lead = Fill in the application and submit: the page shows the decision, the scores, the award and how each number was computed. Fields left empty are not given.
web-evaluate-submit = Evaluate
web-evaluate-again = Change and evaluate again
web-add-row = Add a row
web-remove-row = Remove
web-form-unknown = "{ $name }" in the form is not a field of this programme
web-form-repeated = "{ $name }" takes one value; the form sent several
web-form-bad-row = "{ $name }" is not a valid row (field.row.item expected)
web-no-record = There is no application to evaluate.
web-unit = ({ $unit })
web-documents-help = Tick the documents supplied; ticking none means the application does not say (documents are not checked).
web-alone-note = Evaluated alone, an application is ranked among itself only: its rank, tier and award within all applications come from evaluating the batch.
web-result = Result
web-record = Application { $id }:
web-errors = Data errors
web-failed-rules = Rules not met
web-score-items = Scores
web-score-total = Total
web-rank = Rank: { $rank }
web-tier = Tier: { $tier }
web-not-awarded = not awarded
web-award-result = Award: { $award }
web-flag = Flag "{ $flag }": { $reason }
web-missing-documents = Missing documents: { $documents }
web-explanation = How it was computed
web-explanation-of = How application { $id } was computed

# Evaluate a batch
web-batch-lead = Upload a batch of applications (Excel workbook, CSV, JSON or JSON Lines), one application a row, with field ids or their Chinese labels as headers.
web-batch-file = Application file
web-batch-submit = Upload and evaluate
web-batch-again = Evaluate another batch
web-template = Download a blank application workbook (Excel)
web-batch-results = { $file }: { $n } { $n ->
        [one] application
       *[other] applications
    }
web-total-award = Total awarded
web-download-workbook = Download the results workbook (Excel)
web-warnings = Warnings
web-filter-all = all
web-shown = { $n } shown
web-explained-first = Only the first { $n } applications have their explanation listed; evaluate any other alone, or use the command line's explain.

# Compare years
web-diff = What changed in the rules
web-compare-batch = One batch under both years
web-compare-lead = Upload a batch: it is evaluated under the rules of both years, and the applications whose results change are listed with the reasons.
web-compare-submit = Upload and compare
web-compare-none-shared = The two years share no programme: one batch cannot be compared under both.
