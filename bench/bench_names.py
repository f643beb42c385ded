"""Benchmark of a cluster's names on real news: the dedup features' name phrases
(``story_phrases``) against the names shown on ``wire.clusters`` (``story_names``: twice
as many phrases found again in the lead and shown as written there,
``stream/core/clusters/display.py``), both compiled, and the Python reference of the
names for comparison.

    .venv/bin/python bench/bench_names.py            # ECB+ and PolNeAR from ../shared/eval

The synthetic stories of ``bench_clusters.py`` hold almost no multi-word names, so the
display step costs nothing there; this one times it on text nobody here wrote (the
stories normalized as the pipeline does, untimed). CPU time of this process, best of
``--repeat`` passes; the reference is ``story_phrases`` itself in the same run, so the
ratio ("names cost / phrases cost") carries from machine to machine. It also counts
how many of the names each gives are written so in the story (whole words, one line).
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as bench_dedup.py: idle BLAS threads

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from eval.cluster.data import ecbplus  # noqa: E402
from eval.cluster.names_parity import polnear  # noqa: E402
from schemas import NormalizedStory, RawStory  # noqa: E402
from stream.core.clusters import names  # noqa: E402
from stream.core.normalize import normalize  # noqa: E402
from stream.errors import EmptyStory  # noqa: E402


def stories() -> list[NormalizedStory]:
    out = []
    for payload in [it.payload for it in ecbplus()] + polnear():
        try:
            out.append(normalize(RawStory.model_validate_json(payload)))
        except EmptyStory:
            continue
    return out


def best_us(
    fn: Callable[[NormalizedStory], list[str]], batch: list[NormalizedStory], n: int
) -> float:
    """Best CPU time per story over ``n`` passes, in microseconds."""
    best = float("inf")
    for _ in range(n):
        started = time.process_time()
        for story in batch:
            fn(story)
        best = min(best, (time.process_time() - started) / len(batch) * 1e6)
    return best


def written_share(fn: Callable[[NormalizedStory], list[str]], batch: list[NormalizedStory]) -> str:
    """How many of the names ``fn`` gives occur as such in the story: whole words, on one
    line (the lead is cut at ``LEAD_CHARS``, so a word it splits would pass there)."""
    total = written = 0
    for story in batch:
        text = f"{story.headline or ''}\n{story.body}"
        for name in fn(story):
            total += 1
            found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None
            written += found and "\n" not in name
    return f"{written} of {total} names written so in the story ({written / max(1, total):.1%})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    batch = stories()
    phrases = best_us(names.story_phrases, batch, args.repeat)
    shown = best_us(names.story_names, batch, args.repeat)
    python = best_us(names.reference_story_names, batch, args.repeat)
    with_names = sum(bool(names.story_names(s)) for s in batch)
    print(f"{len(batch)} real stories ({with_names} with names), best of {args.repeat}:")
    print(f"  story_phrases (reference):  {phrases:7.1f} us per story")
    print(f"  story_names (shown):        {shown:7.1f} us per story, {shown / phrases:.2f}x")
    print(f"  reference_story_names (Py): {python:7.1f} us per story, {python / phrases:.2f}x")
    print(f"phrases: {written_share(names.story_phrases, batch)}")
    print(f"names:   {written_share(names.story_names, batch)}")


if __name__ == "__main__":
    main()
