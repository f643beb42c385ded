"""Regexes rewritten for speed find exactly what their plain forms find.

The plain forms open with a look-ahead or an alternation, which the regex engine tries
at every position; the rewrites open with a character class (skipped to in C). Each is
checked against its plain form, match by match, on generated text built from the
characters and words that decide their edges.
"""

from __future__ import annotations

import random
import re

from stream.core.extract.entities import _GROUP_AFTER, _GROUP_ALT
from stream.core.extract.missed import _NAME_RUN
from stream.core.extract.segment import _SENT_END
from stream.core.extract.speaker_cues import CUE_ALT
from stream.core.extract.speaker_lexicon import (
    ADV,
    AUX_ONLY,
    INFINITIVE_TAIL,
    TRAILING_ADVERB,
    TRAILING_ADVERB_LC,
    TRAILING_AUX,
)
from stream.core.extract.speaker_patterns import (
    AFTER_SPK_CUE,
    AFTER_SPK_HEARD,
    NAMING_VERB,
    PART_ALT,
)

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


# Rewritten so a run of spaces is read once (possessive quantifiers): the plain forms
# had two or three adjacent space quantifiers, which backtrack over every way of
# sharing a long run of spaces between them.
PLAIN_NAMING_VERB = re.compile(
    r"(?:^|[\s,])(?:that|which|what|who|(?i:after|before|when|because|since|until|once|"
    r"although|though|whereas|while)\b)?\s*(?P<spk>[^,;:.!?\"“”]{0,60}?(?:,(?:[^,;:.!?\"“”]|(?<=\d)[,.](?=\d{3})){1,40},(?:\s*[a-z]+ly(?![a-z]))?)?)"
    r"(?<!\bso)\s+(?P<cue>called|calls|dubbed|dubs|labeled|labelled|labels|branded|brands|termed|terms)"
    r"\s+(?!(?:for|on|upon|off|out|up|in|back)\s)(?:[\w’'-]+\s+){0,4}?$"
)
PLAIN_GROUP_AFTER = re.compile(
    rf"^\s*\)?\s*(?:,\s*(?:a|an|another|the|one)\s+(?:[\w-]+\s+){{0,3}}(?:{_GROUP_ALT})\b|"
    rf"(?:,?\s+and\s+(?:\w+\s+){{0,2}}other\s+(?:[\w-]+\s+){{0,2}}(?:{_GROUP_ALT})\b)|"
    rf"(?:,?\s+as\s+(?:an?\s+)?(?:[\w-]+\s+){{0,3}}(?:{_GROUP_ALT})\b)|"
    rf"(?:\s*(?:\([^()]{{0,40}}\))?\s+(?:is|was|are|were|remains)\s+(?:a|an|the)\s+"
    rf"(?:[\w-]+\s+){{0,3}}(?:{_GROUP_ALT})\b))",
    re.IGNORECASE,
)


def _naming(rx: re.Pattern[str], text: str) -> tuple[tuple[int, int], str] | None:
    """What ``speakers._partial`` reads of a match: the name's span (when it is not
    blank) and the cue."""
    m = rx.search(text)
    if m is None or not m.group("spk").strip():
        return None
    return m.span("spk"), m.group("cue")


def test_naming_verb_matches_its_plain_form() -> None:
    rnd = random.Random(11)
    words = ["so", "called", "dubbed", "calls", "it", "that", "who", "When", "Okafor", "the", "x"]
    seps = [" ", "  ", "   ", "\n", ", ", ",", ".", "“"]
    found = 0
    for _ in range(40_000):
        n = rnd.randint(1, 9)
        text = "".join(rnd.choice(seps) + rnd.choice(words) for _ in range(n)) + rnd.choice(
            [" ", "  ", " it ", " the plan "]
        )
        want = _naming(PLAIN_NAMING_VERB, text)
        assert _naming(NAMING_VERB, text) == want, repr(text)
        found += want is not None
    assert found > 5_000


