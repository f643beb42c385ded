"""A relative clause whose subject gap names a quote ("X, which called the plan "..."",
"Lund criticized Y, who called it "...""): the phrase right before its comma speaks
even when NER tagged no name there, a group's phrase for "which", a name NER missed
or a plural noun of people for "who". Sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.unit.extract.tagged import attribute

#: Only "Lund" is tagged: every other name here is one NER missed.
ONLY_LUND = [("Lund", "PERSON", "Lund")]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # a group's phrase as the sentence's subject or a verb's object
        ("The committee, which called the vote “rushed,” will meet again.", "The committee"),
        ("The agency, which has called the dam “safe,” declined to comment.", "The agency"),
        ("Lund criticized the union, which called the offer “an insult.”", "the union"),
        (
            "The dockworkers’ union, which called the offer “an insult,” met.",
            "The dockworkers’ union",
        ),
        # a name NER missed: the subject, or a verb's object
        ("Nordvik, which called the offer “derisory,” rejected it on Tuesday.", "Nordvik"),
        ("Lund criticized Nordvik, which called the offer “derisory.”", "Nordvik"),
    ],
)
def test_an_untagged_which_antecedent_speaks(body: str, speaker: str) -> None:
    (q,) = attribute(body, ONLY_LUND)
    assert q.speaker == speaker


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # "which" qualifies the head before "of", a place, a time, or a thing
        ("The head of the agency, which called the dam “safe,” declined to comment.", None),
        ("Lund spoke in Berlin, which she called “a second home.”", "Lund"),
        ("Rain fell on Monday, which called the dam “safe.”", None),
    ],
)
def test_an_unclear_or_speechless_which_antecedent_does_not_speak(
    body: str, speaker: str | None
) -> None:
    (q,) = attribute(body, ONLY_LUND)
    assert q.speaker == speaker


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Lund defended Okafor, who his critics called “a fraud.”", "his critics"),
        ("Lund defended Okafor, who the press called “a fraud.”", "the press"),
    ],
)
def test_an_object_gap_who_with_a_determined_subject_is_that_subjects(
    body: str, speaker: str
) -> None:
    """'Okafor, who his critics called': the critics name him so; never Okafor (the
    untagged object was read as the antecedent)."""
    (q,) = attribute(body, ONLY_LUND)
    assert q.speaker == speaker


@pytest.mark.parametrize(
    "body",
    [
        "Lund praised Okafor, who Monday called “a disgrace” the ruling.",
        "Lund praised Okafor, who Sunday night called “outrageous” the plan.",
        "Lund defended Okafor, who many called “a fraud.”",
    ],
)
def test_a_time_or_a_quantifier_after_who_is_no_speaker(body: str) -> None:
    (q,) = attribute(body, ONLY_LUND)
    assert q.speaker not in {"Monday", "Sunday night", "Okafor", "many"}
    assert q.speaker in {None, "Lund"}  # (the main clause's subject, as before spk12)


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Lund criticized Okafor, who had called the tariffs “a necessary evil.”", "Okafor"),
        ("The report cited economists, who called the forecast “too rosy.”", "economists"),
        ("The prize went to Tom Okafor of Nordvik, who called the award “humbling.”", "Tom Okafor"),
    ],
)
def test_a_who_clauses_untagged_object_antecedent_speaks(body: str, speaker: str) -> None:
    """The object right before "who", with no determiner, is its antecedent; the main
    clause's subject ("Lund", "The report", "The prize") does not speak."""
    (q,) = attribute(body, ONLY_LUND)
    assert q.speaker == speaker


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # the clause's own subject, or a described object, as before
        ("The mayor, who called the plan “a disaster,” said nothing.", "The mayor"),
        ("Lund met the striking workers, who called it “an insult.”", "the striking workers"),
    ],
)
def test_a_who_clauses_described_antecedent_is_unchanged(body: str, speaker: str) -> None:
    (q,) = attribute(body, ONLY_LUND)
    assert q.speaker == speaker


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "The union, which has 40,000 members, bluntly called the offer “an insult.”",
            "The union",
        ),
        ("The union, which has 40,000 members, called the offer “an insult.”", "The union"),
        ("Lund, who won 12,000 votes, bluntly called the offer “an insult.”", "Lund"),
    ],
)
def test_a_number_with_a_thousands_comma_does_not_end_an_aside(body: str, speaker: str) -> None:
    """'40,000' is one number: the aside set off by commas runs on to the comma after
    it, and the phrase before the aside names the offer so."""
    (q,) = attribute(body, ONLY_LUND)
    assert q.speaker == speaker


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # "who"/"whom" is the naming verb's object: the clause's own subject names it so
        ("Lund praised Okafor, who critics called “a fraud.”", "critics"),
        ("Lund praised Okafor, who critics have called “a fraud.”", "critics"),
        ("Ana Lund praised Tom Okafor, whom she called “a friend.”", "Ana Lund"),
        # "they": the main clause's plural subject
        ("Fans booed Ana Lund, who they called “a traitor” after the transfer.", "Fans"),
        ("The fans booed Ana Lund, whom they called “a traitor.”", "The fans"),
    ],
)
def test_an_object_who_is_named_by_its_clauses_subject(body: str, speaker: str) -> None:
    (q,) = attribute(
        body,
        [("Ana Lund", "PERSON", "Ana Lund"), ("Tom Okafor", "PERSON", "Tom Okafor"), *ONLY_LUND],
    )
    assert q.speaker == speaker


