"""The whole result in words: each pattern with the reasons behind its score, what would
change the answer, and the warnings.

The sentences come from :mod:`decider.render`, so the wizard says what the CLI and the
ADR say.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from ...model import Contribution, Knowledge, Result, Score, Violation
from ...render import pattern_title, what_if_sentence


def _row(points: str, kind: str, text: Content) -> Widget:
    return Horizontal(
        Static(points, classes=f"points {kind}", markup=False),
        Static(text, classes="reason", markup=False),
        classes="reason-row",
    )


class ReasonsView(VerticalScroll):
    """Shows a :class:`~decider.model.Result` in full; :meth:`show` replaces what it shows."""

    def __init__(self, knowledge: Knowledge, *, id: str | None = None) -> None:
        """Name patterns, services and sources as ``knowledge`` does."""
        super().__init__(id=id)
        self.knowledge = knowledge
        """Names the patterns, services and sources."""

    async def show(self, result: Result) -> None:
        """Replace the content with ``result`` (returns once it is mounted)."""
        with self.app.batch_update():
            await self.remove_children()
            await self.mount_all(self._compose_result(result))

    def _compose_result(self, result: Result) -> list[Widget]:
        """The leader, what would change the answer, the warnings, then the other options."""
        cards = [
            self._card(number, score, score.option == result.recommendation)
            for number, score in enumerate(result.ranking, start=1)
        ]
        first, others = (cards[:1], cards[1:]) if result.recommendation else ([], cards)
        widgets: list[Widget] = list(first)
        if result.what_if:
            widgets.append(Static("What would change the answer", classes="section", markup=False))
            widgets += [
                Static(f"• {what_if_sentence(self.knowledge, w)}", classes="bullet", markup=False)
                for w in result.what_if
            ]
        if result.warnings:
            widgets.append(Static("Warnings", classes="section", markup=False))
            widgets += [
                Static(f"! {w}", classes="bullet warning", markup=False) for w in result.warnings
            ]
        if others:
            label = "The other options" if first else "The options"
            widgets.append(Static(label, classes="section", markup=False))
            widgets += others
        widgets.append(
            Static(f"Knowledge base {result.knowledge_version}", classes="version", markup=False)
        )
        return widgets

    def _card(self, number: int, score: Score, leader: bool) -> Widget:
        k = self.knowledge
        shown = f"{score.score}/100" if score.viable else "ruled out"
        head = Content.assemble(
            (f"{number if score.viable else '-'}  ", "$text-muted"),
            (pattern_title(k, score.option), "bold"),
            "  ",
            (shown, "bold" if score.viable else "$text-error"),
        )
        children: list[Widget] = [Static(head, classes="card-title", markup=False)]
        if score.service:
            service = k.services[score.service]
            children.append(Static(f"use {service.setup}", classes="service", markup=False))
        children += [self._contribution(c) for c in score.contributions]
        children += [self._knockout(v) for v in score.knockouts]
        if not score.contributions and not score.knockouts:
            children.append(
                Static(
                    "nothing in the answers moves it from the base score",
                    classes="service",
                    markup=False,
                )
            )
        classes = "card leader" if leader else ("card out" if not score.viable else "card")
        return Vertical(*children, classes=classes)

    def _contribution(self, c: Contribution) -> Widget:
        text = Content.assemble(c.reason, (f" ({c.source})", "$text-muted"))
        kind = "plus" if c.points >= 0 else "minus"
        return _row(f"{c.points:+d}", kind, text)

    def _knockout(self, v: Violation) -> Widget:
        text = Content.assemble(v.message, (f" ({v.source})", "$text-muted"))
        return _row("out", "minus", text)

    def compose(self) -> ComposeResult:
        yield Static("Scoring…", classes="service", markup=False)
