"""Measure non-linear event models over the shipped 16 inputs: ECB+ held out by topic.

    .venv/bin/python -m eval.cluster.nonlinear linear               # the shipped model's fit
    .venv/bin/python -m eval.cluster.nonlinear gbt --depth 2 --trees 40
    .venv/bin/python -m eval.cluster.nonlinear residual --trees 20  # logistic + trees
    .venv/bin/python -m eval.cluster.nonlinear hinge --knots 0.25,0.5,0.75
    .venv/bin/python -m eval.cluster.nonlinear gbt --folds 3
    .venv/bin/python -m eval.cluster.nonlinear linear --labels fraction
    .venv/bin/python -m eval.cluster.nonlinear linear --seed 3     # random halves of topics

Each model is trained exactly as ``eval.cluster.train`` trains the shipped one
(teacher-forced pairs, then two rounds of on-policy pairs, every pair weighted by its
cluster's size, on the training topics plus eval/dedup) and scored on the held-out
topics streamed alone, through the stage's Python reference core (``PyEventCore``) with
its ``probability`` replaced by the candidate model's log-odds (the time decay and the
no-shared-vocabulary rule kept). Nothing here changes the shipped clusterer: the patches
are undone on exit.

Every model ships as a few numbers and is exact to evaluate in any language: a tree is
(input, threshold) comparisons ``x <= t`` and a sum of leaf values in a fixed order; a
hinge input is ``max(0, x - knot)``.
"""

from __future__ import annotations

import argparse
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from eval.cluster import train as tr
from eval.cluster.data import Item, ecbplus, own
from eval.cluster.run import evaluate, topic_number
from eval.cluster.stream import Model, cluster, normalized
from stream.core.dedup import events

Scorer = Callable[[np.ndarray], float]  # inputs -> log-odds (before the time decay)
Fitter = Callable[[np.ndarray, np.ndarray, np.ndarray], Scorer]
_CURRENT: list[Scorer] = []
_SHIPPED = events.probability


@dataclass
class NLModel(Model):
    """A ``Model`` whose probability is ``scorer``'s (installed for the stream's run)."""

    scorer: Scorer | None = field(default=None)

    def install(self) -> None:
        super().install()
        if self.scorer is not None:
            _CURRENT[:] = [self.scorer]


def _probability(
    x: np.ndarray,
    gap_hours: float = 0.0,
    weights: tuple[float, ...] | None = None,
    bias: float | None = None,
) -> float:
    if not _CURRENT:  # teacher-forced pairs: the probability is not read
        return _SHIPPED(x, gap_hours, weights, bias)
    if x[0] < events.MIN_TERMS:
        return 0.0
    z = _CURRENT[0](x) - math.log(2.0) * max(0.0, gap_hours) / events.HALF_LIFE_HOURS
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@contextmanager
def installed() -> Iterator[None]:
    saved = (events.native_core, events.probability)
    events.native_core = lambda: None
    events.probability = _probability
    try:
        yield
    finally:
        events.native_core, events.probability = saved
        _CURRENT.clear()


# --- fitters -----------------------------------------------------------------------


def linear(x: np.ndarray, y: np.ndarray, sw: np.ndarray) -> Scorer:
    """The shipped fit (weights rounded to 3 decimals as shipped)."""
    w, b = tr.fit(x, y, sample_weight=sw)
    w, b = np.round(w, 3), round(b, 3)

    def score(v: np.ndarray) -> float:
        dot = 0.0
        for wi, xi in zip(w.tolist(), v.tolist(), strict=True):
            dot += wi * xi
        return b + dot

    return score


@dataclass
class Tree:
    """A complete binary tree: ``nodes[i] = (input, threshold)`` in breadth-first order,
    ``leaves`` left to right; ``x[input] <= threshold`` goes left."""

    nodes: list[tuple[int, float]]
    leaves: list[float]

    def __call__(self, v: np.ndarray) -> float:
        i = 0
        while i < len(self.nodes):
            f, t = self.nodes[i]
            i = 2 * i + (1 if v[f] <= t else 2)
        return self.leaves[i - len(self.nodes)]


def _cuts(x: np.ndarray, bins: int) -> list[np.ndarray]:
    """Candidate thresholds per input: rounded quantile midpoints (few, shippable)."""
    out = []
    for j in range(x.shape[1]):
        q = np.unique(np.round(np.quantile(x[:, j], np.linspace(0, 1, bins + 1)[1:-1]), 4))
        out.append(q)
    return out


