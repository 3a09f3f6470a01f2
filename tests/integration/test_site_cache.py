"""The site build's cache (decider's MkDocs plugin), with the real MkDocs: a build from
the cache is byte for byte the build without it, and nothing stale gets through."""

from __future__ import annotations

import json
import marshal
import os
import posixpath
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from conftest import EXAMPLES
from test_new_and_site import needs_dot, run, tree

CACHE = Path(".decider") / "site.cache"


def cache_kinds(workspace: Path) -> Counter[str]:
    """How many pages' sources, HTML and search entries the cache holds."""
    data = marshal.loads((workspace / CACHE).read_bytes())
    return Counter(key.split(":", 1)[0] for key in data["entries"])


def with_config(workspace: Path, old: str, new: str) -> None:
    config = workspace / "mkdocs.yml"
    text = config.read_text()
    assert old in text
    config.write_text(text.replace(old, new, 1))


def fresh_build(workspace: Path) -> dict[str, bytes]:
    """What a build into an empty folder writes (the reference for a rebuild)."""
    target = workspace.parent / f"{workspace.name}-fresh"
    shutil.rmtree(target, ignore_errors=True)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "decider.mkdocs_main",
            "-",
            "build",
            "-f",
            "mkdocs.yml",
            "-d",
            str(target),
        ],
        cwd=workspace,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1764806400"},
    )
    assert done.returncode == 0, done.stderr
    return tree(target)


def build(workspace: Path) -> dict[str, bytes]:
    done = run("site", "build", "-d", str(workspace))
    assert done.returncode == 0, done.stderr
    return tree(workspace / "site")


def decisions(workspace: Path, *examples: str) -> Path:
    for example in examples:
        done = run("new", "-a", str(EXAMPLES / f"{example}.yaml"), "-d", str(workspace))
        assert done.returncode == 0, done.stderr
    return workspace / "docs" / "decisions"


@needs_dot
def test_a_build_from_the_cache_is_the_build_without_it(tmp_path: Path) -> None:
    folder = decisions(tmp_path, "order-placed", "thumbnail-jobs")
    superseding = run(
        "new", "-a", str(EXAMPLES / "telemetry-fan-out.yaml"), "-d", str(tmp_path), "-s", "1"
    )
    assert superseding.returncode == 0, superseding.stderr
    cold = build(tmp_path)
    pages = sum(1 for name in cold if name.endswith("index.html"))
    kinds = {"source": pages, "html": pages, "search": pages, "settings": 1}
    assert cache_kinds(tmp_path) == kinds
    written = (tmp_path / CACHE).stat().st_mtime_ns

    assert build(tmp_path) == cold
    assert (tmp_path / CACHE).stat().st_mtime_ns == written  # every page came from it

    record = next(folder.glob("0002-*.md"))
    record.write_text(record.read_text() + "\nA note the team added by hand.\n")
    warm = build(tmp_path)
    assert b"A note the team added by hand." in warm[f"decisions/{record.stem}/index.html"]
    (tmp_path / CACHE).unlink()
    assert build(tmp_path) == warm


@needs_dot
def test_a_link_to_a_removed_record_still_fails_the_build(tmp_path: Path) -> None:
    folder = decisions(tmp_path, "order-placed")
    done = run("new", "-a", str(EXAMPLES / "thumbnail-jobs.yaml"), "-d", str(tmp_path), "-s", "1")
    assert done.returncode == 0, done.stderr
    build(tmp_path)
    for path in folder.glob("0002-*"):
        path.unlink()
    failed = run("site", "build", "-d", str(tmp_path))
    assert failed.returncode == 1
    assert "0002-queue-thumbnail-rendering-jobs.md" in failed.stderr
    assert "0001-publish-orderplaced-to-downstream-systems.md" in failed.stderr


@needs_dot
def test_a_broken_cache_costs_only_time(tmp_path: Path) -> None:
    decisions(tmp_path, "order-placed")
    cold = build(tmp_path)
    (tmp_path / CACHE).write_bytes(b"\x00not a cache")
    assert build(tmp_path) == cold
    assert cache_kinds(tmp_path)["html"] > 0


