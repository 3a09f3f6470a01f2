"""decider's benchmark: each figure against a floor measured in the same run.

The machines this runs on are noisy, so no figure is an absolute time: each command is
timed against the smallest program that must do the same unavoidable work (its floor),
with the runs interleaved so that both see the same noise, and the ratio of medians is
what is compared with the target. Run it with ``make bench``; it exits 1 when a figure
misses its target.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PYTHON = sys.executable
DECIDER = str(Path(PYTHON).with_name("decider"))


@dataclass(frozen=True)
class Figure:
    """One line of the report: decider's figure, its floor (if any), ratio and target."""

    name: str
    value: float
    floor: float | None
    ratio: float | None
    target: str
    ok: bool | None
    """Whether it meets its target; ``None`` for a figure shown without one."""
    unit: str = "ms"
    limit: float | None = None
    """The target ratio, for the chart."""

    def cells(self) -> list[str]:
        def shown(number: float | None) -> str:
            if number is None:
                return "-"
            return f"{number:.1f} {self.unit}" if self.unit != "s" else f"{number:.2f} s"

        ratio = f"{self.ratio:.2f}x" if self.ratio is not None else "-"
        return [
            self.name,
            shown(self.value),
            shown(self.floor),
            ratio,
            self.target,
            "-" if self.ok is None else "ok" if self.ok else "MISSED",
        ]

    def row(self) -> str:
        name, value, floor, ratio, target, verdict = self.cells()
        return f"{name:<52} {value:>11} {floor:>11} {ratio:>7}  {target:<10} {verdict}"


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users run with bytecode caches, so does the bench
    env["COLUMNS"] = "100"
    return env


Command = list[str] | list[list[str]] | Callable[[], list[str]]
"""One command, several run one after the other, or a function that prepares one."""


def time_command(command: Command) -> float:
    """Wall time of one run of ``command`` in milliseconds (output discarded)."""
    if callable(command):
        command = command()  # preparation (a fresh folder, say) is not timed
    steps = command if command and isinstance(command[0], list) else [command]
    start = time.perf_counter()
    for argv in steps:
        subprocess.run(
            argv,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
            env=_environment(),
        )
    return (time.perf_counter() - start) * 1000


@dataclass(frozen=True)
class Paired:
    """Medians of a subject and its floor, and the median of their run-by-run ratios."""

    subject_ms: float
    floor_ms: float
    ratio: float


def interleaved(subject: Command, floor: Command, runs: int) -> Paired:
    """Time ``subject`` and ``floor`` alternately, after a warm-up of each.

    Each subject run is paired with the floor run next to it, so a burst of noise on the
    machine lands on both; the ratio reported is the median of the pairs' ratios.
    """
    for argv in (subject, floor):
        time_command(argv)  # warm caches, write bytecode
    a: list[float] = []
    b: list[float] = []
    for i in range(runs):
        first, second = (subject, floor) if i % 2 == 0 else (floor, subject)
        t1, t2 = time_command(first), time_command(second)
        a.append(t1 if first is subject else t2)
        b.append(t2 if first is subject else t1)
    ratios = [x / y for x, y in zip(a, b, strict=True)]
    return Paired(statistics.median(a), statistics.median(b), statistics.median(ratios))


def median_call_ms(call: Callable[[], object], runs: int) -> float:
    """Median time of an in-process call in milliseconds."""
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_decide(runs: int) -> Figure:
    subject = [DECIDER, "decide", "--answers", str(EXAMPLES / "order-placed.yaml")]
    floor = [PYTHON, "-c", "import yaml, click"]
    paired = interleaved(subject, floor, runs)
    return Figure(
        "decider decide (vs import yaml, click)",
        paired.subject_ms,
        paired.floor_ms,
        paired.ratio,
        "<= 1.50x",
        paired.ratio <= 1.5,
        limit=1.5,
    )


