//! A cluster's names as the lead writes them: `stream.core.clusters.display` (the Python
//! reference) in compiled code, on text the fingerprinter accepts (ASCII, the described
//! letters, the separators, spaces and apostrophes it knows), so Python's character
//! classes are the fingerprinter's: `isalnum`, `isupper`, `lower` and `\s`.

use crate::fingerprint::{is_py_space, Fingerprinter, APOSTROPHES};

/// `display._STOP`'s single characters (a full stop ends a name only before a space).
const STOP: &[char] = &[
    ',', ';', ':', '!', '?', '(', ')', '[', ']', '{', '}', '"', '“', '”', '«', '»', '—', '–', '/',
    '\n',
];
/// `display._OPENER`: the sentence openers put back before a name.
const OPENERS: &[&str] = &["New ", "St. ", "St ", "Mt. ", "Mt "];
/// `display._TITLE_WORDS`.
const TITLE_WORDS: usize = 3;
/// `display._SHOUT_CHARS`.
const SHOUT_CHARS: usize = 4;

/// `display._Word`: byte offsets into the lead; `chars`, the characters of
/// `start..end`, and `all_chars`, of the whole word.
struct Word {
    key: String,
    start: usize,
    end: usize,
    after: usize,
    possessive: bool,
    chars: usize,
    all_chars: usize,
}

/// `display._Lead`: the lead and its capitalized words and joiners.
struct Lead<'a> {
    fp: &'a Fingerprinter,
    text: &'a str,
    words: Vec<Word>,
}

impl<'a> Lead<'a> {
    /// `_NAME_WORD.finditer` and its filter: a word (letters and digits, apostrophes
    /// between) with no word character before it that starts with a capital, or a
    /// joiner written alone.
    fn new(fp: &'a Fingerprinter, text: &'a str) -> Self {
        // byte offsets throughout (the text is never copied: a headline has no limit)
        let char_at = |i: usize| text[i..].chars().next();
        let alnum_at = |i: usize| char_at(i).is_some_and(|c| fp.is_alnum(c));
        let alnum_run = |mut i: usize| {
            while let Some(c) = char_at(i).filter(|&c| fp.is_alnum(c)) {
                i += c.len_utf8();
            }
            i
        };
        let mut words = Vec::new();
        let mut i = 0;
        while let Some(c) = char_at(i) {
            let after_alnum = text[..i]
                .chars()
                .next_back()
                .is_some_and(|p| fp.is_alnum(p));
            if after_alnum {
                i += c.len_utf8();
                continue;
            }
            let run_end = alnum_run(i);
            if fp.is_alnum(c) && !c.is_ascii_digit() && !c.is_ascii_lowercase() {
                let mut j = run_end;
                while let Some(a) = char_at(j).filter(|a| APOSTROPHES.contains(a)) {
                    if !alnum_at(j + a.len_utf8()) {
                        break;
                    }
                    j = alnum_run(j + a.len_utf8());
                }
                if fp.case_of(c) == Some(true) {
                    words.push(Self::word(fp, text, i, j));
                }
                i = j;
            } else if c.is_ascii_lowercase() {
                if fp.is_joiner(&text[i..run_end]) {
                    words.push(Self::word(fp, text, i, run_end));
                }
                i = run_end;
            } else {
                i += c.len_utf8();
            }
        }
        Self { fp, text, words }
    }

    /// The word at bytes `start..after`.
    fn word(fp: &Fingerprinter, text: &str, start: usize, after: usize) -> Word {
        let word = &text[start..after];
        let n = word.chars().count();
        let mut back = word.chars().rev();
        let (last, second) = (back.next(), back.next());
        let possessive = n > 2
            && second.is_some_and(|c| APOSTROPHES.contains(&c))
            && matches!(last, Some('s' | 'S'));
        let bare: String = word.chars().filter(|c| !APOSTROPHES.contains(c)).collect();
        let end = if possessive {
            after - 1 - second.map_or(0, char::len_utf8)
        } else {
            after
        };
        Word {
            key: fp.lowercase(&bare),
            start,
            end,
            after,
            possessive,
            chars: if possessive { n - 2 } else { n },
            all_chars: n,
        }
    }

