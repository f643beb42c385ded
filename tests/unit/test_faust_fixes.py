"""The stale-generation ack fix (stream/runtime/faust_fixes.py), on faust's own consumer code.

Deterministic form of the start-up loss: a message fetched before a rebalance is read
by the stream after it, skipped and acked. Unpatched, faust counts that ack, and the
next commit passes the offset before it, which nothing has processed yet.
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from faust.transport.consumer import Consumer
from faust.types import TP
from faust.types.tuples import ConsumerMessage
from intervaltree import IntervalTree

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
