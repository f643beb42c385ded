//! The LSH band index of `stream.core.dedup.index.LshIndex`, on story slots.
//!
//! Python keeps its story_id <-> slot maps; this module stores, per slot, the story's
//! near band keys and answers the candidate lookup with exactly the semantics of
//! `LshIndex.near_candidates`. (The salient-feature event bands that stood beside them
//! are gone: the event clusterer, `events.rs`, finds its own candidates.)
//!
//! Why this layout (one table per band, each a sorted array of `key << 32 | slot` words,
//! a radix directory over it, and a small chained-hash delta merged in batches):
//!
//! * Memory. A key only has to be unique within its band, so splitting by band drops the
//!   band number from the stored key, and an entry costs 8 bytes. A hash map per key
//!   (bucket heads + per-entry links) would cost 16-20 bytes per near entry, since near
//!   keys are nearly all distinct; sorted arrays cost 8.
//! * Lookup speed. Stored keys go through `fmix32` (a bijection, so equality is kept),
//!   which spreads them uniformly. A directory indexed by the top bits then narrows a
//!   lookup to ~16-32 entries instead of a ~17-step binary search over the band; a
//!   bucket holding thousands of one key is delimited by galloping in from its cell's
//!   two ends, so it costs a few probes, not a search through it. Key and slot share a
//!   word, so reading a bucket's slots costs no second cache miss. The alive flags are a
//!   bitset (12 KB per 100k slots, stays in L1).
//! * Insert cost. New entries go to a per-table chained hash (no allocation per insert)
//!   and are merged when a batch of `max(MIN_BATCH, live / BATCH_SHARE)` stories has
//!   accumulated: a merge moves every entry once (memmove runs between the inserted
//!   entries), so a batch proportional to the index keeps the amortized cost per story
//!   constant as the index grows, at a delta of ~1/BATCH_SHARE of the index.
//! * Deletion. `discard` only clears the slot's alive flag; lookups skip dead entries.
//!   Dead entries are purged (a pass over every table) once 1/PURGE_SHARE of the index
//!   is dead; only then do the slots go back on the free list, so a reused slot is never
//!   reached through an entry of the story that held it before.

use std::mem::size_of;

use numpy::PyReadonlyArray1;
use pyo3::exceptions::{PyOverflowError, PyValueError};
use pyo3::prelude::*;

use crate::mix::fmix32;

mod table;
use table::{cells, Table};

/// `stream.dedup.index._ROW_MIX`: odd multipliers mixing a near band's rows.
const ROW_MIX: [u64; 3] = [
    0x9E37_79B9_7F4A_7C15,
    0xC2B2_AE3D_27D4_EB4F,
    0x1656_67B1_9E37_79F9,
];

/// End of a delta chain / empty chain head.
const NIL: u32 = u32::MAX;
/// Smallest merge batch (stories): below this, merges would dominate small indexes.
const MIN_BATCH: usize = 256;
/// Merge once the delta holds 1/BATCH_SHARE as many stories as are live: the delta then
/// costs ~20 B per indexed story and a merge ~BATCH_SHARE entry moves per new entry.
const BATCH_SHARE: usize = 32;
/// Purge dead entries (a pass over every table) once 1/PURGE_SHARE of the live stories
/// have been discarded since the last purge; until then their slots are not reused.
const PURGE_SHARE: usize = 16;

/// The 28-bit hash of one near band, as in `index.near_keys` (without the band bits).
#[inline]
fn near_hash(rows: &[u32]) -> u32 {
    let mixed = rows.iter().zip(ROW_MIX).fold(0u64, |acc, (&v, mix)| {
        acc.wrapping_add(u64::from(v).wrapping_mul(mix))
    });
    (mixed >> 36) as u32
}

#[inline]
fn entry(key: u32, slot: u32) -> u64 {
    (u64::from(key) << 32) | u64::from(slot)
}

#[inline]
fn key_of(entry: u64) -> u32 {
    (entry >> 32) as u32
}

#[inline]
fn slot_of(entry: u64) -> u32 {
    entry as u32
}

fn cap_bytes<T>(v: &Vec<T>) -> usize {
    v.capacity() * size_of::<T>()
}

/// Grows `v`'s capacity to at least `need` with 1/16 slack (not Vec's doubling).
fn reserve_to<T>(v: &mut Vec<T>, need: usize) {
    if v.capacity() < need {
        v.reserve_exact(need + need / 16 - v.len());
    }
}

/// A bitset by slot.
struct Bits(Vec<u64>);

impl Bits {
    #[inline]
    fn get(&self, slot: u32) -> bool {
        self.0[slot as usize / 64] >> (slot % 64) & 1 != 0
    }

