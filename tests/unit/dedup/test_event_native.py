"""The compiled event profile and clusterer core equal their Python reference.

``profile.build_fast`` (``wirestream_native.ProfileText``) against ``profile.build``, and
``wirestream_native.EventCore`` against ``events.PyEventCore`` through random adds,
discards and merges: the same candidates, probabilities and features, bit for bit.
"""

from __future__ import annotations

import random
import string

import numpy as np
import pytest

from schemas import NormalizedStory
from stream.core.dedup import events
from stream.core.dedup import fingerprint as fingerprint_mod
from stream.core.dedup import profile as prof
from stream.core.dedup.fingerprint import fingerprint

NAMES = ["Marisol Tennant", "Ronan Delacourt", "Valmera", "Castrelo", "Ibarra", "Quist"]
_SENTENCE = (
    "fire mill workers blaze dye store investigators council bridge flood river "
    "earthquake rescue teams searching survivors buildings collapsed minister said "
    "police arrested suspects court charges vote election results markets shares"
)
WORDS = _SENTENCE.split()


def _text(rng: random.Random, words: int = 300) -> str:
    out = []
    for i in range(words):
        roll = rng.random()
        if roll < 0.08:
            out.append(rng.choice(NAMES))
        elif roll < 0.11:
            out.append(str(rng.choice([1998, 2024, 19995, 2031, 27, 310, 4.5])))
        elif roll < 0.12:
            out.append('"we are still hearing voices under the rubble," said')
        else:
            w = rng.choice(WORDS)
            out.append(w.capitalize() if i % 17 == 0 else w)
        if i % 19 == 18:
            out[-1] += "."
    return " ".join(out)


def story(story_id: str, body: str, headline: str | None) -> NormalizedStory:
    """A story as given (no normalize: odd text reaches the profile unchanged)."""
    return NormalizedStory(story_id=story_id, body=body, headline=headline)


def _native_profile() -> None:
    assert prof.NATIVE is not None, "wirestream_native is not built (make install)"


@pytest.mark.parametrize("seed", range(12))
def test_profile_equals_the_reference(seed: int) -> None:
    _native_profile()
    rng = random.Random(seed)
    df = prof.DocFreq()
    for i in range(40):
        headline = rng.choice([None, "", "Fire guts Tennant mill in Castrelo", "2024: a year"])
        s = story(f"s{i}", _text(rng, rng.randrange(5, 400)), headline=headline)
        fp = fingerprint(s)
        want = prof.build(s.headline, s.body, fp.event_set, df)
        got = prof.build_fast(s.headline, s.body, fp.event_set, df)
        assert got[0].dtype == want[0].dtype == np.uint32
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
        df.add(want[1].astype(np.int64))  # frequencies move: weights change per story


@pytest.mark.parametrize(
    "body",
    [
        "",
        "1999. 19995 2020,5 in 2020, 1950s: 2049.1 and 1949",
        "Ab ab AB aB abc ABC Abc abc_def a1b2c3 3abc The Zürich of Müller said",
        "São Paulo’s “mayor” said — in 2023 — that “nothing” changed… ok",
        "x" * 70_000 + " Tennant " * 3,
        "Words\u00a0with\u2009thin spaces and Names Like Quist Quist",
    ],
)
def test_profile_equals_the_reference_on_edge_text(body: str) -> None:
    _native_profile()
    df = prof.DocFreq()
    for headline in (None, "", "Quist in 1999"):
        s = story("e", body, headline=headline)
        fp = fingerprint(s)
        want = prof.build(s.headline, s.body, fp.event_set, df)
        got = prof.build_fast(s.headline, s.body, fp.event_set, df)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])


@pytest.mark.parametrize(
    "body",
    [
        "a" * 100_000,
        "A" * 50_000 + " " + "a" * 50_000,
        "Ab1" * 30_000,
        "1" * 60_000 + " 2024",
        " " * 80_000 + "Quist said",
        "\x00\x01\x07 Tennant\x1b[31m fire\x0b\x0c mill\x7f Quist\r\n" * 500,
        "\u2019" * 20_000 + "Tennant\u2019s \u2014 \u00a0" * 2_000,
    ],
)
def test_profile_equals_the_reference_on_pathological_text(body: str) -> None:
    """Huge bodies, long runs of one character, control characters, separators."""
    _native_profile()
    df = prof.DocFreq()
    for headline in (None, "\x00\x1f" + "Q" * 5_000):
        s = story("p", body, headline=headline)
        fp = fingerprint(s)
        want = prof.build(s.headline, s.body, fp.event_set, df)
        got = prof.build_fast(s.headline, s.body, fp.event_set, df)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
        assert _compiled(s, fp.event_set, df) is not None  # the compiled path ran


