"""Benchmark of the cluster book (wire.clusters) beside the dedup stage it follows.

    .venv/bin/python bench/bench_clusters.py                 # 10k and 100k stories
    .venv/bin/python bench/bench_clusters.py --sizes 10000   # quicker
    .venv/bin/python bench/bench_clusters.py --python-names  # story names in Python

The same synthetic stories as ``bench_dedup.py`` (~500 words, names and figures, 5%
exact and 5% trimmed copies), each with one of 50 outlets, go through ``DedupStage``
and then ``ClusterBook.apply``, as the dedup agent runs them. At each size a batch of
2,000 stories is timed in CPU time of this process (``time.process_time``; the machine
is shared), the book and the dedup stage separately: the reference measured in the
same run is the dedup stage itself, so the ratio ("book cost / dedup cost") carries
from machine to machine. Memory: the deep size of the book's store (a plain dict)
divided by the stories it counts.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as bench_dedup.py: idle BLAS threads

import argparse
import gc
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench.bench_dedup
    sys.path.insert(0, str(ROOT))

from bench.bench_dedup import BATCH, Corpus, deep_size  # noqa: E402
from schemas import NormalizedStory  # noqa: E402
from stream.core.clusters import ClusterBook  # noqa: E402
from stream.core.dedup import DedupStage, event_time  # noqa: E402

OUTLETS = [f"Outlet {i:02d}" for i in range(50)]


def run(sizes: list[int], repeat: int) -> list[dict[str, float]]:
    corpus = Corpus()
    stage = DedupStage({}, len_check_every=None)
    book_store: dict = {}
    book = ClusterBook(book_store)
    n = 0
    rows = []

    def story(i: int) -> NormalizedStory:
        s = corpus.story(i)
        return s.model_copy(update={"source": OUTLETS[i % len(OUTLETS)], "headline": f"H{i}"})

    for size in sizes:
        while n < size:
            s = story(n)
            book.apply(s, stage.decide(s), event_time(s))
            n += 1
        gc.collect()
        stories = sum(1 for k in book_store if k.startswith("s:"))
        per_story = deep_size(book_store) / max(1, stories)
        open_clusters = book.open_clusters
        best: tuple[float, float] | None = None
        for _ in range(repeat):
            batch = [story(n + i) for i in range(BATCH)]
            n += BATCH
            dedup_s = book_s = 0.0
            for s in batch:
                started = time.process_time()
                info = stage.decide(s)
                t = event_time(s)
                mid = time.process_time()
                book.apply(s, info, t)
                done = time.process_time()
                dedup_s += mid - started
                book_s += done - mid
            if best is None or book_s < best[1]:
                best = (dedup_s, book_s)
        assert best is not None
        dedup_s, book_s = best
        rows.append(
            {
                "stories": size,
                "clusters": open_clusters,
                "dedup /s": BATCH / dedup_s,
                "book /s": BATCH / book_s,
                "both /s": BATCH / (dedup_s + book_s),
                "book / dedup cost": book_s / dedup_s,
                "book B/story": per_story,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=2, help="timed batches per size")
    parser.add_argument(
        "--python-names",
        action="store_true",
        help="story names by the Python reference, not the compiled code (the cost before it)",
    )
    args = parser.parse_args()
    if args.python_names:
        from stream.core.clusters import book, names

        book.story_names = names.reference_story_names  # the book's one call of it
    rows = run(args.sizes, args.repeat)
    path = "Python" if args.python_names else "compiled"
    table = Table(title=f"cluster book beside the dedup stage (CPU time, best batch; {path} names)")
    for column in rows[0]:
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(*(f"{v:,.0f}" if v >= 10 else f"{v:.2f}" for v in row.values()))
    Console().print(table)


if __name__ == "__main__":
    main()
