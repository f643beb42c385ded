//! The clusterer's arithmetic: aggregates, the model's features and probability,
//! the MinHash Jaccard estimate (`stream.core.dedup.events`' functions, value for value:
//! the float steps are taken in the reference's order).

use crate::profile::{KIND_NAME, KIND_TERM};

/// Kinds of profile entries with a norm, and those used as counter indexes here.
const KINDS: usize = 6;
const KIND_LEAD: usize = crate::profile::KIND_LEAD as usize;
const KIND_NUM: usize = crate::profile::KIND_NUM as usize;
const KIND_QUOTE: usize = crate::profile::KIND_QUOTE as usize;
const KIND_YEAR: usize = crate::profile::KIND_YEAR as usize;
/// `events.FEATURES`.
pub const FEATURES: usize = 16;

/// A profile or cluster aggregate: sorted unique idents, summed weights, per-kind norms.
#[derive(Clone, Default)]
pub(super) struct Agg {
    pub(super) idents: Vec<u32>,
    pub(super) weights: Vec<i64>,
    pub(super) norms: [f64; KINDS],
    pub(super) members: usize,
}

impl Agg {
    pub(super) fn heap_bytes(&self) -> usize {
        self.idents.capacity() * 4 + self.weights.capacity() * 8
    }
}

/// `events._aggregate`: summed profiles, each kind cut to its `keep` heaviest when more
/// than one profile is summed.
pub(super) fn aggregate<'a>(profiles: impl Iterator<Item = &'a [u32]>, keep: &[usize; 8]) -> Agg {
    let mut pairs: Vec<(u32, i64)> = Vec::new();
    let mut count = 0;
    for p in profiles {
        count += 1;
        pairs.extend(p.iter().map(|&e| (e >> 7, i64::from(e & 127))));
    }
    if count > 1 {
        pairs.sort_unstable_by_key(|&(i, _)| i); // one profile is sorted already
    }
    let mut summed: Vec<(u32, i64)> = Vec::with_capacity(pairs.len());
    for (i, w) in pairs {
        match summed.last_mut() {
            Some(last) if last.0 == i => last.1 += w,
            _ => summed.push((i, w)),
        }
    }
    if count > 1 {
        let mut order: Vec<usize> = (0..summed.len()).collect();
        order.sort_by(|&a, &b| {
            let (ia, wa) = summed[a];
            let (ib, wb) = summed[b];
            (ia & 7).cmp(&(ib & 7)).then(wb.cmp(&wa)).then(ia.cmp(&ib))
        });
        let mut kept = vec![false; summed.len()];
        let mut rank = 0;
        let mut kind = u32::MAX;
        for &k in &order {
            let this = summed[k].0 & 7;
            if this != kind {
                kind = this;
                rank = 0;
            }
            if rank < keep[this as usize] {
                kept[k] = true;
            }
            rank += 1;
        }
        let mut k = 0;
        summed.retain(|_| {
            k += 1;
            kept[k - 1]
        });
    }
    let idents: Vec<u32> = summed.iter().map(|&(i, _)| i).collect();
    let weights: Vec<i64> = summed.iter().map(|&(_, w)| w).collect();
    Agg {
        norms: kind_norms(&idents, &weights),
        idents,
        weights,
        members: count,
    }
}

/// Squared norm of each kind's weights (in ident order, the order both builders sum in).
fn kind_norms(idents: &[u32], weights: &[i64]) -> [f64; KINDS] {
    let mut norms = [0.0f64; KINDS];
    for (&i, &w) in idents.iter().zip(weights) {
        let kind = (i & 7) as usize;
        if kind < KINDS {
            let w = w as f64;
            norms[kind] += w * w;
        }
    }
    norms
}

/// `aggregate` of one profile, written into `agg` (its buffers reused): a singleton
/// cluster is scored straight off its member's profile, with no allocation.
pub(super) fn aggregate_one(agg: &mut Agg, profile: &[u32]) {
    agg.idents.clear();
    agg.weights.clear();
    agg.members = 1;
    for &e in profile {
        let (i, w) = (e >> 7, i64::from(e & 127));
        if agg.idents.last() == Some(&i) {
            *agg.weights.last_mut().expect("one weight per ident") += w;
        } else {
            agg.idents.push(i);
            agg.weights.push(w);
        }
    }
    agg.norms = kind_norms(&agg.idents, &agg.weights);
}

fn cosine(dot: f64, a: f64, b: f64) -> f64 {
    if a > 0.0 && b > 0.0 {
        dot / (a * b).sqrt()
    } else {
        0.0
    }
}

fn share(shared: &[i64; 8], mine: &[i64; 8], kind: usize) -> f64 {
    if mine[kind] != 0 {
        shared[kind] as f64 / mine[kind] as f64
    } else {
        0.0
    }
}

