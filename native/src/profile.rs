//! A story's event profile (`stream.core.dedup.profile.build`), value for value with the
//! Python reference, in one call: `build` tokenizes the article text (names, content
//! words, headline terms, years, figures and quotes from the salient features), reads
//! the document frequencies from the numpy table Python owns (`DocFreq.counts`),
//! weights the terms with numpy's own `log` (called back once per story: its last bit
//! may differ from libm's) and quantizes them into the profile. Text with a character
//! outside ASCII that is not a known separator is declined (`None`): Python takes the
//! reference path.

use std::cell::RefCell;

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1, PyReadwriteArray1};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::fingerprint::{
    has_shape, recycle, shapes, FxMap, FxSet, APOSTROPHES, SEPARATORS, UNICODE_SPACES,
};
use crate::hint::prefetch;
use crate::scan;
use crate::sort::sort_dedup_u32;

mod py;
mod term_at;
mod words;

use term_at::TermAt;

pub(crate) use words::Known;

/// `profile.TID_BITS`, the kinds of profile entries (also read by `events.rs`) and the
/// quantization ceiling.
pub(crate) const TID_BITS: u32 = 22;
pub(crate) const KIND_TERM: u32 = 0;
pub(crate) const KIND_NAME: u32 = 1;
pub(crate) const KIND_LEAD: u32 = 2;
pub(crate) const KIND_NUM: u32 = 3;
pub(crate) const KIND_QUOTE: u32 = 4;
pub(crate) const KIND_YEAR: u32 = 5;
const WEIGHT_MAX: f64 = 127.0;
/// `cluster.feature_hashes` kinds of the salient features read here.
const SALIENT_NUMBER: u32 = 2;
const SALIENT_QUOTE: u32 = 3;

thread_local! {
    /// `tokens`' term id -> position table, kept from one story to the next (the
    /// `build` path's scratch is new at every call): a map allocated per story (~16 KB
    /// for ~400 words) cost more in malloc than its probes.
    static TERM_AT: RefCell<TermAt> = RefCell::new(TermAt::default());
}

/// A word of the text: byte range, in the text as given.
type Span = (usize, usize);

/// The 22-bit term id of `profile.tid` (crc32 of the UTF-8 bytes, top bits).
fn tid(bytes: &[u8]) -> u32 {
    tid_of_crc(crc32fast::hash(bytes))
}

/// The term id of bytes whose crc32 is `crc` (`tid`'s top bits): the fingerprint's
/// token crcs give the profile's term ids and the DF table's lines to prefetch.
pub(crate) fn tid_of_crc(crc: u32) -> u32 {
    crc >> (32 - TID_BITS)
}

fn entry(ident: u32, kind: u32, weight: u32) -> u32 {
    ((ident << 3 | kind) << 7) | weight
}

/// `(profile, df_ids)`.
type Profile<'py> = (Bound<'py, PyArray1<u32>>, Bound<'py, PyArray1<u32>>);

#[pyclass(module = "wirestream_native")]
pub struct ProfileText {
    stop: FxSet<Box<[u8]>>,
    /// `shapes` of the stop words: most words are ruled out before the set lookup.
    stop_shapes: [u32; 256],
    /// numpy's `log` ufunc: the one float step whose last bit libm may not reproduce
    /// (numpy takes a SIMD path on AVX-512 machines), so the IDF is numpy's exactly.
    log: Py<PyAny>,
    max_chars: usize,
    lead_terms: usize,
    max_years: usize,
    max_nums: usize,
    max_quotes: usize,
}

/// `profile.build`'s unweighted parts: term ids then name ids with their counts, how
/// many are terms, and the profile entries that need no weighting (lead, figures,
/// quotes, years).
struct Tokens {
    ids: Vec<u32>,
    counts: Vec<u32>,
    n_terms: usize,
    fixed: Vec<u32>,
}

/// The byte length of the first `max_chars` characters, or None for a character among
/// them we do not map (outside ASCII, only separators, spaces and apostrophes are
/// accepted: all of their bytes are class 0 in `CLASS`).
fn accepted_end(text: &str, max_chars: usize) -> Option<usize> {
    if text.is_ascii() {
        return Some(text.len().min(max_chars));
    }
    for (n, (i, c)) in text.char_indices().enumerate() {
        if n == max_chars {
            return Some(i);
        }
        if !(c.is_ascii()
            || SEPARATORS.contains(&c)
            || UNICODE_SPACES.contains(&c)
            || APOSTROPHES.contains(&c))
        {
            return None;
        }
    }
    Some(text.len())
}

