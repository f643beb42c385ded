"""Normalize stage: raw wire text -> clean, structured story (no Kafka here)."""

from stream.normalize.stage import normalize

__all__ = ["normalize"]
