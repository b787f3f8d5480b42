//! Values worked out from a logged text, remembered per text (issue #19): an org's rows repeat
//! a few users, user types and client IPs, and working a value out again for each row (an
//! ID's checksum, an IPv6 parse) was a few per cent of a hunt. A slot per hash of the text
//! keeps the last text of that hash: a hit costs a hash and a compare, a miss the work, and
//! the answer is the work's either way.

use std::hash::BuildHasher;

/// Remembers `V`s by the text they were worked out from. One with no slots
/// ([`TextCache::default`]) remembers nothing and allocates nothing: each value is worked out.
#[derive(Debug)]
pub(crate) struct TextCache<V> {
    /// A power of two of slots, each the last text of its hash and its value (`None` unused).
    slots: Vec<(String, Option<V>)>,
}

impl<V> Default for TextCache<V> {
    fn default() -> Self {
        Self { slots: Vec::new() }
    }
}

impl<V: Copy> TextCache<V> {
    /// A cache of `slots` values (rounded up to a power of two; none for 0).
    pub(crate) fn new(slots: usize) -> Self {
        let n = if slots == 0 {
            0
        } else {
            slots.next_power_of_two()
        };
        Self {
            slots: (0..n).map(|_| (String::new(), None)).collect(),
        }
    }

    /// The value of `text`: `work(text)`, remembered.
    pub(crate) fn get(&mut self, text: &str, work: impl FnOnce(&str) -> V) -> V {
        if self.slots.is_empty() {
            return work(text);
        }
        let hash = foldhash::fast::FixedState::with_seed(0).hash_one(text);
        let at = hash as usize & (self.slots.len() - 1);
        let Some((last, value)) = self.slots.get_mut(at) else {
            return work(text);
        };
        match value {
            Some(v) if last == text => *v,
            _ => {
                let v = work(text);
                last.clear();
                last.push_str(text);
                *value = Some(v);
                v
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TextCache;

    #[test]
    fn remembered_values_are_the_works() {
        // More texts than slots, each asked for several times, in two orders; and a cache
        // with no slots.
        for slots in [0, 1, 4, 64] {
            let mut cache = TextCache::new(slots);
            let texts: Vec<String> = (0..300).map(|n| format!("t{}", n * 7)).collect();
            let mut works = 0;
            for _ in 0..2 {
                for t in texts.iter().chain(texts.iter().rev()) {
                    let got = cache.get(t, |t| {
                        works += 1;
                        t.len()
                    });
                    assert_eq!(got, t.len(), "{t}");
                }
            }
            assert!(works <= 4 * texts.len());
            // The same text twice in a row is worked out once when there is a slot.
            let before = works;
            cache.get("again", |_| {
                works += 1;
                0
            });
            cache.get("again", |_| {
                works += 1;
                0
            });
            assert_eq!(works - before, if slots == 0 { 2 } else { 1 });
        }
        assert_eq!(TextCache::<u8>::default().get("x", |_| 7), 7);
    }
}
