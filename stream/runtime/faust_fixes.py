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
cannot occur on our topics: every topic is read as raw bytes. ``install()`` is
idempotent and applied by ``stream.runtime.app.create_app``.
"""

from __future__ import annotations

from typing import Any

from faust.transport import consumer as _consumer

__all__ = ["counts", "install", "installed", "is_stale"]

_ORIGINAL_ACK = _consumer.Consumer.ack


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


def install() -> None:
    """Patch ``faust.transport.consumer.Consumer.ack`` (once per process)."""
    _consumer.Consumer.ack = _ack  # type: ignore[method-assign]


def installed() -> bool:
    return _consumer.Consumer.ack is _ack
