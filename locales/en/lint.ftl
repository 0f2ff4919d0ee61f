# Warnings of the policy check (lint::*): valid, but probably not what was meant.

lint-key_in_text = the text of `{$key}` holds `{$found}:`, which reads like a policy key but is part of the text
    .help = if `{$found}` is meant as a key, write it outside the quotes, beside `{$key}:` (e.g. `{$key}: "…", {$found}: […]`); otherwise reword the text
lint-unlisted_file = {$file} is in the year folder but `policy.yaml` does not list it: it is not read
    .help = list it under `programmes:` (or `common:`) in {$folder}/policy.yaml, or remove it from the folder
lint-inexact_division = `{$op}` of `{$expr}` ({$exact}), which a decimal holds only rounded
    .help = decimal division rounds to 28 significant digits, so the result may be one off; multiply before dividing (`floor(3 * 1 / 3)`, `ceil(awards * 2 / 3)`)
lint-decides_nothing = programme {$name} has no award, scores or allocation: it decides eligibility only
    .help = add `award:`, `scores:` or `allocation:`; if this file was meant to change another programme, give it that programme's id
lint-unused = {$what} is not used by any formula
    .help = a formula names what it uses: if this replaces an item, rename the old one's uses (or give this one the old id); otherwise remove it
