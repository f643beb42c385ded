"""The local cluster's configuration and the replication settings (no JVM needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from stream.local.broker import render_server_properties
from stream.local.cluster import LocalCluster, cluster_ports
from stream.settings import Settings


def _props(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_single_node_keeps_replication_one(tmp_path: Path) -> None:
    props = _props(render_server_properties(
        host="127.0.0.1", port=1, controller_port=2, data_dir=tmp_path))  # fmt: skip
    assert props["controller.quorum.voters"] == "1@127.0.0.1:2"
    for key in ("default.replication.factor", "offsets.topic.replication.factor",
                "min.insync.replicas", "transaction.state.log.min.isr"):  # fmt: skip
        assert props[key] == "1", key


def test_cluster_nodes_share_voters_and_id_and_replicate_internal_topics(tmp_path: Path) -> None:
    ports = [(20001, 20002), (20003, 20004), (20005, 20006)]
    cluster = LocalCluster(tmp_path, ports)
    try:
        for node in cluster.nodes.values():
            node.write_config()
        props = {i: _props(n.config_path.read_text()) for i, n in cluster.nodes.items()}
    finally:
        cluster.stop()
    voters = "1@127.0.0.1:20002,2@127.0.0.1:20004,3@127.0.0.1:20006"
    assert {p["controller.quorum.voters"] for p in props.values()} == {voters}
    assert [p["node.id"] for p in props.values()] == ["1", "2", "3"]
    assert [p["listeners"] for p in props.values()] == [
        f"PLAINTEXT://127.0.0.1:{b},CONTROLLER://127.0.0.1:{c}" for b, c in ports
    ]
    assert len({p["log.dirs"] for p in props.values()}) == 3
    for p in props.values():
        assert p["process.roles"] == "broker,controller"
        assert p["default.replication.factor"] == p["offsets.topic.replication.factor"] == "3"
        assert p["min.insync.replicas"] == p["transaction.state.log.min.isr"] == "2"
    assert cluster.bootstrap == "127.0.0.1:20001,127.0.0.1:20003,127.0.0.1:20005"
    ids = {n.cluster_id for n in cluster.nodes.values()}
    assert len(ids) == 1 and None not in ids
    # A later cluster on the same state dir (a second `broker start`) keeps the id.
    assert {n.cluster_id for n in LocalCluster(tmp_path, ports).nodes.values()} == ids


def test_cluster_ports_step_by_two_and_refuse_collisions() -> None:
    assert cluster_ports(9092, 9093, 3) == [(9092, 9093), (9094, 9095), (9096, 9097)]
    with pytest.raises(ValueError, match="collide"):
        cluster_ports(9092, 9094, 2)


def test_clients_know_every_local_node_unless_broker_is_set() -> None:
    s = Settings(broker_nodes=3, broker_port=9200, replication_factor=3, min_insync_replicas=2)
    assert s.connection.bootstrap == "127.0.0.1:9200,127.0.0.1:9202,127.0.0.1:9204"
    assert (
        Settings(broker="kafka://a:1,kafka://b:2", broker_nodes=3).connection.bootstrap == "a:1,b:2"
    )


def test_min_insync_replicas_cannot_exceed_the_replication_factor() -> None:
    with pytest.raises(ValidationError, match="exceeds replication_factor"):
        Settings(replication_factor=2, min_insync_replicas=3)
