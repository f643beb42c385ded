//! The same-event clusterer's state and scoring (`stream.core.dedup.events.PyEventCore`,
//! the Python reference, value for value).
//!
//! Per story: its profile (sorted `u32` entries, `ident << 7 | weight`) and its cluster;
//! per cluster: members in arrival order, newest time, oldest sequence number and a
//! cached aggregate (clusters of two or more); an inverted index from each member's
//! heaviest idents to the clusters holding them. Stories and clusters are named by the
//! caller's strings; slots are internal. Integer weights make every sum exact, and the
//! float steps (cosines, logs, the model's dot product) are done in the reference's
//! order, so the features and probabilities are bit-identical to Python's.

use std::mem::size_of;

use numpy::{PyArray2, PyArrayMethods, PyReadonlyArray1};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::fingerprint::FxMap;
use crate::hint::prefetch;

mod index;
use index::index_terms;
mod py;
mod score;

use score::{
    aggregate, aggregate_one, features, features_one, jaccard, probability, Agg, Cached, Common,
    Query, Tops, FEATURES,
};

const NIL: u32 = u32::MAX;
/// `u32`s per 64-byte cache line.
const PREFETCH_LINE_U32: usize = 16;

struct Cluster {
    name: Box<str>,
    members: Vec<u32>,
    newest: f64,
    oldest: i64,
    cache: Option<Box<Cached>>,
}

#[pyclass(module = "wirestream_native")]
pub struct EventCore {
    index_per_kind: usize,
    query_per_kind: usize,
    max_posting: usize,
    max_candidates: usize,
    min_votes: u32,
    agg_keep: [usize; 8],
    top_terms: usize,
    top_names: usize,
    story_of: FxMap<Box<str>, u32>,
    keys: Vec<Box<str>>,
    profiles: Vec<Box<[u32]>>,
    /// By story slot: its near-duplicate MinHash (for the containment candidates).
    nears: Vec<Box<[u32]>>,
    cluster_of_story: Vec<u32>,
    free_stories: Vec<u32>,
    cluster_of: FxMap<Box<str>, u32>,
    clusters: Vec<Option<Cluster>>,
    free_clusters: Vec<u32>,
    /// ident -> (cluster slot, member count), sorted by slot.
    postings: FxMap<u32, Vec<(u32, u32)>>,
    /// Scratch of `ranked`: votes by cluster slot (zero between calls).
    votes: Vec<u32>,
    /// The last ranking (`_ranked`'s memo): its clusters and profile, valid until a
    /// change.
    ranked: Vec<u32>,
    ranked_profile: Vec<u32>,
    ranked_valid: bool,
    /// Buffers of `rank`, `scored` and `post_index_terms`, kept between stories.
    buf: Buffers,
    /// By story slot: the `top` terms and names of its profile (its side of the test
    /// when it is a singleton cluster).
    tops: Vec<Tops>,
    /// Scratch of `score`: a singleton's aggregate, and `features`' flags.
    scratch: Agg,
    common: Common,
}

/// `EventCore`'s per-call vectors, emptied and refilled at each call. `lists` holds
/// `'static` slices only while empty (`recycle`).
#[derive(Default)]
struct Buffers {
    terms: Vec<u32>,
    sel: Vec<(u32, u32)>,
    touched: Vec<u32>,
    lists: Vec<&'static [(u32, u32)]>,
    voted: Vec<(u32, u32)>,
    found: Vec<(u32, i64, u32)>,
    singles: Vec<u32>,
    rows: Vec<Row>,
    query: Agg,
    /// The index terms `rank` selected for `ranked_profile` (terms then names) and how
    /// many are terms: `post_index_terms` of the same profile takes its own from them.
    ranked_terms: (Vec<u32>, usize),
    /// The last scored story's `Tops` and the profile they are of: `add_story` of the
    /// same profile (the fast path's `commit` after `front`) takes them.
    query_tops: Option<Tops>,
    query_profile: Vec<u32>,
}

impl EventCore {
    fn cluster(&self, slot: u32) -> &Cluster {
        self.clusters[slot as usize].as_ref().expect("live cluster")
    }

    fn cluster_mut(&mut self, slot: u32) -> &mut Cluster {
        self.clusters[slot as usize].as_mut().expect("live cluster")
    }

    fn new_cluster(&mut self, name: &str, t: f64, seq: i64) -> u32 {
        let value = Cluster {
            name: name.into(),
            members: Vec::new(),
            newest: t,
            oldest: seq,
            cache: None,
        };
        let slot = match self.free_clusters.pop() {
            Some(slot) => {
                self.clusters[slot as usize] = Some(value);
                slot
            }
            None => {
                self.clusters.push(Some(value));
                (self.clusters.len() - 1) as u32
            }
        };
        self.cluster_of.insert(name.into(), slot);
        slot
    }

    fn drop_cluster(&mut self, slot: u32) {
        if let Some(c) = self.clusters[slot as usize].take() {
            self.cluster_of.remove(&c.name);
            self.free_clusters.push(slot);
        }
    }

    /// Caches the aggregate of a cluster of two or more (a singleton's is cheap).
    fn cache(&mut self, slot: u32) {
        let c = self.cluster(slot);
        if c.cache.is_none() && c.members.len() > 1 {
            let agg = aggregate(
                c.members.iter().map(|&s| &*self.profiles[s as usize]),
                &self.agg_keep,
            );
            let cached = Cached::new(agg, self.top_terms, self.top_names);
            self.cluster_mut(slot).cache = Some(Box::new(cached));
        }
    }

