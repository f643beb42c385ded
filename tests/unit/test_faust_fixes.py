"""The stale-generation ack fix (stream/runtime/faust_fixes.py), on faust's own consumer code.

Deterministic form of the start-up loss: a message fetched before a rebalance is read
by the stream after it, skipped and acked. Unpatched, faust counts that ack, and the
next commit passes the offset before it, which nothing has processed yet.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

from faust.transport.consumer import Consumer
from faust.transport.utils import DefaultSchedulingStrategy
from faust.types import TP
from faust.types.tuples import ConsumerMessage
from intervaltree import IntervalTree
from mode.utils.queues import FlowControlEvent, FlowControlQueue

from stream.runtime import faust_fixes

TOPIC = "wire.raw"
tp = TP(TOPIC, 0)


def _consumer(committed: int, generation: int) -> SimpleNamespace:
    """The state ``Consumer.ack`` and ``Consumer._new_offset`` read, after a rebalance
    to ``generation`` that sought back to ``committed`` (the next offset to process)."""
    return SimpleNamespace(
        app=SimpleNamespace(
            consumer_generation_id=generation,
            topics=SimpleNamespace(acks_enabled_for=lambda topic: True),
        ),
        _acked=defaultdict(list),
        _acked_index=defaultdict(set),
        _gap=defaultdict(IntervalTree),
        _committed_offset=defaultdict(lambda: None, {tp: committed}),
        _unacked_messages=set(),
        _waiting_for_ack=None,
        _n_acked=0,
    )


def _message(offset: int, generation: int, *, handed: bool = True) -> ConsumerMessage:
    """A fetched message; ``handed``: the stream gave it to the agent (and tracked it),
    as faust does after its skip checks (``Stream._py_aiter``)."""
    message = ConsumerMessage(
        TOPIC, 0, offset, 0.0, 0, None, b"k", b"v", None, generation_id=generation
    )
    message.tracked = handed
    return message


def test_unpatched_faust_commits_past_an_unprocessed_offset():
    """The bug, on faust's original ``ack``: stale 101 counts, and the commit jumps to
    102 although 100 (and the re-fetched 101) were never processed."""
    consumer = _consumer(committed=100, generation=2)
    assert faust_fixes._ORIGINAL_ACK(consumer, _message(101, generation=1)) is True
    assert Consumer._new_offset(consumer, tp) == 102  # 100 and 101 would be lost


def test_patched_ack_never_counts_a_stale_message():
    consumer = _consumer(committed=100, generation=2)
    stale = _message(101, generation=1)
    consumer._unacked_messages.add(stale)
    assert faust_fixes._ack(consumer, stale) is False
    assert stale.acked and stale not in consumer._unacked_messages  # shutdown won't wait
    assert Consumer._new_offset(consumer, tp) is None  # nothing committable yet

    # The re-fetched copies are processed in order and counted as usual.
    assert faust_fixes._ack(consumer, _message(100, generation=2)) is True
    assert Consumer._new_offset(consumer, tp) == 101
    assert faust_fixes._ack(consumer, _message(101, generation=2)) is True
    assert Consumer._new_offset(consumer, tp) == 102


def test_a_message_skipped_while_flow_control_is_suspended_never_counts():
    """Same generation, kept partition: the stream read 100 during a rebalance, skipped
    it untracked and acked it. Unpatched, the commit on revoke would pass it."""
    unpatched, patched = _consumer(100, generation=4), _consumer(100, generation=4)
    skipped = _message(100, generation=4, handed=False)
    assert faust_fixes._ORIGINAL_ACK(unpatched, skipped) is True
    assert Consumer._new_offset(unpatched, tp) == 101  # 100 committed, never processed
    assert faust_fixes._ack(patched, _message(100, generation=4, handed=False)) is False
    assert Consumer._new_offset(patched, tp) is None
    assert faust_fixes._ack(patched, _message(100, generation=4)) is True  # its re-fetch
    assert Consumer._new_offset(patched, tp) == 101


def test_current_generation_messages_ack_exactly_as_before():
    patched, original = _consumer(100, 3), _consumer(100, 3)
    for offset in (100, 101, 102):
        assert faust_fixes._ack(patched, _message(offset, 3)) is faust_fixes._ORIGINAL_ACK(
            original, _message(offset, 3)
        )
    assert Consumer._new_offset(patched, tp) == Consumer._new_offset(original, tp) == 103


def test_create_app_installs_the_fix(tmp_path):
    from stream.runtime.app import create_app
    from stream.settings import Settings

    create_app(Settings(state_dir=tmp_path, store="memory://"))
    assert faust_fixes.installed()
    assert Consumer.ack is faust_fixes._ack


# --- the kill-loop loss (issue 12): records dropped at start-up, never read again ----


class _Fetcher:
    """The consumer thread's side of a fetch, as aiokafka's ``fetched_records`` reads
    it: it waits for data, then reads ``partitions``, where an empty set means *every*
    buffered partition. ``pause`` runs while it waits (faust ending table recovery)."""

    def __init__(self, buffered: dict[TP, list[int]], pause: Callable[[], None]) -> None:
        self.buffered, self.pause = buffered, pause

    async def getmany(self, partitions: Any, timeout: float) -> dict[TP, list[int]]:
        self.pause()
        return {tp: r for tp, r in self.buffered.items() if not partitions or tp in partitions}


CHANGELOG = TP("app-dedup-state-changelog", 0)


def _fetch(getmany: Callable[..., Any]) -> dict[TP, list[int]]:
    active = {CHANGELOG}  # recovering: only the changelog is active, wire.raw is paused
    thread = _Fetcher({tp: [5, 6, 7], CHANGELOG: [40]}, pause=active.clear)
    return asyncio.run(getmany(SimpleNamespace(_thread=thread), active, 1.0))


def test_unpatched_fetch_hands_over_records_of_a_paused_partition():
    """faust passes its live set; recovery ends (the set empties) while the fetch waits,
    and the fetch returns wire.raw's records, which faust then drops (not active)."""
    assert tp in _fetch(faust_fixes._ORIGINAL_GETMANY)


