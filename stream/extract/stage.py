"""Placeholder enrichment stage (issue 5 replaces the internals, not the signature)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from schemas import Entity, NormalizedStory, Quote


@dataclass(frozen=True)
class Extraction:
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


class Enricher:
    """Loads the NLP model once; ``enrich`` takes a micro-batch of stories."""

    def __init__(self, model: str = "auto") -> None:
        self.model = model

    def enrich(self, stories: Sequence[NormalizedStory]) -> list[Extraction]:
        return [Extraction() for _ in stories]
