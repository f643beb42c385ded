"""What the dashboard costs the worker when its bounds are full.

Usage: ``.venv/bin/python bench/bench_dashboard.py [--members 10]``

Fills a ``DashboardState`` to its bounds through the same feeds the worker uses (the
``wire.clusters`` records of a ``ClusterBook``, with ``--members`` stories per cluster,
an hour of 5 s samples, the dead-letter ring), then prints the Python heap the view
holds (tracemalloc, the book's own store excluded), the time and size of one
``/api/summary`` and ``/api/history`` answer, and the per-record cost of the view.
Reference, measured in the same run: one Prometheus scrape of the same
registry (``Metrics.render``), so a poll's cost reads as a multiple of a scrape's.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schemas import DedupInfo, NormalizedStory  # noqa: E402
from stream.core.clusters import ClusterBook  # noqa: E402
from stream.core.pipeline import ingest  # noqa: E402
from stream.runtime.metrics import Metrics  # noqa: E402
from stream.runtime.web.state import DashboardState, read_registry  # noqa: E402
from stream.runtime.web.summary import summary  # noqa: E402
from stream.settings import Settings  # noqa: E402

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def per_call_ms(fn: Callable[[], object], n: int) -> float:
    started = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - started) / n * 1000


def story(i: int) -> NormalizedStory:
    return NormalizedStory(
        story_id=f"story-{i:07d}",
        source=f"outlet {i % 30}",
        headline=f"A headline of ordinary length for story number {i}",
        body="x",
        received_at=T0 + timedelta(seconds=i),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10, help="stories per cluster")
    args = parser.parse_args()
    letters = [ingest(b'{"story_id": "bad", ' + b"x" * 5000, Settings()) for _ in range(60)]
    metrics, state = Metrics(), DashboardState()
    book = ClusterBook({}, window_hours=1e6)
    stories = (state.max_clusters + 100) * args.members
    records = []
    for i in range(stories):
        cid = f"story-{i - i % args.members:07d}"
        verdict = "unique" if i % args.members == 0 else "same_story"
        info = DedupInfo(verdict=verdict, cluster_id=cid)
        records += book.apply(story(i), info, story(i).received_at.timestamp())
    tracemalloc.start()
    for record in records:
        state.observe_cluster(record)
    for i in range(state.history.maxlen or 0):
        metrics.record_in(f"outlet {i % 30}")
        metrics.record_verdict(DedupInfo(verdict="unique", similarity=0.4), 1, 1)
        state.sample(read_registry(metrics.registry), now=i * state.sample_seconds)
    for letter in letters:
        state.observe_dead_letter(letter)
    heap, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    def poll_summary() -> str:
        return json.dumps(summary(read_registry(metrics.registry), state))

    def poll_history() -> str:
        return json.dumps(state.series())

    scrape = per_call_ms(metrics.render, 200)
    answers = {"/api/summary": poll_summary, "/api/history": poll_history}
    print(
        f"held: {len(state.clusters)} clusters of {args.members} stories, "
        f"{len(state.history)} samples, {len(state.dead_letters)} dead letters"
    )
    print(f"heap (state + registry): {heap / 1e6:.1f} MB")
    print(f"reference, one /metrics scrape: {scrape:.2f} ms")
    for path, fn in answers.items():
        ms = per_call_ms(fn, 50)
        print(f"{path}: {ms:.2f} ms ({ms / scrape:.1f}x a scrape), {len(fn()) / 1e3:.1f} kB")
    cid = f"story-{(stories - 1) - (stories - 1) % args.members:07d}"
    record = state.cluster(cid)
    assert record is not None
    real = per_call_ms(lambda: state.observe_cluster(record), 2000)
    print(f"observe_cluster (the wire.clusters feed), one record: {real * 1000:.0f} µs")


if __name__ == "__main__":
    main()
