"""The verifier: read every output topic from the beginning and account for every story.

Modelled on the verifiers of Kafka's own exactly-once system tests: it trusts nothing
the workers say about themselves and looks only at what is durably in the topics.

* every story_id that was sent is on ``wire.enriched``, ``wire.duplicates`` or
  ``wire.deadletter``: none lost;
* no story_id carries two different verdicts, and none is both published and suppressed;
* a story seen more than once on a topic (at-least-once re-delivery) is identical to its
  first emission, ignoring wall clocks (``processed_at``; a dead letter's delivery
  fields); the number of such re-emissions is reported;
* exact copies sent after a crash are duplicates of the stories they copy (dedup memory
  survived the crash);
* the verdicts equal those of the offline pipeline (``stream.offline.process``, what
  ``wirestream process`` runs) fed the same payloads in the order the dedup agent saw
  them, read back from the single-partition ``wire.normalized`` topic.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from stream.kafka.connection import kafka_options
from stream.settings import Settings

from .corpus import Story

#: Fields that legitimately differ between two emissions of one story: wall clocks, and
#: where a dead letter's input sat (a producer retry can write the same payload twice).
VOLATILE = {"processed_at"}
SHORT_NAMES = ("enriched", "duplicates", "deadletter")
VOLATILE_DEADLETTER = {"processed_at", "received_at", "source_partition", "source_offset"}


@dataclass
class Record:
    """One record read back from a topic."""

    topic: str
    partition: int
    offset: int
    key: str | None
    value: dict[str, Any]
    timestamp_ms: int


async def read_topics(
    settings: Settings, topics: Sequence[str], timeout: float = 120.0
) -> dict[str, list[Record]]:
    """Every record of ``topics`` from the beginning up to their current end offsets.

    No consumer group: nothing is committed and the workers' group is never disturbed.
    Bounded by ``timeout``; records come back in (partition, offset) order per topic.
    """
    consumer = AIOKafkaConsumer(
        **kafka_options(settings),  # TLS / SASL like every other client of ours
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=settings.limits.max_message_bytes,
        fetch_max_bytes=4 * settings.limits.max_message_bytes,
    )
    await consumer.start()
    out: dict[str, list[Record]] = {t: [] for t in topics}
    try:
        tps = [
            TopicPartition(t, p)
            for t in topics
            for p in sorted(await _partitions(consumer, t, timeout))
        ]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        deadline = time.monotonic() + timeout
        remaining = {tp for tp in tps if ends[tp] > 0}
        for tp in tps:
            if tp in remaining and await consumer.position(tp) >= ends[tp]:
                remaining.discard(tp)
        while remaining and time.monotonic() < deadline:
            batches = await consumer.getmany(*remaining, timeout_ms=500, max_records=2000)
            for tp, messages in batches.items():
                for msg in messages:
                    if msg.offset >= ends[tp]:
                        continue
                    out[tp.topic].append(_record(msg))
            for tp in list(remaining):
                if await consumer.position(tp) >= ends[tp]:
                    remaining.discard(tp)
        if remaining:
            raise TimeoutError(f"could not read {sorted(map(str, remaining))} to the end")
    finally:
        await consumer.stop()
    for records in out.values():
        records.sort(key=lambda r: (r.partition, r.offset))
    return out


async def _partitions(consumer: AIOKafkaConsumer, topic: str, timeout: float) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        parts = consumer.partitions_for_topic(topic)
        if parts:
            return set(parts)
        await consumer._client.force_metadata_update()  # no public call for this
        await asyncio.sleep(0.2)
    raise TimeoutError(f"topic {topic} has no partitions")


def _record(msg: Any) -> Record:
    key = msg.key.decode("utf-8", "replace") if msg.key is not None else None
    try:
        value = json.loads(msg.value) if msg.value is not None else {}
    except ValueError:
        value = {"_undecodable": msg.value.decode("utf-8", "replace")}
    if not isinstance(value, dict):
        value = {"_value": value}
    return Record(msg.topic, msg.partition, msg.offset, key, value, msg.timestamp)


def signature(topic: str, value: dict[str, Any], settings: Settings) -> tuple[Any, ...]:
    """The verdict a record stands for: what must never differ between two emissions."""
    if topic == settings.topics.enriched:
        d = value.get("dedup") or {}
        return ("published", d.get("verdict"), d.get("cluster_id"), d.get("duplicate_of"),
                d.get("similarity"))  # fmt: skip
    if topic == settings.topics.duplicates:
        return ("suppressed", f"{value.get('kind')}_duplicate", value.get("cluster_id"),
                value.get("duplicate_of"), value.get("similarity"))  # fmt: skip
    return ("deadletter", value.get("stage"), value.get("error"))


def comparable(topic: str, value: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """A record without the fields that may differ between identical emissions."""
    drop = VOLATILE_DEADLETTER if topic == settings.topics.deadletter else VOLATILE
    return {k: v for k, v in value.items() if k not in drop}


@dataclass
class Verification:
    """What the verifier found; ``ok`` is the pass/fail the test asserts."""

    stories_in: int = 0
    accounted: int = 0
    lost: list[str] = field(default_factory=list)
    by_topic: dict[str, int] = field(default_factory=dict)
    records_read: int = 0
    re_emissions: int = 0
    re_emissions_differing: list[str] = field(default_factory=list)
    conflicting_verdicts: list[str] = field(default_factory=list)
    published_and_suppressed: list[str] = field(default_factory=list)
    crash_copy_checks: int = 0
    crash_copy_failures: list[str] = field(default_factory=list)
    crash_copy_skipped: int = 0
    crash_copy_published_before: int = 0
    offline_compared: int = 0
    verdict_mismatches: list[str] = field(default_factory=list)
    enrichment_differences: list[str] = field(default_factory=list)
    normalized_records: int = 0
    normalized_redeliveries: int = 0
    unexpected_keys: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.lost
            or self.re_emissions_differing
            or self.conflicting_verdicts
            or self.published_and_suppressed
            or self.crash_copy_failures
            or self.verdict_mismatches
        )

    def rows(self) -> list[tuple[str, str]]:
        """The summary table, one (name, value) row each."""

        def few(items: list[str]) -> str:
            head = ", ".join(items[:3])
            return f"{len(items)}" + (
                f"  ({head}{', …' if len(items) > 3 else ''})" if items else ""
            )

        split = " / ".join(str(self.by_topic.get(k, 0)) for k in SHORT_NAMES)
        copies_ok = self.crash_copy_checks - len(self.crash_copy_failures)
        return [
            ("stories in", f"{self.stories_in}"),
            ("accounted for", f"{self.accounted}"),
            ("  enriched / duplicates / dead letters", split),
            ("lost", few(self.lost)),
            ("output records read", f"{self.records_read}"),
            ("re-emissions (identical)", f"{self.re_emissions}"),
            ("re-emissions differing", few(self.re_emissions_differing)),
            ("story_ids with two verdicts", few(self.conflicting_verdicts)),
            ("published and suppressed", few(self.published_and_suppressed)),
            ("re-deliveries on wire.normalized", f"{self.normalized_redeliveries}"),
            ("duplicate-after-crash checks", f"{copies_ok}/{self.crash_copy_checks} ok"
             + (f" ({self.crash_copy_skipped} skipped)" if self.crash_copy_skipped else "")),
            ("  originals published before the crash", f"{self.crash_copy_published_before}"),
            ("verdicts compared with `wirestream process`", f"{self.offline_compared}"),
            ("verdict mismatches", few(self.verdict_mismatches)),
            ("enrichment differs from offline (info)", few(self.enrichment_differences)),
        ]  # fmt: skip


def _root(topic: str, value: dict[str, Any], story_id: str, settings: Settings) -> str | None:
    """The story a later exact copy of this one must point at (``duplicate_of``)."""
    if topic == settings.topics.enriched:
        return story_id
    if topic == settings.topics.duplicates:
        return value.get("duplicate_of")
    return None


async def verify(
    settings: Settings,
    sent: Iterable[Story],
    *,
    offline: bool = True,
    timeout: float = 180.0,
) -> Verification:
    """Read the topics back and run every check (see the module docstring)."""
    stories = {s.story_id: s for s in sent}
    v = Verification(stories_in=len(stories))
    outputs = settings.topics.outputs
    data = await read_topics(settings, (*outputs, settings.topics.normalized), timeout)
    short = {
        settings.topics.enriched: "enriched",
        settings.topics.duplicates: "duplicates",
        settings.topics.deadletter: "deadletter",
    }
    first: dict[str, tuple[str, dict[str, Any]]] = {}  # story_id -> first (topic, value)
    first_ms: dict[str, int] = {}  # story_id -> Kafka timestamp of its earliest output
    per_key: dict[tuple[str, str], list[dict[str, Any]]] = {}
    topics_of: dict[str, set[str]] = {}
    for topic in outputs:
        for rec in data[topic]:
            v.records_read += 1
            sid = rec.key if rec.key is not None else rec.value.get("story_id")
            if sid is None:
                v.unexpected_keys.append(f"{topic}@{rec.partition}:{rec.offset}")
                continue
            if sid not in stories:
                v.unexpected_keys.append(sid)
            per_key.setdefault((topic, sid), []).append(rec.value)
            topics_of.setdefault(sid, set()).add(topic)
            first.setdefault(sid, (topic, rec.value))
            first_ms[sid] = min(first_ms.get(sid, rec.timestamp_ms), rec.timestamp_ms)

    for sid, topics in sorted(topics_of.items()):
        if {settings.topics.enriched, settings.topics.duplicates} <= topics:
            v.published_and_suppressed.append(sid)
        sigs = {signature(t, val, settings) for t in topics for val in per_key[(t, sid)]}
        if len(sigs) > 1:
            v.conflicting_verdicts.append(sid)
    for (topic, sid), values in sorted(per_key.items()):
        base = comparable(topic, values[0], settings)
        for other in values[1:]:
            if comparable(topic, other, settings) == base:
                v.re_emissions += 1
            else:
                v.re_emissions_differing.append(f"{sid}@{short[topic]}")

    for sid in stories:
        if sid in topics_of:
            v.accounted += 1
            v.by_topic[short[first[sid][0]]] = v.by_topic.get(short[first[sid][0]], 0) + 1
        else:
            v.lost.append(sid)

    # The order the dedup agent saw: first appearance on the single-partition topic.
    order: list[str] = []
    seen: set[str] = set()
    for rec in data[settings.topics.normalized]:
        v.normalized_records += 1
        sid = rec.key or rec.value.get("story_id")
        if sid in seen:
            v.normalized_redeliveries += 1
            continue
        if sid is not None:
            seen.add(sid)
            order.append(sid)
    position = {sid: i for i, sid in enumerate(order)}

    # Dedup memory across crashes: copies sent after a restart point at the original.
    # A copy that reached dedup before its original (possible only if the worker was
    # far behind on the original's partition) tests nothing about memory: skipped.
    for sid, story in stories.items():
        if story.kind != "crash-copy" or story.copy_of is None:
            continue
        if position.get(story.copy_of, -1) > position.get(sid, len(position)):
            v.crash_copy_skipped += 1
            continue
        v.crash_copy_checks += 1
        orig = first.get(story.copy_of)
        got = first.get(sid)
        want = _root(*orig, story.copy_of, settings) if orig else None
        ok = (
            got is not None
            and want is not None
            and got[0] == settings.topics.duplicates
            and got[1].get("kind") == "exact"
            and got[1].get("duplicate_of") == want
        )
        if not ok:
            v.crash_copy_failures.append(sid)
        elif story.crashed_at and first_ms.get(story.copy_of, 1 << 62) < story.crashed_at * 1000:
            v.crash_copy_published_before += 1  # the original's verdict was out pre-crash

    if offline:
        _compare_offline(v, settings, stories, order, first)
    return v


def _compare_offline(
    v: Verification,
    settings: Settings,
    stories: dict[str, Story],
    order: list[str],
    first: dict[str, tuple[str, dict[str, Any]]],
) -> None:
    """Run the offline core over the same payloads in the dedup agent's order; compare."""
    from stream.offline import process  # spaCy loads only when the comparison runs

    ordered = [sid for sid in order if sid in stories]
    rest = [sid for sid in stories if sid not in set(ordered)]  # dead-lettered at normalize
    payloads = [stories[sid].payload for sid in [*ordered, *rest]]
    for emission in process(payloads, settings):
        if emission.topic == settings.topics.clusters:
            continue  # keyed by cluster_id: the story verdicts are what is compared here
        sid = emission.key
        if sid is None or sid not in first:
            continue  # lost stories are reported already
        v.offline_compared += 1
        topic, value = first[sid]
        if signature(emission.topic, emission.value, settings) != signature(topic, value, settings):
            v.verdict_mismatches.append(sid)
        elif emission.topic == settings.topics.enriched and (
            emission.value.get("entities") != value.get("entities")
            or emission.value.get("quotes") != value.get("quotes")
        ):
            v.enrichment_differences.append(sid)
