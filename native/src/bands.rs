//! The LSH band index of `stream.dedup.index.LshIndex`, on story slots.
//!
//! Python keeps its story_id <-> slot maps; this module stores, per slot, the story's
//! near and event band keys and answers the candidate lookups with exactly the
//! semantics of `LshIndex.near_candidates` / `LshIndex.event_candidates`.
//!
//! Why this layout (one table per band, each a sorted array of `key << 32 | slot` words,
//! a radix directory over it, and a small chained-hash delta merged in batches):
//!
//! * Memory. A key only has to be unique within its band, so splitting by band drops the
//!   band number from the stored key: an event key (`band << 58 | value`, u64 in Python)
//!   becomes the u32 `value` in table `band`, and an entry costs 8 bytes instead of 12.
//!   Keys still compare equal exactly when Python's keys do, so collisions are the same.
//!   A hash map per key (bucket heads + per-entry links) would cost 16-20 bytes per
//!   near entry, since near keys are nearly all distinct; sorted arrays cost 8.
//! * Lookup speed. Stored keys go through `fmix32` (a bijection, so equality is kept),
//!   which spreads them uniformly even though event values are MinHash minima (skewed
//!   towards 0). A directory indexed by the top bits then narrows a lookup to ~16-32
//!   entries instead of a ~17-step binary search over the band; a bucket holding
//!   thousands of one key is delimited by galloping in from its cell's two ends, so it
//!   costs a few probes, not a search through it. Key and slot share a word, so reading
//!   a bucket's slots costs no second cache miss.
//! * Per-slot state is one u64 (has-event, a scratch hit counter and `seq`): an event
//!   lookup visits hundreds of random slots, and one cache miss each instead of three
//!   (flags, hits, seq) took it from ~13 to ~8 us at 100k stories. The alive flags are a
//!   separate bitset (12 KB per 100k slots, stays in L1) because the purge pass and the
//!   bucket-cap count test millions / hundreds of slots for liveness alone.
//! * The bucket cap needs a bucket's live count, not its length, while dead entries wait
//!   for a purge. Rather than walk cap + 1 entries of every popular bucket on every
//!   lookup, a count taken past the cap is kept as a floor (less the discards since).
//! * Insert cost. New entries go to a per-table chained hash (no allocation per insert)
//!   and are merged when a batch of `max(MIN_BATCH, live / BATCH_SHARE)` stories has
//!   accumulated: a merge moves every entry once (memmove runs between the inserted
//!   entries), so a batch proportional to the index keeps the amortized cost per story
//!   constant as the index grows, at a delta of ~1/BATCH_SHARE of the index.
//! * Deletion. `discard` only clears the slot's alive flag; lookups skip dead entries.
//!   Dead entries are purged (a pass over every table) once 1/PURGE_SHARE of the index
//!   is dead; only then do the slots go back on the free list, so a reused slot is never
//!   reached through an entry of the story that held it before.

use std::collections::HashMap;
use std::mem::size_of;

use numpy::PyReadonlyArray1;
use pyo3::exceptions::{PyOverflowError, PyValueError};
use pyo3::prelude::*;

use crate::mix::fmix32;

/// `stream.dedup.index._ROW_MIX`: odd multipliers mixing a near band's rows.
const ROW_MIX: [u64; 3] = [
    0x9E37_79B9_7F4A_7C15,
    0xC2B2_AE3D_27D4_EB4F,
    0x1656_67B1_9E37_79F9,
];

// Per-slot state word: bit 1 has an event signature, bits 2..8 a scratch band-hit
// counter (zero between calls), bits 8..64 `seq + SEQ_BIAS`.
const HAS_EVENT: u64 = 2;
const HIT: u64 = 4;
const HITS: u64 = 0xFC;
const SEQ_SHIFT: u32 = 8;
const SEQ_BIAS: i64 = 1 << 55;
const MAX_EVENT_BANDS: usize = 63;

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
/// How far past the bucket cap a live count goes (so it stays a floor over the cap for
/// that many discards).
const FLOOR_MARGIN: usize = 256;
/// Target entries per directory cell (each cell holds CELL..2*CELL entries on average).
const CELL: usize = 16;
const MAX_DIR_BITS: u32 = 24;

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

