"""In-memory LSH indexes over the stored stories (derived state, rebuilt from the store).

Two band indexes over datasketch MinHash signatures, in compact storage of our own (see
``bands.py`` why not datasketch's ``MinHashLSH`` storage): ``wirestream_native.BandIndex``
(sorted per-band arrays in compiled code, native/src/bands.rs) when it is built, else
``PyBandIndex`` (numpy), the reference it is tested against.

* ``near``: word-shingle MinHash, 16 bands x 3 rows (48 permutations). A pair with
  Jaccard 0.4 becomes a candidate with p=0.66, 0.5 -> 0.88, 0.6 -> 0.98; unrelated
  stories (Jaccard < 0.05) almost never. Candidates are verified in ``stage``.
* ``event``: salient-feature MinHash, 20 bands x 1 row: a candidate as soon as one band
  agrees (Jaccard 0.06 -> 0.71, 0.1 -> 0.88), because different write-ups of one event
  share only a small fraction of their features. ``cluster.compare`` verifies exactly.

The banding (which rows form a band, a candidate = any band equal) is the same as
``MinHashLSH(params=(b, r))``. A 3-row band is keyed by a 28-bit mix of its rows in a
uint32 (band number in the top 4 bits): at 100k stories ~0.6% of queries meet one
false collision, a candidate that the Jaccard check rejects, for 64 B per story less
than uint64 keys. A 1-row event band is keyed by the row itself, exactly (uint64):
there a false collision would compete for the 16 verification places.

Only published stories (unique, same_story, update) are indexed: a suppressed copy adds
nothing a later copy could not find through its original.

One-row event bands have a cost: a band collides when both stories' minimum feature under
that permutation is the same, so every story sharing *some* name with the query turns up
in some band and the candidate list grows with the index. ``event_candidates`` therefore
counts, per candidate, the bands it collides in (about 20 x Jaccard of the feature sets)
and returns only the ``EVENT_MAX_VERIFY`` best (ties: earliest arrival, deterministic
and identical after a rebuild); buckets over ``EVENT_BUCKET_CAP`` live stories (one
feature shared with that many stories says nothing about the event) are skipped, which
bounds the counting to 20 x ``EVENT_BUCKET_CAP`` slots whatever the index size.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from stream.core.dedup import cluster
from stream.core.dedup.bands import BandTable
from stream.core.dedup.fingerprint import EVENT_PERM, NEAR_PERM

NEAR_BANDS = (16, 3)
EVENT_BANDS = (EVENT_PERM, 1)
EVENT_BUCKET_CAP = 500
EVENT_MAX_VERIFY = 16

# Odd multipliers mixing a band's rows into one 64-bit value (top 58 bits kept).
_ROW_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], np.uint64)
_NEAR_BAND_IDS = np.arange(NEAR_BANDS[0], dtype=np.uint32) << np.uint32(28)
_EVENT_BAND_IDS = np.arange(EVENT_BANDS[0], dtype=np.uint64) << np.uint64(58)
assert NEAR_BANDS[0] <= 16 and EVENT_BANDS[0] <= 64
assert NEAR_BANDS[0] * NEAR_BANDS[1] == NEAR_PERM and NEAR_BANDS[1] == len(_ROW_MIX)


def near_keys(hashvalues: np.ndarray) -> np.ndarray:
    """One uint32 key per near band (band number in the top 4 bits)."""
    rows = hashvalues.astype(np.uint64).reshape(NEAR_BANDS)
    mixed = (rows * _ROW_MIX).sum(axis=1, dtype=np.uint64)
    return _NEAR_BAND_IDS | (mixed >> np.uint64(36)).astype(np.uint32)


def event_keys(hashvalues: np.ndarray) -> np.ndarray:
    """One uint64 key per event band: the band's single row, exactly."""
    return _EVENT_BAND_IDS | hashvalues.astype(np.uint64)


