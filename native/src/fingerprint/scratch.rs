//! The fingerprint's buffers on the fast path, kept from one story to the next, and
//! what the profile of the same story reads from them (`known`, `df_hint`).

/// Buffers the fingerprint of the fast path (`FastPath` keeps one) reuses from one story
/// to the next: each is emptied and refilled per story, so a story allocates only the
/// values it keeps. The vectors of slices of a story's text hold `'static` slices only
/// while empty (`recycle`).
#[derive(Default)]
pub(crate) struct Scratch {
    pub(super) joined: Vec<u8>,
    pub(super) lines: Vec<&'static str>,
    pub(super) kept: Vec<&'static str>,
    pub(super) cleaned: Vec<u8>,
    pub(super) lowered: String,
    pub(super) masks: (Vec<u64>, Vec<u64>),
    pub(super) cased: Vec<&'static str>,
    pub(super) special: Vec<bool>,
    pub(super) lower: Vec<&'static str>,
    pub(super) positions: Vec<usize>,
    pub(super) crcs: Vec<u32>,
    /// Each token's byte range in the cleaned text (`crcs[k]` is token `k`'s crc), read
    /// by the profile of the same story (`Scratch::known`).
    pub(super) spans: Vec<(u32, u32)>,
    pub(super) shingles: Vec<u32>,
    /// The DF table the profile of the same story reads next (address and length in
    /// `i32`s; 0: none): each token's count, at its term id (the crc's top bits: the
    /// profile's id of the same word, bar a stemmed plural), is asked for as soon as the
    /// crc is known, so the ~400 misses into the 16 MB table overlap the rest of the
    /// fingerprint instead of stalling the profile's count loop.
    pub(crate) df_hint: (usize, usize),
}

/// The text size above which a story's buffers are given back after it: a huge story
/// (up to the body limit) must not keep its ~10x of scratch memory for the stage's life.
pub(crate) const SCRATCH_KEEP_BYTES: usize = 256 * 1024;

impl Scratch {
    /// The last story's token ranges and crcs, as `profile::Known` reads them, when its
    /// cleaned text was `article` itself (nothing removed: removal only shortens it) and
    /// ASCII, so a range names the same bytes in both.
    pub(crate) fn known(&self, article: &str) -> Option<crate::profile::Known<'_>> {
        debug_assert_eq!(self.spans.len(), self.crcs.len(), "one crc per token range");
        (self.cleaned.len() == article.len()
            && article.len() <= u32::MAX as usize
            && article.is_ascii())
        .then_some((&self.spans, &self.crcs))
    }

    /// Drops every buffer when the last story's text outgrew `SCRATCH_KEEP_BYTES`.
    pub(crate) fn trim(&mut self) {
        if self.joined.capacity() > SCRATCH_KEEP_BYTES
            || self.cleaned.capacity() > SCRATCH_KEEP_BYTES
        {
            *self = Self::default();
        }
    }
}

/// `v`'s allocation as an empty vector of references of another lifetime (an emptied
/// vector's in-place `collect` into one of the same element layout keeps its buffer).
pub(crate) fn recycle<'a, 'b, T: ?Sized>(mut v: Vec<&'a T>) -> Vec<&'b T> {
    v.clear();
    v.into_iter().map(|_| -> &'b T { unreachable!() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `recycle` hands back the same allocation (the fast path's lists rely on it to
    /// allocate nothing per story).
    #[test]
    fn recycle_keeps_the_allocation() {
        let words = [String::from("a"), String::from("b")];
        let mut v: Vec<&String> = Vec::with_capacity(64);
        v.extend(&words);
        let (ptr, cap) = (v.as_ptr() as usize, v.capacity());
        let back: Vec<&String> = recycle(v);
        assert!(back.is_empty());
        assert_eq!((back.as_ptr() as usize, back.capacity()), (ptr, cap));
    }

    /// A huge story's buffers are given back; a usual story's are kept.
    #[test]
    fn scratch_trim_gives_back_only_outgrown_buffers() {
        let mut scratch = Scratch::default();
        scratch.joined.reserve(8 * 1024);
        scratch.trim();
        assert!(scratch.joined.capacity() >= 8 * 1024);
        scratch.joined.reserve(SCRATCH_KEEP_BYTES + 1);
        scratch.crcs.reserve(100_000);
        scratch.trim();
        assert_eq!((scratch.joined.capacity(), scratch.crcs.capacity()), (0, 0));
    }
}
