//! One pass over a story's article text: tokens, shingle MinHash, facts, salient features.
//!
//! Mirrors `stream.dedup.text`, `fingerprint`, `facts`, `salient` and `cluster` (the
//! Python reference) value for value. Python hands in every parameter (word lists,
//! MinHash permutations, limits) so they stay defined in one place. Text holding a
//! character whose word/non-word class could differ between Python's Unicode tables and
//! ours is declined (`None`): Python takes the slow path for it, so the output never
//! depends on which path ran. Letters outside ASCII are handled only when Python handed
//! in their lowercase, fold and case (`letters`: the Latin letters), so Python's Unicode
//! database stays the one source of those mappings.

mod chars;
mod features;
mod hashing;
mod scratch;

use std::borrow::Cow;

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyString;

use chars::{
    clean, clean_into, ends_like_a_sentence, tokens_by, BYTE_CLASS, LOWER, SEPARATOR, SPECIAL,
};
pub(crate) use chars::{
    has_shape, is_py_space, py_splitlines, shapes, APOSTROPHES, SEPARATORS, UNICODE_SPACES,
};
pub(crate) use features::{KIND_PHRASE, KIND_WORD};
use hashing::{crc, delivery_digest, delivery_digest_in, joined_digest8, signature};
pub(crate) use hashing::{FxMap, FxSet};
pub(crate) use scratch::{recycle, Scratch, SCRATCH_KEEP_BYTES};

use crate::scan;

type Output<'py> = (
    String,
    Bound<'py, PyArray1<u32>>,
    usize,
    Bound<'py, PyArray1<u32>>,
    Bound<'py, PyArray1<u32>>,
);

/// A letter outside ASCII as Python maps it (`str.lower`, `text.fold`, `str.isupper`).
struct Letter {
    lower: char,
    fold: String,
    upper: bool,
}

/// Fingerprints of article text, with the parameters of the Python reference.
#[pyclass(frozen, module = "wirestream_native")]
pub struct Fingerprinter {
    letters: FxMap<char, Letter>,
    shingle: usize,
    mix: Vec<u64>,
    near_a: Vec<u32>,
    near_b: Vec<u32>,
    cap_stop: FxSet<String>,
    name_joiners: FxSet<String>,
    number_words: FxSet<String>,
    /// By first byte: a bit per length (31: longer) some number word has; most tokens
    /// are ruled out by this before a set lookup.
    number_word_shapes: [u32; 256],
    units: FxSet<String>,
    max_token_chars: usize,
    max_facts: usize,
    max_features: usize,
    quote_shingle: usize,
    quote_min: usize,
    quote_max: usize,
    chrome_phrases: Vec<String>,
    chrome_scan_chars: usize,
    long_line_words: usize,
}

