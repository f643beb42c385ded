//! The candidate index of `EventCore`: posting lists from an ident (a story's heaviest
//! terms and names) to the clusters whose members carry it, and the vote that ranks
//! the clusters sharing the most of them with a new story (`events._ranked`).

use super::EventCore;
use crate::fingerprint::recycle;
use crate::hint::prefetch;
use crate::profile::{KIND_NAME, KIND_TERM};

/// `profile.index_terms`: the heaviest `per_kind` idents of terms, then of names.
pub(super) fn index_terms(profile: &[u32], per_kind: usize) -> Vec<u32> {
    let mut out = Vec::new();
    index_terms_into(profile, per_kind, &mut Vec::new(), &mut out);
    out
}

/// `index_terms` into `out` (emptied first; `sel`: a buffer); how many of them are
/// terms.
pub(super) fn index_terms_into(
    profile: &[u32],
    per_kind: usize,
    sel: &mut Vec<(u32, u32)>,
    out: &mut Vec<u32>,
) -> usize {
    out.clear();
    out.reserve(2 * per_kind);
    let mut n_terms = 0;
    for kind in [KIND_TERM, KIND_NAME] {
        n_terms = out.len();
        sel.clear();
        sel.extend(
            profile
                .iter()
                .map(|&e| (e >> 7, e & 127))
                .filter(|&(i, _)| i & 7 == kind),
        );
        // Heaviest first, ties by ident (idents are distinct within a kind: a total
        // order, so selecting the first `per_kind` and sorting only those is the same).
        let heavier = |a: &(u32, u32), b: &(u32, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if sel.len() > per_kind {
            sel.select_nth_unstable_by(per_kind, heavier);
            sel.truncate(per_kind);
        }
        sel.sort_unstable_by(heavier);
        out.extend(sel.iter().map(|&(i, _)| i));
    }
    n_terms
}

impl EventCore {
    /// Add `delta` to `cluster`'s count in `ident`'s posting list (kept sorted by
    /// cluster; an entry at zero and an empty list are removed).
    pub(super) fn post(&mut self, ident: u32, cluster: u32, delta: i64) {
        let list = self.postings.entry(ident).or_default();
        match list.binary_search_by_key(&cluster, |&(c, _)| c) {
            Ok(k) => {
                let n = i64::from(list[k].1) + delta;
                if n <= 0 {
                    list.remove(k);
                } else {
                    list[k].1 = n as u32;
                }
            }
            Err(k) if delta > 0 => list.insert(k, (cluster, delta as u32)),
            Err(_) => {}
        }
        if list.is_empty() {
            self.postings.remove(&ident);
        }
    }

    /// `post(ident, cluster, delta)` for each indexed ident of `profile`.
    pub(super) fn post_index_terms(&mut self, profile: &[u32], cluster: u32, delta: i64) {
        let mut terms = std::mem::take(&mut self.buf.terms);
        let (per, ranked) = (self.index_per_kind, &self.buf.ranked_terms);
        if self.ranked_profile == profile && per <= self.query_per_kind {
            // The last ranking's selection of the same profile: each kind's `per` heaviest
            // lead its `query_per_kind` heaviest (one total order: heavier, then smaller
            // ident), so they are the first `per` of each kind's part.
            let (mine, names) = ranked.0.split_at(ranked.1);
            terms.clear();
            terms.extend_from_slice(&mine[..mine.len().min(per)]);
            terms.extend_from_slice(&names[..names.len().min(per)]);
        } else {
            index_terms_into(profile, per, &mut self.buf.sel, &mut terms);
        }
        for &ident in &terms {
            self.post(ident, cluster, delta);
        }
        self.buf.terms = terms;
    }

    /// `_ranked`: up to `max_candidates` clusters sharing the most indexed idents, into
    /// `self.ranked` (the memo, kept with its profile until a change).
    pub(super) fn rank(&mut self, profile: &[u32]) {
        if self.ranked_valid && self.ranked_profile == profile {
            return;
        }
        let mut votes = std::mem::take(&mut self.votes);
        votes.resize(self.clusters.len(), 0);
        let mut terms = std::mem::take(&mut self.buf.terms);
        let n_terms = index_terms_into(profile, self.query_per_kind, &mut self.buf.sel, &mut terms);
        // kept with `ranked_profile` (set below, the two together) for `post_index_terms`
        self.buf.ranked_terms.0.clear();
        self.buf.ranked_terms.0.extend_from_slice(&terms);
        self.buf.ranked_terms.1 = n_terms;
        let mut touched = std::mem::take(&mut self.buf.touched);
        touched.clear();
        // The lists first (each a hash probe, then its first cache line asked for), then
        // the votes: at 100k stories both are cache misses, and this loop was bound by
        // them, so each list's start and the vote a few entries ahead are prefetched.
        // The same lists in the same order: the same votes and the same `touched`.
        let mut lists: Vec<&[(u32, u32)]> = recycle(std::mem::take(&mut self.buf.lists));
        lists.extend(
            terms
                .iter()
                .filter_map(|ident| self.postings.get(ident))
                .filter(|post| post.len() <= self.max_posting)
                .map(Vec::as_slice),
        );
        for post in &lists {
            prefetch(post.as_ptr());
        }
        // One walk over the lists' entries in order, the vote `PREFETCH_AHEAD` entries
        // ahead asked for across the ends of lists (most lists are shorter than that).
        let mut ahead = lists
            .iter()
            .flat_map(|post| post.iter())
            .skip(PREFETCH_AHEAD);
        for &(c, n) in lists.iter().flat_map(|post| post.iter()) {
            if let Some(&(next, _)) = ahead.next() {
                prefetch(votes.as_ptr().wrapping_add(next as usize));
            }
            if votes[c as usize] == 0 {
                touched.push(c);
            }
            votes[c as usize] += n;
        }
        // The clusters with enough votes, each one's record asked for before any
        // `oldest` is read (a cache miss each at 100k stories).
        let mut voted = std::mem::take(&mut self.buf.voted);
        voted.clear();
        for &c in &touched {
            let n = std::mem::take(&mut votes[c as usize]);
            if n >= self.min_votes {
                prefetch(self.clusters.as_ptr().wrapping_add(c as usize));
                voted.push((n, c));
            }
        }
        self.votes = votes;
        self.buf.lists = recycle(lists);
        let mut found = std::mem::take(&mut self.buf.found);
        found.clear();
        found.extend(voted.iter().map(|&(n, c)| (n, self.cluster(c).oldest, c)));
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        found.truncate(self.max_candidates);
        self.ranked.clear();
        self.ranked.extend(found.iter().map(|&(_, _, c)| c));
        self.ranked_profile.clear();
        self.ranked_profile.extend_from_slice(profile);
        self.ranked_valid = true;
        self.buf.terms = terms;
        self.buf.touched = touched;
        self.buf.voted = voted;
        self.buf.found = found;
    }
}

/// Posting entries between a vote's prefetch and its increment.
const PREFETCH_AHEAD: usize = 8;
