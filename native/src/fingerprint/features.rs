//! Facts and salient features of a token stream (`facts.extract`, `salient.features`,
//! `cluster.feature_hashes`): name phrases and words, figures, quote shingles.

use std::borrow::Cow;

use super::hashing::{crc, FxMap, FxSet};
use super::{sorted_unique, Fingerprinter};

pub(crate) const KIND_PHRASE: u32 = 0;
pub(crate) const KIND_WORD: u32 = 1;
const KIND_NUMBER: u32 = 2;
const KIND_QUOTE: u32 = 3;

/// Salient features as `salient.features` collects them: distinct strings with their
/// kind (the `p:`, `w:`, `n:` and `q:` prefixes keep the kinds apart, so distinct strings
/// are distinct `(kind, string)` pairs). Each is written into one reused buffer first: a
/// feature seen again (a name mentioned twice) costs no allocation.
#[derive(Default)]
pub(crate) struct Features {
    pub(crate) found: FxMap<Box<str>, u32>,
    buf: String,
}

impl Features {
    pub(crate) fn len(&self) -> usize {
        self.found.len()
    }

    /// Adds the feature `write` puts into the (emptied) buffer.
    fn add(&mut self, kind: u32, write: impl FnOnce(&mut String)) {
        self.buf.clear();
        write(&mut self.buf);
        if !self.found.contains_key(self.buf.as_str()) {
            self.found.insert(self.buf.as_str().into(), kind);
        }
    }
}

/// `" ".join(words)` appended to `out`.
fn push_joined<S: AsRef<str>>(out: &mut String, words: &[S]) {
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(w.as_ref());
    }
}

/// `str(n)` appended to `out`.
fn push_decimal(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[k..].iter().map(|&d| char::from(d)));
}

fn is_year(tok: &str) -> bool {
    tok.len() == 4
        && tok.bytes().all(|b| b.is_ascii_digit())
        && (tok.starts_with("19") || tok.starts_with("20"))
}

impl Fingerprinter {
    /// `facts.extract`: packed (24-bit context hash, 8-bit value hash), sorted unique.
    pub(crate) fn facts(
        &self,
        cased: &[&str],
        lower: &[&str],
        positions: &[usize],
        crcs: &[u32],
    ) -> Vec<u32> {
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
        // `f"{left}|{offset}|{right}"`, written in place: the part before the offset
        // once per run, the part after it once per run too.
        let (mut ctx, mut right) = (String::with_capacity(64), String::with_capacity(32));
        let mut k = 0;
        while k < facts.len() && (!bounded || distinct.len() < self.max_facts) {
            let start = facts[k];
            let mut end = start;
            k += 1;
            while k < facts.len() && facts[k] == end + 1 {
                end = facts[k];
                k += 1;
            }
            ctx.clear();
            push_joined(&mut ctx, &lower[start.saturating_sub(2)..start]);
            ctx.push('|');
            let head = ctx.len();
            right.clear();
            right.push('|');
            push_joined(
                &mut right,
                &lower[(end + 1).min(lower.len())..(end + 3).min(lower.len())],
            );
            for (offset, &token_crc) in crcs[start..=end].iter().enumerate() {
                if bounded && distinct.len() >= self.max_facts {
                    break; // a run of thousands of names stops here too
                }
                ctx.truncate(head);
                push_decimal(&mut ctx, offset);
                ctx.push_str(&right);
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
    pub(crate) fn event_set(
        &self,
        cased: &[&str],
        lower: &[&str],
        positions: &[usize],
        cleaned: &str,
    ) -> Vec<u32> {
        let mut out = self.names_and_figures(cased, lower, positions);
        self.add_quote_shingles(cleaned, &mut out);
        sorted_unique(
            out.found
                .iter()
                .map(|(f, kind)| (crc(f.as_bytes()) & !3) | kind)
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
    ) -> Features {
        let mut out = Features::default();
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
                    out.add(KIND_NUMBER, |f| {
                        f.extend(["n:", low, " ", unit]);
                    });
                } else if tok.chars().count() >= 2 {
                    out.add(KIND_NUMBER, |f| f.extend(["n:", low]));
                }
            }
        }
        if !run.is_empty() {
            self.close_run(&mut run, &mut names, &mut out);
        }
        out
    }

    /// The quote shingles (`q:`) of `salient.features`, up to its feature cap.
    fn add_quote_shingles(&self, cleaned: &str, out: &mut Features) {
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
                        out.add(KIND_QUOTE, |f| {
                            f.push_str("q:");
                            push_joined(f, &words[j..j + self.quote_shingle]);
                        });
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
    fn close_run(&self, run: &mut Vec<usize>, names: &mut Names, out: &mut Features) {
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
                if is_name_word(&w) && !names.lower_set().contains(&*w) {
                    out.add(KIND_WORD, |f| f.extend(["w:", &w]));
                }
            }
        } else {
            let words: Vec<Cow<str>> = run
                .iter()
                .map(|&i| self.fold(names.cased[i], names.lower[i]))
                .collect();
            out.add(KIND_PHRASE, |f| {
                f.push_str("p:");
                push_joined(f, &words);
            });
            for w in words {
                if out.len() >= self.max_features {
                    break;
                }
                if is_name_word(&w) {
                    out.add(KIND_WORD, |f| f.extend(["w:", &w]));
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
