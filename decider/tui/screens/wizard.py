"""The questions screen: one question at a time, with the ranking panel always in view.

The screen puts each answer into the :class:`~decider.tui.session.Session`, saves the
draft and re-scores in worker threads, so typing never waits for the disk or the engine.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header

from ...answers import QUESTIONS
from ...engine import decide
from ...errors import AnswersError, DeciderError
from ...model import Answers, Result
from ...render import LABELS
from ..session import Session
from ..widgets.question import QuestionPane
from ..widgets.ranking import RankingPanel


class WizardScreen(Screen[None]):
    """Asks the questions in order and keeps the ranking up to date."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,tab", "next", "Next", show=False),
        Binding("escape", "back", "Back"),
        Binding("shift+tab", "back", "Back", show=False),
        Binding("ctrl+r", "result", "Result"),
        Binding("pagedown", "help(1)", "Scroll help", show=False),
        Binding("pageup", "help(-1)", "Scroll help", show=False),
    ]

    def __init__(self, session: Session, *, start: int = 0) -> None:
        """Ask about ``session``'s answers, starting at question number ``start``."""
        super().__init__()
        self.session = session
        """The answers so far; this screen is the one that changes them."""
        self.index = start
        """The question shown (an index into :data:`~decider.answers.QUESTIONS`)."""
        self._generation = 0
        self._draft_failing = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield QuestionPane(self.session.knowledge, id="question")
            yield RankingPanel(self.session.knowledge, id="ranking")
        yield Footer()

    def on_mount(self) -> None:
        self._go(self.index)
        self._rescore(background=False)
        if self.session.draft:
            from .resume import ResumeScreen  # only when there is a draft to offer

            self.app.push_screen(ResumeScreen(self.session.draft), self._resumed)

    def _resumed(self, resume: bool | None) -> None:
        if resume:
            self.session.resume()
            self._go(self.session.first_open())
            self._rescore()

    # --- navigation ---------------------------------------------------------------------

    def _go(self, index: int) -> None:
        self.index = index
        question = QUESTIONS[index]
        placeholder = None
        if question.key == "consumer_count" and "consumers" in self.session.values:
            count = len(self.session.values["consumers"])
            placeholder = f"{count}, the consumers listed"
        self.query_one(QuestionPane).show(
            question,
            self.session.values.get(question.key),
            step=self._step(),
            placeholder=placeholder,
        )
        self.sub_title = str(self.session.values.get("title", ""))

    def _step(self) -> Content:
        question = QUESTIONS[self.index]
        dots = Content.assemble(
            *(
                (
                    "◆" if i == self.index else "●" if q.key in self.session.values else "○",
                    "$text-accent" if i == self.index else "$text-muted",
                )
                for i, q in enumerate(QUESTIONS)
            )
        )
        need = "  required" if question.required else ""
        return Content.assemble(
            (f"Question {self.index + 1} of {len(QUESTIONS)} ", "bold"),
            dots,
            (need, "$text-warning"),
        )

    def action_next(self) -> None:
        """Keep the answer in the field and go to the next question (or the result).

        Tab comes here; Enter reaches the field first, which posts ``Advance`` (so a key
        typed just before Enter is never overtaken).
        """
        answer = self.query_one(QuestionPane).commit()
        if answer is None:
            self.app.bell()
            return
        self._apply(answer.key, answer.value)
        self._forward()

    def _forward(self) -> None:
        if self.index + 1 < len(QUESTIONS):
            self._go(self.index + 1)
        else:
            self.action_result()

    def action_back(self) -> None:
        """Go to the previous question."""
        if self.index > 0:
            self._go(self.index - 1)
        else:
            self.app.bell()

    def action_result(self) -> None:
        """Show the whole result: ranking, reasons, what would change it, the ADR."""
        from .result import ResultScreen  # its Markdown preview loads only when asked for

        self.app.push_screen(ResultScreen(self.session))

    def action_help(self, pages: int) -> None:
        """Scroll the help text."""
        self.query_one(QuestionPane).scroll_help(pages)

    @on(QuestionPane.Advance)
    def _advance(self) -> None:
        self._forward()

    @on(RankingPanel.Opened)
    def _opened(self) -> None:
        self.action_result()

    # --- answers ------------------------------------------------------------------------

    @on(QuestionPane.Answered)
    def _answered(self, message: QuestionPane.Answered) -> None:
        self._apply(message.key, message.value)

    def _apply(self, key: str, value: object) -> None:
        if not self.session.set(key, value):
            return
        self._save_draft()
        self._rescore()
        if key == "title":
            self.sub_title = str(value or "")
        self.query_one(QuestionPane).set_step(self._step())

    @work(thread=True, group="draft")
    def _save_draft(self) -> None:
        try:
            self.session.drafts.flush()
        except (DeciderError, OSError) as exc:
            self.app.call_from_thread(self._draft_failed, exc)
        else:
            self._draft_failing = False

    def _draft_failed(self, exc: DeciderError | OSError) -> None:
        if not self._draft_failing:  # say it once, not at every keystroke
            self._draft_failing = True
            message = exc.message if isinstance(exc, DeciderError) else str(exc)
            self.notify(
                f"{message}. Your answers are kept while the wizard runs; ctrl+s writes the ADR.",
                title="Draft not saved",
                severity="error",
                timeout=10,
            )

    def _rescore(self, *, background: bool = True) -> None:
        self._generation += 1
        panel = self.query_one(RankingPanel)
        try:
            answers = self.session.answers()
        except AnswersError as exc:
            missing = self.session.missing()
            panel.result = None
            panel.note = (
                "Answer " + ", ".join(LABELS.get(q.key, q.key) for q in missing) + " to rank."
                if missing
                else exc.message
            )
            return
        if background:
            self._score(answers, self._generation)
        else:
            self._show(self._generation, decide(self.session.knowledge, answers, what_if=False))

    @work(thread=True, exclusive=True, group="score")
    def _score(self, answers: Answers, generation: int) -> None:
        result = decide(self.session.knowledge, answers, what_if=False)
        self.app.call_from_thread(self._show, generation, result)

    def _show(self, generation: int, result: Result) -> None:
        if generation == self._generation:  # a newer answer is being scored
            panel = self.query_one(RankingPanel)
            panel.note = ""
            panel.result = result