class PyBandIndex:
    """The band index on story slots, in Python (numpy tables, see ``bands.py``).

    The reference for, and the fallback of, ``wirestream_native.BandIndex`` (same
    methods, same candidates: ``tests/unit/dedup/test_index.py`` runs both).
    """

    def __init__(
        self,
        near_bands: int = NEAR_BANDS[0],
        near_rows: int = NEAR_BANDS[1],
        event_bands: int = EVENT_BANDS[0],
        event_bucket_cap: int = EVENT_BUCKET_CAP,
        event_max_verify: int = EVENT_MAX_VERIFY,
    ) -> None:
        assert (near_bands, near_rows, event_bands) == (*NEAR_BANDS, EVENT_BANDS[0])
        self._cap = event_bucket_cap
        self._max_verify = event_max_verify
        self.near = BandTable(np.uint32)
        self.event = BandTable()
        self._live = 0
        self._allocated = 0
        self._alive = np.zeros(1024, dtype=bool)  # by slot
        self._order = np.zeros(1024, dtype=np.int64)  # by slot: arrival sequence (q)
        self._has_event = np.zeros(1024, dtype=bool)
        self._free: list[int] = []  # slots with no entry left in either table
        self._pending: list[int] = []  # dead slots whose entries are not purged yet
        self._features: dict[int, np.ndarray] = {}  # by slot: salient-feature hashes

    def __len__(self) -> int:
        return self._live

    @property
    def nbytes(self) -> int:
        """numpy storage (tables + per-slot arrays)."""
        per_slot = self._alive.nbytes + self._order.nbytes + self._has_event.nbytes
        return self.near.nbytes + self.event.nbytes + per_slot

    def add(
        self,
        seq: int,
        near: np.ndarray,
        event: np.ndarray | None = None,
        features: np.ndarray | None = None,
    ) -> int:
        """Index one story; returns its slot."""
        slot = self._new_slot()
        self._features[slot] = _NO_FEATURES if features is None else features
        self._live += 1
        self._alive[slot] = True
        self._order[slot] = seq
        self.near.add(near_keys(near).tolist(), slot)
        self._has_event[slot] = event is not None
        if event is not None:
            self.event.add(event_keys(event).tolist(), slot)
        if self.near.merge_due or self.event.merge_due:
            self.merge()
        return slot

    def discard(self, slot: int) -> None:
        if not self._alive[slot]:
            return
        self._live -= 1
        self._alive[slot] = False
        del self._features[slot]
        self.near.removed(NEAR_BANDS[0])
        if self._has_event[slot]:
            self.event.removed(EVENT_BANDS[0])
        self._pending.append(slot)

    def _new_slot(self) -> int:
        if self._free:
            return self._free.pop()
        slot = self._allocated
        self._allocated += 1
        if slot >= self._alive.size:
            grow = self._alive.size
            self._alive = np.concatenate((self._alive, np.zeros(grow, dtype=bool)))
            self._order = np.concatenate((self._order, np.zeros(grow, dtype=np.int64)))
            self._has_event = np.concatenate((self._has_event, np.zeros(grow, dtype=bool)))
        return slot

    def merge(self) -> None:
        """Merge both tables and purge dead entries; only then may dead slots be reused."""
        self.near.merge(self._alive)
        self.event.merge(self._alive)
        self._free.extend(self._pending)
        self._pending = []

    def near_candidates(self, near: np.ndarray) -> list[int]:
        """Live slots sharing at least one near band with ``near`` (hash values)."""
        if not self._live:
            return []
        _, slots = self.near.gather(near_keys(near))
        if slots.size == 0:
            return []
        return np.unique(slots[self._alive[slots]]).tolist()

    def event_candidates(self, event: np.ndarray | None) -> list[int]:
        """Up to ``event_max_verify`` live slots sharing the most event bands."""
        if event is None or not self._live:
            return []
        which, slots = self.event.gather(event_keys(event))
        live = self._alive[slots]
        which, slots = which[live], slots[live]
        size = np.bincount(which, minlength=EVENT_BANDS[0])
        slots = slots[size[which] <= self._cap]
        if slots.size == 0:
            return []
        slots, hits = np.unique(slots, return_counts=True)
        if slots.size > self._max_verify:
            best = np.lexsort((self._order[slots], -hits))[: self._max_verify]
            slots = slots[np.sort(best)]
        return slots.tolist()

    def event_evidence(
        self, event: np.ndarray | None, features: np.ndarray, min_shared: int
    ) -> list[tuple[int, int, int, int, int, int, int]]:
        """``event_candidates`` verified against ``features``: ``(slot, phrases, words,
        numbers, quotes, slot_words, slot_size)`` for those sharing ``min_shared``+."""
        rows = []
        for slot in self.event_candidates(event):
            theirs = self._features[slot]
            shared = cluster.shared_by_kind(theirs, features)
            if sum(shared) >= min_shared:
                rows.append((slot, *shared, cluster.name_words(theirs), int(theirs.size)))
        return rows