/// Runs of `[^\W\d_]{3,}` (letters) and `[^\W\d_][^\W_]*` (a letter, then letters and
/// digits), as byte spans of accepted text: maximal runs of letters, and of letters and
/// digits from their first letter, found by bit scans over the byte-class masks (every
/// byte of an accepted character outside ASCII, a separator, space or apostrophe, is
/// neither a letter nor a digit).
fn runs(bytes: &[u8]) -> (Vec<Span>, Vec<Span>) {
    let (mut letters, mut cased) = (Vec::new(), Vec::new());
    runs_into(
        bytes,
        &mut (Vec::new(), Vec::new()),
        &mut letters,
        &mut cased,
    );
    (letters, cased)
}

/// `runs` into `letters` and `cased` (emptied first; `masks`: buffers).
fn runs_into(
    bytes: &[u8],
    masks: &mut (Vec<u64>, Vec<u64>),
    letters: &mut Vec<Span>,
    cased: &mut Vec<Span>,
) {
    let (letter, alnum) = (&mut masks.0, &mut masks.1);
    scan::masks_into(bytes, |u, l, d| (u | l, u | l | d), letter, alnum);
    let (letter, alnum) = (&*letter, &*alnum);
    letters.clear();
    cased.clear();
    letters.reserve(bytes.len() / 6);
    cased.reserve(bytes.len() / 6);
    let mut i = 0;
    while let Some(s) = scan::next_set(letter, i) {
        let e = scan::next_clear(letter, s);
        if e - s >= 3 {
            letters.push((s, e));
        }
        i = e;
    }
    let mut i = 0;
    while let Some(s) = scan::next_set(alnum, i) {
        let e = scan::next_clear(alnum, s);
        if let Some(first_letter) = scan::next_set(letter, s).filter(|&f| f < e) {
            cased.push((first_letter, e));
        }
        i = e;
    }
}

/// Buffers the profile of the fast path (`FastPath` keeps one) reuses from one story to
/// the next: each is emptied and refilled per story. `words` holds `'static` slices only
/// while empty (`recycle`).
#[derive(Default)]
pub(crate) struct Scratch {
    lower: Vec<u8>,
    masks: (Vec<u64>, Vec<u64>),
    letters: Vec<Span>,
    cased: Vec<Span>,
    words: Vec<&'static [u8]>,
    tids: Vec<u32>,
    ids: Vec<u32>,
    counts: Vec<u32>,
    weights: Vec<f64>,
    order: Vec<usize>,
}

impl Scratch {
    /// Drops every buffer when the last story's text outgrew
    /// `fingerprint::SCRATCH_KEEP_BYTES` (as the fingerprint's scratch does): one huge
    /// story's buffers are not kept for the stage's life.
    pub(crate) fn trim(&mut self) {
        if self.lower.capacity() > crate::fingerprint::SCRATCH_KEEP_BYTES {
            *self = Self::default();
        }
    }
}

