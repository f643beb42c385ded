"""A coordinated subject speaks as a whole: ``Ana Lund and Tom Okafor said in a joint
statement`` gives the quote to both. The schema has one speaker per quote, so the
speaker is the coordination with each name at its fullest and no canonical (no single
entity said it; the mention offsets span both names). Sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from stream.core.extract import Extraction
from tests.unit.extract.tagged import LUND_OKAFOR, attribute

Extract = Callable[[str], Extraction]

TAGS = [
    *LUND_OKAFOR,
    ("Li Wei", "PERSON", "Li Wei"),
    ("Acme Freight", "ORG", "Acme Freight"),
    ("Nordbank", "ORG", "Nordbank"),
]


@pytest.mark.parametrize(
    ("body", "speaker", "mention"),
    [
        (
            "Ana Lund and Tom Okafor said in a joint statement, “We will not resign.”",
            "Ana Lund and Tom Okafor",
            "Ana Lund and Tom Okafor",
        ),
        (
            "“We will not resign,” Ana Lund and Tom Okafor said in a joint statement.",
            "Ana Lund and Tom Okafor",
            "Ana Lund and Tom Okafor",
        ),
        (
            "“We will not resign,” said Ana Lund and Tom Okafor.",
            "Ana Lund and Tom Okafor",
            "Ana Lund and Tom Okafor",
        ),
        (
            "Senators Ana Lund, Tom Okafor and Li Wei told reporters, “We will block the bill.”",
            "Ana Lund, Tom Okafor and Li Wei",
            "Ana Lund, Tom Okafor and Li Wei",
        ),
        (
            "Acme Freight and Nordbank said in a joint statement: “The merger will close in "
            "March.”",
            "Acme Freight and Nordbank",
            "Acme Freight and Nordbank",
        ),
        (
            "Ana Lund and Tom Okafor both said on Friday, “We will not resign.”",
            "Ana Lund and Tom Okafor",
            "Ana Lund and Tom Okafor",
        ),
        # titles between the names are no part of the speaker, but of the mention
        (
            "Ana Lund met Tom Okafor. Ms. Lund and Mr. Okafor said later, “We have a deal.”",
            "Ana Lund and Tom Okafor",
            "Lund and Mr. Okafor",
        ),
        # an appositive of the pair
        (
            "“The deal is done,” Ana Lund and Tom Okafor, the two negotiators, said.",
            "Ana Lund and Tom Okafor",
            "Ana Lund and Tom Okafor",
        ),
        # a name and a partner described after it
        (
            "Ana Lund and her lawyer said, “We will appeal the ruling.”",
            "Ana Lund and her lawyer",
            "Ana Lund and her lawyer",
        ),
        (
            "“We will appeal,” Tom Okafor and his aides said on Monday.",
            "Tom Okafor and his aides",
            "Tom Okafor and his aides",
        ),
        # surnames after full names: each name at its fullest, the mention as written
        (
            "Ana Lund met Tom Okafor. Lund and Okafor said later, “We have a deal.”",
            "Ana Lund and Tom Okafor",
            "Lund and Okafor",
        ),
        # a list of described persons
        (
            "Director Ana Lund, actor Tom Okafor and critic Li Wei said, “We will watch "
            "everything.”",
            "Ana Lund, Tom Okafor and Li Wei",
            "Ana Lund, actor Tom Okafor and critic Li Wei",
        ),
        # a party-and-state tag after each name, then "both" (spk10)
        (
            "Lund, D-Texas, and Okafor, R-Ohio, both said, “We will vote no.”",
            "Ana Lund and Tom Okafor",
            "Lund, D-Texas, and Okafor",
        ),
        (
            "“We will vote no,” Lund, D-Texas, and Okafor, R-Ohio, both said.",
            "Ana Lund and Tom Okafor",
            "Lund, D-Texas, and Okafor",
        ),
        (
            "Ana Lund and Tom Okafor, the two negotiators, both said, “The deal is done.”",
            "Ana Lund and Tom Okafor",
            "Ana Lund and Tom Okafor",
        ),
    ],
)
def test_a_coordinated_subject_speaks_as_a_whole(body: str, speaker: str, mention: str) -> None:
    (q,) = attribute(body, TAGS)
    assert (q.speaker, q.speaker_canonical, q.speaker_mention) == (speaker, None, mention)
    assert body[q.speaker_start : q.speaker_end] == mention


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # a leading clause's name before the comma is no part of the subject
        ("Asked about Ana Lund, Tom Okafor said, “She will lose.”", "Tom Okafor"),
        # an aside between commas, no "and"
        ("Ana Lund, Tom Okafor said, “will lose the vote.”", "Tom Okafor"),
        # one name only
        ("Ana Lund said in a statement, “We will not resign.”", "Ana Lund"),
        # a described appositive after an organisation's head: the name speaks
        ("The head of Nordbank, chief executive Tom Okafor, warned, “Jobs will go.”", "Tom Okafor"),
        # a description with a preposition after the comma: no list
        (
            "Ana Lund, spokeswoman for Acme Freight and Nordbank, said, “The merger is off.”",
            "Ana Lund",
        ),
        # the owners of a description are not its subject
        (
            "Ana Lund and Tom Okafor's lawyer said, “My clients are innocent.”",
            "Ana Lund and Tom Okafor's lawyer",
        ),
        # the names of a prepositional phrase are not the subject
        (
            "A spokesman for Ana Lund and Tom Okafor's campaign said, “They will appear.”",
            "A spokesman for Ana Lund and Tom Okafor's campaign",
        ),
    ],
)
def test_what_is_no_coordinated_subject(body: str, speaker: str) -> None:
    assert attribute(body, TAGS)[0].speaker == speaker


@pytest.mark.parametrize(
    "body",
    [
        "Lawyers representing Ana Lund and Tom Okafor said, “The settlement is a start.”",
        "Critics of Ana Lund and Tom Okafor said, “The resignations were overdue.”",
    ],
)
def test_names_a_participle_or_preposition_governs_leave_the_head_noun_speaking(
    body: str,
) -> None:
    (q,) = attribute(body, TAGS)
    head = body.split(" said")[0]
    assert (q.speaker, q.speaker_canonical, q.speaker_mention) == (head, None, head)


def test_a_split_quote_continues_the_coordinated_voice() -> None:
    body = (
        "“We will not resign,” Ana Lund and Tom Okafor wrote. “The board knows why, and so "
        "do the voters.”"
    )
    quotes = attribute(body, TAGS)
    assert [q.speaker for q in quotes] == ["Ana Lund and Tom Okafor"] * 2


def test_a_name_after_a_comma_is_an_appositive_not_a_prepositions_object() -> None:
    body = "The leader of Nordbank, Tom Okafor, warned that the plan was “reckless and unfair.”"
    (q,) = attribute(body, TAGS)
    assert q.speaker == "Tom Okafor"


# NER tags only one of the names (the small model leaves "Ana Ruiz" out of "Ana Ruiz and
# Tom Becker said"): the other conjunct is a capitalized name, a title before it maybe,
# or a described person ("council president Tom Becker")
ONE_TAGGED = [("Tom Becker", "PERSON", "Tom Becker"), ("Becker", "PERSON", "Tom Becker")]


@pytest.mark.parametrize(
    ("body", "speaker", "mention"),
    [
        (
            "Ana Ruiz and Tom Becker said in a joint statement, “The zoo will reopen.”",
            "Ana Ruiz and Tom Becker",
            "Ana Ruiz and Tom Becker",
        ),
        (
            "Mayor Ana Ruiz and council president Tom Becker said in a joint statement, “The "
            "bridge connects us again.”",
            "Ana Ruiz and Tom Becker",
            "Ana Ruiz and council president Tom Becker",
        ),
        (
            "“The bridge connects us again,” council president Tom Becker and Mayor Ana Ruiz said.",
            "Tom Becker and Ana Ruiz",
            "Tom Becker and Mayor Ana Ruiz",
        ),
        # one word after a title is a name
        (
            "Mayor Ruiz and Becker said later, “We have a deal.”",
            "Ruiz and Tom Becker",
            "Ruiz and Becker",
        ),
    ],
)
def test_a_conjunct_ner_left_untagged_speaks_too(body: str, speaker: str, mention: str) -> None:
    (q,) = attribute(body, ONE_TAGGED)
    assert (q.speaker, q.speaker_canonical, q.speaker_mention) == (speaker, None, mention)
    assert body[q.speaker_start : q.speaker_end] == mention


def test_an_untagged_surname_is_the_person_named_in_full_before() -> None:
    body = "Ana Ruiz met Tom Becker. Mayor Ruiz and Becker said later, “We have a deal.”"
    (q,) = attribute(body, [("Ana Ruiz", "PERSON", "Ana Ruiz"), *ONE_TAGGED])
    assert (q.speaker, q.speaker_mention) == ("Ana Ruiz and Tom Becker", "Ruiz and Becker")


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # the names of a prepositional phrase, one untagged, are not the subject
        (
            "A spokesman for Ana Ruiz and Tom Becker said, “They will appear.”",
            "A spokesman for Ana Ruiz and Tom Becker",
        ),
        # the owners of a description, one untagged
        ("Ana Ruiz and Tom Becker's lawyer said, “My clients are innocent.”", None),
        # a participle between: the second name is its object, not a conjunct
        ("Ana Ruiz and lawyers representing Tom Becker said, “We will appeal.”", None),
        # a capitalized sentence opener is no name
        ("But Tom Becker said, “We will appeal.”", "Tom Becker"),
    ],
)
def test_an_untagged_conjunct_keeps_the_guards(body: str, speaker: str | None) -> None:
    (q,) = attribute(body, ONE_TAGGED)
    assert q.speaker != "Ana Ruiz and Tom Becker"
    if speaker is not None:
        assert q.speaker == speaker


def test_the_model_reads_a_coordination_it_half_tags(extract: Extract) -> None:
    # en_core_web_sm tags "Tom Becker" here, not "Ana Ruiz" (whatever it tags, both speak)
    body = (
        "A giant panda arrived at the city zoo from abroad on Sunday, the first in decades. "
        "Ana Ruiz and Tom Becker said in a joint statement, “Our children will love her.”"
    )
    (q,) = extract(body).quotes
    assert (q.speaker, q.speaker_canonical) == ("Ana Ruiz and Tom Becker", None)
    body = (
        "The old bridge over the river reopened to traffic on Monday after two years of "
        "repairs. Mayor Ana Ruiz and council president Tom Becker said in a joint statement, "
        "“This bridge connects our neighborhoods again.”"
    )
    (q,) = extract(body).quotes
    assert (q.speaker, q.speaker_canonical) == ("Ana Ruiz and Tom Becker", None)


PLACES = [
    *TAGS,
    ("Democrats", "NORP", "Democrats"),
    ("House", "ORG", "House"),
    ("Senate", "ORG", "Senate"),
    ("Beta Holdings", "ORG", "Beta Holdings"),
    ("Acme Corp", "ORG", "Acme Corp"),
]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # names after "in" are its objects, the second joined to the first by "and": the
        # noun before them speaks, as written (a full quote and a fragment)
        (
            "Democrats in the House and Senate said, “The deal is dead on arrival.”",
            "Democrats in the House and Senate",
        ),
        (
            "Democrats in the House and Senate said the deal was “dead on arrival.”",
            "Democrats in the House and Senate",
        ),
        (
            "Investors in Acme Corp and Beta Holdings said the merger was “a bad bargain.”",
            "Investors in Acme Corp and Beta Holdings",
        ),
        # nearby shapes stay as they were
        (
            "A spokesman for Lund and Okafor said, “We will appeal.”",
            "A spokesman for Lund and Okafor",
        ),
        ("Lund met Okafor and Li Wei on Monday. “We will appeal,” Lund said.", "Ana Lund"),
        ("In Nordbank's view, Lund said, “We will appeal.”", "Ana Lund"),
    ],
)
def test_names_after_in_are_objects_not_the_speaker(body: str, speaker: str) -> None:
    assert [q.speaker for q in attribute(body, PLACES)] == [speaker]


TAGGED_PAIRS = [
    *TAGS,
    ("Lisa Grant", "PERSON", "Lisa Grant"),
    ("Tom Reed", "PERSON", "Tom Reed"),
    ("Texas", "GPE", "Texas"),
    ("Ohio", "GPE", "Ohio"),
]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # a party-and-state tag or an age after each name: still one list, both speak,
        # the cue before or after the quote
        (
            "Rep. Ana Lund, D-Texas, and Rep. Tom Okafor, R-Ohio, said, “We will vote no.”",
            "Ana Lund and Tom Okafor",
        ),
        (
            "“We will vote no,” Rep. Ana Lund, D-Texas, and Rep. Tom Okafor, R-Ohio, said.",
            "Ana Lund and Tom Okafor",
        ),
        (
            "Lisa Grant, 52, and her neighbor Tom Reed, 60, said, “The water rose in minutes.”",
            "Lisa Grant and Tom Reed",
        ),
        (
            "“The water rose in minutes,” Lisa Grant, 52, and her neighbor Tom Reed, 60, said.",
            "Lisa Grant and Tom Reed",
        ),
        ("Ana Lund, 52, and Tom Okafor said, “We will vote no.”", "Ana Lund and Tom Okafor"),
        # "both" set off by the last tag's comma (spk10)
        (
            "Rep. Ana Lund, D-Texas, and Rep. Tom Okafor, R-Ohio, both said “We will vote no.”",
            "Ana Lund and Tom Okafor",
        ),
        (
            "Lisa Grant, 52, and Tom Reed, 60, each said, “The water rose in minutes.”",
            "Lisa Grant and Tom Reed",
        ),
        # "jointly", an adverb, is such a word too (probe10)
        (
            "Rep. Ana Lund, D-Texas, and Rep. Tom Okafor, R-Ohio, jointly said “We will vote no.”",
            "Ana Lund and Tom Okafor",
        ),
        ("Lisa Grant, 52, and Tom Reed, 60, jointly said, “No.”", "Lisa Grant and Tom Reed"),
        # an adverb after one tagged name is still no subject
        ("Rep. Ana Lund, D-Texas, later said, “We will vote no.”", "Ana Lund"),
        # nearby shapes stay as they were: one tagged name, a new clause after "and"
        ("Lund, 52, said, “We will vote no.”", "Ana Lund"),
        ("Rep. Ana Lund, D-Texas, said, “We will vote no.”", "Ana Lund"),
        ("Lund left, and Okafor, 60, said, “We will vote no.”", "Tom Okafor"),
        ("The tally was 52, and Okafor said, “We will vote no.”", "Tom Okafor"),
    ],
)
def test_a_tag_after_each_name_keeps_the_list(body: str, speaker: str) -> None:
    assert [q.speaker for q in attribute(body, TAGGED_PAIRS)] == [speaker]


MAKERS = [*TAGS, ("Ferrari", "ORG", "Ferrari"), ("Mercedes", "ORG", "Mercedes")]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # names modifying the noun after them: the noun phrase speaks, as written
        ("Ferrari and Mercedes drivers said, “The track is too dangerous.”", None),
        ("“The track is too dangerous,” Ferrari and Mercedes drivers said.", None),
        ("Ferrari and Mercedes drivers said the track was “too dangerous.”", None),
        # a word saying they spoke together, or an adverb, is no noun
        ("Lund and Okafor both said, “We will vote no.”", "Ana Lund and Tom Okafor"),
        ("Lund and Okafor each said, “We will vote no.”", "Ana Lund and Tom Okafor"),
        ("Lund and Okafor later said, “We will vote no.”", "Ana Lund and Tom Okafor"),
        ("Lund and her lawyer said, “We will vote no.”", "Ana Lund and her lawyer"),
    ],
)
def test_names_modifying_a_noun_leave_the_noun_phrase_speaking(
    body: str, speaker: str | None
) -> None:
    (q,) = attribute(body, MAKERS)
    assert q.speaker == (speaker or "Ferrari and Mercedes drivers")
    assert q.speaker_canonical is None


@pytest.mark.parametrize(
    "body",
    [
        "Monday evening Ana Lund and Tom Okafor said “We will not resign.”",
        "On Monday evening Ana Lund and Tom Okafor said, “We will not resign.”",
        "“We will not resign,” Friday night Ana Lund and Tom Okafor told reporters.",
    ],
)
def test_a_day_and_its_part_before_a_coordinated_subject(body: str) -> None:
    """A time of day after the day, no comma, opens the sentence: the list still
    speaks as a whole (spk10)."""
    (q,) = attribute(body, TAGS)
    assert (q.speaker, q.speaker_canonical, q.speaker_mention) == (
        "Ana Lund and Tom Okafor",
        None,
        "Ana Lund and Tom Okafor",
    )


#: NER's mistakes on purpose: the second name tagged ORG, the first only by its surname.
HALF_ORG = [("Petr Novak", "ORG", "Petr Novak"), ("Varga", "ORG", "Varga")]


def test_a_conjunct_tagged_org_beside_a_full_name_keeps_its_first_name() -> None:
    """'Candidates Ilona Varga and Petr Novak said' with 'Varga' and 'Petr Novak'
    tagged ORG: the first name before "Varga" is part of it, as for a PERSON (spk10)."""
    body = "Candidates Ilona Varga and Petr Novak said, “We will run a clean campaign.”"
    (q,) = attribute(body, HALF_ORG)
    assert (q.speaker, q.speaker_canonical, q.speaker_mention) == (
        "Ilona Varga and Petr Novak",
        None,
        "Ilona Varga and Petr Novak",
    )


def test_the_model_reads_both_shapes(extract: Extract) -> None:
    for body, speaker in [
        (
            "Monday evening Ana Lund and Tom Okafor said “We will not resign from the board.”",
            "Ana Lund and Tom Okafor",
        ),
        (
            "Candidates Ilona Varga and Petr Novak said “We will run a clean campaign.”",
            "Ilona Varga and Petr Novak",
        ),
    ]:
        (q,) = extract(body).quotes
        assert (q.speaker, q.speaker_canonical) == (speaker, None)


@pytest.mark.parametrize(
    ("body", "speaker", "mention"),
    [
        (
            "Lund, D-Texas, and Okafor, R-Ohio, both said “We will vote no.”",
            "Lund and Tom Okafor",
            "Lund, D-Texas, and Okafor",
        ),
        (
            "Ana Lund, D-Texas, and Okafor, R-Ohio, said, “We will vote no.”",
            "Ana Lund and Tom Okafor",
            "Ana Lund, D-Texas, and Okafor",
        ),
        (
            "Lund, 52, and Okafor, 60, said, “We will vote no.”",
            "Lund and Tom Okafor",
            "Lund, 52, and Okafor",
        ),
    ],
)
def test_an_untagged_name_before_a_tag_joins_the_list(
    body: str, speaker: str, mention: str
) -> None:
    """The small model leaves "Lund" untagged before ", D-Texas,": a one-word name
    before an age or party-and-state tag is a conjunct too, and the list read across
    the tags' commas keeps it (spk10)."""
    (q,) = attribute(body, [("Okafor", "PERSON", "Tom Okafor")])
    assert (q.speaker, q.speaker_canonical, q.speaker_mention) == (speaker, None, mention)


