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

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::mix::fmix32;
use pyo3::types::PyString;

/// Non-ASCII characters that are token separators for Python's `[^\W_]+` too
/// (punctuation, spaces, symbols; none is alphanumeric, none breaks a line).
pub(crate) const SEPARATORS: &[char] = &[
    '“', '”', '—', '–', '…', '«', '»', '·', '•', '\u{a0}', '\u{2009}', '\u{200a}', '\u{202f}',
    '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2010}',
    '\u{2011}', '\u{2012}', '\u{2015}', '\u{2032}', '\u{2033}', '\u{201e}', '\u{201a}', '\u{2039}',
    '\u{203a}', '©', '®', '™', '°', '§', '¶', '†', '‡', '€', '£', '¥', '¢', '×',
];
/// Python's `str.isspace()` characters outside ASCII (`str.strip` removes them, and
/// `\x85`, U+2028 and U+2029 also end a line for `str.splitlines`).
pub(crate) const UNICODE_SPACES: &[char] = &[
    '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
    '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200a}', '\u{2028}', '\u{2029}',
    '\u{202f}', '\u{205f}', '\u{3000}',
];
/// Apostrophes `text.clean` deletes (`Trump's` -> `Trumps`).
pub(crate) const APOSTROPHES: &[char] = &['\'', '’', '‘', '`', '´'];

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

pub(crate) const KIND_PHRASE: u32 = 0;
pub(crate) const KIND_WORD: u32 = 1;
const KIND_NUMBER: u32 = 2;
const KIND_QUOTE: u32 = 3;

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
    letters: std::collections::HashMap<char, Letter, BuildHasherDefault<FxHasher>>,
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
            number_word_shapes: shapes(number_words.iter().map(String::as_str)),
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
        let body = utf8(body)?;
        let delivery = delivery_digest(utf8(headline)?, body);
        let text = self.article_str(body)?;
        let parts = self.fingerprint_str(py, &text)?;
        Some((parts, text, delivery))
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

fn delivery_digest(headline: &str, body: &str) -> String {
    let mut joined: Vec<u8> = Vec::with_capacity(headline.len() + body.len() + 1);
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
        for &b in bytes {
            let space = ASCII_SPACE[usize::from(b)];
            out[len] = if space { b' ' } else { b };
            len += usize::from(!(space && after_space));
            after_space = space;
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
    digest8(&joined)
}

impl Fingerprinter {
    fn fingerprint_str<'py>(&self, py: Python<'py>, text: &str) -> Option<Output<'py>> {
        let cleaned = self.clean(text)?;
        // Only ASCII bytes and whole separator characters are left: still UTF-8.
        let cleaned = String::from_utf8(cleaned).expect("clean keeps whole characters");
        let fp = py.allow_threads(|| self.compute(&cleaned));
        Some((
            fp.content_hash,
            fp.near.into_pyarray(py),
            fp.shingles,
            fp.facts.into_pyarray(py),
            fp.event_set.into_pyarray(py),
        ))
    }

    fn article_str(&self, body: &str) -> Option<String> {
        Some(self.article_lines(body)?.join("\n"))
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

    /// `text.article_lines(body)`, or None for a body with a character whose case or
    /// class we do not map exactly like Python.
    pub(crate) fn article_lines<'a>(&self, body: &'a str) -> Option<Vec<&'a str>> {
        if !self.accepts(body) {
            return None;
        }
        let lines: Vec<&str> = py_splitlines(body)
            .map(|line| line.trim_matches(is_py_space))
            .filter(|line| !line.is_empty())
            .collect();
        let kept: Vec<&str> = lines.iter().copied().filter(|l| self.is_prose(l)).collect();
        Some(if kept.is_empty() { lines } else { kept })
    }
}

struct Computed {
    content_hash: String,
    near: Vec<u32>,
    shingles: usize,
    facts: Vec<u32>,
    event_set: Vec<u32>,
}

/// Python's `str.split()` whitespace within ASCII (includes the file/group/record/unit
/// separators 0x1c-0x1f).
fn is_py_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1c..=0x1f)
}

