"""The workspace's MkDocs files: creating ``mkdocs.yml`` and a home page when missing,
saying what an existing config lacks, and what a build leaves out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import WorkspaceError
from .files import exclusive_write
from .folders import read_mkdocs_config

STATE_DIR = Path(".decider")


@dataclass(frozen=True)
class SiteSetup:
    """What :meth:`Workspace.ensure_site` did: the created ``mkdocs.yml`` and any hints."""

    created: Path | None
    hints: tuple[str, ...]


class SiteFiles:
    """The MkDocs side of a :class:`~decider.workspace.Workspace` (mixed into it)."""

    root: Path
    decisions: Path

    @property
    def templates(self) -> Path:
        raise NotImplementedError

    @property
    def log_page(self) -> Path:
        raise NotImplementedError

    def ensure_site(self) -> SiteSetup:
        """Create ``mkdocs.yml`` and a home page when missing; never rewrite existing ones.

        Returns what was created, and hints when an existing ``mkdocs.yml`` does not reach
        the decisions.
        """
        from ..templates import render

        config = self.root / "mkdocs.yml"
        docs = self.docs_dir()
        if docs != self.decisions and docs not in self.decisions.parents:
            return SiteSetup(
                None,
                (
                    f"{config.name}: docs_dir is {docs}, but the decisions are in "
                    f"{self.decisions}; set docs_dir to a folder that holds them",
                ),
            )
        log = self.log_page.relative_to(docs).as_posix()
        if config.exists():
            return SiteSetup(None, self._site_hints(config, log))
        context = {
            "site_name": f"{self.root.name} decisions",
            "docs_dir": docs.relative_to(self.root).as_posix(),
            "log": log,
            "not_in_nav": (
                f"/{folder}/"
                if (folder := self.decisions.relative_to(docs).as_posix()) != "."
                else ""
            ),
        }
        landscape = log.removesuffix(self.log_page.name) + "landscape.md"
        home = render("home.md.j2", {"log": log, "landscape": landscape}, self.templates)
        try:
            created = _create(config, render("mkdocs.yml.j2", context, self.templates))
            _create(docs / "index.md", home)
        except OSError as exc:
            raise WorkspaceError(
                f"cannot create the site's files in {self.root}: {exc.strerror or exc}"
            ) from None
        return SiteSetup(config if created else None, ())

    def exclude_docs(self, left_out: Sequence[Path]) -> str:
        """The ``exclude_docs`` of a build that leaves out files that cannot be published
        (unreadable records, stray pages) besides what the team's ``mkdocs.yml`` excludes,
        so one broken file does not keep the other decisions off the site."""
        docs = self.docs_dir()
        config = self.root / "mkdocs.yml"
        existing = str(read_mkdocs_config(config).get("exclude_docs") or "").splitlines()
        patterns = [*existing, *("/" + p.relative_to(docs).as_posix() for p in left_out)]
        return "\n".join(patterns) + "\n"

    def site_has_attribute_lists(self) -> bool:
        """Whether the site's Markdown takes ``{ attributes }`` (decider's own mkdocs.yml
        does; a team's may not, and would then show them as text)."""
        config = self.root / "mkdocs.yml"
        if not config.is_file():
            return True  # decider is about to create its own
        extensions = read_mkdocs_config(config).get("markdown_extensions") or []
        names = [next(iter(e)) if isinstance(e, Mapping) else e for e in extensions]
        return "attr_list" in names or "markdown.extensions.attr_list" in names

    def docs_dir(self) -> Path:
        """The MkDocs docs folder: from ``mkdocs.yml``, else the decisions folder's top folder."""
        config = self.root / "mkdocs.yml"
        if config.is_file():
            data = read_mkdocs_config(config)
            return (self.root / str(data.get("docs_dir") or "docs")).resolve()
        relative = self.decisions.relative_to(self.root)
        if len(relative.parts) > 1:
            return self.root / relative.parts[0]
        return self.decisions

    def _site_hints(self, config: Path, log: str) -> tuple[str, ...]:
        nav = read_mkdocs_config(config).get("nav")
        if nav is not None and log not in str(nav):
            return (
                f"{config.name}: add the decision log to nav, for example '- Decisions: {log}'",
            )
        return ()


def _create(path: Path, text: str) -> bool:
    """Write a new file atomically unless one is there (a concurrent writer's, say)."""
    try:
        exclusive_write(path, text)
    except FileExistsError:
        return False
    return True
