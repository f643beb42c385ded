"""The compiled fingerprinter (``wirestream_native``) equals the Python reference.

``make`` builds and installs it (native/), so these tests require it: a missing build
is a failure here, not a skip. Equality is checked value for value on the dedup
evaluation set, the seeds, and generated text aimed at the edges (separators outside
ASCII, digit grouping, apostrophes, quotes of every length, long tokens, more facts
and features than the caps).
"""

from __future__ import annotations

import random
import string
from pathlib import Path

import numpy as np
import pytest

from schemas import NormalizedStory
from stream.core.dedup import facts, fingerprint, salient
from stream.core.dedup.text import article_lines
from tests.unit.textgen import line_bodies

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def _native():
    assert fingerprint.NATIVE is not None, "wirestream_native is not built (make install)"
    return fingerprint.NATIVE


def _assert_equal(text: str) -> None:
    got = _native().fingerprint(text)
    assert got is not None, f"declined: {text[:80]!r}"
    want = fingerprint.reference_parts(text)
    assert got[0] == want[0], "content hash"
    assert np.array_equal(got[1], want[1]), "near MinHash"
    assert got[2] == want[2], "shingle count"
    assert np.array_equal(got[3], want[3]), "facts"
    assert np.array_equal(got[4], want[4]), "event features"
    assert len(got) == len(want) == 5
    for array in (got[1], got[3], got[4]):
        assert array.dtype == np.uint32


def _article(body: str) -> str:
    return "\n".join(article_lines(body))


def _eval_bodies() -> list[str]:
    from eval.dedup.generate import items

    return [it["body"] for it in items()]


def test_equal_on_the_eval_set_and_the_seeds():
    # Wire copy in English is ASCII plus punctuation and Latin letters (Nicolás, São
    # Paulo): all of it takes the compiled path.
    for body in _eval_bodies() + [p.read_text() for p in sorted(SEEDS.glob("*"))]:
        _assert_equal(_article(body))


_PIECES = [
    "“",
    "”",
    '"',
    "’",
    "'",
    "‘",
    "`",
    "´",
    "—",
    "–",
    "…",
    "\u00a0",
    "©",
    "€",
    ",",
    ", ",
    "1,200",
    "12,34",
    "3,400,000",
    "de",
    "of",
    "van",
    "Five",
    "five",
    "million",
    "people",
    "1999",
    "2024",
    "93rd",
    "The",
    "Said",
    "\n",
    "\n\n",
    ".",
    "_",
    "x" * 45,
    "Y" * 41,
    "\x1c",
    "\t",
    "Nicolás",
    "SÃO",
    "São",
    "Ünal",
    "Straße",
    "Łódź",
    "Nguyễn",
    "ÉLAN",
    "élan",
    "Øresund",
    "x" * 38 + "éÉz",
    "É" * 41,
    "ÿ",
    "Ÿ",
    "ſ",
    "Ærø",
    "1é",
    "de la Peña",
    "\u2003",
    "\u3000",
]


