"""How fast datasketch's ``MinHashLSH`` reference runs as each usage writes it.

    .venv/bin/python bench/datasketch_usage.py            # 10k stories indexed
    .venv/bin/python bench/datasketch_usage.py --size 100000

``bench_dedup.py``'s reference copies one prepared ``MinHash`` per story (its 48
permutations made once) and hashes the shingles with ``MinHash.update_batch`` (one numpy
pass): the fastest way datasketch offers, so the ratio it reports is the strictest. A
``MinHash(num_perm=48)`` made per story, as datasketch's README makes one per document,
draws the permutations again each time (~110 us here); the README also hashes one
value at a time (``update`` in a loop). This times the three on the same stories and
index (query then insert, 48 permutations, threshold 0.5, CPU time, best of three
batches of 1,000) so the readings of "the reference" can be told apart; issue 10 quotes
623 stories/s at 10k.
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


USAGES = ("copy + update_batch", "new + update_batch", "new + update per value")


def signature(body: str, proto: MinHash, usage: str) -> MinHash:
    values = list(shingles(body))
    m = proto.copy() if usage.startswith("copy") else MinHash(num_perm=48, seed=1)
    if usage.endswith("update_batch"):
        m.update_batch(values)
    else:
        for value in values:
            m.update(value)
    return m


def rate(bodies: list[str], size: int, usage: str) -> float:
    """Best stories/s (CPU) of three batches queried then inserted at ``size``."""
    lsh = MinHashLSH(threshold=0.5, num_perm=48)
    proto = MinHash(num_perm=48, seed=1)
    for i in range(size):
        lsh.insert(f"r-{i}", signature(bodies[i], proto, USAGES[0]), check_duplication=False)
    best = 0.0
    for r in range(3):
        gc.collect()
        started = time.process_time()
        for i in range(size + r * BATCH, size + (r + 1) * BATCH):
            m = signature(bodies[i], proto, usage)
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
    print(f"{args.size:,} indexed, best of 3 batches of {BATCH:,} (stories/s, CPU):")
    notes = ("bench_dedup's reference", "a MinHash made per story", "datasketch's README")
    fastest = 0.0
    for usage, note in zip(USAGES, notes, strict=True):
        got = rate(bodies, args.size, usage)
        fastest = fastest or got
        print(f"  {usage:24} {got:8,.0f}  ({fastest / got:.1f}x slower; {note})")


if __name__ == "__main__":
    main()
