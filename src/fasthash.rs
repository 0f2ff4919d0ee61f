//! A fast hasher for maps whose keys come from the policy (enum spellings, lookup tables).
//! Their keys are fixed when the policy loads, so text from records only looks them up and
//! cannot be chosen to collide; the standard SipHash's protection is not needed there, and
//! it cost more than the lookups themselves.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Multiply-rotate hashing of 8-byte words.
#[derive(Default, Clone, Copy)]
pub struct PolicyKeyHasher(u64);

impl PolicyKeyHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for PolicyKeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by policy text.
pub type PolicyMap<K, V> = HashMap<K, V, BuildHasherDefault<PolicyKeyHasher>>;

#[cfg(test)]
mod tests {
    use super::PolicyMap;

    #[test]
    fn finds_what_was_put_in_and_nothing_else() {
        let mut map: PolicyMap<String, usize> = PolicyMap::default();
        let keys = [
            "万州",
            "万州区",
            "两江新区",
            "a",
            "ab",
            "abcdefgh",
            "abcdefghi",
            "",
        ];
        for (i, k) in keys.iter().enumerate() {
            map.insert(k.to_string(), i);
        }
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(map.get(*k), Some(&i));
        }
        assert_eq!(map.get("万州县"), None);
        assert_eq!(map.get("abcdefgh\0"), None);
    }
}
