"""Debugging probe (issue 12, docs/reliability.md "The kill-loop loss found"): logs a
worker's faust/aiokafka offset bookkeeping — records delivered (FETCH), batches the
consumer thread returned and any dropped by faust (DRAIN … DROPPED), acks with their
generation and whether they counted, ``_new_offset`` decisions, commits, seeks and
aiokafka position changes, rebalances, sends — to ``$KL_PROBE_DIR/probe-<pid>.log``.

Use: ``KL_PROBE_DIR=/tmp/probe PYTHONPATH=tools/faust_probe .venv/bin/python -m pytest
tests/integration/test_faults.py -k kill_loop``; worker processes inherit both, the
pytest process itself is not probed (only processes whose argv has ``worker``). Not
imported by the project; diagnostics only."""

import importlib.abc
import importlib.util
import os
import sys
import time

_DIR = os.environ.get("KL_PROBE_DIR")
_ON = bool(_DIR) and "worker" in sys.argv
_fh = None


def P(*a):
    global _fh
    if _fh is None:
        os.makedirs(_DIR, exist_ok=True)
        _fh = open(os.path.join(_DIR, f"probe-{os.getpid()}.log"), "a", buffering=1)  # noqa: SIM115 (open for the process's life)
    t = time.time()
    _fh.write(
        time.strftime("%H:%M:%S", time.gmtime(t))
        + f".{int(t * 1000) % 1000:03d} "
        + " ".join(str(x) for x in a)
        + "\n"
    )


def _tp(tp):
    return f"{tp.topic.split('.')[-1][-12:]}:{tp.partition}"


def _key(m):
    k = getattr(m, "key", None)
    if isinstance(k, bytes):
        k = k[:24].decode("utf-8", "replace")
    return k


def _after_import(name, fn):
    class F(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path, target=None):
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(fullname)
            sys.meta_path.insert(0, self)
            if spec is None:
                return None
            orig = spec.loader.exec_module

            def exec_module(module):
                orig(module)
                try:
                    fn(module)
                except Exception as e:
                    P("PROBE-HOOK-FAILED", name, repr(e))

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, F())


def _patch_fixes(mod):
    orig = mod._ack

    def _ack(self, message):
        before = self._committed_offset.get(message.tp)
        r = orig(self, message)
        P(
            "ACK",
            f"{_tp(message.tp)}@{message.offset}",
            _key(message),
            f"gen={message.generation_id}/{self.app.consumer_generation_id}",
            f"tracked={getattr(message, 'tracked', None)}",
            f"counted={r}",
            f"committed={before}",
            f"flow={self.app.flow_control.is_active()}",
        )
        return r

    mod._ack = _ack

    if hasattr(mod, "_iterate"):  # the cluster-loss fix: log put-back and skipped records
        o_put_back = mod._put_back

        def _put_back(fetcher, tp, offset):
            P("PUT-BACK", _tp(tp), "to", offset)
            return o_put_back(fetcher, tp, offset)

        mod._put_back = _put_back
        o_iterate = mod._iterate

        def _iterate(self, records):
            then = getattr(records, "seeks_then", None)
            delivered = set()
            for tp, record in o_iterate(self, records):
                delivered.add((tp, record.offset))
                yield tp, record
            if then is not None:
                skipped = [
                    f"{_tp(tp)}@{r.offset}"
                    for tp, rs in records.items()
                    for r in rs
                    if (tp, r.offset) not in delivered
                ]
                if skipped:
                    P("SKIPPED-AFTER-SEEK", skipped[:6], len(skipped))

        mod._iterate = _iterate
    P("PROBE faust_fixes hooked")


