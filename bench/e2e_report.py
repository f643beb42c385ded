"""bench_e2e's printed results: the table, the scaling ratios and the soak summary.

Why a module of its own: pure formatting of the result dicts, no broker or worker."""

from __future__ import annotations

import os
import statistics
from typing import Any


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


#: Span of the soak's start and end medians (seconds).
SPAN_S = 180.0


def table(results: list[dict[str, Any]]) -> str:
    head = ("workers", "phase", "rate/s", "stories", "stories/s", "p50 s", "p99 s", "max s",
            "RSS MiB max", "lag max")  # fmt: skip
    rows = [head]
    for r in results:
        rows.append((
            str(r["workers"]), r["phase"], "max" if r["rate"] is None else f"{r['rate']:g}",
            str(r["stories"]) + ("" if r["complete"] else " (incomplete)"),
            f"{r['throughput']:.1f}", f"{r['p50_s']:.2f}", f"{r['p99_s']:.2f}",
            f"{r['max_s']:.2f}", str(r["rss_mib_max"]), str(r["lag_max"]),
        ))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
             for row in rows]  # fmt: skip
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines)


def scaling(results: list[dict[str, Any]]) -> str:
    """Max-rate throughput per worker count as a ratio to the first count, same run.

    The ratio, not the absolute figure, is the result on a shared machine: every count
    saw the same neighbours within minutes of each other."""
    peak = [r for r in results if r["phase"] == "max"]
    if not peak:
        return ""
    base = peak[0]["throughput"] or float("nan")
    parts = [f"{r['workers']} worker(s) {r['throughput']:.1f}/s = {r['throughput'] / base:.2f}x "
             f"(worker CPU {r['worker_cpu_s_per_story']:.3f} s/story, "
             f"{r['worker_cores_busy']:.2f} cores busy, load {r['loadavg_1m']:.1f} "
             f"on {os.cpu_count()} cores)" for r in peak]  # fmt: skip
    return f"scaling (ratio to {peak[0]['workers']} worker(s), same run): " + "; ".join(parts)


def soak_summary(r: dict[str, Any], warmup_s: float) -> str:
    """RSS at the start, after the warm-up (the window full) and at the end, the growth
    from warm-up to end, and a timeline of RSS and the per-state sizes."""
    samples = [(t, kib, state) for t, kib, _, state in r["samples"] if kib]
    settled = [s for s in samples if s[0] >= warmup_s] or samples
    start, base, end = samples[0][1], settled[0][1], settled[-1][1]
    peak = max(kib for _, kib, _ in settled)
    growth = (end - base) / base * 100
    # One 15-s sample swings by tens of MiB with the enrich batches: the medians of the
    # first and the last SPAN_S of the settled part say the trend without that noise.
    head = [k for t, k, _ in settled if t < settled[0][0] + SPAN_S]
    tail = [k for t, k, _ in settled if t > settled[-1][0] - SPAN_S]
    first, last = statistics.median(head), statistics.median(tail)
    lines = [
        f"soak: {r['stories']} stories at {r['rate']:g}/s over {samples[-1][0] / 60:.1f} min, "
        f"p50 {r['p50_s']:.2f}s p99 {r['p99_s']:.2f}s; worker RSS start {start / 1024:.0f} "
        f"MiB, after {warmup_s / 60:g} min warm-up {base / 1024:.0f} MiB -> end "
        f"{end / 1024:.0f} MiB (peak {peak / 1024:.0f} MiB): growth {growth:+.1f}%",
        f"soak: median RSS of the first {SPAN_S / 60:g} min after the warm-up "
        f"{first / 1024:.0f} MiB -> of the last {SPAN_S / 60:g} min {last / 1024:.0f} MiB: "
        f"growth {(last - first) / first * 100:+.1f}%; floor (min) {min(head) / 1024:.0f} -> "
        f"{min(tail) / 1024:.0f} MiB: {(min(tail) - min(head)) / min(head) * 100:+.1f}%",
        f"soak: least-squares trend after the warm-up {trend(settled):+.2f} MiB/min "
        f"({trend(settled) * (settled[-1][0] - settled[0][0]) / 60 / (first / 1024) * 100:+.1f}%"
        " of the first median over the span)",
        "  min    RSS MiB  anon   file   index  events  book",
    ]
    picked = samples[:: max(1, len(samples) // 12)]
    if picked[-1] is not samples[-1]:
        picked.append(samples[-1])
    lines += [soak_line(t, kib, state) for t, kib, state in picked]
    return "\n".join(lines)


def trend(samples: list[tuple[float, int, Any]]) -> float:
    """Least-squares slope of RSS over time, MiB per minute: every sample counts, so
    neither one high batch nor one low one decides it."""
    ts = [t / 60 for t, _, _ in samples]
    ys = [kib / 1024 for _, kib, _ in samples]
    if len(ts) < 2:
        return 0.0
    mt, my = statistics.fmean(ts), statistics.fmean(ys)
    var = sum((t - mt) ** 2 for t in ts)
    return sum((t - mt) * (y - my) for t, y in zip(ts, ys, strict=True)) / var if var else 0.0


def soak_line(t: float, kib: int, state: dict[str, float]) -> str:
    def mib(name: str) -> str:
        return f"{state[name] / 1024:6.0f}" if name in state else "     -"

    def count(name: str) -> str:
        return f"{state[name]:7.0f}" if name in state else "      -"

    return (
        f"  {t / 60:5.1f}  {kib / 1024:7.0f}  {mib('anon_kib')} {mib('file_kib')} "
        f"{count('index')} {count('events')} {count('book')}"
    )
