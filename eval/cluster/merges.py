"""Measure a separately trained merge model (cluster vs cluster): ECB+ held out by topic.

    .venv/bin/python -m eval.cluster.merges ledger --p-join 0.7        # where pairs come from
    .venv/bin/python -m eval.cluster.merges model --p-join 0.7          # + a merge model
    .venv/bin/python -m eval.cluster.merges model --p-join 0.7 --folds 3
    .venv/bin/python -m eval.cluster.merges model --p-join 0.7 --seed 3 # random halves
    .venv/bin/python -m eval.cluster.merges model --p-cluster-merge 0.95 --crossfit
    .venv/bin/python -m eval.cluster.merges model --p-join 0.8 --p-merge 1.1 --trace

Today a merge reuses the join model: when a story joins a cluster, every other candidate
the story itself scores at ``P_MERGE`` (0.97) or more is merged into it. Here, after the
join, the joined cluster (with the story) is compared with each other candidate cluster
as two aggregates (both directions of the shipped inputs, sizes, the story's own odds for
the other cluster) by a second logistic model, trained on the cluster pairs met
on-policy in the training topics (the fold's join model at the same ``P_JOIN``; two
rounds, like the join model). A merge still happens only on a story's arrival, in
arrival order, and is recorded on that story's verdict (``merged_from``): single pass.

The join model of each fold is the shipped training (``eval.cluster.train.train`` on the
fold's training topics + eval/dedup), cached under ``$WIRESTREAM_MERGE_CACHE``
(/tmp/merge11-cache) since it does not depend on anything varied here. Scoring goes
through the Python reference core (``PyEventCore``); nothing shipped is changed.

``ledger`` splits the scored pairs of the held-out streams by the step that made them:
``join`` (a story into a cluster), ``merge`` (two clusters joined, any rule), ``copy``
(a duplicate verdict), true and false. Results (session merge11, not built):
docs/clusters-tried.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from eval.cluster import train as tr
from eval.cluster.data import Item, ecbplus, own
from eval.cluster.run import topic_number
from eval.cluster.stream import Model, _final, normalized, scores
from schemas import NormalizedStory
from stream.core import pipeline
from stream.core.dedup import DedupStage, events
from stream.core.dedup import event_features as ef

CACHE = Path(os.environ.get("WIRESTREAM_MERGE_CACHE", "/tmp/merge11-cache"))

TRACE: dict[str, str] = {}  # story -> event of the held-out stream (--trace)
TRACING = [False]

MERGE_INPUTS = (
    "terms",  # TF-IDF cosine of the two aggregates
    "names",  # names cosine
    "cover_min",  # name cover, the lower of the two directions
    "cover_max",
    "top_names_min",  # each side's TOP_NAMES heaviest names found in the other
    "top_names_max",
    "top_terms_min",  # each side's TOP_TERMS heaviest terms found in the other
    "top_terms_max",
    "lead_min",  # headline terms of each found in the other
    "figures",  # log(1 + shared figures)
    "quotes",  # log(1 + shared quote 4-grams)
    "year_shared",
    "year_apart",
    "size_min",  # log size of the smaller cluster
    "size_max",
    "story_odds",  # the story's own log-odds for the other cluster (join model), clipped
)


def merge_inputs(a: ef.Aggregate, b: ef.Aggregate, story_p: float) -> np.ndarray:
    """Cluster-vs-cluster inputs (symmetric in ``a``/``b`` except the story's odds)."""
    fa, fb = ef.features(a, b), ef.features(b, a)
    p = min(max(story_p, 1e-4), 1 - 1e-4)
    return np.array(
        [
            fa[0],
            fa[1],
            min(fa[2], fb[2]),
            max(fa[2], fb[2]),
            min(fa[9], fa[15]),
            max(fa[9], fa[15]),
            min(fa[8], fa[14]),
            max(fa[8], fa[14]),
            min(fa[3], fb[3]),
            fa[4],
            fa[10],
            fa[11],
            fa[12],
            math.log(min(a.members, b.members)),
            math.log(max(a.members, b.members)),
            math.log(p / (1 - p)),
        ]
    )


@dataclass
class Policy:
    """How the evaluated clusterer joins and merges."""

    p_join: float = 0.5
    p_merge: float = 0.97  # the shipped rule (story p to another cluster); > 1: off
    weights: tuple[float, ...] | None = None  # the merge model; None: no merge model
    bias: float = 0.0
    p_cluster_merge: float = 0.5
    gate: float = 0.0  # only candidates the story scores at this or more are compared
    labels: str = "majority"
    keep: tuple[int, ...] = tuple(range(len(MERGE_INPUTS)))  # the inputs the model reads
    l2: float = tr.L2
    collect: list | None = None  # (inputs, label, weight) of each compared pair: training
    event_of: dict[str, str] = field(default_factory=dict)

    def merge_p(self, x: np.ndarray) -> float:
        if x[0] < events.MIN_TERMS or self.weights is None:
            return 0.0
        z = self.bias + float(np.dot(self.weights, x[list(self.keep)]))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def _label(policy: Policy, a: list[str], b: list[str]) -> tuple[float, float]:
    ca = Counter(policy.event_of[k] for k in a)
    cb = Counter(policy.event_of[k] for k in b)
    if policy.labels == "fraction":
        same = sum(n * cb[e] for e, n in ca.items())
        return same / (len(a) * len(b)), float(len(a) * len(b))
    return float(ca.most_common(1)[0][0] == cb.most_common(1)[0][0]), float(len(a) * len(b))


def _assign(policy: Policy) -> Callable[..., tuple[str | None, float, list[str]]]:
    """``EventClusters.assign`` with the policy's join, merge rule and merge model."""

    def assign(
        self: events.EventClusters,
        key: str,
        profile: Any,
        t: float,
        exclude: Collection[str] = (),
    ) -> tuple[str | None, float, list[str]]:
        if self.teacher is not None:
            raise RuntimeError("merges: no teacher here")
        found = [c for c in self.candidates(profile, t) if c.cluster not in exclude]
        core = self.core
        rows = [(c.cluster, c.probability, core.oldest(c.cluster)) for c in found]
        survivor, p, merged = events.join_rule(rows, policy.p_join, policy.p_merge)
        if survivor is None or (policy.weights is None and policy.collect is None):
            return survivor, p, merged
        joined = found[0].cluster
        members = core._members[joined] + [key]
        agg = ef.aggregate([core._profiles[k] for k in core._members[joined]] + [profile])
        extra = []
        for c in found[1:]:
            if c.cluster in merged or c.probability < policy.gate:
                continue
            x = merge_inputs(agg, core._aggregate_of(c.cluster), c.probability)
            if policy.collect is not None:
                y, w = _label(policy, members, core._members[c.cluster])
                policy.collect.append((x, y, w))
            if policy.weights is not None and policy.merge_p(x) >= policy.p_cluster_merge:
                extra.append(c.cluster)
                if TRACE and TRACING[0]:
                    print(
                        "merge",
                        Counter(TRACE.get(k, "?") for k in members).most_common(3),
                        Counter(TRACE.get(k, "?") for k in core._members[c.cluster]).most_common(3),
                        f"p {policy.merge_p(x):.3f} story {c.probability:.3f}",
                        " ".join(f"{n}={v:.2f}" for n, v in zip(MERGE_INPUTS, x, strict=True)),
                    )
        if extra:
            groups = [joined, *merged, *extra]
            survivor = min((core.oldest(g), g) for g in groups)[1]
            merged = sorted(g for g in groups if g != survivor)
        return survivor, p, merged

    return assign


@contextmanager
def installed(policy: Policy) -> Iterator[None]:
    saved = (events.native_core, events.EventClusters.assign)
    events.native_core = lambda: None
    events.EventClusters.assign = _assign(policy)  # type: ignore[method-assign]
    try:
        yield
    finally:
        events.native_core, events.EventClusters.assign = saved  # type: ignore[method-assign]


def stream_ledger(
    stream: list[tuple[Item, NormalizedStory]], model: Model, policy: Policy
) -> tuple[list[str], Counter[str]]:
    """Cluster ``stream``; the final cluster of each story and the scored pairs by step."""
    scored = {i.story_id: i.event for i, _ in stream if i.scored}
    group: dict[str, list[str]] = {}  # cluster id (as recorded) -> scored stories
    alias: dict[str, str] = {}
    ledger: Counter[str] = Counter()

    def find(c: str) -> str:
        while c in alias:
            c = alias[c]
        return c

    def count(step: str, a: list[str], b: list[str]) -> None:
        for x in a:
            for y in b:
                ledger[f"{step} {'true' if scored[x] == scored[y] else 'false'}"] += 1

    saved = Model()
    model.install()
    got = []
    try:
        with installed(policy):
            stage = DedupStage({})
            for _, story in stream:
                info = pipeline.dedup(story, stage)[0]
                cid = info.cluster_id or ""
                target = find(cid)
                for m in info.merged_from or []:
                    g = find(m)
                    if g == target:
                        continue
                    count("merge", group.get(target, []), group.get(g, []))
                    group.setdefault(target, []).extend(group.pop(g, []))
                    alias[g] = target
                if story.story_id in scored:
                    step = "join" if info.verdict in ("same_story", "update") else "copy"
                    if info.verdict == "unique":
                        step = "new"
                    count(step, group.get(target, []), [story.story_id])
                    group.setdefault(target, []).append(story.story_id)
                got.append(cid)
    finally:
        saved.install()
    return [_final(stage, c) for c in got], ledger


def join_model(items: list[Item], tag: str) -> Model:
    """The shipped training on ``items`` (cached by ``tag``)."""
    path = CACHE / f"{tag}.json"
    if path.exists():
        d = json.loads(path.read_text())
        return Model(weights=tuple(d["weights"]), bias=d["bias"])
    model = tr.train(items)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"weights": model.weights, "bias": model.bias}))
    return model


