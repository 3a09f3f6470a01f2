"""The core loads without any UI library, and `decider decide` never loads Textual."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import EXAMPLES

UI = ("textual", "rich", "click")
CORE = (
    "decider.model",
    "decider.answers",
    "decider.knowledge",
    "decider.engine",
    "decider.render",
    "decider.yamlio",
    "decider.errors",
    "decider.decision",
    "decider.adr",
    "decider.diagram",
    "decider.templates",
    "decider.records",
    "decider.lifecycle",
    "decider.log",
    "decider.landscape",
    "decider.revisit",
    "decider.workspace",
    "decider.graphviz",
    "decider.site",
)


def loaded_after(code: str) -> set[str]:
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in json.loads(out.splitlines()[-1])}


def test_core_imports_no_ui_library() -> None:
    modules = loaded_after("\n".join(f"import {m}" for m in CORE))
    assert "decider" in modules
    assert not modules & set(UI)


def test_decide_command_does_not_load_textual() -> None:
    code = (
        "import sys\nfrom decider.cli import main\n"
        f"sys.argv = ['decider', 'decide', '--answers', {str(EXAMPLES / 'order-placed.yaml')!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
    )
    modules = loaded_after(code)
    assert "click" in modules
    assert "textual" not in modules and "rich" not in modules
