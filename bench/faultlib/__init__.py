"""Fault-injection driver and verifier shared by ``bench/faults.py`` (the full run) and
``tests/integration/test_faults.py`` (the short form inside ``make test``)."""

from .corpus import Story, build_corpus, crash_copies, synthetic_body
from .driver import FaultPlan, FaultRun, RunResult, format_table, summary_rows
from .verify import Verification, read_topics, verify

__all__ = [
    "FaultPlan",
    "FaultRun",
    "RunResult",
    "Story",
    "Verification",
    "build_corpus",
    "crash_copies",
    "format_table",
    "read_topics",
    "summary_rows",
    "synthetic_body",
    "verify",
]
