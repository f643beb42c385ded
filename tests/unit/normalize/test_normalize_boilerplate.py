"""Boilerplate rules: chrome by what it is, and article text left alone."""

from __future__ import annotations

import pytest

from stream.core.normalize.boilerplate import SourceChrome, classify, is_tail_marker, strip_credit


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        # calls to action, other outlets' wording
        ("Get the news faster.", "cta"),
        ("Tap to install our app.", "cta"),
        ("Download IPFS", "cta"),
        ("Email Us", "cta"),
        ("SUBSCRIBE NOW for unlimited access to our journalism.", "cta"),
        ("Follow us on Facebook, Twitter and Instagram for the latest updates.", "cta"),
        ("Get our free daily newsletter delivered straight to your inbox.", "cta"),
        ("2. Tap to Add to Home Screen.", "cta"),
        ("Abonnez-vous", None),  # non-English CTAs are not guessed at
        ("Have a news tip? Email us at news@example.com.", "cta"),
        ("Support local journalism. Subscribe today.", "cta"),
        ("Keep up with the latest news by following Sky News", "cta"),
        ("Business reporter @alexjonesnews", "cta"),
        ("Go deeper: Chip stocks slide on export fears", "nav"),
        # navigation
        ("Read These Next", "nav"),
        ("Related Stories", "nav"),
        ("More from Business", "nav"),
        ("Story continues below advertisement", "nav"),
        ("Advertisement", "nav"),
        ("— Categories: Defence & Security", "nav"),
        ("Tags: economy, inflation", "nav"),
        ("Comments (12)", "nav"),
        ("Skip to main content", "nav"),
        ("4 min read", "nav"),
        ("X", "nav"),
        ("Also Read: Chip mission enters second phase", "nav"),
        # legal
        ("© 2025 The New York Times Company", "legal"),
        ("By continuing you agree to our Terms and Privacy Policy.", "legal"),
        ("This article originally appeared in The New York Times.", "legal"),
        ("Copyright 2025 The Associated Press. All rights reserved.", "legal"),
        ("Terms and Privacy Policy", "legal"),
        ("--With assistance from Sherry Su.", "legal"),
        # credits and captions
        ("Stock photo.  (Getty Images/mofles)", "credit"),
        ("Waves hit the pier. Photo: John Roe/Reuters", "credit"),
        ("President Trump signed it. Credit: HAIYUN JIANG/NYT", "credit"),
        ("Rescue workers carry a survivor. REUTERS/Eloisa Lopez", "credit"),
        ("FILE PHOTO: A coast guard vessel patrols near Cebu.", "credit"),
        ("Getty Images", "credit_alone"),
    ],
)
def test_chrome(unit: str, kind: str | None) -> None:
    assert classify(unit) == kind


@pytest.mark.parametrize(
    "unit",
    [
        "The Pentagon declined to comment on the new directive.",
        "Support for the app has grown among teenagers, the survey found.",
        "Read the latest climate assessment and the message is clear: cities must adapt.",
        "Start with trees.",  # imperative, but no chrome topic and not a one-liner CTA
        "Tap water in Flint remains unsafe, officials said.",
        "Download speeds rose.",
        "Click chemistry won the Nobel prize in 2022.",
        "Follow the money.",
        "Sign language interpreters were present at the briefing.",
        "Meta changed its privacy policy last year, regulators said in a statement.",
        "A Reuters/Ipsos poll found 40% of Americans approve of the plan.",
        "Aid distributed by the United Nations reached 2 million people.",
        "The New York Times carried the initial report on Trump's move against cartels.",
        "What US military action against drug cartels could look like",
        "“We can share information,” Sheinbaum said.",
    ],
)
def test_article_text_is_not_chrome(unit: str) -> None:
    assert classify(unit) is None


def test_long_units_are_never_chrome() -> None:
    unit = "Sign up for the newsletter " + "and more words " * 30
    assert classify(unit) is None


def test_tail_markers() -> None:
    assert is_tail_marker("Read These Next")
    assert is_tail_marker("Latest Edition")
    assert is_tail_marker("Comments")
    assert is_tail_marker("You may also like")
    assert not is_tail_marker("story continues below")
    assert not is_tail_marker("The latest figures show growth.")


def test_strip_credit() -> None:
    assert strip_credit("Troops at the border. Credit: AP Photo/Jane Doe") == (
        "Troops at the border."
    )


def test_source_chrome_learns_lines_repeated_across_stories() -> None:
    chrome = SourceChrome(min_stories=3)
    footer = "The Daily Planet is an independent newspaper since 1938"
    for n in range(3):
        assert not chrome.is_chrome("planet", footer)
        chrome.observe("planet", [f"Story {n} text.", footer])
    assert chrome.is_chrome("planet", footer)
    assert not chrome.is_chrome("other", footer)  # per source
    assert not chrome.is_chrome("planet", "Story 1 text.")


def test_source_chrome_is_bounded() -> None:
    chrome = SourceChrome(max_sources=2, max_lines=3)
    for src in ("a", "b", "c"):
        chrome.observe(src, [f"line {i}" for i in range(10)])
    assert set(chrome._seen) == {"b", "c"}
    assert all(len(lines) <= 3 for lines in chrome._seen.values())