    /// The model's inputs for the story against cluster `slot`.
    fn score(&mut self, query: &Query, slot: u32) -> [f64; FEATURES] {
        self.cache(slot);
        let mut scratch = std::mem::take(&mut self.scratch);
        let mut common = std::mem::take(&mut self.common);
        let c = self.clusters[slot as usize].as_ref().expect("live cluster");
        let x = if let Some(cached) = &c.cache {
            features(query, &cached.agg, Some(&cached.tops), &mut common)
        } else {
            // Not cached: a singleton, read off its member's profile into the scratch,
            // its tops taken when it was added.
            match c.members.as_slice() {
                [one] => {
                    let profile = &self.profiles[*one as usize];
                    let tops = &self.tops[*one as usize];
                    match features_one(query, profile, tops, &mut common) {
                        Some(x) => x,
                        None => {
                            aggregate_one(&mut scratch, profile);
                            features(query, &scratch, Some(tops), &mut common)
                        }
                    }
                }
                members => {
                    scratch = aggregate(
                        members.iter().map(|&s| &*self.profiles[s as usize]),
                        &self.agg_keep,
                    );
                    features(query, &scratch, None, &mut common)
                }
            }
        };
        self.scratch = scratch;
        self.common = common;
        x
    }

    /// Asks for the data `score` reads of each candidate, one level of indirection at a
    /// time across all of them (the cluster, its members, a singleton's profile slot and
    /// tops, then their contents): at 100k stories each level is a cache miss, and a
    /// candidate scored after another waited for its own misses one after the other.
    /// Hints only: no value read here is used.
    fn prefetch_candidates(&mut self, ranked: &[u32]) {
        for &c in ranked {
            prefetch(self.clusters.as_ptr().wrapping_add(c as usize));
        }
        for &c in ranked {
            let cl = self.cluster(c);
            match &cl.cache {
                Some(cached) => {
                    prefetch(cached.agg.idents.as_ptr());
                    prefetch(cached.agg.weights.as_ptr());
                }
                None => prefetch(cl.members.as_ptr()),
            }
        }
        let mut singles = std::mem::take(&mut self.buf.singles);
        singles.clear();
        singles.extend(ranked.iter().filter_map(|&c| {
            let cl = self.cluster(c);
            match (&cl.cache, cl.members.as_slice()) {
                (None, [one]) => Some(*one),
                _ => None,
            }
        }));
        for &one in &singles {
            prefetch(self.profiles.as_ptr().wrapping_add(one as usize));
            prefetch(self.tops.as_ptr().wrapping_add(one as usize));
        }
        for &one in &singles {
            let profile = &self.profiles[one as usize];
            for line in (0..profile.len()).step_by(PREFETCH_LINE_U32) {
                prefetch(profile.as_ptr().wrapping_add(line));
            }
            self.tops[one as usize].prefetch();
        }
        self.buf.singles = singles;
    }

    /// `top` of one profile's aggregate (what `score` reads for a singleton): the last
    /// scored story's when it had this profile (its query's `Tops`: the same aggregate,
    /// `aggregate_one`, and the same counts).
    fn tops_of(&mut self, profile: &[u32]) -> Tops {
        if self.buf.query_profile == profile {
            if let Some(tops) = self.buf.query_tops.take() {
                return tops;
            }
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        aggregate_one(&mut scratch, profile);
        let tops = Tops::new(&scratch, self.top_terms, self.top_names);
        self.scratch = scratch;
        tops
    }

    fn changed(&mut self) {
        self.ranked_valid = false;
    }

    /// The ranked clusters scored: `(probability, oldest seq, slot, features)`, most
    /// probable first (ties: oldest cluster), into `rows` (emptied first).
    fn scored(&mut self, profile: &[u32], t: f64, model: &Model, rows: &mut Vec<Row>) {
        self.rank(profile);
        let ranked = std::mem::take(&mut self.ranked);
        // the memo is empty while it is out: valid again only once it is back
        self.ranked_valid = false;
        self.prefetch_candidates(&ranked);
        // `aggregate` of one profile (`aggregate_one`: the same sums and norms).
        let mut agg = std::mem::take(&mut self.buf.query);
        aggregate_one(&mut agg, profile);
        let story = Query::new(agg, self.top_terms, self.top_names);
        rows.clear();
        rows.reserve(ranked.len());
        for &c in &ranked {
            let x = self.score(&story, c);
            let cl = self.cluster(c);
            let gap = (t - cl.newest) / 3600.0;
            let p = probability(
                &x,
                model.weights,
                model.bias,
                model.min_terms,
                model.half_life_hours,
                gap,
            );
            rows.push((p, cl.oldest, c, x));
        }
        rows.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        self.ranked = ranked;
        self.ranked_valid = true;
        self.buf.query_profile.clear();
        self.buf.query_profile.extend_from_slice(profile);
        self.buf.query_tops = Some(story.tops);
        self.buf.query = story.agg;
    }
}

/// A scored candidate: probability, oldest sequence number, cluster slot, features.
type Row = (f64, i64, u32, [f64; FEATURES]);

/// `assign`'s answer: the cluster joined (None: a new one), its probability, the merged.
pub(crate) type Assigned = (Option<String>, f64, Vec<String>);

/// The model's numbers as the caller passes them (`events.WEIGHTS`, ...: read per call,
/// the evaluation swaps them).
pub(crate) struct Model<'a> {
    weights: &'a [f64],
    bias: f64,
    min_terms: f64,
    half_life_hours: f64,
}

impl<'a> Model<'a> {
    pub(crate) fn new(
        weights: &'a [f64],
        bias: f64,
        min_terms: f64,
        half_life_hours: f64,
    ) -> PyResult<Self> {
        if weights.len() != FEATURES {
            return Err(PyValueError::new_err(format!(
                "weights must have {FEATURES} values"
            )));
        }
        Ok(Self {
            weights,
            bias,
            min_terms,
            half_life_hours,
        })
    }
}
