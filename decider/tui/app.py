"""The wizard's App: it wires the screens to the session and offers the app-wide commands.

Everything it does is a call into the core: the screens collect answers, the
:class:`~decider.tui.session.Session` checks and keeps them, the engine scores them and
the workspace writes them. :func:`run_wizard` is what ``decider [--answers FILE]`` runs.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..errors import AnswersError, DeciderError, ToolError
from ..model import Answers
from .screens.wizard import WizardScreen
from .session import Session
from .site import SiteServer
from .widgets.ranking import RankingPanel

EXIT_AFTER_FIRST_PAINT = "DECIDER_EXIT_AFTER_FIRST_PAINT"
"""Set to 1 to quit right after the ranking is first painted (the startup benchmark)."""


class DeciderApp(App[int]):
    """The wizard: questions with a live ranking, the result, and writing the ADR."""

    CSS_PATH = "decider.tcss"
    TITLE = "decider"
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual declares it as an instance variable)
        (0, "-narrow"),
        (72, "-normal"),
        (110, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "write", "Write ADR"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+o", "open_site", "Open site", show=False),
    ]

    def __init__(self, session: Session, *, site: SiteServer | None = None) -> None:
        """Run the wizard on ``session``; ``site`` serves the docs (a default one if omitted)."""
        super().__init__()
        self.session = session
        """The answers, shared with the screens."""
        self.site = site or SiteServer(session.workspace.root)
        """The background ``decider site serve``."""
        self.exit_after_first_paint = os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1"
        """Quit once the ranking is painted (for the benchmark)."""
        self.unsaved = ""
        """Why the last answers could not be saved as a draft at exit, if they could not."""

    def get_default_screen(self) -> Screen[None]:
        return WizardScreen(self.session)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Write the ADR", "Write the ADR, its diagram and the decision log", self.action_write
        )
        yield SystemCommand(
            "Write the ADR without a diagram",
            "For a machine without Graphviz",
            functools.partial(self.action_write, diagram=False),
        )
        yield SystemCommand(
            "Open the site", "Serve the decision site at " + self.site.url, self.action_open_site
        )
        yield SystemCommand("Toggle light/dark theme", "Switch the theme", self.action_toggle_dark)
        yield from super().get_system_commands(screen)

    def on_ranking_panel_first_paint(self, _: RankingPanel.FirstPaint) -> None:
        if self.exit_after_first_paint:
            self.exit(0)

    def on_unmount(self) -> None:
        self.site.stop()
        try:
            self.session.drafts.flush()  # the last answer, if its worker did not get to it
        except (DeciderError, OSError) as exc:
            self.unsaved = exc.message if isinstance(exc, DeciderError) else str(exc)

    # --- app-wide actions -------------------------------------------------------------

    def action_toggle_dark(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_write(self, diagram: bool = True) -> None:
        """Write the ADR, its diagram and the decision log (in a worker)."""
        try:
            answers = self.session.answers()
        except AnswersError as exc:
            self.notify(exc.message, title="Not ready to write", severity="warning", markup=False)
            return
        if not answers.title:
            self.notify(
                "Name the decision first: the first question asks for its title.",
                title="Not ready to write",
                severity="warning",
            )
            return
        if any(worker.group == "write" and not worker.is_finished for worker in self.workers):
            return  # ctrl+s pressed again while writing: one ADR, not two
        self._write(answers, self.session.snapshot(), diagram)

    @work(thread=True, group="write")
    def _write(self, answers: Answers, snapshot: dict[str, object], diagram: bool) -> None:
        try:
            recorded = self.session.record(answers, snapshot, diagram=diagram)
        except ToolError as exc:
            message = (
                f"{exc.message}. Fix Graphviz, or use “Write the ADR without a diagram” (ctrl+p)."
            )
            self.call_from_thread(self._tell, message, "Not written", "error")
        except DeciderError as exc:
            message = f"{exc.message}\n{exc.hint}" if exc.hint else exc.message
            self.call_from_thread(self._tell, message, "Not written", "error")
        except OSError as exc:
            self.call_from_thread(self._tell, str(exc), "Not written", "error")
        else:
            adr = os.path.relpath(recorded.adr, self.session.workspace.root)
            extras = "its diagram and " if recorded.svg else ""
            self.call_from_thread(
                self._tell,
                f"{adr}, with {extras}the decision log.\nctrl+o serves the site.",
                f"ADR {recorded.number:04d} written",
                "information",
            )
            for hint in recorded.hints:
                self.call_from_thread(self._tell, hint, "Hint", "information")

    def _tell(self, message: str, title: str, severity: str) -> None:
        self.notify(message, title=title, severity=severity, timeout=12, markup=False)  # type: ignore[arg-type]

    def action_open_site(self) -> None:
        """Serve the decision site in the background until the wizard quits."""
        try:
            started = self.site.start()
        except OSError as exc:
            self.notify(str(exc), title="The site cannot start", severity="error", markup=False)
            return
        if started:
            self._watch_site()
        self.notify(f"Serving the site at {self.site.url} until you quit.", title="Site")

    @work(thread=True, group="site")
    def _watch_site(self) -> None:
        status = self.site.wait()
        if status is not None:
            why = self.site.last_message or f"exit status {status}"
            self.call_from_thread(self._tell, why, "The site server stopped", "error")


def build_app(
    root: Path, answers_file: Path | None = None, knowledge_files: tuple[Path, ...] = ()
) -> DeciderApp:
    """The wizard on the workspace ``root``, prefilled from ``answers_file`` when given.

    Raises:
        DeciderError: for a bad answers or knowledge file, or a workspace that is not a folder.
    """
    from ..answers import answers_to_dict, load_answers
    from ..knowledge import load_knowledge
    from ..workspace import Workspace
    from .session import lenient

    if answers_file is not None and str(answers_file) == "-":
        raise AnswersError("the wizard reads answers from a file, not from standard input")
    knowledge = load_knowledge(knowledge_files)
    workspace = Workspace.open(root)
    values = answers_to_dict(load_answers(answers_file)) if answers_file else {}
    return DeciderApp(Session(knowledge, workspace, values, lenient(workspace.load_draft())))


def run_wizard(root: Path, answers_file: Path | None, knowledge_files: tuple[Path, ...]) -> int:
    """Open the wizard on the workspace ``root``; return the exit code.

    Bad answers or knowledge files are reported as one line on standard error (exit 2)
    before the terminal is taken over.
    """
    try:
        app = build_app(root, answers_file, knowledge_files)
    except DeciderError as exc:
        print(f"decider: error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=sys.stderr)
        return exc.exit_code
    code = app.run()
    if app.unsaved:
        print(f"decider: the draft was not saved: {app.unsaved}", file=sys.stderr)
    return code if isinstance(code, int) else 0
