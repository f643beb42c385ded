"""Attributions that belong to the whole sentence, not to the words next to the quote.

News English often closes a sentence with its attribution, after the reporter's own
words that carry the quote: ``"This will be hard" for the mayor, said Okafor.``, ``It
has used "velvet gloves" in its dealings with them, Wirt said.``. The attribution then
covers everything before it in the sentence, the quote included, even though it does not
stand next to the closing mark (where ``Attributor._after`` looks).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from stream.core.extract.quotes import QuoteSpan
from stream.core.extract.speaker_lexicon import MAX_LOOK, REPORTED_CLAUSE
from stream.core.extract.speaker_patterns import AFTER_CUE_SPK, AFTER_SPK_CUE, mask_abbrev, norm_cue
from stream.core.extract.speaker_resolve import Attribution

if TYPE_CHECKING:
    from stream.core.extract.speaker_chunk import ChunkReader

#: A comma (or a dash) that may open the attribution piece closing a sentence.
_PIECE = re.compile(r",|\s[—–-]\s|[—–]")
#: What may follow ``X said`` before the sentence ends: an adverbial, no clause.
_CLOSING_REST = re.compile(r"[^,;:\"“”]{0,60}")


def closing_attribution(r: ChunkReader, q: QuoteSpan) -> Attribution | None:
    """The attribution that ends the quote's sentence after some words of the reporter
    (``..." for Clinton, said Kunin.``; ``..." in its dealings, Wirt said.``), when no
    other quote stands between them. None when the sentence does not end so."""
    a = q.close_mark + 1
    s1 = r.seg.sentence_end(q.close_mark)
    if s1 - a > MAX_LOOK:
        return None  # bounded: one "sentence" may be a whole unpunctuated body
    tail = mask_abbrev(r.text[a:s1]).rstrip()
    if not tail or any(ch in tail for ch in '"“”\n'):
        return None
    for piece in _PIECE.finditer(tail):
        if not tail[: piece.start()].strip():
            continue  # right at the closing mark: the ordinary after-look reads it
        rest = tail[piece.start() :]
        m = AFTER_CUE_SPK.match(rest)
        if m:
            att = r._speaker_of_chunk(
                a + piece.start() + m.start("spk"),
                a + piece.start() + m.end("spk"),
                norm_cue(m.group("cue")),
            )
            if att is not None and att.speaker is not None:
                return att
        m = AFTER_SPK_CUE.match(rest)
        if (
            m
            and "," not in m.group("spk")  # a later piece is nearer the cue
            and not REPORTED_CLAUSE.match(rest, m.end())
            and _CLOSING_REST.fullmatch(rest, m.end(), len(rest.rstrip(".!?")))
        ):
            att = r._speaker_of_chunk(
                a + piece.start() + m.start("spk"),
                a + piece.start() + m.end("spk"),
                norm_cue(m.group("cue")),
            )
            if att is not None and att.speaker is not None:
                return att
    return None
