//! The fingerprint's hashes: FxHash for the word sets, blake2b-8 for the content and
//! delivery hashes (`fingerprint._digest`), crc32 of tokens, datasketch's affine32
//! MinHash.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use super::chars::{is_py_space, ASCII_SPACE};
use crate::mix::fmix32;

/// Word lists and feature sets are probed per token: a multiply-rotate hash (FxHash's)
/// instead of SipHash, whose flooding resistance buys nothing for these sets.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Whole words loaded as they are; the tail zero-padded, built by shifts (a
        // variable-length copy into a stack buffer was a memcpy call per word and a
        // store-forwarding stall: the hottest spot of the profile's tokens).
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let tail = words.remainder();
        if !tail.is_empty() {
            let word =
                (tail.iter().enumerate()).fold(0u64, |w, (k, &b)| w | u64::from(b) << (8 * k));
            self.add(word);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

pub(crate) type FxSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;
pub(crate) type FxMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

pub(crate) fn delivery_digest(headline: &str, body: &str) -> String {
    delivery_digest_in(headline, body, &mut Vec::new())
}

/// `delivery_digest` with `joined` (emptied first) as the buffer of the hashed bytes.
pub(crate) fn delivery_digest_in(headline: &str, body: &str, joined: &mut Vec<u8>) -> String {
    joined.clear();
    joined.reserve(headline.len() + body.len() + 1);
    joined.extend_from_slice(headline.as_bytes());
    joined.push(0);
    let start = joined.len();
    if body.is_ascii() {
        // `" ".join(body.split())` in one branch-free pass over the bytes: every byte is
        // written (a space as ' '), and the write position only moves past it unless it
        // is a space after a space (or leading); a trailing space is dropped at the end.
        let bytes = body.as_bytes();
        joined.resize(start + bytes.len(), 0);
        let out = &mut joined[start..];
        let (mut len, mut after_space) = (0usize, true);
        let mut i = 0;
        while i < bytes.len() {
            // 16 bytes at a time where the join leaves them as they are (every space in
            // them a lone ' ' after a non-space): copied whole.
            if i + 16 <= bytes.len() {
                if let Some(last_space) = plain_chunk(&bytes[i..i + 16], after_space) {
                    out[len..len + 16].copy_from_slice(&bytes[i..i + 16]);
                    (len, after_space, i) = (len + 16, last_space, i + 16);
                    continue;
                }
            }
            let end = (i + 16).min(bytes.len());
            for &b in &bytes[i..end] {
                let space = ASCII_SPACE[usize::from(b)];
                out[len] = if space { b' ' } else { b };
                len += usize::from(!(space && after_space));
                after_space = space;
            }
            i = end;
        }
        if len > 0 && after_space {
            len -= 1;
        }
        joined.truncate(start + len);
    } else {
        for (i, part) in body
            .split(is_py_space)
            .filter(|p| !p.is_empty())
            .enumerate()
        {
            if i > 0 {
                joined.push(b' ');
            }
            joined.extend_from_slice(part.as_bytes());
        }
    }
    digest8(joined)
}

/// For 16 ASCII bytes: whether `" ".join(body.split())` copies them unchanged, i.e. each
/// whitespace byte among them is a ' ' whose previous byte is not whitespace
/// (`after_space`: the byte before the chunk was whitespace, or there was none); then
/// `Some(whether the last byte is a space)`, else None.
#[inline(always)]
fn plain_chunk(chunk: &[u8], after_space: bool) -> Option<bool> {
    let (space, white) = space_masks(chunk);
    let before = (white << 1) | u32::from(after_space);
    if white & !space != 0 || white & before != 0 {
        return None;
    }
    Some(white & 0x8000 != 0)
}

/// Bit masks of 16 ASCII bytes: which are ' ', which are `str.split` whitespace.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn space_masks(chunk: &[u8]) -> (u32, u32) {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    assert!(chunk.len() >= 16);
    // SAFETY: SSE2 is part of x86-64; the load reads the 16 bytes asserted above
    // (unaligned load). ASCII bytes are below 0x80, so signed byte compares order them.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        let space = _mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8));
        // \t \n \v \f \r (0x09-0x0d) and 0x1c-0x1f
        let controls = _mm_and_si128(
            _mm_cmpgt_epi8(v, _mm_set1_epi8(0x08)),
            _mm_cmplt_epi8(v, _mm_set1_epi8(0x0e)),
        );
        let separators = _mm_and_si128(
            _mm_cmpgt_epi8(v, _mm_set1_epi8(0x1b)),
            _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
        );
        let white = _mm_or_si128(space, _mm_or_si128(controls, separators));
        (
            _mm_movemask_epi8(space) as u32,
            _mm_movemask_epi8(white) as u32,
        )
    }
}

/// Bit masks of 16 ASCII bytes: which are ' ', which are `str.split` whitespace.
#[cfg(not(target_arch = "x86_64"))]
fn space_masks(chunk: &[u8]) -> (u32, u32) {
    let (mut space, mut white) = (0u32, 0u32);
    for (k, &b) in chunk[..16].iter().enumerate() {
        space |= u32::from(b == b' ') << k;
        white |= u32::from(ASCII_SPACE[usize::from(b)]) << k;
    }
    (space, white)
}

/// `digest8(" ".join(words))` without building the joined string.
/// (The words are joined into one buffer first: one `update` instead of two per word.)
/// `joined` (emptied first) is the buffer of the joined words.
pub(crate) fn joined_digest8(words: &[&str], joined: &mut Vec<u8>) -> String {
    let total = words.iter().map(|w| w.len() + 1).sum::<usize>();
    joined.clear();
    joined.reserve(total);
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            joined.push(b' ');
        }
        joined.extend_from_slice(w.as_bytes());
    }
    digest8(joined)
}

