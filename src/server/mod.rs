//! `fundpolicy serve`: the engine as an HTTP service (a JSON API under `/api/v1`) and a
//! web workbench for staff (server-rendered pages from [`crate::web`]), on the library's
//! [`crate::api`] — no second implementation of anything.
//!
//! Safe to run in an office: it binds to a loopback address unless a bearer token (or an
//! explicit `no_auth`) is given; bodies, records per request, request time, connections and
//! concurrent evaluations are bounded, each with a clear error; no request writes a file or
//! names a path on the server; every response carries a Content-Security-Policy that forbids
//! inline scripts, and `X-Content-Type-Options: nosniff`.
//!
//! ```no_run
//! use fundpolicy::api::Policies;
//! use fundpolicy::server::Config;
//! let config = Config::new(Policies::builtin());
//! // Blocks until SIGTERM or SIGINT, then finishes the requests in flight.
//! fundpolicy::server::run(config).unwrap();
//! ```

mod api;
mod auth;
mod error;
mod metrics;
mod pages;
mod state;

pub use error::ApiError;
pub use state::{Served, State};

use crate::api::Policies;
use crate::msg;
use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The bounds a server keeps to.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The largest request body, in bytes (64 MiB).
    pub body_bytes: usize,
    /// The memory all request bodies in flight may take together (256 MiB); a body that
    /// would go past it is answered 503 with `Retry-After`.
    pub buffered_bytes: usize,
    /// The most application records one request may hold (1,000,000).
    pub records: usize,
    /// The longest a request may take, reading its body included (60 s).
    pub request_timeout: Duration,
    /// The longest a client may take to send a request's headers (10 s).
    pub header_timeout: Duration,
    /// Evaluations running at once (the number of cores).
    pub evaluations: usize,
    /// Evaluations waiting for a turn; one more is answered 503 (64).
    pub queue: usize,
    /// Open connections; one more is answered 503 and closed (1024).
    pub connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            body_bytes: 64 * 1024 * 1024,
            buffered_bytes: 256 * 1024 * 1024,
            records: 1_000_000,
            request_timeout: Duration::from_secs(60),
            header_timeout: Duration::from_secs(10),
            evaluations: std::thread::available_parallelism().map_or(2, |n| n.get()),
            queue: 64,
            connections: 1024,
        }
    }
}

/// How to run a server.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen (`127.0.0.1:8080`).
    pub addr: SocketAddr,
    /// The policies served (a folder is reloaded by `watch`).
    pub policies: Policies,
    /// The token every request but `/healthz` and `/static/` must carry: as a bearer token,
    /// or from a browser as the password of HTTP Basic.
    pub token: Option<String>,
    /// Serve a non-loopback address without a token, on purpose.
    pub no_auth: bool,
    /// Reload the policies folder when its files change.
    pub watch: bool,
    /// How often `watch` looks at the folder (1 s).
    pub watch_every: Duration,
    /// The bounds kept.
    pub limits: Limits,
}

impl Config {
    /// Serving `policies` on 127.0.0.1:8080, without a token, not watching, default limits.
    pub fn new(policies: Policies) -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            policies,
            token: None,
            no_auth: false,
            watch: false,
            watch_every: Duration::from_secs(1),
            limits: Limits::default(),
        }
    }
}

/// Why a server did not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A non-loopback address without a token or `no_auth`.
    #[error("{}\n{}", msg!("serve-exposed", addr = addr.to_string()), msg!("serve-exposed.help"))]
    Exposed { addr: SocketAddr },
    /// The token file could not be read.
    #[error("{}", msg!("serve-token-unreadable", path = path.display().to_string(), reason = reason.as_str()))]
    TokenFile { path: PathBuf, reason: String },
    /// The token file holds no token.
    #[error("{}", msg!("serve-token-empty", path = path.display().to_string()))]
    EmptyToken { path: PathBuf },
    /// The address could not be listened on.
    #[error("{}", msg!("serve-bind", addr = addr.to_string(), reason = reason.as_str()))]
    Bind { addr: SocketAddr, reason: String },
    /// The runtime could not be started.
    #[error("{}", msg!("serve-runtime", reason = .0.as_str()))]
    Runtime(String),
}

