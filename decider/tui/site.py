"""The documentation site served in the background while the wizard runs, without a UI.

The wizard starts ``decider site serve`` as a child process, so the site builds and
serves exactly as it does from the command line; the process stops when the wizard ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Sequence
from pathlib import Path

SITE_URL = "http://127.0.0.1:8000"
"""Where ``decider site serve`` serves the site."""


class SiteServer:
    """One background ``decider site serve`` process.

    Attributes:
        command: The command line that serves the site.
        url: Where it serves it.
    """

    def __init__(self, root: Path, command: Sequence[str] | None = None) -> None:
        """Serve the workspace at ``root``; ``command`` replaces the default (for tests)."""
        self.command: tuple[str, ...] = tuple(
            command or (sys.executable, "-m", "decider", "site", "serve", "--dir", str(root))
        )
        self.url = SITE_URL
        self._process: subprocess.Popen[str] | None = None
        self._stopped = False
        self._tail: deque[str] = deque(maxlen=5)
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self._process is not None and self._process.poll() is None

    def start(self) -> bool:
        """Start the server unless it runs already; return whether it was started now.

        Raises:
            OSError: when the command cannot be started at all.
        """
        with self._lock:
            if self.running:
                return False
            self._stopped = False
            self._tail.clear()
            self._process = subprocess.Popen(
                self.command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",
                start_new_session=True,  # keep the terminal's signals to the wizard
            )
            return True

    def wait(self) -> int | None:
        """Block until the server ends, reading its messages; return its exit status.

        Returns:
            The exit status, or ``None`` when :meth:`stop` ended it (or it never ran).
        """
        process = self._process
        if process is None:
            return None
        assert process.stderr is not None
        for line in process.stderr:
            if line.strip():
                self._tail.append(line.strip())
        status = process.wait()
        return None if self._stopped else status

    @property
    def last_message(self) -> str:
        """The last line the server wrote to its error output, or an empty string."""
        return self._tail[-1] if self._tail else ""

    def stop(self) -> None:
        """End the server and every process it started, and wait for it.

        The server runs in its own process group (``decider site serve`` starts MkDocs as
        a child), so the whole group is signalled.
        """
        with self._lock:
            process = self._process
            if process is None or self._stopped:
                return
            self._stopped = True
            self._signal(process, signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._signal(process, signal.SIGKILL)
                process.wait()

    @staticmethod
    def _signal(process: subprocess.Popen[str], signum: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signum)
