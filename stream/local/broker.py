"""Embedded single-node Apache Kafka broker (KRaft) for development and tests.

Why this exists: the machines this project runs on have Java and Maven but no Docker, so
the broker is the official Apache Kafka server jars (fetched once from Maven Central by
``deploy/kafka/pom.xml``) launched as a plain ``java`` process.  Everything it writes
(config, KRaft metadata, topic data, logs, pid file) lives under
``<state_dir>/kafka/<port>/`` so several brokers on different ports never collide, and
the jar cache ``<state_dir>/kafka-libs/<version>/`` is shared by all of them.

Only the standard library is used: the readiness probe speaks the Kafka wire protocol
(a Metadata v4 request) itself, so this module works without any Kafka client installed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import struct
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stream.local.config import new_cluster_id, render_log4j_config, render_server_properties
from stream.local.errors import BrokerError
from stream.local.jars import KAFKA_VERSION, POM_PATH, fetch_jars
from stream.local.probe import port_open, probe_metadata
from stream.local.process import (
    argv_of,
    file_lock,
    free_port,
    log_tail,
    pid_alive,
    signal_when_parent_dies,
)

if TYPE_CHECKING:
    from stream.local.security import SecureListener
    from stream.settings import Settings

__all__ = [
    "KAFKA_VERSION",
    "POM_PATH",
    "BrokerError",
    "BrokerStatus",
    "LocalBroker",
    "free_port",
    "probe_metadata",
    "render_log4j_config",
    "render_server_properties",
]

#: JVM flags: a small heap (the machines have 2 cores and the broker shares them with the
#: workers and tests) and Kafka's own GC defaults from ``kafka-run-class.sh``.
DEFAULT_JVM_OPTS: tuple[str, ...] = (
    "-Xms128m",
    "-Xmx512m",
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent",
    "-Djava.awt.headless=true",
)


@dataclass
class BrokerStatus:
    """Snapshot of the local broker: is our process alive, and does it answer Kafka?"""

    running: bool
    pid: int | None
    reachable: bool
    bootstrap: str
    version: str
    detail: str


class LocalBroker:
    """One single-node KRaft Kafka broker, owned through a pid file under ``state_dir``.

    The process is started detached (own session) so it outlives the Python process that
    started it (``wirestream broker start`` then exit); any later ``LocalBroker`` with the
    same ``state_dir`` and ``port`` finds it again via the pid file.
    """

    def __init__(
        self,
        state_dir: Path,
        port: int = 9092,
        controller_port: int = 9093,
        host: str = "127.0.0.1",
        version: str = KAFKA_VERSION,
        *,
        libs_dir: Path | None = None,
        jvm_opts: tuple[str, ...] = DEFAULT_JVM_OPTS,
        die_with_parent: bool = False,
        message_max_bytes: int | None = None,
        secure: SecureListener | None = None,
        node_id: int = 1,
        quorum_voters: str | None = None,
        cluster_id: str | None = None,
        replication: int = 1,
    ) -> None:
        if port == controller_port:
            raise ValueError("port and controller_port must differ")
        # Absolute, because the pid check matches this path in /proc/<pid>/cmdline.
        self.state_dir = Path(state_dir).absolute()
        self.port = port
        self.controller_port = controller_port
        self.host = host
        self.version = version
        self.jvm_opts = jvm_opts
        # Test sessions set this so a killed pytest cannot leak a detached JVM.  Linux
        # ties it to the *thread* that calls start(): only use it from the main thread.
        self.die_with_parent = die_with_parent
        # Pass settings.limits.max_message_bytes here; None keeps Kafka's ~1 MiB default.
        self.message_max_bytes = message_max_bytes
        # An optional SASL_SSL listener beside the loopback PLAINTEXT one (which the
        # readiness probe and the controller keep using).
        self.secure = secure
        # Cluster membership (stream.local.cluster sets these; alone: defaults).
        self.node_id = node_id
        self.quorum_voters = quorum_voters
        self.cluster_id = cluster_id
        self.replication = replication
        # Jars can be shared across state dirs (tests use a temp state dir but the
        # project's jar cache, so they are downloaded once per machine).
        self.libs_root = (
            Path(libs_dir).absolute() if libs_dir is not None else self.state_dir / "kafka-libs"
        )
        self.home = self.state_dir / "kafka" / str(port)
        self._proc: subprocess.Popen[bytes] | None = None

    # --- paths ---------------------------------------------------------------------------
    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> LocalBroker:
        """The local broker the settings describe (ports, state dir, message size)."""
        return cls(
            settings.local.state_dir,
            port=settings.local.broker_port,
            controller_port=settings.local.controller_port,
            message_max_bytes=settings.limits.max_message_bytes,
            **kwargs,
        )

    @property
    def bootstrap(self) -> str:
        """``host:port`` for Kafka clients."""
        return f"{self.host}:{self.port}"

    @property
    def secure_bootstrap(self) -> str | None:
        """``host:port`` of the SASL_SSL listener, if there is one."""
        return f"{self.host}:{self.secure.port}" if self.secure is not None else None

    @property
    def jars_dir(self) -> Path:
        return self.libs_root / self.version

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def log_dir(self) -> Path:
        return self.home / "logs"

    @property
    def config_path(self) -> Path:
        return self.home / "server.properties"

    @property
    def log4j_path(self) -> Path:
        return self.home / "log4j2.properties"

    @property
    def pid_path(self) -> Path:
        return self.home / "broker.pid"

    @property
    def console_log(self) -> Path:
        """JVM stdout/stderr (crashes before log4j is up end here)."""
        return self.log_dir / "console.log"

    @property
    def server_log(self) -> Path:
        return self.log_dir / "server.log"

    # --- jars ----------------------------------------------------------------------------
    def ensure_jars(self) -> Path:
        """Fetch the broker jars with Maven unless already cached; return their directory."""
        return fetch_jars(self.libs_root, self.version)

    # --- process ---------------------------------------------------------------------------
    def _java(self) -> str:
        java_home = os.environ.get("JAVA_HOME")
        if java_home and (Path(java_home) / "bin" / "java").exists():
            return str(Path(java_home) / "bin" / "java")
        java = shutil.which("java")
        if java is None:
            raise BrokerError("Java ('java', 17+) is not on PATH and JAVA_HOME is not set.")
        return java

    def _classpath(self) -> str:
        return str(self.jars_dir / "*")

    def _read_pid(self) -> int | None:
        try:
            return int(self.pid_path.read_text().split()[0])
        except (FileNotFoundError, ValueError, IndexError):
            return None

    def _is_ours(self, pid: int) -> bool:
        """The pid is alive and is the java process running *this* broker's config.

        Guards against pid reuse: a stale pid file must never make us signal a stranger.
        """
        return pid_alive(pid) and str(self.config_path) in argv_of(pid)

    def _running_pid(self) -> int | None:
        if self._proc is not None and self._proc.poll() is not None:
            self._proc = None  # reaped: it exited on its own
        pid = self._read_pid()
        if pid is not None and self._is_ours(pid):
            return pid
        return None

    def write_config(self) -> None:
        """(Re)write server.properties and the log4j2 config for the current ports."""
        self.home.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(
            render_server_properties(
                host=self.host,
                port=self.port,
                controller_port=self.controller_port,
                data_dir=self.data_dir,
                message_max_bytes=self.message_max_bytes,
                secure=self.secure,
                node_id=self.node_id,
                quorum_voters=self.quorum_voters,
                replication=self.replication,
            )
        )
        self.log4j_path.write_text(render_log4j_config(self.log_dir))

    def _jvm_command(self, main: str, *args: str) -> list[str]:
        return [
            self._java(),
            *self.jvm_opts,
            f"-Dlog4j2.configurationFile={self.log4j_path}",
            f"-Dkafka.logs.dir={self.log_dir}",
            "-cp",
            self._classpath(),
            main,
            *args,
        ]

    def format_storage(self) -> bool:
        """Format the KRaft metadata log once; return True if it formatted now."""
        if (self.data_dir / "meta.properties").exists():
            return False
        cmd = self._jvm_command(
            "kafka.tools.StorageTool",
            "format",
            "--ignore-formatted",
            "--cluster-id",
            self.cluster_id or new_cluster_id(),
            "--config",
            str(self.config_path),
            *(self.secure.format_args() if self.secure is not None else ()),
        )
        result = subprocess.run(
            cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()
            raise BrokerError(
                f"kafka-storage format failed (exit {result.returncode}):\n"
                + (self.secure.redact(output) if self.secure is not None else output)
            )
        return True

    def start(self, timeout: float = 90.0, *, wait: bool = True) -> BrokerStatus:
        """Start the broker (fetching/formatting as needed) and wait until it serves.

        Idempotent: if our broker already runs, just wait for it to be reachable.  If
        the broker does not come up within ``timeout`` it is stopped again and the log
        tail is raised, so a failed start never leaves a half-started JVM behind.
        ``wait=False`` only launches: a cluster node cannot serve before a quorum of its
        peers runs, so ``stream.local.cluster`` launches them all, then waits.
        """
        deadline = time.monotonic() + timeout
        with file_lock(self.home / ".lock"):
            pid = self._running_pid()
            if pid is None:
                self._check_ports_free()
                self.ensure_jars()
                self.write_config()
                self.format_storage()
                pid = self._launch()
        if not wait:
            return self.status(probe_timeout=0.2)
        while True:
            status = self.status(probe_timeout=1.0)
            if status.reachable:
                return status
            if not status.running:
                self.pid_path.unlink(missing_ok=True)
                raise BrokerError(
                    f"Kafka broker exited during start-up.\n--- {self.console_log} ---\n"
                    f"{log_tail(self.console_log)}\n--- {self.server_log} ---\n"
                    f"{log_tail(self.server_log)}"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise BrokerError(
                    f"Kafka broker (pid {pid}) did not answer on {self.bootstrap} within "
                    f"{timeout:.0f}s.\n--- {self.server_log} ---\n{log_tail(self.server_log)}"
                )
            time.sleep(0.2)

    def _check_ports_free(self) -> None:
        extra = (self.secure.port,) if self.secure is not None else ()
        for port in (self.port, self.controller_port, *extra):
            if port_open(self.host, port):
                raise BrokerError(
                    f"{self.host}:{port} is already in use by a process this LocalBroker "
                    f"did not start (no live pid in {self.pid_path})."
                )

    def _launch(self) -> int:
        cmd = self._jvm_command("kafka.Kafka", str(self.config_path))
        with self.console_log.open("ab") as console:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                cwd=self.home,
                start_new_session=True,  # own process group: no terminal Ctrl-C/SIGHUP
                close_fds=True,
                preexec_fn=signal_when_parent_dies if self.die_with_parent else None,
            )
        self._proc = proc
        self.pid_path.write_text(f"{proc.pid}\n")
        return proc.pid

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop our broker: SIGTERM (clean KRaft shutdown), SIGKILL after ``timeout``.

        Only the pid from our pid file is signalled, and only after checking that it is
        still the java process running this broker's config.  Returns True if a running
        broker was stopped, False if there was none.
        """
        pid = self._running_pid()
        if pid is None:
            self.pid_path.unlink(missing_ok=True)
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        if not self._wait_exit(pid, timeout):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            if not self._wait_exit(pid, 10.0):
                raise BrokerError(f"Kafka broker pid {pid} survived SIGKILL")
        self.pid_path.unlink(missing_ok=True)
        # The listening sockets die with the process; wait until the port really is free
        # so a following start (or test) does not race the kernel.
        end = time.monotonic() + 5.0
        while port_open(self.host, self.port, 0.2) and time.monotonic() < end:
            time.sleep(0.05)
        return True

    def kill(self) -> bool:
        """SIGKILL our broker (a crash: no clean shutdown); True if one was running."""
        pid = self._running_pid()
        if pid is None:
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        if not self._wait_exit(pid, 10.0):
            raise BrokerError(f"Kafka broker pid {pid} survived SIGKILL")
        self.pid_path.unlink(missing_ok=True)
        return True

    def _wait_exit(self, pid: int, timeout: float) -> bool:
        proc = self._proc if self._proc is not None and self._proc.pid == pid else None
        if proc is not None:
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                return False
            self._proc = None
            return True
        end = time.monotonic() + timeout
        while pid_alive(pid):
            if time.monotonic() > end:
                return False
            time.sleep(0.1)
        return True

    def status(self, probe_timeout: float = 2.0) -> BrokerStatus:
        """Whether our process runs and whether the port answers a Metadata request."""
        pid = self._running_pid()
        reachable = False
        detail: str
        try:
            brokers, cluster_id = probe_metadata(self.host, self.port, timeout=probe_timeout)
            reachable = brokers > 0
            detail = f"{brokers} broker(s), cluster {cluster_id}"
        except (OSError, struct.error) as exc:
            detail = f"no Kafka answer on {self.bootstrap}: {exc}"
        if pid is None and reachable:
            detail += " (served by a process this LocalBroker did not start)"
        elif pid is not None:
            detail = f"pid {pid}; {detail}; logs in {self.log_dir}"
        else:
            detail = f"not running; {detail}"
        return BrokerStatus(
            running=pid is not None,
            pid=pid,
            reachable=reachable,
            bootstrap=self.bootstrap,
            version=self.version,
            detail=detail,
        )
