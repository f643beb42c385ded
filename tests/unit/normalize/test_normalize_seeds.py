"""The five seed stories: every field of the normalized story, and the exact clean body."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from schemas import RawStory
from stream.core.normalize import normalize

ROOT = Path(__file__).resolve().parents[3]
EXPECTED = Path(__file__).with_name("expected")
CDT = timezone(timedelta(hours=-5))

SEEDS = {
    "000_c344a2765b88f569": dict(
        headline="Trump OKs Military Action on Latin American Drug Cartels",
        byline=[],
        dateline=None,
        published_at=datetime(2025, 8, 8, 10, 47, tzinfo=CDT),
        source="Newser",
    ),
    "001_54bb30d67ecf8cb1": dict(
        headline="Trump directs military to target foreign drug cartels",
        byline=["Helene Cooper", "Maggie Haberman", "Charlie Savage", "Eric Schmitt"],
        dateline=None,
        published_at=datetime(2025, 8, 8),  # "8 August 2025" of the edition line, no zone
        source="The New York Times",
    ),
    "002_70b382e9bee2d462": dict(
        headline="Trump Considers Military Action Against Latin American Drug Cartels",
        byline=[],
        dateline="WASHINGTON, D.C.",
        published_at=datetime(2025, 8, 9),
        source=None,
    ),
    "003_ae32a3bb8822ae70": dict(
        headline=(
            "Trump authorizes military force against Latin American cartels in escalation "
            "of anti-drug campaign"
        ),
        byline=["Vafa Guliyeva"],
        dateline=None,
        published_at=None,
        source="Caliber.Az",
    ),
    "004_0db094a49654c2e8": dict(
        headline=None,  # the text opens with the article; no headline to find
        byline=[],
        dateline=None,
        published_at=datetime(2025, 8, 9),
        source=None,
    ),
}


def _story(name: str):
    body = (ROOT / "seeds" / f"{name}.txt").read_text(encoding="utf-8")
    return normalize(RawStory(story_id=name, body=body))


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_fields(name: str) -> None:
    story = _story(name)
    for field, want in SEEDS[name].items():
        got = getattr(story, field)
        assert got == want, f"{name}.{field}: {got!r} != {want!r}"
        if field == "published_at" and want is not None:
            assert (got.tzinfo is None) == (want.tzinfo is None)
    assert story.language == "en"
    assert story.story_id == name


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_clean_body(name: str) -> None:
    expected = (EXPECTED / f"{name}.body.txt").read_text(encoding="utf-8").rstrip("\n")
    assert _story(name).body == expected


def test_seed_000_cdt_resolves_to_utc_offset() -> None:
    published = _story("000_c344a2765b88f569").published_at
    assert published is not None
    assert published.astimezone(UTC) == datetime(2025, 8, 8, 15, 47, tzinfo=UTC)


def test_seed_chrome_is_gone() -> None:
    bodies = "\n".join(_story(name).body for name in SEEDS)
    for chrome in (
        "story continues below",
        "Read These Next",
        "Tap to install",
        "Getty Images",
        "Credit: HAIYUN",
        "Sign up to",
        "Privacy Policy",
        "©",
        "Latest Edition",
        "Comments",
        "Download IPFS",
        "Categories",
        "By Vafa Guliyeva",
        "date 2025-08-09",
    ):
        assert chrome not in bodies, chrome


def test_seed_quotes_kept_as_written() -> None:
    """Curly and straight quotes both survive: quote extraction needs them."""
    assert "“murder”" in _story("001_54bb30d67ecf8cb1").body
    assert "\"Under President Trump's leadership" in _story("000_c344a2765b88f569").body
    assert "‘No invasion’ says Mexico" in _story("004_0db094a49654c2e8").body


def test_seed_repeated_caption_removed_once() -> None:
    body = _story("001_54bb30d67ecf8cb1").body
    first = body.split("\n\n")[0]
    assert first.endswith("according to people familiar with the matter.")
    assert body.count("has secretly signed a directive") == 1
