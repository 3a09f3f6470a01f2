"""What the decision log and the landscape need of each record, cached between runs.

Keyed by file name, size and modification time, so a workspace of a thousand decisions
is not parsed again on every write; kept in the workspace's ``.decider`` folder.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any

from ..records import Record, read_record
from .files import read_cache, write_cache


class RecordCache:
    """What the log and the landscape need of each record (decider's block is cut down to
    the answers naming the systems), keyed by file name, size and modification time, so
    that a workspace of a thousand decisions is not parsed again on every write."""

    VERSION = 4

    def __init__(self, path: Path, *, enabled: bool = True) -> None:
        self.path = path
        self.enabled = enabled
        self.entries: dict[str, tuple[Any, ...]] = {}
        self.changed = False
        if enabled:
            self.entries = read_cache(path, self.VERSION)

    def read(self, path: Path, entry: os.DirEntry[str] | None = None) -> Record:
        """The record at ``path`` (whose folder listing gave ``entry``), from the cache when
        the file has not changed."""
        if not self.enabled:
            return read_record(path)
        stat = entry.stat() if entry is not None else path.stat()
        key = (stat.st_size, stat.st_mtime_ns)
        cached = self.entries.get(path.name)
        if cached is not None and cached[0] == key:
            return _from_cache(cached[1], path)
        record = read_record(path)
        self.entries[path.name] = (key, _to_cache(record))
        self.changed = True
        return record

    def save(self) -> None:
        """Write the cache if it changed (atomically; a failure only costs speed)."""
        if not (self.enabled and self.changed):
            return
        write_cache(self.path, self.VERSION, self.entries)


def _to_cache(record: Record) -> tuple[Any, ...]:
    return (
        record.number,
        record.title,
        record.status,
        record.date,
        record.pattern,
        record.style,
        record.supersedes,
        record.superseded_by,
        _systems(record),
    )


def _systems(record: Record) -> dict[str, Any] | None:
    """The answers naming the systems (all the landscape needs of decider's block), for
    the accepted records the landscape draws."""
    answers = record.decider.get("answers") if record.decider else None
    if record.status != "accepted":
        return None
    if not isinstance(answers, dict):
        return None
    systems = {k: answers[k] for k in ("producer", "consumers", "consumer_count") if k in answers}
    try:
        marshal.dumps(systems)
    except ValueError:  # a hand-edited record with a date or a null in odd places
        return None
    return systems


def _from_cache(fields: tuple[Any, ...], path: Path) -> Record:
    number, title, status, date, pattern, style, supersedes, superseded_by, systems = fields
    return Record(
        number=number,
        title=title,
        status=status,
        date=date,
        pattern=pattern,
        path=path,
        style=style,
        supersedes=tuple(supersedes),
        superseded_by=tuple(superseded_by),
        decider={} if systems is None else {"answers": systems},
    )
