"""Story clusters as records (``wire.clusters``), built from dedup verdicts (no Kafka)."""

from stream.core.clusters.book import ClusterBook

__all__ = ["ClusterBook"]
