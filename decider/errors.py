"""Errors that reach people: one clear line, and a hint where one helps."""

from __future__ import annotations


class DeciderError(Exception):
    """Base of every error decider reports to a person.

    Attributes:
        message: One line that names the problem.
        hint: What to do about it, or ``None``.
        exit_code: 2 for bad input, 1 for a failed external tool or environment.
    """

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        message = _one_line(message)
        super().__init__(message)
        self.message = message
        self.hint = hint


def _one_line(text: str) -> str:
    """Control characters (a newline in a key someone typed, say) shown as escapes, so an
    error is always exactly one line."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode() for ch in text
    )


class InputError(DeciderError):
    """Bad input from the user: an answers file, a knowledge file, an option."""

    exit_code = 2


class AnswersError(InputError):
    """An answers file or answer that breaks the answers contract."""


class KnowledgeError(InputError):
    """A knowledge file (built in or a team's extension) that does not validate."""


class ToolError(DeciderError):
    """An external tool (Graphviz ``dot``, MkDocs) is missing or failed."""


class WorkspaceError(DeciderError):
    """A workspace that cannot be read or written (permissions, a full disk, a clash)."""