/// `is_py_ascii_space` as a table (false for every byte outside ASCII).
const ASCII_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = matches!(b as u8, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1c..=0x1f);
        b += 1;
    }
    table
};

/// `digest8(" ".join(words))` without building the joined string.
/// (The words are joined into one buffer first: one `update` instead of two per word.)
fn joined_digest8(words: &[&str]) -> String {
    let total = words.iter().map(|w| w.len() + 1).sum::<usize>();
    let mut joined: Vec<u8> = Vec::with_capacity(total);
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            joined.push(b' ');
        }
        joined.extend_from_slice(w.as_bytes());
    }
    digest8(&joined)
}

fn digest8(bytes: &[u8]) -> String {
    blake2b_simd::Params::new()
        .hash_length(8)
        .hash(bytes)
        .to_hex()
        .to_string()
}

/// `text.clean`: apostrophes out, digit-grouping commas out; None for a character we
/// do not classify exactly like Python (`letter`: is it a letter Python described).
fn clean(text: &str, letter: impl Fn(char) -> bool) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    if text.is_ascii() {
        // Copied between apostrophes (found by a SIMD search), not byte by byte.
        let bytes = text.as_bytes();
        let mut from = 0;
        for k in memchr::memchr2_iter(b'\'', b'`', bytes) {
            out.extend_from_slice(&bytes[from..k]);
            from = k + 1;
        }
        out.extend_from_slice(&bytes[from..]);
    } else {
        let mut buf = [0u8; 4];
        for c in text.chars() {
            if c.is_ascii() {
                if c != '\'' && c != '`' {
                    out.push(c as u8);
                }
            } else if SEPARATORS.contains(&c) || UNICODE_SPACES.contains(&c) || letter(c) {
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            } else if !APOSTROPHES.contains(&c) {
                return None;
            }
        }
    }
    // `(?<=\d),(?=\d{3})` over the apostrophe-free text (all ASCII bytes involved).
    let grouped = |i: usize, bytes: &[u8]| {
        bytes[i] == b','
            && i > 0
            && bytes[i - 1].is_ascii_digit()
            && i + 3 < bytes.len()
            && bytes[i + 1..i + 4].iter().all(u8::is_ascii_digit)
    };
    // Only commas can go: their positions, judged on the text before any removal.
    let drop: Vec<usize> = memchr::memchr_iter(b',', &out)
        .filter(|&i| grouped(i, &out))
        .collect();
    if drop.is_empty() {
        return Some(out);
    }
    let mut kept: Vec<u8> = Vec::with_capacity(out.len());
    let mut from = 0;
    for i in drop {
        kept.extend_from_slice(&out[from..i]);
        from = i + 1;
    }
    kept.extend_from_slice(&out[from..]);
    Some(kept)
}

/// Byte classes: token bytes are ASCII letters and digits; every other byte (ASCII
/// punctuation, and all bytes of the non-ASCII separators `clean` let through) separates
/// tokens. Uppercase letters and digits make a token a fact/name candidate.
const SEPARATOR: u8 = 0;
const LOWER: u8 = 1;
const SPECIAL: u8 = 2;
const BYTE_CLASS: [u8; 256] = {
    let mut table = [SEPARATOR; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_lowercase() {
            table[b] = LOWER;
        } else if c.is_ascii_uppercase() || c.is_ascii_digit() {
            table[b] = SPECIAL;
        }
        b += 1;
    }
    table
};

/// `Fingerprinter::tokens` with the byte class (and character width) at each offset
/// given by `class_at`.
#[inline(always)]
fn tokens_by(
    text: &str,
    max_token_chars: usize,
    class_at: impl Fn(usize) -> (u8, usize),
) -> (Vec<&str>, Vec<bool>) {
    let mut cased: Vec<&str> = Vec::with_capacity(text.len() / 5);
    let mut special: Vec<bool> = Vec::with_capacity(text.len() / 5);
    let (mut start, mut cut, mut chars, mut seen) = (0, 0, 0, SEPARATOR);
    let mut i = 0;
    while i <= text.len() {
        let (class, width) = if i < text.len() {
            class_at(i)
        } else {
            (SEPARATOR, 1)
        };
        if class == SEPARATOR {
            if chars > 0 {
                cased.push(&text[start..cut]);
                special.push(seen == SPECIAL);
                chars = 0;
            }
        } else {
            if chars == 0 {
                (start, seen) = (i, SEPARATOR);
            }
            if chars < max_token_chars {
                cut = i + width;
                seen = seen.max(class);
            }
            chars += 1;
        }
        i += width;
    }
    (cased, special)
}

