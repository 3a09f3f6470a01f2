"""Writing a rebuilt site over the previous one, leaving the files that did not change.

MkDocs empties ``site/`` and writes every file again. On a disk where creating a file
costs more than reading one, that is a third of rebuilding a thousand decisions. While a
build runs, :class:`UnchangedFilesKept` stands in for MkDocs' ``clean_directory``,
``write_file`` and ``copy_file``: nothing is removed first, a file whose bytes are
already there is not written again, and at the end the files the build did not produce
(a removed decision's page) are removed, with the folders they leave empty. A file
written any other way during the build (by another plugin, say) is newer than the build
and is kept. The result is the same folder a clean build makes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from mkdocs import utils

_SLACK_NS = 50_000_000
"""How much older than the build a file's time may read and still count as the build's
(file times come from a coarser clock than ``time.time_ns``)."""


class UnchangedFilesKept:
    """MkDocs' writing functions, replaced for one build of ``site_dir``."""

    def __init__(self, site_dir: str) -> None:
        self.site_dir = os.path.abspath(site_dir)
        self.start_ns = time.time_ns() - _SLACK_NS
        self.before: set[str] = set()
        self.produced: set[str] = set()
        self.originals: dict[str, Callable[..., Any]] = {}

    def install(self) -> None:
        for name in ("clean_directory", "write_file", "copy_file"):
            self.originals[name] = getattr(utils, name)
            setattr(utils, name, getattr(self, name))

    def uninstall(self) -> None:
        for name, original in self.originals.items():
            setattr(utils, name, original)
        self.originals = {}

    def finish(self) -> None:
        """Remove what the previous build wrote and this one did not, then stop."""
        self.uninstall()
        folders = set()
        for path in self.before - self.produced:
            try:
                if os.stat(path).st_mtime_ns < self.start_ns:
                    os.unlink(path)
                    folders.add(os.path.dirname(path))
            except OSError:
                continue
        for folder in sorted(folders, key=len, reverse=True):
            while folder.startswith(self.site_dir + os.sep):
                try:
                    os.rmdir(folder)  # only when empty
                except OSError:
                    break
                folder = os.path.dirname(folder)

    # --- the stand-ins ----------------------------------------------------------------------

    def clean_directory(self, directory: str) -> None:
        if os.path.abspath(directory) != self.site_dir:
            self.originals["clean_directory"](directory)
            return
        for root, folders, names in os.walk(self.site_dir):
            if root == self.site_dir:  # like MkDocs, leave hidden files at the top alone
                folders[:] = [f for f in folders if not f.startswith(".")]
                names = [n for n in names if not n.startswith(".")]
            self.before.update(os.path.join(root, n) for n in names)

    def write_file(self, content: bytes, output_path: str) -> None:
        path = os.path.abspath(output_path)
        self.produced.add(path)
        if _holds(path, content):
            return
        self.originals["write_file"](content, output_path)

    def copy_file(self, source_path: str, output_path: str) -> None:
        if os.path.isdir(output_path):
            output_path = os.path.join(output_path, os.path.basename(source_path))
        path = os.path.abspath(output_path)
        self.produced.add(path)
        try:
            same = os.path.getsize(source_path) == os.path.getsize(path)
            if same:
                with open(source_path, "rb") as source:
                    if _holds(path, source.read()):
                        return
        except OSError:
            pass
        self.originals["copy_file"](source_path, output_path)


def _holds(path: str, content: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``content``."""
    try:
        if os.path.getsize(path) != len(content):
            return False
        with open(path, "rb") as handle:
            return handle.read() == content
    except OSError:
        return False
