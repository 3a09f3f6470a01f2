"""Turning answers into a :class:`~decider.model.Decision`: title, date and the engine's result."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata

from .engine import decide
from .errors import InputError
from .model import DECISION_STATUSES, Answers, Decision, Knowledge

MAX_SLUG = 60


def decision_date() -> str:
    """Today as ``YYYY-MM-DD``, or the day of ``$SOURCE_DATE_EPOCH`` (UTC) when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
        except (ValueError, OverflowError, OSError):
            raise InputError(
                f"SOURCE_DATE_EPOCH: {epoch!r} is not a Unix time in seconds"
            ) from None
    return dt.date.today().isoformat()


def clean_title(title: str | None) -> str:
    """The title on one line, or an error saying how to give one."""
    text = " ".join((title or "").split())
    if not text:
        raise InputError("a decision needs a title: add 'title' to the answers or pass --title")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("title: not valid text (it holds bytes that are not UTF-8)") from None
    return text


def slugify(title: str) -> str:
    """A file-name part for a title: lower-case ASCII words joined by '-', at most 60 chars."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG:
            break
        slug = candidate
    return slug or (words[0][:MAX_SLUG] if words else "decision")


def make_decision(
    knowledge: Knowledge,
    answers: Answers,
    *,
    title: str | None = None,
    status: str = "proposed",
    number: int | None = None,
) -> Decision:
    """Decide and wrap the result with its title, status and date."""
    if status not in DECISION_STATUSES:
        raise InputError(
            f"status: {status!r} is not allowed; expected one of {', '.join(DECISION_STATUSES)}"
        )
    return Decision(
        number=number,
        title=clean_title(title or answers.title),
        answers=answers,
        result=decide(knowledge, answers),
        status=status,
        date=decision_date(),
    )