/// Directory size for `n` merged entries: CELL..2*CELL entries per cell.
fn dir_bits(n: usize) -> u32 {
    if n < 2 * CELL {
        0
    } else {
        (n / CELL).ilog2().min(MAX_DIR_BITS)
    }
}

/// How many leading items of `v` satisfy `below` (which holds for a prefix of `v`),
/// in O(log answer) probes.
#[inline]
fn gallop(v: &[u64], below: impl Fn(u64) -> bool) -> usize {
    let mut bound = 1;
    while bound <= v.len() && below(v[bound - 1]) {
        bound *= 2;
    }
    let from = bound / 2;
    from + v[from..bound.min(v.len())].partition_point(|&e| below(e))
}

/// How many trailing items of `v` satisfy `above` (which holds for a suffix of `v`),
/// in O(log answer) probes.
#[inline]
fn gallop_back(v: &[u64], above: impl Fn(u64) -> bool) -> usize {
    let n = v.len();
    let mut bound = 1;
    while bound <= n && above(v[n - bound]) {
        bound *= 2;
    }
    let from = bound / 2;
    let rest = &v[n - bound.min(n)..n - from];
    from + rest.len() - rest.partition_point(|&e| !above(e))
}

/// Each table's (key, directory cell), looked up in a loop of their own: the loads are
/// independent, so their cache misses overlap instead of one per band in turn.
fn cells(tables: &[Table], keys: impl Iterator<Item = u32>) -> Vec<(u32, (u32, u32))> {
    tables
        .iter()
        .zip(keys)
        .map(|(t, key)| (key, t.cell(key)))
        .collect()
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

    /// Live slots among `entries`, counted until `stop` is reached (then a floor).
    fn count(&self, entries: &[u64], stop: usize) -> usize {
        let mut live = 0;
        for chunk in entries.chunks(32) {
            live += chunk
                .iter()
                .map(|&e| usize::from(self.get(slot_of(e))))
                .sum::<usize>();
            if live >= stop {
                break;
            }
        }
        live
    }

    /// Room for `n` slots.
    fn grow(&mut self, n: usize) {
        if self.0.len() * 64 < n {
            reserve_to(&mut self.0, n.div_ceil(64));
            self.0.push(0);
        }
    }
}

/// Multimap u32 key -> slots for one band.
struct Table {
    /// Merged entries `key << 32 | slot`, sorted (keys are `fmix32` of the band's key).
    entries: Vec<u64>,
    /// `dir[c]..dir[c + 1]`: the merged entries whose key's top bits are `c`.
    dir: Vec<u32>,
    /// `c = key >> shift` (as u64, so a directory of one cell uses shift 32).
    shift: u32,
    /// Entries added since the last merge, chained per `key & (dhead.len() - 1)`.
    delta: Vec<u64>,
    dnext: Vec<u32>,
    dhead: Vec<u32>,
}

impl Table {
    fn new(batch: usize) -> Self {
        Self {
            entries: Vec::new(),
            dir: vec![0, 0],
            shift: 32,
            delta: Vec::new(),
            dnext: Vec::new(),
            dhead: vec![NIL; batch.next_power_of_two()],
        }
    }

    fn nbytes(&self) -> usize {
        cap_bytes(&self.entries)
            + cap_bytes(&self.dir)
            + cap_bytes(&self.delta)
            + cap_bytes(&self.dnext)
            + cap_bytes(&self.dhead)
    }

    #[inline]
    fn push(&mut self, key: u32, slot: u32) {
        let h = key as usize & (self.dhead.len() - 1);
        self.dnext.push(self.dhead[h]);
        self.dhead[h] = self.delta.len() as u32;
        self.delta.push(entry(key, slot));
    }

    /// The directory cell of `key`: where its merged entries are.
    #[inline]
    fn cell(&self, key: u32) -> (u32, u32) {
        let c = (u64::from(key) >> self.shift) as usize;
        (self.dir[c], self.dir[c + 1])
    }

    /// The merged entries under `key` (dead ones too), in its `cell`.
    #[inline]
    fn merged(&self, key: u32, (lo, hi): (u32, u32)) -> &[u64] {
        let cell = &self.entries[lo as usize..hi as usize];
        // Gallop in from both ends of the cell: a cell holds ~CELL other entries, so a
        // bucket of thousands costs a few probes at its edges, not a search through it.
        let lo = gallop(cell, |e| key_of(e) < key);
        let hi = cell.len() - gallop_back(&cell[lo..], |e| key_of(e) > key);
        &cell[lo..hi]
    }

