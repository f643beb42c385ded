"""The pipeline core: stages as plain Python, no Kafka (a test enforces it).

``pipeline`` chains decode -> validate -> normalize -> dedup -> enrich and routes each
result to its topic; ``sources`` reads stories from files. The stage packages live
beside it: ``normalize``, ``dedup`` (copies and story clusters), ``clusters`` (the
``wire.clusters`` records) and ``extract`` (entities, quotes, speakers). The faust runtime
(``stream.runtime``) and the offline driver (``stream.offline``) both call this core.
"""
