//! Errors as the API answers them: a status code and `{code, message, details}`, the message
//! in the catalogue's words in the request's language.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value as Json, json};

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable code for programs (`not_found`, `bad_input`, …).
    pub code: &'static str,
    /// What went wrong, for people.
    pub message: String,
    /// The diagnostics behind it (located, as `check --format json` gives them), or `null`.
    /// Boxed: an error travels in every handler's `Result`.
    pub details: Box<Json>,
    /// Seconds a client should wait before trying again (sent as `Retry-After`).
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error without details.
    pub fn new(status: StatusCode, code: &'static str, message: String) -> ApiError {
        ApiError {
            status,
            code,
            message,
            details: Box::new(Json::Null),
            retry_after: None,
        }
    }

    /// The same error with its details.
    pub fn with_details(mut self, details: Json) -> ApiError {
        self.details = Box::new(details);
        self
    }

    /// The JSON body.
    pub fn body(&self) -> Json {
        json!({ "code": self.code, "message": self.message, "details": self.details })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if let Some(s) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        response
    }
}
