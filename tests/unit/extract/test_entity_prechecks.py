"""The look-behind rules' pre-check never changes an answer: whenever a ``\\b(?:word)\\s+$``
rule matches a window, the cheap last-word check lets it run.

The windows are built from the rules' own words, their near misses and the characters
that make the edges hard (dots, apostrophes, non-ASCII case folds, odd whitespace).
"""

from __future__ import annotations

import random

import pytest

from stream.core.extract import entities as ent
from stream.core.extract.canonical import TITLES

PIECES = [
    *TITLES,
    *ent.GROUP_WORDS,
    *ent.ROLE_NOUNS.split("|"),
    "known as",
    "of",
    "ministry of",
    "Department Of",
    "secretary of",
    "MINISTER OF",
    "department\tof",
    "also known as",
    "such as",
    "called",
    "the",
    "like",
    "including",
    "Gov.",
    "GOV.",
    "ſenator",  # long s: IGNORECASE folds it to "s"
    "\u212aing",  # Kelvin sign: folds to "k"
    "İmam",
    "xpresident",
    "president_",
    "presidents",
    "said",
    "Okafor",
    "2024",
    "U.S.",
]
SEPARATORS = [" ", "  ", ", ", ",", ".", ". ", "\n", "\t", "\u00a0", "\u2009", "(", "'s ", "’", ""]


def windows(n: int, seed: int = 11) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 5)):
            word = rnd.choice(PIECES)
            case = rnd.random()
            word = word.upper() if case < 0.2 else word.title() if case < 0.5 else word
            parts += [word, rnd.choice(SEPARATORS)]
        parts.append(rnd.choice([" ", "\n", " \n", "\u00a0", "", ".", " the "]))
        out.append("".join(parts)[-60:])
    return out


def test_precheck_passes_whenever_a_rule_matches() -> None:
    matched = {"title": 0, "role": 0, "group": 0, "office": 0}
    for before in windows(30_000):
        tail = max(0, len(before) - ent.TAIL_CHARS)
        word, undotted = ent._words_before(before)
        if ent._PERSON_TITLE_BEFORE.search(before, tail):
            matched["title"] += 1
            assert ent._may_be(undotted, ent._TITLE_LAST), before
        if ent._ROLE_BEFORE.search(before, tail):
            matched["role"] += 1
            assert word in ent._ROLE_LAST, before
        if ent._GROUP_BEFORE.search(before):
            matched["group"] += 1
            assert ent._may_be(word, ent._GROUP_LAST), before
        office = before[-30:]  # the office rule's window
        if ent._OFFICE_BEFORE.search(office):
            matched["office"] += 1
            assert ent._may_be(ent._words_before(office)[0], ent._OF), office
    # the generator reaches every rule many times (the check is not vacuous)
    assert min(matched.values()) > 100, matched


@pytest.mark.parametrize(
    ("before", "word", "undotted"),
    [
        ("said Gov. ", "", "Gov"),
        ("Secretary of State\n", "State", "State"),
        ("the group known as the ", "the", "the"),
        ("analyst\u00a0", "analyst", "analyst"),
        ("no trailing space", "", ""),
        ("", "", ""),
        ("x.gov. ", "", "gov"),
    ],
)
def test_words_before(before: str, word: str, undotted: str) -> None:
    assert ent._words_before(before) == (word, undotted)


def test_non_ascii_folds_are_left_to_the_rule() -> None:
    assert ent._PERSON_TITLE_BEFORE.search("ſenator ")  # the rule matches it...
    assert ent._may_be(ent._words_before("ſenator ")[1], ent._TITLE_LAST)  # ...so must we
    assert not ent._may_be("Senate", ent._TITLE_LAST)
