"""The commands that write and read decision records: new, list, status, revisit, landscape.

Each imports what it needs inside its function, so loading this module costs nothing.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import (
    _read_answers,
    _shown,
    _warn,
    answers_option,
    cli,
    dir_option,
    format_option,
    knowledge_option,
)


@cli.command(short_help="Decide and write the ADR, diagram and decision log.")
@answers_option
@dir_option
@click.option("--title", "-t", help="The decision's title (instead of the answers' title).")
@click.option(
    "--status",
    type=click.Choice(["proposed", "accepted"]),
    default="proposed",
    show_default=True,
    help="The new decision's status.",
)
@click.option("--no-diagram", is_flag=True, help="Write no diagram (no Graphviz needed).")
@click.option(
    "--supersedes",
    "-s",
    "supersedes",
    multiple=True,
    type=int,
    metavar="N",
    help="A decision this one replaces; may be given more than once.",
)
@knowledge_option
def new(
    answers: str,
    root: Path,
    title: str | None,
    status: str,
    no_diagram: bool,
    supersedes: tuple[int, ...],
    knowledge_files: tuple[Path, ...],
) -> None:
    """Decide and write the ADR, its diagram and the decision log into the workspace."""
    from ..knowledge import load_knowledge
    from ..log import pattern_name
    from ..workspace import Workspace

    workspace = Workspace.open(root, create=True)
    knowledge = load_knowledge(knowledge_files)
    recorded = workspace.record(
        knowledge,
        _read_answers(answers),
        status=status,
        diagram=not no_diagram,
        title=title,
        supersedes=supersedes,
    )
    chosen = pattern_name(knowledge, recorded.chosen) if recorded.chosen else "nothing fits"
    click.echo(f"wrote {_shown(recorded.adr)} ({chosen}, {status})")
    for extra in (recorded.svg, recorded.dot):
        if extra is not None:
            click.echo(f"      {_shown(extra)}")
    count = recorded.count
    click.echo(f"updated {_shown(recorded.index)} ({count} decision{'s' if count != 1 else ''})")
    _warn(recorded.problems)
    if recorded.mkdocs is not None:
        click.echo(f"created {_shown(recorded.mkdocs)} (preview the site: decider site serve)")
    for number in supersedes:
        click.echo(f"marked {number:04d} as superseded by {recorded.number:04d}")
    for hint in recorded.hints:
        click.echo(f"hint: {hint}")


@cli.command("list", short_help="List the decisions: number, title, status, date, pattern.")
@dir_option
@click.option("--status", "status", metavar="STATUS", help="Only decisions with this status.")
@click.option(
    "--pattern",
    "pattern",
    metavar="PATTERN",
    help="Only decisions that chose this pattern (id or name).",
)
@format_option
@knowledge_option
def list_decisions(
    root: Path,
    status: str | None,
    pattern: str | None,
    output: str,
    knowledge_files: tuple[Path, ...],
) -> None:
    """List the decisions in the workspace, newest first, with number, title, status, date
    and chosen pattern; records written by other tools are included."""
    from ..knowledge import load_knowledge
    from ..log import newest_first, pattern_name
    from ..workspace import Workspace

    knowledge = load_knowledge(knowledge_files)
    workspace = Workspace.open(root)
    records, problems, _ = workspace.read_log()
    wanted = [
        r
        for r in newest_first(records)
        if (status is None or r.status == status.lower())
        and (pattern is None or pattern.lower() in (r.pattern, pattern_name(knowledge, r.pattern)))
    ]
    if output == "json":
        import json

        click.echo(
            json.dumps(
                [
                    {
                        "number": r.number,
                        "title": r.title,
                        "status": r.status,
                        "date": r.date,
                        "pattern": r.pattern,
                        "file": r.path.name,
                        "supersedes": list(r.supersedes),
                        "superseded_by": list(r.superseded_by),
                    }
                    for r in wanted
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        click.echo(f"{'#':>8}  {'status':<11} {'date':<10}  {'pattern':<15} title")
        for r in wanted:
            name = pattern_name(knowledge, r.pattern)
            click.echo(f"{r.label:>8}  {r.status:<11} {r.date:<10}  {name:<15} {r.title}")
        if not wanted:
            click.echo("(no decisions)")
    _warn(tuple(problems))


@cli.command("status", short_help="Change a decision's status.")
@dir_option
@click.argument("number", type=int)
@click.argument("status", type=click.Choice(["proposed", "accepted", "rejected", "deprecated"]))
@knowledge_option
def status_command(root: Path, number: int, status: str, knowledge_files: tuple[Path, ...]) -> None:
    """Set decision NUMBER's status to proposed, accepted, rejected or deprecated (a
    superseding decision is written with new --supersedes)."""
    from ..knowledge import load_knowledge
    from ..workspace import Workspace

    record = Workspace.open(root).set_status(load_knowledge(knowledge_files), number, status)
    click.echo(f"{record.label} {record.title}: {record.status}")


@cli.command(short_help="Score recorded decisions again with today's knowledge.")
@dir_option
@click.argument("numbers", nargs=-1, type=int)
@click.option("--check", is_flag=True, help="Exit 3 when any decision would now differ.")
@knowledge_option
@click.pass_context
def revisit(
    ctx: click.Context,
    root: Path,
    numbers: tuple[int, ...],
    check: bool,
    knowledge_files: tuple[Path, ...],
) -> None:
    """Score the answers recorded in each decision (all, or NUMBERS) with today's
    knowledge base, and report the ones whose recommendation would now differ, and why."""
    from ..knowledge import load_knowledge
    from ..log import pattern_name
    from ..revisit import revisit as rescore
    from ..revisit import standing
    from ..workspace import Workspace

    knowledge = load_knowledge(knowledge_files)
    workspace = Workspace.open(root)
    records = workspace.find(*numbers, full=True) if numbers else standing(workspace.records())
    results = rescore(records, knowledge)
    differing = [r for r in results if r.differs]
    for item in results:
        label = f"{item.record.label} {item.record.title}"
        if item.problem:
            click.echo(f"{label}: cannot be scored again: {item.problem}")
        elif item.differs:
            click.echo(
                f"{label}: would now choose {pattern_name(knowledge, item.now)}, "
                f"not {pattern_name(knowledge, item.was)}"
            )
            for reason in item.reasons:
                click.echo(f"    - {reason}")
    click.echo(
        f"{len(differing)} of {len(results)} decisions would now differ "
        f"(knowledge base {knowledge.version})"
    )
    if check and differing:
        ctx.exit(3)


@cli.command(short_help="Draw every accepted integration as one diagram.")
@dir_option
@knowledge_option
def landscape(root: Path, knowledge_files: tuple[Path, ...]) -> None:
    """Draw the systems and integrations of every accepted decision (superseded ones left
    out) into landscape.svg beside the decision log, shown on the site's landscape page."""
    from ..knowledge import load_knowledge
    from ..log import LANDSCAPE_SVG
    from ..workspace import Workspace

    workspace = Workspace.open(root)
    workspace.draw_landscape(load_knowledge(knowledge_files))
    svg = workspace.decisions / LANDSCAPE_SVG
    click.echo(f"wrote {_shown(svg)} and {_shown(svg.with_suffix('.dot'))}")
