"""What bench_e2e reads off a running worker: /proc (RSS, CPU) and its /metrics page.

Why a module of its own: the benchmark's orchestration (broker, producers, phases) and
these read-only probes change for different reasons."""

from __future__ import annotations

import contextlib
import os
import urllib.request
from pathlib import Path

from stream.local.supervise import WorkerProcess


def proc_status(pid: int, *fields: str) -> dict[str, int]:
    """Fields of ``/proc/<pid>/status`` in KiB (psutil is not a dependency); {} if gone."""
    out: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name = line.split(":", 1)[0]
            if name in fields:
                out[name] = int(line.split()[1])
    except OSError:
        return {}
    return out


def rss_kib(pid: int) -> int | None:
    """VmRSS of ``pid`` in KiB."""
    return proc_status(pid, "VmRSS").get("VmRSS")


#: Seconds between two --mem-diag snapshots of the soak.
#: Per-state sizes the soak reads from the worker's /metrics at each sample (gauges).
STATE_GAUGES = {
    "wirestream_index_size": "index",  # stories in the dedup index (inside the window)
    "wirestream_open_clusters": "events",  # event clusters with a story in the window
    "wirestream_clusters_open": "book",  # cluster-book clusters not merged away
}


def scrape_state(worker: WorkerProcess) -> dict[str, float]:
    """The soak's per-state sizes (``STATE_GAUGES``) and the worker's anonymous and
    file-backed RSS (KiB): what grows, and whether it is heap or mapped files."""
    out: dict[str, float] = {}
    with contextlib.suppress(OSError):
        for line in worker.metrics_text().splitlines():
            name = line.split(" ", 1)[0]
            if name in STATE_GAUGES:
                out[STATE_GAUGES[name]] = float(line.rsplit(" ", 1)[1])
    if worker.proc:
        status = proc_status(worker.proc.pid, "RssAnon", "RssFile")
        out.update({"anon_kib": status.get("RssAnon", 0), "file_kib": status.get("RssFile", 0)})
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far, from /proc (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def scrape_lag(worker: WorkerProcess) -> int | None:
    """Sum of ``wirestream_consumer_lag`` over topics from the worker's /metrics."""
    url = f"http://127.0.0.1:{worker.settings.worker.web_port}/metrics"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            text = response.read().decode()
    except OSError:
        return None
    total = 0.0
    for line in text.splitlines():
        if line.startswith("wirestream_consumer_lag{"):
            total += float(line.rsplit(" ", 1)[1])
    return int(total)


def stage_seconds(workers: list[WorkerProcess]) -> dict[str, float]:
    """Mean seconds per story in each pipeline stage, summed over ``workers``' /metrics."""
    sums: dict[str, float] = {}
    counts: dict[str, float] = {}
    for worker in workers:
        try:
            text = worker.metrics_text()
        except OSError:
            continue
        for line in text.splitlines():
            for suffix, into in (("_sum{", sums), ("_count{", counts)):
                if line.startswith("wirestream_stage_seconds" + suffix):
                    stage = line.split('stage="', 1)[1].split('"', 1)[0]
                    into[stage] = into.get(stage, 0.0) + float(line.rsplit(" ", 1)[1])
    return {k: round(sums[k] / counts[k], 4) for k in sums if counts.get(k)}
