"""Where the real-news sets live: ``../shared/eval`` next to the checkout (or next to the
worktrees' parent when run from ``/work/wt/<name>``). They are read there, never copied."""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = tuple(p / "shared" / "eval" for p in (_ROOT.parent, _ROOT.parent.parent))


def shared_eval_dir() -> Path:
    """The first candidate that exists, else the first (so the error names the usual place)."""
    return next((p for p in CANDIDATES if p.is_dir()), CANDIDATES[0])