def test_an_object_whos_they_with_a_named_main_subject_is_no_one() -> None:
    """'they' is not Lund (one person) nor Okafor ("who"): no one named speaks."""
    body = "Ana Lund praised Tom Okafor, who they called “a friend.”"
    (q,) = attribute(
        body, [("Ana Lund", "PERSON", "Ana Lund"), ("Tom Okafor", "PERSON", "Tom Okafor")]
    )
    assert q.speaker is None


#: A namer NER tagged as an organization (as it tags a bare surname now and then).
ORG_NAMER = [
    *ONLY_LUND,
    ("Harbor Trade Agreement", "ORG", "Harbor Trade Agreement"),
    ("Okafor", "ORG", "Okafor"),
]


def test_an_article_after_the_naming_verb_keeps_the_object_gap() -> None:
    """'which Okafor had called a "disaster"': the article before the mark belongs to
    the verb's object, the clause's subject names it (the verb had to end the clause:
    the main clause's subject was given)."""
    body = 'Lund criticized the Harbor Trade Agreement, which Okafor had called a "disaster."'
    (q,) = attribute(body, ORG_NAMER)
    assert q.speaker == "Okafor"


def test_and_a_second_verb_after_a_fragment_is_no_subject_and_cue() -> None:
    """'"disaster" and promised to': "and promised" continues the relative clause; it
    is no attribution of its own with "and" as its subject."""
    body = (
        "Lund criticized the Harbor Trade Agreement, which Okafor had called a "
        '"disaster" and promised to "rip up."'
    )
    first, _ = attribute(body, ORG_NAMER)
    assert first.speaker == "Okafor"


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        (
            'Lund criticized the Harbor Trade Agreement, which Okafor had called a "disaster" '
            'and promised to "rip up."',
            ["Okafor", "Okafor"],
        ),
        ('Lund called the plan "a disaster" and said it was "doomed."', ["Lund", "Lund"]),
        # a subject of its own after "and": a new voice
        (
            'Lund called the plan "a disaster" and Okafor promised to "fix it."',
            ["Lund", "Okafor"],
        ),
    ],
)
def test_a_second_verb_after_and_shares_the_fragment_before(body: str, speakers: list[str]) -> None:
    """'"disaster" and promised to "rip up"': the clause's second verb, whose subject is
    the first fragment's speaker (was the phrase before "which")."""
    assert [q.speaker for q in attribute(body, ORG_NAMER)] == speakers
