"""The team's MkDocs site at the edge: build it strictly, or serve it with live reload."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace

from .errors import ToolError
from .graphviz import tool_timeout
from .model import Knowledge
from .workspace import Log, Workspace

BUILD_TIMEOUT_S = 900
INSTALL_HINT = "install decider with its dependencies (pip install decider) to get MkDocs"


def _mkdocs(workspace: Workspace, log: Log | None, *args: str) -> list[str]:
    """MkDocs' command line with decider's plugin, leaving out what the log could not read
    (see :mod:`decider.mkdocs_main`)."""
    exclude = workspace.exclude_docs(log.unreadable) if log and log.unreadable else "-"
    return [sys.executable, "-m", "decider.mkdocs_main", exclude, *args]


def _environment() -> dict[str, str]:
    # Material prints a banner about its own future on every build; decider's users did
    # not choose Material's release plans, so it stays out of their terminal.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def prepare(workspace: Workspace, knowledge: Knowledge) -> Log:
    """Draw the landscape (when Graphviz is there), regenerate the decision log, and make
    sure a ``mkdocs.yml`` exists."""
    try:
        log = workspace.draw_landscape(knowledge)
    except ToolError as exc:
        log = workspace.regenerate_log(knowledge)
        log = replace(log, problems=(*log.problems, f"landscape not drawn: {exc.message}"))
    workspace.ensure_site()
    return log


def build(workspace: Workspace, knowledge: Knowledge, *, timeout: float | None = None) -> Log:
    """Build the site strictly into ``site/``; return the decision log it was built with.

    Raises:
        ToolError: with MkDocs' own message when the build fails or times out.
    """
    timeout = timeout if timeout is not None else tool_timeout(BUILD_TIMEOUT_S)
    log = prepare(workspace, knowledge)
    config = workspace.root / "mkdocs.yml"
    target = workspace.root / "site"
    try:
        done = subprocess.run(
            _mkdocs(
                workspace,
                log,
                "build",
                "--strict",
                "--config-file",
                str(config),
                "--site-dir",
                str(target),
            ),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=workspace.root,
            env=_environment(),
        )
    except subprocess.TimeoutExpired:
        raise ToolError(f"mkdocs build took longer than {timeout:g} s") from None
    if done.returncode != 0:
        if re.search(r"No module named '?mkdocs", done.stderr):
            raise ToolError(f"MkDocs is not installed for {sys.executable}", hint=INSTALL_HINT)
        raise ToolError("mkdocs build failed: " + _first_problem(done.stderr + done.stdout))
    return log


def serve(workspace: Workspace, knowledge: Knowledge, address: str = "127.0.0.1:8000") -> int:
    """Serve the site with live reload until interrupted.

    The process becomes MkDocs (``exec``), so whoever stops it (ctrl+c, or the wizard
    ending the server it started) stops the server itself, not a parent that would leave
    MkDocs running.
    """
    log = prepare(workspace, knowledge)
    config = workspace.root / "mkdocs.yml"
    sys.stdout.flush()
    os.chdir(workspace.root)
    os.execve(
        sys.executable,
        _mkdocs(workspace, log, "serve", "--config-file", str(config), "--dev-addr", address),
        _environment(),
    )


def _first_problem(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for marker in ("ERROR", "Error", "WARNING", "Aborted"):
        for line in lines:
            if marker in line:
                return line
    return lines[-1] if lines else "no output"
