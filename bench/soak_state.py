"""The dedup agent's global state over a long stream, in one process, no Kafka, no NLP.

    .venv/bin/python bench/soak_state.py --stories 20000 --window-hours 0.05 --rate 5

Why: the soak (``bench_e2e.py --only soak``) sees the worker's RSS, not which state
holds it. Here the same core the dedup agent runs (``DedupStage``, ``ClusterBook``,
``AliasMemory``, each over a dict store as offline) sees ``--stories`` synthetic
~500-word stories whose ``received_at`` advances by ``1 / --rate`` seconds, so the
window evicts exactly as in the worker. At checkpoints it prints every state's size
(records in each store, stories in the index, open clusters, compiled bytes) and the
Python heap (tracemalloc); at the end the object types whose counts grew most after
the window filled. With evictions balancing arrivals every row after the warm-up
should be flat: a column that keeps climbing is state the window does not bound.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
import tracemalloc
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench.faultlib
    sys.path.insert(0, str(ROOT))

from bench.faultlib.corpus import synthetic_body  # noqa: E402
from schemas import NormalizedStory  # noqa: E402
from stream.core.clusters import ClusterBook  # noqa: E402
from stream.core.dedup import DedupStage  # noqa: E402
from stream.core.extract.aliases import AliasMemory  # noqa: E402
from stream.core.pipeline import clusters, dedup, ingest  # noqa: E402
from stream.settings import Settings  # noqa: E402


def type_counts() -> Counter[str]:
    """Live objects the collector tracks, by type name."""
    return Counter(type(o).__name__ for o in gc.get_objects())


def sizes(
    stage: DedupStage, book: ClusterBook, aliases: AliasMemory, stores: dict[str, dict]
) -> dict[str, Any]:
    prefixes: Counter[str] = Counter(k[:2] for k in stores["aliases"])
    book_prefixes: Counter[str] = Counter(k[:2] for k in stores["book"])
    return {
        "dedup_store": len(stores["dedup"]),
        "index": stage.index_size,
        "events": len(stage.events),
        "aliases_cl": len(stage.events.alias),
        "exact": len(stage._exact),
        "heap": len(stage._heap),
        "book_c": book_prefixes["c:"],
        "book_s": book_prefixes["s:"],
        "book_heap": len(book._heap),
        "alias_s": prefixes["s:"],
        "alias_c": prefixes["c:"],
        "alias_n": prefixes["n:"] + prefixes["a:"],
        "native_kib": (stage.index_bytes + stage.events.core.nbytes) // 1024,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--stories", type=int, default=20_000)
    p.add_argument("--rate", type=float, default=5.0, help="stories per second of event time")
    p.add_argument("--window-hours", type=float, default=0.05)
    p.add_argument("--words", type=int, default=500)
    p.add_argument("--checkpoints", type=int, default=10)
    p.add_argument("--seed", type=int, default=500)
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)

    settings = Settings(dedup_window_hours=args.window_hours)
    stores: dict[str, dict] = {"dedup": {}, "book": {}, "aliases": {}}
    stage = DedupStage(stores["dedup"], window_hours=args.window_hours)
    book = ClusterBook(stores["book"], window_hours=args.window_hours)
    aliases = AliasMemory(stores["aliases"])
    rng = random.Random(args.seed)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    window_stories = int(args.window_hours * 3600 * args.rate)
    every = max(1, args.stories // args.checkpoints)
    tracemalloc.start()
    rows: list[dict[str, Any]] = []
    filled: Counter[str] | None = None
    started = time.perf_counter()
    for i in range(args.stories):
        headline, body = synthetic_body(rng, args.words)
        at = t0 + timedelta(seconds=i / args.rate)
        payload = json.dumps({"story_id": f"s-{i:07d}", "headline": headline, "body": body})
        story = ingest(payload, settings, received_at=at)
        if isinstance(story, NormalizedStory):
            info, _ = dedup(story, stage, aliases)
            clusters(story, info, book)
        if i == 2 * window_stories:
            gc.collect()
            filled = type_counts()
        if (i + 1) % every == 0:
            gc.collect()
            row = {"stories": i + 1, "heap_kib": tracemalloc.get_traced_memory()[0] // 1024}
            row.update(sizes(stage, book, aliases, stores))
            rows.append(row)
            if len(rows) == 1:
                print("  ".join(f"{k:>9}" for k in row), flush=True)
            print("  ".join(f"{v:>9}" for v in row.values()), flush=True)
    print(
        f"{args.stories} stories in {time.perf_counter() - started:.0f} s; window "
        f"{args.window_hours:g} h = {window_stories} stories at {args.rate:g}/s"
    )
    if filled is not None:
        gc.collect()
        grown = type_counts()
        grown.subtract(filled)
        top = [(name, n) for name, n in grown.most_common(10) if n > 0]
        print(f"object types grown since story {2 * window_stories}: {top or 'none'}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
