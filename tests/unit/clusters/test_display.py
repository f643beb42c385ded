"""A cluster's names as the text writes them (stream/core/clusters/display.py): each
phrase of the dedup features found again in the lead, cut at punctuation and after a
possessive, with a dropped opener put back and a title-case headline's capitals left
out. All texts are written here for the tests.
"""

from __future__ import annotations

import pytest

from schemas import NormalizedStory
from stream.core.clusters import names
from stream.core.clusters.display import display_names, title_case
from stream.core.dedup import fingerprint


def _names(body: str, headline: str | None = None) -> list[str]:
    """The names shown, checked equal on the Python reference (the compiled path, when
    built, is what ``story_names`` runs)."""
    story = NormalizedStory(story_id="s", headline=headline, body=body)
    shown = names.story_names(story)
    assert names.reference_story_names(story) == shown
    return shown


@pytest.mark.parametrize(
    ("body", "wanted", "not_wanted"),
    [
        # a run of capitals across a full stop is two names
        (
            "Talks were held in New Delhi. Anna Quist said they went well.",
            ["New Delhi", "Anna Quist"],
            ["Delhi Anna Quist", "Delhi"],
        ),
        # a possessive ends a name: the next capitals are another one
        (
            "The Harwick Fire Brigade’s Office of Public Safety said so.",
            ["Harwick Fire Brigade", "Office of Public Safety"],
            ["Harwick Fire Brigades Office of Public Safety"],
        ),
        # the name of a possessive is shown without it
        ("Anna Quist's plan was read. Anna Quist spoke.", ["Anna Quist"], ["Anna Quists"]),
        # an opener the features drop is put back; so are a hyphen and initials
        (
            "The New York Herald and Jean-Luc Moreau met J. K. Varga in St. Olaf Bay.",
            ["New York Herald", "Jean-Luc Moreau", "J. K. Varga", "St. Olaf Bay"],
            ["York Herald", "Jean Luc Moreau", "J K Varga", "Olaf Bay"],
        ),
        # a comma between two capitalized words ends a name; one word left alone by
        # punctuation is a name inside a sentence, not when it may open one
        (
            "Talks in Harwick, Olstead Mills hosted them in Paris. Analysts met Bo Lund.",
            ["Harwick", "Olstead Mills", "Paris", "Bo Lund"],
            ["Harwick Olstead Mills", "Paris Analysts", "Analysts"],
        ),
        (
            "Attacks by Hamas, Hezbollah and Iran grew. Officials, Harwick said, met.",
            ["Hamas", "Hezbollah"],
            ["Hamas Hezbollah"],
        ),
        # beside a possessive one word is dropped; an occurrence only possessives cut,
        # with nothing left, is shown whole
        (
            "Mill owners and McDonald's Corp said Lloyd's of London would pay.",
            ["McDonald's Corp", "Lloyd's of London"],
            ["McDonald", "Corp", "Lloyd"],
        ),
        # a hyphen between spaces is a dash: it ends a name (a hyphen in a word does not)
        (
            "OLSTEAD - Bo Lund - Jean-Luc Moreau met at Harwick Mill - Quist Fund today.",
            ["Bo Lund", "Jean-Luc Moreau", "Harwick Mill", "Quist Fund"],
            ["Bo Lund - Jean-Luc Moreau", "Harwick Mill - Quist Fund", "Jean", "Luc Moreau"],
        ),
        # an opener after a dash is put back too
        ("The mayor of New York—New York City—said so.", ["New York City"], ["York City"]),
        # a plural's possessive ends a name too; a capitalized joiner begins one
        (
            "The Harwick Mill Workers’ Union met Le Monde and Van Rooyen Dairies.",
            ["Harwick Mill Workers", "Le Monde", "Van Rooyen Dairies"],
            ["Harwick Mill Workers’ Union", "Monde", "Rooyen Dairies"],
        ),
        # a line break ends a name, after an initial's full stop too, and after a
        # possessive: nothing is shown across it
        (
            "Aid went to the U.S.\nHarwick Mill said no. It was Olstead’s..\nU.S. aid came.",
            ["Harwick Mill"],
            ["U.S.\nHarwick Mill", "Olstead’s..\nU.S"],
        ),
        # a single quote between two words ends a name, opening or closing, after a
        # full stop too
        (
            "The Harwick Mill ' Bo Lund spoke of Olstead's 'Quist Plan. "
            "It read #Harwick.’ Zed Ono.",
            ["Harwick Mill", "Bo Lund", "Zed Ono"],
            ["Harwick Mill ' Bo Lund", "Olstead's 'Quist Plan", "Harwick.’ Zed Ono"],
        ),
    ],
)
def test_names_are_shown_as_the_text_writes_them(body, wanted, not_wanted):
    got = _names(body)
    for name in wanted:
        assert name in got, (name, got)
    for name in not_wanted:
        assert name not in got, (name, got)


def test_words_in_capitals_are_a_name_only_inside_a_sentence():
    # A label or a headline in capitals is not a name; the same capitals inside a
    # sentence are a name's styling. Short acronyms together stay names.
    body = (
        "FULL TEXT: Bo Lund spoke.\nCRITICS HAVE doubts, BRAZEN ESCAPE said so.\n"
        "He told HARWICK HERALD and the BBC News desk. It aired on BFM TV.\n"
        "BO LUND’S PLAN."
    )
    got = _names(body)
    for name in ("HARWICK HERALD", "BFM TV", "Bo Lund", "BBC News"):
        assert name in got, (name, got)
    for name in ("FULL TEXT", "CRITICS HAVE", "BO LUND", "BO LUND’S PLAN"):
        assert name not in got, (name, got)
    assert "BRAZEN ESCAPE" in got  # after a comma: inside a sentence
    # a line's start is outside a sentence, whatever the line before ends with (lines
    # with no prose are all read)
    lines = "the mill workers all said\nZED ONO RULES OLSTEAD today\nthey met ZED ONO RULES"
    assert _names(lines) == ["ZED ONO RULES"]


