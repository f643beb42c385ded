//! The profile's content words (`profile.terms`) and their term ids. On the fast path
//! the fingerprint of the same story has just hashed its tokens (crc32 of each
//! lowercase token, `fingerprint::Scratch::known`): a word that is a whole token, not
//! stemmed, has that crc already, and its term id is read instead of hashed again.

use super::{tid, tid_of_crc, ProfileText, Span};
use crate::fingerprint::{has_shape, FxSet};

/// The fingerprint's token ranges (byte offsets in the article text, in text order) and
/// the crc32 of each lowercase token: `(spans, crcs)`, of equal length.
pub(crate) type Known<'a> = (&'a [(u32, u32)], &'a [u32]);

impl ProfileText {
    /// `profile.terms` of `text` (ASCII letters, lowercased in `lower`): content words,
    /// stemmed, in order, as slices of `lower`.
    pub(super) fn words<'a>(&self, lower: &'a [u8], letters: &[Span]) -> Vec<&'a [u8]> {
        let mut out = Vec::new();
        self.words_into(lower, letters, None, &mut out, &mut Vec::new());
        out
    }

    /// `words` into `out` and each word's term id into `tids` (both emptied first);
    /// `known`: the crcs of the fingerprint's tokens of this text, if any.
    pub(super) fn words_into<'a>(
        &self,
        lower: &'a [u8],
        letters: &[Span],
        known: Option<Known<'_>>,
        out: &mut Vec<&'a [u8]>,
        tids: &mut Vec<u32>,
    ) {
        let stop = (&self.stop, &self.stop_shapes);
        words_into(stop, lower, letters, known, out, tids);
    }
}

/// `ProfileText::words_into` with its stop words (the set and its `shapes`).
fn words_into<'a>(
    (stop, stop_shapes): (&FxSet<Box<[u8]>>, &[u32; 256]),
    lower: &'a [u8],
    letters: &[Span],
    known: Option<Known<'_>>,
    out: &mut Vec<&'a [u8]>,
    tids: &mut Vec<u32>,
) {
    out.clear();
    tids.clear();
    out.reserve(letters.len());
    tids.reserve(letters.len());
    let (spans, crcs) = known.unwrap_or((&[], &[]));
    // Letter runs and tokens both come in text order: one walk finds the token starting
    // where a run starts, if any. Only a token of exactly the run's range (not longer:
    // no digit joined to it, not cut short by the profile's character limit) has the
    // run's crc.
    let mut j = 0;
    for &(s, e) in letters {
        let w = &lower[s..e];
        if has_shape(stop_shapes, w) && stop.contains(w) {
            continue;
        }
        let stemmed = stem(w);
        while j < spans.len() && (spans[j].0 as usize) < s {
            j += 1;
        }
        let whole = stemmed.len() == w.len()
            && spans.get(j) == Some(&(s as u32, e as u32))
            && j < crcs.len();
        out.push(stemmed);
        tids.push(if whole {
            tid_of_crc(crcs[j])
        } else {
            tid(stemmed)
        });
    }
}

/// `profile.stem`: a plural `s` off.
pub(super) fn stem(word: &[u8]) -> &[u8] {
    let n = word.len();
    if n > 4 && word[n - 1] == b's' && !matches!(word[n - 2], b's' | b'u' | b'\'') {
        &word[..n - 1]
    } else {
        word
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::shapes;

    /// With the crcs of the text's alphanumeric runs (as the fingerprint finds them in
    /// text that `clean` leaves as it is), the words and ids are those hashed anew.
    #[test]
    fn known_crcs_give_the_hashed_ids() {
        let text = b"the kittens ran 12 miles Boston's x9y abcdef01 ab bus gases toys".to_vec();
        let lower = text.to_ascii_lowercase();
        let (letters, _) = super::super::runs(&text);
        let mut spans = Vec::new();
        let mut k = 0;
        while k < lower.len() {
            if lower[k].is_ascii_alphanumeric() {
                let s = k;
                while k < lower.len() && lower[k].is_ascii_alphanumeric() {
                    k += 1;
                }
                spans.push((s as u32, k as u32));
            } else {
                k += 1;
            }
        }
        let crcs: Vec<u32> = (spans.iter())
            .map(|&(s, e)| crc32fast::hash(&lower[s as usize..e as usize]))
            .collect();
        let stop: FxSet<Box<[u8]>> = [b"the".to_vec().into_boxed_slice()].into_iter().collect();
        let stop_shapes = shapes([&b"the"[..]].into_iter());
        let (mut words, mut tids) = (Vec::new(), Vec::new());
        let known: Known<'_> = (&spans, &crcs);
        words_into(
            (&stop, &stop_shapes),
            &lower,
            &letters,
            Some(known),
            &mut words,
            &mut tids,
        );
        let want: Vec<u32> = words.iter().map(|w| tid(w)).collect();
        assert_eq!(tids, want);
        let (mut fresh, mut fresh_tids) = (Vec::new(), Vec::new());
        words_into(
            (&stop, &stop_shapes),
            &lower,
            &letters,
            None,
            &mut fresh,
            &mut fresh_tids,
        );
        assert_eq!((&words, &tids), (&fresh, &fresh_tids));
        assert!(!words.contains(&&b"the"[..]));
        assert!(words.contains(&&b"kitten"[..]) && words.contains(&&b"boston"[..]));
    }
}
