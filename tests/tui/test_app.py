"""The App's wiring: start-up errors, the command palette, themes, the site, resizing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.app import SystemCommand
from wizard_support import ORDER_PLACED, notes, pilot_test, wizard, workspace_in

from decider.tui.app import run_wizard
from decider.tui.screens.result import ResultScreen
from decider.tui.site import SITE_URL, SiteServer
from decider.tui.widgets.question import QuestionPane
from decider.tui.widgets.ranking import RankingPanel


def test_a_bad_answers_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("boundary: within\nthroughpt: 5\nordering: none\n", encoding="utf-8")
    assert run_wizard(workspace_in(tmp_path), answers, ()) == 2
    err = capsys.readouterr().err
    assert err == (
        f"decider: error: {answers}: unknown key 'throughpt'; did you mean 'throughput'?\n"
    )


def test_a_bad_knowledge_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extension = tmp_path / "team.yaml"
    extension.write_text("rules: [1, 2]\n", encoding="utf-8")
    assert run_wizard(workspace_in(tmp_path), None, (extension,)) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("decider: error: ") and str(extension) in lines[0]


def test_a_missing_workspace_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_wizard(tmp_path / "nowhere", ORDER_PLACED, ()) == 2
    assert capsys.readouterr().err.startswith("decider: error: workspace not found")


@pilot_test
async def test_the_palette_offers_write_site_and_theme(tmp_path: Path) -> None:
    app = wizard(workspace_in(tmp_path), ORDER_PLACED)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Write the ADR", "Open the site", "Toggle light/dark theme"} <= set(titles)
        assert all(isinstance(c, SystemCommand) for c in app.get_system_commands(app.screen))
        assert app.current_theme.dark
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "toggle light":
            await pilot.press("space" if key == " " else key)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert not app.current_theme.dark
        app.action_toggle_dark()
        assert app.current_theme.dark


@pilot_test
async def test_the_site_is_served_until_the_app_quits(tmp_path: Path) -> None:
    root = workspace_in(tmp_path)
    app = wizard(root, ORDER_PLACED)
    app.site = SiteServer(root, [sys.executable, "-c", "import time; time.sleep(60)"])
    async with app.run_test(size=(80, 24)) as pilot:
        seen = notes(app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.site.running
        serving = f"Serving the site at {SITE_URL} until you quit."
        assert seen[-1] == ("Site", serving, "information")
        await pilot.press("ctrl+q")
    assert not app.site.running


@pilot_test
async def test_a_site_that_fails_says_why(tmp_path: Path) -> None:
    root = workspace_in(tmp_path)
    app = wizard(root, ORDER_PLACED)
    failing = "import sys; sys.exit('decider: error: mkdocs.yml: no such file')"
    app.site = SiteServer(root, [sys.executable, "-c", failing])
    async with app.run_test(size=(80, 24)) as pilot:
        seen = notes(app)
        app.action_open_site()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert seen[-1] == (
        "The site server stopped",
        "decider: error: mkdocs.yml: no such file",
        "error",
    )


@pilot_test
async def test_resizing_keeps_both_panels_in_view(tmp_path: Path) -> None:
    app = wizard(workspace_in(tmp_path), ORDER_PLACED)
    async with app.run_test(size=(120, 40)) as pilot:
        for width, height in ((120, 40), (80, 24), (60, 30), (100, 30)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            question = app.screen.query_one(QuestionPane).region
            ranking = app.screen.query_one(RankingPanel).region
            assert not question.overlaps(ranking), (width, height)
            assert question.right <= width and ranking.right <= width
            assert ranking.width >= 30 and question.width >= 40, (width, height)
            side_by_side = ranking.x >= question.right
            assert side_by_side == (width >= 72), (width, height)


@pilot_test
async def test_clicking_the_ranking_opens_the_result_and_escape_returns(tmp_path: Path) -> None:
    app = wizard(workspace_in(tmp_path), ORDER_PLACED)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click(RankingPanel)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        text = " ".join(str(s.render()) for s in app.screen.query(".bullet"))
        assert 'if boundary were "within" (now "between"), topic would win' in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen.query_one(QuestionPane), QuestionPane)
