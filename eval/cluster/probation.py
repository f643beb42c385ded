"""Probe, not shipped: members that joined on weak evidence stay out of the aggregate.

    .venv/bin/python -m eval.cluster.probation 0.6            # odd/even halves
    .venv/bin/python -m eval.cluster.probation 0.6 --folds 3

Most of ECB+'s false pairs come from "follow" joins (``eval.cluster.trace``): once the
newer event's first story has joined its twin's cluster, its names and words are in the
cluster's aggregate and the newer event's later stories follow it in. Here a story that
joined with a probability under ``PROB`` is a member (its verdict, its pairs) but not
part of the aggregate later stories are compared with; a cluster's founder, a copy and a
teacher-forced member always are, and a cluster of only such members keeps them all. The
model is trained and scored exactly as ``eval.cluster.run``'s cross-validation does, with
the stage's Python reference core patched (nothing shipped changes; the patches are
undone on exit). Results: docs/clusters-tried.md.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eval.cluster.data import ecbplus
from eval.cluster.run import cross_validated
from stream.core.dedup import events
from stream.core.dedup.event_features import Aggregate, aggregate


@contextmanager
def installed(prob: float) -> Iterator[None]:
    """The Python reference core with members under ``prob`` out of the aggregates."""
    core = events.PyEventCore
    saved = (events.native_core, core.assign, core.add, core._aggregate_of)
    assign, add = core.assign, core.add
    last: list[float | None] = [None]  # the probability of the join just decided
    joined_at: dict[str, float] = {}  # story -> the probability it joined with

    def assign_p(self: events.PyEventCore, *args: Any) -> tuple[str | None, float, list[str]]:
        out = assign(self, *args)
        last[0] = out[1] if out[0] is not None else None
        return out

    def add_p(self: events.PyEventCore, key: str, *args: Any) -> None:
        p, last[0] = last[0], None
        if p is None:
            joined_at.pop(key, None)
        else:
            joined_at[key] = p
        add(self, key, *args)

    def aggregate_of(self: events.PyEventCore, cluster: str) -> Aggregate:
        agg = self._cache.get(cluster)
        if agg is None:
            members = self._members[cluster]
            kept = [k for k in members if joined_at.get(k, 1.0) >= prob] or members
            agg = aggregate([self._profiles[k] for k in kept])
            if len(members) > 1:
                self._cache[cluster] = agg
        return agg

    events.native_core = lambda: None
    core.assign, core.add, core._aggregate_of = assign_p, add_p, aggregate_of  # type: ignore[method-assign]
    try:
        yield
    finally:
        events.native_core, core.assign, core.add, core._aggregate_of = saved  # type: ignore[method-assign]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("prob", type=float, help="a member under this join probability is left out")
    ap.add_argument("--folds", type=int, default=2, help="CV folds by topic (default 2)")
    args = ap.parse_args()
    with installed(args.prob):
        cv = cross_validated(ecbplus(), args.folds)
    scores = " ".join(f"{k} {cv[k]:.3f}" for k in ("P", "R", "F1"))
    print(f"probation {args.prob}, {args.folds} folds: {scores}")


if __name__ == "__main__":
    main()
