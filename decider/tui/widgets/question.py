"""One question of the wizard: the prompt, an answer field, the help and the facts behind it.

The pane shows the question its screen gives it (:meth:`QuestionPane.show`) and posts
:class:`QuestionPane.Answered` for every valid answer (at every keystroke) and
:class:`QuestionPane.Advance` when the user presses Enter on a valid answer or picks a
choice. Each answer is checked by the answers contract.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...answers import Question
from ...engine import facts_limiting
from ...errors import AnswersError
from ...model import Knowledge
from ..session import check_answer

DONT_KNOW = "\x00dont-know"
"""The option id of "don't know" in a choice list."""

_PLACEHOLDERS = {
    "text": "type here",
    "names": "name, name, …",
    "count": "a whole number",
    "number": "a number",
    "positive": "a number",
}
_INPUT_TYPES: dict[str, Literal["integer", "number", "text"]] = {
    "count": "integer",
    "number": "number",
    "positive": "number",
}


def parse_text(kind: str, raw: str) -> Any:
    """Turn what was typed into plain data for the answers contract (``None``: empty).

    Numbers that do not parse are returned as typed, for the contract to name.
    """
    raw = raw.strip()
    if not raw:
        return None
    if kind == "names":
        names = [name.strip() for name in raw.split(",") if name.strip()]
        return names or None
    if kind == "count":
        try:
            return int(raw)
        except ValueError:
            return raw
    if kind in ("number", "positive"):
        try:
            number = float(raw)
        except ValueError:
            return raw
        return int(number) if number.is_integer() and raw.lstrip("-").isdigit() else number
    return raw


def show_text(kind: str, value: Any) -> str:
    """An answer as the user would type it."""
    if value is None:
        return ""
    if kind == "names":
        return ", ".join(value)
    return str(value)


class AnswerField(Input):
    """The field for a typed answer: Enter moves on (and says so in the footer)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "Next")]