    /// The slots added under `key` since the last merge (dead ones too).
    #[inline]
    fn recent(&self, key: u32) -> impl Iterator<Item = u32> + '_ {
        let mut i = self.dhead[key as usize & (self.dhead.len() - 1)];
        std::iter::from_fn(move || {
            while i != NIL {
                let at = i as usize;
                i = self.dnext[at];
                if key_of(self.delta[at]) == key {
                    return Some(slot_of(self.delta[at]));
                }
            }
            None
        })
    }

    /// Moves the live delta entries into the sorted array; with `purge`, first drops the
    /// merged entries of dead slots. `buf` is scratch space.
    fn merge(&mut self, alive: &Bits, purge: bool, batch: usize, buf: &mut Vec<u64>) {
        buf.clear();
        buf.extend(self.delta.iter().filter(|&&e| alive.get(slot_of(e))));
        buf.sort_unstable();
        if purge {
            self.compact(alive, dir_bits(self.entries.len() + buf.len()));
        }
        let old = self.entries.len();
        let need = old + buf.len();
        reserve_to(&mut self.entries, need);
        self.entries.resize(need, 0);
        // Back to front: each new entry lands after the old entries below it, found by
        // galloping down from the previous insertion point; the old entries in between
        // move as one block (runs average need / buf.len() entries).
        let entries = &mut self.entries;
        let (mut i, mut w) = (old, need);
        for &e in buf.iter().rev() {
            let mut top = i;
            let mut step = 1;
            while step <= top && entries[top - step] > e {
                top -= step;
                step *= 2;
            }
            let bottom = top.saturating_sub(step);
            let p = bottom + entries[bottom..top].partition_point(|&x| x <= e);
            let run = i - p;
            entries.copy_within(p..i, w - run);
            w -= run + 1;
            i = p;
            entries[w] = e;
        }
        debug_assert_eq!(i, w);
        if dir_bits(need) == 32 - self.shift || purge {
            // Same cells: each boundary moves up by the new entries in the cells below it.
            let mut below = 0;
            for (c, first) in self.dir.iter_mut().enumerate() {
                while below < buf.len() && (buf[below] >> 32 >> self.shift) < c as u64 {
                    below += 1;
                }
                *first += below as u32;
            }
        } else {
            self.rebuild_dir(dir_bits(need));
        }

        self.delta.clear();
        self.dnext.clear();
        if self.delta.capacity() > 2 * batch {
            self.delta.shrink_to(batch);
            self.dnext.shrink_to(batch);
        }
        self.delta.reserve_exact(batch);
        self.dnext.reserve_exact(batch);
        let heads = batch.next_power_of_two();
        if self.dhead.len() == heads {
            self.dhead.fill(NIL);
        } else {
            self.dhead = vec![NIL; heads];
        }
    }

    /// Drops the merged entries of dead slots and rebuilds the directory (`bits`) on the
    /// way, in one pass.
    fn compact(&mut self, alive: &Bits, bits: u32) {
        let cells = 1usize << bits;
        self.shift = 32 - bits;
        self.dir.clear();
        self.dir.resize(cells + 1, 0);
        let (dir, entries) = (&mut self.dir[..], &mut self.entries[..]);
        let (mut w, mut next_cell) = (0, 0);
        for r in 0..entries.len() {
            let e = entries[r];
            let cell = (e >> 32 >> self.shift) as usize;
            while next_cell <= cell {
                dir[next_cell] = w as u32;
                next_cell += 1;
            }
            entries[w] = e;
            w += usize::from(alive.get(slot_of(e)));
        }
        dir[next_cell..].fill(w as u32);
        self.entries.truncate(w);
        if self.entries.capacity() > 2 * w + 1024 {
            self.entries.shrink_to(w + w / 16);
        }
    }

    fn rebuild_dir(&mut self, bits: u32) {
        let cells = 1usize << bits;
        self.shift = 32 - bits;
        self.dir.clear();
        self.dir.reserve_exact(cells + 1);
        for (i, &e) in self.entries.iter().enumerate() {
            let cell = (e >> 32 >> self.shift) as usize;
            while self.dir.len() <= cell {
                self.dir.push(i as u32);
            }
        }
        self.dir.resize(cells + 1, self.entries.len() as u32);
        if self.dir.capacity() > 2 * (cells + 1) {
            self.dir.shrink_to_fit();
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
    event_bands: usize,
    bucket_cap: usize,
    max_verify: usize,
    near: Vec<Table>,
    event: Vec<Table>,
    /// By slot: the state word (see HAS_EVENT), and whether the slot's story is indexed.
    state: Vec<u64>,
    alive: Bits,
    /// Slots with no entry left in any table.
    free: Vec<u32>,
    /// Dead slots whose entries are not purged yet, and how many of them have events
    /// (an upper bound on the dead entries in any one event table).
    pending: Vec<u32>,
    pending_events: usize,
    /// Stories with events discarded so far, and per event band, live counts of big
    /// buckets' merged entries: key -> (count, `event_discards` then).
    event_discards: u64,
    floors: Vec<HashMap<u32, (usize, u64)>>,
    live: usize,
    /// Stories added since the last merge, and how many trigger the next one.
    added: usize,
    batch: usize,
    /// Scratch for `event_lookup`: the slots hit so far, and those hit more than once.
    touched: Vec<u32>,
    multi: Vec<u32>,
    /// By slot: the story's typed salient features (sorted, kind in the 2 low bits), so
    /// event candidates are verified here instead of reading 16 store records each.
    features: Vec<Box<[u32]>>,
}

/// `stream.dedup.cluster._KIND_MASK`: a feature's kind (phrase, word, number, quote).
const KIND_MASK: u32 = 3;
const KIND_WORD: usize = 1;

/// Shared features of two sorted sets, per kind (merge walk; sets are tens of values).
fn shared_by_kind(a: &[u32], b: &[u32]) -> [usize; 4] {
    let mut counts = [0usize; 4];
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                counts[(a[i] & KIND_MASK) as usize] += 1;
                i += 1;
                j += 1;
            }
        }
    }
    counts
}

