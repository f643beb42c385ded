"""A readiness probe that speaks the Kafka wire protocol itself (a Metadata v4
request), so the local broker's tooling needs no Kafka client: a node is ready when it
lists itself, which is a better signal than an open TCP port."""

from __future__ import annotations

import socket
import struct

__all__ = ["port_open", "probe_metadata"]


def _encode_request(api_key: int, api_version: int, correlation_id: int, body: bytes) -> bytes:
    """Frame a request with a v1 (non-flexible) header: key, version, correlation, client."""
    client_id = b"wirestream-probe"
    header = struct.pack(">hhih", api_key, api_version, correlation_id, len(client_id))
    payload = header + client_id + body
    return struct.pack(">i", len(payload)) + payload


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = sock.recv(remaining)
        if not chunk:
            raise ConnectionError("broker closed the connection")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def probe_metadata(host: str, port: int, timeout: float = 2.0) -> tuple[int, str | None]:
    """Ask ``host:port`` for cluster metadata; return ``(broker_count, cluster_id)``.

    Metadata v4 is used because Kafka 4.0 removed v0-v3 (KIP-896) and v4 is still the
    simplest non-flexible version every broker since 1.0 answers.  A broker only lists
    itself once KRaft has elected the controller and the broker is registered, which is
    a much better "ready" signal than an open TCP port.
    """
    correlation_id = 0x5EED
    # topics = null (all), allow_auto_topic_creation = false
    body = struct.pack(">i?", -1, False)
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.settimeout(timeout)
        sock.sendall(_encode_request(3, 4, correlation_id, body))
        (size,) = struct.unpack(">i", _recv_exact(sock, 4))
        data = _recv_exact(sock, size)
    (got_correlation,) = struct.unpack_from(">i", data, 0)
    if got_correlation != correlation_id:
        raise ConnectionError("unexpected correlation id in metadata response")
    offset = 4 + 4  # correlation id, throttle_time_ms
    (broker_count,) = struct.unpack_from(">i", data, offset)
    offset += 4
    for _ in range(max(broker_count, 0)):
        offset += 4  # node_id
        (host_len,) = struct.unpack_from(">h", data, offset)
        offset += 2 + host_len + 4  # host, port
        (rack_len,) = struct.unpack_from(">h", data, offset)
        offset += 2 + max(rack_len, 0)
    (cluster_len,) = struct.unpack_from(">h", data, offset)
    offset += 2
    cluster_id = None
    if cluster_len >= 0:
        cluster_id = data[offset : offset + cluster_len].decode("utf-8", "replace")
    return broker_count, cluster_id


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
