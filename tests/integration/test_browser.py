"""The published site as a reader sees it: an ADR page in headless Chromium, diagram loaded."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from conftest import EXAMPLES

CHROMIUM = next(
    (p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p),
    None,
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--virtual-time-budget=10000",
]


@pytest.fixture
def chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run installs it (scripts/ensure-ci-tools)")
        pytest.skip("no Chromium here (apt-get install chromium); CI installs it and runs this")
    if shutil.which("dot") is None:
        pytest.skip("Graphviz 'dot' is missing")
    return CHROMIUM


class RecordingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site and remembers what the browser asked for."""

    requests: list[tuple[str, int]]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.requests.append((self.path, int(code) if str(code).isdigit() else 0))


@pytest.fixture
def served_site(tmp_path: Path) -> Iterator[tuple[str, list[tuple[str, int]], Path]]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764806400"}
    for args in (["new", "-a", str(EXAMPLES / "order-placed.yaml")], ["site", "build"]):
        done = subprocess.run(
            [sys.executable, "-m", "decider", *args, "-d", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
        assert done.returncode == 0, done.stderr
    requests: list[tuple[str, int]] = []
    handler = type("Handler", (RecordingHandler,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(handler, directory=str(tmp_path / "site"))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests, tmp_path
    finally:
        server.shutdown()
        server.server_close()


def test_adr_page_shows_its_diagram(
    chromium: str, served_site: tuple[str, list[tuple[str, int]], Path]
) -> None:
    base, requests, workspace = served_site
    (adr,) = (workspace / "docs" / "decisions").glob("0001-*.md")
    url = f"{base}/decisions/{adr.stem}/"
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
            capture_output=True,
            text=True,
            timeout=120,
        )
        shot = workspace / "adr.png"
        subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--window-size=1200,2400",
                f"--screenshot={shot}",
                url,
            ],
            capture_output=True,
            timeout=120,
        )
    assert dom.returncode == 0, dom.stderr[-500:]
    assert "Publish OrderPlaced to downstream systems" in dom.stdout
    assert f'src="../{adr.stem}.svg"' in dom.stdout
    assert (f"/decisions/{adr.stem}.svg", 200) in requests  # the browser loaded the diagram
    assert shot.is_file() and shot.stat().st_size > 10_000
