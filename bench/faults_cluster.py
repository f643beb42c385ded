"""Fault-injection run on a three-node KRaft cluster (replication factor 3, min ISR 2,
acks=all), with three workers: while stories stream at a fixed rate, SIGKILL the node
leading the dedup partition and bring it back, SIGKILL the worker that owns the dedup
partition, stop one node for good, SIGKILL (and restart) workers; a graceful SIGTERM at
the end; then the verifier of bench/faults.py reads every output topic back.

    .venv/bin/python bench/faults_cluster.py                   # the full run (~10 minutes)
    .venv/bin/python bench/faults_cluster.py --stories 300 --kills 1

Starts its own cluster on free ports under a temp state dir (the jar cache is shared)
and stops it, and every worker, at the end. Exit code 0 when the verifier found nothing
wrong. Results and what each row means: docs/reliability.md.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench.faultlib
    sys.path.insert(0, str(ROOT))

from bench.faultlib import format_table, summary_rows  # noqa: E402
from bench.faultlib.cluster import (  # noqa: E402
    ClusterFaultRun,
    ClusterPlan,
    cluster_settings,
    recovery,
    recovery_rows,
)
from stream.local.cluster import LocalCluster  # noqa: E402
from stream.settings import Settings  # noqa: E402

#: Three nodes: replication factor 3 with min ISR 2 tolerates one node down.
NODES = 3


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--stories", type=int, default=1500, help="corpus size (before copies)")
    p.add_argument("--rate", type=float, default=8.0, help="stories per second")
    p.add_argument("--kills", type=int, default=2, help="random worker SIGKILL + restarts")
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--partitions", type=int, default=4, help="partitions of wire.raw etc.")
    p.add_argument("--no-offline-check", action="store_true", help="skip the offline parity")
    p.add_argument("--seed", type=int, default=1212)
    p.add_argument("--keep", action="store_true", help="keep the temp dir (logs) afterwards")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    workdir = Path(tempfile.mkdtemp(prefix="wirestream-cluster-faults-"))
    defaults = Settings()
    cluster = LocalCluster.on_free_ports(
        workdir / "cluster",
        NODES,
        libs_dir=defaults.local.state_dir / "kafka-libs",
        message_max_bytes=defaults.limits.max_message_bytes,
        die_with_parent=True,  # nodes are forked from the cluster's own long-lived thread
    )
    plan = ClusterPlan(
        stories=args.stories,
        rate=args.rate,
        kills=args.kills,
        workers=args.workers,
        seed=args.seed,
        offline_check=not args.no_offline_check,
    )
    started = time.monotonic()
    try:
        cluster.start(timeout=180.0)
        settings = cluster_settings(cluster, workdir / "state", partitions=args.partitions)
        run = ClusterFaultRun(plan, cluster, settings, workdir)
        result = asyncio.run(run.run())
        rec = asyncio.run(recovery(run, settings))
    finally:
        cluster.stop(timeout=30.0)
    print()
    print("\n".join(result.flog.events))
    print()
    rows = [("plan", plan.describe()), *summary_rows(result, plan)[1:], *recovery_rows(rec)]
    print(format_table(rows))
    print(f"\nverdict: {'PASS' if result.verification.ok else 'FAIL'} "
          f"in {time.monotonic() - started:.0f}s; logs in {workdir}")  # fmt: skip
    if not args.keep and result.verification.ok:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if result.verification.ok else 1


if __name__ == "__main__":
    sys.exit(main())
