"""The team's MkDocs site at the edge: build it strictly, or serve it with live reload."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import ToolError
from .model import Knowledge
from .workspace import Workspace

BUILD_TIMEOUT_S = 900
INSTALL_HINT = "install decider with its dependencies (pip install decider) to get MkDocs"


def _mkdocs(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args]


def prepare(workspace: Workspace, knowledge: Knowledge) -> Path:
    """Regenerate the decision log and make sure a ``mkdocs.yml`` exists; return it."""
    workspace.write_index(knowledge)
    workspace.ensure_site()
    return workspace.root / "mkdocs.yml"


def build(workspace: Workspace, knowledge: Knowledge, *, timeout: float = BUILD_TIMEOUT_S) -> Path:
    """Build the site strictly into ``site/``; return that folder.

    Raises:
        ToolError: with MkDocs' own message when the build fails or times out.
    """
    config = prepare(workspace, knowledge)
    target = workspace.root / "site"
    try:
        done = subprocess.run(
            _mkdocs(
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
        )
    except subprocess.TimeoutExpired:
        raise ToolError(f"mkdocs build took longer than {timeout:g} s") from None
    if done.returncode != 0:
        raise ToolError(
            "mkdocs build failed: " + _first_problem(done.stderr + done.stdout),
            hint=INSTALL_HINT if "No module named mkdocs" in done.stderr else None,
        )
    return target


def serve(workspace: Workspace, knowledge: Knowledge, address: str = "127.0.0.1:8000") -> int:
    """Serve the site with live reload until interrupted; return MkDocs' exit code."""
    config = prepare(workspace, knowledge)
    try:
        return subprocess.call(
            _mkdocs("serve", "--config-file", str(config), "--dev-addr", address),
            cwd=workspace.root,
        )
    except KeyboardInterrupt:
        return 0


def _first_problem(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for marker in ("ERROR", "Error", "WARNING", "Aborted"):
        for line in lines:
            if marker in line:
                return line
    return lines[-1] if lines else "no output"