fn digest8(bytes: &[u8]) -> String {
    blake2b_simd::Params::new()
        .hash_length(8)
        .hash(bytes)
        .to_hex()
        .to_string()
}

pub(crate) fn crc(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

/// datasketch's affine32 MinHash of already-hashed uint32 values (with AVX2 when the CPU
/// has it: wrapping integer steps, so the same values either way; the default build
/// targets plain x86-64, whose SSE2 has no 32-bit lane multiply).
pub(crate) fn signature(a: &[u32], b: &[u32], values: &[u32]) -> Vec<u32> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f") {
        // SAFETY: the CPU supports AVX-512F (checked just above).
        if let Some(out) = unsafe { signature_avx512_sized(a, b, values) } {
            return out;
        }
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2 (checked just above).
        return unsafe { signature_avx2(a, b, values) };
    }
    signature_any(a, b, values)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn signature_avx2(a: &[u32], b: &[u32], values: &[u32]) -> Vec<u32> {
    signature_any(a, b, values)
}

/// `signature_avx512` for the size of `a`, None for a size it does not take.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn signature_avx512_sized(a: &[u32], b: &[u32], values: &[u32]) -> Option<Vec<u32>> {
    match a.len() {
        16 => signature_avx512::<16>(a, b, values),
        32 => signature_avx512::<32>(a, b, values),
        48 => signature_avx512::<48>(a, b, values),
        64 => signature_avx512::<64>(a, b, values),
        _ => None,
    }
}

/// `signature` for `N` permutations (a multiple of 16, at most 64): the minima stay in
/// `N / 16` registers of 16 lanes and the permutations in `N / 8` more for the whole
/// walk over the values, instead of a load and a store of each minimum per value (the
/// general loop, whose length the compiler does not know). None if `a` or `b` is not
/// `N` long.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn signature_avx512<const N: usize>(
    a: &[u32],
    b: &[u32],
    values: &[u32],
) -> Option<Vec<u32>> {
    let (a, b): (&[u32; N], &[u32; N]) = (a.try_into().ok()?, b.try_into().ok()?);
    Some(signature_fixed(a, b, values).to_vec())
}

#[inline(always)]
fn signature_fixed<const N: usize>(a: &[u32; N], b: &[u32; N], values: &[u32]) -> [u32; N] {
    let mut out = [u32::MAX; N];
    for &v in values {
        let h = fmix32(v);
        for k in 0..N {
            out[k] = out[k].min(a[k].wrapping_mul(h).wrapping_add(b[k]));
        }
    }
    out
}

#[inline(always)]
fn signature_any(a: &[u32], b: &[u32], values: &[u32]) -> Vec<u32> {
    let mut out = vec![u32::MAX; a.len()];
    for &v in values {
        let h = fmix32(v);
        for ((slot, &a), &b) in out.iter_mut().zip(a).zip(b) {
            *slot = (*slot).min(a.wrapping_mul(h).wrapping_add(b));
        }
    }
    out
}

/// A xorshift32 generator from `state` (not 0): the tests' random permutations and values.
#[cfg(test)]
fn xorshift32(mut state: u32) -> impl FnMut() -> u32 {
    move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    }
}

/// The AVX2 build of the MinHash loop gives the portable loop's values, for any number
/// of permutations (8-lane remainders included) and any number of values (none too).
#[cfg(all(test, target_arch = "x86_64"))]
#[test]
fn avx2_signature_equals_the_portable_one() {
    if !std::arch::is_x86_feature_detected!("avx2") {
        return; // nothing to compare on this CPU
    }
    let mut next = xorshift32(0x9e37_79b9);
    for perms in [0, 1, 7, 8, 9, 63, 64, 65, 128, 131] {
        let a: Vec<u32> = (0..perms).map(|_| next() | 1).collect();
        let b: Vec<u32> = (0..perms).map(|_| next()).collect();
        for n in [0, 1, 2, 15, 300] {
            let values: Vec<u32> = (0..n).map(|_| next()).collect();
            // SAFETY: the CPU supports AVX2 (checked above).
            let fast = unsafe { signature_avx2(&a, &b, &values) };
            assert_eq!(
                fast,
                signature_any(&a, &b, &values),
                "{perms} perms, {n} values"
            );
        }
    }
}

/// The fixed-size AVX-512 loop gives the portable loop's values for each size it takes,
/// and declines the others.
#[cfg(all(test, target_arch = "x86_64"))]
#[test]
fn avx512_signature_equals_the_portable_one() {
    if !std::arch::is_x86_feature_detected!("avx512f") {
        return; // nothing to compare on this CPU
    }
    let mut next = xorshift32(0x2545_f491);
    for perms in [16, 32, 48, 64] {
        let a: Vec<u32> = (0..perms).map(|_| next() | 1).collect();
        let b: Vec<u32> = (0..perms).map(|_| next()).collect();
        for n in [0, 1, 2, 15, 300] {
            let values: Vec<u32> = (0..n).map(|_| next()).collect();
            let want = signature_any(&a, &b, &values);
            // SAFETY: the CPU supports AVX-512F (checked above).
            let got = unsafe { signature_avx512_sized(&a, &b, &values) };
            assert_eq!(got, Some(want), "{perms} perms, {n} values");
            assert_eq!(signature(&a, &b, &values), signature_any(&a, &b, &values));
        }
    }
    // SAFETY: as above.
    unsafe {
        assert_eq!(signature_avx512::<48>(&[1; 47], &[0; 47], &[5]), None);
        assert_eq!(signature_avx512_sized(&[1; 40], &[0; 40], &[5]), None);
    }
}
