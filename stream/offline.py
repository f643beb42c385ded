"""The offline driver: the same pipeline core over a file, no Kafka.

``wirestream process INPUT`` prints one ``{"topic", "key", "value"}`` line per record, in
processing order: what the worker would publish for the same input.

On a machine with two cores or more, the NLP micro-batches (NER and the quote and
speaker rules, about two thirds of the CPU time) run in one forked child process while
this one reads, normalizes and dedups the stories ahead of them (``Pipeline.plan``).
Dedup never reads what enrichment finds and every batch's records are published where
the batch stands, so the output is the same, record for record and in the same order,
as the one-process run (``nlp_process=False``, ``wirestream process --one-process``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import IO

from schemas import Emission, NormalizedStory
from stream.core.emit import emit
from stream.core.extract import Enricher, Extraction
from stream.core.extract.nlp import keep_heap_for_batch
from stream.core.pipeline import EnrichBatch, Output, Pipeline, enrich
from stream.settings import Settings

#: NLP batches handed to the child ahead of the one being published: bounds memory
#: (the stories of these batches wait in this process) while keeping the child busy.
LOOKAHEAD_BATCHES = 8

log = logging.getLogger(__name__)

_CHILD_ENRICHER: Enricher | None = None


def _child_start(model: str) -> None:
    """In the child: load the model once (the fork already holds every import)."""
    global _CHILD_ENRICHER
    keep_heap_for_batch()
    _CHILD_ENRICHER = Enricher(model, free_vocab=False)


def _child_enrich(
    stories: Sequence[NormalizedStory], hints: Sequence[Mapping[str, str]] | None
) -> list[Extraction]:
    assert _CHILD_ENRICHER is not None, "the child starts with _child_start"
    return _CHILD_ENRICHER.enrich(stories, hints)


class ForkedEnricher(Enricher):
    """An ``Enricher`` whose ``enrich`` runs in a forked child process.

    ``submit`` starts a batch without waiting; ``enrich`` returns the result of the
    batch submitted with the same stories, or runs the call in the child and waits (the
    core's one-by-one retry after a failed batch). Failures re-raise here, so the core
    turns them into dead letters as it does in one process.

    A child that dies (OOM-killed, a crash in native code) takes its queued batches with
    it: a new child is started, and every batch it took is run again there. A call that
    kills the new child too raises, so the core retries it story by story and only the
    story that kills the child becomes a dead letter.
    """

    def __init__(self, model: str) -> None:  # no model in this process: the child has it
        self.model = model
        self.restarts = 0
        self.pool = self._start()
        self._futures: dict[
            tuple[int, ...], tuple[ProcessPoolExecutor, Future[list[Extraction]]]
        ] = {}

    def _start(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_child_start,
            initargs=(self.model,),
        )
        pool.submit(int)  # fork now: the model loads while this process normalizes
        return pool

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        """A new child in place of ``broken`` (once: later failures of it are old news)."""
        if broken is not self.pool:
            return
        broken.shutdown(wait=False, cancel_futures=True)
        self.restarts += 1
        log.warning("the NLP child process died; starting a new one (restart %d)", self.restarts)
        self.pool = self._start()

    def submit(self, batch: EnrichBatch) -> Future[list[Extraction]]:
        stories, hints = _inputs(batch)
        pool = self.pool
        try:
            future = pool.submit(_child_enrich, stories, hints)
        except BrokenProcessPool:
            self._restart(pool)
            pool = self.pool
            future = pool.submit(_child_enrich, stories, hints)
        self._futures[tuple(map(id, stories))] = (pool, future)
        return future

    def enrich(
        self,
        stories: Sequence[NormalizedStory],
        hints: Sequence[Mapping[str, str]] | None = None,
    ) -> list[Extraction]:
        entry = self._futures.pop(tuple(map(id, stories)), None)
        if entry is not None:
            pool, future = entry
            try:
                return future.result()
            except BrokenProcessPool:
                self._restart(pool)  # then once more below, in the new child
        pool = self.pool
        try:
            return pool.submit(_child_enrich, list(stories), hints).result()
        except BrokenProcessPool:
            self._restart(pool)
            raise ChildDied("the NLP child process died on this batch") from None

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class ChildDied(RuntimeError):
    """The forked NLP child died while running a call (twice: once, then once again)."""


def _inputs(batch: EnrichBatch) -> tuple[list[NormalizedStory], list[Mapping[str, str]]]:
    """What the core's ``enrich`` hands the enricher for this batch."""
    return [item.story for item in batch.items], [item.aliases for item in batch.items]


def nlp_process_default() -> bool:
    """A second process pays off with a second core and ``fork`` (no re-import)."""
    return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


def process(
    payloads: Iterable[bytes],
    settings: Settings,
    enricher: Enricher | None = None,
    *,
    nlp_process: bool | None = None,
) -> Iterator[Emission]:
    """Every record the worker would publish, ``wire.clusters`` included.

    ``nlp_process``: run the NLP batches in a forked child (default: with two cores or
    more, and only when no ``enricher`` is given).
    """
    keep_heap_for_batch()  # a one-shot run: NER's arrays reused from the heap (nlp.py)
    if nlp_process is None:
        nlp_process = enricher is None and nlp_process_default()
    if nlp_process and enricher is None:
        yield from _two_process(payloads, settings)
        return
    if enricher is None:  # a one-shot run: the vocabulary may grow (Enricher.free_vocab)
        enricher = Enricher(settings.pipeline.spacy_model, free_vocab=False)
    pipeline = Pipeline.create(settings, enricher=enricher)
    for record in pipeline.run(payloads):
        yield emit(record, settings).emission()


def _two_process(payloads: Iterable[bytes], settings: Settings) -> Iterator[Emission]:
    """``Pipeline.run`` with the NLP batches in a child, the records in the same order."""
    forked = ForkedEnricher(settings.pipeline.spacy_model)
    try:
        pipeline = Pipeline.create(settings, enricher=forked)
        waiting: deque[Output | EnrichBatch] = deque()
        in_flight = 0
        for step in pipeline.plan(payloads):
            if isinstance(step, EnrichBatch):
                forked.submit(step)
                in_flight += 1
            waiting.append(step)
            while waiting and (
                not isinstance(waiting[0], EnrichBatch) or in_flight > LOOKAHEAD_BATCHES
            ):
                in_flight -= isinstance(waiting[0], EnrichBatch)
                yield from _publish(waiting.popleft(), forked, settings)
        while waiting:
            yield from _publish(waiting.popleft(), forked, settings)
    finally:
        forked.close()


def _publish(
    step: Output | EnrichBatch, forked: ForkedEnricher, settings: Settings
) -> Iterator[Emission]:
    records = enrich(step.items, forked) if isinstance(step, EnrichBatch) else [step]
    for record in records:
        yield emit(record, settings).emission()


def write_emissions(emissions: Iterable[Emission], out: IO[str]) -> dict[str, int]:
    """Write JSON lines; return a count per topic for the summary."""
    counts: dict[str, int] = {}
    for emission in emissions:
        out.write(emission.model_dump_json() + "\n")
        counts[emission.topic] = counts.get(emission.topic, 0) + 1
    out.flush()
    return counts
