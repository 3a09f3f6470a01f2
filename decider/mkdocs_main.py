"""The MkDocs process that ``decider site build`` and ``decider site serve`` start.

It is MkDocs' own command line, with two changes made to the config MkDocs loads rather
than to a second config file (which would resolve the team's relative paths, such as a
theme's ``custom_dir`` or ``hooks``, from the wrong folder):

* decider's plugin is added when the team's ``mkdocs.yml`` does not list it, so a build
  renders only the pages that changed since the last one;
* files that cannot be published (a record that is not UTF-8, a stray page) are added to
  ``exclude_docs``, so one broken file does not keep the other decisions off the site.

Usage: ``python -m decider.mkdocs_main EXCLUDE_DOCS MKDOCS_ARGUMENTS...``, where
``EXCLUDE_DOCS`` is the ``exclude_docs`` value to use (the team's and decider's lines) or
``-`` to keep the team's.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def main(argv: list[str]) -> None:
    """Run MkDocs' command line on ``argv[1:]`` with decider's changes to its config."""
    from mkdocs import config
    from mkdocs.__main__ import cli
    from mkdocs.commands import serve

    from .mkdocs_plugin import DeciderPlugin

    exclude_docs, arguments = argv[0], argv[1:]
    load_config = config.load_config

    def decider_config(config_file: Any = None, **options: Any) -> Any:
        if exclude_docs != "-":
            options["exclude_docs"] = exclude_docs
        loaded = load_config(config_file, **options)
        if not _lists_decider(loaded.config_file_path):
            plugin = DeciderPlugin()
            errors, _ = plugin.load_config({}, loaded.config_file_path)
            if not errors:
                loaded.plugins["decider"] = plugin
        return loaded

    config.load_config = decider_config
    serve.load_config = decider_config  # type: ignore[attr-defined]
    cli.main(arguments, prog_name="mkdocs")


def _lists_decider(config_file: str | None) -> bool:
    """Whether the team's ``mkdocs.yml`` lists decider's plugin itself (perhaps with
    ``enabled: false``, which MkDocs honours by leaving it out of the loaded plugins)."""
    from .errors import InputError
    from .workspace.folders import read_mkdocs_config

    try:
        plugins = read_mkdocs_config(Path(config_file or "mkdocs.yml")).get("plugins")
    except InputError:
        return False  # MkDocs read it, so it reads as YAML; a read that fails costs the cache
    if isinstance(plugins, Mapping):
        return "decider" in plugins
    if isinstance(plugins, list):
        return any(p == "decider" or (isinstance(p, Mapping) and "decider" in p) for p in plugins)
    return False


if __name__ == "__main__":
    main(sys.argv[1:])
