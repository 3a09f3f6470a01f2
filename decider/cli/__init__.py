"""The ``decider`` command line: a thin front end over the engine, renderers and workspace.

Each command imports what it needs inside its function, so ``decider decide`` starts
without loading anything it does not use. Errors reach the user as one line on stderr:
exit 2 for bad input, 1 for a failed tool or an internal error.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import DeciderError

ANSWERS_HELP = "Answers YAML file (see docs/answers.md); '-' reads standard input."
DIR_HELP = "The docs repository that holds the decisions."
KNOWLEDGE_HELP = "A team's knowledge extension YAML; may be given more than once."

dir_option = click.option(
    "--dir",
    "-d",
    "root",
    default=".",
    show_default=True,
    metavar="PATH",
    type=click.Path(path_type=Path, file_okay=False),
    help=DIR_HELP,
)
"""``--dir PATH``: the workspace, shared by every command that reads or writes one."""
knowledge_option = click.option(
    "--knowledge",
    "-k",
    "knowledge_files",
    multiple=True,
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help=KNOWLEDGE_HELP,
)
"""``--knowledge FILE``: a team's knowledge extensions."""
format_option = click.option(
    "--format",
    "-f",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output for people (text) or scripts (json).",
)
"""``--format text|json``."""
answers_option = click.option(
    "--answers", "-a", "answers", required=True, metavar="FILE", help=ANSWERS_HELP
)
"""``--answers FILE``: the answers file of a command that needs one."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(__version__, "-V", "--version", prog_name="decider")
@dir_option
@click.option(
    "--answers",
    "-a",
    "answers",
    metavar="FILE",
    help="Prefill the wizard from an answers YAML file.",
)
@knowledge_option
@click.pass_context
def cli(
    ctx: click.Context, root: Path, answers: str | None, knowledge_files: tuple[Path, ...]
) -> None:
    """Decide how your services should exchange events, and record the decision.

    Without a command, opens the wizard on the workspace PATH.
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..tui.app import run_wizard  # the only place the terminal UI is loaded

    gc.enable()  # the wizard runs for a while: it collects garbage as usual
    ctx.exit(run_wizard(root, Path(answers) if answers else None, knowledge_files))


def _read_answers(answers: str):  # type: ignore[no-untyped-def]
    from ..answers import load_answers, parse_answers
    from ..yamlio import parse_yaml

    if answers == "-":
        return parse_answers(parse_yaml(sys.stdin.read(), "<stdin>"), "<stdin>")
    return load_answers(Path(answers))


@cli.command(short_help="Rank the patterns for an answers file, with reasons.")
@answers_option
@format_option
@knowledge_option
def decide(answers: str, output: str, knowledge_files: tuple[Path, ...]) -> None:
    """Rank the five patterns for an answers file and say what would change the answer."""
    from ..engine import decide as run
    from ..knowledge import load_knowledge
    from ..render import result_json, result_text

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


def _warn(problems: tuple[str, ...]) -> None:
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)


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
    """The console script: run the CLI and exit with its code.

    The commands run for a fraction of a second and make little cyclic garbage, so the
    cycle collector stays off while they start (the wizard turns it back on).
    """
    gc.disable()
    code = run(argv)
    # Everything left is garbage the process is about to drop: freezing it spares the
    # interpreter a last full collection on the way out (about 10 ms of a ~90 ms run).
    gc.freeze()
    sys.exit(code)


from . import records, site  # noqa: E402, F401  (their commands join the group)
