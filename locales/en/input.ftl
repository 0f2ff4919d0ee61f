# What is said while application files are read: cell values, headers, the files, limits.

## Values

input-not-given = (not given)
input-money = { $amount } yuan

# What a field takes, after "is not" and "expected".
input-kind-text = text
input-kind-number = a number
input-kind-money = an amount of money (a number, or text such as `250万元`)
input-kind-percent = a percent (12.5 or 12.5%)
input-kind-bool = true or false
input-kind-date = a date YYYY-MM-DD
input-kind-datetime = a date-time YYYY-MM-DDTHH:MM
input-kind-enum = one of the listed values
input-kind-credit_code = an 18-character unified social credit code
input-kind-list = a list

# A field's name: its label, the id after it.
input-field-name = { $label } (`{ $id }`)

## Errors of a record

input-type = `{ $value }` is not { $kind }
input-type-expected = expected { $kind }
input-type-plain_list = expected a list of plain values
input-type-records = expected a list of records with { $fields }
input-type-item = item { $n } is not a record of { $fields }

input-number = `{ $value }` is not a number
input-number-grouping = `{ $value }` is not a number: a comma only separates thousands (1,000.5); write the decimal point as `.` (1.5, not 1,5)
input-number-too_many_digits = `{ $value }` has more than 28 significant digits and would be rounded; write at most 28
input-number-too_large = `{ $value }` is too large: a number is at most 79228162514264337593543950335
input-number-too_small = `{ $value }` is too small to keep exactly: a number has at most 28 decimal places
input-number-too_long = `{ $value }` is longer than 64 characters: not a number
input-scientific = `{ $value }` is in scientific notation: Excel shows a number this way when its column is too narrow or the number too long, and a CSV saved (or the text copied) from it loses the digits, so it is not taken as { $read }. Write the whole number (in Excel, format the column as Number, or widen it, and save again)
input-scientific-text = `{ $value }` is the scientific notation Excel shows a long number in, with its later digits gone (ids and credit codes typed as numbers end up so); format the column as Text in Excel, type the value again and save
input-date-written = `{ $value }` is not written as YYYY-MM-DD: write { $iso }
input-date-no_day = `{ $value }` is not a date: month { $month } of { $year } has { $days } days
input-fullwidth = `{ $value }` is typed in full-width characters ({ $names }): type them half-width, as { $half } (switch the input method to English)
input-list-comma = `{ $value }` joins several items with a comma, which does not separate items; use a semicolon (; or ；) or 、, as `{ $fixed }`

input-enum = `{ $value }` is not an allowed value (did you mean { $suggestion }?)
input-enum-allowed = `{ $value }` is not an allowed value; allowed: { $allowed }
input-enum-line_break = `{ $value }` holds a line break and is no allowed value (none has one): in a CSV, is a quote missing, which joined the lines after it into this cell? Separate several values with `;`
input-credit_code = `{ $value }` is not a valid unified social credit code (GB 32100-2015 check digit)
input-range = `{ $value }` is below the lowest allowed value ({ $bound })
input-range-above = `{ $value }` is above the highest allowed value ({ $bound })
input-duplicate_item = `{ $value }` is listed twice: each item may be given once
input-duplicate_item-as = `{ $value }` is listed twice (as `{ $name }`): each item may be given once

input-required = required field is missing
input-required-ignored-column = required field is missing; the column `{ $name }` was ignored — did you mean it?
input-required-ignored-key = required field is missing; the key `{ $name }` was ignored — did you mean it?
# After an error such as a value needed but not given.
input-ignored-column = ; the column `{ $name }` was ignored — did you mean it?
input-ignored-key = ; the key `{ $name }` was ignored — did you mean it?

input-given_twice = given twice in one record (key `{ $key }` twice); keep one
input-given_twice-as = given twice in one record: as `{ $first }` and as `{ $key }`; keep one
input-unknown_field = unknown field
input-unknown_field-hint = unknown field (did you mean `{ $name }`?)
input-unknown_field-hint_id = unknown field (did you mean `{ $name }` (`{ $id }`)?)
input-not_a_record = expected a record: a mapping of field names to values
input-unreadable_record = { $reason }
input-check = { $message }
input-duplicate_id = duplicate id `{ $id }` (also record { $n })
input-unique = { $label } `{ $value }` is already given by application `{ $first }` (record { $n }): one application per value in a batch

## Warnings about a whole file

input-warning = warning
input-warning-help = help

input-column_unit = column `{ $header }` is read in { $unit } as its header says; field { $field } is otherwise in { $own }
    .help = this is exact (a number in this column is { $unit }); if the numbers are really in { $own }, head the column `{ $label }（{ $own }）`

input-unknown_column = { $count ->
        [one] column { $names } names
       *[other] columns { $names } name
    } no field of programme `{ $programme }`: ignored
    .help = rename the column to a field id or label (`fundpolicy template` shows them), or delete it; --strict makes this an error on every record
