//! The store record's packed arrays (`stream.core.dedup.records`): base64 of
//! little-endian `u32`s, built here in one step instead of numpy concatenation plus
//! Python's base64 module.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use numpy::PyReadonlyArray1;
use pyo3::prelude::*;

/// `base64(le u32 [head] + a + b)`: what `records.encode_u32(np.concatenate(([head], a,
/// b)))` writes.
#[pyfunction]
pub fn pack_u32(head: u32, a: PyReadonlyArray1<'_, u32>, b: PyReadonlyArray1<'_, u32>) -> String {
    let (a, b) = (a.as_array(), b.as_array());
    pack_values(head, a.len() + b.len(), a.iter().chain(b.iter()))
}

/// `pack_u32` of slices (the record's `b` and `k` blobs).
pub(crate) fn pack(head: usize, a: &[u32], b: &[u32]) -> String {
    pack_values(head as u32, a.len() + b.len(), a.iter().chain(b))
}

/// base64 of `head` and the `n` `values` as little-endian `u32`s (both packers' body).
fn pack_values<'a>(head: u32, n: usize, values: impl Iterator<Item = &'a u32>) -> String {
    let mut bytes: Vec<u8> = Vec::with_capacity(4 * (1 + n));
    bytes.extend_from_slice(&head.to_le_bytes());
    for v in values {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    STANDARD.encode(bytes)
}

/// A fact's context: its packed value without the 8-bit value hash (`facts._CTX_SHIFT`).
const CTX_SHIFT: u32 = 8;

/// `facts.conflicts(old, new)`: (contexts whose values differ, contexts both share).
/// A context agrees when one (context, value) pair is in both; any order, repeats
/// allowed (each side is sorted and deduplicated first when it is not already).
pub(crate) fn conflicts(old: &[u32], new: &[u32]) -> (u32, u32) {
    let old = sorted_unique(old);
    let new = sorted_unique(new);
    let (mut i, mut j) = (0, 0);
    let (mut conflicting, mut shared) = (0u32, 0u32);
    while i < old.len() && j < new.len() {
        let (a, b) = (old[i] >> CTX_SHIFT, new[j] >> CTX_SHIFT);
        if a < b {
            i += 1;
        } else if b < a {
            j += 1;
        } else {
            // One context on both sides: its runs of values, sorted; any value in both?
            let i_end = i + old[i..]
                .iter()
                .take_while(|&&v| v >> CTX_SHIFT == a)
                .count();
            let j_end = j + new[j..]
                .iter()
                .take_while(|&&v| v >> CTX_SHIFT == a)
                .count();
            let mut agree = false;
            let (mut x, mut y) = (i, j);
            while x < i_end && y < j_end && !agree {
                agree = old[x] == new[y];
                if old[x] < new[y] {
                    x += 1;
                } else {
                    y += 1;
                }
            }
            shared += 1;
            conflicting += u32::from(!agree);
            i = i_end;
            j = j_end;
        }
    }
    (conflicting, shared)
}

fn sorted_unique(values: &[u32]) -> std::borrow::Cow<'_, [u32]> {
    if values.windows(2).all(|w| w[0] < w[1]) {
        return std::borrow::Cow::Borrowed(values);
    }
    let mut owned = values.to_vec();
    owned.sort_unstable();
    owned.dedup();
    std::borrow::Cow::Owned(owned)
}

/// `records.near_check` on a record's `b` (base64 of `[len(facts)] + near MinHash +
/// facts`, maybe more after): `(matching MinHash rows, conflicting, shared)` against
/// the story's `near` and `facts`, the fact counts only when `min_matches` rows or more
/// match (else 0, 0). None when `b` is not what `pack_u32` writes (not canonical
/// base64, not whole `u32`s, shorter than its header says): Python decides those.
#[pyfunction]
pub fn near_check(
    blob: &str,
    near: PyReadonlyArray1<'_, u32>,
    facts: PyReadonlyArray1<'_, u32>,
    min_matches: usize,
) -> Option<(usize, u32, u32)> {
    let bytes = STANDARD.decode(blob).ok()?;
    if bytes.len() % 4 != 0 {
        return None;
    }
    let words: Vec<u32> = bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let near = near.as_slice().ok()?;
    let facts = facts.as_slice().ok()?;
    let n_facts = usize::try_from(*words.first()?).ok()?;
    let facts_end = (1 + near.len()).checked_add(n_facts)?;
    if words.len() < facts_end {
        return None;
    }
    let matches = near
        .iter()
        .zip(&words[1..=near.len()])
        .filter(|(a, b)| a == b)
        .count();
    if matches < min_matches {
        return Some((matches, 0, 0));
    }
    let (conflicting, shared) = conflicts(&words[1 + near.len()..facts_end], facts);
    Some((matches, conflicting, shared))
}

#[cfg(test)]
mod tests {
    use super::conflicts;
    use std::collections::BTreeSet;

    /// `facts.conflicts` with sets, as numpy computes it.
    fn reference(old: &[u32], new: &[u32]) -> (u32, u32) {
        let ctx = |v: &[u32]| v.iter().map(|x| x >> 8).collect::<BTreeSet<u32>>();
        let shared: BTreeSet<u32> = ctx(old).intersection(&ctx(new)).copied().collect();
        let (o, n): (BTreeSet<u32>, BTreeSet<u32>) =
            (old.iter().copied().collect(), new.iter().copied().collect());
        let agreeing: BTreeSet<u32> = o.intersection(&n).map(|x| x >> 8).collect();
        let conflicting = shared.difference(&agreeing).count();
        (conflicting as u32, shared.len() as u32)
    }

    #[test]
    fn conflicts_equal_the_set_reference() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |m: u32| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u32 % m
        };
        for round in 0..4000 {
            // Few contexts and values, so shared contexts, agreements and repeats occur.
            let (contexts, values) = (1 + next(12), 1 + next(4));
            let side = |next: &mut dyn FnMut(u32) -> u32| -> Vec<u32> {
                let n = next(20);
                (0..n)
                    .map(|_| (next(contexts) << 8) | next(values) | (round % 3) << 20)
                    .collect()
            };
            let (mut old, mut new) = (side(&mut next), side(&mut next));
            if round % 2 == 0 {
                old.sort_unstable();
                old.dedup();
                new.sort_unstable();
                new.dedup();
            }
            assert_eq!(
                conflicts(&old, &new),
                reference(&old, &new),
                "{old:?} {new:?}"
            );
        }
        assert_eq!(conflicts(&[], &[5]), (0, 0));
        assert_eq!(conflicts(&[0x1_05], &[0x1_06, 0x2_01]), (1, 1));
        assert_eq!(conflicts(&[0x1_05, 0x1_06], &[0x1_06]), (0, 1));
        assert_eq!(conflicts(&[u32::MAX], &[u32::MAX]), (0, 1));
    }
}
