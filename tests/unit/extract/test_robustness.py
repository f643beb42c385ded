"""Pathological input never raises or hangs; non-English stories get no NLP."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from schemas import NormalizedStory
from stream.core.extract import Enricher, Extraction
from stream.core.extract.speaker_chunk import ChunkReader

Extract = Callable[[str], Extraction]


@pytest.mark.parametrize(
    "body",
    [
        '"' * 10_000,
        "“" * 5_000 + "”" * 5_000,
        ('He said "yes" and ' * 2_000) + '"',
        "x" * 300_000,
        "Arvelo " + "a" * 300_000 + ' said "fine then, we go," he said.',
        "“”" * 5_000,
        "\n\n".join(["“Unclosed paragraph number one keeps going"] * 3_000),
        "",
        "   \n\n  ",
        # the speaker regexes (names, appositives, nested and triple marks, dashes) on
        # 50k characters of capitalized words, commas and quote marks
        "Abc Def, a Ghi “Jkl, ” '''Mno, ' \" Pqr said, adding " * 1_000,
        "Abc " * 12_500 + "“Yes,” said Abc - Def Ghi: “No.”",
        # one 50k-character sentence of "who" clauses with fragments, descriptions after
        # leading phrases, characterisations and split quotes (the spk10 rules)
        (
            "The mayor, who called the plan “a disaster,” and after meeting with Acme, "
            "the company said “fine,” dismissed it as “Fake News,” Lund said, “ok,” Okafor added "
        )
        * 250,
    ],
    ids=[
        "10k-straight",
        "curly-runs",
        "many-pairs",
        "300k-token",
        "token+quote",
        "empty-pairs",
        "unclosed-paras",
        "empty",
        "blank",
        "caps-commas-marks",
        "caps-run",
        "who-clauses",
    ],
)
@pytest.mark.timeout(120)  # a hang guard; speed is measured in bench/bench_extract.py
def test_pathological_inputs_are_bounded(extract: Extract, body: str) -> None:
    ex = extract(body)
    for q in ex.quotes:
        assert 0 <= q.start <= q.end <= len(body)
    for e in ex.entities:
        assert 0 <= e.start <= e.end <= len(body)


@pytest.mark.timeout(120)  # quadratic attribution would take far longer than this
def test_many_quotes_all_found(extract: Extract) -> None:
    unit = '"This is a full sentence of quoted speech," she said. '
    small = extract(unit * 200)
    big = extract(unit * 2_000)
    assert len(big.quotes) == 10 * len(small.quotes) == 2_000


def test_non_english_is_skipped_and_order_kept(enricher: Enricher) -> None:
    stories = [
        NormalizedStory(story_id="1", language="es", body='"Hola a todos," dijo Ferreira.'),
        NormalizedStory(story_id="2", language="en", body='"We will win this," Okafor said.'),
        NormalizedStory(story_id="3", language=None, body='"Unknown language," he said.'),
    ]
    out = enricher.enrich(stories)
    assert len(out) == 3
    assert out[0] == Extraction()
    assert out[1].quotes and out[1].quotes[0].speaker == "Okafor"
    # language unknown: treated as English, so its quote is still found
    assert [q.text for q in out[2].quotes] == ["Unknown language,"]


def test_full_pipeline_path_gives_the_same_output(enricher: Enricher) -> None:
    full = Enricher("auto", full_pipeline=True)
    story = NormalizedStory(
        story_id="s",
        language="en",
        body=(
            "Harbour chief Marisol Ferreira said, “We can share the berths, but we will "
            "never accept a second container terminal on our coast.”"
        ),
    )
    assert full.enrich([story]) == enricher.enrich([story])


def test_pronoun_fallbacks_walk_back_over_a_bounded_number_of_quotes(
    extract: Extract, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each "He called it" looks back for a recent speaker over the fragments before it,
    # all in one paragraph: unbounded, that walk made a 2,000-quote paragraph quadratic
    walked: list[int] = []
    plain = ChunkReader._earlier

    def counting(self: ChunkReader, pos: int) -> Iterator[object]:
        n = 0
        try:
            for item in plain(self, pos):
                n += 1
                yield item
        finally:
            walked.append(n)

    monkeypatch.setattr(ChunkReader, "_earlier", counting)
    ex = extract("Ann Lee spoke. " + "He called it “a b” and “c d”. " * 300)
    assert len(ex.quotes) == 600
    assert max(walked) == ChunkReader.EARLIER_WINDOW < 600
