"""The ``decider`` command line: a thin front end over the engine and the renderers.

Each command imports what it needs inside its function, so ``decider decide`` starts
without loading anything it does not use. Errors reach the user as one line on stderr:
exit 2 for bad input, 1 for a failed tool or an internal error.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import DeciderError

if TYPE_CHECKING:
    pass

ANSWERS_HELP = "Answers YAML file (see docs/answers.md); '-' reads standard input."
DIR_HELP = "The docs repository that holds the decisions."
KNOWLEDGE_HELP = "A team's knowledge extension YAML; may be given more than once."


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(__version__, "-V", "--version", prog_name="decider")
@click.option(
    "--dir",
    "-d",
    "root",
    default=".",
    show_default=True,
    metavar="PATH",
    type=click.Path(path_type=Path, file_okay=False),
    help=DIR_HELP,
)
@click.option(
    "--answers",
    "-a",
    "answers",
    metavar="FILE",
    help="Prefill the wizard from an answers YAML file.",
)
@click.option(
    "--knowledge",
    "-k",
    "knowledge_files",
    multiple=True,
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help=KNOWLEDGE_HELP,
)
@click.pass_context
def cli(
    ctx: click.Context, root: Path, answers: str | None, knowledge_files: tuple[Path, ...]
) -> None:
    """Decide how your services should exchange events, and record the decision.

    Without a command, opens the wizard on the workspace PATH.
    """
    if ctx.invoked_subcommand is not None:
        return
    from .tui.app import run_wizard  # the only place the terminal UI is loaded

    ctx.exit(run_wizard(root, Path(answers) if answers else None, knowledge_files))


def _read_answers(answers: str):  # type: ignore[no-untyped-def]
    from .answers import load_answers, parse_answers
    from .yamlio import parse_yaml

    if answers == "-":
        return parse_answers(parse_yaml(sys.stdin.read(), "<stdin>"), "<stdin>")
    return load_answers(Path(answers))


@cli.command(short_help="Rank the patterns for an answers file, with reasons.")
@click.option("--answers", "-a", "answers", required=True, metavar="FILE", help=ANSWERS_HELP)
@click.option(
    "--format",
    "-f",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output for people (text) or scripts (json).",
)
@click.option(
    "--knowledge",
    "-k",
    "knowledge_files",
    multiple=True,
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help=KNOWLEDGE_HELP,
)
def decide(answers: str, output: str, knowledge_files: tuple[Path, ...]) -> None:
    """Rank the five patterns for an answers file and say what would change the answer."""
    from .engine import decide as run
    from .knowledge import load_knowledge
    from .render import result_json, result_text

    knowledge = load_knowledge(knowledge_files)
    parsed = _read_answers(answers)
    result = run(knowledge, parsed)
    if output == "json":
        click.echo(result_json(knowledge, result))
    else:
        click.echo(result_text(knowledge, result, _text_width()))


def _shown(path: Path) -> str:
    """A path relative to the current folder where it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@cli.command(short_help="Decide and write the ADR, diagram and decision log.")
@click.option("--answers", "-a", "answers", required=True, metavar="FILE", help=ANSWERS_HELP)
@click.option(
    "--dir",
    "-d",
    "root",
    default=".",
    show_default=True,
    metavar="PATH",
    type=click.Path(path_type=Path, file_okay=False),
    help=DIR_HELP,
)
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
@click.option(
    "--knowledge",
    "-k",
    "knowledge_files",
    multiple=True,
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help=KNOWLEDGE_HELP,
)
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
    from .knowledge import load_knowledge
    from .log import pattern_name
    from .workspace import Workspace

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


def _dir_option(function: Any) -> Any:
    return click.option(
        "--dir",
        "-d",
        "root",
        default=".",
        show_default=True,
        metavar="PATH",
        type=click.Path(path_type=Path, file_okay=False),
        help=DIR_HELP,
    )(function)


@cli.command("list", short_help="List the decisions: number, title, status, date, pattern.")
@_dir_option
@click.option("--status", "status", metavar="STATUS", help="Only decisions with this status.")
@click.option(
    "--pattern",
    "pattern",
    metavar="PATTERN",
    help="Only decisions that chose this pattern (id or name).",
)
@click.option(
    "--format",
    "-f",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A table for people or JSON for scripts.",
)
def list_decisions(root: Path, status: str | None, pattern: str | None, output: str) -> None:
    """List the decisions in the workspace, newest first, with number, title, status, date
    and chosen pattern; records written by other tools are included."""
    from .knowledge import load_knowledge
    from .log import newest_first, pattern_name
    from .workspace import Workspace

    knowledge = load_knowledge()
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
@_dir_option
@click.argument("number", type=int)
@click.argument("status", type=click.Choice(["proposed", "accepted", "rejected", "deprecated"]))
def status_command(root: Path, number: int, status: str) -> None:
    """Set decision NUMBER's status to proposed, accepted, rejected or deprecated (a
    superseding decision is written with new --supersedes)."""
    from .knowledge import load_knowledge
    from .workspace import Workspace

    record = Workspace.open(root).set_status(load_knowledge(), number, status)
    click.echo(f"{record.label} {record.title}: {record.status}")