def _grow(
    x: np.ndarray,
    g: np.ndarray,
    h: np.ndarray,
    rows: np.ndarray,
    depth: int,
    cuts: list[np.ndarray],
    lam: float,
    min_h: float,
    features: list[int],
) -> tuple[list[tuple[int, float]], list[np.ndarray]]:
    """Nodes (breadth-first) and the rows of each leaf of one depth-``depth`` tree.
    A node with no useful split sends everything left (threshold +inf)."""
    level = [rows]
    nodes: list[tuple[int, float]] = []
    for _ in range(depth):
        nxt = []
        for r in level:
            best = (0.0, 0, math.inf)
            gs, hs = g[r].sum(), h[r].sum()
            base = gs * gs / (hs + lam)
            for j in features:
                xj = x[r, j]
                for t in cuts[j]:
                    left = xj <= t
                    hl = h[r][left].sum()
                    hr = hs - hl
                    if hl < min_h or hr < min_h:
                        continue
                    gl = g[r][left].sum()
                    gr = gs - gl
                    gain = gl * gl / (hl + lam) + gr * gr / (hr + lam) - base
                    if gain > best[0]:
                        best = (gain, j, float(t))
            _, j, t = best
            nodes.append((j, t))
            left = x[r, j] <= t
            nxt += [r[left], r[~left]]
        level = nxt
    return nodes, level


def gbt(
    depth: int,
    trees: int,
    rate: float,
    lam: float,
    min_h: float,
    bins: int,
    base: Fitter | None = None,
    features: list[int] | None = None,
) -> Fitter:
    """Newton-boosted trees on the weighted log-loss; starting from ``base``'s log-odds
    (a logistic model: the trees then correct it) or from a constant."""

    def fit(x: np.ndarray, y: np.ndarray, sw: np.ndarray) -> Scorer:
        start = base(x, y, sw) if base is not None else None
        if start is not None:
            z = np.array([start(v) for v in x])
            const = 0.0
        else:
            p0 = float((sw * y).sum() / sw.sum())
            const = round(math.log(p0 / (1 - p0)), 4)
            z = np.full(len(x), const)
        norm = sw / sw.mean()
        cuts = _cuts(x, bins)
        feats = features if features is not None else list(range(x.shape[1]))
        ensemble: list[Tree] = []
        rows = np.arange(len(x))
        for _ in range(trees):
            p = 1.0 / (1.0 + np.exp(-z))
            g, h = norm * (p - y), norm * p * (1 - p)
            nodes, leaves = _grow(x, g, h, rows, depth, cuts, lam, min_h, feats)
            values = [round(-rate * g[r].sum() / (h[r].sum() + lam), 4) for r in leaves]
            tree = Tree(nodes, values)
            ensemble.append(tree)
            for r, v in zip(leaves, values, strict=True):
                z[r] += v

        def score(v: np.ndarray) -> float:
            s = start(v) if start is not None else const
            for t in ensemble:
                s += t(v)
            return s

        score.ensemble = ensemble  # type: ignore[attr-defined]
        return score

    return fit


def hinge(knots: list[float], inputs: list[int]) -> Fitter:
    """The logistic model over the inputs plus ``max(0, x_i - k)`` for each of
    ``inputs`` and ``knots``: a piecewise-linear response per input."""

    def expand(x: np.ndarray) -> np.ndarray:
        cols = [x] + [np.maximum(0.0, x[:, [i]] - k) for i in inputs for k in knots]
        return np.hstack(cols)

    def fit(x: np.ndarray, y: np.ndarray, sw: np.ndarray) -> Scorer:
        inner = linear(expand(x), y, sw)
        return lambda v: inner(expand(v[None, :])[0])

    return fit


# --- training as eval.cluster.train does it ------------------------------------------


