"""The labelled evaluation sets stay above their recorded accuracy."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[3] / "eval" / "normalize" / "run.py"


def _runner():
    spec = importlib.util.spec_from_file_location("normalize_eval_run", RUN)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["cases", "holdout", "holdout2"])
def test_field_accuracy(name: str) -> None:
    run = _runner()
    cases = run.load_cases(RUN.with_name(f"{name}.json"))
    assert len(cases) >= (20 if name == "cases" else 10)
    right = total = 0
    for case in cases:
        for ok, _ in run.score(case).values():
            right += int(ok)
            total += 1
    assert right / total >= (0.9 if name == "holdout2" else 0.95)
