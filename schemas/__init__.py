"""Contracts: one pydantic model per topic payload, and nothing else defines one.

Topic -> model:
    wire.raw          RawStory
    wire.normalized   NormalizedStory   (internal)
    wire.to-enrich    StoryToEnrich     (internal)
    wire.enriched     EnrichedStory
    wire.duplicates   DuplicateRecord
    wire.deadletter   DeadLetter
    wire.clusters     StoryCluster      (compacted, keyed by cluster_id)
"""

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

__all__ = [
    "PUBLISHED_VERDICTS",
    "ClusterMember",
    "DeadLetter",
    "DeadLetterCode",
    "DedupInfo",
    "DuplicateRecord",
    "Emission",
    "EnrichedStory",
    "Entity",
    "NormalizedStory",
    "Quote",
    "RawStory",
    "Stage",
    "StoryCluster",
    "StoryToEnrich",
    "Verdict",
]
