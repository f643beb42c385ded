"""CPU time of each extraction stage on pathological bodies, against spaCy's NER on the
same text (the reference, measured in the same run).

Usage: ``.venv/bin/python bench/bench_pathological.py [--only NAME] [--rounds 3]``

The quality bar says pathological text must neither crash nor hang any stage; the
unit tests (``tests/unit/extract/test_robustness.py``) check that each body finishes,
this bench says how long each stage takes. Each body is built to hit one known slow
path of the rules (regexes with adjacent whitespace quantifiers, walks back over the
quotes of one paragraph) or a plain shape (thousands of quote marks, long runs of
capitalized words, commas or "said"). The NER doc is made once per body; each rule
stage (entity index, segmentation, quote scan, attribution, entity records) is timed
``--rounds`` times and the minimum is printed, with the rules' total as a ratio of NER.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stream.core.extract.entities import build_index  # noqa: E402
from stream.core.extract.nlp import load_model, pipe_docs  # noqa: E402
from stream.core.extract.quotes import QuoteSpan, find_quote_spans  # noqa: E402
from stream.core.extract.segment import segment  # noqa: E402
from stream.core.extract.speakers import attribute_quotes  # noqa: E402


def bodies(scale: float = 1.0) -> dict[str, str]:
    """Name -> body; each 20-120k characters (times ``scale``)."""

    def n(count: int) -> int:
        return max(1, round(count * scale))

    return {
        # NAMING_VERB: a window of spaces before "so called" (its look-behind fails, so
        # every start position was tried with three adjacent space quantifiers)
        "naming-spaces": ("He wrote" + " " * 132 + "so called “a b” ") * n(200),
        # entities._GROUP_AFTER: each name followed by a run of spaces
        "names-then-spaces": ("Maria Costa met Ivo Marek in Oslo." + " " * 90) * n(400),
        # _earlier/_recent_speaker: thousands of quotes in one paragraph, each "he said"
        # walking back over the quotes before it
        "one-paragraph-he-said": "Ivo Marek spoke. " + "“Yes,” he said. “No.” " * n(2_500),
        "one-paragraph-fragments": "Ann Lee spoke. " + "He called it “a b” and “c d”. " * n(2_000),
        "one-paragraph-she-said": "Ivo Marek spoke. " + "“Yes,” she said. " * n(3_000),
        # AFTER_SPK_CUE: a quote followed by a run of spaces (or tabs, no-break spaces)
        # and a word that is no cue (its three quantifiers shared the run)
        "quote-then-spaces": ("“Yes,”" + " " * 300 + "x. ") * n(100),
        "quote-then-tabs-nbsp": ("“Yes,”" + "\t\u00a0" * 150 + "x. ") * n(100),
        "quote-then-commas": ("“Yes,”" + ", " * 150 + "x. ") * n(100),
        "straight-marks": '"' * n(20_000),
        "curly-pairs": "“a” " * n(10_000),
        "marks-and-said": ('"Yes," said ' * n(4_000)) + "Ann Lee.",
        "caps-run": "Abc " * n(15_000) + "“Yes,” said Abc Def: “No.”",
        "caps-names-said": "Ann Lee Bo Kim said “x.” " * n(2_000),
        "commas": "Ann Lee" + ", " * n(30_000) + "said “x.”",
        "comma-words": "Ann Lee, a b, c d, " * n(3_000) + "said “x.”",
        "said-run": "said " * n(15_000) + "“x,” said Ann Lee.",
        "said-commas-quotes": "“x,” said, " * n(5_000),
        "spaces-everywhere": ("Ann Lee" + " " * 60 + "said" + " " * 60 + "“x”" + " " * 60) * n(300),
        "newlines": ("“Yes,”\n\nsaid Ann Lee\n\n" * n(3_000)),
    }


def cpu(fn: Callable[[], object], rounds: int) -> float:
    """The least CPU time of ``rounds`` calls of ``fn``: CPU (not wall) time, and the
    best round, so the other helpers sharing the machine count as little as possible."""
    best = float("inf")
    for _ in range(rounds):
        c0 = time.process_time()
        fn()
        best = min(best, time.process_time() - c0)
    return best


def stage_times(doc: Doc, text: str, rounds: int) -> tuple[list[QuoteSpan], list[float]]:
    """The quote spans, and the best CPU time of each rule stage over ``rounds``."""
    index = build_index(doc, text)
    seg = segment(text)
    spans = find_quote_spans(text, seg)
    times = [
        cpu(lambda: build_index(doc, text), rounds),
        cpu(lambda: segment(text), rounds),
        cpu(lambda: find_quote_spans(text, seg), rounds),
        cpu(lambda: attribute_quotes(text, seg, build_index(doc, text), spans), rounds),
        cpu(lambda: index.entities(None), rounds),
    ]
    times[3] = max(0.0, times[3] - times[0])  # the attribution's own fresh index
    return spans, times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="one body by name")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0, help="body sizes times this")
    args = ap.parse_args()
    texts = bodies(args.scale)
    if args.only and args.only not in texts:
        ap.error(f"--only: no body named {args.only!r} (one of: {', '.join(texts)})")
    nlp = load_model("auto", ner_only=True)
    list(pipe_docs(nlp, ["Warm up, said Ann Lee of Acme Corp."]))
    cols = "entities segment quotes speakers records"
    print(f"{'body':<26} {'chars':>7} {'quotes':>6} {'NER s':>7}  " + cols + "  (s CPU)  rules/NER")
    worst = 0.0
    for name, text in texts.items():
        if args.only and name != args.only:
            continue
        c0 = time.process_time()
        (doc,) = pipe_docs(nlp, [text])
        ner = time.process_time() - c0
        spans, times = stage_times(doc, text, args.rounds)
        rules = sum(times)
        worst = max(worst, rules / ner)
        print(
            f"{name:<26} {len(text):>7} {len(spans):>6} {ner:>7.2f}  "
            + " ".join(f"{t:>8.3f}" for t in times)
            + f"  {rules / ner:>8.2f}x"
        )
    print(f"worst rules/NER ratio: {worst:.2f}x")


if __name__ == "__main__":
    main()
