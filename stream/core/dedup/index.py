"""In-memory LSH index over the stored stories (derived state, rebuilt from the store).

One band index over the word-shingle MinHash signatures (datasketch's scheme), in
compact storage of our own (see ``bands.py`` why not datasketch's ``MinHashLSH``
storage): ``wirestream_native.BandIndex`` (sorted per-band arrays in compiled code,
native/src/bands.rs) when it is built, else ``PyBandIndex`` (numpy), the reference it
is tested against.

``near``: word-shingle MinHash, 16 bands x 3 rows (48 permutations). A pair with
Jaccard 0.4 becomes a candidate with p=0.66, 0.5 -> 0.88, 0.6 -> 0.98; unrelated stories
(Jaccard < 0.05) almost never. Candidates are verified in ``stage``.

The banding (which rows form a band, a candidate = any band equal) is the same as
``MinHashLSH(params=(b, r))``. A 3-row band is keyed by a 28-bit mix of its rows in a
uint32 (band number in the top 4 bits): at 100k stories ~0.6% of queries meet one
false collision, a candidate that the Jaccard check rejects, for 64 B per story less
than uint64 keys.

Only published stories (unique, same_story, update) are indexed: a suppressed copy adds
nothing a later copy could not find through its original. Same-event candidates come
from the event clusterer's own index (``events.py``); the salient-feature MinHash
bands that found them before it are gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from stream.core.dedup.bands import BandTable
from stream.core.dedup.fingerprint import NEAR_PERM

NEAR_BANDS = (16, 3)

# Odd multipliers mixing a band's rows into one 64-bit value (top 58 bits kept).
_ROW_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], np.uint64)
_NEAR_BAND_IDS = np.arange(NEAR_BANDS[0], dtype=np.uint32) << np.uint32(28)
assert NEAR_BANDS[0] <= 16
assert NEAR_BANDS[0] * NEAR_BANDS[1] == NEAR_PERM and NEAR_BANDS[1] == len(_ROW_MIX)


def near_keys(hashvalues: np.ndarray) -> np.ndarray:
    """One uint32 key per near band (band number in the top 4 bits)."""
    rows = hashvalues.astype(np.uint64).reshape(NEAR_BANDS)
    mixed = (rows * _ROW_MIX).sum(axis=1, dtype=np.uint64)
    return _NEAR_BAND_IDS | (mixed >> np.uint64(36)).astype(np.uint32)


class PyBandIndex:
    """The band index on story slots, in Python (numpy tables, see ``bands.py``).

    The reference for, and the fallback of, ``wirestream_native.BandIndex`` (same
    methods, same candidates: ``tests/unit/dedup/test_index.py`` runs both).
    """

    def __init__(self, near_bands: int = NEAR_BANDS[0], near_rows: int = NEAR_BANDS[1]) -> None:
        assert (near_bands, near_rows) == NEAR_BANDS
        self.near = BandTable(np.uint32)
        self._live = 0
        self._allocated = 0
        self._alive = np.zeros(1024, dtype=bool)  # by slot
        self._free: list[int] = []  # slots with no entry left in the table
        self._pending: list[int] = []  # dead slots whose entries are not purged yet

    def __len__(self) -> int:
        return self._live

    @property
    def nbytes(self) -> int:
        """numpy storage (table + per-slot flags)."""
        return self.near.nbytes + self._alive.nbytes

    def add(self, seq: int, near: np.ndarray) -> int:
        """Index one story; returns its slot (``seq``: arrival order, kept for the API)."""
        slot = self._new_slot()
        self._live += 1
        self._alive[slot] = True
        self.near.add(near_keys(near).tolist(), slot)
        if self.near.merge_due:
            self.merge()
        return slot

    def discard(self, slot: int) -> None:
        if not self._alive[slot]:
            return
        self._live -= 1
        self._alive[slot] = False
        self.near.removed(NEAR_BANDS[0])
        self._pending.append(slot)

    def _new_slot(self) -> int:
        if self._free:
            return self._free.pop()
        slot = self._allocated
        self._allocated += 1
        if slot >= self._alive.size:
            self._alive = np.concatenate((self._alive, np.zeros(self._alive.size, dtype=bool)))
        return slot

    def merge(self) -> None:
        """Merge the table and purge dead entries; only then may dead slots be reused."""
        self.near.merge(self._alive)
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


def native_band_index() -> type | None:
    """``wirestream_native.BandIndex`` if the compiled module is installed."""
    try:
        from wirestream_native import BandIndex
    except ImportError:
        return None
    return BandIndex


class LshIndex:
    """Near-duplicate candidate lookup keyed by story_id.

    The bands live in ``backend`` (slots only): the compiled ``BandIndex`` when built,
    else ``PyBandIndex``. This class maps story ids to slots and back.
    """

    def __init__(self, backend: Callable[..., Any] | None = None) -> None:
        """``backend``: builds the band index from ``(near_bands, near_rows)``; default:
        compiled if built, else Python."""
        factory = backend or native_band_index() or PyBandIndex
        self._bands = factory(*NEAR_BANDS)
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

    @property
    def backend(self) -> Any:
        """The band index on slots (compiled or ``PyBandIndex``)."""
        return self._bands

    def add(self, key: str, seq: int, near: np.ndarray) -> None:
        """Index one story (replacing what was indexed under ``key``).

        ``near``: the MinHash hash values (uint32); ``seq``: arrival order.
        """
        self.discard(key)
        self.adopt(key, self._bands.add(seq, near))

    def adopt(self, key: str, slot: int) -> None:
        """Name the slot the band index just gave a story (``add``'s second half: the
        compiled fast path inserts into ``backend`` itself); ``key`` is not indexed."""
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
