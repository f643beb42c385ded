"""Fault-injection run, full form: ~2,000 stories at a fixed rate, five SIGKILLs of the
worker at random moments (each restarted), one broker restart, two workers sharing the
partitions for part of the run, a graceful SIGTERM mid-batch at the end; then the
verifier reads every output topic from the beginning.

    .venv/bin/python bench/faults.py                      # the full run (~8 minutes)
    .venv/bin/python bench/faults.py --stories 300 --kills 2 --no-broker-restart

Starts its own broker on free ports under a temp state dir (the jar cache is shared) and
stops it, and every worker, at the end. Exit code 0 when the verifier found nothing
wrong. See docs/reliability.md for what is checked and the last results.
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

from bench.faultlib import FaultPlan, FaultRun, format_table, summary_rows  # noqa: E402
from stream.local.broker import LocalBroker, free_port  # noqa: E402
from stream.settings import Settings  # noqa: E402
from stream.testing import isolated_settings  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--stories", type=int, default=2000, help="corpus size (before copies)")
    p.add_argument("--rate", type=float, default=12.0, help="stories per second")
    p.add_argument("--kills", type=int, default=5, help="SIGKILL + restart cycles")
    p.add_argument("--partitions", type=int, default=4, help="partitions of wire.raw etc.")
    p.add_argument("--no-broker-restart", action="store_true")
    p.add_argument("--no-two-workers", action="store_true")
    p.add_argument("--no-offline-check", action="store_true", help="skip the offline parity")
    p.add_argument("--seed", type=int, default=606)
    p.add_argument("--keep", action="store_true", help="keep the temp dir (logs) afterwards")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    workdir = Path(tempfile.mkdtemp(prefix="wirestream-faults-"))
    broker = LocalBroker(
        workdir / "broker",
        port=free_port(),
        controller_port=free_port(),
        libs_dir=Settings().local.state_dir / "kafka-libs",
        message_max_bytes=Settings().limits.max_message_bytes,
        # Not die_with_parent: the restart runs in a worker thread, and Linux would tie
        # the broker's life to that thread. The finally below stops it instead.
    )
    plan = FaultPlan(
        stories=args.stories,
        rate=args.rate,
        kills=args.kills,
        broker_restart=not args.no_broker_restart,
        two_workers=not args.no_two_workers,
        seed=args.seed,
        offline_check=not args.no_offline_check,
    )
    started = time.monotonic()
    try:
        broker.start(timeout=180.0)
        settings = isolated_settings(broker, workdir / "state", partitions=args.partitions)
        result = asyncio.run(FaultRun(plan, broker, settings, workdir).run())
    finally:
        broker.stop(timeout=30.0)
    print()
    print("\n".join(result.flog.events))
    print()
    print(format_table(summary_rows(result, plan)))
    print(f"\nverdict: {'PASS' if result.verification.ok else 'FAIL'} "
          f"in {time.monotonic() - started:.0f}s; logs in {workdir}")  # fmt: skip
    if not args.keep and result.verification.ok:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if result.verification.ok else 1


if __name__ == "__main__":
    sys.exit(main())
