"""Local tooling: an embedded Apache Kafka broker or cluster (KRaft, Maven Central jars)
for development and tests, and supervision of worker processes.

Split by concern: ``jars`` (fetch and cache), ``config`` (server.properties, log4j),
``process`` (ports, pids), ``probe`` (a Kafka Metadata request), ``broker`` (one node's
lifecycle), ``cluster`` (several nodes), ``security`` (a SASL_SSL listener) and
``supervise`` (a worker child process).
"""

from stream.lazy import lazy_exports as _lazy_exports

__all__ = [
    "BrokerError",
    "LocalBroker",
    "LocalCluster",
    "WorkerNotReady",
    "WorkerProcess",
    "free_port",
    "settings_env",
]

_HOME = {
    "BrokerError": "stream.local.broker",
    "LocalBroker": "stream.local.broker",
    "free_port": "stream.local.broker",
    "LocalCluster": "stream.local.cluster",
    "WorkerNotReady": "stream.local.supervise",
    "WorkerProcess": "stream.local.supervise",
    "settings_env": "stream.local.supervise",
}

__getattr__, __dir__ = _lazy_exports(__name__, _HOME)
