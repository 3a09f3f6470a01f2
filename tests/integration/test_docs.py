"""decider's own documentation: it builds strictly, its examples are decider's own output,
and the command-line reference covers every option."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import ROOT


def test_docs_build_strictly(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "site" / "decisions" / "index.html").is_file()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is missing")
def test_example_decisions_are_what_decider_writes_today(tmp_path: Path) -> None:
    env = {**os.environ, "DECIDER": str(Path(sys.executable).with_name("decider"))}
    done = subprocess.run(
        [str(ROOT / "scripts" / "example-decisions"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    committed = ROOT / "docs" / "decisions"
    fresh = tmp_path / "docs" / "decisions"
    names = sorted(p.name for p in committed.iterdir() if not p.name.startswith("."))
    assert names == sorted(p.name for p in fresh.iterdir() if not p.name.startswith("."))
    for name in names:
        assert (fresh / name).read_bytes() == (committed / name).read_bytes(), (
            f"docs/decisions/{name} is stale: run scripts/example-decisions"
        )


def test_cli_reference_names_every_command_and_option() -> None:
    from decider.cli import cli

    text = (ROOT / "docs" / "cli.md").read_text()

    def walk(command: click.Command, path: str) -> None:
        assert f"`{path}" in text, path
        for param in command.params:
            for flag in param.opts:
                if flag.startswith("--") and flag != "--help":
                    assert flag in text, f"{path} {flag}"
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}")

    walk(cli, "decider")