def test_patched_fetch_asks_for_a_snapshot():
    assert _fetch(faust_fixes._getmany) == {CHANGELOG: [40]}


def test_no_commit_before_the_start_of_a_partition_is_known():
    consumer = _consumer(committed=100, generation=1)
    consumer._committed_offset[tp] = None  # never committed, not rewound yet
    consumer._acked[tp] = [6, 7, 8]  # 0..5 were dropped before the seek
    assert faust_fixes._ORIGINAL_NEW_OFFSET(consumer, tp) == 9  # faust: commits past 0..5
    consumer._acked[tp] = [6, 7, 8]
    assert faust_fixes._new_offset(consumer, tp) is None


def test_head_gap_guard_also_at_committed_offset_zero():
    unpatched, patched = _consumer(0, 1), _consumer(0, 1)
    for consumer in (unpatched, patched):
        consumer._acked[tp] = [6, 7, 8]
    assert faust_fixes._ORIGINAL_NEW_OFFSET(unpatched, tp) == 9  # faust: no guard at 0
    assert faust_fixes._new_offset(patched, tp) is None
    patched._acked[tp] = [0, 1, 2, 6, 7, 8]  # the rewound 0..2 processed again
    assert faust_fixes._new_offset(patched, tp) == 3


class _SeekingConsumer(SimpleNamespace):
    """What ``perform_seek`` touches: one stream partition never committed (None) and
    one committed at 0; faust's own seek leaves the first where it is."""

    def __init__(self) -> None:
        other = TP(TOPIC, 1)
        super().__init__(
            app=SimpleNamespace(
                conf=SimpleNamespace(consumer_auto_offset_reset="earliest"),
                topics=SimpleNamespace(acks_enabled_for=lambda topic: True),
            ),
            _committed_offset={},
            _read_offset={},
            seeks=[],
            committed={tp: None, other: 0},
        )

    def assignment(self) -> set[TP]:
        return set(self.committed) | {CHANGELOG}

    def _is_changelog_tp(self, partition: TP) -> bool:
        return partition == CHANGELOG

    async def seek_to_committed(self) -> dict[TP, int | None]:
        return dict(self.committed)

    async def earliest_offsets(self, *partitions: TP) -> dict[TP, int]:
        return dict.fromkeys(partitions, 0)

    async def seek(self, partition: TP, offset: int) -> None:
        self.seeks.append((partition, offset))


