//! The dedup stage's common path in two compiled calls per story
//! (`stream.core.dedup.stage.DedupStage.decide`, the Python reference).
//!
//! A new story that is neither a possible exact copy nor has a near-duplicate candidate
//! (about nine in ten) needs only its fingerprint, its event profile, the two candidate
//! lookups (both empty) and the event clusterer's choice: `front` does all of them in
//! one call and keeps the story's arrays here, and `commit` puts the story into the
//! event core, the document frequencies and the band index after Python has written
//! its record. Any other story gets its fingerprint and profile from `pending` and takes
//! the Python path from the exact test on, so every rule that reads the store stays in
//! Python, and the values are the same calls' values either way.

use numpy::{IntoPyArray, PyArray1, PyArrayMethods};
use pyo3::exceptions::{PyOverflowError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use crate::bands::BandIndex;
use crate::events::{Assigned, EventCore, Model};
use crate::fingerprint::{utf8, Computed, Fingerprinter, Scratch, SCRATCH_KEEP_BYTES};
use crate::profile::{ProfileText, Scratch as ProfileScratch};
use crate::record::pack;

/// The story `front` last read: its fingerprint and profile (None: the compiled profile
/// declined the text); its article text is `FastPath::article`.
struct Pending {
    fp: Computed,
    profile: Option<(Vec<u32>, Vec<u32>)>,
}

/// `front`'s answer: `(content_hash, delivery_hash, shingles, resolved)`; `resolved`
/// (None: Python goes on with `pending`) is the clusterer's `(cluster or None,
/// probability, merged)` and the record's `b` and `k` blobs.
type Front = (String, String, usize, Option<(Assigned, String, String)>);

/// `pending`'s answer: `(near, facts, event_set, article, (profile, df_ids) or None)`.
type Parts<'py> = (
    Bound<'py, PyArray1<u32>>,
    Bound<'py, PyArray1<u32>>,
    Bound<'py, PyArray1<u32>>,
    Bound<'py, PyString>,
    Option<(Bound<'py, PyArray1<u32>>, Bound<'py, PyArray1<u32>>)>,
);

/// The stage's parameters that stay fixed (`stage` and `profile` constants).
struct Limits {
    min_shingles: usize,
    clusters: usize,
    per_cluster: usize,
    min_jaccard: f64,
    profile: (usize, usize, usize),
}

#[pyclass(module = "wirestream_native")]
pub struct FastPath {
    fingerprinter: Py<Fingerprinter>,
    profiler: Py<ProfileText>,
    bands: Py<BandIndex>,
    core: Py<EventCore>,
    counts: Py<PyArray1<i32>>,
    limits: Limits,
    pending: Option<Pending>,
    /// The article text of the story `front` last read (its buffer kept between stories).
    article: String,
    /// The fingerprint's and the profile's buffers, kept between stories.
    scratch: Scratch,
    profile_scratch: ProfileScratch,
    /// The model's weights as last passed (the object, to know a tuple again) and read.
    weights: Option<(Py<PyAny>, Vec<f64>)>,
}

impl FastPath {
    /// The model's weights, read again unless they are the tuple read last time (a
    /// tuple cannot change; any other sequence is read at every call).
    fn weights(&mut self, weights: &Bound<'_, PyAny>) -> PyResult<&[f64]> {
        let known = weights.is_exact_instance_of::<PyTuple>()
            && matches!(&self.weights, Some((w, _)) if w.is(weights));
        if !known {
            let values: Vec<f64> = weights.extract()?;
            self.weights = Some((weights.clone().unbind(), values));
        }
        Ok(&self.weights.as_ref().expect("weights just set").1)
    }
}

