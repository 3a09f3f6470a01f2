"""Reading decision records of every common shape, without writing anything.

decider's own records are MADR 4 with YAML front matter. A team's existing records are
read as they are: MADR 2 and 3 (``* Status: accepted`` lines or front matter),
adr-tools (Nygard: ``# 1. Title``, ``Date:``, a ``## Status`` section that may say
"Superseded by [3. ...](...)"), and log4brains (``YYYYMMDD-slug.md``, MADR 2 style).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .yamlio import parse_yaml

RECORD_NAME = re.compile(r"^(\d{4}|\d{8})-[^/]*\.md$")
"""``NNNN-title.md`` (decider, MADR, adr-tools) or ``YYYYMMDD-title.md`` (log4brains)."""

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_NUMBERED_TITLE = re.compile(r"^\d+\.\s+")
_LIST_FIELD = re.compile(
    r"^\s*[*-]\s+(Status|Date|Deciders)\s*:\s*(.+?)\s*$", re.MULTILINE | re.IGNORECASE
)
_DATE_LINE = re.compile(r"^Date:\s*(.+?)\s*$", re.MULTILINE)
_STATUS_SECTION = re.compile(r"^##\s+Status\s*\n+(.+?)(?=\n##\s|\Z)", re.MULTILINE | re.DOTALL)
_LINKED_NUMBER = re.compile(r"\[(\d+)\.|\((\d{4})-[^)]*\.md\)")


@dataclass(frozen=True)
class Record:
    """One decision record as the log, ``list`` and ``revisit`` see it.

    Attributes:
        number: Its number, or ``None`` for a record without one (log4brains).
        title: Its title.
        status: Lower-case: proposed, accepted, rejected, deprecated, superseded, ...
        date: As written (usually ``YYYY-MM-DD``).
        pattern: The pattern decider chose, for decider's own records.
        path: The file.
        style: ``decider``, ``madr``, ``adr-tools`` or ``log4brains``.
        supersedes: Numbers of the records this one replaces.
        superseded_by: Numbers of the records that replace this one.
        decider: decider's front matter block (answers, ranking ...), for its own records.
    """

    number: int | None
    title: str
    status: str
    date: str
    pattern: str | None
    path: Path
    style: str = "decider"
    supersedes: tuple[int, ...] = ()
    superseded_by: tuple[int, ...] = ()
    decider: Mapping[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """``0007`` or, without a number, the file's date-slug stem."""
        return f"{self.number:04d}" if self.number is not None else self.path.stem


def number_of(path: Path) -> int | None:
    """The record number in a file's name (``None`` for log4brains' date names)."""
    return number_in(path.name)


def number_in(name: str) -> int | None:
    """The record number in a file name (``None`` for log4brains' date names)."""
    prefix = name.split("-", 1)[0]
    return int(prefix) if len(prefix) == 4 and prefix.isdigit() else None


def front_matter(text: str, origin: str) -> tuple[Mapping[str, Any], int]:
    """The front matter as a mapping (empty without one) and where the body starts."""
    found = _FRONT_MATTER.match(text)
    if not found:
        return {}, 0
    # one leading newline makes the parser's line numbers the file's
    data = parse_yaml("\n" + found.group(1), f"{origin}: front matter")
    if data is not None and not isinstance(data, Mapping):
        raise InputError(f"{origin}: front matter: expected a mapping")
    return data or {}, found.end()


def normalise_status(text: str) -> str:
    """The first word of a status, lower-case, with adr-tools' "Superceded" spelled right."""
    words = re.findall(r"[A-Za-z]+", text)
    word = words[0].lower() if words else "unknown"
    return "superseded" if word == "superceded" else word


def _numbers(values: object) -> tuple[int, ...]:
    items = values if isinstance(values, list) else [values]
    found = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            found.append(item)
        elif isinstance(item, str) and item.strip().isdigit():
            found.append(int(item))
    return tuple(found)


def _linked(text: str) -> tuple[int, ...]:
    return tuple(dict.fromkeys(int(a or b) for a, b in _LINKED_NUMBER.findall(text)))


def read_record(path: Path) -> Record:
    """Read one record, whatever its style.

    Raises:
        InputError: for front matter that is not valid YAML (with the file's line).
        OSError, UnicodeDecodeError: for a file that cannot be read.
    """
    text = path.read_text(encoding="utf-8")
    meta, body_start = front_matter(text, path.name)
    body = text[body_start:]
    heading = _HEADING.search(body)
    title = (
        html.unescape(str(meta["title"]))
        if meta.get("title")
        else _NUMBERED_TITLE.sub("", heading.group(1))
        if heading
        else path.stem.split("-", 1)[-1]
    )
    number = number_of(path)
    log4brains = number is None
    if meta:
        block = meta.get("decider")
        decider = block if isinstance(block, Mapping) else {}
        chosen = decider.get("chosen")
        return Record(
            number=number,
            title=title,
            path=path,
            status=normalise_status(str(meta.get("status") or "unknown")),
            date=str(meta.get("date") or ""),
            pattern=str(chosen) if chosen else None,
            style="decider" if decider else ("log4brains" if log4brains else "madr"),
            supersedes=_numbers(meta.get("supersedes")),
            superseded_by=_numbers(meta.get("superseded-by")),
            decider=decider,
        )
    fields = {name.lower(): value for name, value in _LIST_FIELD.findall(body)}
    if "status" in fields:  # MADR 2 style, as log4brains writes it
        status_text = fields["status"]
        return Record(
            number=number,
            title=title,
            path=path,
            status=normalise_status(status_text),
            date=fields.get("date", ""),
            pattern=None,
            style="log4brains" if log4brains else "madr",
            superseded_by=_linked(status_text) if "supersed" in status_text.lower() else (),
        )
    section = _STATUS_SECTION.search(body)
    status_text = section.group(1).strip() if section else "unknown"
    date = _DATE_LINE.search(body)
    lines = status_text.splitlines()
    return Record(
        number=number,
        title=title,
        path=path,
        status=normalise_status(status_text),
        date=date.group(1) if date else "",
        pattern=None,
        style="adr-tools",
        supersedes=tuple(
            n for line in lines if re.match(r"(?i)super[sc]edes", line) for n in _linked(line)
        ),
        superseded_by=tuple(
            n for line in lines if re.match(r"(?i)super[sc]eded by", line) for n in _linked(line)
        ),
    )
