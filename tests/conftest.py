"""Shared fixtures: the built-in knowledge base and a quick way to build answers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from decider.answers import parse_answers
from decider.knowledge import load_knowledge
from decider.model import Answers, Knowledge

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

BASELINE: dict[str, Any] = {
    "boundary": "within",
    "throughput": 100,
    "ordering": "none",
    "consumer_count": 1,
}


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def make_answers() -> Callable[..., Answers]:
    """Answers from the baseline (within, 100 msg/s, no ordering, one consumer) plus overrides."""

    def make(**overrides: Any) -> Answers:
        return parse_answers({**BASELINE, **overrides}, "test")

    return make