def bench_new(runs: int) -> Figure:
    scratch = Path(tempfile.mkdtemp(prefix="decider-bench-"))
    count = iter(range(10**6))

    def subject() -> list[str]:
        workspace = scratch / f"ws{next(count)}"  # an empty workspace each run
        return [DECIDER, "new", "-a", str(EXAMPLES / "order-placed.yaml"), "-d", str(workspace)]

    floor = [[PYTHON, "-c", "import yaml, click, jinja2, graphviz"], ["dot", "-V"]]
    try:
        paired = interleaved(subject, floor, runs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return Figure(
        "decider new, empty workspace (vs imports + dot -V)",
        paired.subject_ms,
        paired.floor_ms,
        paired.ratio,
        "<= 1.60x",
        paired.ratio <= 1.6,
        limit=1.6,
    )


def bench_what_if(runs: int) -> Figure:
    sys.path.insert(0, str(ROOT))
    from decider.answers import load_answers
    from decider.engine import decide
    from decider.knowledge import load_knowledge

    knowledge = load_knowledge()
    worst = 0.0
    for path in sorted(EXAMPLES.glob("*.yaml")):
        answers = load_answers(path)
        full = median_call_ms(lambda a=answers: decide(knowledge, a), runs)
        ranking = median_call_ms(lambda a=answers: decide(knowledge, a, what_if=False), runs)
        worst = max(worst, full - ranking)
    return Figure("what-if analysis (slowest example)", worst, None, None, "< 20 ms", worst < 20)


def bench_new_at_scale(scratch: Path, runs: int) -> Figure:
    """``decider new`` in a workspace of 1000 decisions against an empty one."""
    big = scale.make_workspace(scratch / "ws1000", 1000)
    count = iter(range(10**6))

    def in_big() -> list[str]:
        return [DECIDER, "new", "-a", str(EXAMPLES / "order-placed.yaml"), "-d", str(big)]

    def in_empty() -> list[str]:
        workspace = scratch / f"empty{next(count)}"
        return [DECIDER, "new", "-a", str(EXAMPLES / "order-placed.yaml"), "-d", str(workspace)]

    paired = interleaved(in_big, in_empty, runs)
    return Figure(
        "decider new, 1000 decisions (vs empty)",
        paired.subject_ms,
        paired.floor_ms,
        paired.ratio,
        "<= 1.20x",
        paired.ratio <= 1.2,
        limit=1.2,
    )


def bench_site(scratch: Path, runs: int = 3) -> list[Figure]:
    """``decider site build`` at 500 decisions against a plain build, and at 1000.

    The figure with a target is the build a team runs after recording one more decision
    (the median of ``runs``); the build without the previous build's cache (a fresh clone)
    is shown beside it, without a target.
    """
    half = scale.make_workspace(scratch / "site500", 500)
    plain = scale.plain_build_s(half)
    half_cold = scale.build_without_cache_s(half)
    half_warm = statistics.median(scale.build_after_new_s(half) for _ in range(runs))
    half_size = scale.folder_mb(half / "site")
    plain_size = scale.folder_mb(half / "plain-site")
    full = scale.make_workspace(scratch / "site1000", 1000)
    full_cold = scale.build_without_cache_s(full)
    full_warm = statistics.median(scale.build_after_new_s(full) for _ in range(runs))
    size = scale.folder_mb(full / "site")
    return [
        Figure(
            "site build, 500 decisions, one new (vs plain)",
            half_warm,
            plain,
            half_warm / plain,
            "<= 0.20x",
            half_warm / plain <= 0.2,
            unit="s",
            limit=0.2,
        ),
        Figure(
            "site build, 500 decisions, no cache (vs plain)",
            half_cold,
            plain,
            half_cold / plain,
            "-",
            None,
            unit="s",
        ),
        Figure(
            "site output, 500 decisions (vs plain)",
            half_size,
            plain_size,
            half_size / plain_size,
            "-",
            None,
            unit="MB",
        ),
        Figure(
            "site build, 1000 decisions, one new",
            full_warm,
            None,
            None,
            "< 6 s",
            full_warm < 6,
            unit="s",
        ),
        Figure("site build, 1000 decisions, no cache", full_cold, None, None, "-", None, unit="s"),
        Figure("site output, 1000 decisions", size, None, None, "< 40 MB", size < 40, unit="MB"),
    ]


def write_docs(path: Path, figures: list[Figure]) -> None:
    """The figures as a Markdown table in decider's docs, and the ratios as a chart
    beside it (``benchmarks.svg``)."""
    from chart import ratio_chart

    chart = path.with_suffix(".svg")
    chart.write_text(
        ratio_chart([(f.name, f.ratio, f.limit) for f in figures if f.ratio is not None]),
        encoding="utf-8",
    )
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {time.strftime('%Y-%m-%d')}, on a machine with "
        f"{os.cpu_count()} cores. Each figure is the median",
        "of interleaved runs against a floor measured in the same run",
        "(the machines are noisy, so ratios are what is compared with the targets). A site",
        'build "one new" is the build after recording one more decision in a workspace built',
        'before (the median of three); "no cache" is the same build without the previous',
        "build's `.decider/site.cache`, as in a fresh clone. The plain build runs once.",
        "",
        "| figure | decider | floor | ratio | target | verdict |",
        "|---|--:|--:|--:|---|---|",
        *("| " + " | ".join(f.cells()) + " |" for f in figures),
        "",
        f"![decider's figures as ratios to their floors]({chart.name})",
        "",
        'Floors: `python -c "import yaml, click"` for `decide`; that plus `jinja2`,',
        "`graphviz` and one `dot -V` for `new`; the same `new` in an empty workspace for a",
        "workspace of 1000 decisions; the smallest Textual app (a header, a label and a",
        "footer) for the wizard's first paint; a plain MkDocs Material build of the same",
        "pages with the default navigation for the site.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def bench_first_paint(runs: int) -> Figure | None:
    """The wizard's first painted ranking against the smallest Textual app."""
    try:
        import first_paint
    except ImportError:
        return None
    subject, floor, ratio = first_paint.measure(runs)
    return Figure(
        "wizard first paint (vs smallest Textual app)",
        subject,
        floor,
        ratio,
        "<= 1.30x",
        ratio <= 1.3,
        limit=1.3,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31, help="runs per command (default 31)")
    parser.add_argument("--quick", action="store_true", help="skip the site builds at scale")
    parser.add_argument("--docs", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="decider-bench-"))
    print(f"{'figure':<52} {'decider':>11} {'floor':>11} {'ratio':>7}  {'target':<10} verdict")
    figures: list[Figure] = []

    def report(figure: Figure | None) -> None:
        if figure is not None:
            figures.append(figure)
            print(figure.row(), flush=True)

    try:
        report(bench_decide(args.runs))
        report(bench_new(args.runs))
        report(bench_what_if(args.runs * 5))
        report(bench_first_paint(args.runs))
        report(bench_new_at_scale(scratch, args.runs))
        if not args.quick:
            for figure in bench_site(scratch):
                report(figure)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.docs:
        write_docs(args.docs, figures)
        print(f"wrote {args.docs}")
    return 0 if all(f.ok is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
