"""Regexes rewritten for speed find exactly what their plain forms find.

The plain forms open with a look-ahead or an alternation, which the regex engine tries
at every position; the rewrites open with a character class (skipped to in C). Each is
checked against its plain form, match by match, on generated text built from the
characters and words that decide their edges.
"""

from __future__ import annotations

import random
import re

from stream.core.extract.missed import _NAME_RUN
from stream.core.extract.segment import _SENT_END

PLAIN_SENT_END = re.compile(r"[.!?…]+[\"”’')\]]*\s+|\n+")
_PLAIN_CAP = r"(?!(?:The|A|An|In|On|At|By|For|And|But|Of)\b)[A-Z][\w’'-]+"
PLAIN_NAME_RUN = re.compile(
    rf"{_PLAIN_CAP}(?:(?:\s+(?:de|del|de\s+la|de\s+los|da|dos|van|von|al|bin|of|of\s+the))?"
    rf"\s+{_PLAIN_CAP})+"
)


def spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


def test_sentence_end_matches_its_plain_form() -> None:
    rnd = random.Random(7)
    chars = "ab .!?…\n\"”’')] \t\u00a0\u2009"
    found = 0
    for _ in range(50_000):
        text = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 40)))
        want = spans(PLAIN_SENT_END, text)
        assert spans(_SENT_END, text) == want, repr(text)
        found += len(want)
    assert found > 100_000


def test_name_run_matches_its_plain_form() -> None:
    rnd = random.Random(5)
    words = [
        *("The", "A", "An", "In", "On", "At", "By", "For", "And", "But", "Of"),
        *("Ann", "Ta", "Then", "Andy", "Bye", "Fort", "Ox", "I", "O", "X", "Über", "Éclair"),
        *("de", "de los", "of the", "the", "’s", "-", "'", "Tren", "Aragua", "MS-13"),
    ]
    seps = [" ", "  ", "\n", ", ", ".", ""]
    found = 0
    for _ in range(50_000):
        text = "".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(1, 8)))
        want = spans(PLAIN_NAME_RUN, text)
        assert spans(_NAME_RUN, text) == want, repr(text)
        found += len(want)
    assert found > 5_000


def test_real_sentences_and_names() -> None:
    text = (
        "WASHINGTON (AP) — The U.S. designated Tren de Aragua and the Cartel of the Suns. "
        "“No,” said Ann Lee.\n\nAn aide to Gov. Jo Ray spoke... Then At Home Inc. left!"
    )
    assert spans(_SENT_END, text) == spans(PLAIN_SENT_END, text)
    assert spans(_NAME_RUN, text) == spans(PLAIN_NAME_RUN, text)
    assert [m.group(0) for m in _NAME_RUN.finditer(text)] == [
        "Tren de Aragua",
        "Cartel of the Suns",
        "Ann Lee",
        "Jo Ray",
        "Home Inc",
    ]