impl ServeError {
    /// The stable code of the failure.
    pub fn code(&self) -> crate::diag::Code {
        use crate::diag::Code;
        match self {
            ServeError::Exposed { .. } => Code::ServeExposed,
            ServeError::TokenFile { .. } | ServeError::EmptyToken { .. } => Code::ServeToken,
            ServeError::Bind { .. } => Code::ServeBind,
            ServeError::Runtime(_) => Code::ServeRuntime,
        }
    }
}

/// Fewer characters than this in a token is warned of: a random 16-character token is out of
/// reach of guessing over the network; `abc` is not.
pub const MIN_TOKEN_CHARS: usize = 16;

/// Reads a bearer token from a file (surrounding whitespace and the final newline are not
/// part of it). An empty file is refused: an empty token would let anyone in.
pub fn read_token(path: &std::path::Path) -> Result<String, ServeError> {
    let text = std::fs::read_to_string(path).map_err(|e| ServeError::TokenFile {
        path: path.to_path_buf(),
        reason: crate::diag::os_reason(&e.to_string()),
    })?;
    let token = text.trim();
    if token.is_empty() {
        return Err(ServeError::EmptyToken {
            path: path.to_path_buf(),
        });
    }
    // A short token can be guessed; said, not refused (the office chooses its tokens).
    if token.chars().count() < MIN_TOKEN_CHARS {
        crate::neutral::line_to_stderr(&msg!(
            "serve-token-short",
            path = path.display().to_string(),
            n = token.chars().count(),
            min = MIN_TOKEN_CHARS
        ));
    }
    Ok(token.to_string())
}

/// Refuses to serve a non-loopback address without a token, unless asked to.
fn refuse_exposed(addr: SocketAddr, config: &Config) -> Result<(), ServeError> {
    if addr.ip().is_loopback() || config.token.is_some() || config.no_auth {
        Ok(())
    } else {
        Err(ServeError::Exposed { addr })
    }
}

/// Runs a server on `config.addr` until SIGTERM or SIGINT, then lets the requests in flight
/// finish. Blocks; builds its own runtime.
pub fn run(config: Config) -> Result<(), ServeError> {
    refuse_exposed(config.addr, &config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServeError::Runtime(e.to_string()))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|e| ServeError::Bind {
                addr: config.addr,
                reason: crate::diag::os_reason(&e.to_string()),
            })?;
        let source = config.policies.label();
        let addr = listener.local_addr().unwrap_or(config.addr);
        crate::neutral::line_to_stderr(&msg!(
            "serve-listening",
            addr = addr.to_string(),
            source = source
        ));
        serve_on(listener, config).await
    })
}

/// Serves on a listener already bound (tests bind 127.0.0.1:0) until SIGTERM or SIGINT.
pub async fn serve_on(listener: tokio::net::TcpListener, config: Config) -> Result<(), ServeError> {
    serve_until(listener, config, stop_signal()).await
}

/// Resolves on SIGINT or (on Unix) SIGTERM.
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = interrupt => {},
            () = terminate => {},
        }
    }
    #[cfg(not(unix))]
    interrupt.await;
}

/// Serves on `listener` until `stop` resolves; then accepts no more connections and waits
/// (up to the request timeout and a little more) for the requests in flight to be answered.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    config: Config,
    stop: impl std::future::Future<Output = ()> + Send,
) -> Result<(), ServeError> {
    let addr = listener.local_addr().map_err(|e| ServeError::Bind {
        addr: config.addr,
        reason: e.to_string(),
    })?;
    refuse_exposed(addr, &config)?;
    let state = Arc::new(State::new(
        config.policies.clone(),
        config.limits.clone(),
        config.token.as_deref(),
    ));
    // The folder's stamp is taken before the first load: an edit made while it loads (or
    // before the watcher first runs) then differs from it and is loaded, never missed.
    let watched = match (config.watch, config.policies.folder_path()) {
        (true, Some(root)) => Some((root.to_path_buf(), state::stamp(root))),
        _ => None,
    };
    {
        let s = state.clone();
        let _ = tokio::task::spawn_blocking(move || s.reload()).await;
    }
    if let Some((root, stamp)) = watched {
        tokio::spawn(state::watch(state.clone(), root, stamp, config.watch_every));
    }
    let app = router(state.clone());
    let limits = config.limits.clone();
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let connections = Arc::new(tokio::sync::Semaphore::new(limits.connections.max(1)));
    let stop = std::pin::pin!(stop);
    let mut stop = stop;
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let Ok(permit) = connections.clone().try_acquire_owned() else {
                    tokio::spawn(refuse_connection(stream));
                    continue;
                };
                let service = hyper_util::service::TowerToHyperService::new(app.clone());
                let mut builder = hyper::server::conn::http1::Builder::new();
                builder
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(limits.header_timeout);
                let conn = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    let _ = conn.await;
                    drop(permit);
                });
            }
            () = &mut stop => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(
        limits.request_timeout + Duration::from_secs(5),
        graceful.shutdown(),
    )
    .await;
    Ok(())
}

