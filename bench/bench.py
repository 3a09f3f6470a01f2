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

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PYTHON = sys.executable
DECIDER = str(Path(PYTHON).with_name("decider"))


@dataclass(frozen=True)
class Figure:
    """One line of the report."""

    name: str
    value_ms: float
    floor_ms: float | None
    ratio: float | None
    target: str
    ok: bool

    def row(self) -> str:
        floor = f"{self.floor_ms:8.1f} ms" if self.floor_ms is not None else f"{'-':>11}"
        ratio = f"{self.ratio:6.2f}x" if self.ratio is not None else f"{'-':>7}"
        verdict = "ok" if self.ok else "MISSED"
        return (
            f"{self.name:<38} {self.value_ms:8.1f} ms {floor} {ratio}  {self.target:<10} {verdict}"
        )


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
        "decider new (vs import ... + dot -V)",
        paired.subject_ms,
        paired.floor_ms,
        paired.ratio,
        "<= 1.60x",
        paired.ratio <= 1.6,
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31, help="runs per command (default 31)")
    args = parser.parse_args()
    figures = [bench_decide(args.runs), bench_new(args.runs), bench_what_if(args.runs * 5)]
    print(f"{'figure':<38} {'decider':>11} {'floor':>11} {'ratio':>7}  {'target':<10} verdict")
    for figure in figures:
        print(figure.row())
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