class AnswerChoices(OptionList):
    """The list for a choice: Enter chooses the highlighted option and moves on."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Next")]


class QuestionPane(Vertical):
    """Asks one question at a time and reports the answers."""

    class Answered(Message):
        """A valid answer (``value`` is ``None`` for "don't know")."""

        def __init__(self, key: str, value: Any) -> None:
            self.key = key
            """The question's key."""
            self.value = value
            """The checked answer as plain data."""
            super().__init__()

    class Advance(Message):
        """The user is done with this question."""

    def __init__(self, knowledge: Knowledge, *, id: str | None = None) -> None:
        """Show the facts ``knowledge`` holds about each question."""
        super().__init__(id=id)
        self.knowledge = knowledge
        """Where the facts behind a question come from."""
        self.question: Question | None = None
        """The question shown."""

    def compose(self) -> ComposeResult:
        yield Static(id="step", markup=False)
        yield Static(id="prompt", markup=False)
        yield AnswerField(id="text-answer")
        yield AnswerChoices(id="choice-answer")
        yield Static(id="status", markup=False)
        with VerticalScroll(id="help", can_focus=False):
            yield Static(id="help-text", markup=False)
            yield Static(id="facts", markup=False)

    # --- attributes down ------------------------------------------------------------------

    def show(
        self,
        question: Question,
        value: Any,
        *,
        step: Content,
        placeholder: str | None = None,
    ) -> None:
        """Show ``question`` with its current answer ``value``.

        Args:
            question: The question to ask.
            value: Its answer so far (``None``: not answered).
            step: Where the question stands in the wizard, drawn above the prompt.
            placeholder: What an empty field means, when the screen knows better.
        """
        self.question = question
        self.query_one("#step", Static).update(step)
        self.query_one("#prompt", Static).update(Content.styled(question.prompt, "bold"))
        self.query_one("#help-text", Static).update(question.help)
        self.query_one("#facts", Static).update(self._facts(question.key))
        self.query_one("#help", VerticalScroll).scroll_home(animate=False)
        field = self.query_one("#text-answer", Input)
        choices = self.query_one("#choice-answer", OptionList)
        is_choice = question.kind == "choice"
        field.display = not is_choice
        choices.display = is_choice
        if is_choice:
            self._show_choices(choices, question, value)
            choices.focus()
        else:
            with field.prevent(Input.Changed):
                field.type = _INPUT_TYPES.get(question.kind, "text")
                field.value = show_text(question.kind, value)
            field.placeholder = placeholder or self._placeholder(question)
            field.cursor_position = len(field.value)
            field.focus()
        self._status("")

    def _placeholder(self, question: Question) -> str:
        text = _PLACEHOLDERS[question.kind]
        if question.key == "title":
            return f"{text} (needed to write the ADR)"
        return text if question.required else f"{text} · empty: don't know"

    def _show_choices(self, choices: OptionList, question: Question, value: Any) -> None:
        ids = [*question.choices, *(() if question.required else (DONT_KNOW,))]
        current = DONT_KNOW if value is None else value
        choices.set_options(
            Option(
                ("◉ " if choice == current else "○ ")
                + ("don't know" if choice == DONT_KNOW else choice),
                id=choice,
            )
            for choice in ids
        )
        choices.highlighted = ids.index(current) if current in ids else 0

    def _facts(self, key: str) -> Content:
        facts = facts_limiting(self.knowledge, key)
        if not facts:
            return Content("")
        lines = [Content.styled("The facts behind it", "bold")]
        for fact in facts:
            services = ", ".join(self.knowledge.services[s].name for s in fact.services)
            source = self.knowledge.sources[fact.source]
            lines.append(Content.assemble("• ", (services, "bold"), f": {fact.says}"))
            lines.append(Content.styled(f"  {source.title}, {source.date}", "$text-muted"))
        return Content("\n").join(lines)

    def _status(self, message: str, *, error: bool = False) -> None:
        style = "$text-error" if error else "$text-muted"
        self.query_one("#status", Static).update(Content.styled(message, style))

    # --- messages up ----------------------------------------------------------------------

    @on(Input.Changed, "#text-answer")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        question = self.question
        if question is None:
            return
        try:
            value = check_answer(question.key, parse_text(question.kind, event.value))
        except AnswersError as exc:
            self._status(exc.message, error=True)
            return
        self._status("")
        self.post_message(self.Answered(question.key, value))

    def commit(self) -> QuestionPane.Answered | None:
        """The answer in the field, to keep as final; ``None`` while it is not valid.

        For a choice, the highlighted option is the answer (Enter chooses it).
        """
        question = self.question
        if question is None:
            return None
        if question.kind == "choice":
            choices = self.query_one("#choice-answer", OptionList)
            if choices.highlighted is None:
                return None
            choice = choices.get_option_at_index(choices.highlighted).id
            return self.Answered(question.key, None if choice == DONT_KNOW else choice)
        text = self.query_one("#text-answer", Input).value
        try:
            value = check_answer(question.key, parse_text(question.kind, text))
        except AnswersError as exc:
            self._status(exc.message, error=True)
            return None
        return self.Answered(question.key, value)

    @on(Input.Submitted, "#text-answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        answer = self.commit()
        if answer is None:
            self.app.bell()
            return
        self.post_message(answer)
        self.post_message(self.Advance())

    @on(OptionList.OptionSelected, "#choice-answer")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        question = self.question
        if question is None:
            return
        choice = event.option.id
        value = None if choice == DONT_KNOW else choice
        self.post_message(self.Answered(question.key, value))
        self.post_message(self.Advance())

    def set_step(self, step: Content) -> None:
        """Redraw where the question stands in the wizard."""
        self.query_one("#step", Static).update(step)

    def scroll_help(self, pages: int) -> None:
        """Scroll the help and facts by ``pages`` pages (negative: up)."""
        help_box = self.query_one("#help", VerticalScroll)
        if pages < 0:
            help_box.scroll_page_up()
        else:
            help_box.scroll_page_down()
