"""Same-event clustering: a story against each open cluster as a whole.

Single pass in arrival order. A cluster's aggregate is the sum of its members'
profiles (``profile.py``: TF-IDF terms, names, lead terms, figures, quote shingles,
integer weights). A story is compared with the aggregate of each candidate cluster; the
per-kind similarities go through a small logistic model (weights trained offline by
``eval/cluster/train.py`` on ECB+ and eval/dedup, shipped below as numbers) and the
odds halve every ``HALF_LIFE_HOURS`` of delivery-time gap since the cluster's newest
story. The story joins the most probable cluster at ``P_JOIN`` or above; every other
cluster at ``P_MERGE`` or above is merged into the oldest of them (the merge is
recorded on the story's record, so a rebuild replays it).

Candidates come from an inverted index (ident -> clusters) over each member's heaviest
terms and names; idents shared by more than ``MAX_POSTING`` clusters are skipped (they
say nothing about the event), so the work per story is bounded whatever the window.

All state here is derived from the store (``DedupStage`` feeds it records in arrival
order) and is rebuilt from it: document frequencies, profiles, aggregates, aliases.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from stream.core.dedup import profile as prof
from stream.core.dedup.event_features import (
    AGG_KEEP,
    FEATURES,
    TOP_NAMES,
    TOP_TERMS,
    Aggregate,
    Candidate,
    aggregate,
    features,
)
from stream.core.dedup.fingerprint import jaccard
from stream.core.dedup.profile import DocFreq

# --- the model (eval/cluster/train.py; docs/dedup.md "Event clusters") -------------
WEIGHTS = (
    0.114,
    3.266,
    3.708,
    0.842,
    0.93,
    0.173,
    -1.032,
    1.772,
    -0.358,
    0.348,
    0.479,
    0.763,
    -0.947,
    -2.26,
    0.075,
    2.09,
)
BIAS = -0.409
P_JOIN = 0.5
P_MERGE = 0.97
MIN_TERMS = 0.1
HALF_LIFE_HOURS = 24.0  # a prior, not fitted (ECB+ has no dates)

MAX_POSTING = 200  # clusters per ident beyond which the ident is not used to find candidates
MAX_CANDIDATES = 12
INDEX_PER_KIND = 8
QUERY_PER_KIND = 24
# A candidate shares at least this many indexed idents (one shared word is chance).
MIN_VOTES = 2

log = logging.getLogger(__name__)


Teacher = Callable[[str, list[Candidate]], str | None]


def probability(
    x: np.ndarray,
    gap_hours: float = 0.0,
    weights: tuple[float, ...] | None = None,
    bias: float | None = None,
) -> float:
    """The model's probability that the story reports the cluster's event.

    Zero without shared vocabulary (terms cosine under ``MIN_TERMS``): stories that
    share names but almost no words of what happened are not one event, whatever the
    other signals add up to. ``weights``/``bias``: the model's (default: the shipped).
    """
    if x[0] < MIN_TERMS:
        return 0.0
    w = WEIGHTS if weights is None else weights
    b = BIAS if bias is None else bias
    dot = 0.0
    for wi, xi in zip(w, x.tolist(), strict=True):
        dot += wi * xi  # sequential, unfused: the compiled core sums the same way
    z = b + dot - math.log(2.0) * max(0.0, gap_hours) / HALF_LIFE_HOURS
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


# (cluster ids, probabilities, oldest sequence numbers, features: one row per cluster)
Scored = tuple[list[str], list[float], list[int], np.ndarray]


class PyEventCore:
    """Clusters, members, aggregates and the candidate index, in Python.

    The reference for, and the fallback of, ``wirestream_native.EventCore`` (same
    methods, same values: ``tests/unit/dedup/test_events.py`` runs both). Cluster ids
    are the caller's; aliases (merged clusters) are resolved by the caller.
    """

    def __init__(self) -> None:
        self._profiles: dict[str, np.ndarray] = {}  # story -> profile
        self._nears: dict[str, np.ndarray] = {}  # story -> near-duplicate MinHash
        self._cluster_of: dict[str, str] = {}  # story -> its cluster
        self._members: dict[str, list[str]] = {}  # cluster -> stories
        self._newest: dict[str, float] = {}  # cluster -> newest member's time
        self._oldest: dict[str, int] = {}  # cluster -> smallest member seq
        self._cache: dict[str, Aggregate] = {}
        self._postings: dict[int, dict[str, int]] = {}
        self._ranked_for: tuple[np.ndarray, list[str]] | None = None

    def __len__(self) -> int:
        return len(self._members)

    @property
    def nbytes(self) -> int:
        """Compiled storage only (this one is Python: tracemalloc sees it)."""
        return 0

    def add(
        self, key: str, cluster: str, seq: int, t: float, profile: np.ndarray, near: np.ndarray
    ) -> None:
        """Track one story in ``cluster`` (a story already tracked is discarded first);
        ``near``: its near-duplicate MinHash."""
        self.discard(key)
        self._profiles[key] = profile
        self._nears[key] = near
        self._cluster_of[key] = cluster
        self._members.setdefault(cluster, []).append(key)
        self._newest[cluster] = max(t, self._newest.get(cluster, t))
        self._oldest[cluster] = min(seq, self._oldest.get(cluster, seq))
        self._cache.pop(cluster, None)
        self._ranked_for = None
        for ident in prof.index_terms(profile, INDEX_PER_KIND):
            post = self._postings.setdefault(ident, {})
            post[cluster] = post.get(cluster, 0) + 1

    def discard(self, key: str) -> bool:
        """Forget one story; False if it was not tracked."""
        profile = self._profiles.pop(key, None)
        if profile is None:
            return False
        del self._nears[key]
        self._ranked_for = None
        cluster = self._cluster_of.pop(key)
        members = self._members[cluster]
        members.remove(key)
        self._cache.pop(cluster, None)
        if not members:
            del self._members[cluster], self._newest[cluster], self._oldest[cluster]
        for ident in prof.index_terms(profile, INDEX_PER_KIND):
            post = self._postings[ident]
            post[cluster] -= 1
            if not post[cluster]:
                del post[cluster]
                if not post:
                    del self._postings[ident]
        return True

    def merge(self, absorbed: str, survivor: str) -> None:
        """Move every story of ``absorbed`` into ``survivor``."""
        if absorbed == survivor:
            return
        self._ranked_for = None
        moved = self._members.pop(absorbed, [])
        if not moved:
            return
        self._members.setdefault(survivor, []).extend(moved)
        for key in moved:
            self._cluster_of[key] = survivor
            for ident in prof.index_terms(self._profiles[key], INDEX_PER_KIND):
                post = self._postings[ident]
                post[absorbed] -= 1
                if not post[absorbed]:
                    del post[absorbed]
                post[survivor] = post.get(survivor, 0) + 1
        self._newest[survivor] = max(self._newest.pop(absorbed), self._newest.get(survivor, 0.0))
        self._oldest[survivor] = min(
            self._oldest.pop(absorbed), self._oldest.get(survivor, 1 << 62)
        )
        self._cache.pop(absorbed, None)
        self._cache.pop(survivor, None)

    def oldest(self, cluster: str) -> int | None:
        return self._oldest.get(cluster)

    def members(self, cluster: str) -> list[str]:
        return list(self._members.get(cluster, []))

    def _aggregate_of(self, cluster: str) -> Aggregate:
        """The cluster's aggregate; cached for clusters of 2+ (a singleton's is cheap)."""
        agg = self._cache.get(cluster)
        if agg is None:
            members = self._members[cluster]
            agg = aggregate([self._profiles[k] for k in members])
            if len(members) > 1:
                self._cache[cluster] = agg
        return agg

    def _ranked(self, profile: np.ndarray) -> list[str]:
        """Up to MAX_CANDIDATES clusters sharing the most indexed idents with the
        story's ``QUERY_PER_KIND`` heaviest terms and names (memoised per decision)."""
        if self._ranked_for is not None and np.array_equal(self._ranked_for[0], profile):
            return self._ranked_for[1]
        votes: dict[str, int] = {}
        for ident in prof.index_terms(profile, QUERY_PER_KIND):
            post = self._postings.get(ident)
            if post is None or len(post) > MAX_POSTING:
                continue
            for cluster, n in post.items():
                votes[cluster] = votes.get(cluster, 0) + n
        found = [c for c, n in votes.items() if n >= MIN_VOTES]
        ranked = sorted(found, key=lambda c: (-votes[c], self._oldest[c]))[:MAX_CANDIDATES]
        self._ranked_for = (profile, ranked)
        return ranked

    def neighbours(
        self,
        profile: np.ndarray,
        clusters: int,
        per_cluster: int,
        near: np.ndarray,
        min_jaccard: float,
    ) -> list[str]:
        out: list[str] = []
        for cluster in self._ranked(profile)[:clusters]:
            for key in self._members[cluster][-per_cluster:]:
                if jaccard(self._nears[key], near) >= min_jaccard:
                    out.append(key)
        return out

    def candidates(
        self,
        profile: np.ndarray,
        t: float,
        weights: tuple[float, ...],
        bias: float,
        min_terms: float,
        half_life_hours: float,
    ) -> Scored:
        """Scored candidate clusters, most probable first (ties: oldest cluster)."""
        assert (min_terms, half_life_hours) == (MIN_TERMS, HALF_LIFE_HOURS)
        story = aggregate([profile])
        rows = []
        for cluster in self._ranked(profile):
            gap = (t - self._newest[cluster]) / 3600.0
            x = features(story, self._aggregate_of(cluster))
            rows.append((probability(x, gap, weights, bias), self._oldest[cluster], cluster, x))
        rows.sort(key=lambda r: (-r[0], r[1]))
        feats = np.array([r[3] for r in rows]).reshape(len(rows), len(FEATURES))
        return [r[2] for r in rows], [r[0] for r in rows], [r[1] for r in rows], feats

    def assign(
        self,
        profile: np.ndarray,
        t: float,
        weights: tuple[float, ...],
        bias: float,
        min_terms: float,
        half_life_hours: float,
        p_join: float,
        p_merge: float,
        exclude: tuple[str, ...],
    ) -> tuple[str | None, float, list[str]]:
        """``(cluster or None, probability, clusters merged into it)``: the join and merge
        rule on ``candidates`` minus ``exclude`` (the compiled core does it in one call)."""
        names, probs, oldest, _ = self.candidates(
            profile, t, weights, bias, min_terms, half_life_hours
        )
        rows = zip(names, probs, oldest, strict=True)
        return join_rule([row for row in rows if row[0] not in exclude], p_join, p_merge)


