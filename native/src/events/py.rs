//! `EventCore`'s Python surface (`#[pymethods]`): argument checks and conversions around
//! the core in the parent module, which stays free of Python types but for its names.

use super::*;

/// `(clusters, probabilities, oldest sequence numbers, features)` of the candidates.
type Scored<'py> = (Vec<String>, Vec<f64>, Vec<i64>, Bound<'py, PyArray2<f64>>);

impl EventCore {
    /// `add` kept in Rust (a story already tracked is discarded first).
    pub(crate) fn add_story(
        &mut self,
        key: &str,
        cluster: &str,
        seq: i64,
        t: f64,
        profile: &[u32],
        near: &[u32],
    ) {
        self.discard(key);
        self.changed();
        let c = match self.cluster_of.get(cluster) {
            Some(&c) => c,
            None => self.new_cluster(cluster, t, seq),
        };
        let tops = self.tops_of(profile);
        // Copies of exact size (a caller's vector may have room to spare).
        let (kept, near): (Box<[u32]>, Box<[u32]>) = (profile.into(), near.into());
        let s = match self.free_stories.pop() {
            Some(s) => {
                self.keys[s as usize] = key.into();
                self.profiles[s as usize] = kept;
                self.nears[s as usize] = near;
                self.tops[s as usize] = tops;
                self.cluster_of_story[s as usize] = c;
                s
            }
            None => {
                self.keys.push(key.into());
                self.profiles.push(kept);
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
        self.post_index_terms(profile, c, 1);
    }

    /// `neighbours` kept in Rust.
    pub(crate) fn neighbour_keys(
        &mut self,
        profile: &[u32],
        clusters: usize,
        per_cluster: usize,
        near: &[u32],
        min_jaccard: f64,
    ) -> Vec<String> {
        let mut out = Vec::new();
        self.rank(profile);
        for &c in self.ranked.iter().take(clusters) {
            let members = &self.cluster(c).members;
            let from = members.len().saturating_sub(per_cluster);
            for &s in &members[from..] {
                if jaccard(&self.nears[s as usize], near) >= min_jaccard {
                    out.push(self.keys[s as usize].to_string());
                }
            }
        }
        out
    }

    /// `assign` kept in Rust; `rules`: `(p_join, p_merge)`.
    pub(crate) fn assigned(
        &mut self,
        profile: &[u32],
        t: f64,
        model: &Model,
        rules: (f64, f64),
        exclude: &[String],
    ) -> Assigned {
        let mut rows = std::mem::take(&mut self.buf.rows);
        self.scored(profile, t, model, &mut rows);
        let assigned = self.assigned_of(&rows, rules, exclude);
        self.buf.rows = rows;
        assigned
    }

    /// `assigned` of the scored rows.
    fn assigned_of(&self, rows: &[Row], rules: (f64, f64), exclude: &[String]) -> Assigned {
        let (p_join, p_merge) = rules;
        let name = |c: u32| &*self.cluster(c).name;
        let mut found = rows
            .iter()
            .filter(|r| !exclude.iter().any(|e| e.as_str() == name(r.2)));
        let Some(first) = found.next() else {
            return (None, 0.0, Vec::new());
        };
        if first.0 < p_join {
            return (None, first.0, Vec::new());
        }
        let mut joined: Vec<(i64, &str)> = vec![(first.1, name(first.2))];
        joined.extend(found.filter(|r| r.0 >= p_merge).map(|r| (r.1, name(r.2))));
        let survivor = *joined.iter().min().expect("one joined cluster");
        let mut merged: Vec<String> = (joined.iter())
            .filter(|&&j| j != survivor)
            .map(|j| j.1.to_string())
            .collect();
        merged.sort();
        (Some(survivor.1.to_string()), first.0, merged)
    }
}

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
            ranked: Vec::new(),
            ranked_profile: Vec::new(),
            ranked_valid: false,
            buf: Buffers::default(),
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
        self.add_story(key, cluster, seq, t, profile.as_slice()?, near.as_slice()?);
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
        self.post_index_terms(&profile, c, -1);
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
        let (profile, near) = (profile.as_slice()?, near.as_slice()?);
        Ok(self.neighbour_keys(profile, clusters, per_cluster, near, min_jaccard))
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
        let mut rows = Vec::new();
        self.scored(profile.as_slice()?, t, &model, &mut rows);
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
        Ok(self.assigned(profile.as_slice()?, t, &model, (p_join, p_merge), &exclude))
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
