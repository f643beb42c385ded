"""The faust runtime: the app, its topics, the thin agents that call the pipeline core,
consumer lag, metrics and the dashboard pages the worker serves.
"""

from stream.lazy import lazy_exports as _lazy_exports

__all__ = [
    "Metrics",
    "Topics",
    "Wiring",
    "build_topics",
    "create_app",
    "run_worker",
    "wire_agents",
]

_HOME = {
    "create_app": "stream.runtime.app",
    "Wiring": "stream.runtime.agents",
    "wire_agents": "stream.runtime.agents",
    "run_worker": "stream.runtime.worker",
    "Topics": "stream.runtime.topics",
    "build_topics": "stream.runtime.topics",
    "Metrics": "stream.runtime.metrics",
}

__getattr__, __dir__ = _lazy_exports(__name__, _HOME)