fn words_in(set: &[u32]) -> usize {
    set.iter()
        .filter(|&&f| (f & KIND_MASK) as usize == KIND_WORD)
        .count()
}

/// One verified event candidate: slot, shared (phrases, words, numbers, quotes), the
/// candidate's name words and its feature count.
pub type Evidence = (u32, usize, usize, usize, usize, usize, usize);

impl BandIndex {
    /// A new, empty index (parameters as in `stream.dedup.index`).
    pub fn create(
        near_bands: usize,
        near_rows: usize,
        event_bands: usize,
        event_bucket_cap: usize,
        event_max_verify: usize,
    ) -> Result<Self, String> {
        if !(1..=16).contains(&near_bands) {
            return Err(format!("near_bands must be 1..16, got {near_bands}"));
        }
        if !(1..=ROW_MIX.len()).contains(&near_rows) {
            return Err(format!("near_rows must be 1..3, got {near_rows}"));
        }
        if !(1..=MAX_EVENT_BANDS).contains(&event_bands) {
            return Err(format!("event_bands must be 1..63, got {event_bands}"));
        }
        Ok(Self {
            near_bands,
            near_rows,
            event_bands,
            bucket_cap: event_bucket_cap,
            max_verify: event_max_verify,
            near: (0..near_bands).map(|_| Table::new(MIN_BATCH)).collect(),
            event: (0..event_bands).map(|_| Table::new(MIN_BATCH)).collect(),
            state: Vec::new(),
            alive: Bits(Vec::new()),
            free: Vec::new(),
            pending: Vec::new(),
            pending_events: 0,
            event_discards: 0,
            floors: (0..event_bands).map(|_| HashMap::new()).collect(),
            live: 0,
            added: 0,
            batch: MIN_BATCH,
            touched: Vec::new(),
            multi: Vec::new(),
            features: Vec::new(),
        })
    }

    fn alloc_slot(&mut self) -> Option<u32> {
        if let Some(slot) = self.free.pop() {
            return Some(slot);
        }
        let slot = u32::try_from(self.state.len()).ok().filter(|&s| s != NIL)?;
        if self.state.len() == self.state.capacity() {
            self.state.reserve_exact((self.state.len() / 8).max(1024));
        }
        self.state.push(0);
        self.features.push(Box::default());
        self.alive.grow(self.state.len());
        Some(slot)
    }

