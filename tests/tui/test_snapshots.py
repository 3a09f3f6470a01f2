"""Snapshots of the wizard's views at 80x24 (usable) and 120x40 (comfortable).

Update them after a deliberate change with ``pytest tests/tui --snapshot-update`` and look
at the SVG files under ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from wizard_support import DATE_EPOCH, ORDER_PLACED, wizard, workspace_in

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

Compare = Callable[..., bool]


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ADR preview shows a date: pin it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DATE_EPOCH)


def steps(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Press ``keys``, then wait until every worker is done and the screen is still."""

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make the picture flicker
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES)
def test_question_view_from_an_empty_start(
    snap_compare: Compare, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The first question; the ranking waits for the four answers it needs."""
    app = wizard(workspace_in(tmp_path))
    assert snap_compare(app, terminal_size=size, run_before=steps())


@pytest.mark.parametrize("size", SIZES)
def test_ranking_view_on_a_choice(
    snap_compare: Compare, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The ordering question of the example, with its live ranking."""
    app = wizard(workspace_in(tmp_path), ORDER_PLACED)
    run_before = steps(*["enter"] * 6)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_result_view(snap_compare: Compare, tmp_path: Path, size: tuple[int, int]) -> None:
    """The ranking with its reasons and what would change the answer."""
    app = wizard(workspace_in(tmp_path), ORDER_PLACED)
    assert snap_compare(app, terminal_size=size, run_before=steps("ctrl+r"))


@pytest.mark.parametrize("size", SIZES)
def test_adr_preview_view(snap_compare: Compare, tmp_path: Path, size: tuple[int, int]) -> None:
    """The ADR as ctrl+s would write it."""
    app = wizard(workspace_in(tmp_path), ORDER_PLACED)
    assert snap_compare(app, terminal_size=size, run_before=steps("ctrl+r", "a"))
