"""A relative "which": never a person; an organization named before it, or a
document's name or issuer, speaks when "which" is its clause's subject, and the
clause's own subject when "which" is a naming verb's object. Sentences written for
these tests."""

from __future__ import annotations

import pytest

from stream.core.extract.mention import Mention
from stream.core.extract.speaker_which import issued_by_subject, which_name
from tests.unit.extract.tagged import LUND_OKAFOR, attribute

WHICH_TAGS = [
    *LUND_OKAFOR,
    ("Harbor Safety Board", "ORG", "Harbor Safety Board"),
    ("Nordbank", "ORG", "Nordbank"),
]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # an organization right before "which": its words
        ("Lund criticized Nordbank, which called the plan “a farce.”", "Nordbank"),
        (
            "Okafor met the Harbor Safety Board, which described it as “a farce.”",
            "Harbor Safety Board",
        ),
        # a document before "which": the words of the one who issued it
        ("The agency released a report, which described the policy as “a failure.”", "The agency"),
        ("The agency issued a statement which called the ruling “deeply flawed.”", "The agency"),
        ("Ana Lund released a report, which called the policy “a failure.”", "Ana Lund"),
    ],
)
def test_a_which_clauses_fragment_is_its_organizations_or_its_documents_issuers(
    body: str, speaker: str
) -> None:
    """'which' never stands for a person: an organization named before it speaks; a
    document does not (its issuer, the clause's subject, does). The clause as written
    ('The agency issued a statement which') was given before."""
    (q,) = attribute(body, WHICH_TAGS)
    assert q.speaker == speaker


def test_a_which_clause_with_its_own_subject_is_not_the_organizations() -> None:
    (q,) = attribute("Lund criticized Nordbank, which he called “a casino.”", WHICH_TAGS)
    assert q.speaker == "Ana Lund"


def test_a_which_clause_after_a_named_document_is_the_names() -> None:
    body = "Okafor linked to the Harbor Safety Board report, which notes, “Ferries are unsafe.”"
    (q,) = attribute(body, WHICH_TAGS)
    assert q.speaker == "Harbor Safety Board"


def test_a_which_clause_with_a_described_subject_of_its_own_is_that_subjects() -> None:
    # "which an inquiry said was": the inquiry speaks, not the owner of "email use"
    body = "Okafor criticized Lund’s email use, which an inquiry said was “careless.”"
    (q,) = attribute(body, WHICH_TAGS)
    assert q.speaker == "an inquiry"


@pytest.mark.parametrize(
    ("body", "wrong"),
    [
        ("Lund praised Nordbank, which critics called “a casino.”", "Nordbank"),
        ("Okafor praised Lund’s report, which reviewers called “a triumph.”", "Ana Lund"),
        ("Okafor visited the Harbor Safety Board, which voters have called “a farce.”", "Harbor"),
    ],
)
def test_a_which_clause_with_a_bare_plural_subject_is_not_the_organizations(
    body: str, wrong: str
) -> None:
    """'which critics called': "which" is the verb's object, the critics name it so (the
    organization or document's owner before it was given)."""
    (q,) = attribute(body, WHICH_TAGS)
    assert wrong not in str(q.speaker)


@pytest.mark.parametrize(
    "body",
    [
        "Lund criticized Nordbank, which has swiftly called the plan “a farce.”",
        "Lund blamed Nordbank, which in turn called the charges “baseless.”",
        "Lund blamed Nordbank, which last week described the charges as “baseless.”",
        "Lund blamed Nordbank, which in a statement called the charges “baseless.”",
    ],
)
def test_a_which_clause_with_an_adverbial_before_its_verb_is_still_the_organizations(
    body: str,
) -> None:
    """Adverbs, auxiliaries and a short time or prepositional phrase may stand between
    a subject "which" and its verb; a bare noun may not ('which critics called')."""
    (q,) = attribute(body, WHICH_TAGS)
    assert q.speaker == "Nordbank"


