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

/// The token a request carries: `Authorization: Bearer <token>`, or, from a browser (which
/// cannot send a bearer token from a link), HTTP Basic with the token as the password and
/// any user name.
pub(crate) fn bearer(headers: &axum::http::HeaderMap) -> Option<String> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    if scheme.eq_ignore_ascii_case("bearer") {
        return Some(token.trim().to_string());
    }
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = String::from_utf8(base64(token.trim())?).ok()?;
        let (_user, password) = decoded.split_once(':')?;
        return Some(password.to_string());
    }
    None
}

/// Standard base64 (with or without padding), or `None` when it is not that.
fn base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
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
        assert_eq!(bearer(&h).as_deref(), Some("abc"));
        // `staff:s3cret` in base64: the password is the token.
        h.insert(
            axum::http::header::AUTHORIZATION,
            axum::http::HeaderValue::from_static("Basic c3RhZmY6czNjcmV0"),
        );
        assert_eq!(bearer(&h).as_deref(), Some("s3cret"));
        h.insert(
            axum::http::header::AUTHORIZATION,
            axum::http::HeaderValue::from_static("Basic abc!"),
        );
        assert_eq!(bearer(&h), None);
        h.insert(
            axum::http::header::AUTHORIZATION,
            axum::http::HeaderValue::from_static("Digest abc"),
        );
        assert_eq!(bearer(&h), None);
    }
}
