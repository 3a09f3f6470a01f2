"""Helpers for the wizard's tests: run a Pilot test, build the app, type, watch notifications.

The Pilot tests are ``async def`` functions wrapped by :func:`pilot_test`, which runs each
in a fresh event loop, so the suite needs no async plugin.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from decider.tui.app import DeciderApp, build_app

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
ORDER_PLACED = EXAMPLES / "order-placed.yaml"
DATE_EPOCH = "1767225600"
"""2026-01-01: the date of every ADR the tests write or preview."""

_KEYS = {" ": "space", ",": "comma", ".": "full_stop", "-": "minus", "'": "apostrophe"}


def pilot_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an ``async def`` test in its own event loop (its fixtures are passed through)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def workspace_in(tmp_path: Path) -> Path:
    """An empty docs repository inside ``tmp_path``."""
    root = tmp_path / "team-docs"
    root.mkdir(exist_ok=True)
    return root


def wizard(root: Path, answers: Path | None = None) -> DeciderApp:
    """The wizard on ``root``, as ``decider --dir ROOT [--answers FILE]`` starts it."""
    return build_app(root, answers)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` key by key, as a person would."""
    await pilot.press(*(_KEYS.get(char, char) for char in text))


def notes(app: DeciderApp) -> list[tuple[str, str, str]]:
    """Record every notification ``app`` shows, as (title, message, severity)."""
    seen: list[tuple[str, str, str]] = []
    show = app.notify

    def record(message: str, *, title: str = "", severity: Any = "information", **kw: Any) -> None:
        seen.append((title, message, severity))
        show(message, title=title, severity=severity, **kw)

    app.notify = record  # type: ignore[method-assign]
    return seen
