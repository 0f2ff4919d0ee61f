# `fundpolicy serve`: the HTTP service's words (starting, refusing, and every error answer).

## Starting
serve-exposed = Refusing to serve on { $addr }: it is not a loopback address, so anyone who can reach it could call the service.
    .help = Give an access token file with --token-file, or say --no-auth explicitly; bind 127.0.0.1 to serve this machine only.
serve-token-unreadable = Cannot read the token file { $path }: { $reason }
serve-token-short = warning: the token in { $path } has only { $n } characters and can be guessed; use at least { $min } random characters (such as those of `openssl rand -hex 16`)
serve-token-empty = The token file { $path } is empty; an empty token would let anyone in.
serve-bind = Cannot listen on { $addr }: { $reason }
serve-runtime = Cannot start the service: { $reason }
serve-reload-failed = the policy files of { $year } no longer check after a change ({ $n ->
        [one] 1 problem
       *[other] { $n } problems
    }); the last good version stays in service (the pages' banner and /api/v1/years/{ $year } say why)
serve-listening = Serving on http://{ $addr }/ (policies: { $source }). Press Ctrl+C to stop.

## Error answers
serve-error-connections = The server has as many connections as it takes; try again shortly.
serve-error-timeout = The request took longer than { $seconds } seconds and was stopped.
serve-error-token-missing = An access token is needed: send the header Authorization: Bearer <token>.
serve-error-token-page = An access token is needed here. Reload the page and, in the sign-in box the browser shows, type anything as the user name and the access token you were given as the password.
serve-error-token-wrong = The access token is wrong.
serve-error-lang = Unsupported language "{ $lang }": use zh or en.
serve-error-query-twice = The query gives { $key } twice, and which one is meant cannot be told; give it once.
serve-error-method = { $path } does not answer { $method } requests.
serve-error-no-route = Nothing at { $path }
serve-error-year-unusable = The { $year } policy cannot be loaded at present; see details.
serve-error-no-year = There is no { $year } policy. Years: { $years }
serve-error-input = The input cannot be used.
serve-error-too-large = The request body is too large: at most { $max }.
serve-error-body = The request body could not be read: { $reason }
serve-error-content-type = Unsupported content type "{ $given }": send application/json, application/jsonl, text/csv, application/yaml, an Excel workbook (.xlsx) or multipart/form-data.
serve-error-multipart = The uploaded form is malformed: { $reason }
serve-error-file-type = Cannot tell the format of the file "{ $file }": upload an .xlsx, .csv, .json, .jsonl or .yaml file.
serve-error-several-files = one file per upload: received “{ $first }” and “{ $second }”. Put the applications in one file, or send them separately.
serve-multipart-no-boundary = the Content-Type header is not multipart/form-data with a boundary
serve-multipart-incomplete = the upload is incomplete (cut off part way)
serve-multipart-garbled = the parts of the upload cannot be told apart
serve-error-no-file = The uploaded form holds no file.
serve-error-busy = The server is receiving as much uploaded data as it holds; try again shortly.
serve-error-overloaded = Too many evaluations are running; try again shortly.
serve-error-internal = An internal error stopped the request.
serve-error-format = Unsupported results format "{ $format }": use json, csv or xlsx.
serve-error-explain-id = Name the record to explain with ?id=.
serve-error-no-record = The input has no record with the id "{ $id }".
serve-error-no-page = No such page: the year or the programme does not exist.
serve-error-form = The posted form could not be read.
serve-error-no-programme-field = Choose the programme to compare.
