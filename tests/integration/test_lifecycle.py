"""Decisions over time: status, superseding, revisiting, adopted folders, the landscape."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, ROOT

FIXTURES = ROOT / "tests" / "fixtures"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is missing")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764806400"}
    return subprocess.run(
        [sys.executable, "-m", "decider", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def new(workspace: Path, example: str, *extra: str) -> subprocess.CompletedProcess[str]:
    done = run(
        "new", "-a", str(EXAMPLES / f"{example}.yaml"), "-d", str(workspace), "--no-diagram", *extra
    )
    assert done.returncode == 0, done.stderr
    return done


def front(path: Path) -> dict[str, object]:
    return yaml.safe_load(path.read_text().split("---\n")[1])


def listed(workspace: Path, *extra: str) -> list[dict[str, object]]:
    done = run("list", "-d", str(workspace), "--format", "json", *extra)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


def test_status_lifecycle(tmp_path: Path) -> None:
    new(tmp_path, "order-placed")
    (record,) = (tmp_path / "docs" / "decisions").glob("0001-*.md")
    body_before = record.read_text().split("## Context and Problem Statement")[1]
    done = run("status", "1", "accepted", "-d", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert front(record)["status"] == "accepted"
    assert "Status: **accepted**" in record.read_text()
    assert record.read_text().split("## Context and Problem Statement")[1] == body_before
    assert [d["status"] for d in listed(tmp_path)] == ["accepted"]
    assert "| accepted |" in (tmp_path / "docs" / "decisions" / "index.md").read_text()
    bad = run("status", "7", "accepted", "-d", str(tmp_path))
    assert bad.returncode == 2 and "no decision 0007" in bad.stderr
    assert run("status", "1", "superseded", "-d", str(tmp_path)).returncode == 2


def test_supersede_updates_both_records_and_the_log(tmp_path: Path) -> None:
    new(tmp_path, "order-placed", "--status", "accepted")
    new(tmp_path, "thumbnail-jobs", "--status", "accepted")
    done = new(tmp_path, "saas-support", "--supersedes", "1", "--supersedes", "2")
    assert "marked 0001 as superseded by 0003" in done.stdout
    decisions = tmp_path / "docs" / "decisions"
    one, two, three = sorted(decisions.glob("000[123]-*.md"))
    for old in (one, two):
        assert front(old)["status"] == "superseded"
        assert front(old)["superseded-by"] == [3]
        assert "Status: **superseded** by [0003. Route Zendesk" in old.read_text()
    assert front(three)["supersedes"] == [1, 2]
    assert f"Supersedes [0001. Publish OrderPlaced to downstream systems]({one.name})" in (
        three.read_text()
    )
    log = (decisions / "index.md").read_text()
    assert f"superseded by [0003]({three.name})" in log
    assert f"supersedes [0001]({one.name}), [0002]({two.name})" in log
    by_status = (decisions / "by-status.md").read_text()
    assert "## Superseded (2)" in by_status and "## Proposed (1)" in by_status
    assert "## Event bus (2)" in (decisions / "by-pattern.md").read_text()
    assert [d["number"] for d in listed(tmp_path, "--status", "superseded")] == [2, 1]
    assert [d["number"] for d in listed(tmp_path, "--pattern", "event bus")] == [3, 1]
    missing = run(
        "new",
        "-a",
        str(EXAMPLES / "saas-support.yaml"),
        "-d",
        str(tmp_path),
        "--no-diagram",
        "--supersedes",
        "9",
    )
    assert missing.returncode == 2 and "no decision 0009" in missing.stderr
    assert len(list(decisions.glob("000*.md"))) == 3  # nothing written
    assert run("site", "build", "-d", str(tmp_path)).returncode == 0


def test_revisit_flags_a_decision_after_a_fact_changes(tmp_path: Path) -> None:
    new(tmp_path, "order-placed", "--status", "accepted")
    new(tmp_path, "thumbnail-jobs", "--status", "accepted")
    same = run("revisit", "-d", str(tmp_path), "--check")
    assert same.returncode == 0, same.stdout + same.stderr
    assert "0 of 2 decisions would now differ" in same.stdout
    team = tmp_path / "team.yaml"
    team.write_text(
        "facts:\n  eventbridge.ordering:\n    says: 'Our bus is retired'\n"
        "  eventbridge.retired:\n    services: [eventbridge-bus]\n"
        "    says: 'The account has no EventBridge quota left'\n"
        "    source: talk\n    as_of: '2026-12'\n    limit: throughput\n"
        "    value: 0\n"
    )
    changed = run("revisit", "-d", str(tmp_path), "-k", str(team), "--check")
    assert changed.returncode == 3, changed.stderr
    assert "0001 Publish OrderPlaced to downstream systems: would now choose" in changed.stdout
    assert "now knocked out" in changed.stdout and "eventbridge.retired" in changed.stdout
    assert "1 of 2 decisions would now differ" in changed.stdout
    only_two = run("revisit", "2", "-d", str(tmp_path), "-k", str(team), "--check")
    assert only_two.returncode == 0
    assert "0 of 1 decisions would now differ" in only_two.stdout
    only_one = run("revisit", "1", "-d", str(tmp_path), "-k", str(team), "--check")
    assert only_one.returncode == 3, only_one.stdout + only_one.stderr
    assert "0001 Publish OrderPlaced to downstream systems: would now choose" in only_one.stdout


@pytest.mark.parametrize(
    ("fixture", "folder", "expected"),
    [
        (
            "adr-tools",
            "doc/adr",
            [
                ("0003", "Publish orders on EventBridge", "accepted", [2], []),
                ("0002", "Publish orders on a shared RabbitMQ", "superseded", [], [3]),
                ("0001", "Record architecture decisions", "accepted", [], []),
            ],
        ),
        (
            "log4brains",
            "docs/adr",
            [
                (
                    "20210315-fan-out-stock-levels-with-sns",
                    "Fan out stock levels with SNS",
                    "draft",
                    [],
                    [],
                ),
                (
                    "20200101-use-log4brains-to-manage-the-adrs",
                    "Use Log4brains to manage the ADRs",
                    "accepted",
                    [],
                    [],
                ),
            ],
        ),
        (
            "madr",
            "docs/decisions",
            [
                ("0002", "Queue invoice rendering", "proposed", [], []),
                ("0001", "Use Markdown Architectural Decision Records", "accepted", [], []),
            ],
        ),
    ],
)
def test_adopted_folders_are_listed_as_they_are(
    tmp_path: Path, fixture: str, folder: str, expected: list[tuple[object, ...]]
) -> None:
    workspace = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, workspace)
    originals = {p: p.read_bytes() for p in (workspace / folder).iterdir()}
    rows = listed(workspace)
    got = [
        (
            str((r["number"] and f"{r['number']:04d}") or Path(str(r["file"])).stem),
            r["title"],
            r["status"],
            r["supersedes"],
            r["superseded_by"],
        )
        for r in rows
    ]
    assert got == [(e[0], e[1], e[2], e[3], e[4]) for e in expected]
    done = new(workspace, "order-placed")
    numbered = [int(str(e[0])) for e in expected if str(e[0]).isdigit() and len(str(e[0])) == 4]
    assert f"{max(numbered, default=0) + 1:04d}-publish-orderplaced" in done.stdout
    for path, data in originals.items():
        assert path.read_bytes() == data  # adopted records and their index are not rewritten
    built = run("site", "build", "-d", str(workspace))
    assert built.returncode == 0, built.stderr
    log_name = "decision-log.md" if fixture == "log4brains" else "index.md"
    log = (workspace / folder / log_name).read_text()
    assert all(e[1] in log for e in expected)


@needs_dot
def test_landscape_draws_accepted_integrations_only(tmp_path: Path) -> None:
    new(tmp_path, "order-placed", "--status", "accepted")
    new(tmp_path, "thumbnail-jobs", "--status", "accepted")
    new(tmp_path, "saas-support", "--supersedes", "2")  # proposed: left out, 0002 superseded
    done = run("landscape", "-d", str(tmp_path))
    assert done.returncode == 0, done.stderr
    decisions = tmp_path / "docs" / "decisions"
    dot = (decisions / "landscape.dot").read_text()
    assert 'label="checkout"' in dot and 'label="payments"' in dot
    assert 'label="event bus #0001"' in dot
    assert "thumbnailer" not in dot and "zendesk" not in dot
    assert (decisions / "landscape.svg").read_text().rstrip().endswith("</svg>")
    assert "![The integration landscape](landscape.svg)" in (decisions / "landscape.md").read_text()
    assert run("site", "build", "-d", str(tmp_path)).returncode == 0
    home = (tmp_path / "docs" / "index.md").read_text()
    assert "decisions/landscape.md" in home
    assert (tmp_path / "site" / "decisions" / "landscape" / "index.html").is_file()