def _random_text(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        roll = rng.random()
        if roll < 0.35:
            out.append(rng.choice(_PIECES))
        elif roll < 0.6:
            tail = "".join(rng.choices("aeiklmnorst", k=5))
            out.append(rng.choice(string.ascii_uppercase) + tail)
        elif roll < 0.7:
            out.append(str(rng.randrange(10**6)))
        else:
            out.append("".join(rng.choices("aeiklmnorst", k=rng.randint(1, 8))))
        out.append(rng.choice([" ", " ", " ", "", ". ", "\n"]))
    return "".join(out)


@pytest.mark.parametrize("seed", range(40))
def test_equal_on_generated_text(seed):
    rng = random.Random(seed)
    _assert_equal(_random_text(rng, rng.choice([0, 1, 3, 5, 40, 400, 3000])))


def test_equal_on_quotes_of_every_length():
    for inner in (18, 19, 20, 21, 300, 599, 600, 601, 700):
        body = "x" * (inner - 8) + " said it"
        for opener, closer in (("“", "”"), ('"', '"'), ("“", '"'), ('"', "”"), ("”", "“")):
            text = f"Before {opener}{body}{closer} after {opener}unclosed and “nested “{body}”"
            _assert_equal(text)


def test_equal_past_the_fact_and_feature_caps():
    rng = random.Random(9)
    names = [f"Name{chr(65 + i % 26)}{i}" for i in range(3000)]
    pairs = (f"{rng.choice(names)} {rng.choice(names)} and {i} people" for i in range(1500))
    crowded = " ".join(pairs)
    quotes = " ".join(f'"{" ".join(rng.choices(names, k=30))}"' for _ in range(200))
    # One endless run of names (no lowercase word between them), in the text and quoted.
    run = " ".join(f"Zed{i}x" for i in range(20_000))
    for text in (crowded, quotes, crowded + " " + quotes, run, f'"{run}"'):
        _assert_equal(text)
        parts = fingerprint.reference_parts(text)
        assert parts[3].size == facts.MAX_FACTS  # the caps hold and were reached
        assert parts[4].size <= salient.MAX_FEATURES


def test_text_with_letters_python_did_not_describe_is_declined():
    # Greek, Arabic digits, a dotted İ (two characters in lowercase), a titlecase
    # digraph, a combining accent, a ligature: Python's path decides these.
    for text in ("Ω", "١٢٣ digits", "İstanbul", "ǅ", "Nicola\u0301s", "ﬁnal", "x²"):
        assert _native().fingerprint(text) is None
        assert _native().article_text(text) is None


def test_latin_letter_table_comes_from_python():
    letters = {c: (low, folded, upper) for c, low, folded, upper in fingerprint.latin_letters()}
    assert letters["á"] == ("á", "a", False)
    assert letters["Ñ"] == ("ñ", "n", True)
    assert letters["ß"] == ("ß", "ss", False)  # fold casefolds
    assert "İ" not in letters and "ǅ" not in letters


def _chrome_bodies(rng: random.Random) -> list[str]:
    from stream.core.dedup.text import CHROME_PHRASES

    lines = [
        "Sign up for our newsletter.",
        "Read more: other news",
        "© 2025 Outlet Media. All rights reserved.",
        "Short headline",
        "A sentence that ends well.”",
        "Ends with a closer.)",
        "ends with colon:",
        "one two three " * 9,
        "x" * 320 + " subscribe.",
        "\u00a0 padded with spaces \u2003.",
        "line\u2028break",
        "tab\there; ",
        "   ",
        "",
    ] + [f"Please {p} today." for p in CHROME_PHRASES]
    return line_bodies(rng, lines, 60, 12)


def test_article_text_equals_article_lines():
    from stream.core.dedup.text import article_lines

    bodies = _eval_bodies() + _chrome_bodies(random.Random(3))
    compared = 0
    for body in bodies:
        got = _native().article_text(body)
        if got is None:
            assert any(not c.isascii() and c.isalnum() for c in body)
            continue
        assert got == "\n".join(article_lines(body))
        compared += 1
    assert compared >= 0.8 * len(bodies)


def test_fingerprint_body_is_fingerprint_of_the_article_text():
    for body in _eval_bodies()[:80] + _chrome_bodies(random.Random(4)):
        got = _native().fingerprint_body(body)
        if got is not None:
            _assert_equal(_native().article_text(body))
            want = _native().fingerprint(_native().article_text(body))
            assert got[0] == want[0] and np.array_equal(got[1], want[1])


def test_text_with_lone_surrogates_is_declined_and_hashed_in_python():
    body = "Hello \ud800 world. A sentence long enough to be kept as prose here."
    assert _native().fingerprint(body) is None
    assert _native().fingerprint_body(body) is None
    assert _native().article_text(body) is None
    assert _native().delivery_hash("h", body) is None
    story = NormalizedStory(story_id="s", headline="h\udfff", body=body)
    fp = fingerprint.fingerprint(story)  # the Python path: no error
    assert fp.content_hash == fingerprint.reference_parts(_article(body))[0]
    assert fp.delivery_hash == fingerprint._digest(f"h\udfff\x00{' '.join(body.split())}")


def test_delivery_hash_equals_the_reference():
    for headline, body in [
        ("", ""),
        ("Headline", "a  b\tc\n\nd\x1ce\x0b"),
        ("Ünal wins", "body"),
        ("h", "caf\u00e9  au\u00a0lait"),
        ("Ω", "a\u3000b\x85c\u2028d \u200b e"),
    ]:
        story = NormalizedStory(story_id="s", headline=headline or None, body=body or "x")
        expected = fingerprint._digest(f"{story.headline or ''}\x00{' '.join(story.body.split())}")
        assert fingerprint.delivery_hash(story) == expected


def test_the_stage_decides_the_same_without_the_compiled_module(monkeypatch, eval_stories):
    """Verdict for verdict on the eval set: compiled path vs the pure-Python fallback."""
    from stream.core.dedup import DedupStage
    from stream.core.dedup import index as index_mod

    stories = eval_stories
    compiled = DedupStage({})
    expected = [compiled.decide(s) for s in stories]
    monkeypatch.setattr(fingerprint, "NATIVE", None)
    monkeypatch.setattr(index_mod, "native_band_index", lambda: None)
    python = DedupStage({})
    assert type(python._index._bands) is index_mod.PyBandIndex
    assert [python.decide(s) for s in stories] == expected
    assert {info.verdict for info in expected} >= {"unique", "same_story", "near_duplicate"}


def test_delivery_hash_equals_the_reference_on_random_ascii_spacing():
    rng = random.Random(4)
    alphabet = "ab.\x00 \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
    for _ in range(300):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40)))
        story = NormalizedStory(story_id="s", headline="h", body=body)
        expected = fingerprint._digest(f"h\x00{' '.join(story.body.split())}")
        assert fingerprint.delivery_hash(story) == expected


