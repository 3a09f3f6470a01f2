"""`decider` as a user runs it: a real process, real files, exit codes and output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "decider", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        env=env,
    )


def test_decide_text_shows_the_ranking_and_reasons() -> None:
    done = run("decide", "--answers", str(EXAMPLES / "order-placed.yaml"))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Recommendation: event bus (EventBridge), ")
    assert "between systems: the talk prefers EventBridge (talk)" in out
    assert "What would change it:" in out
    assert 'if boundary were "within" (now "between"), topic would win' in out
    assert "Knowledge base 2026.12.0" in out
    rows = [
        line.split()[0]
        for line in out.splitlines()
        if line[:3].strip() in "12345-" and line[:3].strip()
    ]
    assert rows[:3] == ["1", "2", "3"]


def test_decide_json_contract() -> None:
    done = run("decide", "-a", str(EXAMPLES / "telemetry-fan-out.yaml"), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["recommendation"] == "topic"
    assert data["service"]["id"] == "sns-standard"
    assert next(r["option"] for r in data["ranking"]) == "topic"
    scores = [r["score"] for r in data["ranking"] if r["viable"]]
    assert scores == sorted(scores, reverse=True)
    assert len(data["ranking"]) == 5
    assert all(r["reasons"] for r in data["ranking"])
    assert isinstance(data["warnings"], list)
    assert data["what_if"] and all("text" in w for w in data["what_if"])
    assert data["knowledge_version"] == "2026.12.0"


def test_decide_reads_standard_input() -> None:
    text = (EXAMPLES / "thumbnail-jobs.yaml").read_text()
    done = run("decide", "-a", "-", "-f", "json", stdin=text)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["recommendation"] == "queue"


def test_nothing_fits_is_null_in_json(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("boundary: within\nthroughput: 1000000\nordering: global\nconsumer_count: 2\n")
    data = json.loads(run("decide", "-a", str(path), "-f", "json").stdout)
    assert data["recommendation"] is None and data["service"] is None
    assert data["warnings"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "boundary: within\nthroughpt: 5\nordering: none\nconsumer_count: 1\n",
            "unknown key 'throughpt'; did you mean 'throughput'?",
        ),
        (
            "boundary: within\nthroughput: -1\nordering: none\nconsumer_count: 1\n",
            "throughput: -1 is negative",
        ),
        (
            "boundary: within\nthroughput: .nan\nordering: none\nconsumer_count: 1\n",
            "throughput: nan is not allowed",
        ),
        ("boundary: !!python/object/apply:os.system ['echo pwned']\n", "is not allowed"),
        ("boundary: [\n", "line"),
    ],
)
def test_bad_answers_exit_2_with_one_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    done = run("decide", "--answers", str(path))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"decider: error: {path}: ")
    assert expected in lines[0]
    assert "Traceback" not in done.stderr and "pwned" not in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("decide",),
        ("decide", "--answers", "does-not-exist.yaml"),
        ("decide", "--answers", str(EXAMPLES / "order-placed.yaml"), "--format", "xml"),
        ("decide", "--answers", str(EXAMPLES / "order-placed.yaml"), "--knowledge", "nope.yaml"),
        ("decide", "--answers", str(EXAMPLES)),
        ("no-such-command",),
    ],
)
def test_bad_invocations_exit_2_with_one_line(args: tuple[str, ...]) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stderr.startswith("decider: error: ")


def test_bad_knowledge_extension_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text("facts:\n  eventbridge.put-events:\n    value: lots\n")
    done = run("decide", "-a", str(EXAMPLES / "order-placed.yaml"), "-k", str(path))
    assert done.returncode == 2
    assert f"{path}: facts.eventbridge.put-events.value: expected a finite number" in done.stderr


def test_knowledge_extension_changes_version(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text("version: acme-1\nfacts:\n  eventbridge.put-events:\n    value: 50000\n")
    done = run("decide", "-a", str(EXAMPLES / "order-placed.yaml"), "-k", str(path), "-f", "json")
    assert json.loads(done.stdout)["knowledge_version"] == "2026.12.0+acme-1"


def test_version_and_help() -> None:
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("decider, version ")
    helped = run("decide", "--help")
    assert (
        helped.returncode == 0 and "--answers" in helped.stdout and "--knowledge" in helped.stdout
    )


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("decider")
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
