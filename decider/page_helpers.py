"""Converting pages in helper processes when a build finds little in the cache.

A build with an empty cache (a fresh clone in CI) converts every page's Markdown and
indexes it for search, one page after the other. On a machine with more than one core,
:meth:`Helpers.start` forks helpers when MkDocs has found the pages and is about to read
them: each takes a share of the last pages, reads, converts and indexes them the way the
build would (through the same plugins), and hands back what the cache would hold. When
the build reaches those pages it finds them in the cache, with every check a cached page
gets. A helper's output is discarded, and a helper that fails costs only its share of
the time: the build then does those pages itself.
"""

from __future__ import annotations

import contextlib
import logging
import marshal
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .page_cache import Entry

MIN_PAGES = 40
"""Fewer pages than this are converted faster than a helper starts."""

HELPER_TIMEOUT_S = 300
"""A helper still busy after this long is stopped, and the build does its pages."""

HELPER_SHARE = 0.42
"""A helper's share of the pages when there is one: it also indexes them for search,
which the build does for its own share later, so it takes fewer."""


@dataclass
class Helpers:
    """The helpers of one build, and which pages each is doing."""

    folder: Path
    shares: dict[int, frozenset[str]] = field(default_factory=dict)
    """Each helper's process id and the pages (source paths) it converts."""

    @classmethod
    def start(
        cls,
        pages: Sequence[File],
        work: Callable[[Sequence[File]], dict[str, Entry]],
        folder: Path,
    ) -> Helpers | None:
        """Fork helpers for a share of ``pages`` each; ``work`` converts a share and
        returns the cache entries. ``None`` when helpers would not pay."""
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        if cores < 2 or len(pages) < MIN_PAGES or not hasattr(os, "fork"):
            return None
        if threading.active_count() > 1:
            return None  # forking a process with threads (a server, say) can deadlock
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        for stale in folder.glob(".site-helper-*"):  # a killed build's
            with contextlib.suppress(OSError):
                stale.unlink()
        count = min(cores, 4) - 1
        share = max(1, int(len(pages) * HELPER_SHARE / (1 + HELPER_SHARE * (count - 1))))
        helpers = cls(folder)
        end = len(pages)
        sys.stdout.flush()
        sys.stderr.flush()
        for _ in range(count):
            mine = pages[max(0, end - share) : end]
            end -= len(mine)
            try:
                pid = os.fork()
            except OSError:  # no processes left to start: the build does the rest
                break
            if pid == 0:
                _work_and_exit(mine, work, helpers.output(os.getpid()))
            helpers.shares[pid] = frozenset(f.src_uri for f in mine)
        return helpers if helpers.shares else None

    def output(self, pid: int) -> Path:
        return self.folder / f".site-helper-{pid}.cache"

    def collect(self, page: Page) -> dict[str, Entry]:
        """The cache entries of the helper doing ``page`` (waiting for it to finish), the
        first time one of its pages comes up; otherwise nothing."""
        for pid, share in list(self.shares.items()):
            if page.file.src_uri in share:
                del self.shares[pid]
                return self._wait(pid)
        return {}

    def stop(self) -> None:
        """Wait for helpers whose pages never came up, and drop their output."""
        for pid in list(self.shares):
            del self.shares[pid]
            self._wait(pid)

    def _wait(self, pid: int) -> dict[str, Entry]:
        deadline = time.monotonic() + HELPER_TIMEOUT_S
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:  # stuck: the build does its pages itself
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    break
                time.sleep(0.005)  # a polling interval, bounded by the deadline
        output = self.output(pid)
        try:
            entries = marshal.loads(output.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            entries = {}
        with contextlib.suppress(OSError):
            output.unlink()
        return entries if isinstance(entries, dict) else {}


def _work_and_exit(
    pages: Sequence[File], work: Callable[[Sequence[File]], dict[str, Entry]], output: Path
) -> None:
    """In a helper: convert ``pages`` silently, write what the cache would hold, exit."""
    try:
        for name in ("mkdocs", ""):
            logger = logging.getLogger(name)
            logger.handlers = [logging.NullHandler()]
        temporary = output.with_suffix(".tmp")
        temporary.write_bytes(marshal.dumps(work(pages)))
        os.replace(temporary, output)
    finally:
        os._exit(0)  # never run the build's own exit code twice


def populate(file: File, config: MkDocsConfig, files: Files) -> Page:
    """Read and convert ``file``'s page as MkDocs' build does (plugin events included)."""
    populate_page: Any = getattr(build, "_populate_page", None)
    if populate_page is None:  # a MkDocs that builds differently: the build does it all
        raise RuntimeError("MkDocs has no _populate_page")
    page = file.page if file.page is not None else Page(None, file, config)
    populate_page(page, config, files)
    return page
