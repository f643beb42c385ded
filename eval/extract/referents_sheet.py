"""A reading sheet for the blind hand referents of PolNeAR pronoun quotes.

Usage: ``.venv/bin/python eval/extract/referents_sheet.py [--split heldout|dev] [--sample N]``

Prints every gold ``direct`` quote whose annotated source mention is a pronoun, with the
article text from its beginning to the end of the paragraph after the quote's, the
source mention marked ``[[he]]#k`` and the quote ``<<...>>#k``. Items of one article are
printed together (one copy of the text, each item numbered), each with its key
``article id``, gold ``start``. It never prints ``speaker_name_corenlp`` nor runs the
extractor: the labeller reads the text blind to every system's answer
(``polnear_referents.json`` records the labels; docs/extract.md the protocol).
``--sample N`` prints only the first N items by hash (``sample_keys``), the fixed dev
sample a second labeller reads (``polnear_referents_b.json``).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eval.extract.polnear import DATA, gold_kind_of_mention, load_split  # noqa: E402


def pronoun_items(article: dict) -> list[dict]:
    """The gold direct quotes of ``article`` whose source mention is a pronoun."""
    return [
        g
        for g in article["quotes"]
        if g["kind"] == "direct" and gold_kind_of_mention(g["speaker"] or "") == "pronoun"
    ]


def numbered(articles: list[dict]) -> Iterator[tuple[int, dict, list[dict]]]:
    """``(n, article, items)`` for the articles with pronoun items, ``n`` from 1: the
    sheet's article numbers (``n#k`` names an item in the sheet and the check)."""
    n = 0
    for art in articles:
        items = pronoun_items(art)
        if items:
            n += 1
            yield n, art, items


def sample_keys(articles: list[dict], n: int) -> set[tuple[str, int]]:
    """The first ``n`` items by ``sha1(article id + str(start))``: a fixed sample (for a
    second labeller), chosen by hash, not by content."""

    def h(key: tuple[str, int]) -> str:
        return hashlib.sha1(f"{key[0]}{key[1]}".encode()).hexdigest()

    keys = [(a["id"], g["start"]) for a in articles for g in pronoun_items(a)]
    return set(sorted(keys, key=h)[:n])


def _paragraph_end(text: str, pos: int) -> int:
    end = text.find("\n\n", pos)
    return len(text) if end < 0 else end


def sheet(article: dict, items: list[dict]) -> str:
    """The article's text up to the paragraph after its last item's quote, marked."""
    text = article["text"]
    last = max(max(g["end"], g["speaker_end"] or 0) for g in items)
    stop = _paragraph_end(text, _paragraph_end(text, last) + 2)
    marks: list[tuple[int, int, str]] = []  # (position, order, mark): closers first
    for k, g in enumerate(items, 1):
        marks += [(g["start"], 1, "<<"), (g["end"], 0, f">>#{k}")]
        marks += [(g["speaker_start"], 1, "[["), (g["speaker_end"], 0, f"]]#{k}")]
    out, prev = [], 0
    for pos, _, mark in sorted(m for m in marks if m[0] <= stop):
        out += [text[prev:pos], mark]
        prev = pos
    out.append(text[prev:stop])
    return "".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--split", choices=("dev", "heldout"), default="heldout")
    ap.add_argument("--article", type=int, default=0, help="only the Nth article with items")
    ap.add_argument("--sample", type=int, default=0, help="only the hash sample of N items")
    args = ap.parse_args()
    articles = load_split(args.data, args.split)
    keep = sample_keys(articles, args.sample) if args.sample else None
    for n, art, items in numbered(articles):
        if args.article and n != args.article:
            continue
        if keep is not None:
            items = [g for g in items if (art["id"], g["start"]) in keep]
            if not items:
                continue
        print(f"===== article {n}: {art['id']}")
        for k, g in enumerate(items, 1):
            print(f"  #{k} start={g['start']} mention={g['speaker']!r}")
        print(sheet(art, items))
        print()


if __name__ == "__main__":
    main()