    /// The case of the word's first letter (`case_of`).
    fn first_case(&self, w: &Word) -> Option<bool> {
        self.text[w.start..]
            .chars()
            .next()
            .and_then(|c| self.fp.case_of(c))
    }

    /// `_Lead.find`: the occurrence, and whether one in capitals was passed over.
    fn find(&self, keys: &[String], start: usize) -> (Option<usize>, bool) {
        let words = &self.words;
        let mut passed = false;
        for i in 0..words.len() {
            let found = words[i].key == keys[0]
                && words[i].start >= start
                && self.first_case(&words[i]) == Some(true)
                && i + keys.len() <= words.len()
                && words[i..i + keys.len()]
                    .iter()
                    .zip(keys)
                    .all(|(w, k)| is(w, k))
                && words[i..i + keys.len()].windows(2).all(|ab| {
                    !self.text[ab[0].after..ab[1].start]
                        .chars()
                        .any(|c| self.fp.is_alnum(c))
                });
            if found {
                if !self.shouted(words[i..i + keys.len()].iter()) {
                    return (Some(i), passed);
                }
                passed = true;
            }
        }
        (None, passed)
    }

    /// `_Lead._cut`.
    fn cut(&self, before: &Word, after: &Word) -> bool {
        let gap = &self.text[before.after..after.start];
        if before.all_chars == 1 && gap.trim_matches(is_py_space) == "." && !gap.contains('\n') {
            return false;
        }
        if gap.chars().any(|c| APOSTROPHES.contains(&c)) {
            return true;
        }
        // a full stop before a space; a hyphen between spaces (a dash)
        let mut it = gap.chars();
        while let Some(c) = it.next() {
            let mut ahead = it.clone();
            let next = ahead.next();
            if STOP.contains(&c)
                || (c == '.' && next.is_some_and(is_py_space))
                || (is_py_space(c) && next == Some('-') && ahead.next().is_some_and(is_py_space))
            {
                return true;
            }
        }
        false
    }

    /// `_OPENER` before byte `first`: the opener's length in bytes, or 0.
    fn opener(&self, first: usize) -> usize {
        let before = &self.text[..first];
        for opener in OPENERS {
            if let Some(rest) = before.strip_suffix(opener) {
                let ok = rest.chars().next_back().is_none_or(|c| {
                    is_py_space(c) || matches!(c, '(' | '“' | '"' | '—' | '–' | '\'' | '‘' | '’')
                });
                if ok {
                    return opener.len();
                }
            }
        }
        0
    }

    /// `_Lead._before`: the last character before byte `at` that is not a space, and
    /// whether a line break lies between it and `at`.
    fn before(&self, at: usize) -> (Option<char>, bool) {
        let line = &self.text[..at];
        let before = line.trim_end_matches(is_py_space);
        (
            before.chars().next_back(),
            line[before.len()..].contains('\n'),
        )
    }

    /// `_Lead._mid_sentence`: the last character before byte `at` that is not a space
    /// is a letter, a digit or a comma.
    fn mid_sentence(&self, at: usize) -> bool {
        let (last, _) = self.before(at);
        last.is_some_and(|c| self.fp.is_alnum(c) || c == ',')
    }

