//! The JSON API under `/api/v1`, and `/healthz`, `/metrics`: thin handlers over
//! [`crate::api`]. Every error is an [`ApiError`].

use super::state::Waiting;
use super::{ApiError, State};
use crate::Lang;
use crate::api::{self, EvaluateOptions, Input, InputFormat, Year};
use crate::report::machine::report_json;
use crate::t;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value as Json, json};
use std::sync::Arc;

type AppState = axum::extract::State<Arc<State>>;

/// The OpenAPI 3.1 document of this API, kept beside the code and checked against real
/// answers by `tests/serve_api.rs`.
pub const OPENAPI: &str = include_str!("openapi.json");

pub(super) fn routes() -> Router<Arc<State>> {
    Router::new()
        .route("/healthz", get(health))
        .route("/metrics", get(metrics))
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/years", get(years))
        .route("/api/v1/years/{year}", get(year))
        .route("/api/v1/years/{year}/programmes/{id}", get(programme))
        .route(
            "/api/v1/years/{year}/programmes/{id}/evaluate",
            post(evaluate),
        )
        .route(
            "/api/v1/years/{year}/programmes/{id}/explain",
            post(explain),
        )
        .route(
            "/api/v1/years/{year}/programmes/{id}/template.xlsx",
            get(template),
        )
        .route(
            "/api/v1/years/{year}/programmes/{id}/template.csv",
            get(template_csv),
        )
        .route("/api/v1/diff/{from}/{to}", get(diff))
}

/// The `lang` a query asks for, if any.
#[derive(Deserialize, Default)]
pub(super) struct LangQuery {
    lang: Option<String>,
}

/// The language of a request: `?lang=zh|en`, else the first of `zh`/`en` in
/// `Accept-Language`, else Chinese.
pub(super) fn request_lang(query: Option<&str>, headers: &HeaderMap) -> Result<Lang, ApiError> {
    if let Some(q) = query {
        return match q.to_ascii_lowercase().as_str() {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            _ => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                t!(Lang::Zh, "serve-error-lang", lang = q),
            )),
        };
    }
    Ok(accept_language(headers).unwrap_or_default())
}

/// The language `Accept-Language` prefers of the two we have: the one with the highest
/// `q` (`q=0` refuses it), the first written on a tie.
pub(super) fn accept_language(headers: &HeaderMap) -> Option<Lang> {
    let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut best: Option<(Lang, f32)> = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
            .unwrap_or(0.0);
        let lang = match tag
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
            .as_str()
        {
            "zh" => Lang::Zh,
            "en" => Lang::En,
            _ => continue,
        };
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((lang, q));
        }
    }
    best.map(|(lang, _)| lang)
}

/// The language of a request for the words of an error made before its handler (a bad
/// `lang` counts as none).
pub(super) fn lang_of(request: &Request) -> Lang {
    let query = request.uri().query().unwrap_or_default();
    let asked = query.split('&').find_map(|kv| kv.strip_prefix("lang="));
    match asked {
        Some("en") => Lang::En,
        Some("zh") => Lang::Zh,
        _ => accept_language(request.headers()).unwrap_or_default(),
    }
}

async fn health(state: AppState) -> Response {
    let years = state.years();
    let served: Vec<u32> = years
        .iter()
        .filter(|(_, s)| s.year.is_some())
        .map(|(y, _)| *y)
        .collect();
    let problems = years.values().any(|s| !s.problems(Lang::Zh).is_empty());
    axum::Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "years": served,
        "reload_problems": problems,
    }))
    .into_response()
}

async fn metrics(state: AppState) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        state.metrics.text(),
    )
        .into_response()
}

async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        OPENAPI,
    )
        .into_response()
}

/// A programme as listed: id and title.
fn programme_item(p: &crate::policy::Programme, lang: Lang) -> Json {
    json!({ "id": p.id, "title": p.title.get(lang) })
}

