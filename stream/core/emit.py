"""One ``emit()``: where an output record goes, under which key, cut to the message limit.

Both drivers send what ``emit`` returns, the faust agents to Kafka (``Wiring.publish``)
and the offline driver to stdout (``stream.offline``), so routing and size-fitting are
written once and the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas import (
    DeadLetter,
    DeadLetterCode,
    DuplicateRecord,
    Emission,
    EnrichedStory,
    StoryCluster,
    utcnow,
)
from stream.core.clusters.fit import fit_cluster
from stream.core.pipeline import Output, OutputRecord, dead_letter
from stream.errors import StageError
from stream.settings import Settings

__all__ = ["Outgoing", "emit", "fit_to_limit"]

RECORD_OVERHEAD_BYTES = 4_096
"""Room kept under the topics' message limit for the key, headers and record framing."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One record as a driver sends it: routed, keyed and fitted to the message limit."""

    topic: str
    key: str | None
    record: Output

    def key_bytes(self) -> bytes | None:
        return self.key.encode("utf-8") if self.key else None

    def value_bytes(self) -> bytes:
        return self.record.model_dump_json().encode("utf-8")

    def emission(self) -> Emission:
        """The ``{"topic", "key", "value"}`` line of ``wirestream process``."""
        return Emission(topic=self.topic, key=self.key, value=self.record.model_dump(mode="json"))


def emit(record: Output, settings: Settings) -> Outgoing:
    """The one way out of the pipeline: fit ``record`` to the topics' message limit, then
    route it (``wire.clusters`` keyed by cluster_id; everything else by story_id)."""
    record = _fit(record, settings.limits.max_message_bytes)
    if isinstance(record, StoryCluster):
        return Outgoing(settings.topics.clusters, record.cluster_id, record)
    if isinstance(record, EnrichedStory):
        topic = settings.topics.enriched
    elif isinstance(record, DuplicateRecord):
        topic = settings.topics.duplicates
    else:
        topic = settings.topics.deadletter
    return Outgoing(topic, record.story_id, record)


def _fit(record: Output, max_bytes: int) -> Output:
    """``fit_to_limit`` for story records, ``fit_cluster`` for clusters."""
    if isinstance(record, StoryCluster):
        return fit_cluster(record, max_bytes - RECORD_OVERHEAD_BYTES)
    return fit_to_limit(record, max_bytes)


def fit_to_limit(record: OutputRecord, max_bytes: int) -> OutputRecord:
    """The record as it can be published under a ``max_bytes`` message limit.

    A record that fits is returned unchanged. An oversized enriched story or duplicate
    record becomes a dead letter holding its head; an oversized dead letter (JSON escaping
    can grow a payload six-fold) keeps a shorter head. Size and hash of the original stay.
    """
    budget = max_bytes - RECORD_OVERHEAD_BYTES
    value = record.model_dump_json()
    if len(value.encode("utf-8")) <= budget:
        return record
    if not isinstance(record, DeadLetter):
        err = StageError(
            f"the output record is {len(value.encode('utf-8')):,} bytes, over the topics' "
            f"limit of {max_bytes:,} bytes",
            code=DeadLetterCode.EMIT_TOO_LARGE,
            stage="enrich" if isinstance(record, EnrichedStory) else "dedup",
            story_id=record.story_id,
        )
        record = dead_letter(err, value, utcnow(), inline_limit=budget // 8)
    letter = record.model_copy()
    while len(letter.model_dump_json().encode("utf-8")) > budget and letter.payload:
        keep = len(letter.payload) // 2
        if letter.payload_encoding == "base64":
            keep -= keep % 4  # whole base64 quanta only
        letter.payload = letter.payload[:keep]
        letter.payload_truncated = True
    return letter
