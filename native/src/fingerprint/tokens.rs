//! Tokens of article text: byte classes, the ASCII bit-scan tokenizer, lowercasing and
//! folding as Python maps them, and the token view the fingerprint and the profile read.
//! Split from `fingerprint.rs`, which keeps the fingerprint itself.

use std::borrow::Cow;

use super::chars::{clean, ends_like_a_sentence, tokens_by, BYTE_CLASS, LOWER, SEPARATOR, SPECIAL};
use super::{has_shape, Fingerprinter};
use crate::scan;

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
pub(super) fn ascii_tokens_into<'a>(
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

impl Fingerprinter {
    pub(crate) fn clean(&self, text: &str) -> Option<Vec<u8>> {
        clean(text, |c| self.letters.contains_key(&c))
    }

    /// The byte class of the character starting at `bytes[i]`, and its length.
    pub(super) fn class_at(&self, text: &str, i: usize) -> (u8, usize) {
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
    pub(super) fn tokens_into<'a>(
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

    /// A character's case as Python's `isupper` (Some(true)) or `islower` (Some(false))
    /// tell it, None for a character with no case; for characters the fingerprint
    /// accepts (ASCII and the described letters).
    pub(crate) fn case_of(&self, c: char) -> Option<bool> {
        if c.is_ascii() {
            return c.is_ascii_alphabetic().then(|| c.is_ascii_uppercase());
        }
        self.letters.get(&c).map(|letter| letter.upper)
    }

    /// Python's `str.isalnum` of an accepted character (ASCII letters and digits, the
    /// described letters).
    pub(crate) fn is_alnum(&self, c: char) -> bool {
        if c.is_ascii() {
            return c.is_ascii_alphanumeric();
        }
        self.letters.contains_key(&c)
    }

    /// A name joiner (`de`, `of`: `stream.core.dedup.words.NAME_JOINERS`).
    pub(crate) fn is_joiner(&self, word: &str) -> bool {
        self.name_joiners.contains(word)
    }

    /// `str.lower` of text whose non-ASCII letters are all described (same byte length).
    pub(crate) fn lowercase(&self, text: &str) -> String {
        let mut out = String::new();
        self.lowercase_into(text, &mut out);
        out
    }

    /// `lowercase` into `out` (emptied first).
    pub(super) fn lowercase_into(&self, text: &str, out: &mut String) {
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

    pub(super) fn is_upper_start(&self, token: &str) -> bool {
        let first = token.chars().next().expect("tokens are not empty");
        self.case_of(first) == Some(true)
    }

    pub(super) fn is_alpha(&self, token: &str) -> bool {
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
    pub(super) fn token_view_into<'a>(
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
pub(super) struct View<'a> {
    pub(super) cased: Vec<&'a str>,
    pub(super) lower: Vec<&'a str>,
    pub(super) special: Vec<bool>,
    pub(super) positions: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII scan equals the general one on random ASCII (letters, digits,
    /// punctuation, control bytes, tokens longer than the cut) for every cut length.
    #[test]
    pub(super) fn ascii_tokens_equal_the_general_scan() {
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
