"""How fast datasketch's ``MinHashLSH`` reference runs as each usage writes it.

    .venv/bin/python bench/datasketch_usage.py            # 10k stories indexed
    .venv/bin/python bench/datasketch_usage.py --size 100000

``bench_dedup.py``'s reference hashes a story's shingles with ``MinHash.update_batch``
(one numpy pass): the fastest way datasketch offers, so the ratio it reports is the
strictest. datasketch's own README hashes one value at a time (``update`` in a loop).
This times both on the same stories and index (query then insert, 48 permutations,
threshold 0.5, CPU time, best of three batches of 1,000) so the two readings of "the
reference" can be told apart; issue 10 quotes 623 stories/s at 10k.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as bench_dedup.py: idle BLAS threads

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from datasketch import MinHash, MinHashLSH  # noqa: E402

from bench.bench_dedup import Corpus, shingles  # noqa: E402

BATCH = 1_000


def signature(body: str, proto: MinHash, batched: bool) -> MinHash:
    values = list(shingles(body))
    m = proto.copy()
    if batched:
        m.update_batch(values)
    else:
        for value in values:
            m.update(value)
    return m


def rate(bodies: list[str], size: int, batched: bool) -> float:
    """Best stories/s (CPU) of three batches queried then inserted at ``size``."""
    lsh = MinHashLSH(threshold=0.5, num_perm=48)
    proto = MinHash(num_perm=48, seed=1)
    for i in range(size):
        lsh.insert(f"r-{i}", signature(bodies[i], proto, True), check_duplication=False)
    best = 0.0
    for r in range(3):
        gc.collect()
        started = time.process_time()
        for i in range(size + r * BATCH, size + (r + 1) * BATCH):
            m = signature(bodies[i], proto, batched)
            lsh.query(m)
            lsh.insert(f"r-{i}", m, check_duplication=False)
        best = max(best, BATCH / (time.process_time() - started))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=10_000)
    args = ap.parse_args()
    corpus = Corpus()
    bodies = [corpus.story(i).body for i in range(args.size + 3 * BATCH)]
    batched = rate(bodies, args.size, True)
    looped = rate(bodies, args.size, False)
    print(f"{args.size:,} indexed, best of 3 batches of {BATCH:,} (stories/s, CPU):")
    print(f"  update_batch (bench_dedup's reference): {batched:8,.0f}")
    slower = batched / looped
    print(f"  update per shingle (datasketch README):  {looped:8,.0f}  ({slower:.1f}x slower)")


if __name__ == "__main__":
    main()