/// A year as listed and as `GET /api/v1/years/{year}` answers it.
fn year_json(number: u32, served: &super::Served, lang: Lang) -> Json {
    match &served.year {
        Some(y) => json!({
            "year": number,
            "title": y.title(lang),
            "status": y.status(),
            "digest": y.digest(),
            "source": y.source(),
            "programmes": y.programmes().iter().map(|p| programme_item(p, lang)).collect::<Vec<_>>(),
            "reload_problems": served.problems(lang),
        }),
        None => json!({
            "year": number,
            "title": null,
            "status": null,
            "digest": null,
            "source": null,
            "programmes": [],
            "reload_problems": served.problems(lang),
        }),
    }
}

async fn years(state: AppState, Query(q): Query<LangQuery>, headers: HeaderMap) -> Response {
    let lang = match request_lang(q.lang.as_deref(), &headers) {
        Ok(l) => l,
        Err(e) => return e.into_response(),
    };
    let years = state.years();
    let list: Vec<Json> = years.iter().map(|(n, s)| year_json(*n, s, lang)).collect();
    axum::Json(json!({ "source": state.policies.label(), "years": list })).into_response()
}

/// The year of a path, served: 404 when there is none by that number, 503 when its files
/// have never loaded.
fn served_year(state: &State, year: &str, lang: Lang) -> Result<Year, ApiError> {
    let years = state.years();
    let served = year.parse::<u32>().ok().and_then(|n| years.get(&n));
    match served {
        Some(s) => s.year.clone().ok_or_else(|| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "policy_unusable",
                t!(lang, "serve-error-year-unusable", year = year),
            )
            .with_details(Json::Array(s.problems(lang).to_vec()))
        }),
        None => {
            let known: Vec<String> = years.keys().map(u32::to_string).collect();
            Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_year",
                t!(
                    lang,
                    "serve-error-no-year",
                    year = year,
                    years = known.join(", ")
                ),
            ))
        }
    }
}

/// The programme `id` of a year, or 404 naming the programmes there are.
fn served_programme(year: &Year, id: &str, lang: Lang) -> Result<(), ApiError> {
    match year.programme(id) {
        Some(_) => Ok(()),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_programme",
            Lang::with_messages(lang, || year.no_programme_message(id)),
        )),
    }
}

async fn year(
    state: AppState,
    Path(year): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = request_lang(q.lang.as_deref(), &headers)?;
    served_year(&state, &year, lang)?;
    let years = state.years();
    let number = year.parse::<u32>().unwrap_or_default();
    let served = years.get(&number).cloned().unwrap_or_default();
    Ok(axum::Json(year_json(number, &served, lang)).into_response())
}