def fraction_pairs(stream: list, model: Model) -> tuple[np.ndarray, np.ndarray]:
    """``train.on_policy_pairs`` with each candidate labelled by the share of its stories
    so far that report the story's event (not by the majority's event): with the size
    weight, a join into a mixed cluster of n stories, k of its event, then costs the
    log-loss of k true and n - k false pairs, what the pairwise figures count."""
    event_of = {item.story_id: item.event for item, _ in stream}
    members: dict[str, Counter[str]] = defaultdict(Counter)
    xs: list[np.ndarray] = []
    ys: list[float] = []
    original = events.EventClusters.candidates
    current = [""]

    def spy(self: events.EventClusters, profile: np.ndarray, t: float) -> list:
        found = original(self, profile, t)
        for cand in found:
            votes: Counter[str] = Counter()
            for cid, n in members.items():
                if self.resolve(cid) == cand.cluster:
                    votes.update(n)
            xs.append(cand.features)
            total = sum(votes.values())
            ys.append(votes[event_of[current[0]]] / total if total else 0.0)
        return found

    def record(sid: str, cid: str) -> None:
        members[cid][event_of[sid]] += 1

    events.EventClusters.candidates = spy  # type: ignore[method-assign]
    try:
        cluster(tr._Announcing(stream, current), model, on_story=record)
    finally:
        events.EventClusters.candidates = original  # type: ignore[method-assign]
    return np.array(xs).reshape(-1, len(events.FEATURES)), np.array(ys)


def train(items: list[Item], fitter: Fitter, labels: str = "majority") -> NLModel:
    streams = [normalized(part)[0] for part in (items, own())]
    policy = fraction_pairs if labels == "fraction" else tr.on_policy_pairs
    xs, ys = [], []
    for stream in streams:
        x, y = tr.pairs(stream)
        xs.append(x)
        ys.append(y)
    for _ in range(tr.ROUNDS):
        x, y = np.vstack(xs), np.concatenate(ys)
        model = NLModel(scorer=fitter(x, y, tr.pair_weights(x)))
        for stream in streams:
            x, y = policy(stream, model)
            xs.append(x)
            ys.append(y)
    x, y = np.vstack(xs), np.concatenate(ys)
    return NLModel(scorer=fitter(x, y, tr.pair_weights(x)))


def cross_validated(
    items: list[Item], fitter: Fitter, folds: int, labels: str, seed: int | None = None
) -> dict:
    """As ``eval.cluster.run.cross_validated`` (fold = topic number mod ``folds``); with
    ``seed``, topics dealt into ``folds`` equal folds in a seeded random order instead
    (many splits show how much one split's figure owes to its cascades)."""
    fold_of = {t: t % folds for t in {topic_number(i) for i in items}}
    if seed is not None:
        order = np.random.default_rng(seed).permutation(sorted(fold_of))
        fold_of = {int(t): n % folds for n, t in enumerate(order)}
    tp = pp = gp = 0
    halves = []
    for k in range(folds):
        model = train([i for i in items if fold_of[topic_number(i)] != k], fitter, labels)
        res, _ = evaluate([i for i in items if fold_of[topic_number(i)] == k], model)
        halves.append(res)
        tp, pp, gp = tp + res["tp"], pp + res["pred_pairs"], gp + res["gold_pairs"]
    p, r = tp / pp, tp / gp
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r), "halves": halves}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kind", choices=("linear", "gbt", "residual", "hinge"))
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--depth", type=int, default=2)
    ap.add_argument("--trees", type=int, default=40)
    ap.add_argument("--rate", type=float, default=0.2)
    ap.add_argument("--lam", type=float, default=1.0)
    ap.add_argument("--min-h", type=float, default=5.0, help="least hessian per leaf")
    ap.add_argument("--bins", type=int, default=16)
    ap.add_argument("--inputs", default="", help="comma-separated input indices (trees/hinges)")
    ap.add_argument("--knots", default="0.25,0.5,0.75")
    ap.add_argument("--labels", choices=("majority", "fraction"), default="majority")
    ap.add_argument("--seed", type=int, help="random folds of topics (default: number mod)")
    args = ap.parse_args()
    inputs = [int(i) for i in args.inputs.split(",") if i] or None
    if args.kind == "linear":
        fitter: Fitter = linear
    elif args.kind == "hinge":
        fitter = hinge([float(k) for k in args.knots.split(",")], inputs or [1, 2, 15])
    else:
        base = linear if args.kind == "residual" else None
        fitter = gbt(
            args.depth, args.trees, args.rate, args.lam, args.min_h, args.bins, base, inputs
        )
    with installed():
        cv = cross_validated(ecbplus(), fitter, args.folds, args.labels, args.seed)
    print(f"{vars(args)}: P {cv['P']:.3f} R {cv['R']:.3f} F1 {cv['F1']:.3f}")
    for k, res in enumerate(cv["halves"]):
        print(f"  fold {k}: P {res['P']:.3f} R {res['R']:.3f} F1 {res['F1']:.3f}")


if __name__ == "__main__":
    main()
