"""Hostile input finishes in (about) linear time and raises nothing but EmptyStory."""

from __future__ import annotations

import random
import time

import pytest

from schemas import RawStory
from stream.core.normalize import normalize
from stream.errors import EmptyStory

SENTENCE = "The minister said the talks would continue next week in Geneva."


def _run(body: str) -> tuple[float, str | None]:
    """(seconds, body or None when EmptyStory)."""
    start = time.perf_counter()
    try:
        story = normalize(RawStory(story_id="p", body=body))
        result: str | None = story.body
    except EmptyStory:
        result = None
    return time.perf_counter() - start, result


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    _run(f"Warm up\n\n{SENTENCE}")  # load the language model and dateparser once


CASES = {
    "one 300k token": "a" * 300_000,
    "300k token inside text": f"Headline\n\n{'b' * 300_000} {SENTENCE}",
    "10k straight quotes": '"' * 10_000,
    "10k spaced quotes": '" ' * 10_000 + f"\n\n{SENTENCE}",
    "curly quote storm": "“" * 20_000 + " and he said ”" * 3_000,
    "unbalanced quotes": (f'"{SENTENCE} ' * 2_000),
    "control characters": "".join(chr(i) for i in range(32)) * 1_000 + SENTENCE,
    "100k one-word lines": "\n".join(["word"] * 100_000),
    "20k paragraphs": "\n\n".join(f"{SENTENCE} {i}" for i in range(20_000)),
    "caps run": "WASHINGTON " * 30_000,
    "date spam": "Aug 8, 2025 10:47 AM CDT " * 20_000,
    "by spam": "By " * 100_000,
    "credit spam": "X/AP " * 20_000 + "\n" + "Credit: " * 20_000,
    "colon prefixes": "ABC: " * 50_000,
    "parens": "(" * 50_000 + "Reuters" + ")" * 50_000,
    "deep html": "<div>" * 5_000 + f"<p>{SENTENCE}</p>" + "</div>" * 5_000,
    "open angle brackets": "<" * 100_000 + SENTENCE,
    "tag soup": "<p " * 50_000,
    "entities": "&amp;" * 50_000,
    "dashes": "-" * 100_000 + "\n" + "— " * 50_000,
    "mixed scripts": ("МОСКВА 東京 القاهرة " * 10_000),
}


# Hang guards, not speed targets (those live in `eval/normalize/run.py --bench`): a
# catastrophic regex or a quadratic pass turns these inputs into minutes, far past the
# pytest-timeout below; linear code finishes them in well under a second.
@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_finishes_and_never_raises(name: str) -> None:
    _, body = _run(CASES[name])
    assert body is None or isinstance(body, str)


@pytest.mark.timeout(60)
def test_large_messy_input_finishes() -> None:
    """40,000 chrome/quote/byline units: instant when linear, hours when quadratic."""
    unit = f'Read These Next\n{SENTENCE}\n“quote” "q" (Reuters) By Jane Doe\n\n'
    _, body = _run(unit * 40_000)
    assert body is not None and SENTENCE in body


def test_empty_results_raise_empty_story_only() -> None:
    for body in ("a" * 300_000, '"' * 10_000, "\x00\x01\x02", "   \n\n  \t ", "* * *"):
        _, result = _run(body)
        assert result is None


def test_control_characters_are_stripped() -> None:
    _, body = _run("\x00\x01Hello\x07 world\x1b. " + SENTENCE + "\x7f")
    assert body is not None
    assert all(ch.isprintable() or ch in "\n" for ch in body)


def test_random_fuzz_never_raises_anything_else() -> None:
    rng = random.Random(7)
    alphabet = 'abcXYZ \n\n\t"“”‘’«»()[]/:-—.,;!?©@#<>&0123456789\x00\x0b\u00a0\u200bÉéМОСКВА'
    for _ in range(300):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3_000)))
        _run(body)  # must not raise (EmptyStory is caught in _run)
