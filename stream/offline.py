"""The offline driver: the same pipeline core over a file, no Kafka.

``wirestream process INPUT`` prints one ``{"topic", "key", "value"}`` line per record, in
processing order: what the worker would publish for the same input.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO

from schemas import Emission
from stream.core.emit import emit
from stream.core.extract import Enricher
from stream.core.extract.nlp import keep_heap_for_batch
from stream.core.pipeline import Pipeline
from stream.settings import Settings


def process(
    payloads: Iterable[bytes], settings: Settings, enricher: Enricher | None = None
) -> Iterator[Emission]:
    """Every record the worker would publish, ``wire.clusters`` included."""
    keep_heap_for_batch()  # a one-shot run: NER's arrays reused from the heap (nlp.py)
    if enricher is None:  # a one-shot run: the vocabulary may grow (Enricher.free_vocab)
        enricher = Enricher(settings.pipeline.spacy_model, free_vocab=False)
    pipeline = Pipeline.create(settings, enricher=enricher)
    for record in pipeline.run(payloads):
        yield emit(record, settings).emission()


def write_emissions(emissions: Iterable[Emission], out: IO[str]) -> dict[str, int]:
    """Write JSON lines; return a count per topic for the summary."""
    counts: dict[str, int] = {}
    for emission in emissions:
        out.write(emission.model_dump_json() + "\n")
        counts[emission.topic] = counts.get(emission.topic, 0) + 1
    out.flush()
    return counts
