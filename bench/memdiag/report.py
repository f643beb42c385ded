"""The soak's side of ``sitecustomize.py``: ask a worker for a snapshot, compare two."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIGNAL = signal.SIGRTMIN + 3  # as sitecustomize.py


def enable(out: Path, frames: int) -> None:
    """Make workers started from now on load the snapshot hook (``frames`` > 0: with
    tracemalloc, which costs memory and time of its own: a diagnostic, not a figure)."""
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(HERE), os.environ.get("PYTHONPATH", "")) if p
    )
    os.environ["BENCH_MEMDIAG"] = str(out)
    os.environ["BENCH_TRACEMALLOC"] = str(frames)


def read(out: Path) -> list[dict[str, Any]]:
    if not out.exists():
        return []
    return [json.loads(line) for line in out.read_text().splitlines() if line.strip()]


async def snapshot(pid: int, out: Path, timeout: float = 60.0) -> dict[str, Any] | None:
    """Signal the worker and wait for its snapshot line."""
    before = len(read(out))
    try:
        os.kill(pid, SIGNAL)
    except OSError:
        return None
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        await asyncio.sleep(0.5)
        lines = read(out)
        if len(lines) > before:
            return lines[-1]
    return None


def compare(first: dict[str, Any], last: dict[str, Any], top: int = 15) -> str:
    """What grew between two snapshots: object counts by type, glibc heap, Python heap."""
    lines = []
    a, b = first["objects"], last["objects"]
    grown = sorted(((b.get(k, 0) - a.get(k, 0), k) for k in set(a) | set(b)), reverse=True)
    lines.append(
        "objects grown: " + ", ".join(f"{k} {d:+d} ({b.get(k, 0)})" for d, k in grown[:top])
    )
    ma, mb = first.get("mallinfo") or {}, last.get("mallinfo") or {}
    if ma and mb:
        mib = 1024 * 1024
        lines.append(
            "glibc heap (all arenas) in use "
            f"{ma['uordblks'] / mib:.0f} -> {mb['uordblks'] / mib:.0f} MiB, held free "
            f"{ma['fordblks'] / mib:.0f} -> {mb['fordblks'] / mib:.0f} MiB, mmapped "
            f"{ma['hblkhd'] / mib:.0f} -> {mb['hblkhd'] / mib:.0f} MiB"
        )
    if "top" in first and "top" in last:
        lines.append(
            f"tracemalloc traced {first['traced_kib'] / 1024:.0f} -> "
            f"{last['traced_kib'] / 1024:.0f} MiB; largest sites at the end (KiB, count):"
        )
        before = {site: kib for site, kib, _ in first["top"]}
        for site, kib, count in last["top"][:top]:
            lines.append(f"  {kib:8d} ({kib - before.get(site, 0):+d})  {count:8d}  {site}")
    return "\n".join(lines)
