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
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let byte_at = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
        let alnum = |k: usize| chars.get(k).is_some_and(|&(_, c)| fp.is_alnum(c));
        let mut words = Vec::new();
        let mut k = 0;
        while k < chars.len() {
            if k > 0 && alnum(k - 1) {
                k += 1;
                continue;
            }
            let c = chars[k].1;
            let mut run_end = k;
            while alnum(run_end) {
                run_end += 1;
            }
            if fp.is_alnum(c) && !c.is_ascii_digit() && !c.is_ascii_lowercase() {
                let mut j = run_end;
                while j + 1 < chars.len() && APOSTROPHES.contains(&chars[j].1) && alnum(j + 1) {
                    j += 1;
                    while alnum(j) {
                        j += 1;
                    }
                }
                if fp.case_of(c) == Some(true) {
                    words.push(Self::word(fp, text, &chars[k..j], byte_at(k), byte_at(j)));
                }
                k = j;
            } else if c.is_ascii_lowercase() {
                let run = &text[byte_at(k)..byte_at(run_end)];
                if fp.is_joiner(run) {
                    words.push(Self::word(
                        fp,
                        text,
                        &chars[k..run_end],
                        byte_at(k),
                        byte_at(run_end),
                    ));
                }
                k = run_end;
            } else {
                k += 1;
            }
        }
        Self { fp, text, words }
    }

    fn word(
        fp: &Fingerprinter,
        text: &str,
        chars: &[(usize, char)],
        start: usize,
        after: usize,
    ) -> Word {
        let n = chars.len();
        let possessive =
            n > 2 && APOSTROPHES.contains(&chars[n - 2].1) && matches!(chars[n - 1].1, 's' | 'S');
        let bare: String = text[start..after]
            .chars()
            .filter(|c| !APOSTROPHES.contains(c))
            .collect();
        Word {
            key: fp.lowercase(&bare),
            start,
            end: if possessive { chars[n - 2].0 } else { after },
            after,
            possessive,
            chars: if possessive { n - 2 } else { n },
            all_chars: n,
        }
    }

    fn starts_upper(&self, w: &Word) -> bool {
        self.text[w.start..]
            .chars()
            .next()
            .and_then(|c| self.fp.case_of(c))
            == Some(true)
    }

    /// `_Lead.find`.
    fn find(&self, keys: &[String], start: usize) -> Option<usize> {
        let words = &self.words;
        (0..words.len()).find(|&i| {
            words[i].key == keys[0]
                && words[i].start >= start
                && self.starts_upper(&words[i])
                && i + keys.len() <= words.len()
                && words[i..i + keys.len()]
                    .iter()
                    .zip(keys)
                    .all(|(w, k)| is(w, k))
                && words[i..i + keys.len()].windows(2).all(|ab| {
                    !self.text[ab[0].after..ab[1].start]
                        .chars()
                        .any(|c| self.fp.is_alnum(c))
                })
        })
    }

    /// `_Lead._cut`.
    fn cut(&self, before: &Word, after: &Word) -> bool {
        let gap = &self.text[before.after..after.start];
        if before.all_chars == 1 && gap.trim_matches(is_py_space) == "." {
            return false;
        }
        let mut it = gap.chars().peekable();
        if it.peek().is_some_and(|c| APOSTROPHES.contains(c)) {
            return true;
        }
        while let Some(c) = it.next() {
            if STOP.contains(&c) || (c == '.' && it.peek().is_some_and(|&n| is_py_space(n))) {
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
                let ok = rest
                    .chars()
                    .next_back()
                    .is_none_or(|c| is_py_space(c) || matches!(c, '(' | '“' | '"'));
                if ok {
                    return opener.len();
                }
            }
        }
        0
    }

    /// `_Lead.names`.
    fn names(&self, i: usize, n: usize, min_word_chars: usize) -> Vec<String> {
        let phrase_start = self.words[i].start;
        let mut out = Vec::new();
        let mut run: Vec<&Word> = Vec::new();
        let joiner = |w: &Word| {
            self.fp.is_joiner(&w.key)
                && self.text[w.start..]
                    .chars()
                    .next()
                    .and_then(|c| self.fp.case_of(c))
                    == Some(false)
        };
        let close = |run: &mut Vec<&Word>, out: &mut Vec<String>| {
            while run.first().is_some_and(|w| joiner(w)) {
                run.remove(0);
            }
            while run.last().is_some_and(|w| joiner(w)) {
                run.pop();
            }
            if !run.is_empty() && run.iter().map(|w| w.chars).max().unwrap_or(0) >= min_word_chars {
                let first = run[0].start;
                let opener = if first == phrase_start {
                    self.opener(first)
                } else {
                    0
                };
                let name = &self.text[first - opener..run[run.len() - 1].end];
                if run.len() + usize::from(opener > 0) > 1 || n == 1 || !name.is_ascii() {
                    out.push(name.to_owned());
                }
            }
            run.clear();
        };
        for w in &self.words[i..(i + n).min(self.words.len())] {
            if run.last().is_some_and(|last| self.cut(last, w)) {
                close(&mut run, &mut out);
            }
            run.push(w);
            if w.possessive {
                close(&mut run, &mut out);
            }
        }
        close(&mut run, &mut out);
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
            let found = text.find(&keys, body_at);
            if found.is_none() && body_at > 0 && text.find(&keys, 0).is_some() {
                continue; // in the title-case headline only
            }
            let names = match found {
                Some(i) => text.names(i, keys.len(), min_word_chars),
                None => vec![phrase.clone()],
            };
            for name in names {
                let name = super::char_prefix(&name, name_chars).to_owned();
                if seen.insert(self.lowercase(&name)) {
                    out.push(name);
                }
            }
        }
        out.truncate(limit);
        out
    }
}
