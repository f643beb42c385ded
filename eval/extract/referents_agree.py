"""Inter-annotator agreement of the two blind labellers of PolNeAR pronoun referents.

Usage: ``.venv/bin/python eval/extract/referents_agree.py [--split heldout|dev|all] [--list]``

Labeller A's labels are ``polnear_referents.json``, labeller B's ``polnear_referents_b.json``
(docs/extract.md, "Blind hand referents"). Over the items both labelled (key: article id,
gold ``start``) it prints the raw agreement: two referents agree when ``same_speaker``
matches them either way round (a titled or shorter form of one name), and two nulls agree.
A's value is its original label (``referent_a`` on rows adjudicated later), so the figure
does not move when the adjudicated referent is written back. ``--list`` prints each
disagreement (keys and names only, never article text).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eval.extract.polnear import REFERENTS, norm, same_speaker  # noqa: E402

REFERENTS_B = REFERENTS.with_name("polnear_referents_b.json")

Key = tuple[str, int]


def same_referent(a: str | None, b: str | None) -> bool:
    """One referent: both null, or ``same_speaker`` either way round, except two full
    names whose first names start differently (``same_speaker`` lets a shared surname
    match, so ``Eric Trump`` / ``Donald Trump`` would otherwise count as agreement; the
    initial, not the whole first name, so ``Joe`` / ``Joseph`` and a mis-encoded accent
    still agree)."""
    if a is None or b is None:
        return a is None and b is None
    if _other_first_name(a, b):
        return False
    return same_speaker(a, b) or same_speaker(b, a)


def _other_first_name(a: str, b: str) -> bool:
    wa, wb = norm(a).split(), norm(b).split()
    names = a[:1].isupper() and b[:1].isupper() and len(wa) > 1 and len(wb) > 1
    return names and wa[-1] == wb[-1] and wa[0][0] != wb[0][0]


def original_a(row: dict) -> str | None:
    """Labeller A's own label (before adjudication rewrote ``referent``)."""
    return row["referent_a"] if "referent_a" in row else row["referent"]


@dataclass
class Agreement:
    """Counts over the shared items of one split and the disagreeing keys."""

    shared: int = 0
    agree: int = 0
    unsure: int = 0  # marked unsure by either labeller
    only_a: int = 0
    only_b: int = 0
    disagreements: list[tuple[dict, dict]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.agree / self.shared if self.shared else 0.0


def compare(rows_a: Iterable[dict], rows_b: Iterable[dict], split: str = "all") -> Agreement:
    """Agreement of A and B over the items both labelled (``split``: one split or all)."""

    def keyed(rows: Iterable[dict]) -> dict[Key, dict]:
        return {(r["id"], r["start"]): r for r in rows if split in ("all", r["split"])}

    a, b = keyed(rows_a), keyed(rows_b)
    out = Agreement(only_a=len(a.keys() - b.keys()), only_b=len(b.keys() - a.keys()))
    for key in sorted(a.keys() & b.keys()):
        ra, rb = a[key], b[key]
        out.shared += 1
        out.unsure += bool(ra.get("unsure") or rb.get("unsure"))
        if same_referent(original_a(ra), rb["referent"]):
            out.agree += 1
        else:
            out.disagreements.append((ra, rb))
    return out


def _rows(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["referents"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--a", type=Path, default=REFERENTS)
    ap.add_argument("--b", type=Path, default=REFERENTS_B)
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="heldout")
    ap.add_argument("--list", action="store_true", help="print every disagreement")
    args = ap.parse_args()
    res = compare(_rows(args.a), _rows(args.b), args.split)
    print(
        f"{args.split}: {res.shared} items labelled by both (only A {res.only_a}, "
        f"only B {res.only_b}); agree {res.agree}/{res.shared} = {res.rate:.3f}; "
        f"disagree {len(res.disagreements)}; unsure by either {res.unsure}"
    )
    if args.list:
        for ra, rb in res.disagreements:
            fin = f" final={ra['referent']!r}" if ra.get("adjudicated") else ""
            print(
                f"  {ra['id'][8:60]} start={ra['start']} {ra['mention']!r}: "
                f"A={original_a(ra)!r} B={rb['referent']!r}{fin}"
            )


if __name__ == "__main__":
    main()
