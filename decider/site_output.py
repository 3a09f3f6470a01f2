"""Writing a rebuilt site over the previous one, leaving the files that did not change.

MkDocs empties ``site/`` and writes every file again. On a disk where creating a file
costs more than reading one, that is a third of rebuilding a thousand decisions. While a
build runs, :class:`UnchangedFilesKept` stands in for MkDocs' ``clean_directory``,
``write_file`` and ``copy_file``:

* nothing is removed first; the files there are noted with their inode, size and time;
* a file whose bytes are already there under exactly its name is left alone; any other
  is written as a new file (never through a link, whatever was in its way removed);
* at the end, a noted file the build did not produce is removed, with the folders it
  leaves empty, unless something changed it during the build.

MkDocs writes one file itself rather than through those functions (the gzipped
sitemap, beside the sitemap); it counts as produced with the sitemap. The plugin uses
this only when no other plugin is in use, so nothing else writes into the site. The
result is the folder a clean build makes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs import utils

REPLACED = ("clean_directory", "write_file", "copy_file")
ORIGINALS: dict[str, Callable[..., Any]] = {name: getattr(utils, name) for name in REPLACED}
"""MkDocs' own functions, taken once, so they come back even after an interrupted build."""

ALSO_WRITTEN = {"sitemap.xml": "sitemap.xml.gz"}
"""Files MkDocs writes beside one it writes through ``write_file``."""

Noted = tuple[int, int, int, int]
"""A file's device, inode, size and modification time when the build started."""


def restore() -> None:
    """Put MkDocs' own writing functions back."""
    for name, original in ORIGINALS.items():
        setattr(utils, name, original)


class UnchangedFilesKept:
    """MkDocs' writing functions, replaced for one build of ``site_dir``."""

    def __init__(self, site_dir: str) -> None:
        self.site_dir = os.path.abspath(site_dir)
        self.noted: dict[str, Noted] = {}
        self.names: dict[str, set[str]] = {}
        self.folders: set[str] = set()
        self.produced: set[str] = set()

    def install(self) -> None:
        for name in REPLACED:
            setattr(utils, name, getattr(self, name))

    def finish(self) -> None:
        """Remove what the previous build wrote and this one did not, then stop."""
        restore()
        folders = set()
        for path, noted in self.noted.items():
            if path in self.produced:
                continue
            try:
                if _note(os.lstat(path)) != noted:
                    continue  # changed during the build: someone wrote it
                os.unlink(path)
            except OSError:
                continue
            folders.add(os.path.dirname(path))
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
            ORIGINALS["clean_directory"](directory)
            return
        for root, folders, names in os.walk(self.site_dir):
            if root == self.site_dir:  # like MkDocs, leave hidden files at the top alone
                folders[:] = [f for f in folders if not f.startswith(".")]
                names = [n for n in names if not n.startswith(".")]
            self.names[root] = set(names) | set(folders)
            self.folders.update(os.path.join(root, f) for f in folders)
            for name in names:
                path = os.path.join(root, name)
                with contextlib.suppress(OSError):
                    self.noted[path] = _note(os.lstat(path))

    def write_file(self, content: bytes, output_path: str) -> None:
        if not self._inside(output_path):
            ORIGINALS["write_file"](content, output_path)
            return
        path = self._produce(output_path)
        if self._holds(path, content):
            return
        self._make_room(path)
        ORIGINALS["write_file"](content, path)

    def copy_file(self, source_path: str, output_path: str) -> None:
        if not self._inside(output_path):
            ORIGINALS["copy_file"](source_path, output_path)
            return
        # in the site, MkDocs always names the file: a folder there is the old build's
        path = self._produce(output_path)
        try:
            if os.path.getsize(source_path) == self._size(path):
                with open(source_path, "rb") as source:
                    if self._holds(path, source.read()):
                        return
        except OSError:
            pass
        self._make_room(path)
        ORIGINALS["copy_file"](source_path, path)

    def make_way(self, paths: Iterable[str]) -> None:
        """Before anything is written: remove an old file where one of ``paths`` needs a
        folder, and an old folder where one of them is a file (MkDocs creates the folders
        of a file before it hands the file over)."""
        for path in map(os.path.abspath, paths):
            if path in self.folders:
                shutil.rmtree(path, ignore_errors=True)
                self.folders.discard(path)
            folder = os.path.dirname(path)
            while folder.startswith(self.site_dir + os.sep):
                if folder in self.noted and os.path.lexists(folder):
                    with contextlib.suppress(OSError):
                        os.unlink(folder)
                folder = os.path.dirname(folder)

    # --- helpers ----------------------------------------------------------------------------

    def _inside(self, path: str) -> bool:
        return os.path.abspath(path).startswith(self.site_dir + os.sep)

    def _produce(self, output_path: str) -> str:
        path = os.path.abspath(output_path)
        self.produced.add(path)
        folder, name = os.path.split(path)
        if name in ALSO_WRITTEN:
            self.produced.add(os.path.join(folder, ALSO_WRITTEN[name]))
        return path

    def _size(self, path: str) -> int:
        noted = self.noted.get(path)
        return -1 if noted is None else noted[2]

    def _holds(self, path: str, content: bytes) -> bool:
        """Whether the noted file at exactly ``path`` (the case of its name included, as
        some disks ignore it) is a regular file holding ``content``."""
        folder, name = os.path.split(path)
        if self._size(path) != len(content) or name not in self.names.get(folder, ()):
            return False
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode):
                return False
            with open(path, "rb") as handle:
                return handle.read() == content
        except OSError:
            return False

    def _make_room(self, path: str) -> None:
        """Remove what is in the way of writing a new file at ``path``: a file where a
        folder of its path should be, a folder, link or old file where it should be."""
        relative = os.path.relpath(path, self.site_dir)
        current = self.site_dir
        for part in relative.split(os.sep)[:-1]:
            current = os.path.join(current, part)
            if os.path.lexists(current) and not (
                os.path.isdir(current) and not os.path.islink(current)
            ):
                os.unlink(current)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        elif os.path.lexists(path):
            os.unlink(path)  # a new file: never written through a link, with fresh modes


def _note(info: os.stat_result) -> Noted:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
