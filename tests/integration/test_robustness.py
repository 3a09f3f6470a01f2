"""Nothing lost, nothing injected: racing writers, killed writers, hostile text, broken files,
and external tools that are missing, failing or slow."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES

DECIDER = [sys.executable, "-m", "decider"]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is missing")
LAST_LINE = "so the decision can be scored again when the facts change."


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": "1764806400", **extra}


def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DECIDER, *args], capture_output=True, text=True, timeout=300, env=env(**extra)
    )


def assert_complete(decisions: Path) -> list[Path]:
    """Every record and the log present in ``decisions`` is whole; return the records."""
    records = sorted(decisions.glob("[0-9][0-9][0-9][0-9]-*.md"))
    for record in records:
        text = record.read_text()
        assert text.startswith("---\n") and text.rstrip().endswith(LAST_LINE), record.name
        yaml.safe_load(text.split("---\n")[1])
    for diagram in decisions.glob("[0-9]*.svg"):
        assert diagram.read_text().rstrip().endswith("</svg>"), diagram.name
    log = decisions / "index.md"
    if log.exists():
        assert "| # | Decision | Status | Date | Pattern |" in log.read_text()
    return records


@needs_dot
def test_sixteen_writers_at_once_get_sixteen_numbers(tmp_path: Path) -> None:
    writers = [
        subprocess.Popen(
            [
                *DECIDER,
                "new",
                "-a",
                str(EXAMPLES / "order-placed.yaml"),
                "-d",
                str(tmp_path),
                "--title",
                f"Writer {i}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(),
        )
        for i in range(16)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    records = assert_complete(tmp_path / "docs" / "decisions")
    assert [r.name[:4] for r in records] == [f"{n:04d}" for n in range(1, 17)]
    titles = {yaml.safe_load(r.read_text().split("---\n")[1])["title"] for r in records}
    assert titles == {f"Writer {i}" for i in range(16)}
    log = (tmp_path / "docs" / "decisions" / "index.md").read_text()
    assert all(f"]({r.name})" in log for r in records)


@needs_dot
def test_sigkill_at_random_points_never_leaves_a_partial_file(tmp_path: Path) -> None:
    rng = random.Random(20261204)
    decisions = tmp_path / "docs" / "decisions"
    start = time.perf_counter()  # one whole run first: the kills land within its lifetime
    assert (
        run(
            "new", "-a", str(EXAMPLES / "telemetry-fan-out.yaml"), "-d", str(tmp_path / "timing")
        ).returncode
        == 0
    )
    lifetime = time.perf_counter() - start
    killed = 0
    for attempt in range(12):
        writer = subprocess.Popen(
            [
                *DECIDER,
                "new",
                "-a",
                str(EXAMPLES / "telemetry-fan-out.yaml"),
                "-d",
                str(tmp_path),
                "--title",
                f"Attempt {attempt}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env(),
        )
        delay = rng.uniform(0.3, 1.0) * lifetime
        killer = threading.Timer(delay, writer.send_signal, [signal.SIGKILL])
        killer.start()
        writer.wait(timeout=120)
        killer.cancel()
        killed += writer.returncode == -signal.SIGKILL
        assert_complete(decisions)
    done = run(
        "new",
        "-a",
        str(EXAMPLES / "telemetry-fan-out.yaml"),
        "-d",
        str(tmp_path),
        "--title",
        "After the crashes",
    )
    assert done.returncode == 0, done.stderr
    records = assert_complete(decisions)
    log = (decisions / "index.md").read_text()
    assert all(f"]({r.name})" in log for r in records)
    assert not list(decisions.glob(".*.tmp"))  # the next writer cleared what the killed left
    assert killed >= 6  # most attempts really were killed mid-way


@needs_dot
def test_hostile_text_stays_text_on_the_published_site(tmp_path: Path) -> None:
    answers = tmp_path / "hostile.yaml"
    title = (
        "</title><script>alert('x')</script> {{ 7*7 }} | ../../etc/passwd ‏שלום‎ "
        + '*x*{: onclick="alert(2)" } '
        + "y" * 1200
    )
    answers.write_text(
        yaml.safe_dump(
            {
                "title": title,
                "producer": 'checkout"; evil="1',
                "consumers": ["a|b", "<b>bold</b>"],
                "context": "{% for x in range(9) %}boom{% endfor %}\n<iframe src=x></iframe>",
                "boundary": "between",
                "throughput": 5,
                "ordering": "none",
            },
            allow_unicode=True,
        )
    )
    workspace = tmp_path / "ws"
    done = run("new", "-a", str(answers), "-d", str(workspace))
    assert done.returncode == 0, done.stderr
    (record,) = (workspace / "docs" / "decisions").glob("0001-*.md")
    assert record.parent == workspace / "docs" / "decisions"
    assert len(record.name) <= len("0001-") + 60 + len(".md")
    built = run("site", "build", "-d", str(workspace))
    assert built.returncode == 0, built.stderr
    page = (workspace / "site" / "decisions" / record.stem / "index.html").read_text()
    assert "<script>alert" not in page and "<iframe" not in page and "<b>bold" not in page
    assert not re.search(r"<\w+[^>]*\sonclick=", page)  # no attribute got in
    assert "&lt;script&gt;alert" in page
    assert "{{ 7*7 }}" in page and "boomboom" not in page
    assert "‏שלום‎" in page
    log = (workspace / "docs" / "decisions" / "index.md").read_text()
    row = next(line for line in log.splitlines() if line.startswith("| 0001 "))
    assert row.count(" | ") == 4


def test_broken_files_are_reported_and_left_alone(tmp_path: Path) -> None:
    for example in ("order-placed", "saas-support"):
        assert (
            run(
                "new", "-a", str(EXAMPLES / f"{example}.yaml"), "-d", str(tmp_path), "--no-diagram"
            ).returncode
            == 0
        )
    decisions = tmp_path / "docs" / "decisions"
    broken = {
        "0003-broken-front-matter.md": b"---\ntitle: ok\nstatus: [unclosed\n---\n# Broken\n",
        "0004-not-utf8.md": b"---\ntitle: \xff\xfe\n---\n",
        "notes.md": b"# Meeting notes\n",
        "0009-orphan.svg": b"<svg/>",
        "0002-duplicate-number.md": b"---\ntitle: Other branch\nstatus: proposed\n---\n# x\n",
    }
    for name, data in broken.items():
        (decisions / name).write_bytes(data)
    done = run("site", "build", "-d", str(tmp_path))
    assert done.returncode == 0, done.stderr
    warnings = done.stderr
    assert "0003-broken-front-matter.md: front matter: line 4:" in warnings
    assert "0004-not-utf8.md: not UTF-8 text" in warnings
    assert "notes.md: not a decision record" in warnings
    assert "0009-orphan.svg: a diagram without its record" in warnings
    assert "number 0002 is used by 0002-duplicate-number.md and 0002-route-zendesk" in warnings
    assert "Traceback" not in warnings
    for name, data in broken.items():
        assert (decisions / name).read_bytes() == data  # nothing rewritten
    log = (decisions / "index.md").read_text()
    assert "Publish OrderPlaced" in log and "Route Zendesk" in log and "Other branch" in log
    assert "Files that need attention" in log
    site = tmp_path / "site" / "decisions"
    assert (site / "0001-publish-orderplaced-to-downstream-systems" / "index.html").is_file()
    assert not (site / "0004-not-utf8").exists()
    nxt = run(
        "new", "-a", str(EXAMPLES / "thumbnail-jobs.yaml"), "-d", str(tmp_path), "--no-diagram"
    )
    assert nxt.returncode == 0 and "0005-queue-thumbnail" in nxt.stdout


def fake_tool(folder: Path, name: str, script: str) -> dict[str, str]:
    folder.mkdir(exist_ok=True)
    tool = folder / name
    tool.write_text(f"#!/bin/sh\n{script}\n")
    tool.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.parametrize(
    ("script", "timeout", "expected"),
    [
        (
            "echo 'Error: syntax error in line 1' >&2; exit 1",
            "30",
            "Graphviz 'dot' failed: Error: syntax error in line 1",
        ),
        ("exec sleep 30", "0.5", "Graphviz 'dot' took longer than 0.5 s"),
    ],
)
def test_a_failing_or_slow_dot_writes_nothing(
    tmp_path: Path, script: str, timeout: str, expected: str
) -> None:
    extra = fake_tool(tmp_path / "bin", "dot", script)
    done = run(
        "new",
        "-a",
        str(EXAMPLES / "order-placed.yaml"),
        "-d",
        str(tmp_path / "ws"),
        DECIDER_TOOL_TIMEOUT=timeout,
        **extra,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"decider: error: {expected}")
    assert not list((tmp_path / "ws").rglob("*.md")) and not list((tmp_path / "ws").rglob("*.svg"))


def test_a_slow_site_build_times_out(tmp_path: Path) -> None:
    assert (
        run(
            "new", "-a", str(EXAMPLES / "saas-support.yaml"), "-d", str(tmp_path), "--no-diagram"
        ).returncode
        == 0
    )
    done = run("site", "build", "-d", str(tmp_path), DECIDER_TOOL_TIMEOUT="0.01")
    assert done.returncode == 1
    assert done.stderr.startswith("decider: error: mkdocs build took longer than 0.01 s")


@pytest.mark.parametrize(
    ("init", "expected"),
    [
        (
            "raise ModuleNotFoundError(\"No module named 'mkdocs'\")",
            "decider: error: MkDocs is not installed for",
        ),
        (
            "import sys\nprint('ERROR - Config value theme: boom', file=sys.stderr)\nsys.exit(1)",
            "decider: error: mkdocs build failed: ERROR - Config value theme: boom",
        ),
    ],
)
def test_a_missing_or_failing_mkdocs_is_one_line_and_exit_1(
    tmp_path: Path, init: str, expected: str
) -> None:
    assert (
        run(
            "new",
            "-a",
            str(EXAMPLES / "saas-support.yaml"),
            "-d",
            str(tmp_path / "ws"),
            "--no-diagram",
        ).returncode
        == 0
    )
    fake = tmp_path / "fake" / "mkdocs"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(init + "\n")
    (fake / "__main__.py").write_text("")
    done = run("site", "build", "-d", str(tmp_path / "ws"), PYTHONPATH=str(tmp_path / "fake"))
    assert done.returncode == 1
    assert done.stderr.startswith(expected), done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "ws" / "site").exists()
