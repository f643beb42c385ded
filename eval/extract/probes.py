"""Speakers of hand-judged invented probe sentences, and how two code trees compare.

Usage::

    .venv/bin/python eval/extract/probes.py                      # this tree: right / wrong
    git archive 126fad8 | tar -x -C /tmp/base
    .venv/bin/python eval/extract/probes.py --against /tmp/base  # better / worse / unchanged

Why: a rule change must be judged on the shapes it targets *and* their near-misses
(``eval/extract/probes_spk10.json``, written for spk10's rules by probe10), not only on
the aggregate PolNeAR figures, where a shape may occur twice. Part10's partial-quote
rules have their own set (``--probes eval/extract/probes_part10.json``, probe10b), and
the c84df93..faf9aa4 rules (aliases, asides, groups, ``which``, coordinated passives)
theirs (``--probes eval/extract/probes_probe11.json``, probe11). Each
probe lists, per quote in order, a substring expected in ``"speaker / canonical"``
(``null``: no speaker; ``"!X"``: X must not appear; ``"-"``: no judgement). The other
tree runs in a child process with its own ``PYTHONPATH``, so both use the same model and
the same probes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBES = ROOT / "eval/extract/probes_spk10.json"

#: The child's program: the probes' quotes as "speaker / canonical" (or null), as JSON.
_CHILD = """
import json, sys
from stream.core.extract import Enricher
probes = json.load(open(sys.argv[1], encoding="utf-8"))["probes"]
ex = Enricher("auto").extract_texts([p["text"] for p in probes])
out = {p["id"]: [None if q.speaker is None else f"{q.speaker} / {q.speaker_canonical}"
                 for q in x.quotes] for p, x in zip(probes, ex)}
print(json.dumps(out))
"""


def speakers(tree: Path, probes: Path) -> dict[str, list[str | None]]:
    """Every probe's quote speakers as the code in ``tree`` finds them."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(probes.resolve())],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def right(got: str | None, expect: str | None) -> bool | None:
    """Whether ``got`` meets ``expect`` (None: no judgement asked)."""
    if expect == "-":
        return None
    if expect is None:
        return got is None
    if expect.startswith("!"):
        return expect[1:].casefold() not in str(got).casefold()
    return got is not None and expect.casefold() in got.casefold()


def verdict(before: str | None, after: str | None, expect: str | None) -> str:
    """better / worse / unchanged-right / unchanged-wrong / no judgement."""
    ok_b, ok_a = right(before, expect), right(after, expect)
    if ok_a is None:
        return "no judgement"
    if before == after or ok_a == ok_b:
        return "unchanged-right" if ok_a else "unchanged-wrong"
    return "better" if ok_a else "worse"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--against", type=Path, help="a code tree to compare with (git archive)")
    ap.add_argument("--probes", type=Path, default=PROBES)
    ap.add_argument("--verbose", action="store_true", help="print every judged quote")
    args = ap.parse_args()
    probes = json.loads(args.probes.read_text(encoding="utf-8"))["probes"]
    after = speakers(ROOT, args.probes)
    before = speakers(args.against.resolve(), args.probes) if args.against else after
    tally: Counter[str] = Counter()
    for p in probes:
        got_b, got_a = before[p["id"]], after[p["id"]]
        for i, expect in enumerate(p["expect"]):
            b = got_b[i] if i < len(got_b) else "<no quote>"
            a = got_a[i] if i < len(got_a) else "<no quote>"
            v = verdict(b, a, expect)
            tally[v] += 1
            if (
                args.verbose
                or v in ("better", "worse")
                or (v == "unchanged-wrong" and not args.against)
            ):
                print(f"{p['id']:4} {v:16} expect={expect!r:30} before={b!r:34} after={a!r}")
    print(
        f"{len(probes)} probes, {sum(tally.values())} judged quotes: "
        + ", ".join(
            f"{k} {tally[k]}"
            for k in ("better", "worse", "unchanged-wrong", "unchanged-right", "no judgement")
        )
    )


if __name__ == "__main__":
    main()
