"""The pipeline core: decode -> validate -> normalize -> dedup -> enrich.

Plain Python, no faust or Kafka: the faust agents (``stream.runtime.agents``) and the offline
driver (``stream.offline``) both call these functions, so the same input gets the same
verdicts online and offline. Every failure becomes a ``DeadLetter``; nothing raises out
of a stage on bad input.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError

from schemas import (
    PUBLISHED_VERDICTS,
    DeadLetter,
    DeadLetterCode,
    DedupInfo,
    DuplicateRecord,
    EnrichedStory,
    NormalizedStory,
    RawStory,
    StoryCluster,
    StoryId,
    StoryToEnrich,
    utcnow,
)
from stream.core.clusters import ClusterBook
from stream.core.dedup import DedupStage, event_time
from stream.core.extract import Enricher, Extraction
from stream.core.extract.aliases import AliasMemory
from stream.core.normalize import DEFAULT_TUNING, NormalizeTuning, normalize
from stream.errors import BodyTooLarge, DecodeError, InvalidStory, StageError
from stream.settings import Settings
from stream.version import PIPELINE_VERSION

OutputRecord = EnrichedStory | DuplicateRecord | DeadLetter
Output = OutputRecord | StoryCluster
"""Everything a driver publishes: story records (keyed by story_id) and clusters."""


# --- decode + validate --------------------------------------------------------------


def _explain(err: ValidationError) -> str:
    """One readable sentence out of pydantic's error list."""
    parts = []
    for item in err.errors()[:5]:
        where = ".".join(str(p) for p in item["loc"]) or "payload"
        parts.append(f"{where}: {item['msg']}")
    more = len(err.errors()) - 5
    tail = f" (and {more} more)" if more > 0 else ""
    return "the story does not match the RawStory contract: " + "; ".join(parts) + tail


_STORY_ID = TypeAdapter(StoryId)


def _readable_id(value: object) -> str | None:
    """The story_id to name on a dead letter: only one that is itself a valid id."""
    try:
        return _STORY_ID.validate_python(value)
    except ValidationError:
        return None


def decode_raw(payload: bytes | str, settings: Settings) -> RawStory:
    """Bytes off ``wire.raw`` -> ``RawStory``; raises a ``StageError`` saying why not."""
    if isinstance(payload, bytes):
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"the payload is not valid UTF-8 (byte {exc.start})",
                code=DeadLetterCode.DECODE_INVALID_UTF8,
            ) from None
    else:
        text = payload
    if not text.strip():
        raise DecodeError("the payload is empty", code=DeadLetterCode.DECODE_EMPTY)
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        raise DecodeError(
            f"the payload is not valid JSON ({msg})", code=DeadLetterCode.DECODE_INVALID_JSON
        ) from None
    if not isinstance(data, dict):
        raise InvalidStory(
            f"the payload is a JSON {type(data).__name__}, not an object with story_id and body",
            code=DeadLetterCode.VALIDATE_NOT_AN_OBJECT,
        )
    try:
        # JSON may spell an unpaired UTF-16 surrogate ("\\ud800"): valid JSON, not valid
        # Unicode, and it would fail later when the story is encoded for publishing.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise DecodeError(
            "the payload holds an unpaired UTF-16 surrogate escape, which is not valid Unicode",
            code=DeadLetterCode.DECODE_INVALID_UNICODE,
        ) from None
    story_id = _readable_id(data.get("story_id"))
    try:
        raw = RawStory.model_validate(data)
    except ValidationError as exc:
        missing = any(item["type"] == "missing" for item in exc.errors())
        code = (
            DeadLetterCode.VALIDATE_MISSING_FIELD
            if missing
            else DeadLetterCode.VALIDATE_INVALID_FIELD
        )
        raise InvalidStory(_explain(exc), code=code, story_id=story_id) from None
    size, limit = len(raw.body.encode("utf-8")), settings.limits.max_body_bytes
    if size > limit:
        raise BodyTooLarge(
            f"the body is {size:,} bytes, over the limit of {limit:,} bytes",
            code=DeadLetterCode.VALIDATE_BODY_TOO_LARGE,
            story_id=raw.story_id,
        )
    return raw


DEADLETTER_INLINE_BYTES = 2_000_000
"""Payload bytes kept inline on a dead letter: above the 1 MB body limit, so an oversized
story is kept whole, and below the topics' max message size (``max_message_bytes``)."""