def test_delivery_hash_equals_the_reference_on_prose_spacing():
    """Long bodies of words and single spaces (the 16-byte copy path), with rare runs of
    whitespace and the control bytes beside its ranges (0x08, 0x0e, 0x1b, 0x20, 0x7f)."""
    rng = random.Random(5)
    words = ["a", "fire", "Tennant", "x" * 23, "1,250", "\x08", "\x0e", "\x1b", "\x7f", "\x00"]
    gaps = [" "] * 40 + ["  ", "\t", "\n", "\n\n", "\x0b", "\x0c", "\r\n", "\x1c", "\x1f", " \x1d"]
    for _ in range(300):
        body = "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randrange(1, 400)))
        body = rng.choice(["", " ", "\n"]) + body
        story = NormalizedStory(story_id="s", headline="h", body=body)
        expected = fingerprint._digest(f"h\x00{' '.join(story.body.split())}")
        assert fingerprint.delivery_hash(story) == expected


def test_record_blobs_pack_alike_in_both_paths():
    from stream.core.dedup import records

    assert records._PACK is not None, "wirestream_native is not built (make install)"
    rng = np.random.default_rng(3)
    for n, m in [(0, 0), (48, 0), (1, 7), (48, 300), (150, 2)]:
        a = rng.integers(0, 1 << 32, n, dtype=np.uint64).astype(np.uint32)
        b = rng.integers(0, 1 << 32, m, dtype=np.uint64).astype(np.uint32)
        want = fingerprint.encode_u32(np.concatenate(([m], a, b)).astype(np.uint32))
        assert records.pack(m, a, b) == want
        assert records.pack(m, a, b[::-1]) == fingerprint.encode_u32(
            np.concatenate(([m], a, b[::-1])).astype(np.uint32)
        )  # a strided view


def test_one_call_fingerprint_equals_the_separate_calls():
    rng = random.Random(8)
    for i in range(40):
        words = [
            rng.choice(["Quist", "said", "the", "fire", "2024", "“quoted”", "mill"])
            for _ in range(60)
        ]
        headline = rng.choice([None, "", "Fire at the mill", "Ünal  wins\tagain"])
        story = NormalizedStory(story_id=f"s{i}", headline=headline or None, body=" ".join(words))
        fp = fingerprint.fingerprint(story)
        parts = _native().fingerprint_body(story.body)
        assert fp.content_hash == parts[0] and np.array_equal(fp.near, parts[1])
        assert fp.article == _native().article_text(story.body)
        body = " ".join(story.body.split())
        assert fp.delivery_hash == fingerprint._digest(f"{story.headline or ''}\x00{body}")


