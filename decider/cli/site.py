"""``decider site build`` and ``decider site serve``: the team's MkDocs site."""

from __future__ import annotations

from pathlib import Path

import click

from . import _shown, _warn, cli, dir_option, knowledge_option


@cli.group()
def site() -> None:
    """Build or serve the team's MkDocs site of decisions."""


@site.command("build")
@dir_option
@knowledge_option
def site_build(root: Path, knowledge_files: tuple[Path, ...]) -> None:
    """Regenerate the decision log and build the site strictly into site/."""
    from ..knowledge import load_knowledge
    from ..site import build
    from ..workspace import Workspace

    workspace = Workspace.open(root)
    log = build(workspace, load_knowledge(knowledge_files))
    _warn(log.problems)
    count = log.count
    click.echo(
        f"built {_shown(workspace.root / 'site')} ({count} decision{'s' if count != 1 else ''})"
    )


@site.command("serve")
@dir_option
@click.option(
    "--dev-addr",
    "address",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    help="Where to serve the site.",
)
@knowledge_option
@click.pass_context
def site_serve(
    ctx: click.Context, root: Path, address: str, knowledge_files: tuple[Path, ...]
) -> None:
    """Serve the site with live reload (ctrl+c stops it)."""
    from ..knowledge import load_knowledge
    from ..site import serve
    from ..workspace import Workspace

    click.echo(f"serving the decisions at http://{address}/ (ctrl+c stops)")
    ctx.exit(serve(Workspace.open(root), load_knowledge(knowledge_files), address))