def dead_letter(
    err: StageError,
    payload: bytes | str,
    received_at: datetime | None = None,
    inline_limit: int = DEADLETTER_INLINE_BYTES,
) -> DeadLetter:
    return DeadLetter(
        story_id=err.story_id,
        stage=err.stage,
        code=err.code,
        error=str(err),
        **DeadLetter.payload_fields(payload, inline_limit),  # type: ignore[arg-type]
        received_at=received_at or utcnow(),
        pipeline_version=PIPELINE_VERSION,
    )


def ingest(
    payload: bytes | str,
    settings: Settings,
    received_at: datetime | None = None,
    *,
    tuning: NormalizeTuning = DEFAULT_TUNING,
) -> NormalizedStory | DeadLetter:
    """Stage 1 (partitioned): decode, validate and normalize one payload; ``tuning`` is
    the normalize stage's (the drivers pass theirs)."""
    try:
        raw = decode_raw(payload, settings)
        if raw.received_at is None and received_at is not None:
            raw.received_at = received_at
        return normalize(raw, tuning=tuning)
    except StageError as err:
        return dead_letter(err, payload, received_at)
    except Exception as exc:  # a bug must not kill the worker: keep the story, say why
        err = StageError(
            f"normalization failed unexpectedly: {type(exc).__name__}: {exc}",
            code=DeadLetterCode.NORMALIZE_FAILED,
            stage="normalize",
        )
        return dead_letter(err, payload, received_at)


# --- dedup ------------------------------------------------------------------------


def dedup(
    story: NormalizedStory, stage: DedupStage, aliases: AliasMemory | None = None
) -> tuple[DedupInfo, StoryToEnrich | DuplicateRecord]:
    """Stage 2 (global): the verdict; duplicates stop here, the rest go on to NLP.

    ``aliases``: the stream's entity alias memory, global like the verdicts; a published
    story carries its hints to the (partitioned) enrich stage.
    """
    info = stage.decide(story)
    if info.verdict in PUBLISHED_VERDICTS:
        hints = {}
        if aliases is not None:
            hints = aliases.hints(story.story_id, story.body, info.cluster_id, story.headline)
        return info, StoryToEnrich(story=story, dedup=info, aliases=hints)
    return info, DuplicateRecord(
        story_id=story.story_id,
        duplicate_of=info.duplicate_of or story.story_id,
        kind="exact" if info.verdict == "exact_duplicate" else "near",
        similarity=info.similarity if info.similarity is not None else 1.0,
        cluster_id=info.cluster_id,
        source=story.source,
        headline=story.headline,
        pipeline_version=PIPELINE_VERSION,
        processed_at=utcnow(),
    )


def clusters(
    story: NormalizedStory, info: DedupInfo, book: ClusterBook
) -> list[StoryCluster] | list[DeadLetter]:
    """Stage 2b (global, after dedup): the ``wire.clusters`` records of one verdict.

    Times are the dedup stage's event times, so the records do not depend on when or
    where they are computed. A failure costs the cluster records of this story (a dead
    letter says why), never the story itself.
    """
    try:
        return book.apply(story, info, event_time(story))
    except Exception as exc:
        err = StageError(
            f"cluster bookkeeping failed: {type(exc).__name__}: {exc}",
            code=DeadLetterCode.DEDUP_CLUSTERS_FAILED,
            stage="dedup",
            story_id=story.story_id,
        )
        return [dead_letter(err, story.model_dump_json(), story.received_at)]


# --- enrich -----------------------------------------------------------------------


def enrich(batch: Sequence[StoryToEnrich], enricher: Enricher) -> list[OutputRecord]:
    """Stage 3 (partitioned): NLP over a micro-batch, one output per input, in order."""
    try:
        extractions = enricher.enrich(
            [item.story for item in batch], [item.aliases for item in batch]
        )
    except Exception:
        # One bad story must not sink its batch: retry one by one to find it.
        if len(batch) > 1:
            return [out for item in batch for out in enrich([item], enricher)]
        item = batch[0]
        err = StageError(
            "entity and quote extraction failed on this story",
            code=DeadLetterCode.ENRICH_FAILED,
            stage="enrich",
            story_id=item.story.story_id,
        )
        return [dead_letter(err, item.model_dump_json(), item.story.received_at)]
    now = utcnow()
    return [
        _enriched(item, extraction, now)
        for item, extraction in zip(batch, extractions, strict=True)
    ]


