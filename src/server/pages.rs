//! The workbench's page routes: thin handlers that call [`crate::web`]'s page functions
//! (which do all the HTML and its escaping) with the years in service.

use super::api::{multipart, multipart_file, multipart_reason, read_body, run_evaluation};
use super::{ApiError, Served, State};
use crate::api::{Input, InputFormat};
use crate::policy::Policy;
use crate::web::{self, Ctx};
use crate::{Lang, t};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

type AppState = axum::extract::State<Arc<State>>;

pub(super) fn routes(state: Arc<State>) -> Router<Arc<State>> {
    Router::new()
        .route("/", get(index))
        .route("/web", get(index))
        .route("/web/compare", get(compare).post(compare_batch))
        .route("/web/{year}/{programme}", get(rules))
        .route("/web/{year}/{programme}/source/{n}", get(source))
        .route(
            "/web/{year}/{programme}/evaluate",
            get(evaluate_form).post(evaluate_one),
        )
        .route("/web/{year}/{programme}/batch", get(batch_form).post(batch))
        .route("/static/{file}", get(asset))
        // The addresses the API uses for a programme, for people who type them.
        .route(
            "/years/{year}/programmes/{programme}",
            get(|Path((y, p)): Path<(String, String)>| async move {
                axum::response::Redirect::permanent(&format!("/web/{}/{}", esc(&y), esc(&p)))
            }),
        )
        .route_layer(axum::middleware::from_fn_with_state(state, page_language))
}

/// A page asked for without `?lang=` is in the language the browser prefers
/// (`Accept-Language`), as the API answers; the links on it then carry `lang=` on. A `lang`
/// the workbench does not have is refused (400, as the API does) in the browser's language,
/// never shown in Chinese as if it had been asked for.
async fn page_language(
    state: AppState,
    mut request: Request,
    next: axum::middleware::Next,
) -> Response {
    let query = request.uri().query().unwrap_or_default();
    let asked = query
        .split('&')
        .any(|kv| kv == "lang" || kv.starts_with("lang="));
    let unsupported = query
        .split('&')
        .filter_map(|kv| kv.strip_prefix("lang="))
        .map(|v| form_decode(v).unwrap_or_else(|| v.to_string()))
        .find(|v| {
            let v = v.trim();
            !v.is_empty() && !["zh", "en"].iter().any(|l| v.eq_ignore_ascii_case(l))
        });
    if let Some(value) = unsupported {
        let lang = super::api::accept_language(request.headers()).unwrap_or_default();
        let message = t!(lang, "serve-error-lang", lang = value.as_str());
        let mut response = error(&state, lang, StatusCode::BAD_REQUEST, &message);
        response
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static("accept-language"));
        return response;
    }
    if !asked && super::api::accept_language(request.headers()) == Some(Lang::En) {
        let path = request.uri().path();
        let with = if query.is_empty() {
            format!("{path}?lang=en")
        } else {
            format!("{path}?{query}&lang=en")
        };
        if let Ok(uri) = with.parse() {
            *request.uri_mut() = uri;
        }
    }
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("accept-language"));
    response
}

/// A query that gives a key twice (`?lang=en&lang=fr`) is refused in the service's words, as
/// the API's JSON error or as a page, not with the framework's English text: which of the two
/// was meant cannot be told. No page or endpoint takes a key twice.
pub(super) async fn query_keys_once(
    state: AppState,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    let query = request.uri().query().unwrap_or_default();
    let mut seen: Vec<&str> = Vec::new();
    let twice = query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| kv.split('=').next().unwrap_or(kv))
        .find(|key| {
            let again = seen.contains(key);
            seen.push(key);
            again
        });
    let Some(key) = twice else {
        return next.run(request).await;
    };
    let key = form_decode(key).unwrap_or_else(|| key.to_string());
    let lang = super::api::lang_of(&request);
    let message = t!(lang, "serve-error-query-twice", key = key.as_str());
    if request.uri().path().starts_with("/api/") {
        return ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message).into_response();
    }
    error(&state, lang, StatusCode::BAD_REQUEST, &message)
}