/// For a word set: by first byte, a bit per length (31: 31 bytes or more) of its words.
fn shapes<'a>(words: impl Iterator<Item = &'a str>) -> [u32; 256] {
    let mut out = [0u32; 256];
    for w in words.filter(|w| !w.is_empty()) {
        out[usize::from(w.as_bytes()[0])] |= 1 << w.len().min(31);
    }
    out
}

/// Whether some word of the set `shapes` was built from has `word`'s first byte and
/// length (false: `word` is not in the set).
#[inline]
fn has_shape(shapes: &[u32; 256], word: &str) -> bool {
    word.as_bytes()
        .first()
        .is_some_and(|&b| shapes[usize::from(b)] & (1 << word.len().min(31)) != 0)
}

fn crc(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

/// datasketch's affine32 MinHash of already-hashed uint32 values (with AVX2 when the CPU
/// has it: wrapping integer steps, so the same values either way; the default build
/// targets plain x86-64, whose SSE2 has no 32-bit lane multiply).
fn signature(a: &[u32], b: &[u32], values: &[u32]) -> Vec<u32> {
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

fn sorted_unique(mut values: Vec<u32>) -> Vec<u32> {
    values.sort_unstable();
    values.dedup();
    values
}

fn is_year(tok: &str) -> bool {
    tok.len() == 4
        && tok.bytes().all(|b| b.is_ascii_digit())
        && (tok.starts_with("19") || tok.starts_with("20"))
}

/// `str.splitlines()`: `\r\n` is one break.
pub(crate) fn py_splitlines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        if current.is_empty() {
            rest = None;
            return None;
        }
        match find_line_break(current.as_bytes()) {
            None => {
                rest = None;
                Some(current)
            }
            Some((i, width)) => {
                let mut next = i + width;
                if current.as_bytes()[i] == b'\r' && current[next..].starts_with('\n') {
                    next += 1;
                }
                rest = Some(&current[next..]);
                Some(&current[..i])
            }
        }
    })
}