#[pymethods]
impl Fingerprinter {
    #[new]
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (*, shingle, mix, near_permutations, cap_stop,
        name_joiners, number_words, units, max_token_chars, max_facts, max_features,
        quote_shingle, quote_chars, chrome_phrases, chrome_scan_chars, long_line_words,
        letters))]
    fn new(
        shingle: usize,
        mix: Vec<u64>,
        near_permutations: (PyReadonlyArray1<u32>, PyReadonlyArray1<u32>),
        cap_stop: FxSet<String>,
        name_joiners: FxSet<String>,
        number_words: FxSet<String>,
        units: FxSet<String>,
        max_token_chars: usize,
        max_facts: usize,
        max_features: usize,
        quote_shingle: usize,
        quote_chars: (usize, usize),
        chrome_phrases: Vec<String>,
        chrome_scan_chars: usize,
        long_line_words: usize,
        letters: Vec<(char, char, String, bool)>,
    ) -> PyResult<Self> {
        if shingle == 0 || shingle > mix.len() {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "need 1 <= shingle <= len(mix)",
            ));
        }
        // A letter whose lowercase takes another number of bytes would break the byte
        // offsets shared by the cased and lowercased text: left to Python.
        let letters = letters
            .into_iter()
            .filter(|&(c, lower, _, _)| !c.is_ascii() && c.len_utf8() == lower.len_utf8())
            .map(|(c, lower, fold, upper)| (c, Letter { lower, fold, upper }))
            .collect();
        Ok(Self {
            letters,
            shingle,
            mix,
            near_a: near_permutations.0.as_array().to_vec(),
            near_b: near_permutations.1.as_array().to_vec(),
            cap_stop,
            name_joiners,
            number_word_shapes: shapes(number_words.iter().map(String::as_bytes)),
            number_words,
            units,
            max_token_chars,
            max_facts,
            max_features,
            quote_shingle,
            quote_min: quote_chars.0,
            quote_max: quote_chars.1,
            chrome_phrases,
            chrome_scan_chars,
            long_line_words,
        })
    }

    /// `(content_hash, near, shingles, facts, event_set)` of the article text
    /// (joined article lines, before `clean`), or None when Python must do it.
    fn fingerprint<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyString>,
    ) -> Option<Output<'py>> {
        self.fingerprint_str(py, utf8(text)?)
    }

    /// `fingerprint("\n".join(text.article_lines(body)))`, or None when Python must do it.
    fn fingerprint_body<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyString>,
    ) -> Option<Output<'py>> {
        let text = self.article_str(utf8(body)?)?;
        self.fingerprint_str(py, &text)
    }

    /// `fingerprint_body(body)`, the article text it was computed from (what the event
    /// profile reads too: the article lines are found once per story) and the delivery
    /// hash of `headline` + `body`: one call per story.
    fn fingerprint_story<'py>(
        &self,
        py: Python<'py>,
        headline: &Bound<'py, PyString>,
        body: &Bound<'py, PyString>,
    ) -> Option<(Output<'py>, String, String)> {
        let (fp, text, delivery) = self.story(py, utf8(headline)?, utf8(body)?)?;
        Some((output(py, fp), text, delivery))
    }

    /// `"\n".join(text.article_lines(body))`, or None for a body with a character whose
    /// case or class we do not map exactly like Python.
    fn article_text(&self, body: &Bound<'_, PyString>) -> Option<String> {
        self.article_str(utf8(body)?)
    }

    /// `clusters.names.story_names` of a story (None or "" for no headline), or None
    /// when Python must compute them (a character we do not map like Python).
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (headline, body, *, limit, lead_chars, name_chars, min_word_chars))]
    fn story_names(
        &self,
        py: Python<'_>,
        headline: Option<&Bound<'_, PyString>>,
        body: &Bound<'_, PyString>,
        limit: usize,
        lead_chars: usize,
        name_chars: usize,
        min_word_chars: usize,
    ) -> Option<Vec<String>> {
        let headline = match headline {
            Some(h) => utf8(h)?,
            None => "",
        };
        let body = utf8(body)?;
        let limits = crate::names::NameLimits {
            limit,
            lead_chars,
            name_chars,
            min_word_chars,
        };
        py.allow_threads(|| self.names_of(headline, body, &limits))
    }

    /// `blake2b-8(headline + "\0" + " ".join(body.split()))`; None for text with lone
    /// surrogates (not UTF-8; Python hashes those with "surrogatepass").
    #[staticmethod]
    fn delivery_hash(headline: &Bound<'_, PyString>, body: &Bound<'_, PyString>) -> Option<String> {
        Some(delivery_digest(utf8(headline)?, utf8(body)?))
    }
}

/// The text of a Python str, or None if it holds lone surrogates (no UTF-8 form).
pub(crate) fn utf8<'a>(text: &'a Bound<'_, PyString>) -> Option<&'a str> {
    text.to_str().ok()
}

