"""CPU time of the extraction rules alone (entities, quotes, speakers) against the NER
that feeds them, measured in the same run.

Usage: ``.venv/bin/python bench/bench_rules.py [--repeat 20] [--rounds 5]``

The texts are ``bench_extract.py``'s (the gold bodies of ``eval/extract/gold.json``
repeated ``--repeat`` times). The fast path's NER runs once (its CPU time is the
reference); the rules then run ``--rounds`` times over the same docs, and the minimum
and median CPU time are printed with their share of the fast path. In
``bench_extract.py`` the rules are one run inside a ~10 s measurement, where a shared
machine's noise hides a change of a tenth of a second; here they are timed alone.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stream.core.extract.nlp import load_model, pipe_docs  # noqa: E402
from stream.core.extract.stage import extract_from_doc  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    gold = json.loads((ROOT / "eval/extract/gold.json").read_text())["docs"]
    texts = [d["body"] for d in gold] * args.repeat
    nlp = load_model("auto", ner_only=True)
    list(pipe_docs(nlp, texts[:8]))  # warm up
    c0 = time.process_time()
    docs = list(pipe_docs(nlp, texts))
    ner = time.process_time() - c0
    for text, doc in zip(texts[:40], docs, strict=False):  # warm the rules' caches
        extract_from_doc(text, doc)
    rounds = []
    for _ in range(args.rounds):
        c0 = time.process_time()
        for text, doc in zip(texts, docs, strict=True):
            extract_from_doc(text, doc)
        rounds.append(time.process_time() - c0)
    best, median = min(rounds), statistics.median(rounds)
    print(f"{len(texts)} stories; NER (fast path, the reference): {ner:.2f} s CPU")
    print(f"rules, {args.rounds} rounds: {' / '.join(f'{r:.3f}' for r in rounds)} s CPU")
    print(
        f"rules: min {best:.3f} s, median {median:.3f} s "
        f"({1000 * median / len(texts):.2f} ms a story); "
        f"ratio NER / rules {ner / median:.1f}x, "
        f"rules {median / (ner + median):.1%} of the fast path"
    )


if __name__ == "__main__":
    main()
