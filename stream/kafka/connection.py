"""The one place that turns settings into Kafka connection options.

The worker (faust), replay, tail, topic admin and the consumer-lag metric all connect
through here, so a secured cluster (TLS, SASL/SCRAM, mutual TLS) needs the same
``WIRESTREAM_*`` variables everywhere and no client can be left on plaintext by mistake.

``check_connection`` opens one connection the way the clients will and turns the usual
failures (untrusted certificate, rejected password, unreachable broker) into one
sentence. Without it aiokafka only logs the cause and raises "Unable to bootstrap", and
faust retries a rejected password forever; with it every command fails within seconds.
"""

from __future__ import annotations

import ssl
from typing import Any

import faust
from aiokafka.conn import create_conn
from aiokafka.errors import (
    KafkaConnectionError,
    KafkaError,
    SaslAuthenticationFailed,
    UnsupportedSaslMechanismError,
)

from stream.errors import WirestreamError
from stream.settings import Settings

__all__ = [
    "BrokerConnectionError",
    "check_connection",
    "faust_options",
    "kafka_options",
    "ssl_context",
]


#: OpenSSL's X509_V_ERR_HOSTNAME_MISMATCH and _IP_ADDRESS_MISMATCH: the chain is trusted,
#: the name or address we dialled is not in the certificate.
_NAME_MISMATCH = (62, 64)


class BrokerConnectionError(WirestreamError, RuntimeError):
    """The broker cannot be reached or refuses us; ``str()`` is one sentence for users."""


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    """A verifying client TLS context for SSL/SASL_SSL, else None.

    Without ``ssl_cafile`` the system trust store is used (a public CA).
    """
    conn = settings.connection
    if not conn.uses_tls:
        return None
    try:
        context = ssl.create_default_context(
            cafile=str(conn.ssl_cafile) if conn.ssl_cafile else None
        )
        if conn.ssl_certfile is not None and conn.ssl_keyfile is not None:
            context.load_cert_chain(str(conn.ssl_certfile), str(conn.ssl_keyfile))
    except (OSError, ssl.SSLError) as exc:
        files = ", ".join(
            str(f) for f in (conn.ssl_cafile, conn.ssl_certfile, conn.ssl_keyfile) if f is not None
        )
        raise BrokerConnectionError(
            f"cannot load the TLS files ({files}): {getattr(exc, 'strerror', None) or exc}"
        ) from None
    context.check_hostname = conn.ssl_check_hostname
    return context


def kafka_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for any aiokafka client (producer, consumer, admin)."""
    conn = settings.connection
    options: dict[str, Any] = {
        "bootstrap_servers": conn.bootstrap,
        "security_protocol": conn.security_protocol,
    }
    context = ssl_context(settings)
    if context is not None:
        options["ssl_context"] = context
    secret = conn.sasl_secret
    if secret is not None:
        options["sasl_mechanism"] = conn.sasl_mechanism
        options["sasl_plain_username"] = conn.sasl_username
        options["sasl_plain_password"] = secret.get_secret_value()
    return options


def faust_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``faust.App``: ``broker_credentials`` when not plaintext."""
    conn = settings.connection
    context = ssl_context(settings)
    secret = conn.sasl_secret
    credentials: faust.types.auth.CredentialsT | None = None
    if secret is not None:
        # faust derives SASL_SSL from the context, SASL_PLAINTEXT from its absence.
        credentials = faust.SASLCredentials(
            username=conn.sasl_username,
            password=secret.get_secret_value(),
            mechanism=conn.sasl_mechanism,
            ssl_context=context,
        )
    elif context is not None:
        credentials = faust.SSLCredentials(context)
    return {"broker_credentials": credentials} if credentials is not None else {}


def _explain(settings: Settings, host: str, port: int, exc: BaseException) -> str:
    """One sentence on why ``host:port`` refused us (never the password)."""
    conn = settings.connection
    where = f"{host}:{port}"
    if isinstance(exc, ssl.SSLCertVerificationError) and exc.verify_code in _NAME_MISMATCH:
        return (
            f"the TLS certificate of the broker at {where} is not issued for '{host}' "
            "(use a broker name the certificate lists, or WIRESTREAM_SSL_CHECK_HOSTNAME=false)"
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        trust = (
            f"WIRESTREAM_SSL_CAFILE ({conn.ssl_cafile})"
            if conn.ssl_cafile
            else "the system CA store (set WIRESTREAM_SSL_CAFILE)"
        )
        return (
            f"the TLS certificate of the broker at {where} is not trusted by {trust}: "
            f"{exc.verify_message}"
        )
    if isinstance(exc, ssl.SSLError):
        return f"the TLS handshake with the broker at {where} failed ({exc.reason or exc})"
    if isinstance(exc, SaslAuthenticationFailed):
        return (
            f"the broker at {where} rejected the {conn.sasl_mechanism} login of user "
            f"'{conn.sasl_username}': wrong username or password"
        )
    if isinstance(exc, UnsupportedSaslMechanismError):
        return f"the broker at {where} does not offer {conn.sasl_mechanism}: {exc}"
    if isinstance(exc, KafkaConnectionError):
        # TLS 1.3 reports a missing client certificate only as a closed connection.
        mtls_hint = (
            ", or does it require a client certificate? set WIRESTREAM_SSL_CERTFILE and "
            "WIRESTREAM_SSL_KEYFILE"
            if conn.uses_tls and conn.ssl_certfile is None
            else ""
        )
        return (
            f"the broker at {where} closed the connection during the handshake (does the "
            f"listener speak {conn.security_protocol}? check WIRESTREAM_SECURITY_PROTOCOL"
            f"{mtls_hint})"
        )
    if isinstance(exc, TimeoutError):
        return (
            f"no Kafka answer from {where} with {conn.security_protocol} (wrong port, "
            "or a TLS/plaintext mismatch with the listener?)"
        )
    if isinstance(exc, ConnectionError | OSError):
        return f"cannot reach the broker at {where}: {getattr(exc, 'strerror', None) or exc}"
    return f"the broker at {where} refused the connection: {type(exc).__name__}: {exc}"


def _hosts(settings: Settings) -> list[tuple[str, int]]:
    conn = settings.connection
    hosts = []
    for part in conn.bootstrap.split(","):
        host, sep, port = part.strip().rpartition(":")
        hosts.append((host, int(port)) if sep else (part.strip(), 9092))
    return hosts


async def check_connection(settings: Settings, timeout: float = 10.0) -> None:
    """Connect and authenticate to one bootstrap broker, as the clients will.

    Returns on the first broker that accepts us. Raises ``BrokerConnectionError`` with
    the reason of the first broker otherwise: that reason (a bad certificate, a wrong
    password) is the same on every broker of a cluster, and retrying cannot fix it.
    """
    conn = settings.connection
    options = kafka_options(settings)
    reasons: list[str] = []
    for host, port in _hosts(settings):
        try:
            conn = await create_conn(
                host,
                port,
                client_id="wirestream-check",
                request_timeout_ms=int(timeout * 1000),
                ssl_context=options.get("ssl_context"),
                security_protocol=conn.security_protocol,
                sasl_mechanism=options.get("sasl_mechanism"),
                sasl_plain_username=options.get("sasl_plain_username"),
                sasl_plain_password=options.get("sasl_plain_password"),
            )
        except (OSError, KafkaError) as exc:  # TimeoutError is an OSError
            reasons.append(_explain(settings, host, port, exc))
            continue
        conn.close()
        return
    raise BrokerConnectionError(reasons[0] if reasons else "no bootstrap broker is configured")
