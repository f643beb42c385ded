"""Unicode clean-up and the split into paragraph units."""

from __future__ import annotations

from stream.core.normalize.text import MAX_TOKEN, clean_unicode, split_units, unit_key


def test_nfc_and_control_characters() -> None:
    text = clean_unicode("Cafe\u0301\x00 bell\x07 esc\x1b[0m tab\tnew\nline\x85c1")
    assert text == "Café bell esc[0m tab\tnew\nline\nc1"


def test_odd_spaces_become_plain_spaces() -> None:
    text = clean_unicode("a\u00a0b\u2009c\u202fd\u3000e\u200bf\ufeffg\u00adh")
    assert text == "a b c d efgh"


def test_line_endings_and_separators() -> None:
    assert clean_unicode("a\r\nb\rc\u2028d\u2029e") == "a\nb\nc\nd\n\ne"


def test_quotes_are_kept_as_written() -> None:
    text = "“curly” \"straight\" ‘single’ 'plain' «guillemets» „low“"
    assert clean_unicode(text) == text


def test_units_are_lines_and_blocks() -> None:
    text = "Headline\nDek line\n\n  First   paragraph.  \n\n\n \nSecond paragraph."
    assert split_units(text) == ["Headline", "Dek line", "First paragraph.", "Second paragraph."]


def test_hard_wrapped_paragraph_is_joined() -> None:
    text = (
        "TOKYO (Reuters) - An earthquake of magnitude 6.1 struck off the\n"
        "coast of northern Japan on Friday, the Japan Meteorological Agency\n"
        "said, but no tsunami warning was issued and there were no reports\n"
        "of damage.\n\nNext paragraph."
    )
    units = split_units(text)
    assert len(units) == 2
    assert "struck off the coast of northern Japan" in units[0]


def test_lowercase_continuation_is_joined() -> None:
    assert split_units("Install the app\nin two easy steps:") == [
        "Install the app in two easy steps:"
    ]


def test_long_tokens_and_symbol_lines_are_dropped() -> None:
    blob = "x" * (MAX_TOKEN + 5)
    assert split_units(f"Keep this.\n\n{blob}\n\n* * *\n\n---") == ["Keep this."]
    assert split_units(f"Before {blob} after.") == ["Before after."]


def test_unit_key_ignores_case_and_punctuation() -> None:
    assert unit_key("Trump OKs Military Action!") == unit_key("trump oks  military action")
