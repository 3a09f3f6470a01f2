"""The wizard driven with Pilot: every question from an empty start, drafts, writing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from wizard_support import ORDER_PLACED, notes, pilot_test, type_text, wizard, workspace_in

from decider.answers import QUESTIONS
from decider.tui.app import DeciderApp
from decider.tui.screens.result import ResultScreen
from decider.tui.screens.resume import ResumeScreen
from decider.tui.screens.wizard import WizardScreen
from decider.tui.widgets.question import QuestionPane
from decider.tui.widgets.ranking import RankingPanel


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    data = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(data, dict)
    return data


def shown_key(app: DeciderApp) -> str:
    question = app.screen.query_one(QuestionPane).question
    assert question is not None
    return question.key


def draft_of(root: Path) -> Any:
    return yaml.safe_load((root / ".decider" / "draft.yaml").read_text(encoding="utf-8"))


@pilot_test
async def test_answers_every_question_from_empty_and_writes_the_adr(tmp_path: Path) -> None:
    root = workspace_in(tmp_path)
    app = wizard(root)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.screen.query_one(RankingPanel)
        assert panel.result is None
        steps: list[tuple[str, str | list[str]]] = [
            ("title", "Publish OrderPlaced"),
            ("producer", "checkout"),
            ("consumers", "payments, crm, warehouse"),
            ("consumer_count", ""),  # empty: the three consumers listed
            ("boundary", ["down"]),  # a required choice starts on the first: within
            ("throughput", "50"),
            ("ordering", []),  # none
            ("delivery", ["home"]),  # an optional choice starts on "don't know"
            ("latency_ms", "1000"),
            ("replay", ["home", "down"]),  # days
            ("sources", ["home"]),  # own
            ("message_kb", "64"),
            ("protocols", []),  # don't know
            ("context", "Checkout emits it"),
            ("decision_makers", "Ana, Bo"),
        ]
        assert [key for key, _ in steps] == [q.key for q in QUESTIONS]
        for key, answer in steps:
            assert shown_key(app) == key
            if isinstance(answer, str):
                await type_text(pilot, answer)
            else:
                await pilot.press(*answer)
            await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        assert panel.result is not None and panel.result.recommendation == "eventbridge"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()

    decisions = root / "docs" / "decisions"
    assert [p.name for p in decisions.glob("0001-*.md")] == ["0001-publish-orderplaced.md"]
    assert (decisions / "0001-publish-orderplaced.svg").is_file()
    assert (decisions / "index.md").is_file()
    data = front_matter(decisions / "0001-publish-orderplaced.md")
    assert data["decision-makers"] == ["Ana", "Bo"]
    assert data["decider"]["chosen"] == "eventbridge"
    assert data["decider"]["answers"] == {
        "title": "Publish OrderPlaced",
        "producer": "checkout",
        "consumers": ["payments", "crm", "warehouse"],
        "consumer_count": 3,
        "boundary": "between",
        "throughput": 50,
        "ordering": "none",
        "delivery": "fan-out",
        "latency_ms": 1000,
        "replay": "days",
        "sources": "own",
        "message_kb": 64,
        "context": "Checkout emits it",
        "decision_makers": ["Ana", "Bo"],
    }
    assert not (root / ".decider" / "draft.yaml").exists(), "writing the ADR clears the draft"


@pilot_test
async def test_resumes_a_draft_after_the_app_is_closed_midway(tmp_path: Path) -> None:
    root = workspace_in(tmp_path)
    first = wizard(root)
    async with first.run_test(size=(80, 24)) as pilot:
        for text in ("Route telemetry", "ingest", "alerting, metrics", ""):
            await type_text(pilot, text)
            await pilot.press("enter")
        await pilot.press("enter")  # boundary: within
        await type_text(pilot, "200")  # typed, not yet confirmed with Enter
        await pilot.press("ctrl+q")
    assert draft_of(root) == {
        "title": "Route telemetry",
        "producer": "ingest",
        "consumers": ["alerting", "metrics"],
        "boundary": "within",
        "throughput": 200,
    }

    second = wizard(root)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(second.screen, ResumeScreen)
        await pilot.press("enter")  # Resume
        await pilot.pause()
        assert isinstance(second.screen, WizardScreen)
        assert shown_key(second) == "consumer_count"  # the first question still open
        assert second.session.values["throughput"] == 200
        panel = second.screen.query_one(RankingPanel)
        assert panel.result is None and "ordering" in panel.note
        await pilot.press("ctrl+r")  # ordering is missing: the result says so
        await pilot.pause()
        await pilot.press("escape")
        for _ in range(3):  # count (empty), boundary, throughput
            await pilot.press("enter")
        assert shown_key(second) == "ordering"
        await pilot.press("enter")  # none
        await second.workers.wait_for_complete()
        await pilot.pause()
        assert panel.result is not None
        assert panel.result.recommendation == "topic"
        await pilot.press("ctrl+s")
        await second.workers.wait_for_complete()
        await pilot.pause()
    assert (root / "docs" / "decisions" / "0001-route-telemetry.md").is_file()
    assert not (root / ".decider" / "draft.yaml").exists()


@pilot_test
async def test_start_over_leaves_the_draft_until_the_next_answer(tmp_path: Path) -> None:
    root = workspace_in(tmp_path)
    (root / ".decider").mkdir()
    (root / ".decider" / "draft.yaml").write_text(
        "title: Old idea\nthroughput: -5\nboundary: sideways\nordering: none\n", encoding="utf-8"
    )
    app = wizard(root)
    assert app.session.draft == {"title": "Old idea", "ordering": "none"}, "only valid keys"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("escape")  # start over
        await pilot.pause()
        assert app.session.values == {}
        assert draft_of(root)["title"] == "Old idea"
        await type_text(pilot, "New idea")
        await app.workers.wait_for_complete()
    assert draft_of(root) == {"title": "New idea"}


@pilot_test
async def test_the_ranking_follows_every_answer(tmp_path: Path) -> None:
    app = wizard(workspace_in(tmp_path), ORDER_PLACED)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.screen.query_one(RankingPanel)
        assert panel.result is not None and panel.result.recommendation == "eventbridge"
        for _ in range(5):
            await pilot.press("enter")
        assert shown_key(app) == "throughput"
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "100000")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.values["throughput"] == 100000
        assert panel.result.recommendation == "stream"
        await pilot.press("escape", "escape")  # back to consumer_count
        assert shown_key(app) == "consumer_count"


@pilot_test
async def test_an_invalid_answer_is_named_and_not_kept(tmp_path: Path) -> None:
    app = wizard(workspace_in(tmp_path), ORDER_PLACED)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.press("enter")
        assert shown_key(app) == "consumer_count"
        assert app.session.values["consumer_count"] == 5  # the five consumers listed
        await pilot.press("backspace", "0")
        await pilot.press("enter")  # refused: stays on the question
        assert shown_key(app) == "consumer_count"
        status = str(app.screen.query_one("#status").render())
        assert "consumer_count: 0 is not allowed; expected a whole number ≥ 1" in status
        assert "consumer_count" not in app.session.values, "kept: the empty field before the 0"
        await pilot.press("backspace", "7", "enter")
        assert shown_key(app) == "boundary"
        assert app.session.values["consumer_count"] == 7


@pilot_test
async def test_writing_without_a_title_says_so(tmp_path: Path) -> None:
    app = wizard(workspace_in(tmp_path), ORDER_PLACED)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = notes(app)
        await pilot.press(*["backspace"] * 50)  # clear the title
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert seen[-1] == (
        "Not ready to write",
        "Name the decision first: the first question asks for its title.",
        "warning",
    )
    assert not (workspace_in(tmp_path) / "docs" / "decisions").exists()


@pilot_test
async def test_a_failed_write_is_a_notification_and_keeps_every_answer(tmp_path: Path) -> None:
    root = workspace_in(tmp_path)
    (root / "docs").mkdir()
    (root / "docs" / "decisions").write_text("not a folder", encoding="utf-8")
    app = wizard(root, ORDER_PLACED)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = notes(app)
        await type_text(pilot, " v2")  # an answer, so a draft exists
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen), "the app keeps running"
    title, message, severity = seen[-1]
    assert (title, severity) == ("Not written", "error")
    assert "cannot write" in message
    assert app.session.values["title"] == "Publish OrderPlaced to downstream systems v2"
    assert draft_of(root)["title"] == "Publish OrderPlaced to downstream systems v2"


@pilot_test
async def test_without_dot_the_write_fails_with_advice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = workspace_in(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))  # no Graphviz here
    app = wizard(root, ORDER_PLACED)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = notes(app)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert seen[-1][0] == "Not written"
        assert "dot" in seen[-1][1] and "without a diagram" in seen[-1][1]
        app.action_write(diagram=False)  # the command palette's "Write the ADR without a diagram"
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert seen[-1][0] == "ADR 0001 written"
    decisions = root / "docs" / "decisions"
    assert sorted(p.suffix for p in decisions.glob("0001-*")) == [".md"]


@pilot_test
async def test_tab_moves_on_and_a_click_chooses(tmp_path: Path) -> None:
    app = wizard(workspace_in(tmp_path), ORDER_PLACED)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "tab", "tab", "tab")
        assert shown_key(app) == "boundary"
        assert app.session.values["boundary"] == "between"
        await pilot.click("#choice-answer", offset=(4, 1))  # the first option: within
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.values["boundary"] == "within"
        assert shown_key(app) == "throughput", "a click chooses and moves on"
        panel = app.screen.query_one(RankingPanel)
        assert panel.result is not None and panel.result.recommendation == "topic"
        await pilot.press("shift+tab")
        assert shown_key(app) == "boundary"


@pilot_test
async def test_the_panel_says_when_nothing_fits(tmp_path: Path) -> None:
    app = wizard(workspace_in(tmp_path), ORDER_PLACED.with_name("saas-support.yaml"))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(6):
            await pilot.press("enter")
        assert shown_key(app) == "ordering"
        await pilot.press("down", "enter")  # per-key: no pattern takes SaaS events in order
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one(RankingPanel)
        assert panel.result is not None and panel.result.recommendation is None
        assert "Nothing fits well" in str(panel.render())