def test_a_name_in_capitals_first_is_read_where_the_text_writes_it_normally():
    # a dateline in capitals: the name is read from its next occurrence
    body = (
        "HARWICK FALLS (AP) — Floods hit Harwick Falls on Monday. Bo Lund said Harwick Falls met."
    )
    got = _names(body)
    assert "Harwick Falls" in got and "HARWICK FALLS" not in got, got
    assert _names("OLSTEAD MILLS — The city said on Monday that Olstead Mills would sue.") == [
        "Olstead Mills"
    ]
    # only in capitals outside a sentence: not a name
    assert _names("OLSTEAD MILLS — The city said on Monday it would sue.") == []


def test_a_list_of_names_longer_than_a_name_is_cut_into_its_names():
    # the features read one capitalized run across the commas; the text cuts it
    body = (
        "Attendees included Anna Quist, Bo Lund, Harwick Mill, Zed Ono, Karen Vass, "
        "Jon Bider, Kamala Harwood, Eric Adamson and Kathy Hochstein on Monday."
    )
    assert _names(body) == [
        "Anna Quist",
        "Bo Lund",
        "Harwick Mill",
        "Zed Ono",
        "Karen Vass",
        "Jon Bider",
        "Kamala Harwood",
        "Eric Adamson",
        "Kathy Hochstein",
    ]


def test_a_name_the_lead_cut_splits_is_not_shown_as_a_stub():
    # The lead ends at LEAD_CHARS characters: inside "Quistgaard" here. The name is not
    # cut to "Anna Quistg"; the lead ends before the word.
    body = "Harwick Mill met. " + "Word " * ((names.LEAD_CHARS - 25) // 5) + "Anna Quistgaard said."
    assert names.LEAD_CHARS - 20 < body.index("Quistgaard") < names.LEAD_CHARS
    story = NormalizedStory(story_id="s", headline=None, body=body)
    got = names.story_names(story)
    assert "Harwick Mill" in got and not any("Quistg" in n for n in got), got
    assert names.lead(story).endswith("Anna "), names.lead(story)[-20:]
    assert names.word_prefix("Anna Quist", 7) == "Anna "
    assert names.word_prefix("Anna Quist", 5) == "Anna "
    assert names.word_prefix("Anna Quist", 4) == "Anna"
    assert names.word_prefix("Anna Quist", 3) == ""
    # a word's apostrophe is the word's: no "Conan O'" stub
    assert names.word_prefix("Conan O'Brien spoke", 10) == "Conan "
    assert names.word_prefix("Conan O’Brien spoke", 7) == "Conan "
    assert names.word_prefix("Conan O'Brien spoke", 13) == "Conan O'Brien"


def test_a_title_case_headline_gives_no_names_of_its_own():
    body = "Rescuers searched the Harwick textile mill, chief Dana Morrow said."
    titled = _names(body, "Fire Guts Harwick Textile Mill In Olstead")
    assert "Dana Morrow" in titled
    assert not any("Textile" in n or "Guts" in n for n in titled), titled
    # in sentence case the headline's capitals are names
    assert "Harwick Mill Owners" in _names(body, "Harwick Mill Owners count the cost")


def test_a_title_case_headline_name_found_in_a_longer_run_of_the_body_is_kept():
    # the body writes it inside a longer run, with a possessive: still the name
    body = "Congressman Bo Lund’s office slammed the lawsuit on Tuesday."
    assert "Bo Lund" in _names(body, "Look How Bo Lund Just Fired Back At Critics")


def test_title_case():
    assert title_case("Trump Orders Strikes on Drug Cartels")
    assert title_case("FIRE GUTS HARWICK MILL")
    assert not title_case("Trump orders strikes on drug cartels")
    assert not title_case("Anna Quist")  # too few words to tell


def test_each_name_once_at_its_phrase_rank_and_a_phrase_not_found_kept():
    lead = "Anna Quist's aide met Anna Quist. Bo Lund and Anna Quist left."
    limits = {"min_word_chars": 3, "name_chars": 80}
    phrases = ["Anna Quists", "Anna Quist", "Bo Lund", "Zed Ono"]
    got = display_names(phrases, lead, None, limit=10, **limits)
    assert got == ["Anna Quist", "Bo Lund", "Zed Ono"]
    assert display_names(phrases, lead, None, limit=1, **limits) == ["Anna Quist"]
    # A name longer than name_chars is not one: left out, never cut to a stub.
    short = display_names(phrases, lead, None, limit=10, min_word_chars=3, name_chars=7)
    assert short == ["Bo Lund", "Zed Ono"]


def test_the_python_path_shows_the_same_names(monkeypatch):
    body = (
        "The New York Herald said Anna Quist’s office in New Delhi. Bo Lund wrote to the "
        "Harwick Fire Brigade’s Office of Public Safety. Anna Quist agreed."
    )
    compiled = _names(body, "Harwick Fire Brigade Wins Praise From Anna Quist")
    monkeypatch.setattr(fingerprint, "NATIVE", None)
    assert _names(body, "Harwick Fire Brigade Wins Praise From Anna Quist") == compiled
    assert "Office of Public Safety" in compiled and "New York Herald" in compiled