    fn set(&mut self, slot: u32, on: bool) {
        let (word, bit) = (slot as usize / 64, 1u64 << (slot % 64));
        if on {
            self.0[word] |= bit;
        } else {
            self.0[word] &= !bit;
        }
    }

    /// Room for `n` slots.
    fn grow(&mut self, n: usize) {
        if self.0.len() * 64 < n {
            reserve_to(&mut self.0, n.div_ceil(64));
            self.0.push(0);
        }
    }
}

/// Near-duplicate and same-event candidate lookup over story slots.
///
/// Slots are allocated here: a fresh slot is always the number of slots allocated so far
/// (so a Python list indexed by slot stays dense), and a discarded slot is reused only
/// after the purge that dropped its entries.
#[pyclass(module = "wirestream_native")]
pub struct BandIndex {
    near_bands: usize,
    near_rows: usize,
    near: Vec<Table>,
    /// Slots allocated so far, and by slot whether its story is indexed.
    allocated: usize,
    alive: Bits,
    /// Slots with no entry left in any table.
    free: Vec<u32>,
    /// Dead slots whose entries are not purged yet.
    pending: Vec<u32>,
    live: usize,
    /// Stories added since the last merge, and how many trigger the next one.
    added: usize,
    batch: usize,
}

impl BandIndex {
    /// A new, empty index (parameters as in `stream.core.dedup.index`).
    pub fn create(near_bands: usize, near_rows: usize) -> Result<Self, String> {
        if !(1..=16).contains(&near_bands) {
            return Err(format!("near_bands must be 1..16, got {near_bands}"));
        }
        if !(1..=ROW_MIX.len()).contains(&near_rows) {
            return Err(format!("near_rows must be 1..3, got {near_rows}"));
        }
        Ok(Self {
            near_bands,
            near_rows,
            near: (0..near_bands).map(|_| Table::new(MIN_BATCH)).collect(),
            allocated: 0,
            alive: Bits(Vec::new()),
            free: Vec::new(),
            pending: Vec::new(),
            live: 0,
            added: 0,
            batch: MIN_BATCH,
        })
    }

    /// How many near values a story's entry takes (bands x rows).
    pub fn near_len(&self) -> usize {
        self.near_bands * self.near_rows
    }

    fn alloc_slot(&mut self) -> Option<u32> {
        if let Some(slot) = self.free.pop() {
            return Some(slot);
        }
        let slot = u32::try_from(self.allocated).ok().filter(|&s| s != NIL)?;
        self.allocated += 1;
        self.alive.grow(self.allocated);
        Some(slot)
    }

    /// Indexes one story; `near` must have the configured length. None if the index is
    /// out of slots.
    pub fn insert(&mut self, near: &[u32]) -> Option<u32> {
        let slot = self.alloc_slot()?;
        self.alive.set(slot, true);
        for (table, rows) in self.near.iter_mut().zip(near.chunks_exact(self.near_rows)) {
            table.push(fmix32(near_hash(rows)), slot);
        }
        self.live += 1;
        self.added += 1;
        if self.added >= self.batch {
            self.merge_all(false);
        }
        Some(slot)
    }

    /// The slot's story leaves the index (no-op for a slot that is not live).
    pub fn remove(&mut self, slot: u32) {
        if (slot as usize) < self.allocated && self.alive.get(slot) {
            self.alive.set(slot, false);
            self.pending.push(slot);
            self.live -= 1;
        }
    }

    /// Merges every delta. Purges the dead entries too (their slots become reusable) when
    /// `force`d or once there are enough of them to be worth a pass over the tables.
    pub fn merge_all(&mut self, force: bool) {
        self.batch = MIN_BATCH.max(self.live / BATCH_SHARE);
        let purge_at = MIN_BATCH.max(self.live / PURGE_SHARE);
        let purge = self.pending.len() >= purge_at || (force && !self.pending.is_empty());
        let mut buf = Vec::new();
        for table in &mut self.near {
            table.merge(&self.alive, purge, self.batch, &mut buf);
        }
        if purge {
            self.free.append(&mut self.pending);
            if self.pending.capacity() > 2 * purge_at {
                self.pending.shrink_to_fit();
            }
        }
        self.added = 0;
    }

