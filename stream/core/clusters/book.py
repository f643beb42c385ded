"""``ClusterBook``: dedup verdicts -> story-cluster records for ``wire.clusters``.

State lives in ``store`` (a dict offline, a changelog-backed faust Table in the worker),
as compact JSON text (a summary as a dict of lists and strings costs five times its
JSON in a Python dict, and every change is parsed into a private copy anyway):

    "c:<cluster_id>" -> the cluster's summary (``summary.py``), with ``g``: the write
                        sequence number of its last change
    "s:<story_id>"   -> [cluster_id, event time, verdict, g]: the story is counted

The two writes of a new story are not atomic: a worker killed between them leaves one of
them in the Table's changelog. The mark is written first, with its sequence number ``g``,
and the cluster's summary after it; both go to the one changelog partition in order, so
a mark whose cluster has an older ``g`` is a count the crash lost, and the re-delivered
story is counted then (and only then).

Everything in memory (the eviction heap, the open-cluster and size counts, the
watermark) is derived from the store and rebuilt from it, so the records are a pure
function of the store and the inputs: a restarted worker, a rebuild and ``wirestream
process`` give the same records. No clock is read; times are the event times the
caller passes (the dedup stage's own clock, ``received_at``).
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from collections.abc import MutableMapping
from typing import Any

from schemas import PUBLISHED_VERDICTS, DedupInfo, NormalizedStory, StoryCluster
from stream.core.clusters import summary
from stream.core.clusters.names import story_names
from stream.settings import DEDUP_WINDOW_HOURS

CLUSTER = "c:"
STORY = "s:"
MAX_CHAIN = 64  # merged_into hops followed (a cycle would be a bug: stop, don't hang)


class ClusterBook:
    """Keeps one summary per story cluster and says which records to publish.

    ``store``: any mutable mapping of strings; only ``get``, ``[]=``, ``del`` and
    ``items`` are used. A cluster is forgotten when its last story leaves the window
    (``window_hours`` behind the newest event time), as the dedup stage forgets
    stories; a counted story is forgotten when it leaves the window itself.
    """

    def __init__(
        self, store: MutableMapping[str, Any], *, window_hours: float = DEDUP_WINDOW_HOURS
    ) -> None:
        self.store = store
        self._window = window_hours * 3600.0
        self.merges_total = 0
        self.evicted_total = 0
        self.rebuild()

    # --- derived state ----------------------------------------------------------------

    def rebuild(self) -> None:
        """Re-derive the in-memory state from the store (after a restart or recovery)."""
        self._heap: list[tuple[float, str]] = []
        self._next_g = 0  # write sequence: above every stored one
        self._g = 0  # the sequence number of the apply() in progress
        self._sizes: Counter[int] = Counter()  # open clusters by story count
        self._watermark: float | None = None
        for key, raw in list(self.store.items()):
            self._track(key, json.loads(raw))

    def _track(self, key: str, value: Any) -> None:
        g = value.get("g", 0) if key.startswith(CLUSTER) else _mark_g(value)
        self._next_g = max(self._next_g, g + 1)
        t = value["l"] if key.startswith(CLUSTER) else value[1]
        self._watermark = t if self._watermark is None else max(self._watermark, t)
        heapq.heappush(self._heap, (t, key))
        if key.startswith(CLUSTER) and not value.get("mi"):
            self._sizes[value["n"]] += 1

    def _untrack(self, key: str, value: Any) -> None:
        if key.startswith(CLUSTER) and not value.get("mi"):
            self._sizes[value["n"]] -= 1
            if self._sizes[value["n"]] <= 0:
                del self._sizes[value["n"]]

    def _load(self, key: str) -> Any:
        """A private copy of a stored value (None when absent): safe to change."""
        raw = self.store.get(key)
        return None if raw is None else json.loads(raw)

    def _write(self, key: str, value: Any) -> None:
        if key.startswith(CLUSTER):
            value["g"] = self._g
        old = self._load(key)
        if old is not None:
            self._untrack(key, old)
        self.store[key] = json.dumps(value, separators=(",", ":"))
        if old is None or _time(key, old) != _time(key, value):
            self._track(key, value)
        elif key.startswith(CLUSTER) and not value.get("mi"):
            self._sizes[value["n"]] += 1  # same time: the heap entry is still valid

    def _evict(self) -> None:
        if self._watermark is None:
            return
        horizon = self._watermark - self._window
        while self._heap and self._heap[0][0] < horizon:
            t, key = heapq.heappop(self._heap)
            value = self._load(key)
            if value is None or _time(key, value) != t:
                continue  # stale entry: changed since
            self._untrack(key, value)
            del self.store[key]
            self.evicted_total += key.startswith(CLUSTER)

    # --- figures for metrics ----------------------------------------------------------

    @property
    def open_clusters(self) -> int:
        """Clusters inside the window that were not merged into another one."""
        return sum(self._sizes.values())

    @property
    def singletons(self) -> int:
        """Open clusters of one story."""
        return self._sizes.get(1, 0)

    @property
    def sizes(self) -> dict[int, int]:
        """Open clusters by story count."""
        return dict(self._sizes)

    # --- the records ------------------------------------------------------------------

    def record(self, cluster_id: str) -> StoryCluster | None:
        """The current record of a cluster still in the book."""
        rec = self._load(CLUSTER + cluster_id)
        return None if rec is None else summary.to_record(cluster_id, rec)

    def resolve(self, cluster_id: str) -> str:
        """The cluster that now holds ``cluster_id``'s stories (follows merges)."""
        for _ in range(MAX_CHAIN):
            rec = self._load(CLUSTER + cluster_id)
            if rec is None or not rec.get("mi"):
                return cluster_id
            cluster_id = rec["mi"]
        return cluster_id

    def apply(self, story: NormalizedStory, info: DedupInfo, t: float) -> list[StoryCluster]:
        """Count one dedup decision; return the records to publish, absorbed ones first.

        ``t``: the story's event time (POSIX seconds), the one the dedup stage used.
        A re-delivered story (same verdict, already counted) changes nothing and gets
        the current records again.
        """
        changed: dict[str, None] = {}  # cluster ids to publish, in order
        self._g = self._next_g
        target = self.resolve(info.cluster_id or story.story_id)
        for absorbed in dict.fromkeys(info.merged_from):
            if self._merge(absorbed, target, t):
                changed[absorbed] = None
        self._count(story, info, target, t)
        changed[target] = None
        self._evict()
        return [r for cid in changed if (r := self.record(cid)) is not None]

    def _merge(self, absorbed: str, target: str, t: float) -> bool:
        """Fold ``absorbed`` into ``target``; True when ``absorbed`` has a record to emit."""
        if absorbed == target:
            return False
        old = self._load(CLUSTER + absorbed)
        if old is None:
            return False  # never seen, or already out of the window
        if old.get("mi"):
            return True  # merged before (a re-delivery): its last record again
        survivor = self._load(CLUSTER + target) or summary.empty(old["f"])
        self._write(CLUSTER + target, summary.absorb(survivor, old, absorbed, t))
        old["mi"], old["u"] = target, t
        self._write(CLUSTER + absorbed, old)
        self.merges_total += 1
        return True

    def _counted(self, mark: list[Any]) -> bool:
        """The story of ``mark`` is in its cluster's counts (see the module docstring)."""
        rec = self._load(CLUSTER + self.resolve(mark[0]))
        return rec is None or rec.get("g", 0) >= _mark_g(mark)

    def _count(self, story: NormalizedStory, info: DedupInfo, target: str, t: float) -> None:
        sid = story.story_id
        seen = self._load(STORY + sid)
        if seen is not None and info.verdict == "update":
            held = self.resolve(seen[0])
            rec = self._load(CLUSTER + held)
            # as the dedup stage re-times it; the mark keeps its sequence number
            self._write(STORY + sid, [seen[0], t, "update", _mark_g(seen)])
            if rec is not None:
                new = summary.update_member(rec, story_id=sid, headline=story.headline, t=t)
                self._write(CLUSTER + held, new)
            return
        if seen is not None and self._counted(seen):
            return  # a re-delivery: counted already
        if seen is None:  # else: a mark whose count a crash lost, counted now
            self._write(STORY + sid, [target, t, info.verdict, self._g])
        rec = self._load(CLUSTER + target) or summary.empty(t)
        published = info.verdict in PUBLISHED_VERDICTS
        new = summary.add_member(
            rec,
            story_id=sid,
            source=story.source,
            headline=story.headline,
            verdict=info.verdict,
            duplicate_of=info.duplicate_of,
            names=story_names(story) if published else [],
            t=t,
        )
        self._write(CLUSTER + target, new)


def _mark_g(mark: list[Any]) -> int:
    """A story mark's sequence number (marks without one count as counted)."""
    return int(mark[3]) if len(mark) > 3 else -1


def _time(key: str, value: Any) -> float:
    """The time a stored value leaves the window by."""
    return float(value["l"] if key.startswith(CLUSTER) else value[1])
