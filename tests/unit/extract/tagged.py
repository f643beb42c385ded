"""Speakers of a body whose entity mentions are given by hand (the tagger's mistakes
fixed, or made, on purpose), so a speaker rule is tested whatever the model of the day
tags."""

from __future__ import annotations

import re

from schemas import Quote
from stream.core.extract import Extraction
from stream.core.extract.entities import EntityIndex
from stream.core.extract.mention import Mention
from stream.core.extract.quotes import find_quote_spans
from stream.core.extract.segment import segment
from stream.core.extract.speakers import attribute_quotes

#: The two invented people most speaker tests quote: full names first, then the surnames
#: that refer back to them (``attribute`` tags the surfaces in this order, no overlaps).
LUND_OKAFOR = [
    ("Ana Lund", "PERSON", "Ana Lund"),
    ("Tom Okafor", "PERSON", "Tom Okafor"),
    ("Lund", "PERSON", "Ana Lund"),
    ("Okafor", "PERSON", "Tom Okafor"),
]


def attribute(body: str, tags: list[tuple[str, str, str]]) -> list[Quote]:
    """Speakers of ``body`` with entity mentions given by hand: each (surface, label,
    canonical) is tagged at every place the surface occurs that an earlier tag does not
    cover."""
    mentions: list[Mention] = []
    for surface, label, canonical in tags:  # longer surfaces first: no overlaps
        for m in re.finditer(re.escape(surface), body):
            if not any(o.start < m.end() and m.start() < o.end for o in mentions):
                owner = body[m.end() : m.end() + 2] in ("'s", "’s")  # as NER mentions are
                mentions.append(Mention(m.start(), m.end(), surface, label, canonical, owner))
    mentions.sort(key=lambda m: m.start)
    index = EntityIndex(mentions=mentions)
    for m in mentions:
        index.label[m.canonical] = m.label
        index.display.setdefault(m.canonical, m.canonical)
    seg = segment(body)
    return attribute_quotes(body, seg, index, find_quote_spans(body, seg))


def full(ex: Extraction) -> list[Quote]:
    """The full quotes of an extraction (fragments left out)."""
    return [q for q in ex.quotes if q.kind == "full"]