_NO_FEATURES = np.zeros(0, dtype=np.uint32)


def native_band_index() -> type | None:
    """``wirestream_native.BandIndex`` if the compiled module is installed."""
    try:
        from wirestream_native import BandIndex
    except ImportError:
        return None
    return BandIndex


class LshIndex:
    """Near-duplicate and same-event candidate lookup keyed by story_id.

    The bands live in ``backend`` (slots only): the compiled ``BandIndex`` when built,
    else ``PyBandIndex``. This class maps story ids to slots and back.
    """

    def __init__(self, backend: Callable[..., Any] | None = None) -> None:
        """``backend``: builds the band index from ``(near_bands, near_rows, event_bands,
        event_bucket_cap, event_max_verify)``; default: compiled if built, else Python."""
        factory = backend or native_band_index() or PyBandIndex
        self._bands = factory(
            NEAR_BANDS[0], NEAR_BANDS[1], EVENT_BANDS[0], EVENT_BUCKET_CAP, EVENT_MAX_VERIFY
        )
        self._slot_of: dict[str, int] = {}
        self._key_of: list[str | None] = []  # by slot (slots are dense)

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, key: str) -> bool:
        return key in self._slot_of

    @property
    def nbytes(self) -> int:
        """Band storage and per-slot state; excludes the Python key maps."""
        return self._bands.nbytes

    def add(
        self,
        key: str,
        seq: int,
        near: np.ndarray,
        event: np.ndarray | None,
        features: np.ndarray | None = None,
    ) -> None:
        """Index one story (replacing what was indexed under ``key``).

        ``near``/``event``: the MinHash hash values (uint32); ``seq``: arrival order;
        ``features``: the typed salient-feature hashes ``event_evidence`` verifies with.
        """
        self.discard(key)
        slot = self._bands.add(seq, near, event, features)
        if slot == len(self._key_of):
            self._key_of.append(key)
        else:
            self._key_of[slot] = key
        self._slot_of[key] = slot

    def discard(self, key: str) -> None:
        slot = self._slot_of.pop(key, None)
        if slot is not None:
            self._bands.discard(slot)
            self._key_of[slot] = None

    def merge(self) -> None:
        """Merge pending entries and purge dead ones now (tests; lookups never need it)."""
        self._bands.merge()

    def near_candidates(self, near: np.ndarray) -> list[str]:
        """Stories sharing at least one near band with ``near`` (hash values)."""
        key_of = self._key_of
        return [key_of[s] for s in self._bands.near_candidates(near)]  # type: ignore[misc]

    def event_candidates(self, event: np.ndarray | None) -> list[str]:
        """Up to ``EVENT_MAX_VERIFY`` stories sharing the most event bands with ``event``."""
        key_of = self._key_of
        return [key_of[s] for s in self._bands.event_candidates(event)]  # type: ignore[misc]

    def event_evidence(
        self, event: np.ndarray | None, features: np.ndarray
    ) -> list[tuple[str, cluster.EventEvidence]]:
        """The event candidates that share enough features to pass some same-event rule
        (``cluster.MIN_SHARED_FOR_ANY_RULE``), with their evidence against ``features``."""
        words, size = cluster.name_words(features), int(features.size)
        rows = self._bands.event_evidence(event, features, cluster.MIN_SHARED_FOR_ANY_RULE)
        return [
            (self._key_of[slot], cluster.evidence(shared, theirs, their_size, words, size))  # type: ignore[misc]
            for slot, *shared, theirs, their_size in rows
        ]