def test_a_which_after_an_organizations_own_object_is_not_the_organizations() -> None:
    """'X rejected the bid, which described': "which" is the bid, X's object; the
    organization only qualifies a phrase it opens ('the Nordbank memo, which')."""
    body = "The Harbor Safety Board rejected the bid, which described the site as “ideal.”"
    (q,) = attribute(body, WHICH_TAGS)
    assert "Harbor Safety Board" not in str(q.speaker)


@pytest.mark.parametrize(
    "body",
    [
        "The Harbor Safety Board rejected the bid, which described the site as “ideal.”",
        "Ana Lund praised the plan, which described the site as “ideal.”",
        "Nordbank criticized rumors, which called the merger “illegal.”",
    ],
)
def test_a_which_that_stands_for_a_thing_gives_the_sentences_subject_nothing(body: str) -> None:
    """'X rejected the bid, which described': the bid's words, no one's here; neither
    the sentence's subject nor the last verb's (they were given before)."""
    (q,) = attribute(body, WHICH_TAGS)
    assert q.speaker is None


def test_a_which_for_a_document_its_subject_issued_is_the_issuers() -> None:
    (q,) = attribute(
        "The Harbor Safety Board released a report, which described the site as “ideal.”",
        WHICH_TAGS,
    )
    assert q.speaker == "Harbor Safety Board"


@pytest.mark.parametrize(
    ("phrase", "named"),
    [
        ("Nordbank rejected the bid", None),
        ("Ana Lund cited a poll", None),
        ("the Nordbank memo", "Nordbank"),
        ("Ana Lund’s new report", "Ana Lund"),
        ("Nordbank’s leaked report", "Nordbank"),
        ("Nordbank", "Nordbank"),
        ("Ana Lund", None),
    ],
)
def test_which_stands_for_a_name_only_when_the_name_qualifies_its_phrase(
    phrase: str, named: str | None
) -> None:
    text = f"{phrase}, which said"
    name, label = ("Ana Lund", "PERSON") if "Lund" in phrase else ("Nordbank", "ORG")
    at = text.index(name)
    m = Mention(at, at + len(name), name, label)
    got = which_name(text, [m], text.index(", which"))
    assert (got.text if got else None) == named


@pytest.mark.parametrize(
    ("clause", "issued"),
    [
        ("The agency released a report", True),
        ("The senators wrote a letter", True),
        ("Lund has signed an order", True),
        ("The council publishes a digest", True),
        ("Critics raised issues with the report", False),
        ("The filmmakers screened a report", False),
        ("The postal union received a memo", False),
        ("Analysts saw a significant report", False),
        ("Angry passengers read the notice", False),
        # the verb of an earlier clause made another document
        ("After Lund released a report, the agency criticized a memo", False),
        ("Criticized by Lund, the agency released a memo", True),
    ],
)
def test_only_a_verb_that_makes_a_document_gives_its_issuer(clause: str, issued: bool) -> None:
    """The stems were matched in any word ('issues', 'filmmakers', 'postal',
    'significant', 'passengers'): the subject was given the document's words."""
    assert issued_by_subject(clause) is issued


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Lund praised Nordbank, which critics called “a casino.”", "critics"),
        ("The court upheld the ban, which the governor had called “essential.”", "the governor"),
        ("Okafor defended the deal, which Ana Lund has long called “lopsided.”", "Ana Lund"),
    ],
)
def test_the_subject_of_a_which_clauses_naming_verb_names_it(body: str, speaker: str) -> None:
    """'which critics called "..."': "which" is the object, the clause's own subject
    names it so (no one, or the main clause's subject, was given)."""
    (q,) = attribute(body, WHICH_TAGS)
    assert q.speaker == speaker


@pytest.mark.parametrize(
    "body",
    [
        "The deal, which many called “historic,” was signed on Friday.",
        "The plan, which some have called “a giveaway,” passed easily.",
    ],
)
def test_a_which_clauses_vague_namer_is_no_speaker(body: str) -> None:
    # as a passive's "by many": no one in particular names it so
    (q,) = attribute(body, WHICH_TAGS)
    assert q.speaker is None
