"""Normalize stage: raw wire text -> clean, structured story (no Kafka here)."""

from stream.core.normalize.stage import normalize, warm_up
from stream.core.normalize.tuning import DEFAULT_TUNING, NormalizeTuning

__all__ = ["DEFAULT_TUNING", "NormalizeTuning", "normalize", "warm_up"]