def test_perform_seek_rewinds_a_partition_never_committed():
    unpatched, patched = _SeekingConsumer(), _SeekingConsumer()
    asyncio.run(faust_fixes._ORIGINAL_PERFORM_SEEK(unpatched))
    assert unpatched.seeks == [] and unpatched._committed_offset.get(tp) is None
    asyncio.run(faust_fixes._perform_seek(patched))
    assert patched.seeks == [(tp, 0)]  # the changelog is left to table recovery
    assert patched._committed_offset == {tp: 0, TP(TOPIC, 1): 0}


def test_resuming_active_flow_control_keeps_the_agents_queues():
    """faust resumes flow control when recovery ends, after it resumed the stream
    partitions: clearing the queues then threw away records the fetcher had passed on."""
    flow = FlowControlEvent()
    queue: FlowControlQueue[int] = FlowControlQueue(flow_control=flow, clear_on_resume=True)
    flow.resume()
    queue.put_nowait(7)
    faust_fixes._resume(flow)
    assert queue.qsize() == 1
    flow.suspend()  # a rebalance: what is queued now is read again after the seek
    faust_fixes._resume(flow)
    assert queue.qsize() == 0 and flow.is_active()


def test_install_routes_every_agents_acks_through_the_patch(tmp_path):
    from faust import streams

    from stream.runtime.app import create_app
    from stream.settings import Settings

    create_app(Settings(state_dir=tmp_path, store="memory://"))
    assert streams._CStreamIterator is None  # its inlined ack would bypass _ack


# --- the cluster loss (issue 12): a batch taken before a seek, delivered after it ----

RAW = TP("wire.raw", 0)


class _Subscriptions:
    def __init__(self) -> None:
        self.positions: dict[TP, int] = {}

    @contextlib.contextmanager
    def fetch_context(self) -> Iterator[None]:
        yield

    def seek(self, tp: TP, offset: int) -> None:
        self.positions[tp] = offset


class _AiokafkaFetcher:
    """aiokafka's fetcher as ``fetched_records`` and ``seek_to`` use it: handing records
    over moves the partition's position past them; a seek sets it."""

    _closed = False

    def __init__(self, buffered: dict[TP, list[int]]) -> None:
        self.buffered = buffered
        self._subscriptions = _Subscriptions()
        self._records: dict[TP, Any] = {}
        self._wait_consume_future = None

    def _notify(self, future: Any) -> None:
        pass

    async def fetched_records(self, partitions: Any, timeout: float, max_records: Any) -> Any:
        out = {}
        for tp, offsets in self.buffered.items():
            if not partitions or tp in partitions:
                out[tp] = [SimpleNamespace(offset=o) for o in offsets]
                self._subscriptions.positions[tp] = offsets[-1] + 1
        return out


def _take(fetch: Callable[..., Any], snapshot: set[TP], live: set[TP]) -> tuple[Any, Any]:
    """One fetch by the consumer thread: the snapshot it was asked for (taken before a
    rebalance) against faust's live set when aiokafka hands the records over."""
    fetcher = _AiokafkaFetcher({RAW: [95, 96], CHANGELOG: [40]})
    client = SimpleNamespace(_fetcher=fetcher, _closed=False)
    thread = SimpleNamespace(
        consumer=SimpleNamespace(
            flow_active=True, _active_partitions=live, _buffered_partitions=set()
        )
    )
    return asyncio.run(fetch(thread, client, snapshot, timeout=1.0, max_records=None)), fetcher


def test_unpatched_thread_moves_past_records_faust_drops():
    """A fetch asked for before the rebalance (wire.raw in its snapshot) returns while
    the Tables recover (wire.raw not active): aiokafka's position is past 95 and 96, and
    faust's delivery loop drops them (not active)."""
    records, fetcher = _take(faust_fixes._ORIGINAL_FETCH_RECORDS, {RAW, CHANGELOG}, {CHANGELOG})
    assert RAW in records
    assert fetcher._subscriptions.positions[RAW] == 97


