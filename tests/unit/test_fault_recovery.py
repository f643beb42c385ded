"""The cluster fault suite's recovery arithmetic (bench/faultlib/cluster.py), no broker."""

from __future__ import annotations

import itertools

import pytest

from bench.faultlib.cluster import STALL_SECONDS, ClusterPlan, FaultMark, measure_recovery


def test_flows_again_is_the_end_of_the_last_stall_before_the_next_fault() -> None:
    a, b = FaultMark("leader-kill", 100.0), FaultMark("owner-kill", 200.0)
    # After a: output trickles (+0.5, +1), stops 10 s, flows, stops 4.5 s, flows again.
    stamps = [100.5, 101.0, *[111.0 + 0.5 * i for i in range(20)], 125.0, 125.5, 126.0]
    stamps += [200.2, 207.0, 207.5]  # b's own stall; not a's (its window ends at b)
    got = {m.event: m for m in measure_recovery([b, a], stamps)}
    assert got["leader-kill"].first_output_s == pytest.approx(0.5)
    assert got["leader-kill"].steady_s == pytest.approx(25.0)
    assert got["leader-kill"].longest_stall_s == pytest.approx(10.0)
    assert got["owner-kill"].first_output_s == pytest.approx(0.2)
    assert got["owner-kill"].steady_s == pytest.approx(7.0)
    assert got["owner-kill"].longest_stall_s == pytest.approx(6.8)


def test_no_stall_means_output_flowed_at_once_and_no_output_is_none() -> None:
    (got,) = measure_recovery([FaultMark("kill", 10.0)], [10.0 + 0.4 * i for i in range(1, 30)])
    assert got.steady_s == pytest.approx(0.4) and got.first_output_s == pytest.approx(0.4)
    assert got.longest_stall_s is not None and got.longest_stall_s < STALL_SECONDS
    (cut,) = measure_recovery([FaultMark("kill", 10.0)], [11.0, 30.0], until=20.0)
    assert cut.steady_s == pytest.approx(1.0)  # the gap to 30 s lies past the stream's end
    (none,) = measure_recovery([FaultMark("kill", 10.0)], [1.0, 2.0])
    assert none.first_output_s is None and none.steady_s is None


def test_schedule_spaces_the_node_faults_and_puts_kills_after_them() -> None:
    events = ClusterPlan(stories=1000, kills=2, seed=1212).schedule()
    names = [e for _, e in events]
    assert names[:3] == ["leader-kill", "owner-kill", "broker-down"]
    assert names.count("kill") == 2
    assert all(b - a > 0.04 for (a, _), (b, _) in itertools.pairwise(events))
    assert "owner-kill" not in [e for _, e in ClusterPlan(workers=1).schedule()]
