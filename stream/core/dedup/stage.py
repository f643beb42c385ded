"""The dedup stage: exact and near duplicates, updates, and same-event clusters.

State lives in ``store`` (a dict offline, a changelog-backed faust Table in the worker),
one compact JSON record per story_id (see ``records.py``). Everything in memory (the LSH
indexes, the exact-content map, the eviction heap, cluster counts) is derived from the
store and rebuilt from it, so a worker that recovers its Table after a crash decides
exactly as before. The store is written only inside ``decide``.

Order of tests, cheapest and most certain first:

1. same story_id, same version      -> the stored verdict again (idempotent, no write)
2. same story_id, new version       -> ``update``, keeps its cluster
3. same normalized article text     -> ``exact_duplicate`` of the earliest such story
4. near-identical shingles          -> ``near_duplicate``, unless a fact changed, then
                                       ``same_story`` (a new death toll is news)
5. shared names / figures / quotes  -> ``same_story`` in the matched story's cluster
6. otherwise                        -> ``unique``, a new cluster named after the story

A new story with no exact or near candidate (most stories) goes through steps 3-6 in
two compiled calls (``_front``, ``wirestream_native.FastPath``); every other story, and
every story when any part runs in Python, takes the methods below, the reference.
"""

from __future__ import annotations

import heapq
import time
from collections import Counter
from collections.abc import MutableMapping
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from schemas import DedupInfo, NormalizedStory
from stream.core.dedup import events as ev
from stream.core.dedup import fingerprint as fpr
from stream.core.dedup import profile as prof
from stream.core.dedup import records
from stream.core.dedup.events import EventClusters
from stream.core.dedup.fingerprint import Fingerprint, delivery_hash, fingerprint, jaccard
from stream.core.dedup.index import LshIndex
from stream.settings import DEDUP_WINDOW_HOURS

# Near-duplicate verification (chosen on eval/dedup, see docs/dedup.md).
NEAR_MIN_JACCARD = 0.30  # estimated shingle Jaccard (copies >= 0.48 on the eval set)
NEAR_MIN_CONTAINMENT = 0.65  # shared shingles / shorter version (copies >= 0.74, others <= 0.55)
# A copy wholly inside a longer story (a brief of it; a copy with captions and a tag
# added) has a low Jaccard however long either is: under NEAR_MIN_JACCARD it is still
# a copy when the shorter version is this contained and the Jaccard estimate is clear
# of MinHash noise (48 permutations: sd 0.05 at 0.15).
CONTAINED_MIN_JACCARD = 0.15
CONTAINED_MIN_CONTAINMENT = 0.8
# Containment candidates besides LSH: newest stories of the best event clusters.
CONTAINED_CLUSTERS = 3
CONTAINED_PER_CLUSTER = 8
# Facts: 1+ conflicting fact = news (same_story). Most facts conflicting = another story
# filled into the same template (earnings, results): not a copy at all.
TEMPLATE_MIN_CONFLICTS = 3
TEMPLATE_MIN_CONFLICT_SHARE = 0.5
MIN_SHINGLES = 8  # shorter texts only get exact matching: their MinHash is too coarse
# How often decide() compares len(store) with what the index knows (a lazy rebuild
# trigger). The first call always checks, and any record read with an unseen sequence
# number triggers a rebuild at once. None: the first call only; the worker's store, a
# faust Table on RocksDB, counts its keys by walking them all, and the worker rebuilds
# on every Table recovery anyway.
LEN_CHECK_EVERY = 1000
# A published_at this far past received_at is a feed error; trust received_at instead.
MAX_CLOCK_SKEW = timedelta(hours=6)
_MAX_CLOCK_SKEW_S = MAX_CLOCK_SKEW.total_seconds()