input-unknown_column-key = { $count ->
        [one] key { $names } names
       *[other] keys { $names } name
    } no field of programme `{ $programme }`: ignored
    .help = rename the key to a field id or label (`fundpolicy template` shows them), or delete it; --strict makes this an error on every record
input-unknown_column-more = and { $count } more
input-unknown_column-records = ({ $count ->
        [one] 1 record
       *[other] { $count } records
    })
input-percent_fraction = { $count ->
        [one] 1 number
       *[other] { $count } numbers
    } under 1 without a % in column `{ $column }` (the first here: `{ $text }`), read as percentage points: `0.12` is 0.12 %, not 12 %
    .help = for 12 %, write `12` or `12%`; a value that really is under 1 % stops this warning when written with its % (`0.12%`)
input-unknown_column-blank = column { $column } has no header: its cells are ignored
    .help = give the column a field id or label as its header, or delete it
input-hint = (did you mean `{ $name }`?)
input-hint-id = (did you mean `{ $name }` (`{ $id }`)?)

## Files that cannot be read

input-unreadable = { $file }: { $message }
input-io-not_found = no such file
input-io-permission = permission denied
input-io-directory = it is a folder, not a file
input-io-other = { $error }
input-cannot_read = cannot read: { $reason }
    .help = check the path and permissions
input-limit-help = set the variable to a size such as 2GiB
input-limit-cells-help = set the variable to a number of cells
input-limit-not_a_size = { $var }={ $value } is not a size: write a whole number, optionally with KiB, MiB or GiB
input-limit-not_utf8 = { $var } is not a size (not UTF-8 text)
input-limit-bytes = { $n } bytes
input-limit-raise = the limit ({ $limit }) guards against hostile files; for a file you trust, raise it: { $var }={ $example }
input-too_large = larger than { $limit }: stopped reading
    .help = YAML, JSON and workbooks are read whole: give a large batch as CSV, which is read as it streams; { $raise }
input-stream_too_large = more than { $limit } read from a stream: stopped; { $raise }
input-not_utf8 = not UTF-8 text (invalid byte at offset { $offset })
    .help = save the file as UTF-8
input-not_utf8_or_gbk = neither UTF-8 nor GB18030/GBK text
    .help = save the CSV as "CSV UTF-8" (or as GBK/GB18030)
input-csv_gbk_too_large = a CSV file that is not UTF-8 is decoded whole, and this one is larger than { $limit }
    .help = save it as "CSV UTF-8", which is read as it streams; { $raise }
input-format = cannot tell the format of { $file }: an application file's extension is .yaml, .yml, .json, .jsonl, .csv or .xlsx
    .help = is it the wrong file? If not, correct its extension or name the format with --input-format (such as `--input-format csv`)
input-digit_key = a key `{ $key }` of digits only, without a value: was a decimal point typed as a comma (`1,5` for `1.5`), or a thousands separator written (`1,500` for `1500`)?
    .help = inside `{"{"} … {"}"}` a comma separates the items; write numbers without commas
input-json-line-list = this line is a list `[…]`: each line of JSON Lines is one application `{"{"}…{"}"}`
    .help = write each application of the list on its own line, or save the whole list as a .json file
input-empty_document = the file holds no application (it is empty, or only null or comments)
    .help = is it the wrong file? One application is lines of `field: value`; several are a list, each starting with `- `
input-workbook_here = a workbook cannot be read here
    .help = give the records as YAML, JSON or CSV
input-json = invalid JSON at line { $line }, column { $column }: { $reason }
    .help = fix the JSON at that place
input-json-line = invalid JSON at column { $column }: { $reason }
    .help = fix the JSON on that line
input-fingerprint = the input's fingerprint could not be kept
input-stdin_unreadable = standard input could not be read

# Reasons serde_json gives.
input-json-eof = the JSON ends here unexpectedly (a closing bracket or quote is missing)
input-json-expected_colon = expected `:`
input-json-expected_list = expected `,` or `]`
input-json-expected_object = expected `,` or `{"}"}`
input-json-expected_value = expected value
input-json-expected_quote = expected `"`
input-json-invalid_escape = invalid escape
input-json-invalid_number = invalid number
input-json-out_of_range = number out of range
input-json-control = a control character inside a string (write a line break or tab as `\n`, `\t`)
input-json-key_string = key must be a string
input-json-trailing_comma = trailing comma
input-json-trailing = trailing characters
input-json-recursion = nested too deeply

## The format of standard input

input-format-csv = CSV
input-format-json = JSON
input-format-jsonl = JSON Lines
input-format-yaml = YAML
input-format-xlsx = an xlsx workbook
input-sniff = fundpolicy: reading standard input as { $format } ({ $why }); choose with --input-format csv|json|jsonl|yaml|xlsx
input-sniff-unreadable = it could not be read
input-sniff-zip = it starts as a zip archive
input-sniff-empty = it is empty
input-sniff-flow = a YAML flow collection (keys without quotes)
input-sniff-jsonl = one JSON object per line
input-sniff-brace = it starts with `{"{"}`
input-sniff-bracket = it starts with `[`
input-sniff-yaml_list = it starts as a YAML list or document
input-sniff-key_value = its first line is `key: value`
input-sniff-comma = its first line is comma-separated
input-sniff-single = lines of single values without `key:`
input-sniff-else = nothing else matched

