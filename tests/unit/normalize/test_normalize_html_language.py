"""HTML detection and conversion; language identification."""

from __future__ import annotations

from stream.core.normalize.html import html_to_text, looks_like_html, unescape_entities
from stream.core.normalize.language import detect_language


def test_detects_html() -> None:
    assert looks_like_html("<p>One</p><p>Two</p>")
    assert looks_like_html("<html><body>x</body></html>")
    assert not looks_like_html("Revenue <5% and >2% of sales")
    assert not looks_like_html("Plain text with a <single> thing")


def test_fragment_keeps_paragraphs_and_drops_scripts() -> None:
    result = html_to_text(
        "<div><p>First <b>bold</b> line.</p><script>var x = 1;</script>"
        "<p>Second&nbsp;line.</p><ul><li>item</li></ul></div>"
    )
    paragraphs = [p.strip() for p in result.text.split("\n\n") if p.strip()]
    assert paragraphs == ["First bold line.", "Second\xa0line.", "item"]


def test_broken_nesting_falls_back_to_tag_stripping() -> None:
    text = html_to_text("<div>" * 3_000 + "<p>Deep text.</p>" + "</div>" * 3_000).text
    assert "Deep text." in text


def test_unescape_only_when_entities() -> None:
    assert unescape_entities("Bank of England&#8217;s &amp; co") == "Bank of England’s & co"
    assert unescape_entities("AT&T profits") == "AT&T profits"


def test_languages() -> None:
    assert detect_language("The president said on Friday that the talks would continue.") == "en"
    assert (
        detect_language("Le président a déclaré vendredi que les discussions continueraient.")
        == "fr"
    )
    assert (
        detect_language(
            "Президент заявил в пятницу, что переговоры продолжатся на следующей неделе."
        )
        == "ru"
    )
    assert detect_language("ok") is None


def test_codes_are_two_letters_or_none() -> None:
    for text in (
        "Google and Meta face EU probe.",
        "Quake hits Japan.",
        "Chipmakers led the decline.",
        "Abuja traders say dem no fit pay the new levy, na wahala for everybody for market.",
    ):
        code = detect_language(text)
        assert code is None or len(code) == 2
