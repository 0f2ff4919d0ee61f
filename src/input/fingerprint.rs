//! The fingerprint of an input: the SHA-256 of the bytes as they were read (before any
//! decoding, a BOM included), so published results can name the files they were computed
//! from and `verify` can tell whether it was given the same ones.
//!
//! A file read whole is hashed from its bytes; a stream (CSV, standard input) is hashed as
//! it is read, through [`Hashing`]: the bytes are never read twice, and standard input
//! could not be.

use sha2::Digest;
use std::io::Read;
use std::sync::{Arc, Mutex};

/// One input as the JSON contract names it: the path as given (`-` for standard input),
/// the lower-case hex SHA-256 of its bytes (what `sha256sum` prints), and how many records
/// it held.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputPrint {
    pub file: String,
    pub sha256: String,
    pub records: usize,
}

fn hex(digest: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(digest.len() * 2);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The hex SHA-256 of bytes read whole.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&sha2::Sha256::digest(bytes))
}

#[derive(Default)]
struct State {
    hasher: sha2::Sha256,
    /// Whether the stream was read to its end: a fingerprint of part of a file would name
    /// bytes nobody published.
    ended: bool,
}

/// The fingerprint of a stream being read by [`Hashing`]; ready once the stream has been
/// read to its end.
#[derive(Clone, Default)]
pub struct Fingerprint(Arc<Mutex<State>>);

impl Fingerprint {
    /// The hex SHA-256 of every byte read, or `None` when the stream was not read to its
    /// end (or a reader thread panicked holding it): never a digest of part of a file.
    pub fn finish(&self) -> Option<String> {
        let state = self.0.lock().ok()?;
        state.ended.then(|| hex(&state.hasher.clone().finalize()))
    }
}

/// A reader that hashes what passes through it.
pub struct Hashing<R> {
    inner: R,
    print: Fingerprint,
}

/// `inner`, hashed as it is read, and the handle that gives its fingerprint afterwards.
pub fn hashing<R: Read>(inner: R) -> (Hashing<R>, Fingerprint) {
    let print = Fingerprint::default();
    (
        Hashing {
            inner,
            print: print.clone(),
        },
        print,
    )
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        // Reads come a buffer at a time (64 KiB and more): one uncontended lock each.
        let mut state = self
            .print
            .0
            .lock()
            .map_err(|_| std::io::Error::other(crate::msg!("input-fingerprint")))?;
        if n == 0 {
            if !buf.is_empty() {
                state.ended = true;
            }
        } else {
            state.hasher.update(&buf[..n]);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_hashes_as_the_bytes_read_whole() {
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let (mut reader, print) = hashing(&bytes[..]);
        let mut buf = [0u8; 7919];
        assert_eq!(print.finish(), None, "nothing read yet");
        while reader.read(&mut buf).unwrap() > 0 {}
        assert_eq!(print.finish(), Some(sha256(&bytes)));
        // The SHA-256 of "abc", as `sha256sum` prints it.
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_stream_read_in_part_has_no_fingerprint() {
        let (mut reader, print) = hashing(&b"id,name\n1,a\n"[..]);
        let mut buf = [0u8; 4];
        reader.read_exact(&mut buf).unwrap();
        assert_eq!(print.finish(), None);
    }
}