def join_rule(
    found: list[tuple[str, float, int]], p_join: float, p_merge: float
) -> tuple[str | None, float, list[str]]:
    """The story joins the most probable cluster at ``p_join`` or more; clusters at
    ``p_merge`` or more besides it are merged into the oldest of them. ``found``:
    ``(cluster, probability, oldest seq)``, most probable first."""
    if not found or found[0][1] < p_join:
        return None, found[0][1] if found else 0.0, []
    joined = [found[0]] + [row for row in found[1:] if row[1] >= p_merge]
    survivor = min((o, c) for c, _, o in joined)[1]
    merged = sorted(c for c, _, _ in joined if c != survivor)
    return survivor, found[0][1], merged


def native_core() -> type | None:
    """``wirestream_native.EventCore`` if the compiled module is installed."""
    try:
        from wirestream_native import EventCore
    except ImportError:
        return None
    if not hasattr(EventCore, "assign"):  # a build older than this source: stay correct
        log.warning("wirestream_native is older than the source (make install): events in Python")
        return None
    return EventCore


def new_core(backend: type | None = None) -> Any:
    """The clusterer's core: compiled when built (``backend`` overrides), else Python."""
    factory = backend or native_core()
    if factory is None or factory is PyEventCore:
        return PyEventCore()
    return factory(
        index_per_kind=INDEX_PER_KIND,
        query_per_kind=QUERY_PER_KIND,
        max_posting=MAX_POSTING,
        max_candidates=MAX_CANDIDATES,
        min_votes=MIN_VOTES,
        agg_keep=[int(k) for k in AGG_KEEP],
        top_terms=TOP_TERMS,
        top_names=TOP_NAMES,
    )


