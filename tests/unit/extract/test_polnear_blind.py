"""The PolNeAR scorer's blind hand-referent rule (``eval/extract/polnear.blind_ok``), on
invented records: a pronoun quote is judged by the hand referent, not by CoreNLP's
automatic guess; a null referent by the place of our attribution; a name mention as the
headline judges it. Also the reading sheet's marks. No PolNeAR text is used."""

from __future__ import annotations

from eval.extract.polnear import blind_ok, same_speaker
from eval.extract.referents_check import agree
from eval.extract.referents_sheet import pronoun_items, sheet
from schemas import Quote

#   "Rates will fall," Dana Wirt said. Tom Okafor disagreed. "They will not," he said.
BODY = '"Rates will fall," Dana Wirt said. Tom Okafor disagreed. "They will not," he said.'
HE = BODY.index(" he ") + 1


def _gold(speaker: str | None, corenlp: str | None = None) -> dict:
    start = BODY.index("They")
    return {
        "speaker": speaker,
        "speaker_name_corenlp": corenlp,
        "speaker_start": HE if speaker else None,
        "speaker_end": HE + 2 if speaker else None,
        "start": start,
        "end": start + len("They will not,"),
        "kind": "direct",
        "spans": [[start, start + len("They will not,")]],
    }


def _quote(speaker: str | None, canonical: str | None = None, at: int | None = HE) -> Quote:
    start = BODY.index("They")
    return Quote(
        text="They will not,",
        speaker=speaker,
        speaker_canonical=canonical,
        speaker_mention="he" if speaker else None,
        speaker_start=at if speaker else None,
        speaker_end=at + 2 if speaker and at is not None else None,
        start=start,
        end=start + 14,
    )


def test_hand_referent_decides_when_corenlp_is_wrong() -> None:
    # CoreNLP's hint names the other person: the old headline would count Wirt right
    gold = _gold("he", corenlp="Dana Wirt")
    assert not blind_ok(_quote("Dana Wirt"), gold, "Tom Okafor", labelled=True)
    assert blind_ok(_quote("Tom Okafor"), gold, "Tom Okafor", labelled=True)
    # the canonical may carry the name, and a surname matches the full name
    assert blind_ok(_quote("he", canonical="Okafor"), gold, "Tom Okafor", labelled=True)


def test_a_bare_pronoun_does_not_match_a_known_referent() -> None:
    assert not blind_ok(_quote("he"), _gold("he"), "Tom Okafor", labelled=True)
    assert not blind_ok(_quote(None), _gold("he"), "Tom Okafor", labelled=True)


def test_null_referent_is_judged_by_the_attribution_place() -> None:
    gold = _gold("he")
    assert blind_ok(_quote("someone"), gold, None, labelled=True)
    assert not blind_ok(_quote("someone", at=BODY.index("Dana")), gold, None, labelled=True)


def test_unlabelled_pronoun_falls_back_to_the_headline_rule() -> None:
    assert blind_ok(_quote("Dana Wirt"), _gold("he", corenlp="Dana Wirt"), None, labelled=False)
    assert not blind_ok(_quote("Tom Okafor"), _gold("he", "Dana Wirt"), None, labelled=False)


def test_name_mentions_and_sourceless_quotes_as_the_headline() -> None:
    assert blind_ok(_quote("Tom Okafor"), _gold("Okafor"), None, labelled=False)
    assert not blind_ok(_quote("Dana Wirt"), _gold("Okafor"), None, labelled=False)
    assert blind_ok(_quote(None), _gold(None), None, labelled=False)
    assert not blind_ok(_quote("Tom Okafor"), _gold(None), None, labelled=False)


def test_agreement_of_hand_and_corenlp_names() -> None:
    assert agree("Tom Okafor", "Okafor") and agree("Okafor", "Tom Okafor")
    assert not agree("Tom Okafor", "Dana Wirt")
    assert not agree(None, "Dana Wirt") and not agree("Tom Okafor", None)
    assert same_speaker("Tom Okafor", "Tom Okafor")


def test_sheet_marks_mention_and_quote_and_hides_corenlp() -> None:
    gold = _gold("he", corenlp="SECRET-HINT")
    name = {**_gold("Dana Wirt"), "speaker_start": BODY.index("Dana"), "start": 1, "end": 16}
    art = {"id": "invented", "text": BODY, "quotes": [gold, name]}
    items = pronoun_items(art)
    assert items == [gold]
    out = sheet(art, items)
    assert "<<They will not,>>#1" in out and "[[he]]#1" in out
    assert "SECRET-HINT" not in out and out.startswith('"Rates will fall')