/// The `n` heaviest idents of `kind` in a profile or aggregate (ties: smaller ident), as
/// positions, in no particular order (only membership is counted). A selection, not a
/// sort. Taken once per story (`Tops`) and per cached cluster, not per scoring.
/// Appended to `out`.
fn top_into(agg: &Agg, kind: u32, n: usize, out: &mut Vec<u32>) {
    if n == 0 {
        return;
    }
    let from = out.len();
    out.extend((0..agg.idents.len() as u32).filter(|&k| agg.idents[k as usize] & 7 == kind));
    let mine = &mut out[from..];
    if mine.len() > n {
        mine.select_nth_unstable_by(n - 1, |&a, &b| {
            let (a, b) = (a as usize, b as usize);
            agg.weights[b]
                .cmp(&agg.weights[a])
                .then(agg.idents[a].cmp(&agg.idents[b]))
        });
        out.truncate(from + n);
    }
}

thread_local! {
    /// `Tops::new`'s selection buffer, kept from one call to the next.
    static TOP: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `events._top_share`: share of the story's heaviest idents of a kind (`top`) the
/// cluster has too (`common`: per story position, whether the cluster has that ident).
fn top_share(top: &[u32], common: &[bool]) -> f64 {
    if top.is_empty() {
        return 0.0;
    }
    let hit = top.iter().filter(|&&k| common[k as usize]).count();
    hit as f64 / top.len() as f64
}

/// The story's side of the scoring, computed once per query.
pub(super) struct Query {
    pub(super) agg: Agg,
    pub(super) tops: Tops,
    /// How many of the cluster's heaviest terms and names its side of the test takes.
    pub(super) n_terms: usize,
    pub(super) n_names: usize,
    /// Idents per kind, and the summed weight of names.
    mine: [i64; 8],
    name_w: i64,
}

impl Query {
    pub(super) fn new(agg: Agg, n_terms: usize, n_names: usize) -> Self {
        let mut mine = [0i64; 8];
        let mut name_w = 0i64;
        for (k, &i) in agg.idents.iter().enumerate() {
            mine[(i & 7) as usize] += 1;
            if i & 7 == KIND_NAME {
                name_w += agg.weights[k];
            }
        }
        Self {
            tops: Tops::new(&agg, n_terms, n_names),
            agg,
            n_terms,
            n_names,
            mine,
            name_w,
        }
    }
}

/// The positions of an aggregate's `top` terms then names, in one allocation (kept per
/// story and per cached cluster: `top` ran for every scoring before).
#[derive(Default)]
pub(super) struct Tops {
    positions: Box<[u32]>,
    terms: usize,
}

impl Tops {
    /// Asks for the positions' cache line (`EventCore::prefetch_candidates`).
    pub(super) fn prefetch(&self) {
        crate::hint::prefetch(self.positions.as_ptr());
    }

    /// (One allocation, of the exact size.)
    pub(super) fn new(agg: &Agg, n_terms: usize, n_names: usize) -> Self {
        TOP.with_borrow_mut(|buf| {
            buf.clear();
            top_into(agg, KIND_TERM, n_terms, buf);
            let terms = buf.len();
            top_into(agg, KIND_NAME, n_names, buf);
            Self {
                positions: buf.as_slice().into(),
                terms,
            }
        })
    }

    pub(super) fn terms(&self) -> &[u32] {
        &self.positions[..self.terms]
    }

    pub(super) fn names(&self) -> &[u32] {
        &self.positions[self.terms..]
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.positions.len() * 4
    }
}

/// A cached cluster aggregate with its `Tops`: taken once per cluster change.
pub(super) struct Cached {
    pub(super) agg: Agg,
    pub(super) tops: Tops,
}

impl Cached {
    pub(super) fn new(agg: Agg, n_terms: usize, n_names: usize) -> Self {
        Self {
            tops: Tops::new(&agg, n_terms, n_names),
            agg,
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.agg.heap_bytes() + self.tops.heap_bytes()
    }
}

/// `features`' per-position flags, reused between calls (two allocations per scored
/// cluster before).
#[derive(Default)]
pub(super) struct Common {
    story: Vec<bool>,
    cluster: Vec<bool>,
}

/// `events.features`: the model's inputs for one (story, cluster) pair.
/// `tops`: the cluster's `top` terms and names when known (else taken here).
pub(super) fn features(
    query: &Query,
    cluster: &Agg,
    tops: Option<&Tops>,
    bufs: &mut Common,
) -> [f64; FEATURES] {
    let mut theirs = [0i64; 8];
    for &i in &cluster.idents {
        theirs[(i & 7) as usize] += 1;
    }
    let taken;
    let tops = match tops {
        Some(tops) => tops,
        None => {
            taken = Tops::new(cluster, query.n_terms, query.n_names);
            &taken
        }
    };
    let side = Side {
        len: cluster.idents.len(),
        ident: |k: usize| cluster.idents[k],
        weight: |k: usize| cluster.weights[k],
        theirs,
        norms: cluster.norms,
        members: cluster.members,
    };
    features_of(query, &side, tops, bufs)
}

/// `features` of a singleton cluster read straight off its member's profile (no
/// aggregate written), or None when the profile repeats an ident (`aggregate_one`
/// sums those: the caller takes that path). The counts per kind and the norms are
/// summed in ident order, as `kind_norms` sums them.
pub(super) fn features_one(
    query: &Query,
    profile: &[u32],
    tops: &Tops,
    bufs: &mut Common,
) -> Option<[f64; FEATURES]> {
    let mut theirs = [0i64; 8];
    let mut norms = [0.0f64; KINDS];
    let mut prev = None;
    for &e in profile {
        let i = e >> 7;
        if prev == Some(i) {
            return None;
        }
        prev = Some(i);
        let kind = (i & 7) as usize;
        theirs[kind] += 1;
        if kind < KINDS {
            let w = f64::from(e & 127);
            norms[kind] += w * w;
        }
    }
    let side = Side {
        len: profile.len(),
        ident: |k: usize| profile[k] >> 7,
        weight: |k: usize| i64::from(profile[k] & 127),
        theirs,
        norms,
        members: 1,
    };
    Some(features_of(query, &side, tops, bufs))
}

/// The cluster's side of `features`: its idents and weights by position (an
/// aggregate's vectors, or a singleton's profile entries), counts per kind, norms.
struct Side<I, W> {
    len: usize,
    ident: I,
    weight: W,
    theirs: [i64; 8],
    norms: [f64; KINDS],
    members: usize,
}

#[inline(always)]
fn features_of<I: Fn(usize) -> u32, W: Fn(usize) -> i64>(
    query: &Query,
    cluster: &Side<I, W>,
    tops: &Tops,
    bufs: &mut Common,
) -> [f64; FEATURES] {
    let story = &query.agg;
    let mut dot = [0i64; 8];
    let mut shared = [0i64; 8];
    let mine = &query.mine;
    let theirs = &cluster.theirs;
    let common = &mut bufs.story;
    let common_c = &mut bufs.cluster;
    common.clear();
    common.resize(story.idents.len(), false);
    common_c.clear();
    common_c.resize(cluster.len, false);
    let mut name_shared = 0i64;
    let (mut a, mut b) = (0, 0);
    while a < story.idents.len() && b < cluster.len {
        let (x, y) = (story.idents[a], (cluster.ident)(b));
        if x != y {
            // Which side steps is data (half the time each): no branch on it.
            a += usize::from(x < y);
            b += usize::from(x > y);
        } else {
            let kind = (x & 7) as usize;
            dot[kind] += story.weights[a] * (cluster.weight)(b);
            shared[kind] += 1;
            common[a] = true;
            common_c[b] = true;
            if x & 7 == KIND_NAME {
                name_shared += story.weights[a];
            }
            a += 1;
            b += 1;
        }
    }
    let years = mine[KIND_YEAR] > 0 && theirs[KIND_YEAR] > 0;
    let mut x = [0.0f64; FEATURES];
    x[0] = cosine(dot[0] as f64, story.norms[0], cluster.norms[0]);
    x[1] = cosine(dot[1] as f64, story.norms[1], cluster.norms[1]);
    x[2] = if query.name_w != 0 {
        name_shared as f64 / query.name_w as f64
    } else {
        0.0
    };
    x[3] = share(&shared, mine, KIND_LEAD);
    x[4] = (shared[KIND_NUM] as f64).ln_1p();
    x[5] = share(&shared, mine, KIND_NUM);
    x[6] = if theirs[KIND_NUM] != 0 {
        ((mine[KIND_NUM] - shared[KIND_NUM]) as f64).ln_1p()
    } else {
        0.0
    };
    x[10] = (shared[KIND_QUOTE] as f64).ln_1p();
    x[11] = f64::from(u8::from(years && shared[KIND_YEAR] > 0));
    x[12] = f64::from(u8::from(years && shared[KIND_YEAR] == 0));
    x[13] = (cluster.members as f64).ln();
    x[7] = (x[0] * x[1]).sqrt();
    x[8] = top_share(query.tops.terms(), common);
    x[9] = top_share(query.tops.names(), common);
    x[14] = top_share(tops.terms(), common_c);
    x[15] = top_share(tops.names(), common_c);
    x
}

/// `fingerprint.jaccard`: the share of equal MinHash values (0 for unequal lengths).
pub(super) fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f64 / a.len() as f64
}

/// `events.probability`: the logistic model, zero without shared vocabulary; the odds
/// halve every `half_life_hours` of gap. The dot product is a sequential sum of
/// rounded products (no fused multiply-add), as the Python reference's loop computes.
pub(super) fn probability(
    x: &[f64; FEATURES],
    weights: &[f64],
    bias: f64,
    min_terms: f64,
    half_life_hours: f64,
    gap_hours: f64,
) -> f64 {
    if x[0] < min_terms {
        return 0.0;
    }
    let mut dot = 0.0f64;
    for (w, v) in weights.iter().zip(x) {
        dot += w * v;
    }
    let z = bias + dot - std::f64::consts::LN_2 * gap_hours.max(0.0) / half_life_hours;
    1.0 / (1.0 + (-z.clamp(-50.0, 50.0)).exp())
}