def train_merges(
    items: list[Item], model: Model, base: Policy, rounds: int, crossfit: str | None = None
) -> Policy:
    """The merge model fitted on the cluster pairs met on-policy in ``items`` (+ ours).

    ``crossfit`` (a cache tag): the training topics are split in two, and each half is
    clustered by a join model trained on the other half (+ ours), so the merge model
    meets clusters as noisy as held-out ones (a join model clusters its own training
    topics better than new ones)."""
    if crossfit is None:
        streams = [(normalized(part)[0], model) for part in (items, own())]
    else:
        topics = sorted({topic_number(i) for i in items})
        half = {t: n % 2 for n, t in enumerate(topics)}
        streams = [(normalized(own())[0], model)]
        for k in range(2):
            inner = join_model([i for i in items if half[topic_number(i)] != k], f"{crossfit}-{k}")
            streams.append((normalized([i for i in items if half[topic_number(i)] == k])[0], inner))
    data: list = []
    policy = replace(base, weights=None, collect=data)
    for _ in range(rounds):
        for stream, m in streams:
            policy.event_of = {i.story_id: i.event for i, _ in stream}
            stream_ledger(stream, m, policy)
        x = np.array([d[0] for d in data]).reshape(-1, len(MERGE_INPUTS))[:, list(base.keep)]
        y = np.array([d[1] for d in data])
        w = np.array([d[2] for d in data])
        weights, bias = tr.fit(x, y, l2=base.l2, sample_weight=w)
        policy.weights = tuple(round(float(v), 3) for v in weights)
        policy.bias = round(bias, 3)
    return replace(base, weights=policy.weights, bias=policy.bias, collect=None)


