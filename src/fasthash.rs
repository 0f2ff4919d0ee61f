//! Fast tables for keys that come from the policy (enum spellings, lookup tables).
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

/// An exact-match table of short policy texts (the spellings of enum values), looked up with
/// every enum cell a batch reads. A key is found by its length and its first and last eight
/// bytes, which are the whole key up to 16 bytes: most lookups compare three words and
/// call neither a hasher nor `memcmp` (a general map with them cost about 4 % of a batch).
#[derive(Clone, Debug, Default)]
pub struct PolicyTexts<V> {
    /// Entry index + 1 per slot, 0 where empty; never more than half full (a table holds a
    /// field's spellings, tens of them: a word per slot costs nothing).
    slots: Box<[usize]>,
    entries: Vec<TextEntry<V>>,
}

#[derive(Clone, Debug)]
struct TextEntry<V> {
    key: Box<str>,
    head: u64,
    tail: u64,
    value: V,
}

/// Two words that, with the key's length, are the whole key up to 16 bytes: its first and
/// last eight bytes; under eight, its first and last four in one word; under four, its
/// bytes. (No copy of a variable length: that is a call to `memcpy`.)
#[inline]
fn key_words(key: &[u8]) -> (u64, u64) {
    if let (Some(head), Some(tail)) = (key.first_chunk::<8>(), key.last_chunk::<8>()) {
        return (u64::from_le_bytes(*head), u64::from_le_bytes(*tail));
    }
    if let (Some(head), Some(tail)) = (key.first_chunk::<4>(), key.last_chunk::<4>()) {
        let (head, tail) = (u32::from_le_bytes(*head), u32::from_le_bytes(*tail));
        return (u64::from(head) | u64::from(tail) << 32, 0);
    }
    let word = key
        .iter()
        .enumerate()
        .fold(0u64, |w, (i, &b)| w | u64::from(b) << (8 * i));
    (word, 0)
}

impl<V> PolicyTexts<V> {
    #[inline]
    fn start(&self, len: usize, head: u64, tail: u64) -> usize {
        let mixed = (head ^ tail.rotate_left(32) ^ len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        // The table's length is a power of two; the hash's top bits pick the slot.
        (mixed >> 32) as usize & (self.slots.len() - 1)
    }

    /// The value of `key`, if it is one of the keys.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&V> {
        if self.slots.is_empty() {
            return None;
        }
        let k = key.as_bytes();
        let (head, tail) = key_words(k);
        let mask = self.slots.len() - 1;
        let mut at = self.start(k.len(), head, tail);
        loop {
            let slot = *self.slots.get(at)?;
            let entry = self.entries.get(slot.checked_sub(1)?)?;
            if entry.head == head
                && entry.tail == tail
                && entry.key.len() == k.len()
                && (k.len() <= 16 || entry.key.as_bytes() == k)
            {
                return Some(&entry.value);
            }
            at = (at + 1) & mask;
        }
    }

    /// The keys and their values, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries.iter().map(|e| (&*e.key, &e.value))
    }

    /// Whether `key` is one of the keys.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Adds `key` with `value` unless the key is there already (the first value stays).
    pub fn insert_first(&mut self, key: &str, value: V) {
        if self.contains_key(key) {
            return;
        }
        let (head, tail) = key_words(key.as_bytes());
        self.entries.push(TextEntry {
            key: key.into(),
            head,
            tail,
            value,
        });
        if self.slots.len() < 2 * self.entries.len() {
            self.rebuild((2 * self.entries.len()).next_power_of_two().max(8));
        } else {
            self.place(self.entries.len() - 1);
        }
    }

    fn rebuild(&mut self, size: usize) {
        self.slots = vec![0; size].into_boxed_slice();
        for i in 0..self.entries.len() {
            self.place(i);
        }
    }

    fn place(&mut self, i: usize) {
        let Some(e) = self.entries.get(i) else { return };
        let mask = self.slots.len() - 1;
        let mut at = self.start(e.key.len(), e.head, e.tail);
        // Half empty, so a free slot is always found.
        while self.slots.get(at).is_some_and(|s| *s != 0) {
            at = (at + 1) & mask;
        }
        if let Some(slot) = self.slots.get_mut(at) {
            *slot = i + 1;
        }
    }
}

impl<'a, V> FromIterator<(&'a str, V)> for PolicyTexts<V> {
    fn from_iter<I: IntoIterator<Item = (&'a str, V)>>(pairs: I) -> Self {
        let mut table = PolicyTexts {
            slots: Box::new([]),
            entries: Vec::new(),
        };
        for (k, v) in pairs {
            table.insert_first(k, v);
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::{PolicyMap, PolicyTexts};

    /// Keys of every length around the word sizes, keys equal in their first and last eight
    /// bytes, Chinese keys: each is found with its own value, and texts near them are not.
    #[test]
    fn policy_texts_find_exactly_their_keys() {
        let mut keys: Vec<String> = vec![
            "中型".into(),
            "万州".into(),
            "万州区".into(),
            "SCADA数据采集与监视控制系统".into(),
            "SCADA数据采集与监视控制系线".into(),
            String::new(),
            "a\0".into(),
        ];
        // Same first and last eight bytes, different middles (longer than 16).
        keys.push(format!("{}{}{}", "abcdefgh", "x", "12345678"));
        keys.push(format!("{}{}{}", "abcdefgh", "y", "12345678"));
        keys.push(format!("{}{}{}", "abcdefgh", "xy", "12345678"));
        for n in 0..=40 {
            keys.push("k".repeat(n) + "!");
        }
        let table: PolicyTexts<usize> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(table.get(k), Some(&i), "{k:?}");
        }
        for near in [
            "中",
            "中型 ",
            "万州县",
            "a",
            "a\0\0",
            "abcdefghz12345678",
            "k",
            "kk!!",
            "SCADA",
        ] {
            assert_eq!(table.get(near), None, "{near:?}");
        }
        // The first value of a key stays.
        let mut again = table.clone();
        again.insert_first("中型", 99);
        assert_eq!(again.get("中型"), Some(&0));
        assert_eq!(PolicyTexts::<usize>::default().get("中型"), None);
    }

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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

        /// The table answers as a map of the same keys (the first value of a key kept): for
        /// keys that differ in one byte anywhere (`xx…a…xx` and `xx…b…xx`, the middle byte of
        /// a 17-byte key among them), keys from a small alphabet (prefixes, repeats, NULs)
        /// and any text at all.
        #[test]
        fn policy_texts_answer_as_a_map(
            keys in proptest::collection::vec(
                proptest::prop_oneof!["x{0,10}[ab]x{0,10}", "[ab中\\x00]{0,20}", "\\PC{0,24}"], 0..40),
            queries in proptest::collection::vec(
                proptest::prop_oneof!["x{0,10}[ab]x{0,10}", "[ab中\\x00]{0,20}", "\\PC{0,24}"], 0..40),
        ) {
            let mut map: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            let mut table: PolicyTexts<usize> = PolicyTexts::default();
            for (i, k) in keys.iter().enumerate() {
                map.entry(k.as_str()).or_insert(i);
                table.insert_first(k, i);
            }
            for q in keys.iter().chain(&queries) {
                proptest::prop_assert_eq!(table.get(q), map.get(q.as_str()), "{:?}", q);
            }
            let listed: Vec<(&str, usize)> = table.iter().map(|(k, v)| (k, *v)).collect();
            proptest::prop_assert_eq!(listed.len(), map.len());
        }
    }
}
