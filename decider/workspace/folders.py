"""Finding a workspace's folders: where its decisions live, and what ``mkdocs.yml`` says.

The decisions folder comes from decider's ``decider.yml``, adr-tools' ``.adr-dir``,
log4brains' ``.log4brains.yml``, or MADR's default ``docs/decisions``; it must be inside
the workspace.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError, WorkspaceError
from ..yamlio import parse_yaml

CONFIG_FILE = "decider.yml"
DEFAULT_DECISIONS = Path("docs") / "decisions"


def _text(path: Path) -> str:
    """A configuration file's text, or a one-line error naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def inside(root: Path, relative: str, origin: str) -> Path:
    candidate = (root / relative.strip()).resolve()
    if candidate != root and root not in candidate.parents:
        raise WorkspaceError(
            f"{origin}: the decisions folder {relative.strip()!r} is outside the workspace {root}"
        )
    return candidate


def decisions_folder(root: Path) -> tuple[Path, str]:
    """The decisions folder and what said so."""
    config = root / CONFIG_FILE
    if config.is_file():
        data = parse_yaml(_text(config), str(config))
        if not isinstance(data, Mapping) or set(data) - {"decisions"}:
            raise InputError(
                f"{config}: expected a mapping with the key 'decisions' (the decisions folder)"
            )
        folder = data.get("decisions")
        if not isinstance(folder, str) or not folder.strip():
            raise InputError(f"{config}: decisions: expected a folder path")
        return inside(root, folder, str(config)), CONFIG_FILE
    adr_dir = root / ".adr-dir"
    if adr_dir.is_file():
        folder = _text(adr_dir).strip()
        if folder:
            return inside(root, folder, str(adr_dir)), ".adr-dir"
    log4brains = root / ".log4brains.yml"
    if log4brains.is_file():
        data = parse_yaml(_text(log4brains), str(log4brains))
        project = data.get("project") if isinstance(data, Mapping) else None
        folder = project.get("adrFolder") if isinstance(project, Mapping) else None
        if isinstance(folder, str) and folder.strip():
            return inside(root, folder, str(log4brains)), ".log4brains.yml"
    return root / DEFAULT_DECISIONS, "default"


def read_mkdocs_config(config: Path) -> Mapping[str, Any]:
    """Read ``mkdocs.yml`` as plain data, ignoring the tags MkDocs configs use
    (``!!python/name:``, ``!ENV``). Read once per version of the file."""
    try:
        stat = config.stat()
    except OSError as exc:
        raise InputError(f"cannot read {config}: {exc.strerror or exc}") from None
    return _read_mkdocs_config(config, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _read_mkdocs_config(config: Path, mtime_ns: int, size: int) -> Mapping[str, Any]:
    import yaml

    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Lenient(base):  # type: ignore[valid-type,misc]
        """The safe loader, C-accelerated, that reads unknown tags as nothing."""

    def ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
        return None

    Lenient.add_multi_constructor("", ignore)
    try:
        data = yaml.load(_text(config), Loader=Lenient)  # a safe loader
    except yaml.YAMLError as exc:
        raise InputError(f"{config}: cannot read it: {' '.join(str(exc).split())}") from None
    return data if isinstance(data, Mapping) else {}
