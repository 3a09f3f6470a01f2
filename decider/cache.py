"""Where decider keeps its caches (parsed knowledge, compiled templates).

``$DECIDER_CACHE_DIR``, else ``$XDG_CACHE_HOME/decider`` or ``~/.cache/decider``;
``DECIDER_CACHE_DIR=off`` turns caching off. Caches only ever speed things up: each is
keyed by what it was made from, and one that cannot be read or written is ignored.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when caching is off."""
    chosen = os.environ.get("DECIDER_CACHE_DIR")
    if chosen:
        return None if chosen == "off" else Path(chosen)
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "decider"