async fn programme(
    state: AppState,
    Path((year, id)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = request_lang(q.lang.as_deref(), &headers)?;
    let y = served_year(&state, &year, lang)?;
    served_programme(&y, &id, lang)?;
    // `describe` answers for every programme `served_programme` found.
    let doc = api::describe(&y, &id, lang).unwrap_or(Json::Null);
    Ok(axum::Json(doc).into_response())
}

async fn template(
    state: AppState,
    Path((year, id)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = request_lang(q.lang.as_deref(), &headers)?;
    let y = served_year(&state, &year, lang)?;
    served_programme(&y, &id, lang)?;
    let bytes = Lang::with_messages(lang, || api::template(&y, &id, lang))
        .map_err(|p| problems_error(StatusCode::INTERNAL_SERVER_ERROR, "internal", &p, lang))?;
    Ok(file(
        bytes,
        InputFormat::Xlsx.content_type(),
        &format!("{}-{}-template.xlsx", y.year(), id),
    ))
}

async fn template_csv(
    state: AppState,
    Path((year, id)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = request_lang(q.lang.as_deref(), &headers)?;
    let y = served_year(&state, &year, lang)?;
    served_programme(&y, &id, lang)?;
    let bytes = api::template_csv(&y, &id)
        .map_err(|p| problems_error(StatusCode::INTERNAL_SERVER_ERROR, "internal", &p, lang))?;
    Ok(file(
        bytes,
        "text/csv; charset=utf-8",
        &format!("{}-{}-template.csv", y.year(), id),
    ))
}

async fn diff(
    state: AppState,
    Path((from, to)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = request_lang(q.lang.as_deref(), &headers)?;
    let old = served_year(&state, &from, lang)?;
    let new = served_year(&state, &to, lang)?;
    Ok(axum::Json(api::diff_years(&old, &new).to_json()).into_response())
}

/// A file to download. The name is made by the server from a year and a programme id the
/// server has (never a path from the request); quotes and controls are dropped all the same.
fn file(bytes: Vec<u8>, content_type: &str, name: &str) -> Response {
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    let mut response = Response::new(Body::from(bytes));
    if let Ok(v) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// Problems of the library as an error: their first message, and all of them located in
/// `details`.
fn problems_error(
    status: StatusCode,
    code: &'static str,
    problems: &[crate::diag::Report],
    lang: Lang,
) -> ApiError {
    let message = problems
        .first()
        .map(|r| r.message.clone())
        .unwrap_or_else(|| t!(lang, "serve-error-input"));
    ApiError::new(status, code, message)
        .with_details(Json::Array(problems.iter().map(report_json).collect()))
}

#[derive(Deserialize, Default)]
struct EvaluateQuery {
    lang: Option<String>,
    format: Option<String>,
    strict: Option<bool>,
    id: Option<String>,
}

/// What evaluate answers with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer {
    Json,
    Csv,
    Xlsx,
}

/// Request bodies held in memory, counted against [`super::Limits::buffered_bytes`] (in KiB
/// permits) until the request is answered: many large uploads at once are answered 503
/// rather than growing memory without bound.
pub(super) type Held<'a> = Option<tokio::sync::SemaphorePermit<'a>>;

/// The body of a request, whole, within the body limit (413 past it) and within the memory
/// all bodies in flight may take together (503 past it). The permit returned holds the
/// body's share until it is dropped.
pub(super) async fn read_body<'s>(
    state: &'s State,
    body: Body,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<(Bytes, Held<'s>), ApiError> {
    use http_body_util::BodyExt;
    let limit = state.limits.body_bytes;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            t!(
                lang,
                "serve-error-too-large",
                max = crate::input::limits::INPUT_BYTES.show(limit as u64)
            ),
        )
    };
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let mut held: Held<'s> = None;
    let mut taken = 0usize;
    let mut data = Vec::new();
    let mut body = body;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                t!(lang, "serve-error-body", reason = e.to_string()),
            )
        })?;
        let Ok(chunk) = frame.into_data() else {
            continue;
        };
        if data.len() + chunk.len() > limit {
            return Err(too_large());
        }
        data.extend_from_slice(&chunk);
        let needed = data.len().div_ceil(1024);
        if needed > taken {
            let more = u32::try_from(needed - taken).unwrap_or(u32::MAX);
            let permit = state
                .buffered
                .try_acquire_many(more)
                .map_err(|_| ApiError {
                    retry_after: Some(1),
                    ..ApiError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "overloaded",
                        t!(lang, "serve-error-busy"),
                    )
                })?;
            match &mut held {
                Some(h) => h.merge(permit),
                None => held = Some(permit),
            }
            taken = needed;
        }
    }
    Ok((Bytes::from(data), held))
}

/// The name an input is reported under: the file name a client gives
/// (`Content-Disposition: …; filename="a.csv"`, its last path part only), else
/// `request.<format>`. Only a label: nothing is read from or written to it.
fn input_name(headers: &HeaderMap, format: InputFormat) -> String {
    headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .and_then(disposition_filename)
        .unwrap_or_else(|| format!("request.{}", format.name()))
}

fn disposition_filename(value: &str) -> Option<String> {
    let at = value.find("filename=")?;
    let name = value[at + "filename=".len()..]
        .split(';')
        .next()?
        .trim()
        .trim_matches('"');
    clean_name(name)
}