def folds_of(items: list[Item], folds: int, seed: int | None) -> dict[int, int]:
    """Topic -> fold, as ``eval.cluster.nonlinear.cross_validated`` deals them."""
    fold_of = {t: t % folds for t in {topic_number(i) for i in items}}
    if seed is not None:
        order = np.random.default_rng(seed).permutation(sorted(fold_of))
        fold_of = {int(t): n % folds for n, t in enumerate(order)}
    return fold_of


def cross_validated(
    items: list[Item],
    folds: int,
    seed: int | None,
    base: Policy,
    merge_model: bool,
    rounds: int,
    crossfit: bool = False,
) -> dict:
    fold_of = folds_of(items, folds, seed)
    tp = pp = gp = 0
    ledger: Counter[str] = Counter()
    out = []
    for k in range(folds):
        train_items = [i for i in items if fold_of[topic_number(i)] != k]
        test = [i for i in items if fold_of[topic_number(i)] == k]
        tag = f"join-f{folds}-s{seed}-k{k}"
        model = join_model(train_items, tag)
        TRACE.clear()  # training streams are not traced
        policy = base
        if merge_model:
            policy = train_merges(train_items, model, base, rounds, tag if crossfit else None)
        if TRACING[0]:
            TRACE.update({i.story_id: i.event for i in items})
            print(f"--- fold {k} (held out)")
        stream, dead = normalized(test)
        pred, led = stream_ledger(stream, model, policy)
        res = scores([i for i, _ in stream] + dead, pred + [d.story_id for d in dead])
        ledger += led
        out.append((res, policy.weights, policy.bias))
        tp, pp, gp = tp + res["tp"], pp + res["pred_pairs"], gp + res["gold_pairs"]
    p, r = tp / pp, tp / gp
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r), "folds": out, "ledger": ledger}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=("ledger", "model"))
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--p-join", type=float, default=events.P_JOIN)
    ap.add_argument("--p-merge", type=float, default=events.P_MERGE, help="story rule; >1 off")
    ap.add_argument("--p-cluster-merge", type=float, default=0.5)
    ap.add_argument("--gate", type=float, default=0.0)
    ap.add_argument("--labels", choices=("majority", "fraction"), default="majority")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--inputs", default="", help="comma-separated MERGE_INPUTS (default all)")
    ap.add_argument("--l2", type=float, default=tr.L2)
    ap.add_argument("--crossfit", action="store_true", help="merge pairs from cross-fitted joins")
    ap.add_argument("--trace", action="store_true", help="print the held-out model merges")
    args = ap.parse_args()
    if args.trace:
        TRACING[0] = True
    names = [n for n in args.inputs.split(",") if n] or list(MERGE_INPUTS)
    base = Policy(
        p_join=args.p_join,
        p_merge=args.p_merge,
        p_cluster_merge=args.p_cluster_merge,
        gate=args.gate,
        labels=args.labels,
        keep=tuple(MERGE_INPUTS.index(n) for n in names),
        l2=args.l2,
    )
    cv = cross_validated(
        ecbplus(), args.folds, args.seed, base, args.mode == "model", args.rounds, args.crossfit
    )
    opts = vars(args)
    print(f"{opts}: P {cv['P']:.3f} R {cv['R']:.3f} F1 {cv['F1']:.3f}")
    for k, (res, w, b) in enumerate(cv["folds"]):
        print(f"  fold {k}: P {res['P']:.3f} R {res['R']:.3f} F1 {res['F1']:.3f} merge {w} {b}")
    print("  pairs by step:", dict(sorted(cv["ledger"].items())))


if __name__ == "__main__":
    main()
