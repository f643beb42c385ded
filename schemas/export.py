"""Export every topic model as a JSON Schema file (``wirestream schemas``)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from schemas.cluster import StoryCluster
from schemas.deadletter import DeadLetter
from schemas.duplicate import DuplicateRecord
from schemas.emission import Emission
from schemas.raw import RawStory
from schemas.story import EnrichedStory, NormalizedStory, StoryToEnrich

JSONSCHEMA_DIR = Path(__file__).resolve().parent / "jsonschema"

MODELS: dict[str, type[BaseModel]] = {
    "raw_story": RawStory,
    "normalized_story": NormalizedStory,
    "story_to_enrich": StoryToEnrich,
    "enriched_story": EnrichedStory,
    "duplicate_record": DuplicateRecord,
    "dead_letter": DeadLetter,
    "emission": Emission,
    "story_cluster": StoryCluster,
}


INPUT_MODELS: frozenset[type[BaseModel]] = frozenset({RawStory})
"""Models we read from producers: their schema says what we accept (defaults optional).
Every other model is one we emit: its schema says what consumers get (every field)."""

OUTPUT_SCHEMAS: tuple[str, ...] = (
    "enriched_story",
    "duplicate_record",
    "dead_letter",
    "story_cluster",
)
"""The payloads of the public output topics: the ones a release promises (schemas/released)."""


def schema_of(model: type[BaseModel]) -> dict:
    mode = "validation" if model in INPUT_MODELS else "serialization"
    return model.model_json_schema(mode=mode)


def render() -> dict[str, str]:
    """File name -> JSON text, deterministic so staleness can be tested."""
    return {
        f"{name}.schema.json": json.dumps(schema_of(model), indent=2, sort_keys=True) + "\n"
        for name, model in MODELS.items()
    }


def write(directory: Path = JSONSCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, text in render().items():
        path = directory / filename
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
