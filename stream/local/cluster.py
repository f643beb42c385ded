"""A local KRaft cluster of several Apache Kafka nodes on loopback, for tests and faults.

Each node is a :class:`stream.local.broker.LocalBroker`: its own JVM, data dir, broker port and
controller port, all under one ``state_dir``. Every node has both roles (broker and
controller) and every node is a voter of the KRaft quorum. Why combined roles: with
three nodes the metadata quorum survives one node down (2 of 3 voters), exactly as the
data does with replication factor 3 and ``min.insync.replicas=2``, so *any* node may be
SIGKILLed or stopped for good. One dedicated controller plus three brokers would make
that controller a single point of failure the faults could not hit, and three
controllers plus three brokers would be six JVMs on a 2-core machine.

Nodes are launched (and relaunched after a fault) from one long-lived thread of ours:
``die_with_parent`` ties a JVM to the *thread* that forked it (Linux ``PR_SET_PDEATHSIG``),
so forking from short-lived pool threads would kill a restarted node at random.
"""

from __future__ import annotations

import contextlib
import struct
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stream.local.broker import (
    DEFAULT_JVM_OPTS,
    BrokerError,
    BrokerStatus,
    LocalBroker,
    free_port,
    log_tail,
    new_cluster_id,
    probe_metadata,
)

if TYPE_CHECKING:
    from stream.settings import Settings

__all__ = ["LocalCluster", "cluster_ports"]


def cluster_ports(broker_port: int, controller_port: int, nodes: int) -> list[tuple[int, int]]:
    """(broker, controller) ports of ``nodes`` nodes from the first node's pair: each next
    node takes the pair two above the previous (9092/9093, 9094/9095, 9096/9097)."""
    ports = [(broker_port + 2 * i, controller_port + 2 * i) for i in range(nodes)]
    flat = [p for pair in ports for p in pair]
    if len(set(flat)) != len(flat):
        raise ValueError(f"cluster ports collide: {ports}; choose ports further apart")
    return ports


