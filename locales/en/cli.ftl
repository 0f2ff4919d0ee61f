# What the command line (src/cli/, src/main.rs, src/output.rs; src/api/ for what reading inputs says) says to its user.

# The shape of an error: `error[code]: message`, then `help: …` below it.
cli-error = error
cli-help = help

cli-policy-source-help = give --policies the folder that holds the year folders (2020/, 2021/ …), or leave it out to use ./policies or the built-in policies
cli-policy-source-missing = the policies folder { $path } cannot be used: { $reason }
cli-policy-source-not-folder = the policies folder { $path } is not a folder
cli-policy-source-no-year = the policies folder { $path } holds no policy year (a folder such as 2020/ with a policy.yaml)

# The operating system's reason a read or write failed (the common ones); $code is its number.
cli-os-not-found = not found (os error { $code })
cli-os-permission = permission denied (os error { $code })
cli-os-full = no space left on the device (os error { $code })
cli-os-read-only = the file system is read-only (os error { $code })
cli-os-folder = it is a folder (os error { $code })
cli-os-not-folder = a part of the path is not a folder (os error { $code })
cli-os-exists = it already exists (os error { $code })
cli-os-addr-in-use = another program is using this address and port (os error { $code })
cli-os-addr-not-here = this machine has no such address (os error { $code })
cli-os-busy = another program is using it (os error { $code })
cli-os-too-large = the file is too large (os error { $code })
cli-os-memory = out of memory (os error { $code })
cli-os-name = the file name is not allowed (os error { $code })
cli-os-other = os error { $code }
output-refused-stdout = standard output is the input { $input }: writing to it would destroy the applications
    .help = redirect standard output to another file, or use --output
cli-compare-xlsx = --compare reports changes as a table or JSON, not as { $format }
    .help = use --format table or --format json with --compare
cli-xlsx-needs-output = --format xlsx writes a workbook: give --output FILE.xlsx
    .help = or use --format csv to write to standard output

cli-list-year = { $year }  { $title } [{ $status }]
cli-list-broken = { $year }  (has errors: run `fundpolicy check --year { $year }`)

cli-check-score-bound = , score at most { $max } (max_score { $cap })
cli-check-award-bound = , award at most { $amount }
cli-check-ok = { $year } { $programme }: ok — { $fields ->
        [one] 1 field
       *[other] { $fields } fields
    }, { $rules ->
        [one] 1 rule
       *[other] { $rules } rules
    }, { $values ->
        [one] 1 value
       *[other] { $values } values
    }{ $bounds }
cli-check-removed = { $year } { $programme }: removed this year (remove_programmes)
cli-check-warnings = { $n ->
        [one] 1 warning
       *[other] { $n } warnings
    }
cli-check-problems = { $n ->
        [one] 1 problem
       *[other] { $n } problems
    } found
cli-check-shown-above = { $n ->
        [one] 1 problem of { $year } is the one above
       *[other] { $n } problems of { $year } are the ones above
    } (in the files it inherits), not repeated; fix them first, and the other problems of { $year } may go with them

cli-calc-records = { $path } holds { $n } records; give a file with one
cli-calc-many = { $n } records here, and calc takes one: give a file with one record
cli-calc-workbook = a workbook is read by a programme's fields: calc cannot read one without a programme
    .help = add --year and --programme (as in `--year 2020 --programme loan-interest`), or give one record as YAML, JSON or CSV
cli-calc-one-record = expected one record: a mapping of field names to values
    .help = write the record as `field: value` lines (YAML), or as a header row and one row of values (CSV)

cli-did-you-mean = {" "}(did you mean `{ $suggestion }`?)
cli-no-programme = { $year } has no programme `{ $programme }`{ $hint }; it has: { $programmes }
cli-no-record = no record with id `{ $id }` in { $input }{ $hint }

cli-template-format = cannot tell the template's format from `{ $output }`
    .help = name the output FILE.xlsx (a workbook) or FILE.csv

output-refused = will not write { $target }: { $reason }
output-refused-help-exists = add --force to replace it, or name another file
output-refused-help-read-only = make it writable first if it is to be replaced, or name another file
output-refused-help-other = name a new file, or a regular file that is not one of the inputs

output-format = --format { $format } does not match the output { $output } (.{ $ext })
    .help = name the file .{ $wanted } or leave out --format
output-format-unknown = cannot tell the format from the output name { $output }
    .help = name it .json, .csv, .xlsx or .txt, or give --format

cli-coverage-text = --coverage is shown in the text report only
    .help = leave out --format to see the coverage, or leave out --coverage

# `test`: the mark before each case, the same width in both languages so the lines align.

cli-verify-version = note: the results were written by fundpolicy { $then }; this is { $now }
cli-verify-inputs-differ = the outcomes match, but the inputs given are not the files the results name (exit status 3)

cli-cannot-write = cannot write { $path }: { $cause }
cli-stdout-unwritable = cannot write to standard output: { $cause }

# The progress bar (an indicatif template; $spinner, $pos and $rate are its placeholders).
cli-progress = { $spinner } { $pos } records evaluated ({ $rate }/s)

cli-too-many = the batch has more than { $max } records
    .help = raise --max-records if a batch this large is intended
cli-not-read-whole = the file was not read to its end, so its fingerprint cannot be given
    .help = report this: every input is read whole
cli-no-applications = the file holds no applications
    .help = fill in the file first (one application per row below the header, or one record per entry), or check that it is the right file

cli-internal-error = internal error: { $message } — please report it with the command that caused it
cli-internal-error-at = internal error: { $message } ({ $place }) — please report it with the command that caused it
cli-no-message = (no message)

# output.rs: why an output file is not written.
output-reason-input = it is the input { $input } of this run: writing it would destroy the applications
output-reason-not-regular = { $kind ->
        [folder] it is a folder, not a regular file
        [fifo] it is a FIFO, not a regular file
        [device] it is a device, not a regular file
        [socket] it is a socket, not a regular file
       *[other] it is not a regular file
    }
output-reason-symlink = it is a symbolic link (writing through it could change another file)
output-reason-exists = the file exists
output-reason-no-folder = its folder does not exist
output-reason-read-only = the file is read-only

cli-serve-watch-builtin = --watch watches a policies folder, but the policies in use are the built-in ones
    .help = name the folder with --policies (or run where a policies folder is)
cli-calc-source = formula
cli-lang-unknown = warning: FUNDPOLICY_LANG="{ $value }" is not a language we have (only zh and en); using { $chosen }