def _patch_all():
    import aiokafka.consumer.group_coordinator as G
    import aiokafka.consumer.subscription_state as S
    import aiokafka.producer.producer as Pr
    from faust.app import base as B
    from faust.transport import consumer as C

    Cons = C.Consumer
    o_commit = Cons._commit_offsets

    async def _commit_offsets(self, offsets, start_new_transaction=True):
        P(
            "FCOMMIT",
            {_tp(tp): o for tp, o in offsets.items()},
            "prev",
            {_tp(tp): o for tp, o in self._committed_offset.items()},
            "assign",
            sorted(_tp(t) for t in self.assignment()),
        )
        r = await o_commit(self, offsets, start_new_transaction=start_new_transaction)
        P("FCOMMIT-DONE", r)
        return r

    Cons._commit_offsets = _commit_offsets

    o_new = Cons._new_offset

    def _new_offset(self, tp):
        acked = list(self._acked[tp])
        gap = list(self._gap[tp]) if self._gap.get(tp) else []
        c = self._committed_offset[tp]
        r = o_new(self, tp)
        if acked:
            P(
                "NEWOFF",
                _tp(tp),
                "acked",
                acked[:5],
                "..",
                acked[-3:],
                len(acked),
                "gap",
                gap,
                "committed",
                c,
                "->",
                r,
            )
        return r

    Cons._new_offset = _new_offset

    o_add_gap = Cons._add_gap

    async def _add_gap(self, tp, a, b):
        P("ADDGAP", _tp(tp), a, b, "committed", self._committed_offset[tp])
        return await o_add_gap(self, tp, a, b)

    Cons._add_gap = _add_gap

    o_ps = Cons.perform_seek

    async def perform_seek(self):
        P("PERFORM_SEEK start gen", self.app.consumer_generation_id)
        r = await o_ps(self)
        P(
            "PERFORM_SEEK done read",
            {_tp(t): o for t, o in self._read_offset.items()},
            "committed",
            {_tp(t): o for t, o in self._committed_offset.items()},
        )
        return r

    Cons.perform_seek = perform_seek

    for nm in ("stop_flow", "resume_flow"):
        o = getattr(Cons, nm)

        def mk(o, nm):
            def f(self):
                P("FLOW", nm, "gen", self.app.consumer_generation_id)
                return o(self)

            return f

        setattr(Cons, nm, mk(o, nm))

    o_seek = Cons.seek

    async def seek(self, partition, offset):
        P("FSEEK", _tp(partition), offset)
        return await o_seek(self, partition, offset)

    Cons.seek = seek

    o_getmany = Cons.getmany

    async def getmany(self, timeout):
        async for tp, msg in o_getmany(self, timeout):
            P("FETCH", f"{_tp(tp)}@{msg.offset}", _key(msg), "gen", msg.generation_id)
            yield tp, msg

    Cons.getmany = getmany

    o_wnr = Cons._wait_next_records

    async def _wait_next_records(self, timeout):
        before = sorted(_tp(t) for t in (self._active_partitions or ()))
        records, active = await o_wnr(self, timeout)
        if records:
            after = set(active) if active is not None else None
            got = {_tp(t): (r[0].offset, r[-1].offset) for t, r in records.items() if r}
            dropped = {
                _tp(t): v
                for t, v in ((t, (r[0].offset, r[-1].offset)) for t, r in records.items() if r)
                if after is not None and t not in after and t not in self._buffered_partitions
            }
            if dropped or any("changelog" not in k for k in got):
                P(
                    "DRAIN",
                    got,
                    "active-before",
                    before,
                    "active-after",
                    sorted(_tp(t) for t in after) if after is not None else None,
                    "DROPPED" if dropped else "",
                    dropped or "",
                )
        return records, active

    Cons._wait_next_records = _wait_next_records

    o_ass = B.App._on_partitions_assigned

    async def _on_partitions_assigned(self, assigned, generation_id=0):
        P(
            "ASSIGNED",
            sorted(_tp(t) for t in assigned),
            "gen",
            self.consumer_generation_id,
            generation_id,
        )
        r = await o_ass(self, assigned, generation_id)
        P("ASSIGNED-DONE gen", self.consumer_generation_id)
        return r

    B.App._on_partitions_assigned = _on_partitions_assigned

    o_rev = B.App._on_partitions_revoked

    async def _on_partitions_revoked(self, revoked):
        P("REVOKED", sorted(_tp(t) for t in revoked), "gen", self.consumer_generation_id)
        r = await o_rev(self, revoked)
        P("REVOKED-DONE")
        return r

    B.App._on_partitions_revoked = _on_partitions_revoked

    o_gc = G.GroupCoordinator.commit_offsets

    async def commit_offsets(self, assignment, offsets):
        P(
            "KCOMMIT",
            {_tp(t): getattr(o, "offset", o) for t, o in offsets.items()},
            "gen",
            getattr(self, "generation", None),
        )
        try:
            r = await o_gc(self, assignment, offsets)
        except BaseException as e:
            P("KCOMMIT-FAIL", repr(e))
            raise
        P("KCOMMIT-OK")
        return r

    G.GroupCoordinator.commit_offsets = commit_offsets

    o_ai = S.Assignment.__init__

    def a_init(self, tps):
        o_ai(self, tps)
        for tp, st in self._tp_state.items():
            st._probe_tp = tp
        P("AIO-ASSIGNMENT", sorted(_tp(t) for t in self._topic_partitions))

    S.Assignment.__init__ = a_init

    TPS = S.TopicPartitionState
    for nm in ("await_reset", "reset_to", "seek"):
        o = getattr(TPS, nm)

        def mk2(o, nm):
            def f(self, x):
                tp = getattr(self, "_probe_tp", None)
                P("TPSTATE", nm, _tp(tp) if tp else "?", x, "pos", self._position)
                return o(self, x)

            return f

        setattr(TPS, nm, mk2(o, nm))

    o_send = Pr.AIOKafkaProducer.send

    async def send(self, topic, value=None, key=None, partition=None, *a, **k):
        kk = key[:24].decode("utf-8", "replace") if isinstance(key, bytes) else key
        if "changelog" not in topic:
            P("SEND", topic.split(".")[-1][-14:], kk)
        return await o_send(self, topic, value, key, partition, *a, **k)

    Pr.AIOKafkaProducer.send = send
    P("PROBE installed argv", sys.argv)


if _ON:
    try:
        _patch_all()
        _after_import("stream.runtime.faust_fixes", _patch_fixes)
    except Exception as e:
        P("PROBE failed", repr(e))