    /// Indexes one story; `near`/`event` must have the configured lengths. None if
    /// `seq` is outside +-2^55 or the index is out of slots.
    pub fn insert(
        &mut self,
        seq: i64,
        near: &[u32],
        event: Option<&[u32]>,
        features: &[u32],
    ) -> Option<u32> {
        let biased = seq
            .checked_add(SEQ_BIAS)
            .filter(|b| (0..1 << 56).contains(b))?;
        let slot = self.alloc_slot()?;
        let has_event = if event.is_some() { HAS_EVENT } else { 0 };
        self.state[slot as usize] = ((biased as u64) << SEQ_SHIFT) | has_event;
        self.alive.set(slot, true);
        self.features[slot as usize] = features.into();
        for (table, rows) in self.near.iter_mut().zip(near.chunks_exact(self.near_rows)) {
            table.push(fmix32(near_hash(rows)), slot);
        }
        if let Some(event) = event {
            for (table, &value) in self.event.iter_mut().zip(event) {
                table.push(fmix32(value), slot);
            }
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
        if (slot as usize) < self.state.len() && self.alive.get(slot) {
            self.alive.set(slot, false);
            self.features[slot as usize] = Box::default();
            let has_event = self.state[slot as usize] & HAS_EVENT != 0;
            self.pending_events += usize::from(has_event);
            self.event_discards += u64::from(has_event);
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
        let purge_events = purge && self.pending_events > 0;
        for table in &mut self.event {
            table.merge(&self.alive, purge_events, self.batch, &mut buf);
        }
        if purge {
            self.free.append(&mut self.pending);
            if self.pending.capacity() > 2 * purge_at {
                self.pending.shrink_to_fit();
            }
            self.pending_events = 0;
            for floors in &mut self.floors {
                *floors = HashMap::new(); // bounded: gone buckets' counts go too
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

    /// `LshIndex.event_candidates` on slots, ascending.
    pub fn event_lookup(&mut self, event: &[u32]) -> Vec<u32> {
        let (cap, max_verify) = (self.bucket_cap, self.max_verify);
        let state = &mut self.state;
        let (touched, multi) = (&mut self.touched, &mut self.multi);
        touched.clear();
        multi.clear();
        let keys = event.iter().map(|&value| fmix32(value));
        let found: Vec<(u32, &[u64])> = (self.event.iter().zip(cells(&self.event, keys)))
            .map(|(table, (key, cell))| (key, table.merged(key, cell)))
            .collect();
        let discarded = self.event_discards;
        for ((table, floors), (key, merged)) in self.event.iter().zip(&mut self.floors).zip(found) {
            // A band with more than `cap` live slots is skipped. Find out walking as few
            // entries as possible: at most `pending_events` merged entries are dead, and
            // an earlier count less the discards since is a floor.
            if merged.len() > cap + self.pending_events {
                continue;
            }
            let alive = &self.alive;
            let recent = table.recent(key).filter(|&s| alive.get(s)).count();
            if merged.len() + recent > cap {
                let floor = floors.get(&key).map_or(0, |&(live, at)| {
                    live.saturating_sub((discarded - at) as usize)
                });
                if floor + recent > cap {
                    continue;
                }
                // Count on past the cap, so that the count stays a floor over it for a
                // while (a bucket over the cap is usually a popular value staying so).
                let live = alive.count(merged, cap + 1 + cap.max(FLOOR_MARGIN));
                floors.insert(key, (live, discarded));
                if live + recent > cap {
                    continue;
                }
            }
            let slots = merged.iter().map(|&e| slot_of(e)).chain(table.recent(key));
            for s in slots {
                if self.alive.get(s) {
                    let st = &mut state[s as usize];
                    match *st & HITS {
                        0 => touched.push(s),
                        HIT => multi.push(s),
                        _ => {}
                    }
                    *st += HIT;
                }
            }
        }
        let hits = |st: u64| ((st & HITS) / HIT) as usize;
        let mut slots = Vec::with_capacity(max_verify.min(touched.len()));
        if touched.len() <= max_verify {
            for &s in touched.iter() {
                state[s as usize] &= !HITS;
            }
            slots.extend_from_slice(touched);
            slots.sort_unstable();
            return slots;
        }
        // The max_verify best by (more hits, then smaller seq, then smaller slot as
        // np.lexsort does). By counting hits: all slots above the threshold `at` are in,
        // and the `need` places left go to the earliest slots at `at`. Most slots hit one
        // band, so only the others (`multi`) are counted one by one.
        let mut per_hits = [0usize; MAX_EVENT_BANDS + 1];
        per_hits[1] = touched.len() - multi.len();
        for &s in multi.iter() {
            per_hits[hits(state[s as usize])] += 1;
        }
        let (mut at, mut above) = (MAX_EVENT_BANDS, 0);
        while above + per_hits[at] < max_verify {
            above += per_hits[at];
            at -= 1;
        }
        let need = max_verify - above;
        // At 1, the tier is every slot hit once: one pass over all, clearing hit counts.
        let from = if at == 1 { &touched[..] } else { &multi[..] };
        let mut tier: Vec<(u64, u32)> = Vec::with_capacity(need.min(64) + 1);
        for &s in from {
            let st = state[s as usize];
            if at == 1 {
                state[s as usize] = st & !HITS;
            }
            let h = hits(st);
            if h > at {
                slots.push(s);
            } else if h == at && need > 0 {
                // Keep the `need` earliest, sorted while that is cheap.
                let rank = (st >> SEQ_SHIFT, s);
                if need > 64 {
                    tier.push(rank);
                } else if tier.len() < need || rank < tier[need - 1] {
                    let p = tier.partition_point(|r| *r < rank);
                    tier.insert(p, rank);
                    tier.truncate(need);
                }
            }
        }
        if tier.len() > need {
            tier.select_nth_unstable(need);
            tier.truncate(need);
        }
        slots.extend(tier.iter().map(|&(_, s)| s));
        if at != 1 {
            for &s in touched.iter() {
                state[s as usize] &= !HITS;
            }
        }
        slots.sort_unstable();
        slots
    }

    /// The event candidates (`event_lookup`) sharing at least `min_shared` features with
    /// `features` (sorted), with the counts `cluster.EventEvidence` is built from.
    pub fn event_verify(
        &mut self,
        event: &[u32],
        features: &[u32],
        min_shared: usize,
    ) -> Vec<Evidence> {
        let slots = self.event_lookup(event);
        slots
            .into_iter()
            .filter_map(|slot| {
                let theirs = &self.features[slot as usize];
                let [p, w, n, q] = shared_by_kind(theirs, features);
                (p + w + n + q >= min_shared)
                    .then(|| (slot, p, w, n, q, words_in(theirs), theirs.len()))
            })
            .collect()
    }

    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Heap bytes held (capacities), plus the struct itself.
    pub fn heap_bytes(&self) -> usize {
        let tables = self.near.iter().chain(&self.event);
        size_of::<Self>()
            + tables.map(Table::nbytes).sum::<usize>()
            + cap_bytes(&self.near)
            + cap_bytes(&self.event)
            + cap_bytes(&self.state)
            + cap_bytes(&self.alive.0)
            + cap_bytes(&self.free)
            + cap_bytes(&self.pending)
            + cap_bytes(&self.touched)
            + cap_bytes(&self.multi)
            + cap_bytes(&self.floors)
            + cap_bytes(&self.features)
            + self
                .features
                .iter()
                .map(|f| f.len() * size_of::<u32>())
                .sum::<usize>()
            + (self.floors.iter())
                .map(|f| f.capacity() * (size_of::<(u32, (usize, u64))>() + 1))
                .sum::<usize>()
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
    #[pyo3(signature = (
        near_bands=16, near_rows=3, event_bands=20, event_bucket_cap=500, event_max_verify=16
    ))]
    fn py_new(
        near_bands: usize,
        near_rows: usize,
        event_bands: usize,
        event_bucket_cap: usize,
        event_max_verify: usize,
    ) -> PyResult<Self> {
        Self::create(
            near_bands,
            near_rows,
            event_bands,
            event_bucket_cap,
            event_max_verify,
        )
        .map_err(PyValueError::new_err)
    }

    /// Indexes one story and returns its new slot. `near`/`event`: MinHash hash values
    /// (uint32); `event` None: never an event candidate; `seq`: arrival order;
    /// `features`: the story's sorted salient-feature hashes (for `event_evidence`).
    #[pyo3(signature = (seq, near, event=None, features=None))]
    fn add(
        &mut self,
        seq: i64,
        near: PyReadonlyArray1<'_, u32>,
        event: Option<PyReadonlyArray1<'_, u32>>,
        features: Option<PyReadonlyArray1<'_, u32>>,
    ) -> PyResult<u32> {
        let features: Vec<u32> = features.map(|f| f.as_array().to_vec()).unwrap_or_default();
        let near_len = self.near_bands * self.near_rows;
        let slot = values(&near, near_len, "near", |near| match &event {
            None => Ok(self.insert(seq, near, None, &features)),
            Some(event) => values(event, self.event_bands, "event", |event| {
                self.insert(seq, near, Some(event), &features)
            }),
        })??;
        slot.ok_or_else(|| PyOverflowError::new_err("seq outside +-2**55, or out of slots"))
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
        values(&near, self.near_bands * self.near_rows, "near", |near| {
            self.near_lookup(near)
        })
    }

    /// Up to `event_max_verify` live slots sharing the most event bands, ascending.
    #[pyo3(signature = (event))]
    fn event_candidates(&mut self, event: Option<PyReadonlyArray1<'_, u32>>) -> PyResult<Vec<u32>> {
        match event {
            None => Ok(Vec::new()),
            Some(event) => values(&event, self.event_bands, "event", |event| {
                self.event_lookup(event)
            }),
        }
    }

    /// `event_candidates`, verified against `features` (the query's sorted salient
    /// features): `(slot, phrases, words, numbers, quotes, slot_words, slot_size)` for
    /// each candidate sharing at least `min_shared` features, ascending by slot.
    fn event_evidence(
        &mut self,
        event: Option<PyReadonlyArray1<'_, u32>>,
        features: PyReadonlyArray1<'_, u32>,
        min_shared: usize,
    ) -> PyResult<Vec<Evidence>> {
        let features = features.as_array().to_vec();
        match event {
            None => Ok(Vec::new()),
            Some(event) => values(&event, self.event_bands, "event", |event| {
                self.event_verify(event, &features, min_shared)
            }),
        }
    }

    /// `stream.dedup.index.near_keys` (band number in the top 4 bits), for tests.
    fn near_keys(&self, near: PyReadonlyArray1<'_, u32>) -> PyResult<Vec<u32>> {
        values(&near, self.near_bands * self.near_rows, "near", |near| {
            near.chunks_exact(self.near_rows)
                .enumerate()
                .map(|(band, rows)| ((band as u32) << 28) | near_hash(rows))
                .collect()
        })
    }

    /// `stream.dedup.index.event_keys` (band number in the top 6 bits), for tests.
    fn event_keys(&self, event: PyReadonlyArray1<'_, u32>) -> PyResult<Vec<u64>> {
        values(&event, self.event_bands, "event", |event| {
            event
                .iter()
                .enumerate()
                .map(|(band, &v)| ((band as u64) << 58) | u64::from(v))
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
        let mut index = BandIndex::create(16, 3, 20, 500, 16).unwrap();
        let mut live: Vec<Option<(Vec<u32>, Vec<u32>)>> = Vec::new();
        for step in 0..6000i64 {
            if rng.below(5) == 0 && index.live > 0 {
                let slot = rng.below(live.len() as u64);
                if live[slot as usize].take().is_some() {
                    index.remove(slot);
                }
                continue;
            }
            let near: Vec<u32> = (0..48).map(|_| rng.below(4)).collect();
            let event: Vec<u32> = (0..20).map(|_| rng.below(30)).collect();
            let slot = index.insert(step, &near, Some(&event), &[]).unwrap() as usize;
            if slot == live.len() {
                live.push(None);
            }
            assert!(live[slot].is_none(), "slot {slot} reused while live");
            live[slot] = Some((near, event));
            if step % 97 == 0 {
                index.merge_all(step % 2 == 0);
            }
            let probe: Vec<u32> = (0..48).map(|_| rng.below(4)).collect();
            let expected: Vec<u32> = live
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    e.as_ref()
                        .is_some_and(|(n, _)| n.chunks(3).zip(probe.chunks(3)).any(|(a, b)| a == b))
                })
                .map(|(s, _)| s as u32)
                .collect();
            assert_eq!(index.near_lookup(&probe), expected);
        }
    }
}