@needs_dot
def test_pages_that_include_other_files_are_not_kept(tmp_path: Path) -> None:
    decisions(tmp_path, "order-placed")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "markdown_extensions:\n",
            "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: docs\n",
        )
    )
    (tmp_path / "docs" / "shared.txt").write_text("first wording\n")
    (tmp_path / "docs" / "terms.md").write_text('# Terms\n\n--8<-- "shared.txt"\n')
    assert b"first wording" in build(tmp_path)["terms/index.html"]
    (tmp_path / "docs" / "shared.txt").write_text("second wording\n")
    assert b"second wording" in build(tmp_path)["terms/index.html"]
    assert cache_kinds(tmp_path)["html"] == 0


@needs_dot
def test_the_teams_relative_paths_and_code_blocks_survive(tmp_path: Path) -> None:
    folder = decisions(tmp_path, "order-placed")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"
        )
    )
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n'
        '{% block content %}<p id="team-override">ours</p>{{ super() }}{% endblock %}\n'
    )
    code = "def f():\n\n        return 1\n"
    (tmp_path / "docs" / "howto.md").write_text(f"# How to\n\n```\n{code}```\n")
    (folder / "notes.md").write_text("not a record: left out of the build\n")
    done = run("site", "build", "-d", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "notes.md: not a decision record" in done.stderr
    site = tree(tmp_path / "site")
    record = next(folder.glob("0001-*.md")).stem
    assert b'id="team-override"' in site[f"decisions/{record}/index.html"]
    assert code.encode() in site["howto/index.html"]
    assert "decisions/notes/index.html" not in site
    assert not [name for name in site if name.endswith(".map")]


@needs_dot
def test_git_ignores_the_cache_even_in_an_older_workspace(tmp_path: Path) -> None:
    decisions(tmp_path, "order-placed")
    ignore = tmp_path / ".decider" / ".gitignore"
    # the file an earlier decider wrote, with a line of the team's
    ignore.write_text("draft.yaml\nlock\nmkdocs-build.yml\nrecords.cache\nscratch/")
    build(tmp_path)
    assert ignore.read_text().splitlines()[-3:] == ["scratch/", "site.cache", ".site-helper-*"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ".decider/.gitignore" in status
    assert "site.cache" not in status and "records.cache" not in status


@needs_dot
def test_diagrams_lose_only_what_no_reader_sees(tmp_path: Path) -> None:
    folder = decisions(tmp_path, "order-placed")
    dot = next(folder.glob("0001-*.dot"))
    original = subprocess.run(
        ["dot", "-Tsvg", str(dot)], capture_output=True, text=True, check=True
    ).stdout
    compact = dot.with_suffix(".svg").read_text()
    assert len(compact) < 0.85 * len(original)
    assert "<!--" not in compact and "<title>" not in compact
    texts = re.compile(r"<text [^>]*>([^<]*)</text>")
    assert texts.findall(compact) == texts.findall(original)
    root = ET.fromstring(compact)
    assert root.get("font-family") == "Helvetica,Arial,sans-serif"
    assert compact.count("font-family") == 1


@needs_dot
def test_every_decision_is_two_clicks_from_home_and_found_by_search(tmp_path: Path) -> None:
    folder = decisions(tmp_path, "order-placed")
    (first,) = folder.glob("0001-*.md")
    text = first.read_text()
    titles = {1: "Publish OrderPlaced to downstream systems"}
    for number in range(2, 41):
        titles[number] = f"Route event family {number} to its consumers"
        name = f"{number:04d}-route-event-family-{number}"
        (folder / f"{name}.md").write_text(
            text.replace(titles[1], titles[number]).replace(first.stem, name)
        )
        shutil.copyfile(first.with_suffix(".svg"), folder / f"{name}.svg")
    with_config(tmp_path, "  - search\n", "  - search\n  - decider:\n      cache: ''\n")
    plain = build(tmp_path)  # no cache, no helpers: every page converted by the build
    with_config(tmp_path, "      cache: ''\n", "      cache: .decider/site.cache\n")
    site = build(tmp_path)  # an empty cache: helpers convert a share of the pages
    assert site == plain
    assert site == build(tmp_path)  # every decision from the cache

    def links(page: str) -> set[str]:
        """The pages ``page`` links to."""
        base = posixpath.dirname(page)
        found = set()
        for href in re.findall(r'href="([^"#]*)"', site[page].decode()):
            target = posixpath.normpath(posixpath.join(base, href))
            for candidate in (target, posixpath.normpath(f"{target}/index.html")):
                if candidate.endswith(".html") and candidate in site:
                    found.add(candidate)
        return found

    pages = {f"decisions/{p.stem}/index.html" for p in folder.glob("[0-9]*.md")}
    assert len(pages) == 40
    two_clicks = set().union(*(links(page) for page in links("index.html")))
    assert pages <= two_clicks
    # a decision's page links to no other decision: pages do not grow with the log
    one = f"decisions/{first.stem}/index.html"
    assert links(one) & pages == {one} or not links(one) & pages
    entries = json.loads(site["search/search_index.json"])["docs"]
    found = {e["title"] for e in entries if e["location"].startswith("decisions/0")}
    assert set(titles.values()) <= found


@needs_dot
def test_pages_other_plugins_make_are_built_as_without_the_cache(tmp_path: Path) -> None:
    decisions(tmp_path, "order-placed")
    with_config(tmp_path, "plugins:\n  - search\n", "plugins:\n  - search\n  - blog\n")
    posts = tmp_path / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (tmp_path / "docs" / "blog" / "index.md").write_text("# Blog\n")
    (posts / "hello.md").write_text(
        "---\ndate: 2026-11-30\n---\n\n# Why we record decisions\n\nText.\n"
    )
    cached = [build(tmp_path), build(tmp_path)]
    with_config(tmp_path, "  - blog\n", "  - blog\n  - decider:\n      cache: ''\n")
    uncached = build(tmp_path)
    assert cached[0] == uncached and cached[1] == uncached


@needs_dot
def test_an_extension_another_plugin_adds_later_turns_the_html_cache_off(tmp_path: Path) -> None:
    decisions(tmp_path, "order-placed")
    (tmp_path / "hooks.py").write_text(
        "def on_config(config):\n"
        "    config.markdown_extensions.append('pymdownx.snippets')\n"
        "    config.mdx_configs['pymdownx.snippets'] = {'base_path': ['docs']}\n"
        "    return config\n"
    )
    with_config(
        tmp_path,
        "plugins:\n  - search\n",
        "plugins:\n  - decider\n  - search\nhooks:\n  - hooks.py\n",
    )
    (tmp_path / "docs" / "shared.txt").write_text("version ONE\n")
    (tmp_path / "docs" / "terms.md").write_text('# Terms\n\n--8<-- "shared.txt"\n')
    assert b"version ONE" in build(tmp_path)["terms/index.html"]
    (tmp_path / "docs" / "shared.txt").write_text("version TWO\n")
    assert b"version TWO" in build(tmp_path)["terms/index.html"]


@needs_dot
def test_settings_naming_python_functions_still_hit_the_cache(tmp_path: Path) -> None:
    decisions(tmp_path, "order-placed")
    with_config(
        tmp_path,
        "markdown_extensions:\n",
        "markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
        "        - name: mermaid\n          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n",
    )
    build(tmp_path)
    written = (tmp_path / CACHE).stat().st_mtime_ns
    build(tmp_path)
    assert (tmp_path / CACHE).stat().st_mtime_ns == written
    assert cache_kinds(tmp_path)["html"] > 0


@needs_dot
def test_the_plugin_can_be_turned_off_or_moved(tmp_path: Path) -> None:
    decisions(tmp_path, "order-placed")
    with_config(tmp_path, "  - search\n", "  - search\n  - decider:\n      enabled: false\n")
    site = build(tmp_path)
    assert not (tmp_path / CACHE).exists()
    assert [name for name in site if name.endswith(".map")]  # the theme's, left alone
    (tmp_path / ".gitignore").write_text("site/\n")
    with_config(tmp_path, "      enabled: false\n", "      cache: site.cache\n")
    build(tmp_path)
    assert (tmp_path / "site.cache").is_file()
    assert (tmp_path / ".gitignore").read_text() == "site/\n"


@needs_dot
def test_the_pages_own_content_keeps_its_spacing(tmp_path: Path) -> None:
    decisions(tmp_path, "order-placed")
    art = '<div style="white-space: pre">line1\n    indented line2\n\n  <b>bold</b></div>'
    (tmp_path / "docs" / "art.md").write_text(f"# Art\n\n{art}\n")
    assert art.encode() in build(tmp_path)["art/index.html"]


@needs_dot
def test_a_rebuild_leaves_exactly_what_a_fresh_build_writes(tmp_path: Path) -> None:
    folder = decisions(tmp_path, "order-placed", "thumbnail-jobs", "telemetry-fan-out")
    build(tmp_path)
    first = next(folder.glob("0001-*.md")).stem
    kept = tmp_path / "site" / "decisions" / first / "index.html"
    written = kept.stat().st_mtime_ns
    removed = next(folder.glob("0002-*.md")).stem
    for path in folder.glob(f"{removed}.*"):
        path.unlink()
    third = next(folder.glob("0003-*.md"))
    third.write_text(third.read_text() + "\nEdited by hand.\n")
    rebuilt = build(tmp_path)
    assert kept.stat().st_mtime_ns == written  # the same bytes were not written again
    assert not (tmp_path / "site" / "decisions" / removed).exists()
    assert rebuilt == fresh_build(tmp_path)


@needs_dot
def test_a_path_that_turns_from_folder_to_file_and_back_builds_like_a_fresh_site(
    tmp_path: Path,
) -> None:
    decisions(tmp_path, "order-placed")
    docs = tmp_path / "docs"
    (docs / "notes").mkdir()
    (docs / "notes" / "a.txt").write_text("in a folder\n")
    build(tmp_path)
    shutil.rmtree(docs / "notes")
    (docs / "notes").write_text("now a file\n")
    assert build(tmp_path) == fresh_build(tmp_path)
    (docs / "notes").unlink()
    (docs / "notes").mkdir()
    (docs / "notes" / "b.txt").write_text("a folder again\n")
    assert build(tmp_path) == fresh_build(tmp_path)


HELPERS_SCRIPT = """
import os, sys
from decider import page_helpers
if sys.argv[1] == "four-cores":
    page_helpers.os.sched_getaffinity = lambda pid: {0, 1, 2, 3}
else:
    def no_fork():
        raise BlockingIOError("no processes left")
    page_helpers.os.fork = no_fork
from decider.mkdocs_main import main
main(["-", "build", "-f", "mkdocs.yml", "-d", "site"])
"""


def run_helpers_script(workspace: Path, helpers: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", HELPERS_SCRIPT, helpers],
        cwd=workspace,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1764806400"},
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_what_helpers_convert_is_kept(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Notes\ntheme:\n  name: material\nplugins:\n  - search\n  - decider\n"
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    for number in range(30):
        (docs / f"a{number:02d}.md").write_text(f"# Note {number}\n\nSome text.\n")
    run_helpers_script(tmp_path, "four-cores")  # 30 pages: too few for helpers
    for number in range(35):  # more new pages than kept ones: helpers convert the last
        (docs / f"b{number:02d}.md").write_text(f"# Later note {number}\n\nMore text.\n")
    run_helpers_script(tmp_path, "four-cores")
    assert cache_kinds(tmp_path)["html"] == 65  # the helpers' pages were kept too
    assert not list((tmp_path / ".decider").glob(".site-helper-*"))
    assert tree(tmp_path / "site") == fresh_build(tmp_path)


@needs_dot
def test_a_failed_fork_only_costs_time(tmp_path: Path) -> None:
    folder = decisions(tmp_path, "order-placed")
    (first,) = folder.glob("0001-*.md")
    for number in range(2, 61):
        name = f"{number:04d}-copy-{number}"
        (folder / f"{name}.md").write_text(
            first.read_text().replace(first.stem, name).replace("Publish", f"Copy {number}:")
        )
        shutil.copyfile(first.with_suffix(".svg"), folder / f"{name}.svg")
    with_config(tmp_path, "  - search\n", "  - search\n  - decider\n")
    run_helpers_script(tmp_path, "no-fork")
    pages = sum(1 for p in (tmp_path / "docs").rglob("*.md"))
    assert cache_kinds(tmp_path)["html"] == pages
    assert tree(tmp_path / "site") == fresh_build(tmp_path)


def test_an_interrupted_build_gives_mkdocs_its_own_writing_back(tmp_path: Path) -> None:
    from mkdocs import utils

    from decider import site_output
    from decider.mkdocs_plugin import DeciderPlugin

    originals = (utils.write_file, utils.copy_file, utils.clean_directory)
    plugin = DeciderPlugin()
    plugin.output = site_output.UnchangedFilesKept(str(tmp_path))
    plugin.output.install()
    assert utils.write_file != originals[0]
    plugin.on_shutdown()  # MkDocs calls it even when the build was interrupted
    assert (utils.write_file, utils.copy_file, utils.clean_directory) == originals
