"""Pronoun and description resolution (issue 11, sixth pass), on sentences written for
these tests: gender evidence that an earlier pronoun owns, a person named inside what a
she/he thinks, and the rest of this pass's rules."""

from __future__ import annotations

from collections.abc import Callable

from stream.core.extract import Enricher, Extraction
from stream.core.extract.entities import build_index
from stream.core.extract.nlp import pipe_docs
from stream.core.extract.quotes import find_quote_spans, quote_view
from stream.core.extract.segment import segment
from stream.core.extract.speaker_story import StoryIndex
from tests.unit.extract.tagged import attribute, full

Extract = Callable[[str], Extraction]


def test_pronoun_before_the_person_gives_no_gender_vote(extract: Extract) -> None:
    # "He ... Wendt in his speech": the his belongs to the He, so it says nothing of
    # Wendt's gender, and the she of the quote can be her
    body = (
        "Senator Laura Wendt and Governor Paul Ostrander campaigned in Ohio on Monday.\n\n"
        "He made fewer references to Wendt in his speech than he did last week.\n\n"
        "Wendt spoke at a rally in Dayton.\n\n"
        "“We will win this state,” she said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Laura Wendt"


def test_person_named_after_a_same_gender_pronoun_gives_way(extract: Extract) -> None:
    # the she who thinks is the topic, not the person she thinks about
    body = (
        "Naomi Lund, a nurse from Dayton, joined the volunteers in May.\n\n"
        "The Harbor Valley canvass last spring was the first time she had volunteered "
        "for anything, and she does not think Dana Wirt can win.\n\n"
        "“We need a different choice,” she said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Naomi Lund"


def test_an_owner_in_the_sentence_is_an_antecedent(extract: Extract) -> None:
    body = (
        "Dana Wirt praised the school bill in Dayton on Monday.\n\n"
        "On schools, the numbers in Mr. Okafor's record are mixed.\n\n"
        "“I never missed a vote,” he said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Okafor"


def test_participle_phrase_opening_the_sentence_is_not_its_subject(extract: Extract) -> None:
    body = (
        "Ruth Ellery arrived in Dayton on Monday.\n\n"
        "Discussing the speech Paul Okafor gave at the state convention on Monday, "
        "Ellery shared her doubts about the plan.\n\n"
        "“It will not pass,” she said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Ruth Ellery"


def test_owner_of_the_subject_does_not_bind_the_object_pronoun(extract: Extract) -> None:
    body = (
        "Governor Tom Brandt endorsed no one.\n\n"
        "Mr. Okafor's win in the primary propelled him to the top of the polls.\n\n"
        "“We earned it,” he said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Okafor"


def test_object_pronoun_in_a_which_clause_is_not_bound(extract: Extract) -> None:
    body = (
        "Tom Brandt spoke first.\n\n"
        "Paul Okafor signed the bill, which earned him praise from teachers.\n\n"
        "“It was the right call,” he said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Paul Okafor"


def test_description_subject_after_a_leading_clause_renames_its_subject(
    extract: Extract,
) -> None:
    body = (
        "Paul Greaves opened the fair.\n\n"
        "While Tom Brandt waited for the results, the farmer walked his dogs around the "
        "square.\n\n"
        "“I could not sleep,” he said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Tom Brandt"
    body = (
        "Paul Greaves opened the fair.\n\n"
        "Although Tom Brandt built the bridge, the engineer has never crossed it.\n\n"
        "“I trust my numbers,” he said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Tom Brandt"


def test_pronoun_in_a_leading_clause_means_the_main_subject(extract: Extract) -> None:
    # cataphora: nobody is named before the she of the leading clause, so the she
    # that continues that sentence is Ms. Okoye, not the woman named before
    body = (
        "Ana Lund spoke to the press first.\n\n"
        "Ever since she sold her first loaf at the market, Ms. Okoye has baked through "
        "the night.\n\n"
        "“It started with one pot of soup,” she said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Okoye"


def test_name_modifying_a_noun_after_the_is_not_the_subject(extract: Extract) -> None:
    body = (
        "Dana Wirt spoke in Dayton on Monday.\n\n"
        "The Okafor campaign has run ads for weeks.\n\n"
        "“The ads are everywhere,” she said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Dana Wirt"


def test_person_of_a_leading_phrase_is_a_weak_antecedent(extract: Extract) -> None:
    body = (
        "Dana Wirt spoke on Saturday. Wirt praised the road crews.\n\n"
        "Storm damage closed the bridge on Sunday.\n\n"
        "For council front-runner Ana Lund, this was a chance to show her record. "
        "“We were ready,” she said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Ana Lund"


def test_description_resolves_through_the_appositive_only(extract: Extract) -> None:
    # "the nurse" is not Susan Meyer: "nurse" is in her clause, not in an appositive
    body = (
        "Susan Meyer, 54, runs the clinic where the nurse works.\n\n"
        "Tom Brandt also spoke.\n\n"
        "“We need more staff,” the nurse said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical is None
    assert q.speaker == "the nurse"


def test_description_resolves_to_the_name_it_was_set_beside(extract: Extract) -> None:
    body = (
        "Maria Lopez, a nurse at the county clinic, met the governor on Monday.\n\n"
        "Tom Brandt also spoke.\n\n"
        "“We need more staff,” the nurse said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Maria Lopez"


def test_a_named_relative_is_a_person_whatever_ner_says(extract: Extract) -> None:
    body = (
        "Tom Brandt met voters in Ohio on Monday.\n\n"
        "His daughter, Georgia, joined him on stage.\n\n"
        "“We are proud of him,” she said."
    )
    (q,) = full(extract(body))
    assert q.speaker_canonical == "Georgia"


def test_untagged_surname_goes_to_the_person_named_most(enricher: Enricher) -> None:
    text = (
        "Donna Hale introduced her brother. Senator Victor Hale spoke in Dayton. "
        "Victor Hale thanked the crews. Victor Hale then left."
    )
    (doc,) = pipe_docs(enricher.nlp, [text])
    seg = segment(text)
    story = StoryIndex(quote_view(text), seg, build_index(doc, text), find_quote_spans(text, seg))
    assert story._untagged_name("Hale").canonical == "Victor Hale"


ORGS = [
    ("Harbour Authority", "ORG", "Harbour Authority"),
    *[(name, "ORG", name) for name in ("Acme Freight", "Nordbank")],
]


def test_an_organisation_after_a_preposition_in_the_sentence_is_not_the_one_described() -> None:
    """'After meeting with A and B, the regulator said': A and B are the leading
    clause's objects, not the regulator (spk10)."""
    body = "After meeting with Acme Freight and Nordbank, the regulator said, “The merger can go.”"
    (q,) = attribute(body, ORGS)
    assert (q.speaker, q.speaker_canonical) == ("the regulator", None)
    body = (
        "The Harbour Authority reviewed the deal for a year. After meeting with Nordbank, "
        "the regulator said, “The merger can go.”"
    )
    (q,) = attribute(body, ORGS)
    assert (q.speaker, q.speaker_canonical) == ("the regulator", "Harbour Authority")
    # an organisation that is no preposition's object is still the nearest
    body = "Nordbank met the buyers on Monday. The bank said, “The merger can go.”"
    (q,) = attribute(body, ORGS)
    assert (q.speaker, q.speaker_canonical) == ("The bank", "Nordbank")


def test_an_organisation_inside_the_describing_clause_is_still_the_one_described() -> None:
    """Only a leading phrase set off by its comma right before the description holds
    objects to skip: 'Investors in Acme Freight cheered when the company said' is
    about Acme Freight (probe10)."""
    body = (
        "Investors in Acme Freight cheered on Wednesday when the company said margins "
        "would “recover.”"
    )
    (q,) = attribute(body, ORGS)
    assert (q.speaker, q.speaker_canonical) == ("the company", "Acme Freight")
    body = "Acme Freight faces a lawsuit. In a statement to Nordbank, the company said, “No.”"
    (q,) = attribute(body, ORGS)
    assert (q.speaker, q.speaker_canonical) == ("the company", "Acme Freight")
