"""Fault injection, short form: the driver and verifier of ``bench/faults.py`` on ~150
stories with two SIGKILLs and a graceful SIGTERM, against the session broker.

The full run (2,000 stories, five SIGKILLs, a broker restart, two workers) is
``.venv/bin/python bench/faults.py``; see docs/reliability.md. The broker is not
restarted here: it is shared by the whole test session and tied to pytest's main thread.
No timing is asserted: only that nothing is lost, nothing contradicts itself, and the
worker agrees with ``wirestream process``.
"""

from __future__ import annotations

import asyncio

import pytest

from bench.faultlib import FaultPlan, FaultRun, format_table, summary_rows
from tests.integration.harness import isolated_settings

pytestmark = pytest.mark.integration


@pytest.mark.timeout(420)
def test_kill_loop_loses_nothing_and_agrees_with_offline(kafka_broker, tmp_path):
    settings = isolated_settings(kafka_broker, tmp_path / "state", partitions=2)
    plan = FaultPlan(
        stories=150,
        rate=6.0,
        kills=2,
        broker_restart=False,
        two_workers=False,
        graceful_stop=True,
        burst=24,
        seed=651,
        drain_timeout=150.0,
    )
    result = asyncio.run(FaultRun(plan, kafka_broker, settings, tmp_path).run())
    report = format_table(summary_rows(result, plan)) + "\n" + "\n".join(result.flog.events)
    print(report)  # shown with -s, and on failure
    v = result.verification

    assert v.stories_in == len(result.sent) > plan.stories, report
    assert v.lost == [], report
    assert v.conflicting_verdicts == [], report
    assert v.published_and_suppressed == [], report
    assert v.re_emissions_differing == [], report
    assert v.crash_copy_checks > 0 and v.crash_copy_failures == [], report
    assert v.offline_compared == v.accounted and v.verdict_mismatches == [], report
    assert result.flog.unexpected_exits == 0, report
    assert result.flog.graceful_exit_code == 0, report