    /// `_Lead._shouted`: two words or more, all in capitals (one of `SHOUT_CHARS` or
    /// more), not standing in a sentence.
    fn shouted<'w>(&self, run: impl Iterator<Item = &'w Word> + Clone) -> bool {
        let mut words = run.clone();
        let (Some(first), Some(_)) = (words.next(), words.next()) else {
            return false; // fewer than two words
        };
        if !run.clone().any(|w| w.chars >= SHOUT_CHARS) {
            return false;
        }
        let upper = |w: &Word| {
            let mut cased = false;
            for c in self.text[w.start..w.end].chars() {
                match self.fp.case_of(c) {
                    Some(true) => cased = true,
                    Some(false) => return false,
                    None => {}
                }
            }
            cased
        };
        if !run.clone().all(upper) {
            return false;
        }
        let (last, line_break) = self.before(first.start);
        line_break || !last.is_some_and(|c| self.fp.case_of(c) == Some(false) || c == ',')
    }

    /// `_Lead.names`.
    fn names(&self, i: usize, n: usize, min_word_chars: usize) -> Vec<String> {
        let words = &self.words[i..(i + n).min(self.words.len())];
        let phrase_start = words[0].start;
        let mut out = Vec::new();
        let mut run: Vec<&Word> = Vec::new();
        let joiner = |w: &Word| self.fp.is_joiner(&w.key) && self.first_case(w) == Some(false);
        let close = |run: &mut Vec<&Word>, out: &mut Vec<String>, possessive_near: bool| {
            while run.first().is_some_and(|w| joiner(w)) {
                run.remove(0);
            }
            while run.last().is_some_and(|w| joiner(w)) {
                run.pop();
            }
            if run.iter().any(|w| w.chars >= min_word_chars) {
                let first = run[0].start;
                let opener = if first == phrase_start {
                    self.opener(first)
                } else {
                    0
                };
                let name = &self.text[first - opener..run[run.len() - 1].end];
                let alone = run.len() == 1 && opener == 0 && n > 1 && name.is_ascii();
                let kept = !alone || (!possessive_near && self.mid_sentence(first));
                if kept && !self.shouted(run.iter().copied()) {
                    out.push(name.to_owned());
                }
            }
            run.clear();
        };
        let mut possessive_before = false;
        let mut punctuated = false;
        for (k, w) in words.iter().enumerate() {
            // against the word before, a possessive too (the run is empty after one)
            if k > 0 && self.cut(&words[k - 1], w) {
                punctuated = true;
                close(&mut run, &mut out, possessive_before);
                possessive_before = false;
            }
            run.push(w);
            if w.possessive {
                close(&mut run, &mut out, true);
                possessive_before = true;
            }
        }
        close(&mut run, &mut out, possessive_before);
        if out.is_empty() && !punctuated && words.len() > 1 && !self.shouted(words.iter()) {
            out.push(self.text[phrase_start..words[words.len() - 1].end].to_owned());
        }
        out
    }
}

/// `display._is`.
fn is(word: &Word, key: &str) -> bool {
    word.key == key || (word.possessive && word.key.strip_suffix('s') == Some(key))
}

impl Fingerprinter {
    /// `display.title_case`: every run of four letters or more starts uppercase, and
    /// there are at least `TITLE_WORDS` of them.
    fn title_case(&self, headline: &str) -> bool {
        let mut runs = 0;
        let mut all_upper = true;
        let mut first: Option<char> = None;
        let mut len = 0;
        for c in headline.chars().chain(std::iter::once(' ')) {
            if self.is_alnum(c) && !c.is_ascii_digit() {
                first.get_or_insert(c);
                len += 1;
                continue;
            }
            if len >= 4 {
                runs += 1;
                all_upper &= first.and_then(|f| self.case_of(f)) == Some(true);
            }
            (first, len) = (None, 0);
        }
        runs >= TITLE_WORDS && all_upper
    }

    /// `display.display_names` of `phrases` read from `lead` (the headline's line first).
    pub(crate) fn display_names(
        &self,
        phrases: &[String],
        lead: &str,
        headline: &str,
        min_word_chars: usize,
        name_chars: usize,
        limit: usize,
    ) -> Vec<String> {
        let text = Lead::new(self, lead);
        let body_at = if !headline.is_empty() && self.title_case(headline) {
            lead.find('\n').map_or(lead.len(), |at| at + 1)
        } else {
            0
        };
        let mut out: Vec<String> = Vec::new();
        let mut seen = crate::fingerprint::FxSet::default();
        for phrase in phrases {
            let keys: Vec<String> = super::py_split(phrase).map(|w| self.lowercase(w)).collect();
            if keys.is_empty() {
                continue;
            }
            let (found, shouted) = text.find(&keys, body_at);
            if found.is_none() {
                let (there, shouted_there) = if body_at > 0 {
                    text.find(&keys, 0)
                } else {
                    (None, shouted)
                };
                if shouted || shouted_there || there.is_some() {
                    continue; // in the title-case headline or in capitals only
                }
            }
            let names = match found {
                Some(i) => text.names(i, keys.len(), min_word_chars),
                None => vec![phrase.clone()],
            };
            for name in names {
                // a longer one is not a name
                if name.chars().count() <= name_chars && seen.insert(self.lowercase(&name)) {
                    out.push(name);
                }
            }
        }
        out.truncate(limit);
        out
    }
}
