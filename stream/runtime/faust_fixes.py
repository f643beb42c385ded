"""A fix to faust-streaming's offset bookkeeping that at-least-once depends on.

faust drops an event whose message was fetched under an older consumer generation (a
rebalance happened between the fetch and the moment the stream reads it) or read while
flow control is suspended: the stream skips it, because the consumer seeks back to the
committed offset after the rebalance and fetches it again. But faust also *acks* the
skipped event (``Stream._py_aiter``: "we want to ack the filtered out message"), and
``Consumer.ack`` counts its offset towards the next commit. An offset that was never
processed is then committable:

* if the stale message sits right after the committed offset, faust's head-gap guard in
  ``Consumer._new_offset`` (``min(acked) - committed > 1``, an off-by-one: the committed
  offset is the *next* one to read) lets the commit jump over the unprocessed head;
* its re-fetched copy is not counted when it is processed (its offset is already in the
  acked index), so later commits pass it whether or not the copy was handled.

A crash (or one more rebalance, which seeks to the new committed offset) before the
re-fetched copy is processed then loses it. A slow agent start widens the window: the
agent's queue fills while the group is still settling (a restarted worker rejoins while
its killed predecessor's session is still open), so more messages go stale. That is the
loss seen when normalization was warmed up before the agent's loop (docs/reliability.md).

The same skip-and-ack happens, within one generation, to an event the stream reads
while a rebalance has suspended flow control: the partition may stay with this worker
(faust-streaming #221's pattern), and the commit faust makes when partitions are
revoked then includes an offset no agent processed. Both kinds of skipped event share
one mark: the stream never *tracked* them (it tracks an event when it hands it to the
agent, after the skip checks).

The fix: an ack counts towards a commit only for a message the stream tracked, under
the current generation. Any other is marked acked (so a graceful stop does not wait for
it) and not counted; it is fetched again from the committed offset after the rebalance,
and that copy is processed and counted as usual. Decode errors (also acked untracked)
cannot occur on our topics: every topic is read as raw bytes.

faust's Cython stream iterator (``faust._cython.streams``) inlines ``Consumer.ack``, so
the rule above would hold only for ``take()`` (the enrich agent); ``install()`` turns
it off, so every agent's acks go through ``Consumer.ack``.

**Records dropped at start-up** (the kill-loop loss of issue 12, docs/reliability.md):
while a worker restores its Tables, aiokafka keeps fetching the stream partitions too
(faust pauses them only in its own set of active partitions) and buffers their records.
faust passes that *live* set to the consumer thread; when recovery ends it pauses the
changelog partitions, the set becomes empty while a fetch is waiting, and aiokafka's
``fetched_records`` reads an empty set as "every partition": it hands over the buffered
stream records and moves its positions past them, and faust's ``getmany`` drops them
(their partitions are not active). faust counts on the seek to committed offsets that
follows to read them again, but that seek skips a partition the group never committed
(aiokafka seeks only to offsets > 0), and ``Consumer._new_offset`` has no head-gap
guard while the committed offset is None or 0, so the first later ack commits past
them. And faust resumes flow control when recovery ends, after it resumed the stream
partitions: ``FlowControlEvent.resume`` empties the agents' queues, throwing away
records the fetcher had passed on (their re-fetched copies are then dropped as already
read). Four changes, each checked on faust's own code by ``tests/unit/test_faust_fixes.py``:

1. ``_getmany`` hands the consumer thread a snapshot of the active partitions, so
   aiokafka returns only records faust will deliver (the others stay buffered, their
   positions unmoved);
2. ``perform_seek`` also rewinds a stream partition without a committed offset, to its
   first offset (``auto_offset_reset="earliest"``), and records that start as the
   committed offset;
3. ``_new_offset`` commits nothing while a partition's start is unknown (None) and
   applies faust's head-gap guard at 0 as at any other offset (``create_app`` sets
   ``earliest``; under another reset policy a never-committed partition would not be
   rewound and so would never commit);
4. ``FlowControlEvent.resume`` empties the queues only after a real suspension.

**A batch fetched before a seek, delivered after it** (the three-worker cluster loss of
issue 12, docs/reliability.md): the snapshot of change 1 can be stale. A fetch issued
before a rebalance waits in aiokafka for the new assignment and then returns the new
assignment's records of a partition faust is not reading yet (its Tables are still
recovering); faust drops them, aiokafka's position has moved past them. The seek to
committed offsets at the end of recovery rewinds the position, but a batch the
consumer thread took from aiokafka *before* that seek (resumed partition, old
position) can be delivered *after* it: faust's read offset was just reset to the
committed offset, so the batch's first offset looks like a gap in the log
(``_drain_messages`` marks the skipped offsets as done, ``_add_gap``) and its last
offset becomes the read offset, so the re-fetched copies of the skipped records are
dropped as already read, and the next commit passes them. Two changes:

5. the consumer thread checks its batch against faust's *live* set of active partitions
   the moment aiokafka hands it over, and seeks a partition faust would drop back to
   the batch's first offset (nothing moves past a record faust will not deliver);
6. every aiokafka seek counts, per partition, in the consumer thread; a batch carries
   the counts of the moment it was taken, and faust's delivery loop skips its records of
   a partition seeked since (aiokafka reads them again from the new position); and
   when a seek lands while a record handed over before it is still being delivered,
   the read offset the delivery loop writes afterwards is set back to the seek's.

``install()`` is idempotent and applied by ``stream.runtime.app.create_app``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiokafka.consumer import fetcher as _aiokafka_fetcher
from faust import streams as _streams
from faust.transport import consumer as _consumer
from faust.transport import utils as _transport_utils
from faust.transport.drivers import aiokafka as _faust_aiokafka
from mode.utils import queues as _queues

__all__ = ["counts", "install", "installed", "is_stale"]

_ORIGINAL_ACK = _consumer.Consumer.ack
_ORIGINAL_GETMANY = _consumer.ThreadDelegateConsumer._getmany
_ORIGINAL_PERFORM_SEEK = _consumer.Consumer.perform_seek
_ORIGINAL_NEW_OFFSET = _consumer.Consumer._new_offset
_ORIGINAL_RESUME = _queues.FlowControlEvent.resume
_ORIGINAL_FETCH_RECORDS = _faust_aiokafka.AIOKafkaConsumerThread._fetch_records
_ORIGINAL_SEEK_TO = _aiokafka_fetcher.Fetcher.seek_to
_ORIGINAL_ITERATE = _transport_utils.DefaultSchedulingStrategy.iterate


def is_stale(message: Any, app: Any) -> bool:
    """True when ``message`` was fetched under another consumer generation than now."""
    generation = getattr(message, "generation_id", None)
    return generation is not None and generation != app.consumer_generation_id


def counts(message: Any, app: Any) -> bool:
    """True when an ack of ``message`` may move the committed offset: the stream handed
    it to an agent (tracked), under the current consumer generation."""
    return bool(getattr(message, "tracked", True)) and not is_stale(message, app)


def _ack(self: Any, message: Any) -> bool:
    """``Consumer.ack`` that counts only messages an agent was handed, this generation."""
    if counts(message, self.app):
        return _ORIGINAL_ACK(self, message)
    with _consumer.ack_lock:
        if not message.acked:
            message.acked = True
            self._unacked_messages.discard(message)
            _consumer.notify(self._waiting_for_ack)
    return False


async def _getmany(self: Any, active_partitions: Any, timeout: float) -> Any:
    """Fetch for the partitions active *now*: a snapshot, not faust's live set, which a
    pause can empty while the consumer thread waits (aiokafka then returns them all)."""
    snapshot = frozenset(active_partitions) if active_partitions is not None else None
    return await _ORIGINAL_GETMANY(self, snapshot, timeout)


def _stream_partitions(consumer: Any) -> set[Any]:
    """Assigned partitions an agent reads with acks (not changelogs, not faust's own)."""
    acks_enabled_for = consumer.app.topics.acks_enabled_for
    return {
        tp
        for tp in consumer.assignment()
        if not consumer._is_changelog_tp(tp) and acks_enabled_for(tp.topic)
    }


async def _perform_seek(self: Any) -> None:
    """faust's seek to committed offsets, plus: a stream partition the group never
    committed goes back to its first offset, where the reset policy started it, so
    records faust dropped before the seek are read again; that start is recorded as the
    committed offset, so ``_new_offset`` can guard the head of the partition."""
    await _ORIGINAL_PERFORM_SEEK(self)
    # faust stores a committed offset of 0 as None, and no commit as None as well; its
    # read offset still tells them apart (0 = committed at 0, None = never committed).
    unknown = [tp for tp in _stream_partitions(self) if self._committed_offset.get(tp) is None]
    if not unknown:
        return
    never = [tp for tp in unknown if self._read_offset.get(tp) is None]
    starts: Mapping[Any, int] = {}
    if never and self.app.conf.consumer_auto_offset_reset == "earliest":
        starts = await self.earliest_offsets(*never)
        for tp in never:
            if starts.get(tp) is not None:
                await self.seek(tp, starts[tp])
    for tp in unknown:
        start = starts.get(tp, 0 if tp not in never else None)
        if start is not None:
            self._committed_offset[tp] = start
            self._read_offset[tp] = start


def _new_offset(self: Any, tp: Any) -> int | None:
    """faust's ``_new_offset``, but no commit before the partition's start is known,
    and the head-gap guard also at a committed offset of 0."""
    committed = self._committed_offset[tp]
    if committed is None:
        return None
    acked = self._acked[tp]
    if committed == 0 and acked:
        head = min(acked)
        for interval in self._gap[tp]:  # offsets faust saw the broker skip count as done
            if interval.begin <= max(acked):
                head = min(head, interval.begin)
        if head - committed > 1:  # faust's own rule for every other committed offset
            return None
    result: int | None = _ORIGINAL_NEW_OFFSET(self, tp)
    return result


def _resume(self: Any) -> None:
    """``FlowControlEvent.resume`` that empties the agents' queues only when flow control
    was suspended: what they hold then was fetched before a rebalance and is read again
    after the seek. faust also calls ``resume`` when recovery ends, after it resumed the
    stream partitions; clearing then threw away records the fetcher had already passed
    on, and nothing read them again."""
    if self.is_active():
        self._suspend.clear()
        self._resume.set()
        return
    _ORIGINAL_RESUME(self)


class _Batch(dict):  # type: ignore[type-arg]
    """The records of one fetch, with the seek counts of the moment they were taken."""

    seeks_then: dict[Any, int]
    seeks_now: dict[Any, int]
    seek_targets: dict[Any, int]
    consumer: Any


def _seeks(fetcher: Any) -> dict[Any, int]:
    counts_: dict[Any, int] | None = getattr(fetcher, "_wirestream_seeks", None)
    if counts_ is None:
        counts_ = fetcher._wirestream_seeks = {}
    return counts_


def _seek_targets(fetcher: Any) -> dict[Any, int]:
    targets: dict[Any, int] | None = getattr(fetcher, "_wirestream_seek_targets", None)
    if targets is None:
        targets = fetcher._wirestream_seek_targets = {}
    return targets


def _seek_to(self: Any, tp: Any, offset: int) -> None:
    """aiokafka's ``Fetcher.seek_to``, counted per partition (consumer thread)."""
    seeks = _seeks(self)
    seeks[tp] = seeks.get(tp, 0) + 1
    _seek_targets(self)[tp] = offset
    _ORIGINAL_SEEK_TO(self, tp, offset)


def _put_back(fetcher: Any, tp: Any, offset: int) -> None:
    """Move aiokafka's position back to ``offset``: an uncounted seek, since nothing of
    ``tp`` taken earlier is waiting to be delivered (faust hands over one batch at a
    time)."""
    _ORIGINAL_SEEK_TO(fetcher, tp, offset)


async def _fetch_records(
    self: Any,
    consumer: Any,
    active_partitions: Any,
    timeout: float | None = None,
    max_records: int | None = None,
) -> Any:
    """The consumer thread's fetch: keep only records faust will deliver, un-take the
    rest, and stamp the batch with the seek counts. No ``await`` between aiokafka
    handing the records over and the checks, so no seek can slip in between."""
    records = await _ORIGINAL_FETCH_RECORDS(
        self, consumer, active_partitions, timeout=timeout, max_records=max_records
    )
    if not records or active_partitions is None:
        return records
    fetcher = consumer._fetcher
    live = self.consumer._active_partitions
    buffered = self.consumer._buffered_partitions
    batch = _Batch()
    for tp, recs in records.items():
        if live is None or tp in live or tp in buffered:
            batch[tp] = recs
        elif recs:  # faust would drop these
            _put_back(fetcher, tp, recs[0].offset)
    seeks = _seeks(fetcher)
    batch.seeks_then = {tp: seeks.get(tp, 0) for tp in batch}
    batch.seeks_now = seeks
    batch.seek_targets = _seek_targets(fetcher)
    batch.consumer = self.consumer
    return batch


def _iterate(self: Any, records: Any) -> Any:
    """faust's round-robin over a batch, skipping the records of a partition seeked
    since the batch was taken (checked as each record is handed over). A record handed
    over just before a seek may still be in delivery when the seek resets faust's read
    offset; the delivery loop then writes that record's offset over the reset. The next
    step of this iterator comes after that write, so it puts the seek's offset back."""
    then = getattr(records, "seeks_then", None)
    if then is None:
        yield from _ORIGINAL_ITERATE(self, records)
        return
    now, handed = records.seeks_now, None
    for tp, record in _ORIGINAL_ITERATE(self, records):
        _undo_read_past_seek(records, handed)
        handed = None
        if now.get(tp, 0) != then.get(tp, 0):
            continue
        handed = (tp, now.get(tp, 0))
        yield tp, record
    _undo_read_past_seek(records, handed)


def _undo_read_past_seek(records: Any, handed: tuple[Any, int] | None) -> None:
    if handed is None:
        return
    tp, seeks = handed
    if records.seeks_now.get(tp, 0) != seeks:  # seeked while its record was delivered
        target = records.seek_targets.get(tp)
        records.consumer._read_offset[tp] = target if target else None  # as faust's seek


#: Every patch: (owner, attribute, replacement), applied by ``install`` and checked by
#: ``installed`` from this one list.
_PATCHES: tuple[tuple[Any, str, Any], ...] = (
    (_consumer.Consumer, "ack", _ack),
    (_consumer.ThreadDelegateConsumer, "_getmany", _getmany),
    (_consumer.Consumer, "perform_seek", _perform_seek),
    (_consumer.Consumer, "_new_offset", _new_offset),
    (_queues.FlowControlEvent, "resume", _resume),
    (_faust_aiokafka.AIOKafkaConsumerThread, "_fetch_records", _fetch_records),
    (_aiokafka_fetcher.Fetcher, "seek_to", _seek_to),
    (_transport_utils.DefaultSchedulingStrategy, "iterate", _iterate),
    (_streams, "_CStreamIterator", None),
)


def install() -> None:
    """Patch faust's consumer (once per process) and turn off its Cython stream
    iterator, whose inlined ack would bypass ``_ack``."""
    for owner, name, replacement in _PATCHES:
        setattr(owner, name, replacement)


def installed() -> bool:
    return all(getattr(owner, name) is replacement for owner, name, replacement in _PATCHES)
