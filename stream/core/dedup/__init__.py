"""Dedup stage: exact and near duplicates, story clusters (no Kafka here)."""

from stream.core.dedup.stage import DedupStage, event_time

__all__ = ["DedupStage", "event_time"]
