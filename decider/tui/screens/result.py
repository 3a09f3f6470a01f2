"""The result screen: the ranking with its reasons, what would change the answer, the
service to use, and a preview of the ADR.

The engine's full :func:`~decider.engine.decide` (with the what-if analysis) and the ADR
preview run in a thread when the screen opens.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static, TabbedContent, TabPane

from ...engine import decide
from ...errors import AnswersError, DeciderError
from ...model import Answers, Result
from ...render import recommendation_line
from ..session import Session
from ..widgets.reasons import ReasonsView


def without_front_matter(markdown: str) -> str:
    """The ADR body: the YAML front matter is data for tools, not for the preview."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            return markdown[end + 5 :].lstrip("\n")
    return markdown


class ResultScreen(Screen[None]):
    """Shows the engine's verdict on the answers so far."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("r", "tab('why')", "Reasons"),
        Binding("a", "tab('preview')", "ADR"),
    ]

    def __init__(self, session: Session) -> None:
        """Show the result of ``session``'s answers."""
        super().__init__()
        self.session = session
        """The answers to decide on."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Deciding…", id="headline", markup=False)
        with TabbedContent(id="result-tabs"):
            with TabPane("Ranking and reasons", id="why"):
                yield ReasonsView(self.session.knowledge, id="reasons")
            with TabPane("ADR preview", id="preview"), VerticalScroll(id="preview-scroll"):
                yield Static(
                    "The ADR as ctrl+s would write it now (without its front matter, "
                    "which keeps the answers and the ranking for tools).",
                    classes="note",
                )
                yield Markdown(id="adr")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = str(self.session.values.get("title", ""))
        self.query_one(ReasonsView).focus()
        try:
            answers = self.session.answers()
        except AnswersError as exc:
            self.query_one("#headline", Static).update(
                Content.styled(f"Not ranked yet: {exc.message}. Escape goes back.", "$text-warning")
            )
            self.query_one(ReasonsView).display = False
            return
        self._decide(answers)

    @work(exclusive=True, group="result")
    async def _decide(self, answers: Answers) -> None:
        """Decide and preview in a thread, then show it all (the worker ends once shown)."""
        result, markdown = await asyncio.to_thread(self._compute, answers)
        headline = recommendation_line(self.session.knowledge, result)
        style = "bold" if result.recommendation else "bold $text-warning"
        self.query_one("#headline", Static).update(Content.styled(headline, style))
        await self.query_one(ReasonsView).show(result)
        await self.query_one("#adr", Markdown).update(markdown)

    def _compute(self, answers: Answers) -> tuple[Result, str]:
        knowledge = self.session.knowledge
        result = decide(knowledge, answers)
        try:
            from ...adr import preview  # Jinja2 loads only for the preview

            markdown = without_front_matter(preview(knowledge, answers))
        except DeciderError as exc:
            markdown = f"*The ADR cannot be previewed yet: {exc.message}*"
        return result, markdown

    def action_tab(self, tab: str) -> None:
        """Show one of the tabs, ready to scroll with the keys."""
        self.query_one(TabbedContent).active = tab
        scroll = "#reasons" if tab == "why" else "#preview-scroll"
        self.query_one(scroll, VerticalScroll).focus()
