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
import ctypes
import fcntl
import os
import shutil
import signal
import socket
import struct
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stream.broker_config import new_cluster_id, render_log4j_config, render_server_properties
from stream.broker_probe import port_open, probe_metadata
from stream.errors import WirestreamError

if TYPE_CHECKING:
    from stream.broker_security import SecureListener
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

#: The one pinned broker release (see deploy/kafka/README.md for why this one).
KAFKA_VERSION = "4.3.1"

#: Maven project that lists the broker's runtime jars.
POM_PATH = Path(__file__).resolve().parent.parent / "deploy" / "kafka" / "pom.xml"

#: Written into a jar directory only after Maven finished, so half-done fetches are redone.
_JARS_COMPLETE = ".complete"

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


class BrokerError(WirestreamError, RuntimeError):
    """The local broker could not be fetched, formatted, started or stopped."""


@dataclass
class BrokerStatus:
    """Snapshot of the local broker: is our process alive, and does it answer Kafka?"""

    running: bool
    pid: int | None
    reachable: bool
    bootstrap: str
    version: str
    detail: str


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago (the OS picks it; racy but fine for tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _pid_alive(pid: int) -> bool:
    """True if ``pid`` exists and is not a zombie (a dead child nobody reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return False
    # Field 3 follows the parenthesised command name, which may itself contain spaces.
    state = stat.rsplit(")", 1)[-1].split()[0]
    return state not in ("Z", "X")


def _argv(pid: int) -> list[str]:
    """The process's argument vector from /proc (empty if gone or a zombie)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return []
    return [arg.decode("utf-8", "replace") for arg in raw.split(b"\0") if arg]


def log_tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _die_with_parent() -> None:  # pragma: no cover - runs in the forked child
    """preexec hook: ask Linux to SIGTERM the broker when its parent process dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Exclusive advisory lock, so parallel sessions don't fetch/format/start twice."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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
        # Pass Settings.max_message_bytes here; None keeps Kafka's ~1 MiB default.
        self.message_max_bytes = message_max_bytes
        # An optional SASL_SSL listener beside the loopback PLAINTEXT one (which the
        # readiness probe and the controller keep using).
        self.secure = secure
        # Cluster membership (stream.local_cluster sets these; alone: defaults).
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
            settings.state_dir,
            port=settings.broker_port,
            controller_port=settings.broker_controller_port,
            message_max_bytes=settings.max_message_bytes,
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
        """Fetch the broker jars with Maven unless already cached; return their directory.

        The download goes to a temp dir that is renamed into place only when Maven
        succeeded, so an interrupted fetch never leaves a half-filled cache behind.
        """
        target = self.jars_dir
        if (target / _JARS_COMPLETE).exists():
            return target
        with _file_lock(self.libs_root / f".{self.version}.lock"):
            if (target / _JARS_COMPLETE).exists():
                return target
            mvn = shutil.which("mvn")
            if mvn is None:
                raise BrokerError(
                    "Maven ('mvn') is not on PATH; it is needed once to fetch the Kafka "
                    f"{self.version} jars into {target} (apt-get install maven)."
                )
            if not POM_PATH.exists():
                raise BrokerError(f"missing {POM_PATH}")
            tmp = self.libs_root / f".{self.version}.tmp-{os.getpid()}"
            shutil.rmtree(tmp, ignore_errors=True)
            cmd = [
                mvn,
                "-q",
                "-B",
                "-f",
                str(POM_PATH),
                "dependency:copy-dependencies",
                f"-DoutputDirectory={tmp}",
                f"-Dkafka.version={self.version}",
            ]
            result = subprocess.run(
                cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
            )
            if result.returncode != 0 or not any(tmp.glob("kafka_2.13-*.jar")):
                shutil.rmtree(tmp, ignore_errors=True)
                output = (result.stdout + result.stderr).strip().splitlines()[-30:]
                raise BrokerError(
                    f"fetching Kafka {self.version} jars failed (exit {result.returncode}): "
                    + " ".join(cmd)
                    + "\n"
                    + "\n".join(output)
                )
            (tmp / _JARS_COMPLETE).write_text(self.version + "\n")
            shutil.rmtree(target, ignore_errors=True)
            tmp.rename(target)
        return target

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
        return _pid_alive(pid) and str(self.config_path) in _argv(pid)

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
        peers runs, so ``stream.local_cluster`` launches them all, then waits.
        """
        deadline = time.monotonic() + timeout
        with _file_lock(self.home / ".lock"):
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
                preexec_fn=_die_with_parent if self.die_with_parent else None,
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
        while _pid_alive(pid):
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