def _compiled(s: NormalizedStory, salient: np.ndarray, df: prof.DocFreq) -> object:
    """The compiled profile alone (None: declined, ``build_fast`` took Python)."""
    article = fingerprint_mod.NATIVE.article_text(s.body)
    assert article is not None
    docs = max(df.docs, prof.MIN_DOCS)
    limits = (prof.VEC_TERMS, prof.NAME_TERMS, prof.MAX_DF_TERMS)
    return prof.NATIVE.build(s.headline, article, salient, df.counts, docs, *limits)


@pytest.mark.parametrize("seed", range(4))
def test_profile_equals_the_reference_on_random_characters(seed: int) -> None:
    """Random mixes of letters, digits, punctuation, control characters and the mapped
    separators outside ASCII (the byte classes of the token runs and the names), and
    stories with more distinct terms than the DF keeps (``MAX_DF_TERMS``)."""
    _native_profile()
    rng = random.Random(seed)
    alphabet = "aAbBzZqQ0159 .,'-_\t\n\x00\x1f\x7f\u2019\u201c\u2014\u00a0"
    df = prof.DocFreq()
    for i in range(60):
        if i % 3 == 0:  # many distinct words: past MAX_DF_TERMS
            words = ("".join(rng.choice("abcdefgh") for _ in range(7)) for _ in range(900))
            body = " ".join(w.capitalize() if rng.random() < 0.1 else w for w in words)
        else:
            body = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 3_000)))
        s = story(f"r{i}", body, headline=rng.choice([None, body[:80]]))
        fp = fingerprint(s)
        want = prof.build(s.headline, s.body, fp.event_set, df)
        got = prof.build_fast(s.headline, s.body, fp.event_set, df)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1]), body[:200]
        assert _compiled(s, fp.event_set, df) is not None
        df.add(want[1])


def test_text_outside_the_mapped_characters_is_declined() -> None:
    _native_profile()
    salient = np.zeros(0, dtype=np.uint32)
    df = prof.DocFreq()

    def native(text: str) -> object:
        return prof.NATIVE.build(None, text, salient, df.counts, prof.MIN_DOCS, 80, 24, 300)

    assert native("Zürich said") is None  # Python builds it
    assert native("Mayor “Quist” said") is not None


def _profile(rng: random.Random, pool: int) -> np.ndarray:
    """A random profile: idents of every kind from a small pool (so stories share)."""
    entries = set()
    for kind in range(6):
        for _ in range(rng.randrange(0, 30 if kind < 2 else 8)):
            ident = min(pool - 1, int(rng.paretovariate(1.0)) - 1) << 3 | kind
            weight = rng.randrange(1, 128) if kind < 2 else 1
            entries.add(ident << 7 | weight)
    return np.array(sorted(entries), dtype=np.uint32)


def _cores() -> tuple[object, object]:
    native = events.native_core()
    assert native is not None, "wirestream_native is not built (make install)"
    return events.new_core(native), events.PyEventCore()


ARGS = (events.WEIGHTS, events.BIAS, events.MIN_TERMS, events.HALF_LIFE_HOURS)


@pytest.mark.parametrize(("seed", "pool"), [(1, 20), (2, 60), (3, 300)])
def test_core_equals_the_reference(seed: int, pool: int) -> None:
    rng = random.Random(seed)
    rust, ref = _cores()
    clusters: list[str] = []
    for step in range(700):
        roll = rng.random()
        key = f"s{rng.randrange(250)}"
        if roll < 0.2:
            assert rust.discard(key) == ref.discard(key)
        elif roll < 0.25 and clusters:
            a, b = rng.choice(clusters), rng.choice(clusters)
            rust.merge(a, b)
            ref.merge(a, b)
        else:
            cluster = rng.choice(clusters) if clusters and rng.random() < 0.6 else key
            clusters.append(cluster)
            t = step * rng.choice([60.0, 3600.0])
            profile = _profile(rng, pool)
            near = np.array([rng.randrange(3) for _ in range(48)], dtype=np.uint32)
            rust.add(key, cluster, step, t, profile, near)
            ref.add(key, cluster, step, t, profile, near)
        assert len(rust) == len(ref)
        probe = _profile(rng, pool)
        t = step * 600.0
        near = np.array([rng.randrange(3) for _ in range(48)], dtype=np.uint32)
        for floor in (0.0, 0.3, 0.45):
            assert rust.neighbours(probe, 3, 8, near, floor) == ref.neighbours(
                probe, 3, 8, near, floor
            )
        got, want = rust.candidates(probe, t, *ARGS), ref.candidates(probe, t, *ARGS)
        assert got[:3] == want[:3]
        assert got[3].shape == want[3].shape and np.array_equal(got[3], want[3])
        # The join/merge rule in one call, thresholds low enough that merges happen.
        exclude = tuple(rng.sample(clusters, min(2, len(clusters))))
        for p_join, p_merge in ((0.5, 0.97), (0.2, 0.3), (0.0, 0.0), (1.1, 1.1)):
            rule = (p_join, p_merge, exclude if rng.random() < 0.5 else ())
            assert rust.assign(probe, t, *ARGS, *rule) == ref.assign(probe, t, *ARGS, *rule)
        for c in clusters[-3:]:
            assert rust.oldest(c) == ref.oldest(c) and rust.members(c) == ref.members(c)
    assert rust.nbytes > 0


