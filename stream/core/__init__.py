"""The pipeline core: stages as plain Python, no Kafka (a test enforces it).

``pipeline`` chains decode -> validate -> normalize -> dedup -> enrich; ``emit`` routes
each result to its topic, keyed and cut to the message limit, for both drivers;
``sources`` reads stories from files. The stage packages live
beside it: ``normalize``, ``dedup`` (copies and story clusters), ``clusters`` (the
``wire.clusters`` records) and ``extract`` (entities, quotes, speakers). The faust runtime
(``stream.runtime``) and the offline driver (``stream.offline``) both call this core.
"""

# Not exported here: the stage functions ``dedup`` and ``clusters`` (their names are the
# stage packages'); import them from ``stream.core.pipeline``.
from stream.lazy import lazy_exports as _lazy_exports

__all__ = [
    "Outgoing",
    "Output",
    "OutputRecord",
    "Pipeline",
    "dead_letter",
    "decode_raw",
    "emit",
    "fit_to_limit",
    "ingest",
    "iter_payloads",
    "story_key",
]

_HOME = {
    "Output": "stream.core.pipeline",
    "OutputRecord": "stream.core.pipeline",
    "Pipeline": "stream.core.pipeline",
    "dead_letter": "stream.core.pipeline",
    "decode_raw": "stream.core.pipeline",
    "ingest": "stream.core.pipeline",
    "Outgoing": "stream.core.emit",
    "emit": "stream.core.emit",
    "fit_to_limit": "stream.core.emit",
    "iter_payloads": "stream.core.sources",
    "story_key": "stream.core.sources",
}

__getattr__, __dir__ = _lazy_exports(__name__, _HOME)
