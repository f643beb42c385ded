"""The "no unrelated merges" check: story pairs put in one cluster that share no name
and almost no vocabulary (issue 10: such a merge is a bug, whatever the labels say).

Every pair of published stories in one final cluster (copies are left out: they are
their original's text) is compared by their own profiles, not by the cluster: no
name ident in common and a TF-IDF terms cosine under ``events.MIN_TERMS``. A cluster
can hold such a pair legitimately (a short excerpt and a long follow-up, joined through
other stories), so the check reports them with their gold labels rather than failing.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import numpy as np

from eval.cluster.data import Item
from schemas import NormalizedStory
from stream.core.dedup import DedupStage, events, records
from stream.core.dedup import profile as prof


def unrelated_pairs(
    stream: list[tuple[Item, NormalizedStory]], predicted: list[str], stage: DedupStage
) -> tuple[int, int, int]:
    """``(pairs checked, unrelated pairs, unrelated pairs of one gold event)``."""
    groups: dict[str, list[tuple[str, np.ndarray]]] = defaultdict(list)
    event: dict[str, str] = {}
    for (item, story), cluster in zip(stream, predicted, strict=True):
        rec = stage.store.get(story.story_id)
        if rec is None or "k" not in rec:
            continue
        groups[cluster].append((story.story_id, records.event_profile(rec)[0]))
        event[story.story_id] = item.event
    checked = unrelated = same = 0
    for members in groups.values():
        for (a, pa), (b, pb) in combinations(members, 2):
            checked += 1
            if _unrelated(pa, pb):
                unrelated += 1
                same += event[a] == event[b]
    return checked, unrelated, same


def _unrelated(a: np.ndarray, b: np.ndarray) -> bool:
    """No name ident in common and a terms cosine under ``MIN_TERMS``: the pair a
    cluster should never be the only thing joining."""
    ia, ib = prof.split(a)[0], prof.split(b)[0]
    names = np.intersect1d(ia[(ia & 7) == prof.KIND_NAME], ib[(ib & 7) == prof.KIND_NAME])
    if names.size:
        return False
    terms = events.features(events.aggregate([a]), events.aggregate([b]))[0]
    return bool(terms < events.MIN_TERMS)
