//! Python's character classes and text steps, byte for byte: the separators and spaces
//! outside ASCII, `str.splitlines`, `str.split` whitespace, `text.clean`, the token
//! scan and the sentence-end test of `text._is_prose`.

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

/// Python's `str.split()` whitespace within ASCII (includes the file/group/record/unit
/// separators 0x1c-0x1f).
pub(crate) fn is_py_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1c..=0x1f)
}

/// `is_py_ascii_space` as a table (false for every byte outside ASCII).
pub(crate) const ASCII_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = matches!(
            b as u8,
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1c..=0x1f
        );
        b += 1;
    }
    table
};

/// `text.clean`: apostrophes out, digit-grouping commas out; None for a character we
/// do not classify exactly like Python (`letter`: is it a letter Python described).
pub(crate) fn clean(text: &str, letter: impl Fn(char) -> bool) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    clean_into(text, letter, &mut out).then_some(out)
}

/// `clean` into `out` (emptied first); false when Python must do it.
pub(crate) fn clean_into(text: &str, letter: impl Fn(char) -> bool, out: &mut Vec<u8>) -> bool {
    out.clear();
    out.reserve(text.len());
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
                return false;
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
    let drop: Vec<usize> = memchr::memchr_iter(b',', out)
        .filter(|&i| grouped(i, out))
        .collect();
    if drop.is_empty() {
        return true;
    }
    let mut kept: Vec<u8> = Vec::with_capacity(out.len());
    let mut from = 0;
    for i in drop {
        kept.extend_from_slice(&out[from..i]);
        from = i + 1;
    }
    kept.extend_from_slice(&out[from..]);
    *out = kept;
    true
}

/// Byte classes: token bytes are ASCII letters and digits; every other byte (ASCII
/// punctuation, and all bytes of the non-ASCII separators `clean` let through) separates
/// tokens. Uppercase letters and digits make a token a fact/name candidate.
pub(crate) const SEPARATOR: u8 = 0;
pub(crate) const LOWER: u8 = 1;
pub(crate) const SPECIAL: u8 = 2;
pub(crate) const BYTE_CLASS: [u8; 256] = {
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
pub(crate) fn tokens_by(
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
pub(crate) fn shapes<'a>(words: impl Iterator<Item = &'a [u8]>) -> [u32; 256] {
    let mut out = [0u32; 256];
    for w in words.filter(|w| !w.is_empty()) {
        out[usize::from(w[0])] |= 1 << w.len().min(31);
    }
    out
}

/// Whether some word of the set `shapes` was built from has `word`'s first byte and
/// length (false: `word` is not in the set).
#[inline]
pub(crate) fn has_shape(shapes: &[u32; 256], word: &[u8]) -> bool {
    word.first()
        .is_some_and(|&b| shapes[usize::from(b)] & (1 << word.len().min(31)) != 0)
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

/// A bit per byte of 16 that is below 0x1f or at/above 0x80 (where a line break can
/// start).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn break_leads(chunk: &[u8]) -> u32 {
    use std::arch::x86_64::{_mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    assert!(chunk.len() >= 16);
    // SAFETY: SSE2 is part of x86-64; the unaligned load reads the 16 bytes asserted
    // above. As signed bytes, 0x80-0xff are negative: below 0x1f too.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        _mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x1f))) as u32
    }
}

/// A bit per byte of 16 that is below 0x1f or at/above 0x80 (where a line break can
/// start).
#[cfg(not(target_arch = "x86_64"))]
fn break_leads(chunk: &[u8]) -> u32 {
    let mut out = 0;
    for (k, &b) in chunk[..16].iter().enumerate() {
        out |= u32::from(b < 0x1f || b >= 0x80) << k;
    }
    out
}

/// The first `str.splitlines` break in UTF-8 bytes: its offset and byte width. A byte
/// scan is exact: ASCII bytes never occur inside a multi-byte character, and the
/// breaks outside ASCII (`\x85`, U+2028, U+2029) are matched by their whole encoding.
fn find_line_break(b: &[u8]) -> Option<(usize, usize)> {
    let mut i = 0;
    while i < b.len() {
        // Every break starts with a byte below 0x1f or at/above 0x80: 16 bytes without
        // one are skipped at once.
        if i + 16 <= b.len() {
            let leads = break_leads(&b[i..i + 16]);
            if leads == 0 {
                i += 16;
                continue;
            }
            i += leads.trailing_zeros() as usize;
        }
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

#[cfg(test)]
#[test]
fn line_breaks_are_found_at_every_offset_of_long_text() {
    let breaks = ['\n', '\r', '\x0b', '\x1e', '\u{85}', '\u{2028}', '\u{2029}'];
    let fillers = ["x", "é", "\u{1f}", "\u{2027}", " \u{c5}"];
    for c in breaks {
        for fill in fillers {
            for at in 0..40 {
                let text = format!("{}{c}{}", fill.repeat(at), fill.repeat(40));
                let want = text
                    .char_indices()
                    .find(|&(_, ch)| is_py_line_break(ch))
                    .map(|(i, ch)| (i, ch.len_utf8()));
                assert_eq!(find_line_break(text.as_bytes()), want, "{text:?}");
            }
            assert_eq!(find_line_break(fill.repeat(50).as_bytes()), None);
        }
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
pub(crate) fn ends_like_a_sentence(line: &str) -> bool {
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