#[derive(Deserialize, Default)]
pub(super) struct PageQuery {
    lang: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// Calls `f` with what every page shows besides its content: the language, the years in
/// service and the problems of the last reload (the banner).
fn with_ctx<R>(state: &State, lang: Lang, f: impl FnOnce(&Ctx, &BTreeMap<u32, Served>) -> R) -> R {
    let years = state.years();
    let policies: Vec<&Policy> = years
        .values()
        .filter_map(|s| s.year.as_ref().map(crate::api::Year::policy))
        .collect();
    let problems: Vec<String> = years
        .values()
        .flat_map(|s| s.problem_lines(lang).iter().cloned())
        .collect();
    let ctx = Ctx {
        lang,
        problems: &problems,
        years: &policies,
    };
    f(&ctx, &years)
}

/// An HTML answer.
fn html(status: StatusCode, page: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        page,
    )
        .into_response()
}

/// An error as a page.
fn error(state: &State, lang: Lang, status: StatusCode, message: &str) -> Response {
    let page = with_ctx(state, lang, |ctx, _| {
        web::error_page(status.as_u16(), message, ctx)
    });
    html(status, page)
}

/// An API error shown as a page (its message; the located details as lines below it).
fn error_of(state: &State, lang: Lang, e: &ApiError) -> Response {
    let mut message = e.message.clone();
    if let Some(details) = e.details.as_array() {
        for d in details {
            let at = d
                .get("location")
                .filter(|l| !l.is_null())
                .map(|l| format!("{l}: "))
                .unwrap_or_default();
            if let Some(m) = d.get("message").and_then(|m| m.as_str()) {
                message.push_str(&format!("\n{at}{m}"));
            }
        }
    }
    let mut response = error(state, lang, e.status, &message);
    if let Some(s) = e.retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(s));
    }
    response
}

/// 405 for a method a route does not answer (`GET …/evaluate`): said in words like any other
/// error, a JSON error under `/api/`.
pub(super) async fn method_not_allowed(state: AppState, request: Request) -> Response {
    let lang = super::api::lang_of(&request);
    let path = request.uri().path().to_string();
    let method = crate::neutral::terminal(request.method().as_str()).into_owned();
    let message = t!(
        lang,
        "serve-error-method",
        method = method.as_str(),
        path = path.as_str()
    );
    if path.starts_with("/api/") {
        return ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            message,
        )
        .into_response();
    }
    error(&state, lang, StatusCode::METHOD_NOT_ALLOWED, &message)
}

/// 404 for a page that is not there; a JSON error under `/api/`.
pub(super) async fn not_found(state: AppState, request: Request) -> Response {
    let lang = super::api::lang_of(&request);
    let path = request.uri().path().to_string();
    let message = t!(lang, "serve-error-no-route", path = path.as_str());
    if path.starts_with("/api/") {
        return ApiError::new(StatusCode::NOT_FOUND, "not_found", message).into_response();
    }
    error(&state, lang, StatusCode::NOT_FOUND, &message)
}

async fn index(state: AppState, Query(q): Query<PageQuery>) -> Response {
    let lang = web::lang(q.lang.as_deref());
    html(
        StatusCode::OK,
        with_ctx(&state, lang, |ctx, _| web::index_page(ctx)),
    )
}

/// The policy of a year in service, or the page that says there is none.
fn policy_of<'a>(years: &'a BTreeMap<u32, Served>, year: &str) -> Option<&'a crate::api::Year> {
    years.get(&year.parse::<u32>().ok()?)?.year.as_ref()
}

/// A page of a year's programme made by `make`, or 404.
fn programme_page(
    state: &State,
    lang: Lang,
    year: &str,
    make: impl FnOnce(&Policy, &Ctx) -> Option<String>,
) -> Response {
    let page = with_ctx(state, lang, |ctx, years| {
        policy_of(years, year).and_then(|y| make(y.policy(), ctx))
    });
    match page {
        Some(p) => html(StatusCode::OK, p),
        None => error(
            state,
            lang,
            StatusCode::NOT_FOUND,
            &t!(lang, "serve-error-no-page"),
        ),
    }
}