def test_the_model_reads_a_tagged_pair_it_half_tags(extract: Extract) -> None:
    (q,) = extract("Lund, D-Texas, and Okafor, R-Ohio, both said “We will vote no.”").quotes
    assert (q.speaker, q.speaker_canonical, q.speaker_mention) == (
        "Lund and Okafor",
        None,
        "Lund, D-Texas, and Okafor",
    )


@pytest.mark.parametrize(
    "body",
    [
        "The candidates, Ana Lund and Tom Okafor, said: “We are ready.”",
        "Its two founders, Ana Lund and Tom Okafor, said in a statement, “We are ready.”",
        "The mayor’s aides, Ana Lund and Tom Okafor, said: “We are ready.”",
    ],
)
def test_names_in_apposition_to_a_plural_group_speak_together(body: str) -> None:
    """'The candidates, A and B, said': the names are the group's appositive; both speak
    (the last name alone was given before)."""
    (q,) = attribute(body, TAGS)
    assert (q.speaker, q.speaker_canonical) == ("Ana Lund and Tom Okafor", None)


def test_a_singular_noun_before_the_names_is_no_group() -> None:
    # "The mayor, Ana Lund and Tom Okafor": a list of three, not the mayor's appositive
    (q,) = attribute("The mayor, Ana Lund and Tom Okafor said: “We are ready.”", TAGS)
    assert q.speaker == "The mayor, Ana Lund and Tom Okafor"  # as written (spk11)
