"""The decisions folder as a log: its files, every record in it (read through the record
cache), and the log pages regenerated from them."""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, WorkspaceError
from ..log import LOG_PAGES
from ..model import Knowledge
from ..records import RECORD_NAME, Record, number_in
from .cache import RecordCache
from .files import atomic_write, locked
from .site import STATE_DIR

DIAGRAM_NAME = re.compile(r"^\d{4}-[^/]*\.(svg|dot)$")


@dataclass(frozen=True)
class Log:
    """The decision log as written: its file, how many decisions it lists, and problems."""

    path: Path
    count: int
    problems: tuple[str, ...]
    unreadable: tuple[Path, ...] = ()


class LogFiles:
    """The log side of a :class:`~decider.workspace.Workspace` (mixed into it)."""

    root: Path
    decisions: Path

    @property
    def templates(self) -> Path:
        raise NotImplementedError

    # --- decisions on disk ---------------------------------------------------------------

    def _listing(self) -> list[str]:
        """The names of the regular files in the decisions folder, sorted."""
        return sorted(self._entries())

    def _entries(self) -> dict[str, os.DirEntry[str]]:
        """The regular files in the decisions folder by name (a ``DirEntry`` stats its file
        without a path being built: a thousand records are read a little faster)."""
        try:
            with os.scandir(self.decisions) as entries:
                return {e.name: e for e in entries if e.is_file()}
        except (FileNotFoundError, NotADirectoryError):
            return {}

    def _remove_stale_temporaries(self, listing: list[str]) -> None:
        """Remove temporary files a killed writer left (call only while holding the lock:
        every writer of the decisions folder holds it, so none of them is still writing)."""
        for name in listing:
            if name.startswith(".") and name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    (self.decisions / name).unlink()

    def next_number(self, listing: list[str] | None = None) -> int:
        """The number after the highest one in the decisions folder (1 when empty), or in
        ``listing``, the folder's file names when they were just read."""
        listing = self._listing() if listing is None else listing
        names = (name for name in listing if RECORD_NAME.match(name))
        numbers = [n for n in map(number_in, names) if n is not None]
        return max(numbers, default=0) + 1

    # --- the decision log -------------------------------------------------------------------

    def read_log(self, *, full: bool = False) -> tuple[list[Record], list[str], list[Path]]:
        """Every readable ADR as a log entry, and one line per problem found on the way.

        Unless ``full``, records are taken from a cache of what the log needs, kept in
        ``.decider/`` and keyed by each file's size and modification time; ``full``
        records also carry decider's front matter block (answers and ranking).

        Problems: a file that cannot be read or whose front matter is broken (with the
        line), two records with the same number (two branches merged), a Markdown file
        that is not a record, a diagram whose record is missing. Nothing is rewritten.
        The third list holds the files to leave out of the site: records that cannot be
        read at all, and Markdown files that are not records (a template, say).
        """
        entries: list[Record] = []
        problems: list[str] = []
        unreadable: list[Path] = []
        files = self._entries()
        listing = sorted(files)
        names = [name for name in listing if name.endswith(".md") and RECORD_NAME.match(name)]
        cache = RecordCache(self.root / STATE_DIR / "records.cache", enabled=not full)
        by_number: dict[int, list[str]] = {}
        for name in names:
            number = number_in(name)
            if number is not None:
                by_number.setdefault(number, []).append(name)
            path = self.decisions / name
            try:
                entries.append(cache.read(path, files[name]))
            except UnicodeDecodeError:
                problems.append(f"{name}: not UTF-8 text; left out of the site")
                unreadable.append(path)
            except OSError as exc:
                problems.append(
                    f"{name}: cannot be read ({exc.strerror or exc}); left out of the site"
                )
                unreadable.append(path)
            except InputError as exc:
                problems.append(exc.message)
        for number, same in sorted(by_number.items()):
            if len(same) > 1:
                problems.append(
                    f"number {number:04d} is used by {' and '.join(same)} "
                    f"(two branches merged?); renumber one of them"
                )
        records = set(names)
        stems = {name.removesuffix(".md") for name in names}
        log_page = self.log_page.name
        for name in listing:
            if name in records:
                continue
            stem, dot, suffix = name.rpartition(".")
            if stem in stems or not dot:
                continue  # a record's own diagram, or not a file decider knows
            if name.startswith(".") or name in LOG_PAGES or name == log_page:
                continue
            if suffix == "md" and not RECORD_NAME.match(name):
                problems.append(
                    f"{name}: not a decision record (expected NNNN-title.md); "
                    f"left out of the log and the site"
                )
                unreadable.append(self.decisions / name)
            elif suffix in ("svg", "dot") and DIAGRAM_NAME.match(name) and stem not in stems:
                problems.append(f"{name}: a diagram without its record {stem}.md")
        cache.save()
        return entries, problems, unreadable

    def regenerate_log(self, knowledge: Knowledge) -> Log:
        """Regenerate the decision log under the workspace lock (see :meth:`write_index`)."""
        try:
            self.decisions.mkdir(parents=True, exist_ok=True)
            with locked(self.root / STATE_DIR):
                return self.write_index(knowledge)
        except OSError as exc:
            raise WorkspaceError(
                f"cannot write the decision log in {self.decisions}: {exc.strerror or exc}"
            ) from None

    def write_index(self, knowledge: Knowledge) -> Log:
        """Regenerate the decision log (``index.md``, ``by-status.md``, ``by-pattern.md``)
        from the record files on disk.

        Call it while holding the workspace lock (:meth:`record` does).
        """
        return self._write_log(knowledge, *self.read_log())

    def _write_log(
        self,
        knowledge: Knowledge,
        records: list[Record],
        problems: list[str],
        unreadable: list[Path],
    ) -> Log:
        from ..log import LANDSCAPE_SVG, log_pages

        landscape = (self.decisions / LANDSCAPE_SVG).is_file()
        index = self.log_page.name
        pages = log_pages(
            records, knowledge, problems, self.templates, landscape=landscape, index=index
        )
        for name, text in pages.items():
            atomic_write(self.decisions / name, text)
        return Log(self.decisions / index, len(records), tuple(problems), tuple(unreadable))

    @property
    def log_page(self) -> Path:
        """The decision log: ``index.md``, unless the folder has an ``index.md`` of its own
        (log4brains writes one), which decider leaves alone and writes beside."""
        from ..log import ALTERNATIVE_LOG, LOG_MARK

        index = self.decisions / "index.md"
        try:
            with index.open("rb") as handle:
                handle.seek(max(0, index.stat().st_size - 512))
                tail = handle.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return index
        except OSError:
            return self.decisions / ALTERNATIVE_LOG
        return index if LOG_MARK in tail else self.decisions / ALTERNATIVE_LOG
