"""`decider new` and `decider site` end to end: real files, the real `dot`, the real MkDocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import EXAMPLES

DECIDER = [sys.executable, "-m", "decider"]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is missing")


def run(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    base = {**os.environ, "SOURCE_DATE_EPOCH": "1764806400", "COLUMNS": "120"}
    return subprocess.run(
        [*DECIDER, *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env={**base, **(env or {})},
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@needs_dot
def test_two_decisions_into_an_empty_folder(tmp_path: Path) -> None:
    first = run("new", "--answers", str(EXAMPLES / "order-placed.yaml"), "--dir", str(tmp_path))
    assert first.returncode == 0, first.stderr
    second = run(
        "new",
        "-a",
        str(EXAMPLES / "thumbnail-jobs.yaml"),
        "-d",
        str(tmp_path),
        "--status",
        "accepted",
    )
    assert second.returncode == 0, second.stderr
    decisions = tmp_path / "docs" / "decisions"
    one = decisions / "0001-publish-orderplaced-to-downstream-systems.md"
    two = decisions / "0002-queue-thumbnail-rendering-jobs.md"
    assert first.stdout.splitlines()[0].endswith(f"{one.name} (event bus, proposed)")
    assert "updated" in second.stdout and "(2 decisions)" in second.stdout
    for adr, pattern in ((one, "event bus"), (two, "queue")):
        text = adr.read_text()
        for section in (
            "## Context and Problem Statement",
            "## Decision Drivers",
            "## Considered Options",
            "## Decision Outcome",
            "### Consequences",
            "## Pros and Cons of the Options",
            "## More Information",
        ):
            assert section in text
        svg = adr.with_suffix(".svg")
        root = ET.fromstring(svg.read_bytes())  # well-formed XML
        assert root.tag.endswith("svg")
        assert pattern in svg.read_text()
        assert adr.with_suffix(".dot").read_text().startswith("digraph")
        assert f"]({svg.name})" in text
    assert "status: proposed" in one.read_text() and "status: accepted" in two.read_text()
    log = (decisions / "index.md").read_text()
    assert f"]({one.name})" in log and f"]({two.name})" in log
    assert log.index("0002") < log.index("0001")  # newest first
    assert (tmp_path / "mkdocs.yml").is_file() and (tmp_path / "docs" / "index.md").is_file()

    built = run("site", "build", "--dir", str(tmp_path))
    assert built.returncode == 0, built.stderr
    page = tmp_path / "site" / "decisions" / one.stem / "index.html"
    assert page.is_file()
    assert (
        (tmp_path / "site" / "decisions" / f"{one.stem}.svg").is_file()
        or (page.parent / f"{one.stem}.svg").is_file()
        or (tmp_path / "site" / "decisions" / svg.name).is_file()
    )


@needs_dot
def test_same_answers_and_date_give_identical_files(tmp_path: Path) -> None:
    for name in ("a", "b"):
        done = run(
            "new", "-a", str(EXAMPLES / "telemetry-fan-out.yaml"), "-d", str(tmp_path / name)
        )
        assert done.returncode == 0, done.stderr
    a, b = tree(tmp_path / "a" / "docs"), tree(tmp_path / "b" / "docs")
    assert a == b
    assert any(name.endswith(".svg") for name in a)


def test_missing_dot_writes_nothing_and_no_diagram_works(tmp_path: Path) -> None:
    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "python").symlink_to(sys.executable)
    env = {"PATH": str(bare)}
    failed = run(
        "new", "-a", str(EXAMPLES / "order-placed.yaml"), "-d", str(tmp_path / "ws"), env=env
    )
    assert failed.returncode == 1
    assert failed.stderr.startswith("decider: error: Graphviz 'dot' is not installed")
    assert "hint: install Graphviz" in failed.stderr and "Traceback" not in failed.stderr
    assert not (tmp_path / "ws" / "docs").exists()

    done = run(
        "new",
        "-a",
        str(EXAMPLES / "order-placed.yaml"),
        "-d",
        str(tmp_path / "ws"),
        "--no-diagram",
        env=env,
    )
    assert done.returncode == 0, done.stderr
    (adr,) = (tmp_path / "ws" / "docs" / "decisions").glob("0001-*.md")
    assert "![Diagram" not in adr.read_text()
    assert not list(adr.parent.glob("*.svg"))


def test_hand_edits_show_in_the_log(tmp_path: Path) -> None:
    assert (
        run(
            "new", "-a", str(EXAMPLES / "saas-support.yaml"), "-d", str(tmp_path), "--no-diagram"
        ).returncode
        == 0
    )
    (adr,) = (tmp_path / "docs" / "decisions").glob("0001-*.md")
    adr.write_text(adr.read_text().replace("status: proposed", "status: accepted"))
    assert run("site", "build", "-d", str(tmp_path)).returncode == 0
    log = (tmp_path / "docs" / "decisions" / "index.md").read_text()
    assert "| accepted |" in log


def test_existing_mkdocs_yml_is_never_rewritten(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    original = "site_name: Ours\nnav:\n  - Home: index.md\n"
    config.write_text(original)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Ours\n")
    done = run(
        "new", "-a", str(EXAMPLES / "saas-support.yaml"), "-d", str(tmp_path), "--no-diagram"
    )
    assert done.returncode == 0, done.stderr
    assert config.read_text() == original
    assert "hint: mkdocs.yml: add the decision log to nav" in done.stdout
    assert "decisions/index.md" in done.stdout


def test_a_failing_site_build_reports_mkdocs_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("[broken](missing.md)\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Broken\n")
    done = run("site", "build", "-d", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.startswith("decider: error: mkdocs build failed: ")
    assert "missing.md" in done.stderr


@pytest.mark.parametrize(
    ("setup", "folder"),
    [
        ({".adr-dir": "doc/adr\n"}, "doc/adr"),
        ({".log4brains.yml": "project:\n  adrFolder: ./docs/adr\n"}, "docs/adr"),
        ({"decider.yml": "decisions: architecture/decisions\n"}, "architecture/decisions"),
    ],
)
def test_existing_adr_folders_are_used(tmp_path: Path, setup: dict[str, str], folder: str) -> None:
    for name, text in setup.items():
        (tmp_path / name).write_text(text)
    done = run(
        "new", "-a", str(EXAMPLES / "saas-support.yaml"), "-d", str(tmp_path), "--no-diagram"
    )
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / folder).glob("0001-*.md"))
    assert run("site", "build", "-d", str(tmp_path)).returncode == 0


def test_a_decisions_folder_outside_the_workspace_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".adr-dir").write_text("../elsewhere\n")
    done = run(
        "new", "-a", str(EXAMPLES / "saas-support.yaml"), "-d", str(tmp_path), "--no-diagram"
    )
    assert done.returncode == 1
    assert "outside the workspace" in done.stderr
    assert not (tmp_path.parent / "elsewhere").exists()


def test_a_workspace_template_overrides_the_builtin_one(tmp_path: Path) -> None:
    overrides = tmp_path / ".decider" / "templates"
    overrides.mkdir(parents=True)
    (overrides / "index.md.j2").write_text(
        "# Our log\n{% for row in rows %}* {{ row.title }}\n{% endfor %}"
    )
    assert (
        run(
            "new", "-a", str(EXAMPLES / "saas-support.yaml"), "-d", str(tmp_path), "--no-diagram"
        ).returncode
        == 0
    )
    log = (tmp_path / "docs" / "decisions" / "index.md").read_text()
    assert log.startswith("# Our log\n* Route Zendesk and Shopify events")


def test_new_without_a_title_is_bad_input(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("boundary: within\nthroughput: 1\nordering: none\nconsumer_count: 1\n")
    done = run("new", "-a", str(answers), "-d", str(tmp_path), "--no-diagram")
    assert done.returncode == 2
    assert "needs a title" in done.stderr
    assert (
        run(
            "new",
            "-a",
            str(answers),
            "-d",
            str(tmp_path),
            "--no-diagram",
            "--title",
            "Given on the command line",
        ).returncode
        == 0
    )


def test_search_skips_the_reference_sections_but_finds_the_decision(tmp_path: Path) -> None:
    assert (
        run(
            "new", "-a", str(EXAMPLES / "order-placed.yaml"), "-d", str(tmp_path), "--no-diagram"
        ).returncode
        == 0
    )
    (adr,) = (tmp_path / "docs" / "decisions").glob("0001-*.md")
    assert "## Pros and Cons of the Options { data-search-exclude }" in adr.read_text()
    assert run("site", "build", "-d", str(tmp_path)).returncode == 0
    index = (tmp_path / "site" / "search" / "search_index.json").read_text()
    assert "Publish OrderPlaced to downstream systems" in index
    assert "Chosen option" in index
    assert "A Publish-Subscribe Channel delivers a copy" not in index  # pros and cons
    page = (tmp_path / "site" / "decisions" / adr.stem / "index.html").read_text()
    assert "data-search-exclude" in page and "{ data-search-exclude }" not in page


def test_no_search_attributes_where_the_site_cannot_read_them(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Plain\nnav:\n  - Home: index.md\n  - Decisions: decisions/index.md\n"
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Plain\n")
    assert (
        run(
            "new", "-a", str(EXAMPLES / "order-placed.yaml"), "-d", str(tmp_path), "--no-diagram"
        ).returncode
        == 0
    )
    (adr,) = (tmp_path / "docs" / "decisions").glob("0001-*.md")
    assert "data-search-exclude" not in adr.read_text()
    assert run("site", "build", "-d", str(tmp_path)).returncode == 0
