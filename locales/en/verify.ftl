# `fundpolicy verify` (report/verify.rs): published results read back and compared with a fresh
# evaluation (`verify::*`).

verify-in_file = { $file }: { $message }
verify-not_results = not results: { $reason }
    .help = give the results file `fundpolicy evaluate --format json` wrote
verify-reason-io-not_found = the file does not exist
verify-reason-io-denied = the file may not be read (permission denied)
verify-reason-io = it cannot be read: { $detail }
verify-reason-syntax = not valid JSON at line { $line }, column { $column }: { $detail }
verify-reason-data = at line { $line }, column { $column }: { $detail }
verify-reason-twice = the key `{ $key }` is given twice
verify-reason-no_id = result { $n } has no `id`
verify-reason-no_results = no `results` list
verify-reason-inputs = the `inputs` list is not [{"{"}file, sha256, records{"}"}]: { $detail }
verify-no_policy = the results have no `policy` object: which policy computed them is unknown
    .help = only results with a `policy` object (year, programme, digest) can be verified: write them again with `fundpolicy evaluate --format json` of this version
verify-no_policy-incomplete = the `policy` object lacks its year, programme or digest
    .help = only results with a `policy` object (year, programme, digest) can be verified: write them again with `fundpolicy evaluate --format json` of this version
verify-inconsistent = the results say year { $top_year } and programme { $top_programme } at the top, but their `policy` object says year { $year } and programme "{ $programme }": which policy computed them is unclear
    .help = the results file has been edited: verify the file `fundpolicy evaluate --format json` wrote
verify-absent = (absent)
verify-policy_changed = the policy has changed since these results: they were computed under { $year } { $then } { $published }, and { $year } in { $here } is now { $now }
    .help = verify against the policy folder the results were computed under (--policies), or evaluate again and publish new results
verify-source-unstated = (source not stated)
verify-note-unknown_keys = note: these keys of the results are unknown to this version and not verified: { $keys }
verify-input-print = sha256 { $sha256 }, { $records ->
        [one] 1 record
       *[other] { $records } records
    }
verify-input-unrecorded = warning: the results have no `inputs` list: which files they were computed from cannot be checked
verify-input-changed = warning: input { $file } is not the file the results were computed from: { $published } in the results, { $now } now
verify-input-missing = warning: input { $file } ({ $print }) is in the results but was not given
verify-input-extra = warning: input { $file } ({ $print }) was given but is not in the results
verify-summary-id = summary
# A result key in a difference line: English shows the key itself, whatever its label.
verify-labelled = { $label ->
       *[other] { $field }
    }
verify-field-status = status
verify-field-failed_rules = failed rules
verify-field-errors = errors
verify-field-scores = scores
verify-field-score = score
verify-field-rank = rank
verify-field-awarded = awarded
verify-field-tier = tier
verify-field-award = award
verify-field-flags = flags
verify-field-missing_documents = missing documents
verify-field-records = records
verify-field-eligible = eligible
verify-field-ineligible = ineligible
verify-field-invalid = invalid
verify-field-total_award = total award
verify-difference = { $id }: { $field } { $published } → { $now }
verify-only_published = { $id }: in the results, not in the inputs
verify-only_inputs = { $id }: in the inputs, not in the results
verify-match = { $n ->
        [one] match: the result is the same when evaluated again
       *[other] match: all { $n } results are the same when evaluated again
    }
verify-different = DIFFERENT: { $n } compared, { $differ ->
        [one] 1 differs
       *[other] { $differ } differ
    }, { $published } only in the results, { $inputs } only in the inputs{ $summary ->
        [yes] , the summary differs
       *[no] {""}
    }
