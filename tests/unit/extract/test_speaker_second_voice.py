"""A split sentence whose second half has an attribution of its own right after it
(``"Is this fair?" Lund asked, "or is it theft?" Okafor shouted``): the second voice
speaks it; the attribution between the halves is the first half's. Sentences written
for these tests."""

from __future__ import annotations

import pytest

from tests.unit.extract.tagged import LUND_OKAFOR, attribute


@pytest.mark.parametrize(
    ("body", "second"),
    [
        ("“Is this fair?” Lund asked, “or is it theft?” Okafor shouted back.", "Tom Okafor"),
        ("“Not today,” Lund said, “not ever!” Okafor shouted.", "Tom Okafor"),
        ("“Not today,” Lund said, “not ever,” the crowd shouted back.", "the crowd"),
    ],
)
def test_a_split_halfs_own_attribution_is_its_speaker(body: str, second: str) -> None:
    first, then = attribute(body, LUND_OKAFOR)
    assert (first.speaker, then.speaker) == ("Ana Lund", second)


@pytest.mark.parametrize(
    "body",
    [
        # no attribution after the second half: the same voice goes on
        "“Is this fair?” Lund asked, “or is it theft?”",
        # a new sentence after it, not its own attribution
        "“Is this fair?” Lund asked, “or is it theft?” Okafor left the room.",
    ],
)
def test_a_split_half_with_no_own_attribution_is_the_first_voices(body: str) -> None:
    first, then = attribute(body, LUND_OKAFOR)
    assert first.speaker == then.speaker == "Ana Lund"


def test_roared_is_a_speech_cue() -> None:
    """'roar' is an English verb of loud speech, as 'shout' and 'yell' are: a split
    sentence's second half with 'the crowd roared back' after it is the crowd's."""
    first, then = attribute(
        "“Not today,” Lund said, “not ever,” the crowd roared back.", LUND_OKAFOR
    )
    assert (first.speaker, then.speaker) == ("Ana Lund", "the crowd")


@pytest.mark.parametrize(
    "tail", ["according to the transcript.", "according to Reuters.", "according to a recording."]
)
def test_according_to_after_a_split_half_is_the_source_not_a_voice(tail: str) -> None:
    """'"A," Lund said, "B," according to the transcript': where the words were
    reported; Lund says both halves (the transcript had been read as a second voice)."""
    first, then = attribute(f"“Is this fair?” Lund asked, “or is it theft?” {tail}", LUND_OKAFOR)
    assert first.speaker == then.speaker == "Ana Lund"
