"""The whole stage on texts of other outlets, HTML, non-English copy and the pipeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from schemas import DeadLetter, NormalizedStory, RawStory
from stream.core.normalize import normalize
from stream.core.normalize.boilerplate import SourceChrome
from stream.core.pipeline import ingest
from stream.errors import EmptyStory
from stream.settings import Settings


def _norm(body: str, **raw: object) -> NormalizedStory:
    return normalize(RawStory(story_id="t-1", body=body, **raw))


def test_reuters_copy() -> None:
    story = _norm(
        "Fed holds rates steady\n\nBy Howard Schneider\n\nJune 18, 2025 2:05 PM EDT\n\n"
        "WASHINGTON, June 18 (Reuters) - The Federal Reserve held interest rates steady on "
        "Wednesday, as policymakers weighed the impact of tariffs on inflation.\n\n"
        '"We are well positioned to wait," Fed Chair Jerome Powell said.\n\n'
        "Reporting by Howard Schneider; Editing by Andrea Ricci"
    )
    assert story.headline == "Fed holds rates steady"
    assert story.byline == ["Howard Schneider"]
    assert story.dateline == "WASHINGTON"
    assert story.source == "Reuters"
    assert story.published_at == datetime(2025, 6, 18, 18, 5, tzinfo=UTC)
    assert story.body.startswith("The Federal Reserve held")
    assert story.body.endswith("Fed Chair Jerome Powell said.")
    assert story.body.count("\n\n") == 1


def test_raw_fields_win_over_text() -> None:
    story = _norm(
        "THE DAILY PLANET: Text headline\n\nPosted Aug 8, 2025 10:47 AM CDT\n\n"
        "The council voted on Tuesday to approve the new budget for the coming year.",
        headline="Feed headline",
        source="Feed Source",
        published_at="2025-01-01T00:00:00Z",
        url="https://example.com/a",
        received_at="2025-08-09T00:00:00Z",
    )
    assert story.headline == "Feed headline"
    assert story.source == "Feed Source"
    assert story.published_at == datetime(2025, 1, 1, tzinfo=UTC)
    assert story.url == "https://example.com/a"
    assert story.received_at == datetime(2025, 8, 9, tzinfo=UTC)


def test_given_headline_repeated_in_text_is_removed() -> None:
    story = _norm(
        "Shares slide as tech rout deepens\n\nInvestors dumped technology stocks for a third "
        "straight session on Monday, dragging the Nasdaq down 2.4%.",
        headline="Shares slide as tech rout deepens",
    )
    assert story.body.startswith("Investors dumped")


def test_html_page() -> None:
    html = (
        "<html><head><title>Storm batters coast | Example Times</title>"
        '<meta property="article:published_time" content="2025-08-08T09:30:00+01:00">'
        '<meta property="og:site_name" content="Example Times"></head><body>'
        "<nav>Home | World | Sport</nav><article><h1>Storm batters coast</h1>"
        "<p>By Jane Doe</p><p>A powerful storm battered the southern coast on Friday, "
        "cutting power to thousands of homes, officials said.</p>"
        "<p>&ldquo;We have never seen anything like it,&rdquo; said a shop owner.</p>"
        "</article><footer>&copy; 2025 Example Times. All rights reserved.</footer>"
        "</body></html>"
    )
    story = _norm(html)
    assert story.headline == "Storm batters coast"
    assert story.byline == ["Jane Doe"]
    assert story.source == "Example Times"
    assert story.published_at == datetime(2025, 8, 8, 8, 30, tzinfo=UTC)
    assert "<" not in story.body and "All rights reserved" not in story.body
    assert "“We have never seen anything like it,” said a shop owner." in story.body


def test_html_fragment() -> None:
    story = _norm(
        "<p>LONDON (Reuters) - Inflation rose to 3.6% in June, data showed, complicating "
        "the Bank of England&#8217;s plans.</p><p>Economists had expected 3.4%.</p>",
        headline="UK inflation rises",
    )
    assert story.dateline == "LONDON"
    assert story.body == (
        "Inflation rose to 3.6% in June, data showed, complicating the Bank of England’s "
        "plans.\n\nEconomists had expected 3.4%."
    )


@pytest.mark.parametrize(
    ("body", "language"),
    [
        (
            "PARIS (AFP) - Le gouvernement a annoncé vendredi un nouveau plan de lutte contre "
            "le trafic de stupéfiants, avec des moyens renforcés pour la police.",
            "fr",
        ),
        (
            "Berlin (dpa) - Die Bundesregierung will den Einsatz von Drohnen über kritischer "
            "Infrastruktur deutlich stärker regulieren, teilte das Ministerium mit.",
            "de",
        ),
        (
            "MADRID, 8 ago (EFE).- La presidenta de México rechazó este viernes cualquier "
            "posibilidad de una intervención militar en su territorio.",
            "es",
        ),
    ],
)
def test_non_english_keeps_language(body: str, language: str) -> None:
    story = _norm(body)
    assert story.language == language
    assert story.dateline is not None


def test_empty_after_cleaning_raises() -> None:
    with pytest.raises(EmptyStory) as err:
        _norm("Read These Next\n\nTap to install our app.\n\n© 2025 Example News\n\nX")
    assert err.value.story_id == "t-1"
    assert err.value.stage == "normalize"


def test_pipeline_dead_letters_empty_story() -> None:
    payload = '{"story_id": "s-9", "body": "Sign up for our newsletter\\n\\nAdvertisement"}'
    out = ingest(payload, Settings())
    assert isinstance(out, DeadLetter)
    assert out.stage == "normalize"
    assert out.story_id == "s-9"


def test_pipeline_passes_seed_like_story() -> None:
    payload = (
        '{"story_id": "s-1", "body": "Quake hits Japan\\n\\nTOKYO (Kyodo) -- An earthquake '
        'struck off the coast of northern Japan on Friday, officials said."}'
    )
    out = ingest(payload, Settings(), received_at=datetime(2025, 8, 8, tzinfo=UTC))
    assert isinstance(out, NormalizedStory)
    assert out.source == "Kyodo"
    assert out.received_at == datetime(2025, 8, 8, tzinfo=UTC)


def test_source_chrome_drops_repeated_footer() -> None:
    chrome = SourceChrome(min_stories=2)
    footer = "The Planet is an independent voice for the valley since 1938"
    for n in range(3):
        story = normalize(
            RawStory(
                story_id=f"p-{n}",
                source="planet",
                body=f"Headline {n}\n\nThe council met on day {n} to debate the budget plan.\n\n"
                + footer,
            ),
            chrome=chrome,
        )
    assert footer not in story.body
    assert story.body.startswith("The council met on day 2")


def test_published_at_zone_offsets() -> None:
    story = _norm(
        "Senate passes bill\n\nPublished Aug 7, 2025 9:00 PM ET | Updated Aug 8, 2025 6:00 AM "
        "ET\n\nThe Senate passed a short-term funding bill late Thursday, averting a shutdown."
    )
    assert story.published_at is not None
    assert story.published_at.utcoffset() == timedelta(hours=-4)
    assert story.published_at.astimezone(UTC) == datetime(2025, 8, 8, 1, 0, tzinfo=UTC)


def test_warm_up_story_goes_through_language_and_date_detection():
    from stream.core.normalize.stage import _WARM_UP, warm_up

    warm_up()  # what the worker runs before its first story
    story = normalize(_WARM_UP)
    assert story.language == "en" and story.published_at is not None