class DedupStage:
    """Decides a story's verdict against the stories seen before it.

    ``store`` is any mutable mapping of JSON-able values: a dict offline and in unit
    tests, a faust Table (changelog-backed) in the worker. Only ``get``, ``[]=``,
    ``del``, ``in``, ``len`` and ``items`` are used on it.
    """

    def __init__(
        self,
        store: MutableMapping[str, Any],
        *,
        window_hours: float = DEDUP_WINDOW_HOURS,
        len_check_every: int | None = LEN_CHECK_EVERY,
    ) -> None:
        self.store = store
        self.window_hours = window_hours
        self._len_check_every = None if len_check_every is None else max(1, len_check_every)
        self._decided = 0
        self._window = window_hours * 3600.0
        self.last_similarity: float | None = None
        self._story: NormalizedStory | None = None
        self._pending: tuple[np.ndarray, np.ndarray] | None = None
        self._templates: set[str] = set()  # clusters of template-filled near matches
        self.evicted_total = 0
        self.rebuilt_total = 0
        self._reset()

    # --- read-only figures for metrics ------------------------------------------------

    @property
    def index_size(self) -> int:
        """Stories in the LSH index (published stories inside the window)."""
        return len(self._index)

    @property
    def index_bytes(self) -> int:
        """Bytes held by the band index (compiled code: invisible to tracemalloc)."""
        return self._index.nbytes

    @property
    def open_clusters(self) -> int:
        """Event clusters with at least one story inside the window."""
        return len(self._clusters)

    @property
    def stored(self) -> int:
        """Records in the store (published stories and suppressed copies)."""
        return self._tracked

    @property
    def watermark(self) -> float | None:
        """Newest event time seen (POSIX seconds); the window ends here."""
        return self._watermark

    # --- state ----------------------------------------------------------------------

    def _reset(self) -> None:
        self._index = LshIndex()
        self.events = EventClusters()
        # content hash -> root story_id (its cluster is read from the store on a hit: a
        # story's cluster never changes, and a tuple per story costs 56 B more).
        self._exact: dict[str, str] = {}
        self._clusters: Counter[str] = Counter()
        self._heap: list[tuple[float, int, str]] = []  # (event time, seq, story_id)
        self._watermark: float | None = None
        self._next_seq = 0
        self._tracked = 0
        self._fast = fast_path(self._index, self.events)
        self._fast_core = self.events.core

    def rebuild(self) -> None:
        """Re-derive the in-memory indexes from the store (after a restart/recovery).

        Records are replayed in arrival order (``q``), so "earliest" means the same
        before and after a rebuild. Called lazily by ``decide`` when the store holds
        records the index has not seen; reads only, never writes the store.
        """
        self._reset()
        items = sorted(self.store.items(), key=lambda kv: kv[1]["q"])
        for key, rec in items:
            self._track(key, rec)
        self.rebuilt_total += 1

    def _track(
        self,
        key: str,
        rec: dict[str, Any],
        fp: Fingerprint | None = None,
        profile: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        """Add one stored record to the derived state.

        ``fp``/``profile``: the fingerprint and event profile the record was just written
        from (saves decoding them); None when replaying the store.
        """
        self._count(key, rec)
        t = rec["t"]
        near = None
        if records.indexed(rec):
            near = fp.near if fp is not None else records.near_values(rec)
        if "k" in rec and near is not None:
            vec, df_ids = profile if profile is not None else records.event_profile(rec)
            self.events.add(key, rec["c"], rec["q"], t, vec, df_ids, rec.get("j", []), near)
        self._register_exact(key, rec)
        if near is not None:
            self._index.add(key, rec["q"], near)

    def _count(self, key: str, rec: dict[str, Any]) -> None:
        """The bookkeeping every tracked record adds: sequence, watermark, eviction
        heap, cluster sizes."""
        self._tracked += 1
        self._next_seq = max(self._next_seq, rec["q"] + 1)
        t = rec["t"]
        self._watermark = t if self._watermark is None else max(self._watermark, t)
        heapq.heappush(self._heap, (t, rec["q"], key))
        self._clusters[rec["c"]] += 1

    def _register_exact(self, key: str, rec: dict[str, Any]) -> None:
        """A copy registers its content under its original; lookups check the original
        is still stored, so live eviction and a rebuild agree."""
        current = self._exact.get(rec["x"]) if rec["x"] else None
        if rec["x"] and (current is None or current not in self.store):
            self._exact[rec["x"]] = rec.get("d") or key

    def _untrack(self, key: str, rec: dict[str, Any]) -> None:
        """Remove one record from the derived state (its heap entry goes stale)."""
        self._tracked -= 1
        self._clusters[rec["c"]] -= 1
        if self._clusters[rec["c"]] <= 0:
            del self._clusters[rec["c"]]
            self.events.forget_alias(rec["c"])
        if "k" in rec:
            self.events.discard(key, records.event_profile(rec)[1])
        if rec["x"] and self._exact.get(rec["x"]) == key:
            del self._exact[rec["x"]]
        self._index.discard(key)

    def _evict(self) -> None:
        """Forget stories older than the window, relative to the newest event time."""
        if self._watermark is None:
            return
        horizon = self._watermark - self._window
        while self._heap and self._heap[0][0] < horizon:
            t, seq, key = heapq.heappop(self._heap)
            rec = self.store.get(key)
            if rec is None or rec["q"] != seq or rec["t"] != t:
                continue  # stale entry: the story was updated since
            self._untrack(key, rec)
            del self.store[key]
            self.evicted_total += 1

    # --- the verdict ----------------------------------------------------------------

    def decide(self, story: NormalizedStory) -> DedupInfo:
        """The verdict for ``story``; records it in the store (unless a re-delivery)."""
        if self._len_check_due() and len(self.store) != self._tracked:
            self.rebuild()
        self._decided += 1
        sid = story.story_id
        prev = self.store.get(sid)
        if prev is not None and prev["q"] >= self._next_seq:
            self.rebuild()  # the store holds records written behind this stage's back
        if prev is not None and prev["y"] == delivery_hash(story):
            info = records.info(prev)
            self.last_similarity = info.similarity
            return info

        t = event_time(story)
        self._templates.clear()
        fp = None
        if prev is None and self._fast is not None and self.events.core is self._fast_core:
            fp = self._front(sid, story, t)
            if isinstance(fp, DedupInfo):
                return fp
        if fp is None:
            fp, self._pending = fingerprint(story), None
        self._story = story
        if prev is not None:
            info = self._update(sid, prev, fp)
            seq = prev["q"]
            self._untrack(sid, prev)
        else:
            info = self._classify(sid, fp, t)
            seq = self._next_seq
        indexed = info.verdict in ("unique", "same_story", "update") and fp.shingles > 0
        profile = self._profile(fp) if indexed else None
        rec = records.record(info, fp, t=t, seq=seq, indexed=indexed, profile=profile)
        self._story = self._pending = None
        self.store[sid] = rec
        self._track(sid, rec, fp, profile)
        self._evict()
        self.last_similarity = info.similarity
        return info

    def _front(self, sid: str, story: NormalizedStory, t: float) -> DedupInfo | Fingerprint | None:
        """A new story through the compiled fast path (``wirestream_native.FastPath``):
        its verdict, recorded, when no exact or near-duplicate candidate needs the store
        read (``unique`` or the clusterer's ``same_story``: ``_classify``'s last two
        steps); else its fingerprint, with the profile left in ``_pending``, for the
        Python path; None if the compiled code declined the text or the fast path is off
        for this stage (a teacher, a watched or replaced clusterer)."""
        if not self.events.one_call():
            return None
        fast = self._fast
        events = self.events
        front = fast.front(
            story.headline or "",
            story.body,
            t,
            max(events.df.docs, prof.MIN_DOCS),
            self._exact,
            ev.WEIGHTS,
            (ev.BIAS, ev.MIN_TERMS, ev.HALF_LIFE_HOURS, ev.P_JOIN, ev.P_MERGE),
        )
        if front is None:
            return None
        content_hash, delivery, shingles, resolved = front
        if resolved is None:
            near, facts, event_set, article, self._pending = fast.pending()
            return Fingerprint(content_hash, delivery, near, shingles, facts, event_set, article)
        (cluster, p, merged), b, k = resolved
        if cluster is None:
            info = DedupInfo(verdict="unique", cluster_id=sid)
        else:
            info = DedupInfo(
                verdict="same_story", cluster_id=cluster, similarity=round(p, 4), merged_from=merged
            )
        rec = records.packed_record(
            info,
            t=t,
            seq=self._next_seq,
            content_hash=content_hash,
            delivery_hash=delivery,
            shingles=shingles,
            blobs=(b, k),
        )
        self.store[sid] = rec
        self._track_front(sid, rec)
        self._evict()
        self.last_similarity = info.similarity
        return info

    def _track_front(self, key: str, rec: dict[str, Any]) -> None:
        """``_track`` of a record ``_front`` wrote (a new story; the compiled fast path
        holds its arrays)."""
        self._count(key, rec)
        seq, t, cluster = rec["q"], rec["t"], rec["c"]
        if "b" in rec:
            events = self.events
            if "j" in rec:
                events.merge_recorded(cluster, rec["j"])
            events.df.docs += 1
            if key in self._index:
                self._index.discard(key)
            self._index.adopt(key, self._fast.commit(key, events.resolve(cluster), seq, t))
        self._register_exact(key, rec)

    def _len_check_due(self) -> bool:
        if self._len_check_every is None:
            return self._decided == 0
        return self._decided % self._len_check_every == 0

    def _update(self, sid: str, prev: dict[str, Any], fp: Fingerprint) -> DedupInfo:
        similarity = None
        if records.indexed(prev):
            similarity = round(jaccard(fp.near, records.near_values(prev)), 4)
        cluster = self.events.resolve(prev["c"])
        return DedupInfo(verdict="update", cluster_id=cluster, similarity=similarity)

    def _classify(self, sid: str, fp: Fingerprint, t: float) -> DedupInfo:
        if fp.shingles > 0:
            hit = self._exact.get(fp.content_hash)
            root_rec = None if hit is None else self.store.get(hit)
            if hit is not None and root_rec is None:
                del self._exact[fp.content_hash]  # its original left the window
            if hit is not None and root_rec is not None:
                return DedupInfo(
                    verdict="exact_duplicate",
                    cluster_id=self.events.resolve(root_rec["c"]),
                    duplicate_of=hit,
                    similarity=1.0,
                )
        if fp.shingles >= MIN_SHINGLES:
            near = self._near_match(fp)
            if near is not None:
                return near
        event = self._event_match(sid, fp, t)
        if event is not None:
            return event
        return DedupInfo(verdict="unique", cluster_id=sid)

    def _near_match(self, fp: Fingerprint) -> DedupInfo | None:
        """Best verified near-identical candidate, judged by its facts."""
        best: tuple[float, int, str, dict[str, Any], int] | None = None
        keys = self._index.near_candidates(fp.near)
        # Neighbours under CONTAINED_MIN_JACCARD would be skipped below: left out there.
        extra = self.events.neighbours(
            self._profile(fp)[0],
            CONTAINED_CLUSTERS,
            CONTAINED_PER_CLUSTER,
            fp.near,
            CONTAINED_MIN_JACCARD,
        )
        for key in dict.fromkeys([*keys, *extra]):
            rec = self.store.get(key)
            if rec is None or not records.indexed(rec):
                continue
            estimate, conflicting, shared_ctx = records.near_check(
                rec, fp.near, fp.facts, CONTAINED_MIN_JACCARD
            )
            if estimate < CONTAINED_MIN_JACCARD:
                continue
            shared = estimate * (fp.shingles + rec["n"]) / (1.0 + estimate)
            containment = shared / max(1, min(fp.shingles, rec["n"]))
            if _template(conflicting, shared_ctx):
                # Same wording, most shared facts different: the template of another
                # story (earnings, results). Another event: not for the event test either.
                self._templates.add(self.events.resolve(rec["c"]))
                continue
            if containment < NEAR_MIN_CONTAINMENT:
                continue
            if estimate < NEAR_MIN_JACCARD and containment < CONTAINED_MIN_CONTAINMENT:
                continue
            rank = (estimate, -rec["q"])
            if best is None or rank > (best[0], -best[1]):
                best = (estimate, rec["q"], key, rec, conflicting)
        if best is None:
            return None
        estimate, _, key, rec, conflicting = best
        similarity = round(estimate, 4)
        cluster = self.events.resolve(rec["c"])
        if conflicting:
            return DedupInfo(verdict="same_story", cluster_id=cluster, similarity=similarity)
        return DedupInfo(
            verdict="near_duplicate",
            cluster_id=cluster,
            duplicate_of=rec.get("d") or key,
            similarity=similarity,
        )

    def _event_match(self, sid: str, fp: Fingerprint, t: float) -> DedupInfo | None:
        """The clusterer's choice (``events.py``); merges ride on ``merged_from``."""
        exclude = tuple(sorted(self._templates))
        cluster, p, merged = self.events.assign(sid, self._profile(fp)[0], t, exclude)
        if cluster is None:
            return None
        return DedupInfo(
            verdict="same_story", cluster_id=cluster, similarity=round(p, 4), merged_from=merged
        )

    def _profile(self, fp: Fingerprint) -> tuple[np.ndarray, np.ndarray]:
        """The story's event profile, built once per decision (DF as of its arrival)."""
        if self._pending is None:
            story = self._story
            self._pending = prof.build_fast(
                story.headline, story.body, fp.event_set, self.events.df, fp.article
            )
        return self._pending


def fast_path(index: LshIndex, events: EventClusters) -> Any | None:
    """The compiled fast path over ``index``'s and ``events``' compiled parts, or None
    when any part is Python (the stage then takes the Python path for every story)."""
    try:
        from wirestream_native import BandIndex, EventCore, FastPath
    except ImportError:
        return None
    if fpr.NATIVE is None or prof.NATIVE is None or not records.packs_natively():
        return None
    if type(index.backend) is not BandIndex or type(events.core) is not EventCore:
        return None
    return FastPath(
        fpr.NATIVE,
        prof.NATIVE,
        index.backend,
        events.core,
        events.df.counts,
        (MIN_SHINGLES, CONTAINED_CLUSTERS, CONTAINED_PER_CLUSTER, CONTAINED_MIN_JACCARD),
        (prof.VEC_TERMS, prof.NAME_TERMS, prof.MAX_DF_TERMS),
    )


def _template(conflicting: int, shared: int) -> bool:
    """Most facts both versions state in the same words differ (``facts.conflicts``):
    another story filled into the same template (TEMPLATE_MIN_CONFLICTS+, and
    TEMPLATE_MIN_CONFLICT_SHARE)."""
    return conflicting >= TEMPLATE_MIN_CONFLICTS and conflicting >= (
        TEMPLATE_MIN_CONFLICT_SHARE * shared
    )


def event_time(story: NormalizedStory) -> float:
    """When the wire delivered the story (received_at), else its own date, else now.

    The window needs one clock. ``published_at`` is read from the text: missing in some
    stories, a bare date in others, and months old in a replayed archive. Mixing it with
    delivery times let one undated story push the watermark past every dated story and
    evict them all. A time more than MAX_CLOCK_SKEW in the future is a wrong clock, not
    news from the future: it is clamped to now so it cannot evict the index either.
    (POSIX seconds; naive datetimes are UTC.)
    """
    when = _aware(story.received_at) or _aware(story.published_at)
    if when is not None:
        stamp = when.timestamp()
        # A second clear of the clamp (same clock): min() below would return ``when``.
        if stamp < time.time() + _MAX_CLOCK_SKEW_S - 1.0:
            return stamp
    now = datetime.now(UTC)
    return min(when or now, now + MAX_CLOCK_SKEW).timestamp()


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)
