"""Dedup stage: exact and near duplicates, story clusters (no Kafka here)."""

from stream.dedup.stage import DedupStage

__all__ = ["DedupStage"]
