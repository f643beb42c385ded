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
    /// The last ranking (`_ranked`'s memo): its profile and clusters, until a change.
    ranked_for: Option<(Vec<u32>, Vec<u32>)>,
    /// By story slot: the `top` terms and names of its profile (its side of the test
    /// when it is a singleton cluster).
    tops: Vec<Tops>,
    /// Scratch of `score`: a singleton's aggregate, and `features`' flags.
    scratch: Agg,
    common: Common,
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
    fn prefetch_candidates(&self, ranked: &[u32]) {
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
        let singles: Vec<u32> = ranked
            .iter()
            .filter_map(|&c| {
                let cl = self.cluster(c);
                match (&cl.cache, cl.members.as_slice()) {
                    (None, [one]) => Some(*one),
                    _ => None,
                }
            })
            .collect();
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
    }

    /// `top` of one profile's aggregate (what `score` reads for a singleton).
    fn tops_of(&mut self, profile: &[u32]) -> Tops {
        let mut scratch = std::mem::take(&mut self.scratch);
        aggregate_one(&mut scratch, profile);
        let tops = Tops::new(&scratch, self.top_terms, self.top_names);
        self.scratch = scratch;
        tops
    }

    fn changed(&mut self) {
        self.ranked_for = None;
    }

    /// The ranked clusters scored: `(probability, oldest seq, slot, features)`, most
    /// probable first (ties: oldest cluster).
    fn scored(&mut self, profile: &[u32], t: f64, model: &Model) -> Vec<Row> {
        let ranked = self.ranked(profile);
        self.prefetch_candidates(&ranked);
        let agg = aggregate(std::iter::once(profile), &self.agg_keep);
        let story = Query::new(agg, self.top_terms, self.top_names);
        let mut rows: Vec<Row> = Vec::with_capacity(ranked.len());
        for c in ranked {
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
        rows
    }
}

/// A scored candidate: probability, oldest sequence number, cluster slot, features.
type Row = (f64, i64, u32, [f64; FEATURES]);

/// `assign`'s answer: the cluster joined (None: a new one), its probability, the merged.
type Assigned = (Option<String>, f64, Vec<String>);

/// The model's numbers as the caller passes them (`events.WEIGHTS`, ...: read per call,
/// the evaluation swaps them).
struct Model<'a> {
    weights: &'a [f64],
    bias: f64,
    min_terms: f64,
    half_life_hours: f64,
}

