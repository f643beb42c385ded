"""Contracts: one pydantic model per topic payload, and nothing else defines one.

Topic -> model:
    wire.raw          RawStory
    wire.normalized   NormalizedStory   (internal)
    wire.to-enrich    StoryToEnrich     (internal)
    wire.enriched     EnrichedStory
    wire.duplicates   DuplicateRecord
    wire.deadletter   DeadLetter
    wire.clusters     StoryCluster      (compacted, keyed by cluster_id)

Every output record derives from ``Output``: it carries ``schema_version``
(``SCHEMA_VERSION``; docs/compatibility.md). ``schemas.export`` writes the JSON Schema
files, ``schemas.asyncapi`` the AsyncAPI document, ``schemas.compat`` checks a change
against the released snapshot.
"""

from schemas._common import Output, Record, StoryId, utcnow
from schemas.cluster import ClusterMember, StoryCluster
from schemas.deadletter import DeadLetter, DeadLetterCode, Stage
from schemas.duplicate import DuplicateRecord
from schemas.emission import Emission
from schemas.raw import RawStory
from schemas.story import (
    PUBLISHED_VERDICTS,
    DedupInfo,
    EnrichedStory,
    Entity,
    NormalizedStory,
    Quote,
    StoryToEnrich,
    Verdict,
)
from schemas.version import SCHEMA_VERSION

__all__ = [
    "PUBLISHED_VERDICTS",
    "SCHEMA_VERSION",
    "ClusterMember",
    "DeadLetter",
    "DeadLetterCode",
    "DedupInfo",
    "DuplicateRecord",
    "Emission",
    "EnrichedStory",
    "Entity",
    "NormalizedStory",
    "Output",
    "Quote",
    "RawStory",
    "Record",
    "Stage",
    "StoryCluster",
    "StoryId",
    "StoryToEnrich",
    "Verdict",
    "utcnow",
]
