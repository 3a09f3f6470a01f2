"""Benchmarks at scale: workspaces of hundreds of decisions, for ``new`` and the site.

A workspace of N decisions is made from one real ``decider new`` (its ADR, SVG and DOT),
copied N times with other numbers and titles, so that building it takes seconds rather
than N runs of decider; it is then built once, as a team's workspace has been. The floor
of ``decider site build`` is a plain MkDocs Material build of the same pages with MkDocs'
default navigation (every page in it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER_PLACED = ROOT / "examples" / "order-placed.yaml"
DECIDER = str(Path(sys.executable).with_name("decider"))
PLAIN_CONFIG = """site_name: plain
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
"""


def environment() -> dict[str, str]:
    """The environment of every timed command: bytecode on, as users have it."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1764806400")
    return env


def add_decision(workspace: Path) -> None:
    """One real ``decider new`` (the order-placed example) in ``workspace``."""
    subprocess.run(
        [DECIDER, "new", "-a", str(ORDER_PLACED), "-d", str(workspace)],
        check=True,
        stdout=subprocess.DEVNULL,
        env=environment(),
    )


def make_workspace(root: Path, count: int) -> Path:
    """A workspace of ``count`` decisions (and its mkdocs.yml), made from one real record."""
    add_decision(root)
    decisions = root / "docs" / "decisions"
    (first,) = decisions.glob("0001-*.md")
    text = first.read_text()
    stem = first.stem
    for number in range(2, count + 1):
        name = f"{number:04d}-decision-number-{number}"
        (decisions / f"{name}.md").write_text(
            text.replace(
                "Publish OrderPlaced to downstream systems", f"Decision number {number}"
            ).replace(f"{stem}.svg", f"{name}.svg")
        )
        for suffix in (".svg", ".dot"):
            shutil.copyfile(decisions / f"{stem}{suffix}", decisions / f"{name}{suffix}")
    subprocess.run(
        [DECIDER, "site", "build", "-d", str(root)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment(),
    )
    return root


def timed(argv: list[str], cwd: Path | None = None) -> float:
    """Seconds one run of ``argv`` takes."""
    start = time.perf_counter()
    subprocess.run(
        argv,
        check=True,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment(),
    )
    return time.perf_counter() - start


def folder_mb(folder: Path) -> float:
    """The size of everything under ``folder`` in MB."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def site_build_s(workspace: Path) -> float:
    """Seconds of ``decider site build`` in ``workspace``."""
    return timed([DECIDER, "site", "build", "-d", str(workspace)])


def build_after_new_s(workspace: Path) -> float:
    """Seconds of ``decider site build`` after one more ``decider new`` (not timed): the
    build a team runs after recording a decision, with the previous build's cache."""
    add_decision(workspace)
    return site_build_s(workspace)


def build_without_cache_s(workspace: Path) -> float:
    """Seconds of ``decider site build`` without the previous build's ``site.cache`` (a
    fresh clone in CI, say)."""
    (workspace / ".decider" / "site.cache").unlink(missing_ok=True)
    return site_build_s(workspace)


def plain_build_s(workspace: Path) -> float:
    """Seconds of a plain MkDocs Material build of the workspace's pages, all in the nav."""
    config = workspace / "plain-mkdocs.yml"
    config.write_text(PLAIN_CONFIG + f"docs_dir: {workspace / 'docs'}\n")
    return timed(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(config),
            "-d",
            str(workspace / "plain-site"),
        ]
    )