@cli.command(short_help="Score recorded decisions again with today's knowledge.")
@_dir_option
@click.argument("numbers", nargs=-1, type=int)
@click.option("--check", is_flag=True, help="Exit 3 when any decision would now differ.")
@click.option(
    "--knowledge",
    "-k",
    "knowledge_files",
    multiple=True,
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help=KNOWLEDGE_HELP,
)
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
    from .knowledge import load_knowledge
    from .log import pattern_name
    from .revisit import revisit as rescore
    from .workspace import Workspace

    knowledge = load_knowledge(knowledge_files)
    workspace = Workspace.open(root)
    records = (
        workspace.find(*numbers)
        if numbers
        else [r for r in workspace.records() if r.status not in ("superseded", "rejected")]
    )
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
@_dir_option
def landscape(root: Path) -> None:
    """Draw the systems and integrations of every accepted decision (superseded ones left
    out) into landscape.svg beside the decision log, shown on the site's landscape page."""
    from .knowledge import load_knowledge
    from .workspace import Workspace

    svg = Workspace.open(root).draw_landscape(load_knowledge())
    click.echo(f"wrote {_shown(svg)} and {_shown(svg.with_suffix('.dot'))}")


def _warn(problems: tuple[str, ...]) -> None:
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)


@cli.group()
def site() -> None:
    """Build or serve the team's MkDocs site of decisions."""


@site.command("build")
@click.option(
    "--dir",
    "-d",
    "root",
    default=".",
    show_default=True,
    metavar="PATH",
    type=click.Path(path_type=Path, file_okay=False),
    help=DIR_HELP,
)
def site_build(root: Path) -> None:
    """Regenerate the decision log and build the site strictly into site/."""
    from .knowledge import load_knowledge
    from .site import build
    from .workspace import Workspace

    workspace = Workspace.open(root)
    log = build(workspace, load_knowledge())
    _warn(log.problems)
    click.echo(f"built {_shown(workspace.root / 'site')} ({log.count} decisions)")


@site.command("serve")
@click.option(
    "--dir",
    "-d",
    "root",
    default=".",
    show_default=True,
    metavar="PATH",
    type=click.Path(path_type=Path, file_okay=False),
    help=DIR_HELP,
)
@click.option(
    "--dev-addr",
    "address",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    help="Where to serve the site.",
)
@click.pass_context
def site_serve(ctx: click.Context, root: Path, address: str) -> None:
    """Serve the site with live reload (ctrl+c stops it)."""
    from .knowledge import load_knowledge
    from .site import serve
    from .workspace import Workspace

    click.echo(f"serving the decisions at http://{address}/ (ctrl+c stops)")
    ctx.exit(serve(Workspace.open(root), load_knowledge(), address))


def _text_width() -> int:
    """The terminal's width (or ``$COLUMNS``), kept between 80 and 120 for reading."""
    try:
        columns = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size().columns
    except (ValueError, OSError):
        columns = 80
    return min(max(columns, 80), 120)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and turn every error into one line on stderr; return the exit code."""
    try:
        code = cli.main(args=argv, prog_name="decider", standalone_mode=False)
    except DeciderError as exc:
        click.echo(f"decider: error: {exc.message}", err=True)
        if exc.hint:
            click.echo(f"hint: {exc.hint}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.UsageError as exc:
        where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        click.echo(f"decider: error: {exc.format_message()}{where}", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"decider: error: {exc.format_message()}", err=True)
        return exc.exit_code
    except click.Abort:
        click.echo("decider: aborted", err=True)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("DECIDER_DEBUG"):
            raise
        click.echo(
            f"decider: internal error: {type(exc).__name__}: {exc} "
            f"(set DECIDER_DEBUG=1 for the traceback, and please report it)",
            err=True,
        )
        return 1
    return code if isinstance(code, int) else 0


def main(argv: list[str] | None = None) -> None:
    """The console script: run the CLI and exit with its code."""
    code = run(argv)
    # Everything left is garbage the process is about to drop: freezing it spares the
    # interpreter a last full collection on the way out (about 10 ms of a ~90 ms run).
    gc.freeze()
    sys.exit(code)