class EventClusters:
    """Open clusters of the window, their aliases and the document frequencies."""

    def __init__(self, backend: type | None = None) -> None:
        self.df = DocFreq()
        self.core = new_core(backend)
        self.alias: dict[str, str] = {}  # absorbed cluster -> survivor
        self.teacher: Teacher | None = None  # training only: picks the cluster instead
        self.merges_total = 0

    def __len__(self) -> int:
        return len(self.core)

    def resolve(self, cluster: str) -> str:
        return self.alias.get(cluster, cluster)

    # --- state --------------------------------------------------------------------

    def add(
        self,
        key: str,
        cluster: str,
        seq: int,
        t: float,
        profile: np.ndarray,
        df_ids: np.ndarray,
        merged: list[str],
        near: np.ndarray,
    ) -> None:
        """Track one published story (``cluster`` as recorded; ``merged`` absorbed;
        ``near``: its near-duplicate MinHash, for ``neighbours``)."""
        self.merge_recorded(cluster, merged)
        self.df.add(df_ids)
        self.core.add(key, self.resolve(cluster), seq, t, profile, near)

    def merge_recorded(self, cluster: str, merged: list[str]) -> None:
        """The merges a story's record names (``merged`` into ``cluster``), first step
        of ``add``."""
        for absorbed in merged:
            self._merge(self.resolve(absorbed), self.resolve(cluster))

    def one_call(self) -> bool:
        """``assign`` goes to the core in one call (no teacher; ``candidates`` and
        ``assign`` not replaced or watched: the fast path runs neither)."""
        cls = type(self)
        return self.teacher is None and cls.candidates is _CANDIDATES and cls.assign is _ASSIGN

    def discard(self, key: str, df_ids: np.ndarray) -> None:
        """Forget one story; ``df_ids``: what it added to the DF (read from its record)."""
        if self.core.discard(key):
            self.df.add(df_ids, -1)

    def forget_alias(self, cluster: str) -> None:
        """No record names ``cluster`` any more: its alias can go."""
        self.alias.pop(cluster, None)

    def _merge(self, absorbed: str, survivor: str) -> None:
        if absorbed == survivor:
            return
        self.merges_total += 1
        for old, new in list(self.alias.items()):
            if new == absorbed:
                self.alias[old] = survivor
        self.alias[absorbed] = survivor
        self.core.merge(absorbed, survivor)

    # --- the verdict ----------------------------------------------------------------

    def neighbours(
        self,
        profile: np.ndarray,
        clusters: int,
        per_cluster: int,
        near: np.ndarray,
        min_jaccard: float,
    ) -> list[str]:
        """The newest stories of the ``clusters`` best-ranked clusters whose estimated
        Jaccard with ``near`` is ``min_jaccard`` or more: candidates for the containment
        test that word-shingle LSH misses (a short brief of a long story has a low
        Jaccard, so it rarely shares a band). The estimate is taken here, in compiled
        code, rather than by decoding each neighbour's record."""
        return self.core.neighbours(profile, clusters, per_cluster, near, min_jaccard)

    def candidates(self, profile: np.ndarray, t: float) -> list[Candidate]:
        """Scored candidate clusters, most probable first (ties: oldest cluster)."""
        names, probs, _, feats = self.core.candidates(
            profile, t, tuple(WEIGHTS), BIAS, MIN_TERMS, HALF_LIFE_HOURS
        )
        return [Candidate(c, feats[i], probs[i]) for i, c in enumerate(names)]

    def assign(
        self, key: str, profile: np.ndarray, t: float, exclude: tuple[str, ...] = ()
    ) -> tuple[str | None, float, list[str]]:
        """``(cluster or None, probability, clusters to merge into it)`` for a new story;
        ``exclude``: clusters known to be another event (a template's other subject).
        One call into the core; with a teacher, or while ``candidates`` is watched (the
        trainer, eval/cluster/train.py, replaces it), through ``candidates``."""
        if isinstance(exclude, str):  # a bare id would test substrings in Python
            raise TypeError("exclude: a tuple of cluster ids, not one string")
        exclude = tuple(exclude)  # the compiled core takes a sequence, the reference any
        if self.one_call():
            return self.core.assign(
                profile,
                t,
                tuple(WEIGHTS),
                BIAS,
                MIN_TERMS,
                HALF_LIFE_HOURS,
                P_JOIN,
                P_MERGE,
                exclude,
            )
        found = [c for c in self.candidates(profile, t) if c.cluster not in exclude]
        if self.teacher is not None:
            return self.teacher(key, found), 0.0, []
        rows = [(c.cluster, c.probability, self.core.oldest(c.cluster)) for c in found]
        return join_rule(rows, P_JOIN, P_MERGE)


_CANDIDATES = EventClusters.candidates
_ASSIGN = EventClusters.assign
