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
        "The spokesman refused to say whom Premier Ola Brandt would back but said no "
        "meeting was planned, adding: “If one is proposed we will consider it.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "The spokesman"
    assert q.speaker_mention == "The spokesman"


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
        "The app suspended her account; it gave no reason, but she suspects that some "
        "users reported her posts.\n\n"
        "“We do not allow spamming.”"
    )
    (q,) = extract(body).quotes
    # "she suspects that some users" is a clause; the quote has no attribution of its
    # own, so nobody (or the app, the subject of the paragraph before) speaks it
    assert q.speaker in {None, "The app"}


def test_name_before_an_appositive(extract: Extract) -> None:
    # the small model tags "Vardanyan" as a nationality (NORP) here, not a person
    body = (
        "Her account was suspended on Thursday.\n\n“We support people sharing their "
        "views, but we do not allow spamming,” Anahit Vardanyan, a Tinder spokeswoman, "
        "said in an email."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Anahit Vardanyan"
    assert q.speaker_mention == "Anahit Vardanyan"


def test_participle_after_a_reporting_verb_keeps_its_speaker(extract: Extract) -> None:
    body = (
        "Omar Haddad left as soon as prayers were finished, Karim Nefzi said, adding, "
        "“He was not very religious.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Karim Nefzi"
    assert q.cue == "adding"


def test_names_of_a_leading_adverbial_clause_are_not_the_speaker(extract: Extract) -> None:
    body = (
        "After radio host Glenn Beck asked him who would win the presidency, D’Souza "
        "replied, “If I had to bet now, I would bet on the governor.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "D’Souza"


def test_subordinate_clause_names_its_own_speaker(extract: Extract) -> None:
    body = (
        "“There is a young man having some problems,” Senator Ted Cruz said as the "
        "heckler yelled: “You are a fraud!”"
    )
    first, second = extract(body).quotes
    assert first.speaker == "Ted Cruz"
    assert second.speaker == "the heckler"


def test_chunk_with_a_quote_mark_is_not_a_speaker(extract: Extract) -> None:
    body = (
        "The rallies end with the chants to “build the wall” and a recorded message. "
        "“Please do not touch the protester,” begins the message."
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
        "“What he has done is one of the worst moves I have seen,” the Senate minority "
        "leader said. “It shows a lack of character.” Harold Reid said both senators "
        "are newcomers."
    )
    first, second = extract(body).quotes
    assert first.speaker == "the Senate minority leader"
    assert second.speaker == "the Senate minority leader"


def test_closed_quote_then_speaker_and_object(extract: Extract) -> None:
    body = "“Did you know who wrote it?” Todd asked the candidate."
    (q,) = extract(body).quotes
    assert q.speaker == "Todd"


def test_it_said_after_an_organisation_quote(extract: Extract) -> None:
    body = (
        "“Louisiana is a reliably red state,” the newspaper wrote.\n\n"
        "“But the crisis should be a call to conscience,” it added."
    )
    first, second = extract(body).quotes
    assert second.speaker == first.speaker == "the newspaper"
    assert second.speaker_mention == "it"


def test_unanchored_pronoun_takes_the_story_topic_of_its_gender(extract: Extract) -> None:
    body = (
        "Secretary-General Ban Ki-moon spoke at the summit. Mr. Ban thanked the "
        "delegates, and Ban Ki-moon said he would return.\n\n"
        "Delegates from dozens of countries attended the talks. Many will have to make "
        "sure promises become reality. Nobody knows whether that can be done in time. "
        "The funds are short. The deadlines are near. The science is settled. The "
        "costs keep rising. The islands are sinking. The talks resume in May.\n\n"
        "“I am sure that this will continue to be a priority,” he said."
    )
    q = extract(body).quotes[-1]
    assert q.speaker == "Ban Ki-moon"
    assert q.speaker_mention == "he"


def test_fragment_attributed_right_after_its_closing_mark(extract: Extract) -> None:
    body = (
        "If Russia is meddling, as many researchers believe and the party is alleging "
        "— “why wouldn’t you want to raise the possibility?” asked Anita Dunn, a "
        "former adviser. “I think it is only prudent.”"
    )
    qs = extract(body).quotes
    assert qs[0].kind == "partial"
    assert [q.speaker for q in qs] == ["Anita Dunn", "Anita Dunn"]


def test_inverted_speaker_tagged_org_with_an_agent_appositive(extract: Extract) -> None:
    body = (
        "The appeal works on voters who miss an era when the population was "
        "overwhelmingly white, said Alan Abramowitz, a demographer at Emory University. "
        "“He is trying to appeal to a sense of displacement,” he said."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Alan Abramowitz"
    assert q.speaker_mention == "he"


def test_untagged_name_before_a_reporting_verb_is_a_subject(extract: Extract) -> None:
    body = (
        "“He was hoping for the crash,” Hillary Clinton told union workers.\n\n"
        "Trump shot back in a statement, saying he has “made a lot of money in down "
        "markets.”"
    )
    fragment = extract(body).quotes[-1]
    assert fragment.kind == "partial"
    assert fragment.speaker is not None and "Trump" in fragment.speaker


def test_trailing_name_after_a_tagged_modifier(extract: Extract) -> None:
    body = (
        "“Republicans are so frustrated that they are unloading on her,” said Oversight "
        "ranking Democrat Elijah Cummings (D-Md.)."
    )
    (q,) = extract(body).quotes
    assert q.speaker is not None and q.speaker.endswith("Elijah Cummings")
    assert q.speaker_mention is not None and q.speaker_mention.endswith("Elijah Cummings")


def test_first_name_before_a_one_word_person(extract: Extract) -> None:
    body = (
        "“The fear is greater here than in other places,” said Paloma Wu, legal "
        "director for the state American Civil Liberties Union."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Paloma Wu"
    assert q.speaker_mention == "Paloma Wu"


def test_agrees_and_issued_a_statement_are_cues(extract: Extract) -> None:
    body = (
        "“Our ideas of success are different,” agrees Michelle Stevens, 30, of "
        "Gainesville.\n\n"
        "The committee issued a statement apologizing to the senator.\n\n"
        "“We want to offer a deep and sincere apology to the senator and his supporters.”"
    )
    first, second = extract(body).quotes
    assert first.speaker == "Michelle Stevens"
    assert first.cue == "agrees"
    assert second.speaker == "The committee"


def test_object_pronoun_in_an_infinitive_can_mean_the_subject(extract: Extract) -> None:
    body = (
        "At the news conference, Paul Manafort begged reporters to ask him about "
        "something other than Melania Trump.\n\n"
        "“We are just going to move on,” he said."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Paul Manafort"


def test_second_verb_after_and_keeps_the_subject(extract: Extract) -> None:
    body = (
        "Mayor Bill de Blasio said the move was made by police commissioner William "
        "Bratton and said, “Who are you going to trust on security?”"
    )
    (q,) = extract(body).quotes
    assert q.speaker is not None and "Blasio" in q.speaker


def test_name_set_off_by_a_dash_labels_a_colon_quote(extract: Extract) -> None:
    body = (
        "The interplay has been important for the contests - Philip Bump: “Two weeks "
        "ago, the strongest territory had been the South.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Philip Bump"


def test_organisation_heading_a_possessive_phrase(extract: Extract) -> None:
    body = (
        "At the time, Sanders's hometown Burlington Free Press wrote: “Sanders said he "
        "held off supporting either of the Democrats.”"
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Burlington Free Press"


def test_organisation_after_a_preposition_is_no_head(extract: Extract) -> None:
    body = "A reporter for Agence France-Presse called the scene “absolute chaos.”"
    (q,) = extract(body).quotes
    assert q.speaker == "A reporter for Agence France-Presse"


def test_quantity_noun_opens_a_description(extract: Extract) -> None:
    body = (
        "Hundreds of pro-Sanders demonstrators marched through Center City on the first "
        "day of the Democratic National Convention on Monday, chanting “Bernie or Jill, "
        "No Hill,” raising fresh questions."
    )
    (q,) = extract(body).quotes
    assert q.speaker == "Hundreds of pro-Sanders demonstrators"
