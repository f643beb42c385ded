//! Byte classes of a text as bit masks, 16 bytes per step: the token scans of the
//! fingerprint (`ascii_tokens`) and of the profile (`runs`) walk runs of set bits
//! (a bit scan per run boundary) instead of testing every byte in a loop.

/// Bit masks of `bytes` (bit `k` of word `w` is byte `64 * w + k`), as `combine` makes
/// them from the masks of ASCII uppercase letters, lowercase letters and digits (a byte
/// outside ASCII is none of them). Bits past the end are clear (`combine` must keep a
/// clear bit clear).
#[cfg(test)]
pub(crate) fn masks(
    bytes: &[u8],
    combine: impl Fn(u64, u64, u64) -> (u64, u64),
) -> (Vec<u64>, Vec<u64>) {
    let (mut first, mut second) = (Vec::new(), Vec::new());
    masks_into(bytes, combine, &mut first, &mut second);
    (first, second)
}

/// `masks` into `first` and `second` (emptied first).
pub(crate) fn masks_into(
    bytes: &[u8],
    combine: impl Fn(u64, u64, u64) -> (u64, u64),
    first: &mut Vec<u64>,
    second: &mut Vec<u64>,
) {
    let words = bytes.len().div_ceil(64);
    first.clear();
    second.clear();
    first.reserve(words);
    second.reserve(words);
    let mut blocks = bytes.chunks_exact(64);
    for block in &mut blocks {
        let (u, l, d) = classes64(block);
        let (a, b) = combine(u, l, d);
        first.push(a);
        second.push(b);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        let mut block = [0u8; 64]; // NUL: no class
        block[..tail.len()].copy_from_slice(tail);
        let (u, l, d) = classes64(&block);
        let (a, b) = combine(u, l, d);
        first.push(a);
        second.push(b);
    }
}

/// Uppercase, lowercase and digit masks of 64 bytes.
#[inline(always)]
fn classes64(block: &[u8]) -> (u64, u64, u64) {
    let (mut u, mut l, mut d) = (0u64, 0u64, 0u64);
    for (k, chunk) in block.chunks_exact(16).enumerate() {
        let (cu, cl, cd) = classes16(chunk);
        u |= u64::from(cu) << (16 * k);
        l |= u64::from(cl) << (16 * k);
        d |= u64::from(cd) << (16 * k);
    }
    (u, l, d)
}

/// Uppercase, lowercase and digit masks of 16 bytes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn classes16(chunk: &[u8]) -> (u32, u32, u32) {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_set1_epi8,
    };
    assert!(chunk.len() >= 16);
    // SAFETY: SSE2 is part of x86-64; the unaligned load reads the 16 bytes asserted
    // above. As signed bytes, 0x80-0xff are negative: below every range tested.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        let within = |lo: u8, hi: u8| -> u32 {
            let above: __m128i = _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1));
            let below: __m128i = _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1));
            _mm_movemask_epi8(_mm_and_si128(above, below)) as u32
        };
        (within(b'A', b'Z'), within(b'a', b'z'), within(b'0', b'9'))
    }
}

/// Uppercase, lowercase and digit masks of 16 bytes.
#[cfg(not(target_arch = "x86_64"))]
fn classes16(chunk: &[u8]) -> (u32, u32, u32) {
    let (mut u, mut l, mut d) = (0, 0, 0);
    for (k, &b) in chunk[..16].iter().enumerate() {
        u |= u32::from(b.is_ascii_uppercase()) << k;
        l |= u32::from(b.is_ascii_lowercase()) << k;
        d |= u32::from(b.is_ascii_digit()) << k;
    }
    (u, l, d)
}

/// The first set bit at or after `from`, if any.
#[inline]
pub(crate) fn next_set(mask: &[u64], from: usize) -> Option<usize> {
    let mut w = from / 64;
    let mut bits = *mask.get(w)? & (!0u64 << (from % 64));
    while bits == 0 {
        w += 1;
        bits = *mask.get(w)?;
    }
    Some(64 * w + bits.trailing_zeros() as usize)
}

/// The first clear bit at or after `from` (`64 * mask.len()` if none: with the bits
/// past the text's end clear, at most its length).
#[inline]
pub(crate) fn next_clear(mask: &[u64], from: usize) -> usize {
    let mut w = from / 64;
    let Some(&first) = mask.get(w) else {
        return from;
    };
    let mut bits = !first & (!0u64 << (from % 64));
    while bits == 0 {
        w += 1;
        match mask.get(w) {
            Some(&m) => bits = !m,
            None => return 64 * mask.len(),
        }
    }
    64 * w + bits.trailing_zeros() as usize
}

/// Whether any bit in `start..end` is set.
#[inline]
pub(crate) fn any_set(mask: &[u64], start: usize, end: usize) -> bool {
    next_set(mask, start).is_some_and(|i| i < end)
}

/// Random text for the scans' tests: `len` bytes drawn from `alphabet`, the next state of
/// a xorshift generator taken from `seed` first.
#[cfg(test)]
pub(crate) fn random_bytes(alphabet: &[u8], seed: &mut u64, len: impl Fn(u64) -> usize) -> Vec<u8> {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    let s = *seed;
    (0..len(s))
        .map(|k| {
            let r = s.rotate_left((k % 64) as u32) ^ (k as u64).wrapping_mul(31);
            alphabet[(r % alphabet.len() as u64) as usize]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The masks and the bit walks agree with a byte-by-byte reading of random text
    /// (ASCII, bytes outside it, lengths around the 16- and 64-byte steps).
    #[test]
    fn masks_and_walks_equal_a_byte_loop() {
        let alphabet = b"aZq09 .,'-_\t\n\x00\x7f\x80\xc3\xa9\xffxyzAB";
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for len in (0..200).chain([255, 256, 257, 1000]) {
            let bytes = random_bytes(alphabet, &mut seed, |_| len);
            let (alnum, upper) = masks(&bytes, |u, l, d| (u | l | d, u));
            let bit = |m: &[u64], i: usize| m[i / 64] >> (i % 64) & 1 == 1;
            assert_eq!(alnum.len(), len.div_ceil(64));
            for (i, &b) in bytes.iter().enumerate() {
                assert_eq!(
                    bit(&alnum, i),
                    b.is_ascii_alphanumeric(),
                    "{bytes:?} at {i}"
                );
                assert_eq!(bit(&upper, i), b.is_ascii_uppercase(), "{bytes:?} at {i}");
            }
            for i in len..64 * alnum.len() {
                assert!(!bit(&alnum, i));
            }
            for from in 0..=len {
                let set = (from..len).find(|&i| bytes[i].is_ascii_alphanumeric());
                assert_eq!(next_set(&alnum, from), set);
                let clear = (from..len)
                    .find(|&i| !bytes[i].is_ascii_alphanumeric())
                    .unwrap_or(len);
                assert_eq!(next_clear(&alnum, from).min(len), clear);
                for end in from..=len.min(from + 70) {
                    let any = bytes[from..end].iter().any(u8::is_ascii_uppercase);
                    assert_eq!(any_set(&upper, from, end), any);
                }
            }
        }
    }
}