#[pymethods]
impl FastPath {
    /// `counts`: `DocFreq.counts`; `near_test`: `(MIN_SHINGLES, CONTAINED_CLUSTERS,
    /// CONTAINED_PER_CLUSTER, CONTAINED_MIN_JACCARD)`; `profile_limits`: `(VEC_TERMS,
    /// NAME_TERMS, MAX_DF_TERMS)`.
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        fingerprinter: Py<Fingerprinter>,
        profiler: Py<ProfileText>,
        bands: Py<BandIndex>,
        core: Py<EventCore>,
        counts: Py<PyArray1<i32>>,
        near_test: (usize, usize, usize, f64),
        profile_limits: (usize, usize, usize),
    ) -> PyResult<Self> {
        // `front` and `commit` hand the fingerprint's near values to the band index
        // unchecked (its Python `add` checks them): the two must agree on the length.
        let (perms, bands_len) = (
            fingerprinter.borrow(py).near_len(),
            bands.borrow(py).near_len(),
        );
        if perms != bands_len {
            return Err(PyValueError::new_err(format!(
                "the fingerprint gives {perms} near values, the band index takes {bands_len}"
            )));
        }
        let (min_shingles, clusters, per_cluster, min_jaccard) = near_test;
        Ok(Self {
            fingerprinter,
            profiler,
            bands,
            core,
            counts,
            limits: Limits {
                min_shingles,
                clusters,
                per_cluster,
                min_jaccard,
                profile: profile_limits,
            },
            pending: None,
            article: String::new(),
            scratch: Scratch::default(),
            profile_scratch: ProfileScratch::default(),
            weights: None,
        })
    }

    /// A new story up to its verdict: fingerprint, exact-map test (`exact`: content
    /// hash -> root), profile (`docs`: `max(DocFreq.docs, MIN_DOCS)`), near-duplicate
    /// candidates (band index, then the ranked clusters' newest members) and, when
    /// there is none to check, the clusterer's `assign` at time `t` with no exclusion.
    /// None when the compiled fingerprint declines the text (Python does it all).
    #[allow(clippy::too_many_arguments)]
    fn front(
        &mut self,
        py: Python<'_>,
        headline: &Bound<'_, PyString>,
        body: &Bound<'_, PyString>,
        t: f64,
        docs: i64,
        exact: &Bound<'_, PyDict>,
        weights: &Bound<'_, PyAny>,
        model: (f64, f64, f64, f64, f64),
    ) -> PyResult<Option<Front>> {
        self.pending = None;
        // the last story's buffers, given back if it was huge (the article is read by
        // `pending` until now)
        self.scratch.trim();
        self.profile_scratch.trim();
        if self.article.capacity() > SCRATCH_KEEP_BYTES {
            self.article = String::new();
        }
        let (Some(head), Some(text)) = (utf8(headline), utf8(body)) else {
            return Ok(None);
        };
        {
            // an address only (a hint: a stale one costs nothing, a prefetch never faults)
            let counts = self.counts.bind(py);
            self.scratch.df_hint = (counts.data() as usize, counts.len()?);
        }
        let mut article = std::mem::take(&mut self.article);
        let story =
            (self.fingerprinter.get()).story_in(py, head, text, &mut self.scratch, &mut article);
        self.article = article;
        let Some((mut fp, delivery)) = story else {
            return Ok(None);
        };
        let article = self.article.as_str();
        // the hash goes to Python only (nothing after reads `fp.content_hash`): moved, not
        // copied; every path below answers once
        let content_hash = std::mem::take(&mut fp.content_hash);
        let shingles = fp.shingles;
        let exact_hit = shingles > 0 && exact.contains(&content_hash)?;
        let answer = move |resolved| Ok(Some((content_hash, delivery, shingles, resolved)));
        if exact_hit {
            self.pending = Some(Pending { fp, profile: None });
            return answer(None);
        }
        let profile = {
            let counts = self.counts.bind(py).readonly();
            let profiler = self.profiler.bind(py).borrow();
            let head = (!head.is_empty()).then_some(head);
            profiler.vectors(
                py,
                head,
                article,
                &fp.event_set,
                counts.as_slice()?,
                docs,
                self.limits.profile,
                self.scratch.known(article),
                &mut self.profile_scratch,
            )?
        };
        let Some(profile) = profile else {
            self.pending = Some(Pending { fp, profile: None });
            return answer(None);
        };
        let core = self.core.clone_ref(py);
        let mut core = core.bind(py).borrow_mut();
        let l = &self.limits;
        if shingles >= l.min_shingles {
            let near_found = !self
                .bands
                .bind(py)
                .borrow()
                .near_lookup(&fp.near)
                .is_empty();
            let found = near_found
                || !(core.neighbour_keys(
                    &profile.0,
                    l.clusters,
                    l.per_cluster,
                    &fp.near,
                    l.min_jaccard,
                ))
                .is_empty();
            if found {
                self.pending = Some(Pending {
                    fp,
                    profile: Some(profile),
                });
                return answer(None);
            }
        }
        let (bias, min_terms, half_life_hours, p_join, p_merge) = model;
        let weights = self.weights(weights)?;
        let model = Model::new(weights, bias, min_terms, half_life_hours)?;
        let assigned = core.assigned(&profile.0, t, &model, (p_join, p_merge), &[]);
        let b = pack(fp.facts.len(), &fp.near, &fp.facts);
        let k = pack(profile.0.len(), &profile.0, &profile.1);
        self.pending = Some(Pending {
            fp,
            profile: Some(profile),
        });
        answer(Some((assigned, b, k)))
    }

    /// The story `front` read, for the Python path: `(near, facts, event_set, article,
    /// (profile, df_ids) or None)`.
    fn pending<'py>(&mut self, py: Python<'py>) -> PyResult<Parts<'py>> {
        let p = (self.pending.take()).ok_or_else(|| PyRuntimeError::new_err("no story pending"))?;
        Ok((
            p.fp.near.into_pyarray(py),
            p.fp.facts.into_pyarray(py),
            p.fp.event_set.into_pyarray(py),
            PyString::new(py, &self.article),
            p.profile
                .map(|(v, d)| (v.into_pyarray(py), d.into_pyarray(py))),
        ))
    }

    /// Tracks the story `front` resolved, as recorded: `DocFreq.add(df_ids)` (the
    /// counts; `docs` is Python's), `EventCore.add(key, cluster, seq, t, profile,
    /// near)` and `BandIndex.add`; returns the band slot.
    fn commit(
        &mut self,
        py: Python<'_>,
        key: &str,
        cluster: &str,
        seq: i64,
        t: f64,
    ) -> PyResult<u32> {
        let p = (self.pending.take()).ok_or_else(|| PyRuntimeError::new_err("no story pending"))?;
        let (profile, df_ids) = p
            .profile
            .ok_or_else(|| PyRuntimeError::new_err("no profile"))?;
        // every check before the first change: the compiled parts take the story whole
        // or not at all (borrows taken first: a failed one changes nothing)
        let (bands, core, counts) = (
            self.bands.bind(py),
            self.core.bind(py),
            self.counts.bind(py),
        );
        let (mut bands, mut core) = (bands.try_borrow_mut()?, core.try_borrow_mut()?);
        let mut counts = counts.try_readwrite()?;
        let table = counts.as_slice_mut()?;
        if df_ids.iter().any(|&i| i as usize >= table.len()) {
            return Err(PyValueError::new_err("id outside the DF table"));
        }
        let slot =
            (bands.insert(&p.fp.near)).ok_or_else(|| PyOverflowError::new_err("out of slots"))?;
        for &i in &df_ids {
            table[i as usize] += 1;
        }
        core.add_story(key, cluster, seq, t, &profile, &p.fp.near);
        Ok(slot)
    }
}