    /// Live slots sharing at least one near band with `near`, ascending.
    pub fn near_lookup(&self, near: &[u32]) -> Vec<u32> {
        let mut found = Vec::new();
        let alive = |&s: &u32| self.alive.get(s);
        let keys = near
            .chunks_exact(self.near_rows)
            .map(|rows| fmix32(near_hash(rows)));
        for (table, (key, cell)) in self.near.iter().zip(cells(&self.near, keys)) {
            let merged = table.merged(key, cell);
            found.extend(merged.iter().map(|&e| slot_of(e)).filter(alive));
            found.extend(table.recent(key).filter(alive));
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Heap bytes held (capacities), plus the struct itself.
    pub fn heap_bytes(&self) -> usize {
        size_of::<Self>()
            + self.near.iter().map(Table::nbytes).sum::<usize>()
            + cap_bytes(&self.near)
            + cap_bytes(&self.alive.0)
            + cap_bytes(&self.free)
            + cap_bytes(&self.pending)
    }
}

/// The array's values (copied only if it is not contiguous), checked for length.
fn values<R>(
    arr: &PyReadonlyArray1<'_, u32>,
    len: usize,
    what: &str,
    f: impl FnOnce(&[u32]) -> R,
) -> PyResult<R> {
    let owned: Vec<u32>;
    let vals = match arr.as_slice() {
        Ok(vals) => vals,
        Err(_) => {
            owned = arr.as_array().to_vec();
            &owned
        }
    };
    if vals.len() != len {
        return Err(PyValueError::new_err(format!(
            "{what}: expected {len} hash values, got {}",
            vals.len()
        )));
    }
    Ok(f(vals))
}

#[pymethods]
impl BandIndex {
    #[new]
    #[pyo3(signature = (near_bands=16, near_rows=3))]
    fn py_new(near_bands: usize, near_rows: usize) -> PyResult<Self> {
        Self::create(near_bands, near_rows).map_err(PyValueError::new_err)
    }

    /// Indexes one story and returns its new slot. `near`: MinHash hash values (uint32);
    /// `seq`: arrival order (kept for the API: candidates are returned by slot).
    fn add(&mut self, seq: i64, near: PyReadonlyArray1<'_, u32>) -> PyResult<u32> {
        let _ = seq;
        let slot = values(&near, self.near_len(), "near", |near| self.insert(near))?;
        slot.ok_or_else(|| PyOverflowError::new_err("out of slots"))
    }

    /// The slot's story leaves the index (no-op if the slot is not live).
    fn discard(&mut self, slot: u32) {
        self.remove(slot);
    }

    /// Merges pending entries and purges dead ones now (both also happen on their own).
    fn merge(&mut self) {
        self.merge_all(true);
    }

    /// Live slots sharing at least one near band with `near`, ascending.
    fn near_candidates(&self, near: PyReadonlyArray1<'_, u32>) -> PyResult<Vec<u32>> {
        values(&near, self.near_len(), "near", |near| {
            self.near_lookup(near)
        })
    }

    /// `stream.core.dedup.index.near_keys` (band number in the top 4 bits), for tests.
    fn near_keys(&self, near: PyReadonlyArray1<'_, u32>) -> PyResult<Vec<u32>> {
        values(&near, self.near_len(), "near", |near| {
            near.chunks_exact(self.near_rows)
                .enumerate()
                .map(|(band, rows)| ((band as u32) << 28) | near_hash(rows))
                .collect()
        })
    }

    fn __len__(&self) -> usize {
        self.live
    }

    /// Heap bytes held by the index (allocated capacities, not lengths).
    #[getter]
    fn nbytes(&self) -> usize {
        self.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tiny deterministic generator (no rand crate).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u32 {
            (self.next() % n) as u32
        }
    }

    #[test]
    fn fmix32_is_a_bijection_on_a_sample() {
        let mut seen: Vec<u32> = (0..1u32 << 20).map(fmix32).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 1 << 20);
    }

    #[test]
    fn matches_brute_force_through_merges_and_reuse() {
        let mut rng = Rng(0x1234_5678_9ABC_DEF1);
        let mut index = BandIndex::create(16, 3).unwrap();
        let mut live: Vec<Option<Vec<u32>>> = Vec::new();
        for step in 0..6000i64 {
            if rng.below(5) == 0 && index.live > 0 {
                let slot = rng.below(live.len() as u64);
                if live[slot as usize].take().is_some() {
                    index.remove(slot);
                }
                continue;
            }
            let near: Vec<u32> = (0..48).map(|_| rng.below(4)).collect();
            let slot = index.insert(&near).unwrap() as usize;
            if slot == live.len() {
                live.push(None);
            }
            assert!(live[slot].is_none(), "slot {slot} reused while live");
            live[slot] = Some(near);
            if step % 97 == 0 {
                index.merge_all(step % 2 == 0);
            }
            let probe: Vec<u32> = (0..48).map(|_| rng.below(4)).collect();
            let expected: Vec<u32> = live
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    e.as_ref()
                        .is_some_and(|n| n.chunks(3).zip(probe.chunks(3)).any(|(a, b)| a == b))
                })
                .map(|(s, _)| s as u32)
                .collect();
            assert_eq!(index.near_lookup(&probe), expected);
        }
    }
}
