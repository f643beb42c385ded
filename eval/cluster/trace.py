"""Trace held-out wrong joins on ECB+ to the decision that made them.

    .venv/bin/python -m eval.cluster.trace                    # the shipped inputs, halves
    .venv/bin/python -m eval.cluster.trace date_apart --dates text --folds 3

Cross-validated by topic as ``eval.cluster.run`` does it (a model trained on the other
folds, each fold streamed alone), through the probe of ``eval.cluster.variants`` (so
its extra inputs and ``--dates`` work here too). Prints every join of a story into a
cluster most of whose members report another event: ``first`` when none of them
reports the story's event (the twin's first story meeting the other event's cluster),
else ``follow``; the cluster's size, the probability, the shipped inputs by name and the
calendar dates each side names (with ``--dates``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import numpy as np

from eval.cluster import variants as v
from eval.cluster.data import ecbplus
from eval.cluster.run import topic_number
from eval.cluster.stream import cluster, normalized
from eval.cluster.train import train
from stream.core.dedup import event_features as ef
from stream.core.dedup import events

SHOWN = ("terms", "names", "name_cover", "top_names", "their_top_names", "size")


def trace(extra: list[str], dates: str, folds: int) -> None:
    with v.installed(extra, dates=dates):
        items = ecbplus()
        scored = v.events.PyEventCore.candidates
        last: dict[str, tuple] = {}

        def spy(self: events.PyEventCore, profile: np.ndarray, *args: object) -> tuple:
            out = scored(self, profile, *args)
            mine = v._kind(ef.aggregate([profile]), v.KIND_DATE)[0] >> 3
            sides = {
                c: (list(self._members[c]), v._kind(self._aggregate_of(c), v.KIND_DATE)[0] >> 3)
                for c in out[0]
            }
            last["found"] = (out, mine, sides)
            return out

        event = {i.story_id: i.event for i in items}
        for k in range(folds):
            model = train([i for i in items if topic_number(i) % folds != k])
            held = [i for i in items if topic_number(i) % folds == k]
            v.events.PyEventCore.candidates = spy  # type: ignore[method-assign]
            try:
                report = _reporter(k, event, last, bool(dates))
                cluster(normalized(held)[0], model, on_story=report)
            finally:
                v.events.PyEventCore.candidates = scored  # type: ignore[method-assign]


def _reporter(fold: int, event: dict[str, str], last: dict, dates: bool) -> Callable:
    """Called with each story's final cluster, right after the decision ``last`` saw."""

    def on_story(sid: str, cid: str) -> None:
        found = last.pop("found", None)
        if found is None or cid not in found[0][0]:
            return
        (names, probs, _, feats), mine, sides = found
        j = names.index(cid)
        members, theirs = sides[cid]
        wrong = sum(event[m] != event[sid] for m in members)
        if 2 * wrong <= len(members):
            return
        x = dict(zip(events.FEATURES, feats[j].tolist(), strict=False))
        shown = " ".join(f"{n} {x[n]:.2f}" for n in SHOWN)
        kind = "first" if wrong == len(members) else "follow"
        print(
            f"fold {fold} {kind:6} {sid} -> {cid} size {len(members)} wrong {wrong} "
            f"p {probs[j]:.2f} {shown}"
            + (f" dates {mine.tolist()} vs {theirs.tolist()}" if dates else "")
        )

    return on_story


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="?", default="", help="comma-separated probe inputs")
    ap.add_argument("--dates", choices=("", "body", "text", "published"), default="")
    ap.add_argument("--folds", type=int, default=2)
    args = ap.parse_args()
    trace([n for n in args.inputs.split(",") if n], args.dates, args.folds)


if __name__ == "__main__":
    main()
