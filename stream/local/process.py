"""Process plumbing for local JVMs: ports, pid checks through /proc, parent-death signal.

Standard library only, so the local broker needs no Kafka client and no psutil.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

__all__ = ["argv_of", "file_lock", "free_port", "log_tail", "pid_alive", "signal_when_parent_dies"]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago (the OS picks it; racy but fine for tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def pid_alive(pid: int) -> bool:
    """True if ``pid`` exists and is not a zombie (a dead child nobody reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return False
    # Field 3 follows the parenthesised command name, which may itself contain spaces.
    state = stat.rsplit(")", 1)[-1].split()[0]
    return state not in ("Z", "X")


def argv_of(pid: int) -> list[str]:
    """The process's argument vector from /proc (empty if gone or a zombie)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return []
    return [arg.decode("utf-8", "replace") for arg in raw.split(b"\0") if arg]


def log_tail(path: Path, lines: int = 25) -> str:
    """The last ``lines`` of a child's log ("" when it has none or cannot be read)."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def signal_when_parent_dies() -> None:  # pragma: no cover - runs in the forked child
    """preexec hook: ask Linux to SIGTERM the broker when its parent process dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Exclusive advisory lock, so parallel sessions don't fetch/format/start twice."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
