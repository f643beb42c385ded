"""Entity keys through the pipeline core: the same key in every seed story, online = offline."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from schemas import EnrichedStory, StoryToEnrich
from stream.core.extract import Enricher, Extraction
from stream.core.pipeline import Pipeline
from stream.settings import Settings

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def _payloads() -> list[str]:
    return [
        json.dumps({"story_id": p.stem, "body": p.read_text()}) for p in sorted(SEEDS.glob("*.txt"))
    ]


def _run(enricher: Enricher, store: dict | None = None) -> list[EnrichedStory]:
    settings = Settings(store="memory://", enrich_batch_size=2)
    pipeline = Pipeline.create(settings, enricher=enricher)
    if store is not None:
        pipeline.alias_memory.store = store
    return [r for r in pipeline.run(_payloads()) if isinstance(r, EnrichedStory)]


def _keys(story: EnrichedStory, label: str) -> set[str]:
    return {e.key for e in story.entities if e.label == label}


def test_seed_stories_share_keys_once_the_long_form_was_seen(enricher: Enricher) -> None:
    stories = _run(enricher)
    assert len(stories) == 5
    # the first seed only says "Trump": nothing before it in the stream says more
    assert "PERSON:trump" in _keys(stories[0], "PERSON")
    for story in stories[1:]:
        assert "PERSON:donald trump" in _keys(story, "PERSON"), story.story_id
        assert "PERSON:trump" not in _keys(story, "PERSON"), story.story_id
    for story in stories:
        assert "GPE:united states" in _keys(story, "GPE"), story.story_id
        # every entity has a key, and it names the same thing as the story's canonical
        assert all(e.key.startswith(e.label + ":") for e in story.entities)
    soles = {k for s in stories for k in _keys(s, "ORG") if "soles" in k or "suns" in k}
    assert soles == {"ORG:cartel de los soles"}


def test_a_warm_memory_keys_the_first_story_too(enricher: Enricher) -> None:
    store: dict = {}
    _run(enricher, store)
    # a later replay under new ids: the memory (a Table in the worker) already knows
    payloads = [json.loads(p) for p in _payloads()]
    settings = Settings(store="memory://")
    pipeline = Pipeline.create(settings, enricher=enricher)
    pipeline.alias_memory.store = store
    pipeline.alias_memory.rebuild()
    first = dict(payloads[0], story_id="again-000")
    out = [r for r in pipeline.run([json.dumps(first)]) if isinstance(r, EnrichedStory)]
    assert "PERSON:donald trump" in _keys(out[0], "PERSON")


def test_hints_travel_in_story_to_enrich() -> None:
    item = StoryToEnrich.model_validate(
        {"story": {"story_id": "x", "body": "b"}, "dedup": {}, "aliases": {"okafor": "Tom Okafor"}}
    )
    assert item.aliases == {"okafor": "Tom Okafor"}
    assert (
        StoryToEnrich.model_validate({"story": {"story_id": "x", "body": "b"}, "dedup": {}}).aliases
        == {}
    )


def test_name_missed_by_ner_inside_a_list_of_groups(extract: Callable[[str], Extraction]) -> None:
    ex = extract(
        "In February, the State Department designated Tren de Aragua, Mara Salvatrucha "
        "(known as MS-13) and several other groups as foreign terrorist organizations."
    )
    labels = {e.canonical: e.label for e in ex.entities}
    assert labels.get("Tren de Aragua") == "ORG", labels


def test_sentence_opening_is_not_taken_for_a_list_name(
    extract: Callable[[str], Extraction],
) -> None:
    ex = extract("Trade Talks, Apple and Google were on the agenda, said Anna Berg, a trader.")
    assert "Trade Talks" not in {e.canonical for e in ex.entities}