## CSV

input-csv-help = fix the CSV: one header row of field ids or labels, the same number of cells in every row
input-csv-plain-help = fix the CSV: one header row, the same number of cells in every row
input-csv-header = cannot read the header row: { $reason }
input-csv-header_encoding = the header row is not UTF-8 text
input-csv-empty = the file is empty: no header row
input-csv-header_twice = column `{ $header }` appears twice in the header
input-csv-same_field = columns { $first_column } `{ $first }` and { $second_column } `{ $second }` both give field { $field }; keep one of them
input-csv-column = column `{ $header }`: { $reason }
input-csv-line = line { $line }: { $reason }
input-csv-unclosed_quote = a quote that opens here is never closed: everything after it would be read as one cell and the records after it lost; stopped reading. Close the quote (a quote inside a cell is written twice: "")
input-row_too_long = a row longer than { $limit }: stopped reading; { $raise }
input-rows_apart = line { $line }: more rows of this id than at line { $first }, with other rows between: put every row of one application next to each other (neither part is evaluated)
input-ragged_row = the row has { $cells ->
        [one] 1 cell
       *[other] { $cells } cells
    } but the header has { $headers }
input-row_in_cell = this cell runs over several lines, and one of them looks like a whole row ({ $cells } cells, as many as the header has: `{ $text }`): most likely a quote is missing, which joined the rows after it into this cell and lost their applications. Check that this cell's quotes pair up
input-stray_quote = text follows the closing quote of this cell (joined, it would read `{ $cell }`): text inside and after quotes is not joined to guess what was meant. To quote a cell, quote all of it and write a quote inside it twice (""); or remove the quotes
input-encoding = the cell is not UTF-8 text; save the file as UTF-8 (or all of it as GB18030)
input-rows_disagree = line { $first } gives `{ $before }` and line { $line } gives `{ $now }`; the rows of one record must agree

## Workbooks

input-cell = the cell holds the Excel error { $error }
input-cell-no_day = the cell is formatted as a date but its number { $number } is no date of Excel's calendar (a date typed as digits such as 20200703, say); type a date such as 2020-07-03
input-cell-time_only = the cell holds a time but no date; type a date such as 2020-07-03
input-cell-milliseconds = the cell's time has a fraction of a second; write the time to the second, such as 2021-07-29 18:00:30
input-rows_disagree-cells = { $first } gives `{ $before }` and { $cell } gives `{ $now }`; the rows of one application must agree
input-workbook-sheet = sheet `{ $sheet }` cannot be read: { $reason }
    .help = open the workbook in Excel or WPS and save it again
input-workbook-cells = the workbook has more than { $limit } filled cells
    .help = give a batch this large as CSV, which is read as it streams; { $raise }
input-workbook-damaged = the workbook is damaged: its contents cannot be read
    .help = open it in Excel, WPS or LibreOffice and save it again as .xlsx
input-workbook-not_xlsx = not a readable .xlsx workbook: { $reason }
    .help = save the file as an Excel workbook (.xlsx); .xls and .et files must be saved as .xlsx first
input-workbook-not_zip = it is not a zip archive, as every .xlsx workbook is (it may be an .xls or .et file, or another file renamed)
input-workbook-truncated = it starts as a zip archive (as every .xlsx workbook does) but is incomplete or damaged: the download or copy may not have finished
    .help = download or copy the file again; if that does not help, open the original in Excel or WPS and save it again as .xlsx
input-workbook-xls = it is an old .xls (or WPS .et) workbook, not .xlsx
input-workbook-missing_part = the part `{ $part }` every .xlsx workbook has is missing (not saved by Excel or WPS, or damaged)
input-workbook-part = part { $n }
input-workbook-unzipped = the workbook unzips to more than { $limit } (stopped in `{ $part }`): not read
input-workbook-same_field = sheet `{ $sheet }`: columns { $first_column } `{ $first }` and { $second_column } `{ $second }` both give field { $field }
    .help = keep one of the two columns
input-workbook-no_header = no sheet has a header row naming the application id
    .help = put the field ids or labels in a header row within the first { $rows } rows, with a column headed { $names }; `fundpolicy template` writes such a workbook
input-workbook-orphan = { $cell } (id `{ $id }`)
input-workbook-no_main = no sheet holds the applications themselves
input-workbook-no_application = this id has no application on { $sheets }
input-workbook-orphan_rows = { $more ->
        [0] row { $first }
       *[other] row { $first } and { $more } more ({ $count } in all): { $rest }
    }: { $why }
    .help = correct the id to one given on the applications sheet, or add that application (or delete the row)
input-more_errors = { $count } more { $count -> 
        [one] error
       *[other] errors
    }, in { $fields } (`fundpolicy explain` shows each)
input-unknown_document = `{ $text }` is no document of this programme; documents: { $choices }
    .help = give document ids or names, several separated by `;`
