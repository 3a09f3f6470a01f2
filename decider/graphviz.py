"""Graphviz at the edge: DOT text in, SVG text out, through the real ``dot`` program."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from .errors import ToolError

INSTALL_HINT = (
    "install Graphviz (apt-get install graphviz, brew install graphviz, or "
    "https://graphviz.org/download/), or pass --no-diagram"
)
TIMEOUT_S = 30


def tool_timeout(default: float) -> float:
    """Seconds an external tool may take: ``$DECIDER_TOOL_TIMEOUT``, else ``default``."""
    try:
        return float(os.environ.get("DECIDER_TOOL_TIMEOUT", default))
    except ValueError:
        return default


def svg_from_dot(dot: str, *, timeout: float | None = None) -> str:
    """Lay out ``dot`` with Graphviz and return the SVG.

    Raises:
        ToolError: when ``dot`` is missing, fails, or takes longer than ``timeout`` seconds.
    """
    timeout = timeout if timeout is not None else tool_timeout(TIMEOUT_S)
    program = shutil.which("dot")
    if program is None:
        raise ToolError("Graphviz 'dot' is not installed", hint=INSTALL_HINT)
    try:
        done = subprocess.run(
            [program, "-Tsvg"],
            input=dot.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ToolError(
            f"Graphviz 'dot' took longer than {timeout:g} s", hint=INSTALL_HINT
        ) from None
    except OSError as exc:
        raise ToolError(
            f"Graphviz 'dot' could not run: {exc.strerror or exc}", hint=INSTALL_HINT
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ToolError(f"Graphviz 'dot' failed: {message[0] if message else done.returncode}")
    return compact_svg(done.stdout.decode("utf-8"))


_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
_TITLE = re.compile(r"<title>[^<]*</title>\n?")
_FONT = re.compile(r' font-family="([^"]*)"')


def compact_svg(svg: str) -> str:
    """Graphviz's SVG without what no reader sees: comments, the ``<title>`` of every
    shape (internal ids such as ``cluster_system_consumer0``) and one ``font-family`` per
    text when they are all the same (it is given once, on the drawing). A fifth smaller,
    which a site of a thousand decisions notices."""
    svg = _TITLE.sub("", _COMMENT.sub("", svg))
    fonts = set(_FONT.findall(svg))
    if len(fonts) == 1:
        svg = _FONT.sub("", svg).replace("<svg ", f'<svg font-family="{fonts.pop()}" ', 1)
    return svg
