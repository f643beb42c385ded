"""Story payloads: the normalized story, its dedup verdict, and the enriched story.

``NormalizedStory`` travels on the internal ``wire.normalized`` topic, ``StoryToEnrich``
on ``wire.to-enrich`` and ``EnrichedStory`` on ``wire.enriched``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from schemas._common import Output, Record, StoryId

Verdict = Literal["unique", "same_story", "update", "exact_duplicate", "near_duplicate"]
"""Dedup verdicts. The first three are published to ``wire.enriched``; the last two
are suppressed and reported on ``wire.duplicates``."""

PUBLISHED_VERDICTS: frozenset[str] = frozenset({"unique", "same_story", "update"})


class NormalizedStory(Record):
    """A story after normalization: clean body and the metadata found in the text."""

    story_id: StoryId
    source: str | None = Field(None, description="Outlet, from the feed or found in the text.")
    headline: str | None = None
    byline: list[str] = Field(default_factory=list, description="Author names, one per item.")
    dateline: str | None = Field(None, description="Place the story was filed from.")
    published_at: datetime | None = Field(None, description="Timezone-aware when known.")
    received_at: datetime | None = None
    url: str | None = None
    language: str | None = Field(None, description="ISO 639-1 code, e.g. 'en'.")
    body: str = Field(description="Article text alone; paragraphs separated by a blank line.")


class DedupInfo(Record):
    """Where a story stands among the stories seen before it."""

    verdict: Verdict = "unique"
    cluster_id: str | None = Field(None, description="Id of the event cluster (first story's id).")
    duplicate_of: str | None = Field(None, description="Earliest story this one copies.")
    similarity: float | None = Field(None, ge=0.0, le=1.0)
    merged_from: list[str] = Field(
        default_factory=list,
        description="Clusters this story joined into ``cluster_id`` (merged from now on).",
    )


class StoryToEnrich(Record):
    """Internal hand-off from the (global) dedup stage to the (partitioned) NLP stage."""

    story: NormalizedStory
    dedup: DedupInfo
    aliases: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Entity names resolved by the stream's alias memory (dedup stage): folded short "
            "form or alias -> the long form its key uses, e.g. 'trump' -> 'Donald Trump'."
        ),
    )


class Entity(Record):
    """A named entity of the clean body (spaCy labels)."""

    text: str
    label: str
    canonical: str = Field(description="The fullest name this story gives the entity.")
    key: str = Field(
        "",
        description=(
            "Cross-story key, LABEL:folded name, the same in every story that names the "
            "entity ('PERSON:donald trump' for 'Trump' once the stream has seen the long form)."
        ),
    )
    start: int = Field(ge=0, description="Character offset in ``body``.")
    end: int = Field(ge=0)
    count: int = Field(1, ge=1, description="Mentions of this canonical in the story.")

    @model_validator(mode="after")
    def _default_key(self) -> Entity:
        """A record built without a key still gets one (label and folded canonical)."""
        if not self.key:
            self.key = f"{self.label}:{self.canonical.casefold()}"
        return self


class Quote(Record):
    """A direct quotation and who said it."""

    text: str = Field(description="The quoted words, without the marks.")
    speaker: str | None = Field(None, description="Fullest name or description the story gives.")
    speaker_canonical: str | None = Field(None, description="Entity canonical of the speaker.")
    speaker_mention: str | None = Field(
        None,
        description="The attribution as the text writes it ('he', 'a campaign spokesman', "
        "'Trump'), whatever ``speaker`` resolves it to; set when ``speaker`` is. A "
        "continuation quote (no attribution of its own) carries the mention it inherits.",
    )
    speaker_start: int | None = Field(
        None, ge=0, description="Character offset of ``speaker_mention`` in ``body``."
    )
    speaker_end: int | None = Field(None, ge=0)
    cue: str | None = Field(None, description="Attribution verb or phrase: said, told, ...")
    start: int = Field(ge=0, description="Character offset of the quoted text in ``body``.")
    end: int = Field(ge=0)
    kind: Literal["full", "partial"] = Field(
        "full",
        description="'full': a statement; 'partial': a fragment quoted inside the "
        "reporter's own sentence (partial quote, scare quote, one-word phrase).",
    )


class EnrichedStory(NormalizedStory, Output):
    """``wire.enriched``: a published story with entities, quotes and its dedup verdict."""

    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    dedup: DedupInfo = Field(default_factory=DedupInfo)
    pipeline_version: str
    processed_at: datetime