/// The answer to a connection over the limit: 503 and close, without reading the request.
async fn refuse_connection(mut stream: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    let body = ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "overloaded",
        msg!("serve-error-connections"),
    )
    .body()
    .to_string();
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\nContent-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n\r\n",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        let _ = stream.write_all(head.as_bytes()).await;
        let _ = stream.write_all(body.as_bytes()).await;
        let _ = stream.shutdown().await;
    })
    .await;
}

/// The Content-Security-Policy of every response: nothing from elsewhere, no inline script.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Every route, with the layers every request passes (outermost last).
pub fn router(state: Arc<State>) -> Router {
    use tower_http::set_header::SetResponseHeaderLayer;
    api::routes()
        .merge(pages::routes(state.clone()))
        .fallback(pages::not_found)
        .method_not_allowed_fallback(pages::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            pages::query_keys_once,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            time_limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            authorise,
        ))
        .layer(axum::middleware::from_fn_with_state(state.clone(), count))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .with_state(state)
}

/// Ends a request that takes longer than the request timeout (a slow client's body
/// included) with 408.
async fn time_limit(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
    request: Request,
    next: Next,
) -> Response {
    let lang = api::lang_of(&request);
    match tokio::time::timeout(state.limits.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            crate::t!(
                lang,
                "serve-error-timeout",
                seconds = state.limits.request_timeout.as_secs()
            ),
        )
        .into_response(),
    }
}

/// With a token: every request but `/healthz` and `/static/…` carries it, or is answered 401.
async fn authorise(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(expected) = &state.token else {
        return next.run(request).await;
    };
    let path = request.uri().path();
    if path == "/healthz" || path.starts_with("/static/") {
        return next.run(request).await;
    }
    let lang = api::lang_of(&request);
    let api = path.starts_with("/api/") || path == "/metrics";
    let (code, key) = match auth::bearer(request.headers()) {
        Some(given) if auth::matches(expected, &given) => return next.run(request).await,
        Some(_) => ("unauthorized", "serve-error-token-wrong"),
        None => ("unauthorized", "serve-error-token-missing"),
    };
    let mut response = if api {
        ApiError::new(StatusCode::UNAUTHORIZED, code, crate::t!(lang, key)).into_response()
    } else {
        // A person at a browser who cancelled the password box or typed a wrong one: a page
        // saying what to type there, not the API's JSON. Nothing of the policies is shown.
        let ctx = crate::web::Ctx {
            lang,
            problems: &[],
            years: &[],
        };
        let message = crate::t!(lang, "serve-error-token-page");
        let page = crate::web::error_page(401, &message, &ctx);
        (
            StatusCode::UNAUTHORIZED,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            page,
        )
            .into_response()
    };
    // A browser asks for the token as a password when offered Basic; programs use Bearer.
    let challenge = if api {
        "Bearer realm=\"fundpolicy\""
    } else {
        "Basic realm=\"fundpolicy\", charset=\"UTF-8\""
    };
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(challenge),
    );
    response
}

/// Counts every request by its route's pattern, method and status, and its latency.
async fn count(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    // The methods HTTP defines, and one label for any other: a client that invents methods
    // (`FOOBAR1`) must not grow the table without bound.
    let method = match request.method().as_str() {
        m @ ("GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "PATCH" | "OPTIONS" | "CONNECT"
        | "TRACE") => m.to_string(),
        _ => "other".to_string(),
    };
    let start = Instant::now();
    let response = next.run(request).await;
    state
        .metrics
        .request(&route, &method, response.status().as_u16(), start.elapsed());
    response
}
