# The words of `--help`: each command (help-<command>) and each argument
# (help-<command>-<argument>, help-<argument> for the global ones), clap's own words, and what
# a wrong command line is told (usage-…).

help-about = Evaluate funding applications against policy rules kept as data
help-policies = The policy folder (default: ./policies when present, else the built-in policies)
help-lang = Language of messages and labels; without it, FUNDPOLICY_LANG, then LC_ALL, LC_MESSAGES, LANG, else Chinese
help-input-format = Read every input in this format (default: by extension; standard input is recognised from its first bytes)

help-list = The policy years and their programmes

help-evaluate = Evaluate applications against a programme
help-evaluate-year = The policy year (a folder of the policies, e.g. 2020)
help-evaluate-programme = The programme's id (`fundpolicy list` shows them)
help-evaluate-inputs = Application files: .yaml/.yml, .json, .jsonl, .csv, .xlsx (a filled-in template); `-` reads standard input
help-evaluate-format = Format of the results (xlsx: an Excel workbook of results with a summary sheet; needs --output)
help-evaluate-output = Write here (atomically) instead of standard output (`-`: standard output). Without --format, the extension chooses: .json, .csv, .xlsx, .txt (table)
help-evaluate-compare = Also evaluate under this year and report what changes for each application
help-evaluate-max-records = Refuse batches with more records than this (a guard against a wrong file, and the bound on memory: about 0.6 KB a record kept, up to 3 KB for one with many errors, whose first five are kept and the rest counted)
help-evaluate-strict = A column or key that names no field makes every record invalid (without it, it is ignored with one warning per file)

help-explain = How every value of one record was computed
help-explain-year = The policy year (a folder of the policies, e.g. 2020)
help-explain-programme = The programme's id (`fundpolicy list` shows them)
help-explain-input = The application file that holds the record (any format evaluate reads)
help-explain-id = The record's application id (the `id` field)
help-explain-format = text (default) or json: every value with its formula, inputs and result, the rules with their outcome, scores, award and allocation, and the policy
help-explain-strict = A column or key that names no field makes the record invalid (without it, it is ignored with a warning)

help-test = Run the policy test cases (policies/<year>/tests/*.yaml)
help-test-year = Only this policy year (default: every year)
help-test-filter = Only cases whose name or file contains this text
help-test-coverage = Report which rules, comparison sides, branches and caps the tests exercised (text only)
help-test-format = text (default), json (each case with its place and failures) or junit (JUnit XML for CI servers)

help-diff = What changed between two policy years, item by item: rules, formulas, values as written, messages, labels, help, interpretations, cites, enum values and aliases
help-diff-from = The earlier policy year
help-diff-to = The later policy year
help-diff-format = text (default) or json: a list of changes {"{"}programme, kind, id, change, key, old, new{"}"}

help-check = Validate policies; exits 1 on any error
help-check-year = Only this policy year (default: every year)
help-check-format = text (default) or json: per year the policy, its programmes with their proven bounds, and every error and warning with its code, help and place

help-template = A blank application workbook (.xlsx) or CSV (.csv) generated from a programme
help-template-year = The policy year (a folder of the policies, e.g. 2020)
help-template-programme = The programme's id (`fundpolicy list` shows them)
help-template-output = The file to write: its extension (.xlsx or .csv) chooses the format
help-template-force = Replace the file when it exists (a filled-in workbook is not overwritten without it)

help-verify = Re-evaluate published results (`evaluate --format json`) and report every outcome that differs; refuses when the policy has changed since
help-verify-results = The published results (JSON, with the `policy` object naming year, programme and digest)
help-verify-inputs = The application files the results were computed from
help-verify-max-records = Refuse batches with more records than this (a guard against a wrong file, and the bound on memory: about 0.6 KB a record kept, up to 3 KB for one with many errors, whose first five are kept and the rest counted)

help-schema = The JSON Schema of a policy file, for editors that complete and check YAML keys (policies/schema/ holds the copies the policy files name on their first line)
help-schema-kind = manifest (a year's policy.yaml) or programme (programme and common files)
help-schema-output = Write to this file instead of standard output

help-serve = Serve the engine over HTTP and as a web workbench (the JSON API under /api/v1, the pages at /)
help-serve-addr = Address and port to listen on; any address but a loopback one needs --token-file or --no-auth
help-serve-token-file = A file holding the token every request must carry (programs as Authorization: Bearer, browsers as the password)
help-serve-no-auth = Serve a non-loopback address without a token, on purpose
help-serve-watch = Reload the policies folder when its files change (a year that stops checking keeps its last good version in service, with a banner on the pages)

help-calc = Evaluate one formula: how policy staff try a formula
help-calc-expr = The formula, e.g. 'min(1500万元 * 10%, 100万元)'
help-calc-record = A record (YAML, JSON or CSV) whose fields the formula may use
help-calc-year = Check and evaluate against this year's programme (with --programme)
help-calc-programme = Check and evaluate against this programme (with --year)

help-help = Print this message or the help of the given command
help-help-command = The command to explain
help-flag-help = Print help
help-flag-version = Print version

# clap's own words.
help-heading-usage = Usage:
help-heading-commands = Commands:
help-heading-arguments = Arguments:
help-heading-options = Options:
help-possible = {" "}[possible values: { $values }]
help-default = {" "}[default: { $value }]
help-list-separator = {", "}

# A wrong command line (exit status 2).
usage-more = For more information, try `{ $command } --help`.
usage-unknown-argument = unexpected argument `{ $arg }`
usage-as-value = to pass `{ $arg }` as a value, write `-- { $arg }`
usage-exists-under = `{ $arg }` belongs to the command `{ $command }`: write it after that command
usage-did-you-mean = did you mean { $suggestion }?
usage-invalid-subcommand = there is no command `{ $command }`
usage-commands = the commands: { $commands }
usage-missing-subcommand = name the command to run
usage-invalid-value = `{ $value }` is not a value of { $arg }
usage-possible-values = possible values: { $values }
usage-empty-value = a value is required for { $arg }
usage-value-validation = the value `{ $value }` of { $arg } cannot be used: write a whole number (no decimal point)
usage-value-spaces = remove the spaces around the value
usage-no-equals = write the value of { $arg } joined by `=`, e.g. { $arg }=VALUE
usage-too-many-values = one value too many, `{ $value }`: { $arg } takes no more
usage-too-few-values = { $arg } takes { $expected } values; { $actual } given
usage-wrong-number-of-values = { $arg } takes { $expected } values; { $actual } given
usage-conflict = { $arg } cannot be used with { $other }
usage-repeated = { $arg } can be given only once
usage-missing-argument = required arguments missing: { $args }
usage-invalid-utf8 = an argument holds bytes that are not UTF-8
usage-other = the command line cannot be used

# The placeholders of values (`<YEAR>`) and the usage line's [OPTIONS].
help-value-command = COMMAND
help-value-policies = DIR
help-value-lang = LANG
help-value-input-format = FORMAT
help-value-year = YEAR
help-value-programme = PROGRAMME
help-value-inputs = INPUTS
help-value-format = FORMAT
help-value-output = FILE
help-value-compare = YEAR
help-value-max-records = N
help-value-input = INPUT
help-value-id = ID
help-value-filter = TEXT
help-value-from = YEAR
help-value-to = YEAR
help-value-results = RESULTS
help-value-kind = KIND
help-value-addr = ADDR
help-value-token-file = FILE
help-value-expr = FORMULA
help-value-record = FILE
help-usage-options = [OPTIONS]
