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


def with_round(payload: bytes, round_no: int) -> bytes:
    """A re-sent wire copy: same content under a new story_id (``<id>~r<round>``).

    Round 1 is the payload unchanged; a payload that is not a JSON object with a string
    story_id is passed on as it is (it will be dead-lettered anyway).
    """
    if round_no <= 1:
        return payload
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return payload
    if not isinstance(data, dict) or not isinstance(data.get("story_id"), str):
        return payload
    data["story_id"] = f"{data['story_id']}~r{round_no}"
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def story_key(payload: bytes) -> bytes | None:
    """The Kafka key of a payload: its story_id when one can be read."""
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(data, dict) and isinstance(data.get("story_id"), str):
        return data["story_id"].encode("utf-8")
    return None
