"""Enrichment stage: named entities and attributed quotes (no Kafka here)."""

from stream.core.extract.stage import Enricher, Extraction

__all__ = ["Enricher", "Extraction"]