/// The first `str.splitlines` break in UTF-8 bytes: its offset and byte width. A byte
/// scan is exact: ASCII bytes never occur inside a multi-byte character, and the
/// breaks outside ASCII (`\x85`, U+2028, U+2029) are matched by their whole encoding.
fn find_line_break(b: &[u8]) -> Option<(usize, usize)> {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' | b'\r' | 0x0b | 0x0c | 0x1c..=0x1e => return Some((i, 1)),
            0xC2 if b.get(i + 1) == Some(&0x85) => return Some((i, 2)),
            0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => {
                return Some((i, 3))
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
#[test]
fn line_breaks_are_found_as_python_finds_them() {
    for c in [
        '\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\u{85}', '\u{2028}', '\u{2029}',
    ] {
        assert!(is_py_line_break(c));
        let text = format!("é{c}x");
        assert_eq!(find_line_break(text.as_bytes()), Some((2, c.len_utf8())));
    }
    for text in ["\u{2027}\u{202a}\u{c5}\u{1f}é x", ""] {
        assert_eq!(find_line_break(text.as_bytes()), None);
    }
}

/// Python's line breaks (`str.splitlines`): what `find_line_break` is tested against.
#[cfg(test)]
fn is_py_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

pub(crate) fn is_py_space(c: char) -> bool {
    if c.is_ascii() {
        is_py_ascii_space(c as u8)
    } else {
        UNICODE_SPACES.contains(&c)
    }
}

/// `text._SENTENCE_END` (`[.!?…:;]["'”’»)\]]*\s*$`) searched in the last 8 characters
/// of a stripped line: closers may follow the stop, nothing else.
fn ends_like_a_sentence(line: &str) -> bool {
    let mut tail = line.chars().rev().take(8);
    for c in tail.by_ref() {
        if matches!(c, '.' | '!' | '?' | '…' | ':' | ';') {
            return true;
        }
        if !matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']') {
            return false;
        }
    }
    false
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
    fn tokens<'a>(&self, text: &'a str) -> (Vec<&'a str>, Vec<bool>) {
        if text.is_ascii() {
            // One table lookup per byte (the common case: no character to decode).
            let bytes = text.as_bytes();
            return tokens_by(text, self.max_token_chars, |i| {
                (BYTE_CLASS[usize::from(bytes[i])], 1)
            });
        }
        tokens_by(text, self.max_token_chars, |i| self.class_at(text, i))
    }


    /// `str.lower` of text whose non-ASCII letters are all described (same byte length).
    pub(crate) fn lowercase(&self, text: &str) -> String {
        if text.is_ascii() {
            return text.to_ascii_lowercase();
        }
        text.chars()
            .map(|c| match self.letters.get(&c) {
                Some(letter) => letter.lower,
                None => c.to_ascii_lowercase(),
            })
            .collect()
    }

    /// `text.fold` of a token.
    pub(crate) fn fold(&self, token: &str, lower: &str) -> String {
        if token.is_ascii() {
            return lower.to_owned();
        }
        let mut out = String::with_capacity(token.len());
        for c in token.chars() {
            match self.letters.get(&c) {
                Some(letter) => out.push_str(&letter.fold),
                None => out.push(c.to_ascii_lowercase()),
            }
        }
        out
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

    fn compute(&self, cleaned: &str) -> Computed {
        // Lowercasing keeps byte offsets (described letters keep their length), so
        // lowercase tokens are the same ranges of one lowercased copy of the text.
        let lowered = self.lowercase(cleaned);
        let (cased, lower, positions) = self.token_view(cleaned, &lowered);
        let crcs: Vec<u32> = lower.iter().map(|t| crc(t.as_bytes())).collect();
        let shingles = self.shingle_hashes(&crcs);
        let near = signature(&self.near_a, &self.near_b, &shingles);
        let event_set = self.event_set(&cased, &lower, &positions, cleaned);
        Computed {
            content_hash: joined_digest8(&lower),
            near,
            shingles: shingles.len(),
            facts: self.facts(&cased, &lower, &positions, &crcs),
            event_set,
        }
    }

    fn shingle_hashes(&self, crcs: &[u32]) -> Vec<u32> {
        if crcs.is_empty() {
            return Vec::new();
        }
        let k = self.shingle.min(crcs.len());
        let n = crcs.len() - k + 1;
        let values = (0..n)
            .map(|i| {
                let acc = (0..k).fold(0u64, |acc, j| {
                    acc.wrapping_add((crcs[i + j] as u64).wrapping_mul(self.mix[j]))
                });
                (acc >> 32) as u32
            })
            .collect();
        sorted_unique(values)
    }

    /// `facts.extract`: packed (24-bit context hash, 8-bit value hash), sorted unique.
    fn facts(&self, cased: &[&str], lower: &[&str], positions: &[usize], crcs: &[u32]) -> Vec<u32> {
        let facts: Vec<usize> = positions
            .iter()
            .copied()
            .filter(|&i| {
                let tok = cased[i];
                !self.is_alpha(tok)
                    || (self.is_upper_start(tok) && !self.cap_stop.contains(lower[i]))
                    || self.number_words.contains(lower[i])
            })
            .collect();
        let bounded = facts.len() > self.max_facts;
        let mut packed: Vec<u32> = Vec::with_capacity(facts.len());
        let mut distinct: FxSet<u32> = FxSet::default();
        let mut k = 0;
        while k < facts.len() && (!bounded || distinct.len() < self.max_facts) {
            let start = facts[k];
            let mut end = start;
            k += 1;
            while k < facts.len() && facts[k] == end + 1 {
                end = facts[k];
                k += 1;
            }
            let left = lower[start.saturating_sub(2)..start].join(" ");
            let right = lower[(end + 1).min(lower.len())..(end + 3).min(lower.len())].join(" ");
            for (offset, &token_crc) in crcs[start..=end].iter().enumerate() {
                if bounded && distinct.len() >= self.max_facts {
                    break; // a run of thousands of names stops here too
                }
                let ctx = format!("{left}|{offset}|{right}");
                let pos = start + offset;
                // ASCII: the fold is the lowercase form, whose crc32 is already known.
                let value_crc = if cased[pos].is_ascii() {
                    token_crc
                } else {
                    crc(self.fold(cased[pos], lower[pos]).as_bytes())
                };
                let value = (crc(ctx.as_bytes()) & 0xFF_FFFF) << 8 | (value_crc & 0xFF);
                if bounded {
                    distinct.insert(value);
                } else {
                    packed.push(value);
                }
            }
        }
        if bounded {
            packed.extend(distinct);
        }
        sorted_unique(packed)
    }

    /// `cluster.feature_hashes(salient.features(...))`.
    fn event_set(
        &self,
        cased: &[&str],
        lower: &[&str],
        positions: &[usize],
        cleaned: &str,
    ) -> Vec<u32> {
        let mut out = self.names_and_figures(cased, lower, positions);
        self.add_quote_shingles(cleaned, &mut out);
        sorted_unique(
            out.iter()
                .map(|(kind, f)| (crc(f.as_bytes()) & !3) | kind)
                .collect(),
        )
    }

    /// The name (`p:`, `w:`) and figure (`n:`) features of `salient.features`, in its
    /// order (quote shingles come after them, so they never bound these).
    pub(crate) fn names_and_figures(
        &self,
        cased: &[&str],
        lower: &[&str],
        positions: &[usize],
    ) -> FxSet<(u32, String)> {
        let mut out: FxSet<(u32, String)> = FxSet::default();
        let mut names = Names {
            cased,
            lower,
            lower_set: None,
        };
        let mut run: Vec<usize> = Vec::new();
        let mut last: isize = -2;
        let n = lower.len();
        for &i in positions {
            if out.len() >= self.max_features {
                break; // checked before names too: a run can be endless
            }
            let tok = cased[i];
            let low = lower[i];
            if self.is_upper_start(tok) && !self.cap_stop.contains(low) {
                if !run.is_empty()
                    && i as isize == last + 2
                    && self.name_joiners.contains(lower[i - 1])
                {
                    run.push(i - 1);
                } else if !run.is_empty() && i as isize != last + 1 {
                    self.close_run(&mut run, &mut names, &mut out);
                }
                run.push(i);
                last = i as isize;
                continue;
            }
            if tok.as_bytes()[0].is_ascii_digit() && !is_year(tok) {
                let unit = if i + 1 < n { lower[i + 1] } else { "" };
                if self.units.contains(unit) {
                    out.insert((KIND_NUMBER, format!("n:{low} {unit}")));
                } else if tok.chars().count() >= 2 {
                    out.insert((KIND_NUMBER, format!("n:{low}")));
                }
            }
        }
        if !run.is_empty() {
            self.close_run(&mut run, &mut names, &mut out);
        }
        out
    }

    /// Token view of cleaned text: the lowercased copy (lowercase tokens are the same
    /// byte ranges of it), the tokens, their lowercase forms and the `positions`.
    pub(crate) fn token_view<'a>(
        &self,
        cleaned: &'a str,
        lowered: &'a str,
    ) -> (Vec<&'a str>, Vec<&'a str>, Vec<usize>) {
        let (cased, special) = self.tokens(cleaned);
        let base = cleaned.as_ptr() as usize;
        let lower: Vec<&str> = cased
            .iter()
            .map(|t| {
                let at = t.as_ptr() as usize - base;
                &lowered[at..at + t.len()]
            })
            .collect();
        let positions: Vec<usize> = (0..cased.len())
            .filter(|&i| {
                special[i]
                    || (has_shape(&self.number_word_shapes, lower[i])
                        && self.number_words.contains(lower[i]))
            })
            .collect();
        (cased, lower, positions)
    }

    /// The quote shingles (`q:`) of `salient.features`, up to its feature cap.
    fn add_quote_shingles(&self, cleaned: &str, out: &mut FxSet<(u32, String)>) {
        if cleaned.contains('"') || cleaned.contains('“') {
            let is_word = |c: char| c.is_ascii_alphanumeric() || self.letters.contains_key(&c);
            for quote in quotes(cleaned, self.quote_min, self.quote_max) {
                let words: Vec<String> = quote
                    .split(|c: char| !is_word(c))
                    .filter(|w| !w.is_empty())
                    .map(|w| {
                        self.lowercase(w)
                            .chars()
                            .take(self.max_token_chars)
                            .collect()
                    })
                    .collect();
                if words.len() >= self.quote_shingle {
                    for j in 0..=(words.len() - self.quote_shingle) {
                        if out.len() >= self.max_features {
                            break;
                        }
                        let shingle = words[j..j + self.quote_shingle].join(" ");
                        out.insert((KIND_QUOTE, format!("q:{shingle}")));
                    }
                }
                if out.len() >= self.max_features {
                    break;
                }
            }
        }
    }

    /// `salient.features.close_run`: a run of capitalized tokens (indices) becomes a name
    /// phrase and its name words.
    fn close_run(&self, run: &mut Vec<usize>, names: &mut Names, out: &mut FxSet<(u32, String)>) {
        if out.len() >= self.max_features {
            run.clear();
            return;
        }
        let is_name_word = |w: &str| {
            w.chars().count() >= 3 && !self.cap_stop.contains(w) && !self.name_joiners.contains(w)
        };
        if let [only] = run[..] {
            // A lone capitalized word also seen in lowercase is a sentence start; an ASCII
            // one always is (its own lowercase form is among the tokens), so it is skipped.
            if !names.cased[only].is_ascii() {
                let w = self.fold(names.cased[only], names.lower[only]);
                if is_name_word(&w) && !names.lower_set().contains(w.as_str()) {
                    out.insert((KIND_WORD, format!("w:{w}")));
                }
            }
        } else {
            let words: Vec<String> = run
                .iter()
                .map(|&i| self.fold(names.cased[i], names.lower[i]))
                .collect();
            out.insert((KIND_PHRASE, format!("p:{}", words.join(" "))));
            for w in words {
                if out.len() >= self.max_features {
                    break;
                }
                if is_name_word(&w) {
                    out.insert((KIND_WORD, format!("w:{w}")));
                }
            }
        }
        run.clear();
    }
}

