"""Rough triage of the speaker errors of partial quotes in PolNeAR's mixed attributions.

Usage::

    .venv/bin/python eval/extract/polnear.py --split dev --cache DIR --verbose 2000 \\
        | .venv/bin/python eval/extract/polnear_mixed.py [--examples 10]

Why: ``polnear.py --verbose N`` lists each error with its context; this sorts the
``mixed (partial quote) speaker`` ones into kinds by what we gave, what PolNeAR marks
and a few words around the quote, so a change's effect on each kind can be counted
(``docs/extract.md``, "Partial quotes (part10)"). A triage by surface cues, not a
judgement: the kinds were checked by reading about a hundred contexts, and a few cases
in each land in a neighbouring kind.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import Counter

#: Gold mentions that are pronouns: with no CoreNLP name the referent is unknown.
_PRONOUNS = {"he", "she", "it", "they", "i", "we", "who", "his", "her", "their", "its", "you"}
_LINE = re.compile(r": (\w+) (.*) ours=(.*) gold=(.*) corenlp=(.*)$")
_OUTLET = re.compile(r"according to|reported|told [A-Z]|in an interview with")
_NAMING = re.compile(
    r"\b(?:call(?:s|ed|ing)?|refer(?:s|red)? to .* as|describ\w* .*as|label\w*|dismiss\w* .* as"
    r"|known)\b"
)
_GARBAGE = re.compile(r"\b(?:has|and|been|now)$|^(?:Unless|Without)\b")


def kind(qt: str, ours: str | None, gold: str | None, cn: str | None, ctx: str) -> str:
    """The error's kind, from the quote, our speaker, the gold mention, its CoreNLP
    name and the context line."""
    p = ctx.find(qt[:20])
    after = ctx[p + len(qt) : p + len(qt) + 120] if p >= 0 else ""
    sentence = re.split(r"[.!?][\"”’']?\s+|\n", ctx[:p] if p >= 0 else ctx)[-1]
    if gold and gold.lower() in _PRONOUNS and not cn:
        return "A gold a pronoun, referent unknown (not scoreable)"
    if gold is None:
        return "B gold no source, ours " + (
            "none (right by the direct rule)" if not ours else "a name"
        )
    if ours and _OUTLET.search(after + sentence) and not (cn and ours in cn):
        return "C gold the reporting outlet or document, ours the original speaker"
    if not ours and _NAMING.search(sentence):
        return "D naming or characterising verb, subject not found"
    if not ours:
        return "E no speech cue in the sentence"
    if not re.match(r"[A-Z]", ours) or _GARBAGE.search(ours):
        return "G not a noun phrase"
    if ours.split()[-1] in gold:
        return "H same person, gold a group or description holding it"
    return "F another noun phrase (object, appositive, nearby name)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=0, help="print N examples per kind")
    args = ap.parse_args()
    lines = sys.stdin.read().splitlines()
    start = next((i for i, s in enumerate(lines) if s.startswith("## mixed")), len(lines))
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    i = start + 1
    while i < len(lines) and not lines[i].startswith("## "):
        m = _LINE.search(lines[i])
        ctx = ""
        if i + 1 < len(lines) and lines[i + 1].startswith("    ctx: "):
            ctx = ast.literal_eval(lines[i + 1].split("ctx: ", 1)[1])
            i += 1
        i += 1
        if m is None:
            continue
        qt = ast.literal_eval(m.group(2))
        ours, gold, cn = (ast.literal_eval(x) for x in m.groups()[2:])
        k = kind(qt, ours, gold, cn, ctx)
        counts[k] += 1
        examples.setdefault(k, []).append(f"  {qt[:40]!r} ours={ours!r} gold={gold!r}")
    for k, v in sorted(counts.items()):
        print(f"{v:4d}  {k}")
    print(f"{sum(counts.values()):4d}  all")
    for k in sorted(examples) if args.examples else ():
        print(f"\n# {k}")
        print("\n".join(examples[k][: args.examples]))


if __name__ == "__main__":
    main()