def test_a_probe_with_nothing_indexed_has_no_candidates() -> None:
    rust, ref = _cores()
    probe = np.array([(5 << 3) << 7 | 9], dtype=np.uint32)
    assert rust.candidates(probe, 0.0, *ARGS)[:3] == ref.candidates(probe, 0.0, *ARGS)[:3]
    assert (
        rust.candidates(probe, 0.0, *ARGS)[0] == []
        and rust.neighbours(probe, 3, 8, np.zeros(48, np.uint32), 0.0) == []
    )
    assert rust.assign(probe, 0.0, *ARGS, 0.5, 0.97, ("x",)) == (None, 0.0, [])
    assert ref.assign(probe, 0.0, *ARGS, 0.5, 0.97, ("x",)) == (None, 0.0, [])
    assert not rust.discard("nobody") and not ref.discard("nobody")
    rust.merge("x", "y")  # unknown clusters: nothing happens
    assert len(rust) == 0


def test_document_frequencies_count_alike_in_both_paths() -> None:
    _native_profile()
    rng = np.random.default_rng(5)
    native, ref = prof.DocFreq(), prof.DocFreq()
    for sign in (1, 1, 1, -1, 1, -1):
        ids = np.unique(rng.integers(0, 1 << prof.TID_BITS, 300)).astype(np.uint32)
        native.add(ids, sign)  # compiled (uint32 ids)
        ref.add(ids.astype(np.int64), sign)  # numpy
        assert native.docs == ref.docs and np.array_equal(native.counts, ref.counts)
    strided = np.arange(0, 600, dtype=np.uint32)[::3]  # a view, not contiguous
    native.add(strided)
    ref.add(strided.astype(np.int64))
    assert np.array_equal(native.counts, ref.counts)
    with pytest.raises(ValueError):
        native.add(np.array([1 << prof.TID_BITS], dtype=np.uint32))


def test_profile_from_the_fingerprints_article_text_is_the_same() -> None:
    _native_profile()
    rng = random.Random(9)
    df = prof.DocFreq()
    for i in range(10):
        s = story(f"a{i}", "Menu\nSign up\n" + _text(rng, 200), headline="Quist in 2024")
        fp = fingerprint(s)
        assert fp.article is not None
        got = prof.build_fast(s.headline, s.body, fp.event_set, df, fp.article)
        want = prof.build(s.headline, s.body, fp.event_set, df)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
        df.add(want[1])


def test_years_and_names_equal_the_reference_on_dense_random_text() -> None:
    """Years next to digits, dots and commas; names seen capitalized and lowercase."""
    _native_profile()
    rng = random.Random(11)
    pieces = ["19", "20", "1", "2", "5", "9", "0", ".", ",", " ", "Quist", "quist", "Abc", "abc"]
    df = prof.DocFreq()
    for i in range(200):
        body = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 120)))
        s = story(f"y{i}", body, headline=None)
        fp = fingerprint(s)
        want = prof.build(s.headline, s.body, fp.event_set, df)
        got = prof.build_fast(s.headline, s.body, fp.event_set, df)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1]), body


def test_profile_after_a_text_of_many_distinct_words() -> None:
    """The compiled profile keeps its term map from one story to the next and drops it
    after a text grew it past its keep size: stories before and after such a text
    (15,000 three-letter words, ~10,000 distinct, in the 60,000 characters read) equal
    the reference."""
    _native_profile()
    rng = random.Random(21)
    df = prof.DocFreq()
    huge = " ".join("".join(rng.choices(string.ascii_lowercase, k=3)) for _ in range(15_000))
    for i, body in enumerate([_text(rng), huge, _text(rng, 40), "", _text(rng)]):
        s = story(f"m{i}", body, headline=None)
        fp = fingerprint(s)
        want = prof.build(s.headline, s.body, fp.event_set, df)
        got = prof.build_fast(s.headline, s.body, fp.event_set, df)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
        assert _compiled(s, fp.event_set, df) is not None
        df.add(want[1])
