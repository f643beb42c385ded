"""Thread-CPU microbenchmark of the dedup stage's compiled per-story calls.

    .venv/bin/python bench/dedup_micro.py                  # fingerprint + profile
    .venv/bin/python bench/dedup_micro.py --events 20000   # + the event core at 20k

A shared 2-core machine moves whole-stage rates by 10-30% from one run to the next;
the calls timed here are timed alone, on the same 2,000 bench stories, best of
``--repeat`` passes, so a change to one of them shows. Run two builds alternately (e.g.
``cd /work/main && .venv/bin/python <this file>``) to compare them.

* ``fingerprint_story``: the compiled fingerprint of each story (article lines, tokens,
  shingles, MinHash, facts, features, content and delivery hashes).
* ``profile build``: ``ProfileText.build`` of each story's article text against a 16 MB
  DF table of random counts (random reads, as the stage's table at 100k).
* with ``--events N``: a stage filled with N stories, then the event core's read-only
  ``neighbours`` (ranking + MinHash filter) and ``candidates`` (ranking + the ranked
  clusters scored) for 2,000 new stories' profiles.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path.cwd()
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_dedup import Corpus  # noqa: E402

from stream.core.dedup import DedupStage  # noqa: E402
from stream.core.dedup import events as ev  # noqa: E402
from stream.core.dedup import fingerprint as fpm  # noqa: E402
from stream.core.dedup import profile as prof  # noqa: E402
from stream.core.dedup.stage import event_time  # noqa: E402

STORIES = 2_000
FIRST = 50_000  # bench stories past any fill


def best_us(run: Callable[[], None], repeat: int) -> float:
    """Best thread-CPU time of ``run`` over ``repeat`` passes, per story (us)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.thread_time_ns()
        run()
        best = min(best, (time.thread_time_ns() - started) / STORIES / 1e3)
    return best


def text_calls(corpus: Corpus, repeat: int) -> dict[str, float]:
    fingerprinter, profiler = fpm.NATIVE, prof.NATIVE
    if fingerprinter is None or profiler is None:
        raise SystemExit("wirestream_native is not built")
    stories = [corpus.story(FIRST + i) for i in range(STORIES)]
    df = prof.DocFreq()
    df.counts[:] = np.random.default_rng(7).integers(0, 3000, df.counts.size, dtype=np.int32)
    df.docs = 100_000
    inputs = []
    for s in stories:
        parts, article, _ = fingerprinter.fingerprint_story(s.headline or "", s.body)
        inputs.append((s.headline, article, parts[4]))
    limits = (prof.VEC_TERMS, prof.NAME_TERMS, prof.MAX_DF_TERMS)

    def fingerprints() -> None:
        for s in stories:
            fingerprinter.fingerprint_story(s.headline or "", s.body)

    def profiles() -> None:
        for headline, article, salient in inputs:
            profiler.build(headline, article, salient, df.counts, df.docs, *limits)

    return {
        "fingerprint_story": best_us(fingerprints, repeat),
        "profile build": best_us(profiles, repeat),
    }


def event_calls(corpus: Corpus, size: int, repeat: int) -> dict[str, float]:
    stage = DedupStage({}, len_check_every=None)
    for n in range(size):
        stage.decide(corpus.story(n))
    core = stage.events.core
    queries = []
    for i in range(STORIES):
        s = corpus.story(size + i)
        fp = fpm.fingerprint(s)
        profile = prof.build_fast(s.headline, s.body, fp.event_set, stage.events.df, fp.article)
        queries.append((profile[0], event_time(s), fp.near))
    model = (tuple(ev.WEIGHTS), ev.BIAS, ev.MIN_TERMS, ev.HALF_LIFE_HOURS)

    def neighbours() -> None:
        for profile, _, near in queries:
            core.neighbours(profile, 3, 8, near, 0.15)

    def candidates() -> None:
        for profile, t, _ in queries:
            core.candidates(profile, t, *model)

    return {
        f"events neighbours ({size:,})": best_us(neighbours, repeat),
        f"events candidates ({size:,})": best_us(candidates, repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--events", type=int, default=0, help="stage size for the event core")
    args = parser.parse_args()
    corpus = Corpus()
    found = text_calls(corpus, args.repeat)
    if args.events:
        found.update(event_calls(corpus, args.events, args.repeat))
    print("  ".join(f"{name} {us:.1f} us" for name, us in found.items()))


if __name__ == "__main__":
    main()
