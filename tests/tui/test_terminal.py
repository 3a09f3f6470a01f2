"""The wizard in a real terminal: tmux runs ``decider --answers ... --dir ...`` at 100x30.

It must show the recommended pattern, write the ADR on ctrl+s, and quit with status 0 on
ctrl+q. The test polls the screen with a deadline; it never sleeps a fixed time. How fast
the recommendation shows is measured by ``make bench`` (the wizard's first paint against
the smallest Textual app), not asserted here, where a busy machine would fail it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from wizard_support import ORDER_PLACED, workspace_in

from decider.answers import load_answers
from decider.engine import decide
from decider.knowledge import load_knowledge
from decider.render import pattern_title

TMUX = shutil.which("tmux")
DECIDER = Path(sys.executable).with_name("decider")

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux)")


class Terminal:
    """A private tmux server with one 100x30 window."""

    def __init__(self, name: str) -> None:
        assert TMUX is not None
        self.base = [TMUX, "-L", name, "-f", os.devnull]

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            [*self.base, *args], capture_output=True, text=True, check=True, timeout=10
        )
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "wizard")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "wizard", *keys)

    def wait_for(self, done: Callable[[], bool], what: str, seconds: float = 20.0) -> None:
        """Poll until ``done()``, or fail after ``seconds``."""
        start = time.monotonic()
        while not done():
            if time.monotonic() - start > seconds:
                pytest.fail(f"timed out waiting for {what}; the screen shows:\n{self.screen()}")
            time.sleep(0.02)  # a polling interval, bounded by the deadline above


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(f"decider-test-{os.getpid()}")
    yield term
    subprocess.run([*term.base, "kill-server"], capture_output=True, check=False)


def test_recommends_writes_and_quits_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    knowledge = load_knowledge()
    expected = decide(knowledge, load_answers(ORDER_PLACED), what_if=False).recommendation
    headline = pattern_title(knowledge, expected)
    root = workspace_in(tmp_path)
    status = tmp_path / "status"
    command = (
        f"{shlex.quote(str(DECIDER))} --answers {shlex.quote(str(ORDER_PLACED))} "
        f'--dir {shlex.quote(str(root))}; echo "exit=$?" > {shlex.quote(str(status))}'
    )
    terminal.tmux("new-session", "-d", "-s", "wizard", "-x", "100", "-y", "30", "sh", "-c", command)

    terminal.wait_for(lambda: headline in terminal.screen(), "the recommendation")
    assert "Recommended" in terminal.screen()

    terminal.keys("C-s")
    decisions = root / "docs" / "decisions"
    terminal.wait_for(lambda: any(decisions.glob("0001-*.md")), "the ADR file")
    assert [p.name for p in decisions.glob("0001-*.md")] == [
        "0001-publish-orderplaced-to-downstream-systems.md"
    ]
    terminal.wait_for(lambda: "ADR 0001 written" in terminal.screen(), "the notification")

    terminal.keys("C-q")
    terminal.wait_for(status.exists, "the wizard to quit")
    terminal.wait_for(lambda: status.read_text().strip() != "", "the exit status")
    assert status.read_text().strip() == "exit=0"