async fn rules(
    state: AppState,
    Path((year, programme)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Response {
    let lang = web::lang(q.lang.as_deref());
    programme_page(&state, lang, &year, |p, ctx| {
        web::rules_page(p, &programme, ctx)
    })
}

async fn source(
    state: AppState,
    Path((year, programme, n)): Path<(String, String, String)>,
    Query(q): Query<PageQuery>,
) -> Response {
    let lang = web::lang(q.lang.as_deref());
    let Ok(n) = n.parse::<usize>() else {
        return error(
            &state,
            lang,
            StatusCode::NOT_FOUND,
            &t!(lang, "serve-error-no-page"),
        );
    };
    programme_page(&state, lang, &year, |p, ctx| {
        web::source_page(p, &programme, n, ctx)
    })
}

async fn evaluate_form(
    state: AppState,
    Path((year, programme)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Response {
    let lang = web::lang(q.lang.as_deref());
    programme_page(&state, lang, &year, |p, ctx| {
        web::evaluate_form(p, &programme, ctx)
    })
}

async fn batch_form(
    state: AppState,
    Path((year, programme)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Response {
    let lang = web::lang(q.lang.as_deref());
    programme_page(&state, lang, &year, |p, ctx| {
        web::batch_form(p, &programme, ctx)
    })
}

/// The language of a posted form: its `lang` field, else the query's.
fn posted_lang(pairs: &[(String, String)], q: &PageQuery) -> Lang {
    let field = pairs
        .iter()
        .find(|(k, _)| k == "lang")
        .map(|(_, v)| v.as_str());
    web::lang(field.or(q.lang.as_deref()))
}

async fn evaluate_one(
    state: AppState,
    Path((year, programme)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let lang = web::lang(q.lang.as_deref());
    let (bytes, _held) = match read_body(&state, body, &headers, lang).await {
        Ok(b) => b,
        Err(e) => return error_of(&state, lang, &e),
    };
    let pairs: Vec<(String, String)> = match serde_urlencoded_pairs(&bytes) {
        Some(p) => p,
        None => {
            return error(
                &state,
                lang,
                StatusCode::BAD_REQUEST,
                &t!(lang, "serve-error-form"),
            );
        }
    };
    let lang = posted_lang(&pairs, &q);
    let Some(y) = policy_of(&state.years(), &year).cloned() else {
        return error(
            &state,
            lang,
            StatusCode::NOT_FOUND,
            &t!(lang, "serve-error-no-page"),
        );
    };
    let Some(p) = y.programme(&programme) else {
        return error(
            &state,
            lang,
            StatusCode::NOT_FOUND,
            &t!(lang, "serve-error-no-page"),
        );
    };
    let record = match web::form_to_record(p, &pairs) {
        Ok(r) => r,
        Err(e) => {
            let page = with_ctx(&state, lang, |ctx, _| {
                web::evaluate_form_with(y.policy(), &programme, &pairs, Some(&e), ctx)
            });
            return match page {
                Some(page) => html(StatusCode::BAD_REQUEST, page),
                None => error(&state, lang, StatusCode::BAD_REQUEST, &e.words(lang)),
            };
        }
    };
    let input = Input::bytes("form.json", InputFormat::Json, record.to_string());
    match run_evaluation(&state, &y, &programme, input, false, true, lang).await {
        Ok(evaluation) => html(
            StatusCode::OK,
            with_ctx(&state, lang, |ctx, _| {
                web::evaluation_page(&evaluation, &pairs, ctx)
            }),
        ),
        Err(e) => error_of(&state, lang, &e),
    }
}

/// `application/x-www-form-urlencoded` pairs, in order, or `None` when the body is not that.
fn serde_urlencoded_pairs(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut out = Vec::new();
    for part in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        out.push((form_decode(k)?, form_decode(v)?));
    }
    Some(out)
}

/// One form-encoded component: `+` is a space, `%XX` a byte; the bytes must be UTF-8.
fn form_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

async fn batch(
    state: AppState,
    Path((year, programme)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let lang = web::lang(q.lang.as_deref());
    let Some(y) = policy_of(&state.years(), &year).cloned() else {
        return error(
            &state,
            lang,
            StatusCode::NOT_FOUND,
            &t!(lang, "serve-error-no-page"),
        );
    };
    let (bytes, _held) = match read_body(&state, body, &headers, lang).await {
        Ok(b) => b,
        Err(e) => return error_of(&state, lang, &e),
    };
    let (name, format, data) = match multipart_file(&headers, bytes, lang).await {
        Ok(f) => f,
        Err(e) => return error_of(&state, lang, &e),
    };
    let input = Input::bytes(name.clone(), format, Vec::from(data));
    match run_evaluation(&state, &y, &programme, input, false, true, lang).await {
        Ok(evaluation) => {
            let page = tokio::task::spawn_blocking({
                let state = state.clone();
                move || {
                    with_ctx(&state, lang, |ctx, _| {
                        web::batch_page(&evaluation, &name, ctx)
                    })
                }
            })
            .await;
            match page {
                Ok(p) => html(StatusCode::OK, p),
                Err(_) => error(
                    &state,
                    lang,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &t!(lang, "serve-error-internal"),
                ),
            }
        }
        Err(e) => error_of(&state, lang, &e),
    }
}

/// The two years a compare page names, both in service.
fn two_years(state: &State, q: &PageQuery) -> Option<(crate::api::Year, crate::api::Year)> {
    let years = state.years();
    let old = policy_of(&years, q.from.as_deref()?)?.clone();
    let new = policy_of(&years, q.to.as_deref()?)?.clone();
    Some((old, new))
}

async fn compare(state: AppState, Query(q): Query<PageQuery>) -> Response {
    let lang = web::lang(q.lang.as_deref());
    let Some((old, new)) = two_years(&state, &q) else {
        return error(
            &state,
            lang,
            StatusCode::NOT_FOUND,
            &t!(lang, "serve-error-no-page"),
        );
    };
    html(
        StatusCode::OK,
        with_ctx(&state, lang, |ctx, _| {
            web::compare_page(old.policy(), new.policy(), ctx)
        }),
    )
}

async fn compare_batch(
    state: AppState,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let lang = web::lang(q.lang.as_deref());
    let Some((old, new)) = two_years(&state, &q) else {
        return error(
            &state,
            lang,
            StatusCode::NOT_FOUND,
            &t!(lang, "serve-error-no-page"),
        );
    };
    let (bytes, _held) = match read_body(&state, body, &headers, lang).await {
        Ok(b) => b,
        Err(e) => return error_of(&state, lang, &e),
    };
    let (programme, file) = match compare_parts(&headers, bytes, lang).await {
        Ok(p) => p,
        Err(e) => return error_of(&state, lang, &e),
    };
    let (name, format, data) = file;
    let permit = match super::api::turn(&state, lang).await {
        Ok(p) => p,
        Err(e) => return error_of(&state, lang, &e),
    };
    let input = Input::bytes(name, format, Vec::from(data));
    let (o, n, p) = (old.clone(), new.clone(), programme.clone());
    let compared = tokio::task::spawn_blocking(move || {
        let done = Lang::with_messages(lang, || crate::api::compare(&o, &n, &p, &[input], lang));
        drop(permit);
        done
    })
    .await;
    match compared {
        Ok(Ok(comparison)) => {
            state.metrics.evaluated(comparison.records().len() * 2);
            html(
                StatusCode::OK,
                with_ctx(&state, lang, |ctx, _| {
                    web::comparison_page(&old, &new, &programme, &comparison, ctx)
                }),
            )
        }
        Ok(Err(problems)) => {
            let message = problems
                .iter()
                .map(|r| r.message.clone())
                .collect::<Vec<_>>()
                .join("\n");
            error(&state, lang, StatusCode::BAD_REQUEST, &message)
        }
        Err(_) => error(
            &state,
            lang,
            StatusCode::INTERNAL_SERVER_ERROR,
            &t!(lang, "serve-error-internal"),
        ),
    }
}

type FilePart = (String, InputFormat, axum::body::Bytes);

/// The `programme` text part and the `file` part of the compare form.
async fn compare_parts(
    headers: &HeaderMap,
    bytes: axum::body::Bytes,
    lang: Lang,
) -> Result<(String, FilePart), ApiError> {
    let malformed = |reason: String| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_multipart",
            t!(lang, "serve-error-multipart", reason = reason),
        )
    };
    // Read once for the programme, once for the file (the body is in memory).
    let mut parts = multipart(headers, bytes.clone(), lang).map_err(malformed)?;
    let mut programme = None;
    loop {
        match parts.next_field().await {
            Ok(Some(f)) if f.name() == Some("programme") => {
                let text = f.text().await;
                programme = Some(text.map_err(|e| malformed(multipart_reason(&e, lang)))?);
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => return Err(malformed(multipart_reason(&e, lang))),
        }
    }
    let programme = programme.filter(|p| !p.trim().is_empty()).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_programme",
            t!(lang, "serve-error-no-programme-field"),
        )
    })?;
    let file = multipart_file(headers, bytes, lang).await?;
    Ok((programme.trim().to_string(), file))
}

/// A path segment put back into a URL: only characters that need no escaping are kept.
fn esc(segment: &str) -> String {
    segment
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect()
}

async fn asset(Path(file): Path<String>) -> Response {
    match web::asset(&file) {
        Some((content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=300"),
                ),
            ],
            bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