impl<'a> Model<'a> {
    fn new(weights: &'a [f64], bias: f64, min_terms: f64, half_life_hours: f64) -> PyResult<Self> {
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

fn profile_arg(profile: &PyReadonlyArray1<'_, u32>) -> PyResult<Vec<u32>> {
    Ok(profile.as_slice()?.to_vec())
}

/// `(clusters, probabilities, oldest sequence numbers, features)` of the candidates.
type Scored<'py> = (Vec<String>, Vec<f64>, Vec<i64>, Bound<'py, PyArray2<f64>>);

#[pymethods]
impl EventCore {
    #[new]
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (*, index_per_kind, query_per_kind, max_posting, max_candidates, min_votes, agg_keep, top_terms, top_names))]
    fn py_new(
        index_per_kind: usize,
        query_per_kind: usize,
        max_posting: usize,
        max_candidates: usize,
        min_votes: u32,
        agg_keep: Vec<usize>,
        top_terms: usize,
        top_names: usize,
    ) -> PyResult<Self> {
        let agg_keep: [usize; 8] = agg_keep
            .try_into()
            .map_err(|_| PyValueError::new_err("agg_keep needs 8 values"))?;
        Ok(Self {
            index_per_kind,
            query_per_kind,
            max_posting,
            max_candidates,
            min_votes,
            agg_keep,
            top_terms,
            top_names,
            story_of: FxMap::default(),
            keys: Vec::new(),
            profiles: Vec::new(),
            nears: Vec::new(),
            cluster_of_story: Vec::new(),
            free_stories: Vec::new(),
            cluster_of: FxMap::default(),
            clusters: Vec::new(),
            free_clusters: Vec::new(),
            postings: FxMap::default(),
            votes: Vec::new(),
            ranked_for: None,
            tops: Vec::new(),
            scratch: Agg::default(),
            common: Common::default(),
        })
    }

    /// Open clusters (with a story in the window).
    fn __len__(&self) -> usize {
        self.cluster_of.len()
    }

    /// Track one story in `cluster` (a story already tracked is discarded first);
    /// `near`: its near-duplicate MinHash.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        key: &str,
        cluster: &str,
        seq: i64,
        t: f64,
        profile: PyReadonlyArray1<'_, u32>,
        near: PyReadonlyArray1<'_, u32>,
    ) -> PyResult<()> {
        let profile = profile_arg(&profile)?;
        let near: Box<[u32]> = profile_arg(&near)?.into();
        self.discard(key);
        self.changed();
        let c = match self.cluster_of.get(cluster) {
            Some(&c) => c,
            None => self.new_cluster(cluster, t, seq),
        };
        let terms = index_terms(&profile, self.index_per_kind);
        let tops = self.tops_of(&profile);
        let s = match self.free_stories.pop() {
            Some(s) => {
                self.keys[s as usize] = key.into();
                self.profiles[s as usize] = profile.into();
                self.nears[s as usize] = near;
                self.tops[s as usize] = tops;
                self.cluster_of_story[s as usize] = c;
                s
            }
            None => {
                self.keys.push(key.into());
                self.profiles.push(profile.into());
                self.nears.push(near);
                self.tops.push(tops);
                self.cluster_of_story.push(c);
                (self.keys.len() - 1) as u32
            }
        };
        self.story_of.insert(key.into(), s);
        let entry = self.cluster_mut(c);
        entry.members.push(s);
        entry.newest = entry.newest.max(t);
        entry.oldest = entry.oldest.min(seq);
        entry.cache = None;
        for ident in terms {
            self.post(ident, c, 1);
        }
        Ok(())
    }

    /// Forget one story; False if it was not tracked.
    fn discard(&mut self, key: &str) -> bool {
        let Some(s) = self.story_of.remove(key) else {
            return false;
        };
        self.changed();
        let c = self.cluster_of_story[s as usize];
        let profile = std::mem::take(&mut self.profiles[s as usize]);
        self.nears[s as usize] = Box::default();
        self.tops[s as usize] = Tops::default();
        self.keys[s as usize] = "".into();
        self.cluster_of_story[s as usize] = NIL;
        self.free_stories.push(s);
        let entry = self.cluster_mut(c);
        if let Some(k) = entry.members.iter().position(|&m| m == s) {
            entry.members.remove(k);
        }
        entry.cache = None;
        let empty = entry.members.is_empty();
        for ident in index_terms(&profile, self.index_per_kind) {
            self.post(ident, c, -1);
        }
        if empty {
            self.drop_cluster(c);
        }
        true
    }

    /// Move every story of `absorbed` into `survivor` (aliases are the caller's).
    fn merge(&mut self, absorbed: &str, survivor: &str) {
        if absorbed == survivor {
            return;
        }
        self.changed();
        let Some(&a) = self.cluster_of.get(absorbed) else {
            return;
        };
        let (newest, oldest) = {
            let c = self.cluster(a);
            (c.newest, c.oldest)
        };
        let s = match self.cluster_of.get(survivor) {
            Some(&s) => s,
            None => self.new_cluster(survivor, 0.0, 1 << 62),
        };
        let moved = std::mem::take(&mut self.cluster_mut(a).members);
        for &m in &moved {
            self.cluster_of_story[m as usize] = s;
            for ident in index_terms(&self.profiles[m as usize], self.index_per_kind) {
                self.post(ident, a, -1);
                self.post(ident, s, 1);
            }
        }
        let entry = self.cluster_mut(s);
        entry.members.extend(moved);
        entry.newest = newest.max(entry.newest);
        entry.oldest = oldest.min(entry.oldest);
        entry.cache = None;
        self.drop_cluster(a);
    }

    /// The oldest sequence number of a cluster (None if it has no story).
    fn oldest(&self, cluster: &str) -> Option<i64> {
        self.cluster_of
            .get(cluster)
            .map(|&c| self.cluster(c).oldest)
    }

    /// The stories of a cluster, in arrival order.
    fn members(&self, cluster: &str) -> Vec<String> {
        self.cluster_of.get(cluster).map_or_else(Vec::new, |&c| {
            (self.cluster(c).members.iter())
                .map(|&s| self.keys[s as usize].to_string())
                .collect()
        })
    }

    /// `neighbours`: the newest `per_cluster` stories of the `clusters` best-ranked,
    /// those whose MinHash agrees with `near` on at least `min_jaccard` of its values.
    fn neighbours(
        &mut self,
        profile: PyReadonlyArray1<'_, u32>,
        clusters: usize,
        per_cluster: usize,
        near: PyReadonlyArray1<'_, u32>,
        min_jaccard: f64,
    ) -> PyResult<Vec<String>> {
        let profile = profile_arg(&profile)?;
        let near = profile_arg(&near)?;
        let mut out = Vec::new();
        for c in self.ranked(&profile).into_iter().take(clusters) {
            let members = &self.cluster(c).members;
            let from = members.len().saturating_sub(per_cluster);
            for &s in &members[from..] {
                if jaccard(&self.nears[s as usize], &near) >= min_jaccard {
                    out.push(self.keys[s as usize].to_string());
                }
            }
        }
        Ok(out)
    }

    /// `candidates`: scored candidate clusters, most probable first (ties: oldest).
    #[allow(clippy::too_many_arguments)]
    fn candidates<'py>(
        &mut self,
        py: Python<'py>,
        profile: PyReadonlyArray1<'py, u32>,
        t: f64,
        weights: Vec<f64>,
        bias: f64,
        min_terms: f64,
        half_life_hours: f64,
    ) -> PyResult<Scored<'py>> {
        let model = Model::new(&weights, bias, min_terms, half_life_hours)?;
        let rows = self.scored(profile.as_slice()?, t, &model);
        let feats = PyArray2::<f64>::zeros(py, [rows.len(), FEATURES], false);
        {
            // SAFETY: `feats` was created just above and no other view of it exists.
            let mut view = unsafe { feats.as_array_mut() };
            for (r, row) in rows.iter().enumerate() {
                for (k, v) in row.3.iter().enumerate() {
                    view[[r, k]] = *v;
                }
            }
        }
        let names = rows
            .iter()
            .map(|r| self.cluster(r.2).name.to_string())
            .collect();
        Ok((
            names,
            rows.iter().map(|r| r.0).collect(),
            rows.iter().map(|r| r.1).collect(),
            feats,
        ))
    }

    /// `PyEventCore.assign`: `(cluster or None, probability, clusters merged into it)`,
    /// the join and merge rule applied to `candidates` minus `exclude`, in one call (no
    /// feature rows or names cross to Python).
    #[allow(clippy::too_many_arguments)]
    fn assign(
        &mut self,
        profile: PyReadonlyArray1<'_, u32>,
        t: f64,
        weights: Vec<f64>,
        bias: f64,
        min_terms: f64,
        half_life_hours: f64,
        p_join: f64,
        p_merge: f64,
        exclude: Vec<String>,
    ) -> PyResult<Assigned> {
        let model = Model::new(&weights, bias, min_terms, half_life_hours)?;
        let rows = self.scored(profile.as_slice()?, t, &model);
        let name = |c: u32| &*self.cluster(c).name;
        let mut found = rows
            .iter()
            .filter(|r| !exclude.iter().any(|e| e.as_str() == name(r.2)));
        let Some(first) = found.next() else {
            return Ok((None, 0.0, Vec::new()));
        };
        if first.0 < p_join {
            return Ok((None, first.0, Vec::new()));
        }
        let mut joined: Vec<(i64, &str)> = vec![(first.1, name(first.2))];
        joined.extend(found.filter(|r| r.0 >= p_merge).map(|r| (r.1, name(r.2))));
        let survivor = *joined.iter().min().expect("one joined cluster");
        let mut merged: Vec<String> = (joined.iter())
            .filter(|&&j| j != survivor)
            .map(|j| j.1.to_string())
            .collect();
        merged.sort();
        Ok((Some(survivor.1.to_string()), first.0, merged))
    }

    /// Heap bytes held (capacities; hash tables estimated at their bucket count).
    #[getter]
    fn nbytes(&self) -> usize {
        let strings: usize = self.keys.iter().map(|k| k.len()).sum::<usize>() * 2;
        let profiles: usize = (self.profiles.iter().chain(&self.nears))
            .map(|p| p.len() * 4)
            .sum();
        let clusters: usize = (self.clusters.iter().flatten())
            .map(|c| {
                size_of::<Cluster>()
                    + 2 * c.name.len()
                    + c.members.capacity() * 4
                    + c.cache
                        .as_ref()
                        .map_or(0, |a| size_of::<Cached>() + a.heap_bytes())
            })
            .sum();
        let postings: usize = self
            .postings
            .values()
            .map(|v| v.capacity() * 8 + size_of::<(u32, Vec<(u32, u32)>)>() + 1)
            .sum();
        strings
            + profiles
            + clusters
            + postings
            + self.story_of.capacity() * (size_of::<(Box<str>, u32)>() + 1)
            + self.cluster_of.capacity() * (size_of::<(Box<str>, u32)>() + 1)
            + self.keys.capacity() * size_of::<Box<str>>()
            + (self.profiles.capacity() + self.nears.capacity()) * size_of::<Box<[u32]>>()
            + self.tops.iter().map(Tops::heap_bytes).sum::<usize>()
            + self.tops.capacity() * size_of::<Tops>()
            + self.cluster_of_story.capacity() * 4
    }
}