/// A fingerprint as Python receives it.
fn output(py: Python<'_>, fp: Computed) -> Output<'_> {
    (
        fp.content_hash,
        fp.near.into_pyarray(py),
        fp.shingles,
        fp.facts.into_pyarray(py),
        fp.event_set.into_pyarray(py),
    )
}

impl Fingerprinter {
    fn fingerprint_str<'py>(&self, py: Python<'py>, text: &str) -> Option<Output<'py>> {
        Some(output(py, self.computed(py, text)?))
    }

    /// The fingerprint of article text, kept in Rust (None when Python must do it).
    fn computed(&self, py: Python<'_>, text: &str) -> Option<Computed> {
        self.computed_in(py, text, &mut Scratch::default())
    }

    /// `computed` with the caller's buffers.
    fn computed_in(&self, py: Python<'_>, text: &str, s: &mut Scratch) -> Option<Computed> {
        let mut cleaned = std::mem::take(&mut s.cleaned);
        let fp = clean_into(text, |c| self.letters.contains_key(&c), &mut cleaned).then(|| {
            // Only ASCII bytes and whole separator characters are left: still UTF-8.
            let cleaned = std::str::from_utf8(&cleaned).expect("clean keeps whole characters");
            py.allow_threads(|| self.compute(cleaned, s))
        });
        s.cleaned = cleaned;
        fp
    }

    /// `fingerprint_story` kept in Rust: the fingerprint of the body's article lines,
    /// the article text and the delivery hash (None when Python must do it).
    pub(crate) fn story(
        &self,
        py: Python<'_>,
        headline: &str,
        body: &str,
    ) -> Option<(Computed, String, String)> {
        let mut text = String::new();
        let (fp, delivery) =
            self.story_in(py, headline, body, &mut Scratch::default(), &mut text)?;
        Some((fp, text, delivery))
    }

    /// `story` with the caller's buffers: the article text is written into `article`
    /// (emptied first); `(fingerprint, delivery hash)`.
    pub(crate) fn story_in(
        &self,
        py: Python<'_>,
        headline: &str,
        body: &str,
        s: &mut Scratch,
        article: &mut String,
    ) -> Option<(Computed, String)> {
        let delivery = delivery_digest_in(headline, body, &mut s.joined);
        if !self.article_into(body, s, article) {
            return None;
        }
        let fp = self.computed_in(py, article, s)?;
        Some((fp, delivery))
    }

    fn article_str(&self, body: &str) -> Option<String> {
        let mut out = String::new();
        self.article_into(body, &mut Scratch::default(), &mut out)
            .then_some(out)
    }

    /// `"\n".join(text.article_lines(body))` into `out` (emptied first); false for a
    /// body with a character whose case or class we do not map exactly like Python.
    fn article_into(&self, body: &str, s: &mut Scratch, out: &mut String) -> bool {
        out.clear();
        if !self.accepts(body) {
            return false;
        }
        let mut lines: Vec<&str> = recycle(std::mem::take(&mut s.lines));
        let mut kept: Vec<&str> = recycle(std::mem::take(&mut s.kept));
        self.lines_into(body, &mut lines, &mut kept);
        let chosen = if kept.is_empty() { &lines } else { &kept };
        out.reserve(chosen.iter().map(|l| l.len() + 1).sum());
        for (i, line) in chosen.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(line);
        }
        s.lines = recycle(lines);
        s.kept = recycle(kept);
        true
    }

    /// Whether every character of `text` is one we class and map exactly like Python.
    pub(crate) fn accepts(&self, text: &str) -> bool {
        let accepted = |c: char| {
            c.is_ascii()
                || SEPARATORS.contains(&c)
                || UNICODE_SPACES.contains(&c)
                || APOSTROPHES.contains(&c)
                || self.letters.contains_key(&c)
        };
        text.is_ascii() || text.chars().all(accepted)
    }

    /// `text.article_lines(body)`'s steps: the stripped non-empty lines of `body` into
    /// `lines`, the prose among them into `kept` (both empty on entry; the article lines
    /// are `kept`, or `lines` when no line is prose).
    fn lines_into<'a>(&self, body: &'a str, lines: &mut Vec<&'a str>, kept: &mut Vec<&'a str>) {
        lines.extend(
            py_splitlines(body)
                .map(|line| line.trim_matches(is_py_space))
                .filter(|line| !line.is_empty()),
        );
        kept.extend(lines.iter().copied().filter(|l| self.is_prose(l)));
    }
}

