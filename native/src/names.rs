//! A story's name phrases for its cluster record in compiled code
//! (`stream.core.clusters.names.story_phrases`; the Python reference), on the
//! fingerprinter's tokens and salient features so there is one tokenizer. Text the
//! fingerprinter declines is declined here too (None): Python computes those names.

mod display;

use std::cmp::Reverse;

use crate::fingerprint::{
    is_py_space, py_splitlines, Fingerprinter, FxMap, FxSet, APOSTROPHES, KIND_PHRASE, KIND_WORD,
};

/// The parameters of `story_names` (defined in Python, handed in per call).
#[derive(Clone, Copy)]
pub(crate) struct NameLimits {
    pub(crate) limit: usize,
    pub(crate) lead_chars: usize,
    pub(crate) name_chars: usize,
    pub(crate) min_word_chars: usize,
}

/// `text[:n]` in characters (code points, as Python slices).
fn char_prefix(text: &str, n: usize) -> &str {
    // A character takes a byte or more: short text, or an ASCII start, is cut by bytes.
    if text.len() <= n {
        return text;
    }
    if text.as_bytes()[..n].is_ascii() {
        return &text[..n];
    }
    match text.char_indices().nth(n) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// `str.split()` (the words of a feature never hold other whitespace than the space
/// that joined them, but Python's split is the definition).
fn py_split(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_py_space).filter(|w| !w.is_empty())
}

impl Fingerprinter {
    /// `names.lead`: the headline with a full stop, then the article lines of the first
    /// `3 * lead_chars` characters of the body, up to `lead_chars` characters.
    pub(crate) fn lead(&self, headline: &str, body: &str, lead_chars: usize) -> Option<String> {
        let mut lines: Vec<&str> = Vec::new();
        let titled;
        if !headline.is_empty() {
            titled = format!("{headline}.");
            lines.push(&titled);
        }
        let mut size = 0;
        for line in self.lead_lines(self.word_prefix(body, 3 * lead_chars)?, lead_chars)? {
            let piece = self.word_prefix(line, lead_chars - size)?;
            if !piece.is_empty() {
                lines.push(piece);
            }
            size += piece.chars().count();
            if piece.len() < line.len() || size >= lead_chars {
                break; // the lead ends here, at a word's end
            }
        }
        Some(lines.join("\n"))
    }

    /// `names.word_prefix`: the first `n` characters of `text` without the word a cut
    /// there would split (its apostrophes included); None when the character after the
    /// cut is one we do not map like Python.
    fn word_prefix<'a>(&self, text: &'a str, n: usize) -> Option<&'a str> {
        let piece = char_prefix(text, n);
        let Some(next) = text[piece.len()..].chars().next() else {
            return Some(piece);
        };
        if !self.accepts(&text[piece.len()..piece.len() + next.len_utf8()]) {
            return None;
        }
        let in_word = |c: char| self.is_alnum(c) || APOSTROPHES.contains(&c);
        if !in_word(next) {
            return Some(piece);
        }
        Some(piece.trim_end_matches(in_word))
    }

    /// The first `text.article_lines(body)` that hold `lead_chars` characters (all of
    /// them if they hold fewer). Prose lines are read only until they hold enough: the
    /// all-lines fallback applies only when no line is prose, which needs every line.
    /// A line is checked for characters we do not map like Python only when read (the
    /// text after the lead does not change the names).
    fn lead_lines<'a>(&self, body: &'a str, lead_chars: usize) -> Option<Vec<&'a str>> {
        let mut lines: Vec<&str> = Vec::new();
        let mut kept: Vec<&str> = Vec::new();
        let mut kept_chars = 0;
        let stripped = py_splitlines(body)
            .map(|line| line.trim_matches(is_py_space))
            .filter(|line| !line.is_empty());
        for line in stripped {
            if !self.accepts(line) {
                return None;
            }
            if self.is_prose(line) {
                kept.push(line);
                kept_chars += line.chars().count();
                if kept_chars >= lead_chars {
                    break;
                }
            } else if kept.is_empty() {
                lines.push(line);
            }
        }
        Some(if kept.is_empty() { lines } else { kept })
    }

    /// `names.reference_story_phrases`: multi-word names and lone names not part of
    /// one, most mentioned first (ties: alphabetical), each word in its first
    /// capitalization.
    pub(crate) fn names_of(
        &self,
        headline: &str,
        body: &str,
        limits: &NameLimits,
    ) -> Option<Vec<String>> {
        let lead = self.lead(headline, body, limits.lead_chars)?;
        self.phrases_in(&lead, limits)
    }

    /// `names.story_names`: `display.display_names` of twice `limit` phrases
    /// (`names_of`), read from the same lead.
    pub(crate) fn shown_names_of(
        &self,
        headline: &str,
        body: &str,
        limits: &NameLimits,
    ) -> Option<Vec<String>> {
        let lead = self.lead(headline, body, limits.lead_chars)?;
        let wider = NameLimits {
            limit: 2 * limits.limit,
            ..*limits
        };
        let phrases = self.phrases_in(&lead, &wider)?;
        if phrases.is_empty() {
            return Some(phrases);
        }
        Some(self.display_names(
            &phrases,
            &lead,
            headline,
            limits.min_word_chars,
            limits.name_chars,
            limits.limit,
        ))
    }

    /// `names_of` of the lead.
    fn phrases_in(&self, lead: &str, limits: &NameLimits) -> Option<Vec<String>> {
        let cleaned = self.clean(lead)?;
        // Only ASCII bytes and whole accepted characters are left: still UTF-8.
        let cleaned = String::from_utf8(cleaned).expect("clean keeps whole characters");
        let lowered = self.lowercase(&cleaned);
        let (cased, lower, positions) = self.token_view(&cleaned, &lowered);
        let found = self.names_and_figures(&cased, &lower, &positions);

        let mut phrases: FxSet<&str> = found
            .found
            .iter()
            .filter(|(_, &kind)| kind == KIND_PHRASE)
            .map(|(f, _)| &f[2..])
            .collect();
        let in_phrase: FxSet<&str> = phrases.iter().flat_map(|p| py_split(p)).collect();
        let lone: Vec<&str> = found
            .found
            .iter()
            .filter(|(_, &kind)| kind == KIND_WORD)
            .map(|(f, _)| &f[2..])
            .filter(|w| !in_phrase.contains(w))
            .collect();
        phrases.extend(lone);
        phrases.retain(|p| {
            py_split(p).map(|w| w.chars().count()).max().unwrap_or(0) >= limits.min_word_chars
        });
        if phrases.is_empty() {
            return Some(Vec::new());
        }

        // Mentions and first display form of each capitalized token (and figure).
        let mut mentions: FxMap<String, (usize, &str)> = FxMap::default();
        for &i in &positions {
            let key = self.fold(cased[i], lower[i]).into_owned();
            mentions.entry(key).or_insert((0, cased[i])).0 += 1;
        }
        // A name is mentioned about as often as its rarest capitalized word.
        let mut ranked: Vec<(Reverse<usize>, &str)> = phrases
            .into_iter()
            .map(|p| {
                let rarest = py_split(p)
                    .filter_map(|w| mentions.get(w).map(|m| m.0))
                    .min()
                    .unwrap_or(0);
                (Reverse(rarest), p)
            })
            .collect();
        ranked.sort_unstable();
        Some(
            ranked
                .into_iter()
                .take(limits.limit)
                .map(|(_, p)| {
                    let shown: Vec<&str> = py_split(p)
                        .map(|w| mentions.get(w).map_or(w, |m| m.1))
                        .collect();
                    shown.join(" ")
                })
                .collect(),
        )
    }
}
