//! The profile's term counter: a story's term id -> its position among the story's
//! distinct terms, in an open-addressed table kept from one story to the next. It
//! replaced a `HashMap<u32, usize>` (hashbrown: a hash, a SIMD group probe and a tag
//! per lookup, and `clear` touching every control byte): term ids are already uniform
//! (the top 22 bits of a crc32), so their low bits index the table directly, and a
//! story stamp in each slot makes the last story's entries empty without a sweep.

use super::TID_BITS;

/// Stamps wrap after this many stories (the table is zeroed then).
const STAMPS: u32 = 1 << (32 - TID_BITS);

/// A table a huge text grew is dropped rather than kept (slots).
const KEEP: usize = 1 << 15;

#[derive(Default)]
pub(super) struct TermAt {
    /// `(stamp << TID_BITS | term id, position)`; a slot of another stamp is empty.
    slots: Vec<(u32, u32)>,
    stamp: u32,
}

impl TermAt {
    /// Empty, with room for `n` distinct terms at half load at most.
    pub(super) fn reset(&mut self, n: usize) {
        let want = (2 * n).max(256).next_power_of_two();
        let kept = self.slots.len();
        if kept < want || kept > KEEP.max(want) {
            self.slots = vec![(0, 0); want];
            self.stamp = 1;
            return;
        }
        self.stamp += 1;
        if self.stamp == STAMPS {
            self.slots.fill((0, 0));
            self.stamp = 1;
        }
    }

    /// The position recorded for `tid` (< 2^TID_BITS) in this story, or None after
    /// recording `next` for it. At most `n` (of `reset`) distinct ids per story.
    #[inline]
    pub(super) fn get_or_insert(&mut self, tid: u32, next: usize) -> Option<usize> {
        debug_assert!(tid >> TID_BITS == 0);
        let key = self.stamp << TID_BITS | tid;
        let mask = self.slots.len() - 1;
        let mut i = tid as usize & mask;
        loop {
            let (k, at) = self.slots[i];
            if k == key {
                return Some(at as usize);
            }
            if k >> TID_BITS != self.stamp {
                self.slots[i] = (key, next as u32);
                return None;
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::FxMap;

    /// The same answers as a map, over stories of many sizes, stamps wrapping included.
    #[test]
    fn equals_a_map() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut at = TermAt::default();
        for story in 0..(STAMPS as usize + 50) {
            let n = [0, 1, 5, 300, 2_000][story % 5];
            at.reset(n);
            let mut map: FxMap<u32, usize> = FxMap::default();
            for k in 0..n {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // a few distinct ids, so repeats are common
                let tid = (seed as u32 >> (32 - TID_BITS)) % (1 + n as u32 / 3);
                let want = map.get(&tid).copied();
                if want.is_none() {
                    map.insert(tid, k);
                }
                assert_eq!(at.get_or_insert(tid, k), want, "story {story}");
            }
        }
    }
}