def test_group_after_matches_its_plain_form() -> None:
    rnd = random.Random(13)
    words = ["and", "as", "a", "an", "the", "other", "gang", "groups", "is", "was", "x-y", "two"]
    words += ["(", ")", "(the cartel)", ",", ""]
    seps = [" ", "  ", "\t", "", ", ", "\n"]
    found = 0
    for _ in range(60_000):
        text = "".join(rnd.choice(seps) + rnd.choice(words) for _ in range(rnd.randint(1, 8)))
        want = PLAIN_GROUP_AFTER.match(text)
        got = _GROUP_AFTER.match(text)
        assert (got and got.span()) == (want and want.span()), repr(text)
        found += want is not None
    assert found > 500


def test_guard_on_the_form_space_runs_are_read_once() -> None:
    # a guard on the regexes' form, not on their matches: the structural bound (speed
    # itself is measured in bench/bench_pathological.py): the spaces before the name and
    # before the cue, and those after a name, are each read by one possessive or atomic
    # quantifier, never shared out by backtracking
    assert NAMING_VERB.pattern.startswith("(?:^|[\\s,])(?>(?:that|which|what|who|")
    assert ")?\\s*)(?P<spk>" in NAMING_VERB.pattern
    assert "\\s++(?P<cue>" in NAMING_VERB.pattern
    assert _GROUP_AFTER.pattern.startswith("^\\s*+(?:\\)\\s*+)?")
    assert "]*+(?P<spk>" in AFTER_SPK_CUE.pattern and ")\\s++" in AFTER_SPK_CUE.pattern
    assert NAMING_VERB.search(" " * 130 + "so called ") is None
    assert _GROUP_AFTER.match(" " * 80) is None
    assert AFTER_SPK_CUE.match(" " * 300 + "x") is None


PLAIN_AFTER_SPK_CUE = re.compile(
    rf"^[ \t\u00a0,.!?;:—–-]*(?P<spk>[^\"“”\n.!?;:]{{1,160}}?)\s+{ADV}(?P<cue>{CUE_ALT})\b",
    re.IGNORECASE,
)


def test_after_spk_cue_matches_its_plain_form_on_every_name() -> None:
    # the plain form also matched a "name" of marks and spaces alone (``" — said``), which
    # names nobody (``_speaker_of_chunk`` strips it to nothing); the rewrite reads the
    # marks once, so it finds no such blank name: every other match is the same
    rnd = random.Random(17)
    words = ["said", "told", "Lund", "he", "later", "has", "the", "mayor", "x", "—", "-", "."]
    words += [",", "?", "“", "\n"]
    seps = [" ", "  ", "\t", "\u00a0", "", ", ", " — "]
    found = 0
    for _ in range(60_000):
        text = "".join(rnd.choice(seps) + rnd.choice(words) for _ in range(rnd.randint(1, 7)))
        want = PLAIN_AFTER_SPK_CUE.match(text)
        if want is None or not want.group("spk").strip(" \t\u00a0,—–-"):
            continue
        got = AFTER_SPK_CUE.match(text)
        assert got is not None and got.span("spk") == want.span("spk"), repr(text)
        assert got.group("cue") == want.group("cue")
        found += 1
    assert found > 5_000


def test_tails_from_a_runs_first_space_match_their_plain_forms() -> None:
    rnd = random.Random(19)
    words = ["Okafor", "later", "Later", "also", "quickly", "to", "on", "goes", "x", ""]
    seps = [" ", "   ", "\t", "\n", ""]
    pairs = [
        (TRAILING_ADVERB, re.compile(TRAILING_ADVERB.pattern.removeprefix("(?<!\\s)"), re.I)),
        (TRAILING_ADVERB_LC, re.compile(TRAILING_ADVERB_LC.pattern.removeprefix("(?<!\\s)"))),
        (INFINITIVE_TAIL, re.compile(INFINITIVE_TAIL.pattern.removeprefix("(?<!\\s)"))),
    ]
    for rx, plain in pairs:
        assert rx.pattern.startswith("(?<!\\s)") and plain.pattern != rx.pattern
    found = 0
    for _ in range(30_000):
        text = "".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(1, 6)))
        for rx, plain in pairs:
            assert rx.sub("", text) == plain.sub("", text), repr(text)
            found += plain.search(text) is not None
    assert found > 5_000


