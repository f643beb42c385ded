"""Read a Kafka log segment (``<dir>/<topic>-<partition>/*.log``) without a broker:
offset, timestamp, key and the start of the value of every record, and for
``__consumer_offsets`` the committed offsets (group, topic, partition -> offset).

Post-mortem aid (issue 12, docs/reliability.md "The cluster short form's loss"): a
failed fault run keeps its brokers' data directories, which hold the whole history of
every partition, commits included. Kafka's own ``DumpLogSegments`` is not in the cached
jars. Handles record batch format v2, uncompressed (the test brokers' default);
compressed and control batches are reported, not decoded. Diagnostics only.

Use: ``python tools/kafka_log/read_segment.py <segment.log> [--offsets]``."""

from __future__ import annotations

import struct
import sys
import time
from collections.abc import Iterator


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        byte = buf[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return (result >> 1) ^ -(result & 1), i


def records(path: str) -> Iterator[tuple[int, int, bytes | None, bytes | None]]:
    """(offset, timestamp ms, key, value) of each record of the segment."""
    data = open(path, "rb").read()  # noqa: SIM115 (one read of a small file)
    i = 0
    while i + 61 <= len(data):
        base, length = struct.unpack(">qi", data[i : i + 12])
        if length <= 0:
            break
        body = data[i + 12 : i + 12 + length]
        attributes = struct.unpack(">h", body[9:11])[0]
        base_ts = struct.unpack(">q", body[15:23])[0]
        count = struct.unpack(">i", body[45:49])[0]
        if attributes & 0x7 or attributes & 0x20:  # compressed or control batch
            yield base, base_ts, b"<compressed or control batch>", None
        else:
            recs, j = body[49:], 0
            for _ in range(count):
                size, j = _varint(recs, j)
                end = j + size
                ts_delta, j = _varint(recs, j + 1)
                off_delta, j = _varint(recs, j)
                key_len, j = _varint(recs, j)
                key = recs[j : j + key_len] if key_len >= 0 else None
                j += max(key_len, 0)
                value_len, j = _varint(recs, j)
                value = recs[j : j + value_len] if value_len >= 0 else None
                yield base + off_delta, base_ts + ts_delta, key, value
                j = end
        i += 12 + length


def _string(buf: bytes, i: int) -> tuple[str, int]:
    n = struct.unpack(">h", buf[i : i + 2])[0]
    return buf[i + 2 : i + 2 + n].decode(), i + 2 + n


def commits(path: str) -> Iterator[tuple[int, int, str, str, int, int | None]]:
    """(offset, timestamp, group, topic, partition, committed) of each offset commit
    in a ``__consumer_offsets`` segment (key versions 0 and 1)."""
    for offset, ts, key, value in records(path):
        if not key or len(key) < 2 or struct.unpack(">h", key[:2])[0] > 1:
            continue
        group, i = _string(key, 2)
        topic, i = _string(key, i)
        partition = struct.unpack(">i", key[i : i + 4])[0]
        committed = struct.unpack(">q", value[2:10])[0] if value else None
        yield offset, ts, group, topic, partition, committed


def _clock(ms: int) -> str:
    return time.strftime("%H:%M:%S", time.gmtime(ms / 1000)) + f".{ms % 1000:03d}"


def main(argv: list[str]) -> None:
    path = argv[0]
    if "--offsets" in argv:
        for offset, ts, group, topic, partition, committed in commits(path):
            print(offset, _clock(ts), group, f"{topic}-{partition}", committed)
    else:
        for offset, ts, key, value in records(path):
            print(offset, _clock(ts), key, value[:80] if value else value)


if __name__ == "__main__":
    main(sys.argv[1:])
