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
mod tokens;

use tokens::View;

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyString;

use chars::clean_into;
pub(crate) use chars::{
    has_shape, is_py_space, py_splitlines, shapes, APOSTROPHES, SEPARATORS, UNICODE_SPACES,
};
pub(crate) use features::{KIND_PHRASE, KIND_WORD};
use hashing::{crc, delivery_digest, delivery_digest_in, joined_digest8, signature};
pub(crate) use hashing::{FxMap, FxSet};
pub(crate) use scratch::{recycle, Scratch, SCRATCH_KEEP_BYTES};

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
        if near_permutations.0.len()? != near_permutations.1.len()? {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "near_permutations: a and b differ in length",
            ));
        }
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

    /// `clusters.names.story_phrases` of a story (None or "" for no headline), or None
    /// when Python must compute them (a character we do not map like Python).
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (headline, body, *, limit, lead_chars, name_chars, min_word_chars))]
    fn story_phrases(
        &self,
        py: Python<'_>,
        headline: Option<&Bound<'_, PyString>>,
        body: &Bound<'_, PyString>,
        limit: usize,
        lead_chars: usize,
        name_chars: usize,
        min_word_chars: usize,
    ) -> Option<Vec<String>> {
        let limits = (limit, lead_chars, name_chars, min_word_chars);
        self.names_call(py, headline, body, limits, Self::names_of)
    }

    /// `clusters.names.story_names` of a story (the phrases as the lead writes them),
    /// or None when Python must compute them.
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
        let limits = (limit, lead_chars, name_chars, min_word_chars);
        self.names_call(py, headline, body, limits, Self::shown_names_of)
    }

    /// `clusters.names.lead` of a story (None or "" for no headline), or None when
    /// Python must compute it (a character we do not map like Python).
    #[pyo3(signature = (headline, body, *, lead_chars))]
    fn story_lead(
        &self,
        headline: Option<&Bound<'_, PyString>>,
        body: &Bound<'_, PyString>,
        lead_chars: usize,
    ) -> Option<String> {
        self.lead(utf8_or_empty(headline)?, utf8(body)?, lead_chars)
    }

    /// `blake2b-8(headline + "\0" + " ".join(body.split()))`; None for text with lone
    /// surrogates (not UTF-8; Python hashes those with "surrogatepass").
    #[staticmethod]
    fn delivery_hash(headline: &Bound<'_, PyString>, body: &Bound<'_, PyString>) -> Option<String> {
        Some(delivery_digest(utf8(headline)?, utf8(body)?))
    }
}

/// One of the story-name functions (`names_of`, `shown_names_of`) on a story's text,
/// without the GIL; `limits`: `(limit, lead_chars, name_chars, min_word_chars)`.
type NamesFn = fn(&Fingerprinter, &str, &str, &crate::names::NameLimits) -> Option<Vec<String>>;

impl Fingerprinter {
    fn names_call(
        &self,
        py: Python<'_>,
        headline: Option<&Bound<'_, PyString>>,
        body: &Bound<'_, PyString>,
        (limit, lead_chars, name_chars, min_word_chars): (usize, usize, usize, usize),
        names: NamesFn,
    ) -> Option<Vec<String>> {
        let (headline, body) = (utf8_or_empty(headline)?, utf8(body)?);
        let limits = crate::names::NameLimits {
            limit,
            lead_chars,
            name_chars,
            min_word_chars,
        };
        py.allow_threads(|| names(self, headline, body, &limits))
    }
}

/// `utf8` of an optional str: "" for None.
fn utf8_or_empty<'a>(text: Option<&'a Bound<'_, PyString>>) -> Option<&'a str> {
    match text {
        Some(t) => utf8(t),
        None => Some(""),
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
    /// How many near values (MinHash permutations) a fingerprint has.
    pub(crate) fn near_len(&self) -> usize {
        self.near_a.len()
    }

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

fn sorted_unique(mut values: Vec<u32>) -> Vec<u32> {
    crate::sort::sort_dedup_u32(&mut values);
    values
}

impl Fingerprinter {
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
            let id = crate::profile::tid_of_crc(c) as usize;
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
}
