"""Consumer lag of the worker, per topic: how far behind the end of its partitions it is.

Why a metric: the worker never buffers without bound (faust's stream buffer is bounded,
``stream_buffer_maxsize``), so when enrichment falls behind the backlog stays in Kafka.
Lag is where that backlog becomes visible: ``wirestream_consumer_lag{topic=...}`` is
the sum over the partitions this worker holds of ``end offset - committed offset``
(Kafka's own definition, what ``kafka-consumer-groups --describe`` prints). Before the
first commit of a partition the consumer's position stands in for the committed offset.

A driver module (faust), kept apart from the agents so it stays a few testable lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from stream.runtime.metrics import Metrics

__all__ = ["lag_by_topic", "update_lag"]


def lag_by_topic(
    highwaters: Mapping[Any, int | None],
    committed: Mapping[Any, int | None],
    topics: Iterable[str] | None = None,
) -> dict[str, int]:
    """Sum ``highwater - committed`` per topic over partitions (``tp.topic``, ``tp``).

    Partitions with an unknown end or offset count as 0 rather than guessing; a negative
    difference (a committed offset read before the end offsets were refreshed) is 0 too.
    """
    wanted = set(topics) if topics is not None else None
    lag: dict[str, int] = {}
    if wanted is not None:
        lag = dict.fromkeys(sorted(wanted), 0)
    for tp, end in highwaters.items():
        if wanted is not None and tp.topic not in wanted:
            continue
        done = committed.get(tp)
        behind = max(0, end - done) if end is not None and done is not None else 0
        lag[tp.topic] = lag.get(tp.topic, 0) + behind
    return lag


async def update_lag(app: Any, metrics: Metrics, topics: Iterable[str]) -> dict[str, int]:
    """Measure the lag of ``app``'s consumer on ``topics`` and set the gauge.

    Only partitions assigned to this worker count, so two workers sharing a group each
    report their share. Errors (a rebalance or a broker restart in progress) leave the
    gauge as it was: the timer simply tries again.
    """
    wanted = set(topics)
    consumer = app.consumer
    tps = [tp for tp in consumer.assignment() if tp.topic in wanted]
    if not tps:
        lag = dict.fromkeys(sorted(wanted), 0)
    else:
        highwaters = await consumer.highwaters(*tps)
        known = getattr(consumer, "_committed_offset", {})  # faust's view, set on commit
        committed: dict[Any, int | None] = {}
        for tp in tps:
            offset = known.get(tp)
            committed[tp] = offset if offset is not None else await consumer.position(tp)
        lag = lag_by_topic(highwaters, committed, wanted)
    for topic, value in lag.items():
        metrics.consumer_lag.labels(topic=topic).set(value)
    return lag
