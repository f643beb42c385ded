"""The stage inside the pipeline core: one Enricher, micro-batches, order kept."""

from __future__ import annotations

import json
from pathlib import Path

from schemas import EnrichedStory, NormalizedStory
from stream.core.extract import Enricher
from stream.core.pipeline import Pipeline
from stream.settings import Settings

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def test_pipeline_enriches_seed_stories(enricher: Enricher) -> None:
    settings = Settings(store="memory://", enrich_batch_size=2)
    pipeline = Pipeline.create(settings, enricher=enricher)
    payloads = [
        json.dumps({"story_id": p.stem, "body": p.read_text()}) for p in sorted(SEEDS.glob("*.txt"))
    ]
    out = list(pipeline.run(payloads))
    enriched = [r for r in out if isinstance(r, EnrichedStory)]
    assert enriched, [type(r).__name__ for r in out]
    for story in enriched:
        for e in story.entities:
            assert story.body[e.start : e.end] == e.text
        for q in story.quotes:
            assert 0 <= q.start <= q.end <= len(story.body)
    people = {e.canonical for s in enriched for e in s.entities if e.label == "PERSON"}
    assert "Nicolas Maduro" in people and "Nicolás Maduro" not in people


def test_model_is_loaded_once_per_process() -> None:
    assert Enricher("auto").nlp is Enricher("auto").nlp


def test_kept_vocabulary_gives_the_same_extractions(enricher: Enricher) -> None:
    """``free_vocab=False`` (one-shot runs) keeps the batch's words; nothing else changes."""
    stories = [
        NormalizedStory(story_id=p.stem, body=p.read_text(), language="en")
        for p in sorted(SEEDS.glob("*.txt"))
    ]
    word = "Qwzxvbnorfle"
    stories.append(NormalizedStory(story_id="w", body=f"{word} said it in Paris.", language="en"))
    kept = Enricher("auto", free_vocab=False)
    assert kept.nlp is enricher.nlp  # one model per process: only the zone differs
    freed = enricher.enrich(stories)
    assert word not in enricher.nlp.vocab.strings  # the memory zone freed it
    assert kept.enrich(stories) == freed
    assert word in kept.nlp.vocab.strings
