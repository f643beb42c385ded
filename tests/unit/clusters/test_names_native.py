"""The compiled ``story_phrases``, ``story_lead`` and ``story_names``
(``wirestream_native``) equal the Python reference.

The names in ``wire.clusters`` records must not depend on which path ran: compared name
list for name list on the seeds, the dedup evaluation set, the benchmark's synthetic
stories and generated text aimed at the edges (capitalized runs, ``de``/``of`` joiners,
figures and years, apostrophes, endless runs, the lead's cut, missing headlines). The
compiled module is required (``make`` builds it): missing, these tests fail.
"""

from __future__ import annotations

import itertools
import random
import re
import string
from pathlib import Path

import pytest

from schemas import NormalizedStory
from stream.core.clusters import names
from stream.core.dedup import fingerprint
from tests.unit.textgen import line_bodies

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def _compiled(
    story: NormalizedStory, limit: int = names.STORY_NAMES, method: str = "story_phrases"
) -> list[str] | None:
    native = fingerprint.NATIVE
    assert native is not None, "wirestream_native is not built (make install)"
    return getattr(native, method)(
        story.headline,
        story.body,
        limit=limit,
        lead_chars=names.LEAD_CHARS,
        name_chars=names.NAME_CHARS,
        min_word_chars=names.MIN_WORD_CHARS,
    )


def _assert_equal(story: NormalizedStory, limit: int = names.STORY_NAMES) -> list[str]:
    """The phrases, the lead and the names shown (display.py) are the same either way;
    returns the phrases."""
    got = _compiled(story, limit)
    assert got is not None, f"declined: {story.body[:80]!r}"
    want = names.reference_story_phrases(story, limit)
    assert got == want, story.body[:200]
    assert names.story_phrases(story, limit) == want
    native = fingerprint.NATIVE
    lead = native.story_lead(story.headline, story.body, lead_chars=names.LEAD_CHARS)
    assert lead == names.lead(story), story.body[:200]
    shown = names.reference_story_names(story, limit)
    assert _compiled(story, limit, "story_names") == shown, story.body[:200]
    assert names.story_names(story, limit) == shown
    return want


def _story(body: str, headline: str | None = None, story_id: str = "s") -> NormalizedStory:
    return NormalizedStory(story_id=story_id, headline=headline, body=body or "x")


def test_equal_on_the_seeds_and_the_eval_set():
    from eval.dedup.generate import items

    eval_stories = [_story(it["body"], it["headline"], it["story_id"]) for it in items()]
    seeds = [_story(p.read_text(encoding="utf-8"), p.stem) for p in sorted(SEEDS.glob("*.txt"))]
    found = [_assert_equal(s) for s in seeds + eval_stories]
    assert sum(bool(f) for f in found) >= 0.9 * len(found)  # real names were compared
    assert any(len(f) == names.STORY_NAMES for f in found)  # and the limit was reached


def test_equal_on_the_benchmark_stories():
    from bench.bench_dedup import Corpus

    corpus = Corpus(seed=11)
    for i in range(150):
        story = corpus.story(i)
        _assert_equal(story.model_copy(update={"headline": f"H{i}" if i % 3 else None}))


_PIECES = [
    "de",
    "of",
    "van",
    "of the",
    "Tren de Aragua",
    "Office of Legal Counsel",
    "The",
    "Said",
    "Monday",
    "Mr",
    "U.S.",
    "Trump's",
    "Trump’s",
    "O'Neill",
    "rock ’n’ roll",
    "1,200",
    "3,400,000",
    "1999",
    "2024",
    "93rd",
    "five",
    "Five",
    "million",
    "people",
    "“Quoted Name here said Anna”",
    '"Straight Quote"',
    "—",
    "…",
    "\u00a0",
    ".",
    ", ",
    "\n",
    "\n\n",
    "\r\n",
    "Sign up for our newsletter.",
    "X" * 45,
    "Ab" * 30,
    "Nicolás Maduro",
    "São Paulo",
    "SÃO PAULO",
    "Ünal",
    "Straße",
    "Łódź",
    "Nguyễn Văn",
    "ÉLAN",
    "élan",
    "É" * 41,
    "de la Peña",
    "ß",
]


