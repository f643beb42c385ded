"""Where one dedup decision's time goes: per-part CPU time of ``DedupStage.decide``.

    .venv/bin/python bench/dedup_parts.py --size 100000      # ~2 min fill, then 2 batches

The stage is filled with ``size`` benchmark stories (``bench_dedup.Corpus``), then
``--batches`` batches of 2,000 are decided with the stage's parts wrapped in timers
(thread CPU time, so other jobs on a shared machine do not count). Per story: each
part's inclusive and exclusive time (exclusive = minus the wrapped parts it calls) and
calls. Each wrapper costs ~1-2 us of timer calls, charged to its caller's exclusive
time: the total is above ``bench_dedup.py``'s uninstrumented rate, and the leaves
(compiled calls) are the figures to read.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_dedup import BATCH, Corpus  # noqa: E402

from stream.core.dedup import DedupStage, records  # noqa: E402
from stream.core.dedup import events as ev  # noqa: E402
from stream.core.dedup import index as idx  # noqa: E402
from stream.core.dedup import profile as prof  # noqa: E402
from stream.core.dedup import stage as stage_mod  # noqa: E402

PARTS: list[tuple[Any, str, str]] = [
    (stage_mod.DedupStage, "decide", "decide (total)"),
    (stage_mod, "fingerprint", "fingerprint (compiled) + Fingerprint"),
    (stage_mod, "event_time", "event_time"),
    (stage_mod.DedupStage, "_classify", "_classify"),
    (stage_mod.DedupStage, "_front", "_front (fast path: verdict + record)"),
    (stage_mod.DedupStage, "_track_front", "_track_front"),
    (stage_mod.DedupStage, "_near_match", "_near_match"),
    (idx.LshIndex, "near_candidates", "LSH query (band index)"),
    (ev.EventClusters, "neighbours", "event neighbours (ranking + MinHash filter)"),
    (prof, "build_fast", "event profile (build_fast)"),
    (stage_mod.DedupStage, "_event_match", "_event_match"),
    (ev.EventClusters, "assign", "events.assign"),
    (records, "record", "record (dict + two packed blobs)"),
    (stage_mod.DedupStage, "_track", "_track"),
    (ev.EventClusters, "add", "events.add (DF + event core)"),
    (idx.LshIndex, "add", "LSH insert"),
    (stage_mod.DedupStage, "_evict", "_evict"),
]


def wrap(acc: dict[str, list[int]], stack: list[int], owner: Any, name: str, label: str) -> None:
    """Replace ``owner.name`` by a timed call (inclusive, exclusive, count into acc)."""
    inner: Callable[..., Any] = getattr(owner, name)
    clock = time.thread_time_ns

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = clock()
        stack.append(0)
        try:
            return inner(*args, **kwargs)
        finally:
            spent = clock() - started
            children = stack.pop()
            if stack:
                stack[-1] += spent
            row = acc.setdefault(label, [0, 0, 0])
            row[0] += spent
            row[1] += spent - children
            row[2] += 1

    setattr(owner, name, timed)


class TimedCore:
    """The event core behind a Python object whose ``assign`` can be wrapped: the
    compiled core's attributes cannot be replaced, and wrapping ``EventClusters.
    candidates`` would turn off the one-call ``assign`` (it watches for that)."""

    def __init__(self, core: Any) -> None:
        self._core = core

    def __getattr__(self, name: str) -> Any:
        return getattr(self._core, name)

    def __len__(self) -> int:
        return len(self._core)


class TimedFastPath:
    """The compiled fast path behind a Python object whose calls can be wrapped."""

    def __init__(self, fast: Any) -> None:
        self._fast = fast

    def front(self, *args: Any) -> Any:
        return self._fast.front(*args)

    def pending(self) -> Any:
        return self._fast.pending()

    def commit(self, *args: Any) -> Any:
        return self._fast.commit(*args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--batches", type=int, default=2)
    args = parser.parse_args()
    corpus = Corpus()
    stage = DedupStage({}, len_check_every=None)
    for n in range(args.size):
        stage.decide(corpus.story(n))
    batches = [
        [corpus.story(args.size + b * BATCH + i) for i in range(BATCH)] for b in range(args.batches)
    ]
    acc: dict[str, list[int]] = {}
    stack: list[int] = []
    for owner, name, label in PARTS:
        wrap(acc, stack, owner, name, label)
    stage.events.core = TimedCore(stage.events.core)
    wrap(acc, stack, stage.events.core, "assign", "event core assign (12 clusters scored, rule)")
    if stage._fast is not None:  # the same core behind the wrapper: the fast path stays on
        stage._fast_core = stage.events.core
        stage._fast = TimedFastPath(stage._fast)
        for name, label in (
            ("front", "FastPath.front (fingerprint .. assign)"),
            ("pending", "FastPath.pending (arrays to Python)"),
            ("commit", "FastPath.commit (DF + event core + LSH add)"),
        ):
            wrap(acc, stack, stage._fast, name, label)
    for batch in batches:
        gc.collect()  # as bench_dedup.py: no full collection of the fill inside a batch
        started = time.process_time()
        for story in batch:
            stage.decide(story)
        spent = time.process_time() - started
        print(f"batch: {BATCH / spent:,.0f} stories/s instrumented ({spent / BATCH * 1e6:.0f} us)")
    stories = BATCH * args.batches
    print(f"{'part':46s} {'incl us':>8s} {'excl us':>8s} {'calls':>6s}  (per story)")
    for label, (incl, excl, calls) in sorted(acc.items(), key=lambda kv: -kv[1][0]):
        print(
            f"{label:46s} {incl / stories / 1e3:8.1f} {excl / stories / 1e3:8.1f} "
            f"{calls / stories:6.2f}"
        )


if __name__ == "__main__":
    main()
