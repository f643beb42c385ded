"""Throughput of the extraction stage: fast NER-only path vs the full spaCy pipeline.

Usage: ``.venv/bin/python bench/bench_extract.py [--repeat 20] [--batch-size 32] [--rounds 1]``

Both paths run in one process on the same texts (the gold bodies of
``eval/extract/gold.json`` repeated ``--repeat`` times, so ~460 stories by default):

* ``full``: ``nlp.pipe`` with every component (tok2vec, tagger, parser, attribute
  ruler, lemmatizer, ner), then the same entity/quote rules -- the baseline;
* ``fast``: ``nlp.pipe`` with only ``ner`` (which carries its own tok2vec in the sm
  model), then the rules -- what ``Enricher`` runs.

``--rounds N`` runs both paths N times (full then fast each round) and also prints each
round's CPU-time ratios and their median: on a shared machine one round's ratio swings
with the neighbours' load by more than a change to the rules moves it.

It prints stories/s for each, the ratio, and the agreement of their outputs (entities
and quotes identical, story by story), which must be 100%: the fast path is only an
optimization if it changes nothing.
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

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from stream.core.extract.nlp import load_model, pipe_docs, resolve_model_name  # noqa: E402
from stream.core.extract.stage import Extraction, extract_from_doc  # noqa: E402


def run(
    texts: list[str], *, full: bool, batch_size: int
) -> tuple[float, float, float, float, list[Extraction]]:
    """(seconds in spaCy, seconds total, CPU seconds in spaCy, CPU seconds total, extractions).

    The fast path runs the model as ``Enricher`` loads it (``ner`` only, ``exclude=``).
    """
    nlp = load_model("auto", ner_only=not full)
    c0 = time.process_time()
    t0 = time.perf_counter()
    docs = list(pipe_docs(nlp, texts, full=full, batch_size=batch_size))
    t1, c1 = time.perf_counter(), time.process_time()
    out = [extract_from_doc(t, d) for t, d in zip(texts, docs, strict=True)]
    t2 = time.perf_counter()
    return t1 - t0, t2 - t0, c1 - c0, time.process_time() - c0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    gold = json.loads((ROOT / "eval/extract/gold.json").read_text())["docs"]
    texts = [d["body"] for d in gold] * args.repeat
    chars = sum(len(t) for t in texts)
    run(texts[:8], full=True, batch_size=args.batch_size)  # warm up both paths
    run(texts[:8], full=False, batch_size=args.batch_size)
    full_nlp, full_total, full_nlp_cpu, full_cpu, full_out = run(
        texts, full=True, batch_size=args.batch_size
    )
    fast_nlp, fast_total, fast_nlp_cpu, fast_cpu, fast_out = run(
        texts, full=False, batch_size=args.batch_size
    )
    same_ents = sum(a.entities == b.entities for a, b in zip(full_out, fast_out, strict=True))
    same_quotes = sum(a.quotes == b.quotes for a, b in zip(full_out, fast_out, strict=True))
    n = len(texts)
    console = Console(width=120)
    table = Table(
        title=f"extract bench: {n} stories, {chars / n:,.0f} chars avg, "
        f"model {resolve_model_name('auto')}, batch {args.batch_size}"
    )
    for col in ("path", "spaCy s", "rules s", "total s", "stories/s", "spaCy CPU s", "rules CPU s"):
        table.add_column(col, justify="right" if col != "path" else "left")
    for name, nlp_s, total, nlp_cpu, cpu in (
        ("full pipeline", full_nlp, full_total, full_nlp_cpu, full_cpu),
        ("fast (ner only)", fast_nlp, fast_total, fast_nlp_cpu, fast_cpu),
    ):
        table.add_row(
            name,
            f"{nlp_s:.2f}",
            f"{total - nlp_s:.2f}",
            f"{total:.2f}",
            f"{n / total:.1f}",
            f"{nlp_cpu:.2f}",
            f"{cpu - nlp_cpu:.2f}",
        )
    console.print(table)
    console.print(f"speed-up (stories/s, end to end): {full_total / fast_total:.2f}x")
    console.print(f"speed-up (spaCy only):             {full_nlp / fast_nlp:.2f}x")
    console.print(f"speed-up (CPU time, end to end):   {full_cpu / fast_cpu:.2f}x")
    console.print(f"speed-up (CPU time, spaCy only):   {full_nlp_cpu / fast_nlp_cpu:.2f}x")
    console.print(
        f"agreement: entities {same_ents}/{n} ({same_ents / n:.1%}), "
        f"quotes {same_quotes}/{n} ({same_quotes / n:.1%})"
    )
    if args.rounds > 1:
        ends, nlps = [full_cpu / fast_cpu], [full_nlp_cpu / fast_nlp_cpu]
        for _ in range(args.rounds - 1):
            _, _, full_nlp_cpu, full_cpu, _ = run(texts, full=True, batch_size=args.batch_size)
            _, _, fast_nlp_cpu, fast_cpu, _ = run(texts, full=False, batch_size=args.batch_size)
            ends.append(full_cpu / fast_cpu)
            nlps.append(full_nlp_cpu / fast_nlp_cpu)
        for label, ratios in (("end to end", ends), ("spaCy only", nlps)):
            console.print(
                f"rounds, CPU time, {label}: {' / '.join(f'{r:.2f}' for r in ratios)} "
                f"(median {statistics.median(ratios):.2f}x, min {min(ratios):.2f}x)"
            )


if __name__ == "__main__":
    main()
