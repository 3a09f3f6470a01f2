"""The wizard's answers between its screens, without a UI.

A :class:`Session` holds what the user has answered so far as plain data (as in an
answers file), checks each answer with the answers contract, turns the answers into
:class:`~decider.model.Answers` for the engine, and keeps the draft on disk through a
:class:`DraftKeeper`. Every rule it applies is the core's: validation is
:func:`~decider.answers.parse_answers`, writing is the workspace's.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..answers import QUESTIONS, Question, missing_questions, parse_answers
from ..answers import check_answer as answers_check
from ..errors import AnswersError
from ..model import Answers, Knowledge

if TYPE_CHECKING:
    from ..workspace import Recorded, Workspace


def check_answer(key: str, value: object) -> Any:
    """Check one answer with the answers contract and return its clean value.

    Args:
        key: The question's key.
        value: The value as plain data (``None`` for "don't know").

    Returns:
        The value as the contract keeps it, with lists instead of tuples, or ``None``.

    Raises:
        AnswersError: naming the key, the value and what is allowed.
    """
    clean = answers_check(key, value)
    return list(clean) if isinstance(clean, tuple) else clean


def lenient(data: object) -> dict[str, Any]:
    """Keep the valid answers of a partial mapping (a draft), in question order."""
    if not isinstance(data, Mapping):
        return {}
    kept: dict[str, Any] = {}
    for question in QUESTIONS:
        if question.key in data:
            try:
                value = check_answer(question.key, data[question.key])
            except AnswersError:
                continue
            if value is not None:
                kept[question.key] = value
    return kept


class DraftKeeper:
    """Saves the latest answers to the workspace's draft, one write at a time.

    The screens :meth:`submit` a snapshot after every answer and call :meth:`flush` from
    a worker thread; a flush writes only the newest snapshot, so a burst of keystrokes
    costs one or two writes, and an older snapshot never overwrites a newer one.
    """

    def __init__(self, workspace: Workspace, saved: Mapping[str, Any] | None = None) -> None:
        """Keep drafts for ``workspace``; ``saved`` is what its draft file holds now."""
        self.workspace = workspace
        """The workspace whose draft file this keeps."""
        self._pending: dict[str, Any] | None = None
        self._saved: dict[str, Any] | None = dict(saved) if saved is not None else None
        self._lock = threading.Lock()
        self._writing = threading.Lock()

    def submit(self, snapshot: Mapping[str, Any]) -> None:
        """Remember ``snapshot`` as the draft to write next."""
        with self._lock:
            self._pending = dict(snapshot)

    def flush(self) -> None:
        """Write the newest submitted snapshot, if any (blocking).

        Raises:
            WorkspaceError: when the draft cannot be written.
        """
        with self._writing:
            with self._lock:
                snapshot, self._pending = self._pending, None
            if snapshot is None or snapshot == self._saved:
                return
            if snapshot:
                self.workspace.save_draft(snapshot)
            else:
                self.workspace.clear_draft()
            self._saved = snapshot

    def forget(self, snapshot: Mapping[str, Any]) -> bool:
        """Delete the draft, unless answers newer than ``snapshot`` wait to be saved.

        Returns:
            Whether the draft was deleted.
        """
        with self._writing:
            with self._lock:
                latest = self._pending if self._pending is not None else self._saved
                if latest is not None and latest != dict(snapshot):
                    return False
                self._pending = None
            self.workspace.clear_draft()
            self._saved = None
            return True


@dataclass
class Session:
    """What the user has answered, and where it goes.

    Attributes:
        knowledge: The knowledge base that scores the answers.
        workspace: Where the ADR and the draft are written.
        values: The answers so far as plain data, keyed by question.
        draft: Valid answers of an unfinished draft found at start (empty when none).
        drafts: Keeps ``values`` on disk as the draft.
    """

    knowledge: Knowledge
    workspace: Workspace
    values: dict[str, Any] = field(default_factory=dict)
    draft: dict[str, Any] = field(default_factory=dict)
    drafts: DraftKeeper = field(init=False)

    def __post_init__(self) -> None:
        self.drafts = DraftKeeper(self.workspace, self.draft or None)

    def set(self, key: str, value: Any) -> bool:
        """Set one checked answer (``None``: don't know); return whether it changed."""
        if self.values.get(key) == value:
            return False
        if value is None:
            del self.values[key]
        else:
            self.values[key] = value
        self.drafts.submit(self.snapshot())
        return True

    def resume(self) -> None:
        """Take the draft's answers over the current ones."""
        self.values = dict(self.draft)

    def snapshot(self) -> dict[str, Any]:
        """The answers so far, in question order (what the draft file holds)."""
        return {q.key: self.values[q.key] for q in QUESTIONS if q.key in self.values}

    def missing(self) -> tuple[Question, ...]:
        """The questions the engine still needs before it can rank."""
        return missing_questions(self.values)

    def answers(self) -> Answers:
        """The answers for the engine.

        Raises:
            AnswersError: when a needed answer is missing or two answers disagree.
        """
        return parse_answers(self.snapshot(), "answers")

    def first_open(self) -> int:
        """The index of the first question not answered yet (0 when all are)."""
        for index, question in enumerate(QUESTIONS):
            if question.key not in self.values:
                return index
        return 0

    def record(
        self, answers: Answers, snapshot: Mapping[str, Any], *, diagram: bool = True
    ) -> Recorded:
        """Write the ADR, its diagram and the decision log, then delete the draft.

        Safe to call from a worker thread: it reads only its arguments.

        Args:
            answers: The answers to record.
            snapshot: The plain answers they came from; the draft is deleted only when
                nothing newer waits to be saved.
            diagram: Whether to draw the diagram (it needs Graphviz).

        Raises:
            DeciderError: when the decision cannot be written; the answers stay.
        """
        recorded = self.workspace.record(self.knowledge, answers, diagram=diagram)
        self.drafts.forget(snapshot)
        return recorded