impl ProfileText {
    /// The unweighted parts of `profile.build` (see `Tokens`), or None when Python
    /// must do it. Each id's count in `table` (the 16 MB DF table, read at random after
    /// the tokens) is prefetched as the id is found.
    fn tokens(
        &self,
        headline: Option<&str>,
        text: &str,
        salient: &[u32],
        table: &[i32],
        known: Option<Known<'_>>,
        s: &mut Scratch,
    ) -> Option<Tokens> {
        let end = accepted_end(text, self.max_chars)?;
        let head = match headline.filter(|h| !h.is_empty()) {
            Some(h) => {
                let head_end = accepted_end(h, self.max_chars)?;
                Some(&h.as_bytes()[..head_end])
            }
            None => None,
        };
        let bytes = &text.as_bytes()[..end];
        let Scratch {
            lower,
            masks,
            letters,
            cased,
            words: words_buf,
            tids,
            ids,
            counts,
            ..
        } = s;
        lower.clear();
        lower.extend_from_slice(bytes);
        lower.make_ascii_lowercase();
        let lower: &[u8] = lower;
        runs_into(bytes, masks, letters, cased);
        let names = name_counts(lower, bytes, cased, &self.stop);
        let name_set: FxSet<&[u8]> = names.iter().map(|&(n, _)| n).collect();
        let name_shapes = shapes(names.iter().map(|&(n, _)| n));
        let mut words: Vec<&[u8]> = recycle(std::mem::take(words_buf));
        self.words_into(lower, letters, known, &mut words, tids);
        let tids: &[u32] = tids;

        let mut ids: Vec<u32> = std::mem::take(ids);
        let mut counts: Vec<u32> = std::mem::take(counts);
        ids.clear();
        counts.clear();
        ids.reserve(words.len() + names.len());
        counts.reserve(words.len() + names.len());
        let named = |w: &[u8]| has_shape(&name_shapes, w) && name_set.contains(w);
        TERM_AT.with_borrow_mut(|at| {
            at.reset(words.len());
            for (_, &t) in words.iter().zip(tids).filter(|(w, _)| !named(w)) {
                match at.get_or_insert(t, ids.len()) {
                    Some(k) => counts[k] += 1,
                    None => {
                        prefetch(table.as_ptr().wrapping_add(t as usize));
                        ids.push(t);
                        counts.push(1);
                    }
                }
            }
        });
        let n_terms = ids.len();
        let mut prefixed = Vec::with_capacity(32);
        for &(name, count) in &names {
            prefixed.clear();
            prefixed.push(b'N');
            prefixed.extend_from_slice(name);
            let t = tid(&prefixed);
            prefetch(table.as_ptr().wrapping_add(t as usize));
            ids.push(t);
            counts.push(count);
        }

        let mut lead: Vec<u32> = match &head {
            Some(head) => {
                let (head_letters, _) = runs(head);
                self.words(&head.to_ascii_lowercase(), &head_letters)
                    .iter()
                    .map(|w| tid(w))
                    .collect()
            }
            None => tids[..tids.len().min(self.lead_terms)].to_vec(),
        };
        let mut fixed = Vec::new();
        lead.sort_unstable();
        lead.dedup();
        lead.truncate(self.lead_terms);
        fixed.extend(lead.iter().map(|&t| entry(t, KIND_LEAD, 1)));
        for (kind_in, kind_out, cap) in [
            (SALIENT_NUMBER, KIND_NUM, self.max_nums),
            (SALIENT_QUOTE, KIND_QUOTE, self.max_quotes),
        ] {
            let mut picked: Vec<u32> = salient
                .iter()
                .filter(|&&f| f & 3 == kind_in)
                .map(|&f| tid_of_crc(f))
                .collect();
            picked.sort_unstable();
            picked.dedup();
            picked.truncate(cap);
            fixed.extend(picked.iter().map(|&t| entry(t, kind_out, 1)));
        }
        fixed.extend(
            years(lower, self.max_years)
                .iter()
                .map(|&y| entry(y, KIND_YEAR, 1)),
        );
        *words_buf = recycle(words);
        Some(Tokens {
            ids,
            counts,
            n_terms,
            fixed,
        })
    }
}

/// `profile.name_counts`: names (lowercased, as slices of `lower`) and their counts, in
/// first-seen order.
fn name_counts<'a>(
    lower: &'a [u8],
    bytes: &[u8],
    cased: &[Span],
    stop: &FxSet<Box<[u8]>>,
) -> Vec<(&'a [u8], u32)> {
    // Capitalized words first (few), then the all-lowercase words (most of the text)
    // strike out those seen in lowercase: a lookup in a small map, skipped outright for
    // a word whose first letter and length no candidate has.
    let mut order: Vec<(&[u8], u32)> = Vec::new();
    let mut at: FxMap<&[u8], usize> = FxMap::with_capacity_and_hasher(64, Default::default());
    let mut shapes = [0u32; 256];
    for &(s, e) in cased {
        if !bytes[s].is_ascii_uppercase() || e - s < 2 {
            continue;
        }
        let low = &lower[s..e];
        match at.get(low) {
            Some(&k) => order[k].1 += 1,
            None if stop.contains(low) => {}
            None => {
                at.insert(low, order.len());
                order.push((low, 1));
                shapes[usize::from(low[0])] |= 1 << (low.len().min(31));
            }
        }
    }
    if order.is_empty() {
        return order;
    }
    // A word is all lowercase in the text exactly when it has no capital: its slice of
    // `lower` is then its own text.
    for &(s, e) in cased {
        let low = &lower[s..e];
        if !has_shape(&shapes, low) || bytes[s..e].iter().any(u8::is_ascii_uppercase) {
            continue;
        }
        if let Some(&k) = at.get(low) {
            order[k].1 = 0;
        }
    }
    order.retain(|&(_, n)| n > 0);
    order
}