def test_near_check_equals_the_reference_on_every_record_shape():
    """The compiled check of a near candidate's record (MinHash estimate and facts
    conflicts from its ``b``) equals the numpy reference, and declines blobs it cannot
    read exactly: short of their header, not whole u32s, not canonical base64."""
    from stream.core.dedup import records

    assert records._NEAR_CHECK is not None, "wirestream_native is not built (make install)"
    rng = np.random.default_rng(11)
    perm = fingerprint.NEAR_PERM

    def reference(rec, near, mine, floor):
        estimate = fingerprint.jaccard(near, records.near_values(rec))
        if estimate < floor:
            return estimate, 0, 0
        return (estimate, *facts.conflicts(records.facts(rec), mine))

    def few(n: int, contexts: int) -> np.ndarray:  # facts over few contexts: overlaps
        ctx = rng.integers(0, contexts, n, dtype=np.uint32) << np.uint32(8)
        return ctx | rng.integers(0, 3, n, dtype=np.uint32)

    compiled = 0
    for i in range(600):
        near = rng.integers(0, 5, perm, dtype=np.uint32)
        theirs_near = np.where(rng.random(perm) < rng.random(), near, near + 1).astype(np.uint32)
        theirs, mine = few(int(rng.integers(0, 30)), 12), few(int(rng.integers(0, 30)), 12)
        if i % 3:
            theirs, mine = np.unique(theirs), np.unique(mine)  # as stored; else any order
        tail = rng.integers(0, 1 << 32, int(rng.integers(0, 3) * 5), dtype=np.uint64)
        rec = {"b": records.pack(theirs.size, theirs_near, theirs)}
        if tail.size:  # an older record: salient hashes after the facts
            rec["b"] = records.pack(
                theirs.size, theirs_near, np.concatenate((theirs, tail.astype(np.uint32)))
            )
        for floor in (0.0, 0.15, 0.5, 1.0):
            want = reference(rec, near, mine, floor)
            assert records.near_check(rec, near, mine, floor) == want
            found = records._NEAR_CHECK(rec["b"], near, mine, records._min_matches(floor))
            compiled += found is not None
    assert compiled == 600 * 4
    near = np.arange(perm, dtype=np.uint32)
    mine = np.array([0x105, 0x206], dtype=np.uint32)
    good = records.pack(2, near, np.array([0x105, 0x207], dtype=np.uint32))
    assert records._NEAR_CHECK(good, near, mine, 0) == (perm, 1, 2)
    for blob in (
        records.pack(3, near, np.array([0x105, 0x207], dtype=np.uint32)),  # short of header
        records.pack(0, near[:10], near[:0]),  # shorter than the MinHash
        good[:-4] + "AAA=",  # 3 bytes at the end: not whole u32s
        _trailing_bits(records.pack(0, near, near[:0])),  # not what pack writes
        good.replace("A", "-", 1),  # not base64 (a2b_base64 would skip it)
        "",
    ):
        assert records._NEAR_CHECK(blob, near, mine, 0) is None
    legacy = {"m": fingerprint.encode_u32(near), "f": fingerprint.encode_u32(mine)}
    assert records.near_check(legacy, near, mine, 0.15) == (1.0, 0, 2)


def _trailing_bits(blob: str) -> str:
    """``blob`` (ending in ``==``) with unused low bits set in its last character:
    Python's a2b_base64 ignores them, the compiled decoder declines."""
    import base64

    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
    assert blob.endswith("==")
    odd = blob[:-3] + alphabet[alphabet.index(blob[-3]) | 0x5] + "=="
    assert base64.b64decode(odd) == base64.b64decode(blob)
    return odd