class LocalCluster:
    """``len(ports)`` combined broker+controller nodes; node ids are 1..n."""

    def __init__(
        self,
        state_dir: Path,
        ports: list[tuple[int, int]],
        host: str = "127.0.0.1",
        *,
        libs_dir: Path | None = None,
        jvm_opts: tuple[str, ...] = DEFAULT_JVM_OPTS,
        die_with_parent: bool = False,
        message_max_bytes: int | None = None,
    ) -> None:
        if not ports:
            raise ValueError("a cluster needs at least one node")
        self.state_dir = Path(state_dir).absolute()
        self.host = host
        voters = ",".join(f"{i}@{host}:{c}" for i, (_, c) in enumerate(ports, start=1))
        cluster_id = self._cluster_id()
        self.nodes: dict[int, LocalBroker] = {
            i: LocalBroker(
                self.state_dir,
                port=p,
                controller_port=c,
                host=host,
                libs_dir=libs_dir,
                jvm_opts=jvm_opts,
                die_with_parent=die_with_parent,
                message_max_bytes=message_max_bytes,
                node_id=i,
                quorum_voters=voters,
                cluster_id=cluster_id,
                replication=len(ports),
            )
            for i, (p, c) in enumerate(ports, start=1)
        }
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="kafka-spawner")

    # --- construction ----------------------------------------------------------------
    @classmethod
    def from_settings(cls, settings: Settings, nodes: int, **kwargs: Any) -> LocalCluster:
        """The cluster ``wirestream broker start --nodes N`` runs (see ``cluster_ports``)."""
        ports = cluster_ports(settings.local.broker_port, settings.local.controller_port, nodes)
        return cls(
            settings.local.state_dir,
            ports,
            message_max_bytes=settings.limits.max_message_bytes,
            **kwargs,
        )

    @classmethod
    def on_free_ports(cls, state_dir: Path, nodes: int, **kwargs: Any) -> LocalCluster:
        """A cluster on ports the OS says are free (tests, benchmarks)."""
        return cls(state_dir, [(free_port(), free_port()) for _ in range(nodes)], **kwargs)

    def _cluster_id(self) -> str:
        """One id for all nodes, kept on disk so a node whose data dir is new (or a later
        ``broker start``) formats into the same cluster."""
        path = self.state_dir / "kafka" / "cluster.id"
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        cluster_id = new_cluster_id()
        path.write_text(cluster_id + "\n")
        return cluster_id

    # --- views -------------------------------------------------------------------------
    @property
    def bootstrap(self) -> str:
        """``host:port,...`` of every node, for Kafka clients."""
        return ",".join(node.bootstrap for node in self.nodes.values())

    @property
    def port(self) -> int:
        """The first node's broker port (what ``settings.local.broker_port`` describes)."""
        return self.nodes[1].port

    @property
    def controller_port(self) -> int:
        return self.nodes[1].controller_port

    def status(self) -> list[BrokerStatus]:
        return [node.status(probe_timeout=1.0) for node in self.nodes.values()]

    def running(self) -> list[int]:
        """Ids of the nodes whose process runs."""
        return [i for i, node in self.nodes.items() if node.status(0.2).running]

    # --- lifecycle -----------------------------------------------------------------------
    def _launch(self, node: LocalBroker) -> None:
        self._spawner.submit(node.start, 1.0, wait=False).result()

    def start(self, timeout: float = 180.0) -> list[BrokerStatus]:
        """Launch every node that is not running, then wait until each one answers and
        sees all running nodes registered. A failed start stops every node again."""
        deadline = time.monotonic() + timeout
        first = next(iter(self.nodes.values()))
        first.ensure_jars()  # once, before the parallel launches
        try:
            for node in self.nodes.values():
                self._launch(node)
            for node in self.nodes.values():
                self._wait_serving(node, deadline, len(self.nodes))
        except BaseException:
            self.stop()
            raise
        return self.status()

    def start_node(self, node_id: int, timeout: float = 120.0) -> BrokerStatus:
        """(Re)start one node, e.g. after ``kill_node``; wait until it serves again."""
        node = self.nodes[node_id]
        self._launch(node)
        self._wait_serving(node, time.monotonic() + timeout, 1)
        return node.status()

    def kill_node(self, node_id: int) -> bool:
        """SIGKILL one node: a crash, no controlled shutdown."""
        return self.nodes[node_id].kill()

    def stop_node(self, node_id: int, timeout: float = 30.0) -> bool:
        """Clean stop (SIGTERM, controlled shutdown) of one node."""
        return self.nodes[node_id].stop(timeout=timeout)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop every node, all at once (one by one, the last ones would wait for a quorum
        that is already gone); SIGKILL after ``timeout``. Always leaves no JVM behind."""
        with ThreadPoolExecutor(len(self.nodes)) as pool:
            futures = [pool.submit(node.stop, timeout) for node in self.nodes.values()]
        errors = [f.exception() for f in futures if f.exception() is not None]
        self._spawner.shutdown(wait=True)
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="kafka-spawner")
        if errors:
            raise BrokerError("; ".join(map(str, errors)))

    def _wait_serving(self, node: LocalBroker, deadline: float, brokers: int) -> None:
        while True:
            status = node.status(probe_timeout=1.0)
            if not status.running:
                raise BrokerError(
                    f"Kafka node {node.node_id} exited during start-up.\n"
                    f"--- {node.console_log} ---\n{log_tail(node.console_log)}\n"
                    f"--- {node.server_log} ---\n{log_tail(node.server_log)}"
                )
            with contextlib.suppress(OSError, struct.error):
                seen, _ = probe_metadata(node.host, node.port, timeout=1.0)
                if seen >= brokers:
                    return
            if time.monotonic() > deadline:
                raise BrokerError(
                    f"Kafka node {node.node_id} did not serve on {node.bootstrap} with "
                    f"{brokers} broker(s) registered in time.\n--- {node.server_log} ---\n"
                    f"{log_tail(node.server_log)}"
                )
            time.sleep(0.3)
