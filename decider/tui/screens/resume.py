"""The dialog that offers to resume an unfinished decision saved as a draft."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...answers import QUESTIONS


class ResumeScreen(ModalScreen[bool]):
    """Asks whether to resume the draft; dismisses with ``True`` to resume it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "start_over", "Start over"),
        Binding("r", "resume", "Resume", show=False),
        Binding("n", "start_over", "Start over", show=False),
        Binding("left,right", "app.focus_next", "Switch", show=False),
    ]

    def __init__(self, draft: Mapping[str, Any]) -> None:
        """Offer ``draft`` (the valid answers it holds)."""
        super().__init__()
        self.draft = draft
        """The answers of the unfinished decision."""

    def compose(self) -> ComposeResult:
        title = self.draft.get("title")
        named = f"“{title}”" if title else "An unnamed decision"
        answered = sum(1 for q in QUESTIONS if q.key in self.draft)
        with Vertical(id="resume-dialog"):
            yield Static(Content.styled("Resume the unfinished decision?", "bold"))
            yield Static(
                f"{named} has {answered} of {len(QUESTIONS)} questions answered. "
                "It was saved as a draft when the wizard last ran.",
                markup=False,  # the title is the user's text
            )
            with Horizontal(id="resume-buttons"):
                yield Button("Resume", id="resume", variant="primary")
                yield Button("Start over", id="start-over")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        """Resume the draft."""
        self.dismiss(True)

    @on(Button.Pressed, "#start-over")
    def action_start_over(self) -> None:
        """Start afresh (from the answers file, if any); the next answer replaces the draft."""
        self.dismiss(False)
