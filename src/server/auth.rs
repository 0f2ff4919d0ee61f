//! The bearer token: read from a file, kept only as its SHA-256, compared in constant time.

use sha2::{Digest, Sha256};

/// The SHA-256 of a token. Comparing digests of equal length hides the token's length, and
/// the comparison below hides where the first difference is.
pub(crate) fn token_digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Whether `given` is the token whose digest is `expected`, in time that does not depend on
/// where they differ.
pub(crate) fn matches(expected: &[u8; 32], given: &str) -> bool {
    let given = token_digest(given);
    let mut diff = 0u8;
    for (a, b) in expected.iter().zip(given.iter()) {
        diff |= a ^ b;
    }
    // Keeps the compiler from turning the loop into an early exit.
    std::hint::black_box(diff) == 0
}

/// The token a request carries: `Authorization: Bearer <token>`.
pub(crate) fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_token_matches() {
        let d = token_digest("s3cret");
        assert!(matches(&d, "s3cret"));
        assert!(!matches(&d, "s3cres"));
        assert!(!matches(&d, ""));
        assert!(!matches(&d, "s3cret "));
    }

    #[test]
    fn bearer_is_read_from_the_header() {
        let mut h = axum::http::HeaderMap::new();
        assert_eq!(bearer(&h), None);
        h.insert(
            axum::http::header::AUTHORIZATION,
            axum::http::HeaderValue::from_static("Bearer abc"),
        );
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(
            axum::http::header::AUTHORIZATION,
            axum::http::HeaderValue::from_static("Basic abc"),
        );
        assert_eq!(bearer(&h), None);
    }
}
