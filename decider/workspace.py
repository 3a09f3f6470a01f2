"""The team's docs repository: where decisions live, and the only module that writes files.

A :class:`Workspace` finds the decisions folder (decider's own config, adr-tools'
``.adr-dir``, log4brains' ``.log4brains.yml``, or MADR's ``docs/decisions``), numbers new
decisions safely when several writers race, and writes every file atomically: to a
temporary file in the same folder, then renamed into place. An existing ADR is never
overwritten.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, WorkspaceError
from .yamlio import parse_yaml

CONFIG_FILE = "decider.yml"
DEFAULT_DECISIONS = Path("docs") / "decisions"
DRAFT_FILE = Path(".decider") / "draft.yaml"
ADR_NAME = re.compile(r"^(\d{4})-[^/]*\.md$")


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``path`` so that a reader (or a crash) sees the old content or the new, never half.

    The data goes to a temporary file in the same folder, is flushed to disk, and is then
    renamed over ``path``.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def exclusive_write(path: Path, data: str) -> None:
    """Write a new file at ``path`` atomically; fail with FileExistsError if it exists.

    The data is written to a temporary file first and then hard-linked into place, which
    fails rather than replaces when ``path`` already exists.
    """
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (a ``.decider.lock`` file inside it)."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".decider.lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _inside(root: Path, relative: str, origin: str) -> Path:
    candidate = (root / relative.strip()).resolve()
    if candidate != root and root not in candidate.parents:
        raise WorkspaceError(
            f"{origin}: the decisions folder {relative.strip()!r} is outside the workspace {root}"
        )
    return candidate


def _configured_folder(root: Path) -> tuple[Path, str]:
    """The decisions folder and what said so."""
    config = root / CONFIG_FILE
    if config.is_file():
        data = parse_yaml(config.read_text(encoding="utf-8"), str(config))
        if not isinstance(data, Mapping) or set(data) - {"decisions"}:
            raise InputError(
                f"{config}: expected a mapping with the key 'decisions' (the decisions folder)"
            )
        folder = data.get("decisions")
        if not isinstance(folder, str) or not folder.strip():
            raise InputError(f"{config}: decisions: expected a folder path")
        return _inside(root, folder, str(config)), CONFIG_FILE
    adr_dir = root / ".adr-dir"
    if adr_dir.is_file():
        folder = adr_dir.read_text(encoding="utf-8").strip()
        if folder:
            return _inside(root, folder, str(adr_dir)), ".adr-dir"
    log4brains = root / ".log4brains.yml"
    if log4brains.is_file():
        data = parse_yaml(log4brains.read_text(encoding="utf-8"), str(log4brains))
        project = data.get("project") if isinstance(data, Mapping) else None
        folder = project.get("adrFolder") if isinstance(project, Mapping) else None
        if isinstance(folder, str) and folder.strip():
            return _inside(root, folder, str(log4brains)), ".log4brains.yml"
    return root / DEFAULT_DECISIONS, "default"


@dataclass(frozen=True)
class Workspace:
    """A docs repository that holds decisions.

    Attributes:
        root: The repository's folder.
        decisions: The decisions folder.
        found_by: What chose the decisions folder: ``decider.yml``, ``.adr-dir``,
            ``.log4brains.yml`` or ``default``.
    """

    root: Path
    decisions: Path
    found_by: str

    @classmethod
    def open(cls, root: Path | str = ".") -> Workspace:
        """Find the decisions folder of the workspace at ``root``; write nothing."""
        base = Path(root).resolve()
        if not base.is_dir():
            raise InputError(f"workspace not found: {root} is not a folder")
        folder, found_by = _configured_folder(base)
        return cls(base, folder, found_by)

    # --- drafts ------------------------------------------------------------------------

    @property
    def draft_path(self) -> Path:
        """Where the wizard keeps unfinished answers."""
        return self.root / DRAFT_FILE

    def save_draft(self, answers: Mapping[str, Any]) -> Path:
        """Save unfinished answers (plain data, as in an answers file) atomically."""
        import yaml

        text = yaml.safe_dump(dict(answers), sort_keys=False, allow_unicode=True)
        try:
            atomic_write(self.draft_path, text)
        except OSError as exc:
            raise WorkspaceError(
                f"cannot save the draft {self.draft_path}: {exc.strerror or exc}"
            ) from None
        return self.draft_path

    def load_draft(self) -> dict[str, Any] | None:
        """The saved unfinished answers, or ``None`` when there are none or they are unreadable."""
        try:
            data = parse_yaml(self.draft_path.read_text(encoding="utf-8"), str(self.draft_path))
        except (OSError, InputError, UnicodeDecodeError):
            return None
        return dict(data) if isinstance(data, Mapping) else None

    def clear_draft(self) -> None:
        """Forget the unfinished answers."""
        with contextlib.suppress(FileNotFoundError):
            self.draft_path.unlink()

    # --- decisions on disk ---------------------------------------------------------------

    def adr_files(self) -> list[Path]:
        """The ADR files (``NNNN-title.md``) in the decisions folder, by number."""
        if not self.decisions.is_dir():
            return []
        found = [p for p in self.decisions.iterdir() if ADR_NAME.match(p.name) and p.is_file()]
        return sorted(found, key=lambda p: (int(p.name[:4]), p.name))

    def next_number(self) -> int:
        """The number after the highest one in the decisions folder (1 when empty)."""
        numbers = [int(p.name[:4]) for p in self.adr_files()]
        return max(numbers, default=0) + 1