def _random_text(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        roll = rng.random()
        if roll < 0.3:
            out.append(rng.choice(_PIECES))
        elif roll < 0.6:  # capitalized words, often in runs of a few
            run = rng.choice([1, 1, 2, 3, 6])
            out.append(
                " ".join(
                    rng.choice("ABCDEKLMNORST") + "".join(rng.choices("aeiklmnorst", k=4))
                    for _ in range(run)
                )
            )
        elif roll < 0.67:
            out.append(str(rng.randrange(10**5)))
        else:
            out.append("".join(rng.choices("aeiklmnorst", k=rng.randint(1, 8))))
        out.append(rng.choice([" ", " ", " ", "", ". ", ".\n", "\n"]))
    return "".join(out)


@pytest.mark.parametrize("seed", range(60))
def test_equal_on_generated_stories(seed):
    rng = random.Random(seed)
    body = _random_text(rng, rng.choice([1, 5, 40, 200, 600, 2000]))
    headline = rng.choice([None, "", _random_text(rng, rng.randint(1, 12)), "Ünal wins’ race"])
    for limit in (names.STORY_NAMES, 1, 3):
        _assert_equal(_story(body, headline), limit)


# What the names shown (display.py) cut at, put back or leave out.
_DISPLAY_PIECES = [
    "New", "St.", "St", "Mt.", "Mt", "(New", "“New", "xNew",
    "Anna", "Quist", "Quist’s", "Quist's", "Quists’", "QUIST", "O’Neil", "O'Neil",
    "de", "of", "la", "Van", "Le", "LA", "De", "of the",
    "J.", "K.", "U.S.", "J.K.", "A", "I",
    "Jean-Luc", "AT&T", "BlackBerry®", "Q10", "9News", "eBay",
    "Éva", "Ørsted", "Łódź", "élan", "Straße", "São",
    ",", ".", ";", ":", "!", "?", "—", "–", "/", "(", ")", "[", "]", "“", "”", '"', "«", "»",
    "’", "'", "…", "said", "the", "and", "\n",
]  # fmt: skip


def _display_text(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        piece = rng.choice(_DISPLAY_PIECES)
        out.append(piece)
        out.append(rng.choice([" ", " ", " ", "", ". ", "\n", "\u00a0", ", "]))
    return "".join(out)


@pytest.mark.parametrize("seed", range(80))
def test_equal_on_generated_display_edges(seed):
    rng = random.Random(1000 + seed)
    body = _display_text(rng, rng.choice([3, 20, 80, 400]))
    headline = rng.choice(
        [None, _display_text(rng, rng.randint(1, 8)), "Anna Quist Wins Harwick Mill Race Again"]
    )
    for limit in (names.STORY_NAMES, 2):
        _assert_equal(_story(body, headline), limit)


def test_equal_on_endless_runs_and_long_names():
    rng = random.Random(5)
    found: list[list[str]] = []
    caps = [
        rng.choice(string.ascii_uppercase) + "".join(rng.choices("aeiou", k=5)) for _ in range(800)
    ]
    for body in (
        " ".join(caps) + ".",  # one run past LEAD_CHARS, longer than NAME_CHARS: no name
        " of ".join(caps[:200]) + ".",  # a run held together by joiners
        ". ".join(f"{a} {b} said {i}" for i, (a, b) in enumerate(itertools.pairwise(caps))),
        ("Zed Quist " * 300).strip() + ".",
        "A" * 5000 + " Bob Vance said.",  # a token longer than MAX_TOKEN_CHARS
    ):
        story = _story(body, "Quist Zed")
        _assert_equal(story)
        shown = names.story_names(story)
        assert all(len(n) <= names.NAME_CHARS for n in shown)
        assert all(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", "Quist Zed\n" + body) for n in shown)
        found.append(shown)
    # an endless run is no name (only the headline's is shown); names cut from runs by
    # full stops are
    assert found[0] == found[1] == found[3] == ["Quist Zed"]
    assert len(found[2]) == names.STORY_NAMES


def test_the_lead_is_cut_alike():
    # The body's first 3 * LEAD_CHARS characters, then LEAD_CHARS of prose lines, with a
    # name straddling each cut (multi-byte letters before it move the byte offsets).
    for pad in range(0, 12):
        for filler in ("word ", "é "):
            head = filler * ((names.LEAD_CHARS - pad) // len(filler))
            body = f"{head}Anna Quist Brno and Peña Ruiz met.\n{head}Bob Vance said.\nZed Ono."
            _assert_equal(_story(body, "Lead"))
            body = "Chrome line\n" + "x" * (3 * names.LEAD_CHARS - 6 - pad) + " Anna Quist said."
            _assert_equal(_story(body, None))


def test_text_python_must_read_is_declined_and_falls_back():
    for text in ("Ω Alpha Beta said.", "İstanbul Mayor Ekrem said.", "Nicola\u0301s Maduro said."):
        for story in (_story(text), _story("Anna Quist said.", text)):
            assert _compiled(story) is None
            assert names.story_phrases(story) == names.reference_story_phrases(story)
    surrogate = _story("Anna Quist \ud800 said.", "h\udfff")
    assert _compiled(surrogate) is None
    assert names.story_phrases(surrogate) == names.reference_story_phrases(surrogate)


def test_python_path_without_the_compiled_module(monkeypatch):
    story = _story(
        "Anna Quist met Bob Vance in Brno on Friday, and Anna Quist said so.", "Talks held"
    )
    want = _assert_equal(story)
    assert want == ["Anna Quist", "Bob Vance"]  # most mentioned first; lone ASCII words out
    monkeypatch.setattr(fingerprint, "NATIVE", None)
    assert names.story_phrases(story) == want


def _chrome_bodies(rng: random.Random) -> list[str]:
    from stream.core.dedup.text import CHROME_PHRASES

    lines = [
        "Sign up for our newsletter.",
        "Short Headline Line",
        "Anna Quist Of Brno said it went well.”",
        "Ends with a closer, said Bob Vance.)",
        "ends with colon, Peña Ruiz:",
        "Zed Ono and Ida Berg " * 9,
        "x" * 320 + " Subscribe Now Here.",
        "\u00a0 Quist Vance padded with spaces \u2003.",
        "Line\u2028Break Quist",
        "Tab\tHere; ",
        "   ",
        "",
    ] + [f"Please {p} today, Anna Quist." for p in CHROME_PHRASES]
    return line_bodies(rng, lines, 80, 40)


def test_equal_on_chrome_lines_and_every_line_break():
    # Bodies with no prose line at all (every line is read), chrome before the lead,
    # prose past the lead (not read): all must give Python's names.
    for body in _chrome_bodies(random.Random(6)):
        _assert_equal(_story(body, random.Random(len(body)).choice([None, "Ida Berg"])))


def test_only_text_the_lead_reads_can_decline():
    prose = "Anna Quist met Bob Vance in Brno on Friday and said it went well. " * 30
    after = _story(prose + "\nΩ Alpha Beta said so.")  # past the lead: not read
    assert _compiled(after) == names.reference_story_phrases(after)
    before = _story("Ω Alpha Beta\n" + prose)  # a chrome line before it: read
    assert _compiled(before) is None
    assert names.story_phrases(before) == names.reference_story_phrases(before)