pub(crate) struct Computed {
    pub(crate) content_hash: String,
    pub(crate) near: Vec<u32>,
    pub(crate) shingles: usize,
    pub(crate) facts: Vec<u32>,
    pub(crate) event_set: Vec<u32>,
}

/// `tokens_by` of ASCII text (every character one byte, `max_chars` >= 1): the runs of
/// letters and digits found by bit scans over masks of the text's byte classes.
#[cfg(test)]
fn ascii_tokens(text: &str, max_chars: usize) -> (Vec<&str>, Vec<bool>) {
    let (mut cased, mut special) = (Vec::new(), Vec::new());
    let mut masks = (Vec::new(), Vec::new());
    ascii_tokens_into(text, max_chars, &mut masks, &mut cased, &mut special);
    (cased, special)
}

/// `ascii_tokens` into `cased` and `special` (emptied first; `masks`: buffers).
fn ascii_tokens_into<'a>(
    text: &'a str,
    max_chars: usize,
    masks: &mut (Vec<u64>, Vec<u64>),
    cased: &mut Vec<&'a str>,
    special: &mut Vec<bool>,
) {
    let bytes = text.as_bytes();
    let (token, special_bytes) = (&mut masks.0, &mut masks.1);
    scan::masks_into(bytes, |u, l, d| (u | l | d, u | d), token, special_bytes);
    let (token, special_bytes) = (&*token, &*special_bytes);
    cased.clear();
    special.clear();
    cased.reserve(bytes.len() / 5);
    special.reserve(bytes.len() / 5);
    let mut i = 0;
    while let Some(start) = scan::next_set(token, i) {
        let end = scan::next_clear(token, start);
        let cut = end.min(start + max_chars); // past the cut: not part of the token
        cased.push(&text[start..cut]);
        special.push(scan::any_set(special_bytes, start, cut));
        i = end;
    }
}

fn sorted_unique(mut values: Vec<u32>) -> Vec<u32> {
    crate::sort::sort_dedup_u32(&mut values);
    values
}

impl Fingerprinter {
    pub(crate) fn clean(&self, text: &str) -> Option<Vec<u8>> {
        clean(text, |c| self.letters.contains_key(&c))
    }

    /// The byte class of the character starting at `bytes[i]`, and its length.
    fn class_at(&self, text: &str, i: usize) -> (u8, usize) {
        let b = text.as_bytes()[i];
        if b < 0x80 {
            return (BYTE_CLASS[b as usize], 1);
        }
        let c = text[i..].chars().next().expect("i is a char boundary");
        let class = match self.letters.get(&c) {
            Some(letter) if letter.upper => SPECIAL,
            Some(_) => LOWER,
            None => SEPARATOR,
        };
        (class, c.len_utf8())
    }

