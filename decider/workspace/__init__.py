"""The team's docs repository: where decisions live; the only package that writes files.

A :class:`Workspace` finds the decisions folder (:mod:`.folders`), numbers new decisions
safely when several writers race (:func:`.files.locked`), and writes every file
atomically (:mod:`.files`). An existing ADR is never overwritten. Reading the records
and regenerating the log is :mod:`.logfiles`; the MkDocs files are :mod:`.site`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import InputError, WorkspaceError
from ..lifecycle import check_status, supersede
from ..lifecycle import set_status as set_lifecycle_status
from ..model import Answers, Knowledge
from ..records import Record, read_record
from ..yamlio import parse_yaml
from .files import atomic_write, exclusive_write, locked, state_folder
from .folders import decisions_folder, read_mkdocs_config
from .logfiles import Log, LogFiles
from .site import STATE_DIR, SiteFiles, SiteSetup

__all__ = [
    "STATE_DIR",
    "Log",
    "Recorded",
    "SiteSetup",
    "Workspace",
    "atomic_write",
    "read_mkdocs_config",
]

DRAFT_FILE = STATE_DIR / "draft.yaml"


@dataclass(frozen=True)
class Workspace(LogFiles, SiteFiles):
    """A docs repository that holds decisions.

    Attributes:
        root: The repository's folder.
        decisions: The decisions folder.
        found_by: What chose the decisions folder: ``decider.yml``, ``.adr-dir``,
            ``.log4brains.yml`` or ``default``.
    """

    root: Path
    decisions: Path
    found_by: str

    @classmethod
    def open(cls, root: Path | str = ".", *, create: bool = False) -> Workspace:
        """Find the decisions folder of the workspace at ``root``.

        Args:
            root: The repository's folder.
            create: Create ``root`` when it does not exist (otherwise that is an error).
        """
        base = Path(root).resolve()
        if create and not base.exists():
            try:
                base.mkdir(parents=True)
            except OSError as exc:
                raise WorkspaceError(
                    f"cannot create the workspace {root}: {exc.strerror or exc}"
                ) from None
        if not base.is_dir():
            raise InputError(f"workspace not found: {root} is not a folder")
        folder, found_by = decisions_folder(base)
        return cls(base, folder, found_by)

    # --- drafts ------------------------------------------------------------------------

    @property
    def draft_path(self) -> Path:
        """Where the wizard keeps unfinished answers."""
        return self.root / DRAFT_FILE

    def save_draft(self, answers: Mapping[str, Any]) -> Path:
        """Save unfinished answers (plain data, as in an answers file) atomically."""
        import yaml

        text = yaml.safe_dump(dict(answers), sort_keys=False, allow_unicode=True)
        try:
            state_folder(self.root / STATE_DIR)
            atomic_write(self.draft_path, text)
        except OSError as exc:
            raise WorkspaceError(
                f"cannot save the draft {self.draft_path}: {exc.strerror or exc}"
            ) from None
        return self.draft_path

    def load_draft(self) -> dict[str, Any] | None:
        """The saved unfinished answers, or ``None`` when there are none or they are unreadable."""
        try:
            data = parse_yaml(self.draft_path.read_text(encoding="utf-8"), str(self.draft_path))
        except (OSError, InputError, UnicodeDecodeError):
            return None
        return dict(data) if isinstance(data, Mapping) else None

    def clear_draft(self) -> None:
        """Forget the unfinished answers."""
        with contextlib.suppress(FileNotFoundError):
            self.draft_path.unlink()

    # --- recording a decision --------------------------------------------------------------

    @property
    def templates(self) -> Path:
        """The workspace's template overrides (files named like decider's templates)."""
        return self.root / STATE_DIR / "templates"

    def record(
        self,
        knowledge: Knowledge,
        answers: Answers,
        *,
        status: str = "proposed",
        diagram: bool = True,
        title: str | None = None,
        supersedes: Sequence[int] = (),
    ) -> Recorded:
        """Decide, and write the ADR, its diagram (DOT and SVG) and the decision log.

        Everything that can fail before writing (a missing title, Graphviz) fails first;
        the number is allocated under the folder lock; the ADR is created by hard link so
        an existing one is never replaced. A failure leaves nothing half-written.
        """
        from ..adr import render_adr
        from ..decision import make_decision, slugify
        from ..diagram import render_dot
        from ..graphviz import svg_from_dot

        decision = make_decision(knowledge, answers, title=title, status=status)
        dot_text = svg_text = None
        if diagram:
            dot_text = render_dot(decision, knowledge, self.templates)
            svg_text = svg_from_dot(dot_text)
        slug = slugify(decision.title)
        self.find(*supersedes)  # an unknown number fails before anything is written
        try:
            self.decisions.mkdir(parents=True, exist_ok=True)
            with locked(self.root / STATE_DIR):
                listing = self._listing()
                self._remove_stale_temporaries(listing)
                older = self.find(*dict.fromkeys(supersedes))
                number = self.next_number(listing)
                stem = f"{number:04d}-{slug}"
                numbered = replace(decision, number=number)
                newer = Record(
                    number=number,
                    title=decision.title,
                    status=decision.status,
                    date=decision.date,
                    pattern=decision.chosen,
                    path=self.decisions / f"{stem}.md",
                )
                # what superseding does to the older records is worked out before anything
                # is written, so a record it cannot change stops the whole decision
                superseded = [
                    (record, supersede(record.path.read_text(encoding="utf-8"), record, [newer]))
                    for record in older
                ]
                adr_text = render_adr(
                    numbered,
                    knowledge,
                    templates=self.templates,
                    diagram=f"{stem}.svg" if diagram else None,
                    supersedes=older,
                    search_exclude=self.site_has_attribute_lists(),
                )
                written: list[Path] = []
                try:
                    if dot_text is not None and svg_text is not None:
                        for suffix, text in ((".dot", dot_text), (".svg", svg_text)):
                            atomic_write(self.decisions / f"{stem}{suffix}", text)
                            written.append(self.decisions / f"{stem}{suffix}")
                    exclusive_write(self.decisions / f"{stem}.md", adr_text)
                except BaseException:
                    for path in written:
                        with contextlib.suppress(OSError):
                            path.unlink()
                    raise
                for record, text in superseded:
                    atomic_write(record.path, text)
                log = self.write_index(knowledge)
        except OSError as exc:
            raise WorkspaceError(
                f"cannot write to {self.decisions}: {exc.strerror or exc}"
            ) from None
        site = self.ensure_site()
        return Recorded(
            number=number,
            adr=self.decisions / f"{stem}.md",
            dot=self.decisions / f"{stem}.dot" if diagram else None,
            svg=self.decisions / f"{stem}.svg" if diagram else None,
            index=log.path,
            mkdocs=site.created,
            hints=site.hints,
            count=log.count,
            problems=log.problems,
            chosen=decision.chosen,
        )

    # --- finding and changing records ---------------------------------------------------------

    def records(self) -> list[Record]:
        """Every readable record, in full (see :meth:`read_log` for the ones that are not)."""
        return self.read_log(full=True)[0]

    def find(self, *numbers: int, full: bool = False) -> list[Record]:
        """The records with these numbers, or a one-line error naming the first missing one.

        As the log has them (from the record cache), unless ``full``: with decider's whole
        front matter block (the answers and ranking, to score them again)."""
        if not numbers:
            return []
        by_number: dict[int, list[Record]] = {}
        for record in self.read_log(full=full)[0]:
            if record.number is not None:
                by_number.setdefault(record.number, []).append(record)
        found = []
        for number in numbers:
            matches = by_number.get(number, [])
            if not matches:
                raise InputError(f"no decision {number:04d} in {self.decisions}")
            if len(matches) > 1:
                names = " and ".join(r.path.name for r in matches)
                raise InputError(f"decision {number:04d} is ambiguous: {names}; renumber one")
            found.append(matches[0])
        return found

    def set_status(self, knowledge: Knowledge, number: int, status: str) -> Record:
        """Change one record's status in place (atomically) and regenerate the log."""
        check_status(status)
        try:
            with locked(self.root / STATE_DIR):
                (record,) = self.find(number)
                text = record.path.read_text(encoding="utf-8")
                atomic_write(record.path, set_lifecycle_status(text, record, status))
                self.write_index(knowledge)
        except OSError as exc:
            raise WorkspaceError(f"cannot change {self.decisions}: {exc.strerror or exc}") from None
        return read_record(record.path)

    def draw_landscape(self, knowledge: Knowledge) -> Log:
        """Draw every accepted integration (``landscape.dot`` and ``.svg``) and regenerate
        the log so its landscape page shows it; return the log."""
        from ..graphviz import svg_from_dot
        from ..landscape import render_landscape
        from ..log import LANDSCAPE_SVG

        try:
            self.decisions.mkdir(parents=True, exist_ok=True)
            with locked(self.root / STATE_DIR):
                read = self.read_log()
                dot = render_landscape(read[0], knowledge, self.templates)
                svg = svg_from_dot(dot)
                atomic_write(self.decisions / "landscape.dot", dot)
                atomic_write(self.decisions / LANDSCAPE_SVG, svg)
                return self._write_log(knowledge, *read)
        except OSError as exc:
            raise WorkspaceError(
                f"cannot write to {self.decisions}: {exc.strerror or exc}"
            ) from None


@dataclass(frozen=True)
class Recorded:
    """What :meth:`Workspace.record` wrote.

    Attributes:
        number: The decision's number.
        adr: The ADR Markdown file.
        dot: The diagram's DOT source, or ``None`` without a diagram.
        svg: The diagram, or ``None`` without a diagram.
        index: The decision log.
        mkdocs: ``mkdocs.yml`` when this call created it, else ``None``.
        hints: What to change in an existing ``mkdocs.yml`` so the site shows the decisions.
        count: How many decisions the log lists.
        problems: Files in the decisions folder that need a person's attention.
        chosen: The pattern the decision chose (``None``: nothing fitted).
    """

    number: int
    adr: Path
    dot: Path | None
    svg: Path | None
    index: Path
    mkdocs: Path | None
    hints: tuple[str, ...]
    count: int = 0
    problems: tuple[str, ...] = ()
    chosen: str | None = None
