"""Generated article bodies for the compiled-vs-Python parity tests (dedup and clusters)."""

from __future__ import annotations

import random

# Every line break of Python's str.splitlines, and blank lines.
LINE_BREAKS = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2029", "\n\n"]


def line_bodies(rng: random.Random, lines: list[str], count: int, max_lines: int) -> list[str]:
    """``count`` bodies of 1 to ``max_lines`` lines drawn from ``lines``, any line break."""
    bodies = []
    for _ in range(count):
        picked = rng.choices(lines, k=rng.randint(1, max_lines))
        bodies.append("".join(line + rng.choice(LINE_BREAKS) for line in picked))
    return bodies
