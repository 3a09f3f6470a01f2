"""Changing where a decision stands: its status, and who supersedes whom. Text in, text out.

Each edit touches only the lines that carry the status, in the record's own style:
the front matter (``status:``, ``superseded-by:``) and decider's visible status line;
MADR 2's ``* Status:`` line; adr-tools' ``## Status`` section. Everything else in the
record is left exactly as it was.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import yaml

from .errors import InputError
from .records import Record

SETTABLE = ("proposed", "accepted", "rejected", "deprecated")
"""Statuses ``decider status`` sets; ``superseded`` comes from ``decider new --supersedes``."""

_FRONT = re.compile(r"\A(---\s*\n)(.*?)(\n---\s*(?:\n|\Z))", re.DOTALL)
_VISIBLE = re.compile(r"^Status: \*\*[^*]*\*\*(?: by [^·\n]*?)?(?= ·|$)", re.MULTILINE)
_LIST_STATUS = re.compile(r"^(\s*[*-]\s+Status\s*:\s*).*$", re.MULTILINE | re.IGNORECASE)
_SECTION = re.compile(r"^(##\s+Status\s*\n+)([^\n]*)", re.MULTILINE)


def link(record: Record) -> str:
    """A Markdown link to a record, as the visible lines show it: ``[0003. Title](file)``."""
    from .templates import md_inline

    return f"[{md_inline(record.label)}. {md_inline(record.title)}]({href(record)})"


_URL_SAFE = re.compile(r"[A-Za-z0-9._~-]*")
"""Names :func:`urllib.parse.quote` leaves as they are (decider's slugs are)."""


def href(record: Record) -> str:
    """The record's file name as a link target (quoted, so no name can break the link)."""
    name = record.path.name
    return name if _URL_SAFE.fullmatch(name) else quote(name)


def _set_key(front: str, key: str, value: object, after: str = "status") -> str:
    line = f"{key}: {yaml.safe_dump(value, default_flow_style=True, width=1000).strip()}"
    line = line.removesuffix("\n...")
    pattern = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
    if pattern.search(front):
        return pattern.sub(lambda _: line, front, count=1)
    anchor = re.compile(rf"^{re.escape(after)}:.*$", re.MULTILINE)
    found = anchor.search(front)
    if found:
        return front[: found.end()] + "\n" + line + front[found.end() :]
    return f"{front}\n{line}"


def _edit_front(text: str, edit: dict[str, object]) -> str:
    found = _FRONT.match(text)
    if not found:
        raise InputError("the record has no front matter to edit")
    front = found.group(2)
    for key, value in edit.items():
        front = _set_key(front, key, value)
    return found.group(1) + front + found.group(3) + text[found.end() :]


def set_status(text: str, record: Record, status: str, *, by: str = "") -> str:
    """The record's text with its status changed (``by``: "[0005. Title](file)" links)."""
    shown = f"{status} by {by}" if by else status
    if record.style in ("decider", "madr") and _FRONT.match(text):
        text = _edit_front(text, {"status": status})
        return _VISIBLE.sub(
            lambda _: f"Status: **{status}**" + (f" by {by}" if by else ""), text, count=1
        )
    if _LIST_STATUS.search(text):
        return _LIST_STATUS.sub(lambda m: m.group(1) + shown, text, count=1)
    if _SECTION.search(text):
        words = shown[0].upper() + shown[1:]
        return _SECTION.sub(lambda m: m.group(1) + words, text, count=1)
    raise InputError(
        f"{record.path.name}: no status to change (no front matter, "
        f"'* Status:' line or '## Status' section)"
    )


def supersede(text: str, record: Record, newer: list[Record]) -> str:
    """Mark ``record`` as superseded by ``newer`` (keeping any earlier supersessors)."""
    numbers = sorted({*record.superseded_by, *(r.number for r in newer if r.number)})
    known = {r.number: r for r in newer}
    by = ", ".join(link(known[n]) if n in known else f"{n:04d}" for n in numbers)
    text = set_status(text, record, "superseded", by=by)
    if record.style in ("decider", "madr") and _FRONT.match(text):
        text = _edit_front(text, {"superseded-by": numbers})
    return text


def check_status(status: str) -> str:
    """``status`` if ``decider status`` may set it, else a one-line error."""
    if status not in SETTABLE:
        raise InputError(
            f"status: {status!r} is not allowed; expected one of "
            f"{', '.join(SETTABLE)} (superseded comes from new --supersedes)"
        )
    return status
