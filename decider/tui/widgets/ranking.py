"""The ranking panel: a bar per pattern, the leader highlighted, always in view.

The panel draws the :class:`~decider.model.Result` its screen sets; it never scores.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ...model import Knowledge, Result, Score
from ...render import pattern_title

_FULL = "█"
_EMPTY = "─"
ONE_LINE_WIDTH = 56
"""From this width on (the panel under the questions), a pattern takes one line, not two."""
_NAME_ROOM = 28


class RankingPanel(Widget):
    """Shows the engine's ranking as bars, or what it still needs.

    Attributes:
        result: The ranking to show; ``None`` before the engine can rank.
        note: Shown instead of a ranking when ``result`` is ``None``.
    """

    result: reactive[Result | None] = reactive(None, layout=True)
    note: reactive[str] = reactive("", layout=True)

    class FirstPaint(Message):
        """Posted once, after the refresh that first painted a ranking."""

    class Opened(Message):
        """The user clicked the panel: show the whole result."""

    def __init__(self, knowledge: Knowledge, *, id: str | None = None) -> None:
        """Draw patterns as ``knowledge`` names them."""
        super().__init__(id=id)
        self.knowledge = knowledge
        """Names the patterns and services."""
        self._painted = False
        self.border_title = "Ranking"

    def watch_result(self, result: Result | None) -> None:
        if result is not None and not self._painted:
            self._painted = True
            self.call_after_refresh(self.post_message, self.FirstPaint())

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Opened())

    # --- drawing -----------------------------------------------------------------------

    def render(self) -> Content:
        width = max(self.size.width, 12)
        if self.result is None:
            return self._waiting(width)
        lines = [*self._headline(self.result, width), Content("")]
        for number, score in enumerate(self.result.ranking, start=1):
            leader = score.option == self.result.recommendation
            lines += self._pattern(number, score, leader, width)
        lines += [Content(""), Content.styled("ctrl+r: the reasons and the ADR", "$text-muted")]
        return Content("\n").join(lines)

    def _headline(self, result: Result, width: int) -> list[Content]:
        if result.recommendation is None:
            return [
                Content.styled("Nothing fits well", "bold $text-warning"),
                Content.styled("see the result (ctrl+r)", "$text-muted").truncate(width),
            ]
        top = result.score_of(result.recommendation)
        service = self.knowledge.services[top.service].name if top.service else ""
        return [
            Content.assemble(("Recommended ", "$text-muted"), (f"{top.score}/100", "bold")),
            Content.styled(
                pattern_title(self.knowledge, result.recommendation), "bold $text-accent"
            ).truncate(width, ellipsis=True),
            Content.styled(service, "$text-muted").truncate(width, ellipsis=True),
        ]

    def _label(self, option: str, room: int) -> str:
        full = pattern_title(self.knowledge, option)
        name = full if len(full) <= room else self.knowledge.patterns[option].name
        return name if len(name) <= room else name[: max(room - 1, 1)] + "…"

    def _pattern(self, number: int, score: Score, leader: bool, width: int) -> list[Content]:
        """Two lines (name and score, then the bar), or one line in a wide panel."""
        shown = f"{score.score:>3}" if score.viable else "out"
        rank = f"{number}" if score.viable else "-"
        style = "bold $text-accent" if leader else ("$text-muted" if not score.viable else "")
        one_line = width >= ONE_LINE_WIDTH
        room = _NAME_ROOM if one_line else width - len(shown) - 3
        head = [(f"{rank} ", "$text-muted"), (self._label(score.option, room).ljust(room), style)]
        tail = (shown, style or "bold")
        span = width - room - len(shown) - 4 if one_line else width - 2
        if score.viable:
            filled = round(span * score.score / 100)
            detail = Content.assemble(
                (_FULL * filled, "$accent" if leader else "$primary"),
                (_EMPTY * (span - filled), "$text-disabled"),
            )
        else:
            why = score.knockouts[0].requirement if score.knockouts else "a hard limit"
            detail = Content.styled(f"ruled out by {why}", "$text-error").truncate(span, pad=True)
        if one_line:
            return [Content.assemble(*head, " ", detail, " ", tail)]
        return [Content.assemble(*head, " ", tail), Content.assemble("  ", detail)]

    def _waiting(self, width: int) -> Content:
        lines = [
            Content.styled("Not ranked yet", "bold"),
            Content.styled(self.note, "$text-muted"),
            Content(""),
        ]
        one_line = width >= ONE_LINE_WIDTH
        for option in self.knowledge.patterns:
            room = _NAME_ROOM if one_line else width - 2
            name = Content.assemble(("· ", "$text-muted"), self._label(option, room).ljust(room))
            bar = Content.styled(
                _EMPTY * (width - room - 3 if one_line else width - 2), "$text-disabled"
            )
            lines += [Content.assemble(name, " ", bar)] if one_line else [name, Content("  ") + bar]
        return Content("\n").join(lines)
