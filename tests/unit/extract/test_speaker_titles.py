"""A title announced before its marks ("a story titled", "an essay headlined", "a report
called") is no statement: kind ``partial``, and never the words of its clause as the
speaker ("The paper ran a story"); only a named author or publisher stays its source.
Sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from stream.core.extract import Extraction
from stream.core.extract.speakers import ZERO_RELATIVE
from tests.unit.extract.tagged import LUND_OKAFOR, attribute

Extract = Callable[[str], Extraction]


@pytest.mark.parametrize(
    "body",
    [
        "The paper ran a story titled “The fall of a city”.",
        "The magazine published an essay headlined “Why the ferry failed.”",
        "The group released a report called “Roads to nowhere.”",
        "The station aired a documentary entitled “Cold water” last year.",
        "Under a photo captioned “Flood season,” the paper printed the names of the families.",
        "The report, titled “A city in debt,” said the council had overspent.",
    ],
)
def test_a_title_has_no_speaker_and_is_no_statement(extract: Extract, body: str) -> None:
    (q,) = extract(body).quotes
    assert (q.kind, q.speaker, q.speaker_mention) == ("partial", None, None)


def test_a_title_beside_a_real_fragment_leaves_the_fragment_its_speaker(
    extract: Extract,
) -> None:
    body = (
        "The council issued a plan named “Green harbour 2040,” and the mayor called it “a start.”"
    )
    title, fragment = extract(body).quotes
    assert (title.kind, title.speaker) == ("partial", None)
    assert fragment.speaker == "the mayor"


def test_a_named_publisher_of_a_titled_work_stays_its_source() -> None:
    body = "On Monday the Harbour Trust released a memo titled “Where the money went.”"
    tags = [("Harbour Trust", "ORG", "Harbour Trust")]
    (q,) = attribute(body, tags)
    assert (q.kind, q.speaker) == ("partial", "Harbour Trust")


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # "called" after a subject, not after "a/an NOUN": the subject calls
        ("The mayor called “for calm and patience” on Monday.", "The mayor"),
        ("The mayor called the plan “a disgrace.”", "The mayor"),
    ],
)
def test_a_naming_verb_with_a_subject_is_no_title(
    extract: Extract, body: str, speaker: str
) -> None:
    (q,) = extract(body).quotes
    assert q.speaker == speaker


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "The council cut the library budget in a move the mayor called “a betrayal of every "
            "reader in this city.”",
            "the mayor",
        ),
        (
            "The plant closed in a decision the company called “painful but necessary.”",
            "the company",
        ),
        ("It was a ruling the union called “a victory for workers.”", "the union"),
    ],
)
def test_a_thing_its_own_subject_called_so_is_no_title(body: str, speaker: str) -> None:
    # "a move the mayor called": a relative clause with no pronoun, the mayor says it
    (q,) = attribute(body, [])
    assert q.speaker == speaker


def test_a_modifier_before_called_keeps_a_title_a_title() -> None:
    body = "The council published a new report called “Roads to nowhere” on Friday."
    (q,) = attribute(body, [])
    assert (q.speaker, q.kind) == (None, "partial")


@pytest.mark.parametrize(
    "subject", ["the head of the agency", "a former Lund aide", "the mayor and the council"]
)
def test_a_zero_relative_needs_a_determiner_or_pronoun_right_after_its_noun(
    subject: str,
) -> None:
    # a preposition phrase, a name modifier or a coordination is the subject's own
    assert ZERO_RELATIVE.search(f"{subject} ") is None


@pytest.mark.parametrize(
    ("body", "speaker", "cue"),
    [
        (
            "The mayor wrote in a post titled “Why the bridge matters” that the city would act.",
            "The mayor",
            "wrote",
        ),
        ("A local blogger wrote a post titled “Ten reasons to stay.”", "A local blogger", "wrote"),
        (
            "The council posted a notice headlined “Road closed until spring.”",
            "The council",
            "posted",
        ),
        (
            "The mayor also wrote in an essay entitled “A city in debt” that cuts will come.",
            "The mayor",
            "wrote",
        ),
    ],
)
def test_a_described_author_of_a_titled_work_stays_its_source(
    body: str, speaker: str, cue: str
) -> None:
    (q,) = attribute(body, [])
    assert (q.kind, q.speaker, q.cue, q.speaker_mention) == ("partial", speaker, cue, speaker)


@pytest.mark.parametrize(
    "body",
    [
        # no speech or writing verb: the clause is no author
        "The magazine published an essay headlined “Why the ferry failed.”",
        # the naming verb announces the title itself
        "The group released a report called “Roads to nowhere.”",
        # the verb after the title is the work's own
        "The report, titled “A city in debt,” said the council had overspent.",
    ],
)
def test_a_title_without_a_described_author_keeps_no_speaker(body: str) -> None:
    (q,) = attribute(body, [])
    assert (q.kind, q.speaker) == ("partial", None)


#: Works NER names as such (WORK_OF_ART), tagged by hand so the rule is tested whatever
#: the model of the day tags.
WORKS = [
    *LUND_OKAFOR,
    ("Born in the USA", "WORK_OF_ART", "Born in the USA"),
    ("The Last River", "WORK_OF_ART", "The Last River"),
    ("Amazing Grace", "WORK_OF_ART", "Amazing Grace"),
    ("Rivers of Gold", "WORK_OF_ART", "Rivers of Gold"),
]


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("The band played “Born in the USA” before Lund spoke.", "Born in the USA"),
        ("Her film credits include “The Last River” and two short films.", "The Last River"),
        ("Ana Lund spoke after the choir of the church had “Amazing Grace” sung.", "Amazing Grace"),
        (
            "Readers pass around copies of his memoir, “Rivers of Gold,” at the fair.",
            "Rivers of Gold",
        ),
    ],
)
def test_a_work_named_in_a_clause_without_speech_has_no_speaker(body: str, title: str) -> None:
    (q,) = [q for q in attribute(body, WORKS) if q.text.rstrip(",.") == title]
    assert (q.kind, q.speaker, q.speaker_mention) == ("partial", None, None)


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # a naming verb: the one who names it so
        ("The mayor called the plan “The Last River” in a speech.", "The mayor"),
        # inside reported speech, the source's (as PolNeAR's annotators read it)
        ("The senator said her favorite film was “The Last River.”", "The senator"),
        # a named person keeps it, as after "titled"
        ("Lund wrote “Rivers of Gold” in two years.", "Ana Lund"),
    ],
)
def test_a_work_named_by_a_speaker_keeps_the_speaker(body: str, speaker: str) -> None:
    (q,) = attribute(body, WORKS)
    assert q.speaker == speaker


def test_the_model_leaves_a_song_title_without_speaker(extract: Extract) -> None:
    (q, r) = extract(
        "The band played “Born in the USA” before Lund spoke. “We are back,” Lund said."
    ).quotes
    assert (q.kind, q.speaker) == ("partial", None)
    assert (r.kind, r.speaker) == ("full", "Lund")


#: Title Case characterisations NER may tag as works (tagged by hand).
NICKNAMES = [
    ("A Total Fraud", "WORK_OF_ART", "A Total Fraud"),
    ("Fake News", "WORK_OF_ART", "Fake News"),
    ("Blue Hour", "WORK_OF_ART", "Blue Hour"),
]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # an object, then "as": the subject's own words for it, as after "called"
        (
            "The reality star slammed her former husband as “A Total Fraud” online.",
            "The reality star",
        ),
        ("The president dismissed the report as “Fake News.”", "The president"),
        # a participle before "as" names a thing: still a title, no one's words
        ("The album, known as “Blue Hour” to fans, sold well.", None),
        ("The band's new record was released as “Blue Hour” in May.", None),
        # examples and comparisons: still titles
        ("The band played old songs such as “Blue Hour” on Friday.", None),
        ("The band played “A Total Fraud” as well as “Blue Hour” on Friday.", None),
    ],
)
def test_a_work_tag_after_an_objects_as_is_a_characterisation(
    body: str, speaker: str | None
) -> None:
    """'dismissed the report as "Fake News"': NER's WORK_OF_ART over a Title Case
    characterisation does not make it a title (probe10)."""
    q = attribute(body, NICKNAMES)[-1]
    assert (q.kind, q.speaker) == ("partial", speaker)