/// `profile._YEAR`: `(?<![\d.,])(?:19[5-9]\d|20\d\d)(?![\d.,]\d)`, distinct, sorted.
fn years(bytes: &[u8], max: usize) -> Vec<u32> {
    let n = bytes.len();
    let num_or_sep = |b: u8| b.is_ascii_digit() || b == b'.' || b == b',';
    let mut found = Vec::new();
    let mut i = 0;
    while i + 4 <= n {
        // A year starts with 1 or 2: jump to the next one (SIMD search).
        match memchr::memchr2(b'1', b'2', &bytes[i..n - 3]) {
            Some(k) => i += k,
            None => break,
        }
        let w = &bytes[i..i + 4];
        let shape = ((w[0] == b'1' && w[1] == b'9' && w[2] >= b'5')
            || (w[0] == b'2' && w[1] == b'0'))
            && w.iter().all(u8::is_ascii_digit);
        if shape
            && (i == 0 || !num_or_sep(bytes[i - 1]))
            && !(i + 5 < n && num_or_sep(bytes[i + 4]) && bytes[i + 5].is_ascii_digit())
        {
            let year = w
                .iter()
                .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'));
            found.push(year);
            i += 4;
        } else {
            i += 1;
        }
    }
    found.sort_unstable();
    found.dedup();
    found.truncate(max);
    found
}

/// The `keep` heaviest ids (ties: smaller id), weights scaled to 1..WEIGHT_MAX
/// (`profile._quantize`: numpy's `rint` rounds half to even).
/// (`order`: a buffer.)
fn quantize(
    ids: &[u32],
    weights: &[f64],
    (kind, keep): (u32, usize),
    order: &mut Vec<usize>,
    out: &mut Vec<u32>,
) {
    if ids.is_empty() {
        return;
    }
    order.clear();
    order.extend(0..ids.len());
    let heavier =
        |&a: &usize, &b: &usize| weights[b].total_cmp(&weights[a]).then(ids[a].cmp(&ids[b]));
    if keep < order.len() {
        order.select_nth_unstable_by(keep, heavier); // the `keep` heaviest first, unordered
        order.truncate(keep);
    }
    order.sort_by(heavier);
    let top = order
        .iter()
        .map(|&i| weights[i])
        .fold(f64::NEG_INFINITY, f64::max);
    let scale = WEIGHT_MAX / top;
    for &i in order.iter() {
        let q = (weights[i] * scale).round_ties_even().max(1.0);
        out.push(entry(ids[i], kind, q as u32));
    }
}

/// `(profile, df_ids)` from the ids (terms then names), their TF-IDF weights and the
/// fixed entries (`profile.build` after the weighting; `order`: a buffer).
#[allow(clippy::too_many_arguments)]
fn finish_profile(
    ids: &[u32],
    weights: &[f64],
    n_terms: usize,
    fixed: &[u32],
    vec_terms: usize,
    name_terms: usize,
    max_df_terms: usize,
    order: &mut Vec<usize>,
) -> (Vec<u32>, Vec<u32>) {
    let mut entries = Vec::with_capacity(vec_terms + name_terms + fixed.len());
    quantize(
        &ids[..n_terms],
        &weights[..n_terms],
        (KIND_TERM, vec_terms),
        order,
        &mut entries,
    );
    quantize(
        &ids[n_terms..],
        &weights[n_terms..],
        (KIND_NAME, name_terms),
        order,
        &mut entries,
    );
    entries.extend_from_slice(fixed);
    sort_dedup_u32(&mut entries);
    let mut df: Vec<u32> = ids[..n_terms].to_vec();
    if df.len() > max_df_terms {
        // The `max_df_terms` smallest term ids (ids are distinct: any order of them
        // gives the same set).
        df.select_nth_unstable(max_df_terms);
        df.truncate(max_df_terms);
    }
    df.extend_from_slice(&ids[n_terms..]);
    sort_dedup_u32(&mut df);
    (entries, df)
}

#[cfg(test)]
mod tests;