/// A client's file name as a label: its last path part, without controls.
pub(super) fn clean_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next()?;
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    (!clean.is_empty() && clean != "." && clean != "..").then_some(clean)
}

/// The input a request carries: its body in the format its `Content-Type` names, or the
/// first file of a `multipart/form-data` body.
pub(super) async fn request_input<'s>(
    state: &'s State,
    headers: &HeaderMap,
    body: Body,
    lang: Lang,
) -> Result<(Input, Held<'s>), ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let unsupported = || {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            t!(
                lang,
                "serve-error-content-type",
                given = content_type.as_str()
            ),
        )
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence == "multipart/form-data" {
        let (bytes, held) = read_body(state, body, headers, lang).await?;
        let (name, format, data) = multipart_file(headers, bytes, lang).await?;
        return Ok((Input::bytes(name, format, Vec::from(data)), held));
    }
    let format = InputFormat::from_content_type(&content_type).ok_or_else(unsupported)?;
    let (bytes, held) = read_body(state, body, headers, lang).await?;
    Ok((
        Input::bytes(input_name(headers, format), format, Vec::from(bytes)),
        held,
    ))
}

/// The first file part of a multipart body, with its name and format (by the part's
/// `Content-Type`, else its file name's extension). A body that is not well-formed
/// multipart is 400; one without a file part 422.
pub(super) async fn multipart_file(
    headers: &HeaderMap,
    bytes: Bytes,
    lang: Lang,
) -> Result<(String, InputFormat, Bytes), ApiError> {
    let malformed = |reason: String| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_multipart",
            t!(lang, "serve-error-multipart", reason = reason),
        )
    };
    let mut parts = multipart(headers, bytes, lang).map_err(malformed)?;
    let mut found: Option<(String, InputFormat, Bytes)> = None;
    loop {
        let field = match parts.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(malformed(multipart_reason(&e, lang))),
        };
        let Some(file_name) = field.file_name().and_then(clean_name) else {
            continue;
        };
        // One batch is one file: a second one would be left out without a word.
        if let Some((first, ..)) = &found {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "several_files",
                t!(
                    lang,
                    "serve-error-several-files",
                    first = first.as_str(),
                    second = file_name.as_str()
                ),
            ));
        }
        let format = field
            .content_type()
            .and_then(|m| InputFormat::from_content_type(m.as_ref()))
            .or_else(|| {
                std::path::Path::new(&file_name)
                    .extension()
                    .and_then(|e| e.to_str())
                    .and_then(InputFormat::from_extension)
            });
        let data = field
            .bytes()
            .await
            .map_err(|e| malformed(multipart_reason(&e, lang)))?;
        let Some(format) = format else {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                t!(lang, "serve-error-file-type", file = file_name.as_str()),
            ));
        };
        found = Some((file_name, format, data));
    }
    if let Some(file) = found {
        return Ok(file);
    }
    Err(ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "no_file",
        t!(lang, "serve-error-no-file"),
    ))
}

/// Why a multipart body could not be read, in the catalogue's words (multer's are English).
pub(super) fn multipart_reason(e: &multer::Error, lang: Lang) -> String {
    match e {
        multer::Error::NoBoundary | multer::Error::NoMultipart => {
            t!(lang, "serve-multipart-no-boundary")
        }
        multer::Error::IncompleteStream
        | multer::Error::IncompleteFieldData { .. }
        | multer::Error::IncompleteHeaders => t!(lang, "serve-multipart-incomplete"),
        _ => t!(lang, "serve-multipart-garbled"),
    }
}

/// The multipart parts of a body already read (multer, which axum's own extractor wraps,
/// used directly so the server's body limit, not axum's default, is the one kept).
pub(super) fn multipart(
    headers: &HeaderMap,
    bytes: Bytes,
    lang: Lang,
) -> Result<multer::Multipart<'static>, String> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let boundary = multer::parse_boundary(content_type).map_err(|e| multipart_reason(&e, lang))?;
    let stream =
        futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(bytes) });
    Ok(multer::Multipart::new(stream, boundary))
}

