"""Read stories from files: the replayer and the offline driver share this.

A folder of ``.txt`` files gives one story per file (story_id = file name stem, body =
file text); ``.jsonl`` files give one RawStory JSON object per line. Lines are yielded
as raw bytes, untouched, so malformed lines reach the pipeline and become dead letters.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path


def _txt_payload(path: Path) -> bytes:
    body = path.read_bytes().decode("utf-8", errors="replace")
    return json.dumps({"story_id": path.stem, "body": body}, ensure_ascii=False).encode("utf-8")


def _jsonl_lines(data: bytes) -> Iterator[bytes]:
    for line in data.splitlines():
        if line.strip():
            yield line


def iter_payloads(source: str | Path) -> Iterator[bytes]:
    """RawStory payloads from ``-`` (stdin JSON lines), a ``.jsonl`` file, a ``.txt`` file,
    or a folder of both (sorted by name, so replays are deterministic)."""
    if str(source) == "-":
        yield from _jsonl_lines(sys.stdin.buffer.read())
        return
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in {".txt", ".jsonl"})
    elif path.exists():
        files = [path]
    else:
        raise FileNotFoundError(f"no such file or folder: {path}")
    for file in files:
        if file.suffix == ".txt":
            yield _txt_payload(file)
        else:
            yield from _jsonl_lines(file.read_bytes())


def prepare(
    payload: bytes, round_no: int = 1, received_at: str | None = None
) -> tuple[bytes | None, bytes]:
    """``(key, value)`` for one send, parsing the payload once.

    Round 1 keeps the story_id; later rounds re-send the story under ``<id>~r<round>``,
    as a wire re-sends copies. ``received_at`` is set when given and the story lacks one.
    A payload that is not a JSON object is sent unchanged and unkeyed (it will be
    dead-lettered by the worker, as it should).
    """
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return None, payload
    if not isinstance(data, dict):
        return None, payload
    story_id = data.get("story_id")
    if not isinstance(story_id, str):
        return None, payload
    changed = False
    if round_no > 1:
        story_id = data["story_id"] = f"{story_id}~r{round_no}"
        changed = True
    if received_at and not data.get("received_at"):
        data["received_at"] = received_at
        changed = True
    value = json.dumps(data, ensure_ascii=False).encode("utf-8") if changed else payload
    return story_id.encode("utf-8", errors="surrogatepass"), value


def with_round(payload: bytes, round_no: int) -> bytes:
    """The payload re-sent in round ``round_no`` (see ``prepare``)."""
    return prepare(payload, round_no)[1]


def story_key(payload: bytes) -> bytes | None:
    """The Kafka key of a payload: its story_id when one can be read."""
    return prepare(payload)[0]
