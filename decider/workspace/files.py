"""Writing files so that nothing is ever half-written, and the workspace's lock.

Every file decider writes goes through :func:`atomic_write` (a temporary file in the same
folder, flushed, then renamed into place) or :func:`exclusive_write` (the same, but linked
into place so an existing file is never replaced). Writers of one workspace take
:func:`locked` first. :func:`read_cache` and :func:`write_cache` keep the caches of
what was read or rendered before (records, site pages).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once, at import, while nothing else runs


def _temporary(path: Path, raw: bytes, mode: int, *, durable: bool = True) -> str:
    """A flushed temporary file beside ``path`` holding ``raw``, with permissions ``mode``
    (``mkstemp`` makes it private; a record is for the team to read), on disk unless not
    ``durable``."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            if durable:
                os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


def _mode_for(path: Path) -> int:
    """The mode a file at ``path`` keeps (an existing file's), or the umask's default."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_UMASK


def atomic_write(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write ``path`` so that a reader (or a crash) sees the old content or the new, never half.

    The data goes to a temporary file in the same folder, is flushed to disk, and is then
    renamed over ``path``. A cache, which is checked when read and rebuilt when broken,
    passes ``durable=False`` to skip the flush to disk (after a crash it may be lost, not
    half-read).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary(path, raw, _mode_for(path), durable=durable)
    try:
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
    temporary = _temporary(path, data.encode("utf-8"), 0o666 & ~_UMASK)
    try:
        os.link(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@contextlib.contextmanager
def locked(state: Path) -> Iterator[None]:
    """Hold the workspace's exclusive lock (the file ``lock`` in its ``.decider`` folder)."""
    import fcntl

    state_folder(state)
    with open(state / "lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


IGNORED = ("draft.yaml", "lock", "records.cache", "site.cache", ".site-helper-*")
"""What git is told to leave alone in ``.decider`` (``templates/`` is the team's to commit)."""


def state_folder(state: Path) -> None:
    """Create the workspace's ``.decider`` folder, telling git to ignore what is not shared
    (and telling it again, without losing lines of the team's, when decider keeps more)."""
    state.mkdir(parents=True, exist_ok=True)
    ignore = state / ".gitignore"
    try:
        text = ignore.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = "# decider's own state, not to commit (templates/ is yours to commit)\n"
    except (OSError, ValueError):
        return
    missing = [name for name in IGNORED if name not in text.splitlines()]
    if missing:
        text += "" if text.endswith("\n") else "\n"
        with contextlib.suppress(OSError):
            atomic_write(ignore, text + "".join(f"{name}\n" for name in missing))


def read_cache(path: Path, version: int) -> dict[Any, Any]:
    """The entries of a cache file written by :func:`write_cache` with ``version``; empty
    when it is missing, broken or of another version (a cache only ever saves time)."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if isinstance(data, dict) and data.get("version") == version:
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}
    return {}


def write_cache(path: Path, version: int, entries: dict[Any, Any]) -> None:
    """Replace a cache file atomically, without flushing it to disk (a cache lost in a
    crash is rebuilt); failing to write it only costs the next run time. In the
    workspace's ``.decider`` folder, git is told to leave it alone."""
    with contextlib.suppress(OSError, ValueError):
        if path.parent.name == ".decider":
            state_folder(path.parent)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, marshal.dumps({"version": version, "entries": entries}), durable=False)