    /// Tokens (maximal runs of ASCII letters and digits and described letters, cut to
    /// `max_token_chars` characters), and whether each cut token holds an uppercase
    /// letter or a digit (`text.fact_positions`' test, bar the number words).
    /// Into `cased` and `special` (emptied first; `masks`: buffers).
    fn tokens_into<'a>(
        &self,
        text: &'a str,
        masks: &mut (Vec<u64>, Vec<u64>),
        cased: &mut Vec<&'a str>,
        special: &mut Vec<bool>,
    ) {
        if text.is_ascii() && self.max_token_chars > 0 {
            return ascii_tokens_into(text, self.max_token_chars, masks, cased, special);
        }
        (*cased, *special) = tokens_by(text, self.max_token_chars, |i| self.class_at(text, i));
    }

    /// `str.lower` of text whose non-ASCII letters are all described (same byte length).
    pub(crate) fn lowercase(&self, text: &str) -> String {
        let mut out = String::new();
        self.lowercase_into(text, &mut out);
        out
    }

    /// `lowercase` into `out` (emptied first).
    fn lowercase_into(&self, text: &str, out: &mut String) {
        out.clear();
        if text.is_ascii() {
            out.push_str(text);
            out.make_ascii_lowercase();
            return;
        }
        out.extend(text.chars().map(|c| match self.letters.get(&c) {
            Some(letter) => letter.lower,
            None => c.to_ascii_lowercase(),
        }));
    }

    /// `text.fold` of a token (`lower`, its lowercase form, for an ASCII token).
    pub(crate) fn fold<'a>(&self, token: &str, lower: &'a str) -> Cow<'a, str> {
        if token.is_ascii() {
            return Cow::Borrowed(lower);
        }
        let mut out = String::with_capacity(token.len());
        for c in token.chars() {
            match self.letters.get(&c) {
                Some(letter) => out.push_str(&letter.fold),
                None => out.push(c.to_ascii_lowercase()),
            }
        }
        Cow::Owned(out)
    }

    fn is_upper_start(&self, token: &str) -> bool {
        let first = token.chars().next().expect("tokens are not empty");
        first.is_ascii_uppercase() || self.letters.get(&first).is_some_and(|l| l.upper)
    }

    fn is_alpha(&self, token: &str) -> bool {
        token
            .chars()
            .all(|c| c.is_ascii_alphabetic() || self.letters.contains_key(&c))
    }

    /// `text._is_prose` for a stripped, non-empty line.
    pub(crate) fn is_prose(&self, line: &str) -> bool {
        let spaces = line.bytes().filter(|&b| b == b' ').count();
        if !(ends_like_a_sentence(line) || spaces + 1 >= self.long_line_words) {
            return false;
        }
        if line.chars().count() > self.chrome_scan_chars {
            return true;
        }
        let lowered = line.to_ascii_lowercase();
        !self
            .chrome_phrases
            .iter()
            .any(|p| lowered.contains(p.as_str()))
    }

    /// The fingerprint of cleaned text (`s`: buffers).
    fn compute(&self, cleaned: &str, s: &mut Scratch) -> Computed {
        let Scratch {
            joined,
            lowered,
            masks,
            cased,
            special,
            lower,
            positions,
            crcs,
            spans,
            shingles,
            df_hint,
            ..
        } = s;
        // Lowercasing keeps byte offsets (described letters keep their length), so
        // lowercase tokens are the same ranges of one lowercased copy of the text.
        self.lowercase_into(cleaned, lowered);
        let mut view = View {
            cased: recycle(std::mem::take(cased)),
            lower: recycle(std::mem::take(lower)),
            special: std::mem::take(special),
            positions: std::mem::take(positions),
        };
        self.token_view_into(cleaned, lowered, masks, &mut view);
        let View {
            cased: cased_v,
            lower: lower_v,
            special: special_v,
            positions: positions_v,
        } = view;
        crcs.clear();
        let (table, len) = *df_hint;
        crcs.extend(lower_v.iter().map(|t| {
            let c = crc(t.as_bytes());
            let id = (c >> (32 - crate::profile::TID_BITS)) as usize;
            if id < len {
                crate::hint::prefetch((table as *const i32).wrapping_add(id));
            }
            c
        }));
        let base = cleaned.as_ptr() as usize;
        spans.clear();
        spans.extend(cased_v.iter().map(|t| {
            let at = t.as_ptr() as usize - base;
            (at as u32, (at + t.len()) as u32)
        }));
        self.shingle_hashes_into(crcs, shingles);
        let near = signature(&self.near_a, &self.near_b, shingles);
        let event_set = self.event_set(&cased_v, &lower_v, &positions_v, cleaned);
        let fp = Computed {
            content_hash: joined_digest8(&lower_v, joined),
            near,
            shingles: shingles.len(),
            facts: self.facts(&cased_v, &lower_v, &positions_v, crcs),
            event_set,
        };
        *cased = recycle(cased_v);
        *lower = recycle(lower_v);
        *special = special_v;
        *positions = positions_v;
        fp
    }

    /// The sorted distinct shingle hashes of the token crcs into `out` (emptied first).
    fn shingle_hashes_into(&self, crcs: &[u32], out: &mut Vec<u32>) {
        out.clear();
        if crcs.is_empty() {
            return;
        }
        let k = self.shingle.min(crcs.len());
        let n = crcs.len() - k + 1;
        out.extend((0..n).map(|i| {
            let acc = (0..k).fold(0u64, |acc, j| {
                acc.wrapping_add((crcs[i + j] as u64).wrapping_mul(self.mix[j]))
            });
            (acc >> 32) as u32
        }));
        crate::sort::sort_dedup_u32(out);
    }

    /// Token view of cleaned text: the lowercased copy (lowercase tokens are the same
    /// byte ranges of it), the tokens, their lowercase forms and the `positions`.
    pub(crate) fn token_view<'a>(
        &self,
        cleaned: &'a str,
        lowered: &'a str,
    ) -> (Vec<&'a str>, Vec<&'a str>, Vec<usize>) {
        let mut view = View::default();
        self.token_view_into(cleaned, lowered, &mut (Vec::new(), Vec::new()), &mut view);
        (view.cased, view.lower, view.positions)
    }

    /// `token_view` into `view` (`masks`: buffers).
    fn token_view_into<'a>(
        &self,
        cleaned: &'a str,
        lowered: &'a str,
        masks: &mut (Vec<u64>, Vec<u64>),
        view: &mut View<'a>,
    ) {
        let View {
            cased,
            lower,
            special,
            positions,
        } = view;
        self.tokens_into(cleaned, masks, cased, special);
        let base = cleaned.as_ptr() as usize;
        lower.clear();
        lower.extend(cased.iter().map(|t| {
            let at = t.as_ptr() as usize - base;
            &lowered[at..at + t.len()]
        }));
        positions.clear();
        positions.extend((0..cased.len()).filter(|&i| {
            special[i]
                || (has_shape(&self.number_word_shapes, lower[i].as_bytes())
                    && self.number_words.contains(lower[i]))
        }));
    }
}

/// A token view: the tokens, their lowercase forms, whether each holds an uppercase
/// letter or a digit, and the `positions`.
#[derive(Default)]
struct View<'a> {
    cased: Vec<&'a str>,
    lower: Vec<&'a str>,
    special: Vec<bool>,
    positions: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII scan equals the general one on random ASCII (letters, digits,
    /// punctuation, control bytes, tokens longer than the cut) for every cut length.
    #[test]
    fn ascii_tokens_equal_the_general_scan() {
        let alphabet = b"aZq09 .,'-_\t\n\x00\x1f\x7fxyzABC";
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for round in 0..2_000 {
            let bytes = crate::scan::random_bytes(alphabet, &mut seed, |s| (s % 300) as usize);
            let len = bytes.len();
            let text = String::from_utf8(bytes).expect("ASCII");
            let text = if round % 7 == 0 {
                "Q".repeat(len)
            } else {
                text
            };
            for max in [1, 2, 5, 64] {
                let bytes = text.as_bytes();
                let want = tokens_by(&text, max, |i| (BYTE_CLASS[usize::from(bytes[i])], 1));
                assert_eq!(ascii_tokens(&text, max), want, "{text:?} max={max}");
            }
        }
    }
}
