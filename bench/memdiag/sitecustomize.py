"""Memory snapshots of a worker on a signal, for the soak (``bench_e2e.py --mem-diag``).

The soak puts this directory on the worker's ``PYTHONPATH``; Python imports
``sitecustomize`` at start-up, before the worker, so nothing in ``stream/`` changes for
a diagnostic. On each ``SIGNAL`` one JSON line goes to ``$BENCH_MEMDIAG``: live
objects by type (``gc``), glibc's heap figures (``mallinfo2``: bytes in use vs held
free, i.e. live data vs fragmentation) and, when ``$BENCH_TRACEMALLOC`` is
set, the Python heap's 40 largest allocation sites. A real-time signal because faust's
worker (mode) takes SIGUSR1 (stack dump) and SIGUSR2 (pdb!); the variables do not start
with ``WIRESTREAM_`` because ``settings_env`` gives the worker none but its settings.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import signal
import time
import tracemalloc
from collections import Counter
from typing import Any

OUT = os.environ.get("BENCH_MEMDIAG")
FRAMES = int(os.environ.get("BENCH_TRACEMALLOC") or 0)
SIGNAL = signal.SIGRTMIN + 3


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost",
        )
    ]  # fmt: skip


def _mallinfo() -> dict[str, int]:
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
        info = libc.mallinfo2()
    except (OSError, AttributeError):
        return {}
    # Summed over every arena: uordblks in use, fordblks free but held (fragmentation),
    # hblkhd in blocks mmapped on their own.
    return {name: int(getattr(info, name)) for name, _ in _MallInfo2._fields_}


def _snapshot(*_: Any) -> None:
    gc.collect()
    types = Counter(type(o).__name__ for o in gc.get_objects())
    record: dict[str, Any] = {
        "t": time.time(),
        "objects": dict(types.most_common(60)),
        "mallinfo": _mallinfo(),
    }
    if tracemalloc.is_tracing():
        stats = tracemalloc.take_snapshot().statistics("lineno")
        record["traced_kib"] = tracemalloc.get_traced_memory()[0] // 1024
        record["top"] = [[str(s.traceback[0]), s.size // 1024, s.count] for s in stats[:40]]
    with open(OUT, "a", encoding="utf-8") as out:  # type: ignore[arg-type]
        out.write(json.dumps(record) + "\n")


if OUT:
    if FRAMES:
        tracemalloc.start(FRAMES)
    signal.signal(SIGNAL, _snapshot)
