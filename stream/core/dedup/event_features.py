"""The event model's inputs: a cluster's aggregate profile and the features of one
(story, cluster) pair. Kept apart from ``events.py`` (the model, the clusterer and its
core) so each stays small; ``events`` re-exports these names. The compiled core
(``native/src/events/score.rs``) computes the same values and is tested equal to them."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from stream.core.dedup import profile as prof
from stream.core.dedup.profile import KINDS

# --- the model's inputs (eval/cluster/train.py; docs/dedup.md "Event clusters") ----
FEATURES = (
    "terms",  # TF-IDF cosine, story vs the cluster's summed terms
    "names",  # IDF-weighted cosine of names
    "name_cover",  # share of the story's name weight found in the cluster
    "lead",  # share of the story's headline terms found in the cluster
    "figures",  # log(1 + shared figures)
    "figure_cover",  # share of the story's figures found in the cluster
    "figure_miss",  # log(1 + the story's figures not in the cluster), if it has figures
    "terms_x_names",  # sqrt(terms * names): what happened AND who, together
    "top_terms",  # share of the story's TOP_TERMS heaviest terms found in the cluster
    "top_names",  # share of the story's TOP_NAMES heaviest names (its subject) found there
    "quotes",  # log(1 + shared quote 4-grams)
    "year_shared",  # both mention a year, and one in common
    "year_apart",  # both mention years, none in common
    "size",  # log(cluster size)
    "their_top_terms",  # share of the cluster's TOP_TERMS heaviest terms the story has
    "their_top_names",  # share of the cluster's TOP_NAMES heaviest names the story has
)
# Idents kept per kind in a cluster aggregate: terms, names, lead, figures, quotes, years.
AGG_KEEP = np.array([80, 32, 32, 32, 64, 8, 0, 0])
TOP_TERMS = 8
TOP_NAMES = 3


@dataclass(slots=True)
class Aggregate:
    """Sum of the members' profiles (idents sorted, integer weights, per-kind norms)."""

    idents: np.ndarray
    weights: np.ndarray
    norms: np.ndarray  # sum of squared weights per kind
    members: int


@dataclass(slots=True)
class Candidate:
    cluster: str
    features: np.ndarray
    probability: float


def aggregate(profiles: list[np.ndarray]) -> Aggregate:
    """Sum of the members' profiles, each kind cut to its heaviest ``AGG_KEEP`` idents
    (ties: smaller ident), so a big cluster's vector stays as focused as a story's."""
    idents, weights = prof.split(np.concatenate(profiles))
    uniq, inverse = np.unique(idents, return_inverse=True)
    summed = np.bincount(inverse, weights=weights).astype(np.int64)
    if len(profiles) > 1:
        order = np.lexsort((uniq, -summed, uniq & 7))  # by kind, heaviest first
        kinds = uniq[order] & 7
        rank = np.arange(order.size) - np.searchsorted(kinds, kinds)
        keep = np.sort(order[rank < AGG_KEEP[kinds]])
        uniq, summed = uniq[keep], summed[keep]
    norms = np.bincount(uniq & 7, weights=summed.astype(np.float64) ** 2, minlength=KINDS)
    return Aggregate(uniq, summed, norms, len(profiles))


def features(story: Aggregate, cluster: Aggregate) -> np.ndarray:
    """The model's inputs for one (story, cluster) pair."""
    common, i_s, i_c = np.intersect1d(
        story.idents, cluster.idents, assume_unique=True, return_indices=True
    )
    kinds = common & 7
    dot = np.bincount(kinds, weights=(story.weights[i_s] * cluster.weights[i_c]), minlength=KINDS)
    shared = np.bincount(kinds, minlength=KINDS)
    mine = np.bincount(story.idents & 7, minlength=KINDS)
    theirs = np.bincount(cluster.idents & 7, minlength=KINDS)
    name_w = story.weights[(story.idents & 7) == prof.KIND_NAME].sum()
    name_shared = story.weights[i_s][kinds == prof.KIND_NAME].sum()
    years = mine[prof.KIND_YEAR] > 0 and theirs[prof.KIND_YEAR] > 0
    x = np.array(
        [
            prof.cosine(dot[0], story.norms[0], cluster.norms[0]),
            prof.cosine(dot[1], story.norms[1], cluster.norms[1]),
            name_shared / name_w if name_w else 0.0,
            _share(shared, mine, prof.KIND_LEAD),
            math.log1p(shared[prof.KIND_NUM]),
            _share(shared, mine, prof.KIND_NUM),
            math.log1p(mine[prof.KIND_NUM] - shared[prof.KIND_NUM])
            if theirs[prof.KIND_NUM]
            else 0.0,
            0.0,
            0.0,
            0.0,
            math.log1p(shared[prof.KIND_QUOTE]),
            float(years and shared[prof.KIND_YEAR] > 0),
            float(years and shared[prof.KIND_YEAR] == 0),
            math.log(cluster.members),
            0.0,
            0.0,
        ]
    )
    x[7] = math.sqrt(x[0] * x[1])
    x[8] = _top_share(story, i_s, kinds, prof.KIND_TERM, TOP_TERMS)
    x[9] = _top_share(story, i_s, kinds, prof.KIND_NAME, TOP_NAMES)
    x[14] = _top_share(cluster, i_c, kinds, prof.KIND_TERM, TOP_TERMS)
    x[15] = _top_share(cluster, i_c, kinds, prof.KIND_NAME, TOP_NAMES)
    return x


def _top_share(story: Aggregate, i_s: np.ndarray, kinds: np.ndarray, kind: int, n: int) -> float:
    """Share of the story's ``n`` heaviest idents of ``kind`` that the cluster has too."""
    mine = np.flatnonzero((story.idents & 7) == kind)
    if mine.size == 0:
        return 0.0
    top = mine[np.lexsort((story.idents[mine], -story.weights[mine]))[:n]]
    return float(np.isin(top, i_s[kinds == kind]).sum() / top.size)


def _share(shared: np.ndarray, mine: np.ndarray, kind: int) -> float:
    return float(shared[kind] / mine[kind]) if mine[kind] else 0.0