# The auxiliary and adverb tails as they were written before their word lists were
# shared (``_AUX``, ``_AUX_ADVERB``, ``_TRAILING_ADVERB`` in speaker_lexicon.py).
LISTED_TAILS = {
    "TRAILING_ADVERB": re.compile(
        r"(?<!\s)\s+(?:also|then|later|again|once|still|further|\w+ly)$", re.I
    ),
    "TRAILING_ADVERB_LC": re.compile(
        r"(?<!\s)\s+(?:also|then|later|again|once|still|further|[a-z]+ly)$"
    ),
    "TRAILING_AUX": re.compile(
        r"(?<!\s)\s+(?:has|have|had|will|would|could|can|might|may|should|must|shall|did|does|do)"
        r"(?:\s+(?:not|also|long|since|then|later|again|once|still|never|often|[a-z]+ly))*$"
    ),
    "AUX_ONLY": re.compile(
        r"(?:(?:has|have|had|will|would|could|can|might|may|should|must|shall|did|does|do|not|"
        r"also|long|since|then|later|again|once|still|never|often|[a-z]+ly)(?:\s+|$))*"
    ),
}


def test_shared_word_lists_build_the_listed_tails() -> None:
    rnd = random.Random(23)
    shared = {
        "TRAILING_ADVERB": TRAILING_ADVERB,
        "TRAILING_ADVERB_LC": TRAILING_ADVERB_LC,
        "TRAILING_AUX": TRAILING_AUX,
        "AUX_ONLY": AUX_ONLY,
    }
    words = [
        *("has", "have", "had", "do", "does", "did", "shall", "may", "May", "Has"),
        *("not", "long", "since", "never", "often", "still", "further", "Later", "later"),
        *("quickly", "Kelly", "Okafor", "the", "union", "said", "doe", "often1", ""),
    ]
    seps = [" ", "  ", "\t", "\n", ""]
    found = 0
    for _ in range(30_000):
        text = "".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(1, 6)))
        for name, listed in LISTED_TAILS.items():
            rx = shared[name]
            if name == "AUX_ONLY":
                got, want = rx.fullmatch(text), listed.fullmatch(text)
                assert (got is None) == (want is None), (name, repr(text))
                found += want is not None and text.strip() != ""
            else:
                assert rx.sub("", text) == listed.sub("", text), (name, repr(text))
                found += listed.search(text) is not None
    assert found > 5_000


PLAIN_AFTER_SPK_HEARD = re.compile(
    rf"^[ \t\u00a0,.!?;:—–-]*(?P<spk>[^\"“”\n.!?;:]{{1,120}}?)\s+"
    rf"(?:(?:can|could|may|might)\s+be|is|are|was|were)\s+heard\s+(?P<cue>{PART_ALT})\b",
    re.IGNORECASE,
)


def test_after_spk_heard_matches_its_plain_form_on_every_name() -> None:
    # the plain form tried every split of a leading run of spaces (a quote followed by
    # 300 spaces took 0.3 s); the rewrite reads the run once and splits a name from its
    # verb at a run's first space only. As above, a blank "name" of marks alone is gone.
    rnd = random.Random(23)
    words = ["a", "fan", "Lund", "can", "be", "was", "x", "—", "-", ",", ".", "heard"]
    tails = ["can be", "could  be", "was", "is", "were", "be", "can", ""]
    seps = [" ", "  ", "\t", "\u00a0", "", ", ", " — ", "   \t "]

    def part(choices: list[str], n: int) -> str:
        return "".join(rnd.choice(seps) + rnd.choice(choices) for _ in range(n))

    found = 0
    for _ in range(60_000):
        text = (
            part(words, rnd.randint(0, 4))
            + part(tails, 1)
            + part(["heard"], rnd.randint(0, 1))
            + part(["saying", "asking", "x", "heard"], 1)
            + part(words, rnd.randint(0, 2))
        )
        want = PLAIN_AFTER_SPK_HEARD.match(text)
        if want is None or not want.group("spk").strip(" \t\u00a0,—–-"):
            continue
        got = AFTER_SPK_HEARD.match(text)
        assert got is not None and got.span("spk") == want.span("spk"), repr(text)
        assert got.group("cue") == want.group("cue")
        found += 1
    assert found > 1_000
