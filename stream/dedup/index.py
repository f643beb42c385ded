"""In-memory LSH indexes over the stored stories (derived state, rebuilt from the store).

Two datasketch ``MinHashLSH`` indexes:

* ``near``: word-shingle MinHash, 16 bands x 3 rows (48 permutations). A pair with
  Jaccard 0.4 becomes a candidate with p=0.66, 0.5 -> 0.88, 0.6 -> 0.98; unrelated
  stories (Jaccard < 0.05) almost never. Candidates are verified in ``stage``.
* ``event``: salient-feature MinHash, 20 bands x 1 row: a candidate as soon as one band
  agrees (Jaccard 0.06 -> 0.71, 0.1 -> 0.88), because different write-ups of one event
  share only a small fraction of their features. ``cluster.compare`` verifies exactly.

Only published stories (unique, same_story, update) are indexed: a suppressed copy adds
nothing a later copy could not find through its original.

One-row event bands have a cost: a band collides when both stories' minimum feature under
that permutation is the same, so every story sharing *some* name with the query turns up
in some band and the candidate list grows with the index (benchmark corpus: 57
candidates at 5k stories, 111 at 10k, 222 at 20k; verifying each costs ~20 us).
``event_candidates`` therefore counts, per candidate, the bands it collides in (about
20 x Jaccard of the feature sets) and returns only the ``EVENT_MAX_VERIFY`` best
(ties by story_id: deterministic, and identical after a rebuild); buckets over
``EVENT_BUCKET_CAP`` (one feature shared with that many stories says nothing about the
event) are skipped to bound the counting.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable

from datasketch import LeanMinHash, MinHashLSH

from stream.dedup.fingerprint import EVENT_PERM, NEAR_PERM

NEAR_BANDS = (16, 3)
EVENT_BANDS = (EVENT_PERM, 1)
EVENT_BUCKET_CAP = 500
EVENT_MAX_VERIFY = 16


class LshIndex:
    """Near-duplicate and same-event candidate lookup keyed by story_id."""

    def __init__(self) -> None:
        self.near = MinHashLSH(num_perm=NEAR_PERM, params=NEAR_BANDS)
        self.event = MinHashLSH(num_perm=EVENT_PERM, params=EVENT_BANDS)
        self._keys: set[str] = set()
        self._event_keys: set[str] = set()

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def add(self, key: str, near: LeanMinHash, event: LeanMinHash | None) -> None:
        """Index one story (replacing what was indexed under ``key``)."""
        self.discard(key)
        self.near.insert(key, near, check_duplication=False)
        self._keys.add(key)
        if event is not None:
            self.event.insert(key, event, check_duplication=False)
            self._event_keys.add(key)

    def discard(self, key: str) -> None:
        if key in self._keys:
            self.near.remove(key)
            self._keys.discard(key)
        if key in self._event_keys:
            self.event.remove(key)
            self._event_keys.discard(key)

    def near_candidates(self, near: LeanMinHash) -> Iterable[str]:
        return self.near.query(near) if self._keys else ()

    def event_candidates(self, event: LeanMinHash | None) -> list[str]:
        """Up to ``EVENT_MAX_VERIFY`` keys sharing the most event bands with ``event``.

        Same lookup as ``MinHashLSH.query``, band by band (``hashranges``, ``hashtables``
        and its band-key function ``_H``), so collisions can be counted per key.
        """
        if event is None or not self._event_keys:
            return []
        lsh = self.event
        hits: Counter[str] = Counter()
        for (start, end), table in zip(lsh.hashranges, lsh.hashtables, strict=True):
            bucket = table.get(lsh._H(event.hashvalues[start:end]))
            if 0 < len(bucket) <= EVENT_BUCKET_CAP:
                hits.update(bucket)
        if len(hits) <= EVENT_MAX_VERIFY:
            return sorted(hits)
        best = heapq.nsmallest(EVENT_MAX_VERIFY, hits.items(), key=lambda kv: (-kv[1], kv[0]))
        return [key for key, _ in best]
