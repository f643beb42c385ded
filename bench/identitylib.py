"""Shared by the identity checks (``dedup_identity.py``, ``extract_identity.py``): write
a stage's outputs as JSON lines with one digest, and compare them with an earlier run."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


def write_rows(
    path: Path, rows: Iterable[dict[str, Any]], dumps: Callable[[dict[str, Any]], str]
) -> tuple[int, str]:
    """One line per row (``dumps`` must be deterministic); (count, sha256 of the lines)."""
    digest = hashlib.sha256()
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            line = dumps(row) + "\n"
            out.write(line)
            digest.update(line.encode())
            count += 1
    return count, digest.hexdigest()


def compare(out: Path, against: Path) -> None:
    """Exit 1, showing the first differing rows, unless the two runs match line by line."""
    old = against.read_text(encoding="utf-8").splitlines()
    new = out.read_text(encoding="utf-8").splitlines()
    diff = [i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b]
    if len(old) != len(new) or diff:
        print(f"DIFFERENT: {len(diff)} rows differ, {len(old)} vs {len(new)} rows")
        for i in diff[:5]:
            print(" before", old[i][:300], "\n after ", new[i][:300])
        sys.exit(1)
    print(f"identical to {against}")
