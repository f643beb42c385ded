//! Integer mixing shared by the fingerprinter and the band index.

/// MurmurHash3's 32-bit finalizer: a bijection on u32 with good avalanche (datasketch's
/// affine32 pre-mix, and the band index's key scrambler).
#[inline]
pub fn fmix32(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85EB_CA6B);
    h ^= h >> 13;
    h = h.wrapping_mul(0xC2B2_AE35);
    h ^ (h >> 16)
}
