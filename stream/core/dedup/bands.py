"""A compact LSH band table: (band, band hash) -> story slots, ~12 bytes per entry.

Why not datasketch's ``MinHashLSH``: its in-memory storage keeps a Python ``set`` per
bucket plus a ``bytes`` band key per story and band, ~6-7 KB per indexed story over our
36 bands, which alone breaks the 2 KB/story budget (docs/dedup.md). Signatures still
come from datasketch; only the band storage is ours.

Layout: entries are (key, slot) pairs, ``key`` = band number in the top bits and the
band's hash below (uint64, or uint32 where a hash collision only costs a verified
candidate), ``slot`` = a small int naming the story (uint32). Most entries sit in two
sorted numpy arrays (``searchsorted`` finds a bucket as a range); new entries go to a
small Python dict and are merged in batches, so an insert is a few dict operations,
not an O(n) array insert. Removal only clears the slot's ``alive`` flag; dead entries
are filtered on lookup and dropped at the next merge, so lookups see exactly the live
stories, independent of merge timing.
"""

from __future__ import annotations

import numpy as np

# Merge the dict into the sorted arrays after this many entries (~36 per story): bounds
# the dict's memory (~70-100 B per entry, and the allocator keeps the peak: 2,048
# stories cost ~110 B per story more RSS at 100k) and amortizes the O(n) merge (~10 ms
# at 100k stories, so ~10 us per story at 1,024).
MERGE_EVERY = 1024 * 36


class BandTable:
    """Multimap from unsigned band keys to uint32 story slots."""

    def __init__(self, key_dtype: type[np.unsignedinteger] = np.uint64) -> None:
        self._key_dtype = key_dtype
        self._keys = np.zeros(0, dtype=key_dtype)
        self._slots = np.zeros(0, dtype=np.uint32)
        # key -> slot, or a list of slots once a second story shares the key (rare for
        # near bands; an int costs ~60 B less than a one-element list).
        self._delta: dict[int, int | list[int]] = {}
        self._delta_entries = 0
        self._dead_entries = 0

    @property
    def nbytes(self) -> int:
        return self._keys.nbytes + self._slots.nbytes

    def add(self, keys: list[int], slot: int) -> None:
        delta = self._delta
        for key in keys:
            bucket = delta.get(key)
            if bucket is None:
                delta[key] = slot
            elif isinstance(bucket, list):
                bucket.append(slot)
            else:
                delta[key] = [bucket, slot]
        self._delta_entries += len(keys)

    def removed(self, entries: int) -> None:
        """Note that ``entries`` entries now point at dead slots (for compaction)."""
        self._dead_entries += entries

    @property
    def merge_due(self) -> bool:
        """The dict holds enough entries to merge them into the arrays."""
        return self._delta_entries >= MERGE_EVERY

    def merge(self, alive: np.ndarray) -> None:
        """Move the dict's entries into the sorted arrays and drop dead entries.

        ``alive`` is indexed by slot. Afterwards no entry points at a dead slot, so the
        caller may reuse those slots.
        """
        if self._delta:
            pairs = [
                (k, s) for k, b in self._delta.items() for s in (b if isinstance(b, list) else (b,))
            ]
            keys = np.fromiter((k for k, _ in pairs), dtype=self._key_dtype, count=len(pairs))
            slots = np.fromiter((s for _, s in pairs), dtype=np.uint32, count=len(pairs))
            order = np.argsort(keys, kind="stable")
            keys, slots = keys[order], slots[order]
            at = np.searchsorted(self._keys, keys, side="right")
            self._keys = np.insert(self._keys, at, keys)
            self._slots = np.insert(self._slots, at, slots)
            self._delta = {}
            self._delta_entries = 0
        if self._dead_entries:
            keep = alive[self._slots]
            self._keys = self._keys[keep]
            self._slots = self._slots[keep]
            self._dead_entries = 0

    def gather(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """All (query index, slot) entries stored under the query keys, dead included.

        One vectorized gather over the sorted arrays (no Python loop per bucket), plus
        the few entries still in the dict.
        """
        lo = np.searchsorted(self._keys, keys, side="left")
        sizes = np.searchsorted(self._keys, keys, side="right") - lo
        total = int(sizes.sum())
        which = np.repeat(np.arange(keys.size), sizes)
        if total:
            first = np.cumsum(sizes) - sizes
            slots = self._slots[np.arange(total) - np.repeat(first - lo, sizes)]
        else:
            slots = self._slots[:0]
        if self._delta:
            found = [self._delta.get(k) for k in keys.tolist()]
            extra_which: list[int] = []
            extra: list[int] = []
            for i, b in enumerate(found):
                if b is None:
                    continue
                if isinstance(b, list):
                    extra_which.extend([i] * len(b))
                    extra.extend(b)
                else:
                    extra_which.append(i)
                    extra.append(b)
            if extra_which:
                which = np.concatenate((which, np.array(extra_which, dtype=which.dtype)))
                slots = np.concatenate((slots, np.array(extra, dtype=np.uint32)))
        return which, slots