/// Waits for a turn to evaluate: at most `limits.evaluations` run at once; up to
/// `limits.queue` more wait; one more is answered 503 with `Retry-After`. The permit is
/// owned so it can go with the work onto its blocking thread: a request that times out
/// stops waiting for the work, but the slot stays taken until the work is done.
pub(super) async fn turn(
    state: &State,
    lang: Lang,
) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
    let overloaded = || ApiError {
        retry_after: Some(1),
        ..ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            t!(lang, "serve-error-overloaded"),
        )
    };
    if let Ok(permit) = state.running.clone().try_acquire_owned() {
        return Ok(permit);
    }
    let waiting = Waiting::join(&state.waiting, state.limits.queue).ok_or_else(overloaded)?;
    let permit = state
        .running
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| overloaded())?;
    drop(waiting);
    Ok(permit)
}

/// Evaluates a request's input on a blocking thread, in the request's language.
pub(super) async fn run_evaluation(
    state: &State,
    year: &Year,
    programme: &str,
    input: Input,
    strict: bool,
    detail: bool,
    lang: Lang,
) -> Result<api::Evaluation, ApiError> {
    let permit = turn(state, lang).await?;
    let format = input.format;
    let options = EvaluateOptions {
        max_records: state.limits.records,
        strict,
        detail,
        lang,
        progress: None,
    };
    let (y, p) = (year.clone(), programme.to_string());
    let result = tokio::task::spawn_blocking(move || {
        let done = Lang::with_messages(lang, || api::evaluate(&y, &p, &[input], &options));
        drop(permit);
        done
    })
    .await;
    let evaluation = match result {
        Ok(r) => r,
        Err(_) => {
            return Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                t!(lang, "serve-error-internal"),
            ));
        }
    }
    .map_err(|problems| {
        let too_many = t!(lang, "cli-too-many", max = state.limits.records);
        if problems.iter().any(|p| p.message.contains(&too_many)) {
            problems_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_many_records",
                &problems,
                lang,
            )
        } else if format == InputFormat::Xlsx {
            problems_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unusable_file",
                &problems,
                lang,
            )
        } else {
            problems_error(StatusCode::BAD_REQUEST, "bad_input", &problems, lang)
        }
    })?;
    state.metrics.evaluated(evaluation.outcomes().len());
    Ok(evaluation)
}

async fn evaluate(
    state: AppState,
    Path((year, id)): Path<(String, String)>,
    Query(q): Query<EvaluateQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let lang = request_lang(q.lang.as_deref(), &headers)?;
    let answer = match q.format.as_deref() {
        None | Some("json") => Answer::Json,
        Some("csv") => Answer::Csv,
        Some("xlsx") => Answer::Xlsx,
        Some(other) => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                t!(lang, "serve-error-format", format = other),
            ));
        }
    };
    let y = served_year(&state, &year, lang)?;
    served_programme(&y, &id, lang)?;
    let (input, _held) = request_input(&state, &headers, body, lang).await?;
    let evaluation = run_evaluation(
        &state,
        &y,
        &id,
        input,
        q.strict.unwrap_or(false),
        answer == Answer::Xlsx,
        lang,
    )
    .await?;
    let name = format!("{}-{}-results", y.year(), id);
    // Written on a blocking thread: a batch of a million records is large.
    let made = tokio::task::spawn_blocking(move || -> Result<Response, ApiError> {
        Ok(match answer {
            Answer::Json => {
                let mut out = Vec::new();
                // Writing into memory does not fail.
                let _ = evaluation.write_json(&mut out);
                let mut r = Response::new(Body::from(out));
                r.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                r
            }
            Answer::Csv => file(
                evaluation.to_csv(lang),
                "text/csv; charset=utf-8",
                &format!("{name}.csv"),
            ),
            Answer::Xlsx => file(
                evaluation.to_xlsx(lang).map_err(|p| {
                    problems_error(StatusCode::INTERNAL_SERVER_ERROR, "internal", &p, lang)
                })?,
                InputFormat::Xlsx.content_type(),
                &format!("{name}.xlsx"),
            ),
        })
    })
    .await;
    made.unwrap_or_else(|_| {
        Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            t!(lang, "serve-error-internal"),
        ))
    })
}