def _enriched(item: StoryToEnrich, extraction: Extraction, now: datetime) -> OutputRecord:
    try:
        return EnrichedStory(
            **item.story.model_dump(),
            entities=extraction.entities,
            quotes=extraction.quotes,
            dedup=item.dedup,
            pipeline_version=PIPELINE_VERSION,
            processed_at=now,
        )
    except ValidationError as exc:  # an extractor bug must cost one story, not the batch
        err = StageError(
            f"the enriched story failed its contract: {exc.errors()[0]['msg']}",
            code=DeadLetterCode.ENRICH_INVALID_OUTPUT,
            stage="enrich",
            story_id=item.story.story_id,
        )
        return dead_letter(err, item.model_dump_json(), item.story.received_at)


# --- the stages, tuned by the settings (both drivers build them here) ------------


def dedup_stage(store: MutableMapping[str, Any], settings: Settings, **options: Any) -> DedupStage:
    """The dedup stage over ``store``, tuned by ``settings.pipeline``."""
    return DedupStage(store, window_hours=settings.pipeline.window_hours, **options)


def cluster_book(store: MutableMapping[str, Any], settings: Settings) -> ClusterBook:
    """The ``wire.clusters`` book over ``store``, on the dedup stage's window."""
    return ClusterBook(store, window_hours=settings.pipeline.window_hours)


# --- the whole pipeline, synchronously (offline driver, tests) --------------------


@dataclass(frozen=True)
class EnrichBatch:
    """One NLP micro-batch, in the place where its records are published."""

    items: list[StoryToEnrich]


@dataclass
class Pipeline:
    """All three stages in one process, with the dedup state in ``store`` and the
    cluster book's in ``cluster_store``."""

    settings: Settings
    store: MutableMapping[str, Any]
    enricher: Enricher
    cluster_store: MutableMapping[str, Any] = field(default_factory=dict)
    alias_store: MutableMapping[str, Any] = field(default_factory=dict)
    normalize_tuning: NormalizeTuning = DEFAULT_TUNING
    """The normalize stage's tuning (the agents' ``Wiring`` has the same field)."""

    @classmethod
    def create(
        cls,
        settings: Settings,
        store: MutableMapping[str, Any] | None = None,
        enricher: Enricher | None = None,
    ) -> Pipeline:
        return cls(
            settings=settings,
            store={} if store is None else store,
            enricher=enricher or Enricher(settings.pipeline.spacy_model),
        )

    def __post_init__(self) -> None:
        self.dedup_stage = dedup_stage(self.store, self.settings)
        self.book = cluster_book(self.cluster_store, self.settings)
        self.alias_memory = AliasMemory(self.alias_store)

    def run(self, payloads: Iterable[bytes | str]) -> Iterator[Output]:
        """Process payloads in order; stories reach NLP in micro-batches like the worker."""
        for step in self.plan(payloads):
            if isinstance(step, EnrichBatch):
                yield from enrich(step.items, self.enricher)
            else:
                yield step

    def plan(self, payloads: Iterable[bytes | str]) -> Iterator[Output | EnrichBatch]:
        """``run`` with each NLP micro-batch left as an ``EnrichBatch`` in its place.

        Dedup never reads what enrichment finds, so a driver may enrich a batch later
        or elsewhere (``stream.offline`` hands them to a second process) and still
        publish the same records in the same order, by putting each batch's records
        where the batch stands.
        """
        pending: list[StoryToEnrich] = []
        for payload in payloads:
            ingested = ingest(
                payload, self.settings, received_at=utcnow(), tuning=self.normalize_tuning
            )
            if isinstance(ingested, DeadLetter):
                yield ingested
                continue
            info, decided = dedup(ingested, self.dedup_stage, self.alias_memory)
            yield from clusters(ingested, info, self.book)
            if isinstance(decided, DuplicateRecord):
                yield decided
                continue
            pending.append(decided)
            if len(pending) >= self.settings.pipeline.enrich_batch_size:
                yield EnrichBatch(pending)
                pending = []
        if pending:
            yield EnrichBatch(pending)


__all__ = [
    "DedupInfo",
    "EnrichBatch",
    "Output",
    "OutputRecord",
    "Pipeline",
    "cluster_book",
    "clusters",
    "dead_letter",
    "decode_raw",
    "dedup",
    "dedup_stage",
    "enrich",
    "ingest",
]
