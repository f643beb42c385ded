"""Local tooling: an embedded Apache Kafka broker or cluster (KRaft, Maven Central jars)
for development and tests, and supervision of worker processes.

Split by concern: ``jars`` (fetch and cache), ``config`` (server.properties, log4j),
``process`` (ports, pids), ``probe`` (a Kafka Metadata request), ``broker`` (one node's
lifecycle), ``cluster`` (several nodes), ``security`` (a SASL_SSL listener) and
``supervise`` (a worker child process).
"""
