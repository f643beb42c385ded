"""The non-linear model probe (eval/cluster/nonlinear.py): trees are plain comparisons
and sums, boosting fits a pattern no linear model can, and the clusterer is restored."""

from __future__ import annotations

import math

import numpy as np

from eval.cluster import nonlinear
from stream.core.dedup import events


def test_tree_goes_left_on_less_or_equal() -> None:
    tree = nonlinear.Tree([(0, 0.5), (1, 0.25), (1, 0.75)], [1.0, 2.0, 3.0, 4.0])
    assert tree(np.array([0.5, 0.25])) == 1.0
    assert tree(np.array([0.1, 0.3])) == 2.0
    assert tree(np.array([0.9, 0.75])) == 3.0
    assert tree(np.array([0.9, 0.8])) == 4.0


def test_boosted_trees_fit_an_interaction_the_linear_model_cannot() -> None:
    rng = np.random.default_rng(7)
    x = rng.random((2000, 2))
    y = ((x[:, 0] > 0.5) ^ (x[:, 1] > 0.5)).astype(float)  # xor: no linear separation
    sw = np.ones(len(x))
    boosted = nonlinear.gbt(depth=2, trees=30, rate=0.3, lam=1.0, min_h=1.0, bins=16)(x, y, sw)
    linear = nonlinear.linear(x, y, sw)

    def right(score: nonlinear.Scorer) -> float:
        return float(np.mean([(score(v) > 0) == bool(t) for v, t in zip(x, y, strict=True)]))

    assert right(boosted) > 0.95
    assert right(linear) < 0.7


def test_installed_scores_with_the_model_and_is_undone() -> None:
    before = (events.native_core, events.probability)
    x = np.zeros(len(events.FEATURES))
    x[0] = 0.5
    with nonlinear.installed():
        nonlinear.NLModel(scorer=lambda v: 2.0).install()
        assert events.native_core() is None
        assert events.probability(x) == 1.0 / (1.0 + math.exp(-2.0))
        assert events.probability(x, gap_hours=events.HALF_LIFE_HOURS) == 1.0 / (
            1.0 + math.exp(-(2.0 - math.log(2.0)))
        )
        x[0] = events.MIN_TERMS / 2  # no shared vocabulary: never one event
        assert events.probability(x) == 0.0
    assert (events.native_core, events.probability) == before


def test_trace_reports_joins_into_another_events_cluster(capsys) -> None:
    from eval.cluster.trace import _reporter

    event = {"a1": "A", "a2": "A", "b1": "B", "b2": "B"}
    feats = np.zeros((1, len(events.FEATURES)))
    last: dict = {}
    report = _reporter(0, event, last, dates=False)
    last["found"] = ((["c"], [0.8], [0], feats), np.zeros(0), {"c": (["a1", "a2"], None)})
    report("b1", "c")  # none of c's stories is b1's event: the twin's first story
    last["found"] = ((["c"], [0.9], [0], feats), np.zeros(0), {"c": (["a1", "a2", "b1"], None)})
    report("b2", "c")  # most of c is the other event: a follower
    last["found"] = ((["c"], [0.9], [0], feats), np.zeros(0), {"c": (["a1", "b1", "b2"], None)})
    report("b2", "c")  # most of c is b2's event: not reported
    report("a2", "new")  # no decision seen: not reported
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[2:5] for line in lines] == [["first", "b1", "->"], ["follow", "b2", "->"]]
    assert "size 2 wrong 2 p 0.80" in lines[0]
    assert "size 3 wrong 2 p 0.90" in lines[1]
