"""Two whole processes over the same real news: ``wirestream process`` vs a bare full ``nlp.pipe``.

Usage: ``.venv/bin/python bench/bench_process.py [--stories 300] [--words 200] [--rounds 5]``

What it measures, start-up included (interpreter, imports, model load):

* ``wirestream process IN.jsonl -o /dev/null``: normalize, dedup, entity keys, NER,
  quotes and speakers, JSON output -- the whole offline pipeline (on 2+ cores its NLP
  runs in a forked child; that child's CPU time is counted too: it is reaped by
  ``wirestream``, whose own children's times ``RUSAGE_CHILDREN`` includes);
* ``reference``: a script that imports spaCy, loads the same model with every
  component and runs ``nlp.pipe`` over the same bodies, nothing else.

The stories are the first ``--stories`` real articles of
``../shared/eval/quotes_polnear_train.jsonl`` (or ``--source clusters`` for ECB+), cut to
about ``--words`` words at a sentence end, written to a temporary file at run time (never
into the repository). The two commands alternate (A B, then B A, ...) so that a noisy
neighbour slows both alike; the ratio printed is reference time / pipeline time per
round, then their median. Target: >= 1.5x in every round.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.shared_sets import shared_eval_dir  # noqa: E402

SOURCES = {
    "polnear": ("quotes_polnear_train.jsonl", "text"),
    "clusters": ("clusters_ecbplus.jsonl", "body"),
}
_SENTENCE_END = re.compile(r"[.!?][\"”’]?(?=\s)")

REFERENCE = r"""
import json, sys
import spacy
from stream.core.extract.nlp import resolve_model_name  # the same model name resolution
texts = [json.loads(line)["body"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load(resolve_model_name("auto"))
n = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=32))
print(n, file=sys.stderr)
"""


def eval_dir() -> Path:
    """``../shared/eval`` of the checkout (the one lookup ``eval.shared_sets`` makes)."""
    found = shared_eval_dir()
    if not found.is_dir():
        raise SystemExit(f"no {found}: the real-news sets are missing")
    return found


def trim(text: str, words: int) -> str:
    """About ``words`` words, paragraphs kept, cut at the first sentence end past them."""
    out: list[str] = []
    count = 0
    for para in text.split("\n"):
        n = len(para.split())
        if count + n <= words:
            out.append(para)
            count += n
            continue
        cut = len(" ".join(para.split()[: max(1, words - count)]))
        end = _SENTENCE_END.search(para, cut)
        out.append(para[: end.end()] if end else para)
        break
    return "\n".join(out).strip()


def write_stories(path: Path, source: str, stories: int, words: int) -> int:
    name, field = SOURCES[source]
    written = 0
    with (eval_dir() / name).open(encoding="utf-8") as src, path.open("w") as out:
        for line in src:
            doc = json.loads(line)
            body = trim(doc.get(field) or "", words)
            if len(body.split()) < words * 0.75:
                continue  # excerpts: the bench is about ~200-word stories
            out.write(json.dumps({"story_id": doc["id"], "body": body}) + "\n")
            written += 1
            if written >= stories:
                break
    return written


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child: user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        cmd, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=300)
    ap.add_argument("--words", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--source", choices=sorted(SOURCES), default="polnear")
    args = ap.parse_args()
    python = sys.executable
    wirestream = str(Path(python).with_name("wirestream"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "stories.jsonl"
        n = write_stories(data, args.source, args.stories, args.words)
        avg = sum(len(json.loads(x)["body"].split()) for x in data.open()) / n
        print(f"{n} {args.source} stories, {avg:.0f} words on average")
        ours = [wirestream, "process", str(data), "-o", os.devnull]
        ref = [python, "-c", REFERENCE, str(data)]
        timed(ours, env)  # warm the page cache for both (not counted)
        timed(ref, env)
        ratios, cpu_ratios = [], []
        for r in range(args.rounds):
            pair = [("pipeline", ours), ("reference", ref)]
            if r % 2:
                pair.reverse()
            secs = {name: timed(cmd, env) for name, cmd in pair}
            ratio = secs["reference"][0] / secs["pipeline"][0]
            cpu_ratio = secs["reference"][1] / secs["pipeline"][1]
            ratios.append(ratio)
            cpu_ratios.append(cpu_ratio)
            print(
                f"round {r + 1}: wirestream process {secs['pipeline'][0]:.2f} s "
                f"(CPU {secs['pipeline'][1]:.2f} s), full nlp.pipe {secs['reference'][0]:.2f} s "
                f"(CPU {secs['reference'][1]:.2f} s), ratio {ratio:.2f}x (CPU {cpu_ratio:.2f}x)"
            )
    print(
        f"median ratio {statistics.median(ratios):.2f}x "
        f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x; target >= 1.5x every round); "
        f"CPU-time ratio median {statistics.median(cpu_ratios):.2f}x "
        f"(min {min(cpu_ratios):.2f}x): the same work, less exposed to the neighbours' load"
    )


if __name__ == "__main__":
    main()