async fn explain(
    state: AppState,
    Path((year, id)): Path<(String, String)>,
    Query(q): Query<EvaluateQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let lang = request_lang(q.lang.as_deref(), &headers)?;
    let Some(record) = q.id.clone() else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            t!(lang, "serve-error-explain-id"),
        ));
    };
    let y = served_year(&state, &year, lang)?;
    served_programme(&y, &id, lang)?;
    let (input, _held) = request_input(&state, &headers, body, lang).await?;
    let evaluation = run_evaluation(
        &state,
        &y,
        &id,
        input,
        q.strict.unwrap_or(false),
        true,
        lang,
    )
    .await?;
    match evaluation.explain(&record, lang) {
        Some(e) => Ok(axum::Json(e.to_json()).into_response()),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_record",
            t!(lang, "serve-error-no-record", id = record.as_str()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_from_query_then_header() {
        let mut h = HeaderMap::new();
        assert_eq!(request_lang(None, &h).ok(), Some(Lang::Zh));
        h.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("fr-FR, en-GB;q=0.8, zh;q=0.5"),
        );
        assert_eq!(request_lang(None, &h).ok(), Some(Lang::En));
        assert_eq!(request_lang(Some("zh"), &h).ok(), Some(Lang::Zh));
        assert!(request_lang(Some("de"), &h).is_err());
        // The highest q wins, not the first tag; q=0 refuses a language.
        h.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("zh;q=0.1, en;q=0.9"),
        );
        assert_eq!(request_lang(None, &h).ok(), Some(Lang::En));
        h.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("en;q=0, zh-CN"),
        );
        assert_eq!(request_lang(None, &h).ok(), Some(Lang::Zh));
    }

    #[test]
    fn a_client_file_name_is_only_a_label() {
        assert_eq!(
            disposition_filename("attachment; filename=\"../../etc/passwd\""),
            Some("passwd".to_string())
        );
        assert_eq!(
            disposition_filename("form-data; filename=a.csv"),
            Some("a.csv".to_string())
        );
        assert_eq!(disposition_filename("attachment; filename=\"..\""), None);
    }
}

#[cfg(test)]
mod overload {
    use super::*;

    /// With every evaluation slot taken and no room to wait, the answer is 503 with
    /// `Retry-After`; with room to wait, the request waits for the slot.
    #[tokio::test]
    async fn a_full_queue_is_503_with_retry_after() {
        let limits = super::super::Limits {
            evaluations: 1,
            queue: 0,
            ..Default::default()
        };
        let state = State::new(api::Policies::builtin(), limits, None);
        let held = state.running.try_acquire();
        assert!(held.is_ok());
        let e = turn(&state, Lang::En).await.err();
        let e = e.as_ref().map(|e| (e.status, e.code, e.retry_after));
        assert_eq!(
            e,
            Some((StatusCode::SERVICE_UNAVAILABLE, "overloaded", Some(1)))
        );
        drop(held);
        assert!(turn(&state, Lang::En).await.is_ok());

        let limits = super::super::Limits {
            evaluations: 1,
            queue: 1,
            ..Default::default()
        };
        let state = Arc::new(State::new(api::Policies::builtin(), limits, None));
        let held = state.running.try_acquire();
        let waiter = {
            let state = state.clone();
            tokio::spawn(async move { turn(&state, Lang::En).await.is_ok() })
        };
        while state.waiting.load(std::sync::atomic::Ordering::Acquire) == 0 {
            tokio::task::yield_now().await;
        }
        // The queue is full now: one more is refused.
        assert!(turn(&state, Lang::En).await.is_err());
        drop(held);
        assert_eq!(waiter.await.ok(), Some(true));
    }
}
