"""Time from launch to the first painted ranking of the wizard, against the smallest Textual app.

Both programs run in a pseudo-terminal of 100x30, as a person would start them, and quit
right after their first paint: the wizard once its ranking panel has been drawn (it
honours ``DECIDER_EXIT_AFTER_FIRST_PAINT=1``), the floor (a header, a label and a footer)
after its first refresh. The runs are interleaved so both see the same noise on the
machine. ``measure`` is what ``bench/bench.py`` reports; run this file alone for a quick
look.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER_PLACED = ROOT / "examples" / "order-placed.yaml"
DECIDER = str(Path(sys.executable).with_name("decider"))
COLUMNS, ROWS = 100, 30
TIMEOUT_S = 30

FLOOR_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Label

class Floor(App):
    def compose(self):
        yield Header()
        yield Label("decider")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.exit)

Floor().run()
"""
"""The smallest Textual app: it quits after its first refresh, as the wizard does."""


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users run with bytecode caches
    env.update(TERM="xterm-256color", DECIDER_EXIT_AFTER_FIRST_PAINT="1")
    return env


def time_in_terminal(argv: list[str]) -> float:
    """Milliseconds from starting ``argv`` in a pseudo-terminal until it exits.

    Raises:
        RuntimeError: when the program fails or does not quit in time.
    """
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    output: list[bytes] = []

    def drain() -> None:  # the program blocks if nobody reads its screen
        try:
            while chunk := os.read(leader, 65536):
                output.append(chunk)
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=follower, stdout=follower, stderr=follower, env=_environment()
    )
    os.close(follower)
    reader.start()
    try:
        status = process.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise RuntimeError(f"{argv[0]} did not quit within {TIMEOUT_S} s") from None
    finally:
        elapsed = (time.perf_counter() - start) * 1000
        reader.join(timeout=1)
        os.close(leader)
    if status != 0:
        tail = b"".join(output)[-500:].decode("utf-8", "replace")
        raise RuntimeError(f"{argv[0]} exited with {status}: {tail}")
    return elapsed


def measure(runs: int) -> tuple[float, float, float]:
    """Median ms to the first painted ranking of the wizard, the same for the floor app,
    and the median of the ratios of runs made one after the other (a burst of noise on
    the machine lands on both runs of a pair).

    Args:
        runs: How many times to run each program (after one warm-up run of each).
    """
    with tempfile.TemporaryDirectory(prefix="decider-bench-") as folder:
        wizard = [DECIDER, "--answers", str(ORDER_PLACED), "--dir", folder]
        floor = [sys.executable, "-c", FLOOR_APP]
        for argv in (wizard, floor):
            time_in_terminal(argv)  # warm caches, write bytecode
        subject_ms: list[float] = []
        floor_ms: list[float] = []
        for i in range(runs):
            pairs = [(wizard, subject_ms), (floor, floor_ms)]
            for argv, times in pairs if i % 2 == 0 else reversed(pairs):
                times.append(time_in_terminal(argv))
    ratios = [s / f for s, f in zip(subject_ms, floor_ms, strict=True)]
    return statistics.median(subject_ms), statistics.median(floor_ms), statistics.median(ratios)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="runs of each (default 11)")
    args = parser.parse_args()
    wizard_ms, floor_ms, ratio = measure(args.runs)
    print(f"wizard to first painted ranking  {wizard_ms:8.1f} ms")
    print(f"smallest Textual app             {floor_ms:8.1f} ms")
    print(f"ratio                            {ratio:8.2f}x  (target <= 1.30x)")
    return 0 if ratio <= 1.3 else 1


if __name__ == "__main__":
    sys.exit(main())