def test_patched_thread_puts_back_records_faust_would_drop():
    records, fetcher = _take(faust_fixes._fetch_records, {RAW, CHANGELOG}, {CHANGELOG})
    assert list(records) == [CHANGELOG]
    assert fetcher._subscriptions.positions[RAW] == 95  # read again once wire.raw resumes


def _deliver(iterate: Callable[..., Any], records: Any) -> list[tuple[TP, int]]:
    return [(tp, r.offset) for tp, r in iterate(DefaultSchedulingStrategy(), records)]


def test_a_batch_taken_before_a_seek_is_not_delivered_after_it():
    """wire.raw resumed at position 97 (95 and 96 taken and dropped earlier); the thread
    takes [97]; then the seek to the committed offset 95 runs. Delivered after the seek,
    97 would make faust's read offset jump from 95 to 97 (95 and 96 then dropped as
    already read, 96 counted as a gap): the patched delivery skips it instead, and
    aiokafka reads 95, 96, 97 from the new position."""
    fetcher = _AiokafkaFetcher({RAW: [97], CHANGELOG: [40]})
    client = SimpleNamespace(_fetcher=fetcher, _closed=False)
    thread = SimpleNamespace(
        consumer=SimpleNamespace(
            flow_active=True, _active_partitions={RAW, CHANGELOG}, _buffered_partitions=set()
        )
    )
    batch = asyncio.run(faust_fixes._fetch_records(thread, client, {RAW, CHANGELOG}, 1.0, None))
    assert _deliver(faust_fixes._ORIGINAL_ITERATE, batch) == [(RAW, 97), (CHANGELOG, 40)]
    faust_fixes._seek_to(fetcher, RAW, 95)  # perform_seek, in the consumer thread
    assert _deliver(faust_fixes._ORIGINAL_ITERATE, batch) == [(RAW, 97), (CHANGELOG, 40)]
    assert _deliver(faust_fixes._iterate, batch) == [(CHANGELOG, 40)]
    assert fetcher._subscriptions.positions[RAW] == 95


def test_a_batch_without_a_seek_since_is_delivered_whole():
    fetcher = _AiokafkaFetcher({RAW: [95, 96]})
    client = SimpleNamespace(_fetcher=fetcher, _closed=False)
    thread = SimpleNamespace(
        consumer=SimpleNamespace(
            flow_active=True, _active_partitions={RAW}, _buffered_partitions=set()
        )
    )
    faust_fixes._seek_to(fetcher, RAW, 95)  # a seek *before* the batch was taken
    batch = asyncio.run(faust_fixes._fetch_records(thread, client, {RAW}, 1.0, None))
    assert _deliver(faust_fixes._iterate, batch) == [(RAW, 95), (RAW, 96)]


def test_a_seek_during_a_records_delivery_keeps_the_seeks_read_offset():
    """[95, 96] taken; 95 is handed over and its delivery blocks (a full agent queue)
    while the seek to the committed offset 94 runs; faust's delivery loop then writes
    read offset 95 over the seek's reset (``set_read_offset`` after the callback). Left
    so, the re-fetched 94 and 95 would be dropped as already read; the next step puts
    the seek's offset back and skips the batch's 96 (aiokafka reads it again)."""
    fetcher = _AiokafkaFetcher({RAW: [95, 96]})
    client = SimpleNamespace(_fetcher=fetcher, _closed=False)
    read_offset: dict[TP, int | None] = {}
    thread = SimpleNamespace(
        consumer=SimpleNamespace(
            flow_active=True,
            _active_partitions={RAW},
            _buffered_partitions=set(),
            _read_offset=read_offset,
        )
    )
    batch = asyncio.run(faust_fixes._fetch_records(thread, client, {RAW}, 1.0, None))
    delivery = faust_fixes._iterate(DefaultSchedulingStrategy(), batch)
    tp, record = next(delivery)
    assert (tp, record.offset) == (RAW, 95)
    faust_fixes._seek_to(fetcher, RAW, 94)  # the seek lands during 95's delivery
    read_offset[RAW] = 95  # _drain_messages: set_read_offset after the callback
    assert list(delivery) == []
    assert read_offset[RAW] == 94
