//! One band's table of the band index: a sorted `key << 32 | slot` array under a radix
//! directory, plus the chained-hash delta merged into it in batches (the layout and why
//! are in the parent module's docs).

use super::{cap_bytes, entry, key_of, reserve_to, slot_of, Bits, NIL};

/// Target entries per directory cell (each cell holds CELL..2*CELL entries on average).
const CELL: usize = 16;
const MAX_DIR_BITS: u32 = 24;

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
pub(super) fn cells(tables: &[Table], keys: impl Iterator<Item = u32>) -> Vec<(u32, (u32, u32))> {
    tables
        .iter()
        .zip(keys)
        .map(|(t, key)| (key, t.cell(key)))
        .collect()
}

/// Multimap u32 key -> slots for one band.
pub(super) struct Table {
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
    pub(super) fn new(batch: usize) -> Self {
        Self {
            entries: Vec::new(),
            dir: vec![0, 0],
            shift: 32,
            delta: Vec::new(),
            dnext: Vec::new(),
            dhead: vec![NIL; batch.next_power_of_two()],
        }
    }

    pub(super) fn nbytes(&self) -> usize {
        cap_bytes(&self.entries)
            + cap_bytes(&self.dir)
            + cap_bytes(&self.delta)
            + cap_bytes(&self.dnext)
            + cap_bytes(&self.dhead)
    }

    #[inline]
    pub(super) fn push(&mut self, key: u32, slot: u32) {
        let h = key as usize & (self.dhead.len() - 1);
        self.dnext.push(self.dhead[h]);
        self.dhead[h] = self.delta.len() as u32;
        self.delta.push(entry(key, slot));
    }

    /// The directory cell of `key`: where its merged entries are.
    #[inline]
    pub(super) fn cell(&self, key: u32) -> (u32, u32) {
        let c = (u64::from(key) >> self.shift) as usize;
        (self.dir[c], self.dir[c + 1])
    }

    /// The merged entries under `key` (dead ones too), in its `cell`.
    #[inline]
    pub(super) fn merged(&self, key: u32, (lo, hi): (u32, u32)) -> &[u64] {
        let cell = &self.entries[lo as usize..hi as usize];
        // Gallop in from both ends of the cell: a cell holds ~CELL other entries, so a
        // bucket of thousands costs a few probes at its edges, not a search through it.
        let lo = gallop(cell, |e| key_of(e) < key);
        let hi = cell.len() - gallop_back(&cell[lo..], |e| key_of(e) > key);
        &cell[lo..hi]
    }

    /// The slots added under `key` since the last merge (dead ones too).
    #[inline]
    pub(super) fn recent(&self, key: u32) -> impl Iterator<Item = u32> + '_ {
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
    pub(super) fn merge(&mut self, alive: &Bits, purge: bool, batch: usize, buf: &mut Vec<u64>) {
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
    pub(super) fn compact(&mut self, alive: &Bits, bits: u32) {
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

    pub(super) fn rebuild_dir(&mut self, bits: u32) {
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
