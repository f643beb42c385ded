"""Speaker rules of issue 11's third pass, on sentences written for these tests:
modal auxiliaries before the cue, quotes that open a paragraph after a quote, ..."""

from __future__ import annotations

from collections.abc import Callable

from stream.core.extract import Extraction

Extract = Callable[[str], Extraction]


def test_modal_before_cue(extract: Extract) -> None:
    body = (
        "Governor Helena Marsh will address the convention tonight.\n\n"
        "“Nobody is ready for this job on day one,” she will say, according to excerpts."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Helena Marsh"
    assert q.speaker_mention == "she"
    assert q.cue == "say"


def test_short_quote_opening_a_paragraph_after_a_quote_is_full(extract: Extract) -> None:
    body = (
        "The senator turned to the hall. “Do we give up and go home?”\n\n"
        "“No!” the crowd shouted back."
    )
    _first, second = extract(body).quotes
    assert second.kind == "full"
    assert second.speaker == "the crowd"


def test_description_subject_before_a_name_in_its_clause(extract: Extract) -> None:
    body = (
        "The press officer declined to say which candidate Mayor Lina Okafor would "
        "endorse but said no decision was near, adding: “When one is made we will "
        "announce it.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "The press officer"
    assert q.speaker_mention == "The press officer"


def test_fragment_takes_a_description_subject(extract: Extract) -> None:
    body = "A reporter for the local radio station called the scene “absolute chaos.”"
    (q,) = extract(body).quotes
    assert q.kind == "partial"
    assert q.speaker == "A reporter for the local radio station"


def test_description_subject_stops_at_relative_and_auxiliary(extract: Extract) -> None:
    body = "The school had collaborated on two articles about “the gap between the two.”"
    (q,) = extract(body).quotes
    # the subject stops before "had"; no reporting verb, so no speaker is also right
    assert q.speaker in {None, "The school"}


def test_clause_opening_with_a_pronoun_is_no_description(extract: Extract) -> None:
    body = (
        "The gym cancelled his membership without a word, and he believes a rival "
        "trainer complained about his classes.\n\n"
        "“Members must follow the house rules.”"
    )
    (q,) = extract(body).quotes
    # "he believes a rival trainer" is a clause; the quote has no attribution of its
    # own, so nobody (or the gym, the subject of the paragraph before) speaks it
    assert q.speaker in {None, "The gym"}


def test_name_before_an_appositive(extract: Extract) -> None:
    body = (
        "The group's page was removed on Thursday.\n\n“We welcome debate, but we do not "
        "allow harassment,” Anahit Vardanyan, a Flickbox spokeswoman, said in an email."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Anahit Vardanyan"
    assert q.speaker_mention == "Anahit Vardanyan"


def test_participle_after_a_reporting_verb_keeps_its_speaker(extract: Extract) -> None:
    body = (
        "Sami Rahal always left the cafe before midnight, Youssef Amrani said, adding, "
        "“He never stayed for the card games.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Youssef Amrani"
    assert q.cue == "adding"


def test_names_of_a_leading_adverbial_clause_are_not_the_speaker(extract: Extract) -> None:
    body = (
        "After talk-show host Marta Lindqvist asked him who would win the final, Okonjo "
        "replied, “If I had to guess today, I would pick the visitors.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Okonjo"


def test_subordinate_clause_names_its_own_speaker(extract: Extract) -> None:
    body = (
        "“We have a guest with strong opinions tonight,” Senator Ivo Marek said as the "
        "protester shouted: “You are a liar!”"
    )
    first, second = extract(body).quotes
    assert first.speaker == "Ivo Marek"
    assert second.speaker == "the protester"


def test_chunk_with_a_quote_mark_is_not_a_speaker(extract: Extract) -> None:
    body = (
        "The meetings close with the chants of “save the pier” and a recorded "
        "announcement. “Please leave the hall quietly,” begins the announcement."
    )
    quotes = extract(body).quotes
    assert len(quotes) == 2
    for q in quotes:
        assert q.speaker is None or "“" not in q.speaker
        # "chants" here is a noun: the words before it are a clause cut off at an
        # article, no noun phrase that could speak
        assert q.speaker is None or not q.speaker.endswith(" the")


def test_clause_cut_off_at_an_article_is_no_speaker(extract: Extract) -> None:
    body = "The marchers left with the shouts of “not again” still in the air."
    (q,) = extract(body).quotes
    assert q.speaker != "The marchers left with the"


def test_speaker_of_an_infinitive_cue_is_the_governing_subject(extract: Extract) -> None:
    body = (
        "The ferry company sent a letter to residents on Friday.\n\n"
        "The letter went on to say: “Sailings resume once the harbour wall is repaired.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "The letter"
    assert q.speaker_mention == "The letter"


def test_closed_quote_then_a_new_sentence_of_reported_speech(extract: Extract) -> None:
    body = (
        "“That decision is the worst budget call I have seen in a decade,” the council "
        "opposition leader said. “It shows no respect for taxpayers.” Mira Jansen said "
        "both councillors are newcomers."
    )
    first, second = extract(body).quotes
    assert first.speaker == "the council opposition leader"
    assert second.speaker == "the council opposition leader"


def test_closed_quote_then_speaker_and_object(extract: Extract) -> None:
    body = "“Did you know who wrote it?” Lund asked the candidate."
    (q,) = extract(body).quotes
    assert q.speaker == "Lund"


def test_it_said_after_an_organisation_quote(extract: Extract) -> None:
    body = (
        "“The valley has voted the same way for forty years,” the newspaper wrote.\n\n"
        "“But the flood should change minds,” it added."
    )
    first, second = extract(body).quotes
    assert second.speaker == first.speaker == "the newspaper"
    assert second.speaker_mention == "it"


def test_unanchored_pronoun_takes_the_story_topic_of_its_gender(extract: Extract) -> None:
    body = (
        "Commissioner Arvid Lindahl spoke at the summit. Mr. Lindahl thanked the "
        "delegates, and Arvid Lindahl said he would return.\n\n"
        "Delegations from many regions attended the meeting. Several will have to turn "
        "pledges into budgets. Nobody knows whether that can happen in time. The money "
        "is short. The deadlines are close. The data are clear. The costs keep rising. "
        "The coasts are eroding. The meeting resumes in May.\n\n"
        "“I am sure that this will remain a priority,” he said."
    )
    q = extract(body).quotes[-1]
    assert q.speaker == "Arvid Lindahl"
    assert q.speaker_mention == "he"


def test_fragment_attributed_right_after_its_closing_mark(extract: Extract) -> None:
    body = (
        "If the vendor is overcharging, as many auditors suspect and the board is "
        "claiming — “why would you not check the invoices?” asked Petra Lund, a "
        "former treasurer. “I think it is only sensible.”"
    )
    qs = extract(body).quotes
    assert qs[0].kind == "partial"
    assert [q.speaker for q in qs] == ["Petra Lund", "Petra Lund"]


def test_inverted_speaker_tagged_org_with_an_agent_appositive(extract: Extract) -> None:
    body = (
        "The message works on voters who miss an era when the town was mostly rural, "
        "said Halvard Brenne, a demographer at Northfield University. “He is speaking "
        "to a sense of loss,” he said."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Halvard Brenne"
    assert q.speaker_mention == "he"


def test_untagged_name_before_a_reporting_verb_is_a_subject(extract: Extract) -> None:
    body = (
        "“She was hoping for the collapse,” Governor Ruth Adair told union workers.\n\n"
        "Kessler fired back in a press release, saying she has “earned plenty during the bad "
        "years.”"
    )
    fragment = extract(body).quotes[-1]
    assert fragment.kind == "partial"
    assert fragment.speaker is not None and "Kessler" in fragment.speaker


def test_trailing_name_after_a_tagged_modifier(extract: Extract) -> None:
    body = (
        "“The majority is so frustrated that they are unloading on her,” said Budget "
        "Committee ranking member Elias Kormoran (D-Ore.)."
    )
    (q,) = extract(body).quotes
    assert q.speaker is not None and q.speaker.endswith("Elias Kormoran")
    assert q.speaker_mention is not None and q.speaker_mention.endswith("Elias Kormoran")


def test_agrees_and_issued_a_statement_are_cues(extract: Extract) -> None:
    body = (
        "“Small towns need their own doctors,” agrees Dana Whitlock, a nurse in "
        "Halden.\n\n"
        "The hospital issued a statement on Friday.\n\n"
        "“We regret any confusion over the new opening hours.”"
    )
    first, second = extract(body).quotes
    assert first.speaker == "Dana Whitlock"
    assert first.cue == "agrees"
    assert second.speaker == "The hospital"


def test_object_pronoun_in_an_infinitive_can_mean_the_subject(extract: Extract) -> None:
    body = (
        "At the briefing, Tomas Varga urged reporters to question him on anything but the "
        "audit.\n\n"
        "“We are done talking about that audit,” he said."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Tomas Varga"


def test_second_verb_after_and_keeps_the_subject(extract: Extract) -> None:
    body = (
        "Mayor Elena Castellanos said the change was ordered by fire chief Robert Imrie "
        "and said, “Whose word will you take on safety?”"
    )
    (q,) = extract(body).quotes
    assert q.speaker is not None and "Castellanos" in q.speaker


def test_name_set_off_by_a_dash_labels_a_colon_quote(extract: Extract) -> None:
    body = (
        "The timing has mattered for the primaries - Greta Solheim: “Two weeks ago, "
        "the best region had been the coast.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Greta Solheim"


def test_organisation_heading_a_possessive_phrase(extract: Extract) -> None:
    body = (
        "At the time, Okafor's hometown Riverside Gazette wrote: “Okafor said he held "
        "off backing either candidate.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Riverside Gazette"


def test_organisation_after_a_preposition_is_no_head(extract: Extract) -> None:
    body = "A reporter for the Nordic Press Agency called the scene “total chaos.”"
    (q,) = extract(body).quotes
    assert q.speaker == "A reporter for the Nordic Press Agency"


def test_quantity_noun_opens_a_description(extract: Extract) -> None:
    body = (
        "Hundreds of pro-union demonstrators marched through the old town on the first "
        "day of the party congress on Monday, chanting “Fair pay or no play,” raising "
        "fresh questions."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Hundreds of pro-union demonstrators"


def test_blank_quote_is_no_fragment_ending_in_a_comma(extract: Extract) -> None:
    """A quote of white space only has no closing punctuation: it must not take the
    branch of a fragment ending in a comma (``"" in ",?!"`` is true in Python)."""
    body = "Ana Ruiz said the form showed “ ” all week, the clerk said."
    (q,) = extract(body).quotes
    assert q.speaker in {None, "Ana Ruiz", "the clerk"}


def test_name_tagged_as_a_title_at_a_cue_speaks(extract: Extract) -> None:
    # the small model tags "Councillor Ivo Marek" WORK_OF_ART here; at the subject of
    # "told" the position decides, not the label
    body = '"The budget is a disgrace," Councillor Ivo Marek told reporters on Monday.'
    (q,) = extract(body).quotes
    assert q.speaker == "Councillor Ivo Marek"
    assert q.speaker_mention == "Councillor Ivo Marek"


def test_plural_group_opening_a_sentence_is_no_antecedent(extract: Extract) -> None:
    # "Liberals" is no name NER missed: a capitalized plural that no person in the
    # story bears is a group, whatever the country
    body = (
        "Mayor Helen Brooks defended the plan on Monday. Liberals called it reckless "
        'and wasteful. "We will build it anyway," she said.'
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Helen Brooks"


def test_plural_shaped_surname_of_a_named_person_stays_a_name(extract: Extract) -> None:
    # "Rogers" ends like a plural, but the story names Ada Rogers: the subject is her
    body = (
        "Mayor Helen Brooks and Councillor Ada Rogers toured the site on Monday. Rogers "
        'thanked the volunteers. "We will build it anyway," she said.'
    )
    (q,) = extract(body).quotes
    assert q.speaker is not None and q.speaker.endswith("Ada Rogers")


def test_name_modifying_a_name_through_a_role_noun_is_no_subject(extract: Extract) -> None:
    # "Brooks pollster Dario Vance": Brooks qualifies the pollster; Vance is the subject.
    # A verb between two names ("Brooks thanked Vance") is no role noun.
    body = (
        "Mayor Helen Brooks spoke first. Brooks pollster Dario Vance said the numbers "
        'were soft, adding: "We need a better message."\n\n'
        "Brooks thanked Councillor Tom Reyes on Monday, adding: "
        '"He kept this city running."'
    )
    first, second = extract(body).quotes
    assert first.speaker == "Dario Vance"
    assert second.speaker == "Helen Brooks"


def test_name_role_name_tagged_as_one_title_ends_in_its_speaker(extract: Extract) -> None:
    # the small model tags the whole "Brooks consultant Dario Vance" WORK_OF_ART
    body = '"The numbers are soft," Brooks consultant Dario Vance said.'
    (q,) = extract(body).quotes
    assert q.speaker == "Dario Vance"
    assert q.speaker_mention == "Dario Vance"


def test_present_cue_after_a_plural_subject(extract: Extract) -> None:
    # a bare speech verb is a cue after a plural subject, before or after the quote
    body = (
        '"The reform has failed every family it touched," the two write in their report.'
        '\n\nIn a second paper, the researchers conclude: "Nothing has improved."'
        '\n\n"It costs more than it saves," warn the economists.'
    )
    first, second, third = extract(body).quotes
    assert (first.speaker, first.cue) == ("the two", "write")
    assert (second.speaker, second.cue) == ("the researchers", "conclude")
    assert (third.speaker, third.cue) == ("the economists", "warn")


def test_dateline_opening_raw_text_is_no_subject(extract: Extract) -> None:
    # "LISBON (Reuters) —" is no part of the first sentence: its subject follows it
    body = 'LISBON (Reuters) — Ines Duarte thanked the crews, saying "we have waited long enough."'
    (q,) = extract(body).quotes
    assert q.speaker == "Ines Duarte"


def test_age_appositive_is_cut_from_the_speaker(extract: Extract) -> None:
    body = '"We are reviewing the decision," Fischer, 54, told the Guardian.'
    (q,) = extract(body).quotes
    assert q.speaker == "Fischer"
    assert q.speaker_mention == "Fischer"
