"""The wizard's entry point (being built)."""

from __future__ import annotations

from pathlib import Path

import click


def run_wizard(root: Path, answers_file: Path | None, knowledge_files: tuple[Path, ...]) -> int:
    """Open the wizard on the workspace ``root``; return the exit code."""
    click.echo(
        "decider: the wizard is not built yet; use 'decider decide --answers FILE'", err=True
    )
    return 1