/// The tokens a name run is read from, and the set of lowercase tokens (built on first
/// need: only a lone non-ASCII capitalized word asks for it).
struct Names<'a> {
    cased: &'a [&'a str],
    lower: &'a [&'a str],
    lower_set: Option<FxSet<&'a str>>,
}

impl<'a> Names<'a> {
    fn lower_set(&mut self) -> &FxSet<&'a str> {
        let lower = self.lower;
        self.lower_set
            .get_or_insert_with(|| lower.iter().copied().collect())
    }
}

/// Matches of `[“"]([^“”"]{min,max})[”"]`, left to right, non-overlapping.
fn quotes(text: &str, min: usize, max: usize) -> Vec<&str> {
    let is_quote = |c: char| c == '"' || c == '“' || c == '”';
    let mut found = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c != '"' && c != '“' {
            continue;
        }
        let inner_start = i + c.len_utf8();
        let mut chars = 0usize;
        let mut end = None;
        while let Some(&(j, d)) = it.peek() {
            if is_quote(d) {
                end = Some((j, d));
                break;
            }
            chars += 1;
            it.next();
        }
        // The run of non-quote characters is maximal, so the regex matches here iff the
        // run has an allowed length and a closing quote ends it; otherwise its next try
        // starts at the quote that ended the run (left unconsumed).
        if let Some((j, d)) = end {
            if (min..=max).contains(&chars) && (d == '"' || d == '”') {
                found.push(&text[inner_start..j]);
                it.next();
            }
        }
    }
    found
}
