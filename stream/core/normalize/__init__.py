"""Normalize stage: raw wire text -> clean, structured story (no Kafka here)."""

from stream.core.normalize.stage import normalize, warm_up

__all__ = ["normalize", "warm_up"]
