"""Blind hand referents against CoreNLP's hint, run only once a split's labels are final.

Usage: ``.venv/bin/python eval/extract/referents_check.py [--split heldout|dev] [--list]``

For every labelled pronoun quote of ``polnear_referents.json`` it compares the hand
referent with ``speaker_name_corenlp`` (``same_speaker`` either way round) and prints the
agreement rate: over the quotes where CoreNLP gives a name, and how often it gives none.
``--list`` prints each disagreement (sheet number ``n#k`` as ``referents_sheet.py`` numbers
them) for the labeller's re-read. Kept apart from the sheet so the sheet never shows
CoreNLP's answer.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eval.extract.polnear import DATA, REFERENTS, load_split, same_speaker  # noqa: E402
from eval.extract.referents_sheet import numbered  # noqa: E402


def agree(hand: str | None, corenlp: str | None) -> bool:
    """The two name one referent (either may be the longer form)."""
    return bool(hand and corenlp) and (same_speaker(hand, corenlp) or same_speaker(corenlp, hand))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--split", choices=("dev", "heldout"), default="heldout")
    ap.add_argument("--list", action="store_true", help="print every disagreement")
    args = ap.parse_args()
    labels = {
        (r["id"], r["start"]): r
        for r in json.loads(REFERENTS.read_text(encoding="utf-8"))["referents"]
        if r["split"] == args.split
    }
    c: Counter[str] = Counter()
    for n, art, items in numbered(load_split(args.data, args.split)):
        for k, g in enumerate(items, 1):
            row = labels.get((art["id"], g["start"]))
            if row is None:
                continue
            c["labelled"] += 1
            hand, core = row["referent"], g["speaker_name_corenlp"]
            if not core:
                c["corenlp_none"] += 1
                continue
            c["corenlp_named"] += 1
            if agree(hand, core):
                c["agree"] += 1
            elif args.list:
                print(f"{n}#{k} {art['id'][8:50]} {g['speaker']!r}: hand={hand!r} corenlp={core!r}")
    named = c["corenlp_named"]
    print(
        f"{args.split}: {c['labelled']} labelled pronoun quotes; CoreNLP names {named}, "
        f"none for {c['corenlp_none']}"
    )
    if named:
        wrong = named - c["agree"]
        print(
            f"  agreement with CoreNLP's name {c['agree'] / named:.3f} ({c['agree']}/{named}); "
            f"CoreNLP differs from the hand referent {wrong / named:.3f} ({wrong}/{named})"
        )


if __name__ == "__main__":
    main()
