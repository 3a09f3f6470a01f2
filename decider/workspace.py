"""The team's docs repository: where decisions live, and the only module that writes files.

A :class:`Workspace` finds the decisions folder (decider's own config, adr-tools'
``.adr-dir``, log4brains' ``.log4brains.yml``, or MADR's ``docs/decisions``), numbers new
decisions safely when several writers race, and writes every file atomically: to a
temporary file in the same folder, then renamed into place. An existing ADR is never
overwritten.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import InputError, WorkspaceError
from .lifecycle import check_status, supersede
from .lifecycle import set_status as set_lifecycle_status
from .log import LOG_PAGES
from .model import Answers, Knowledge
from .records import RECORD_NAME, Record, number_of, read_record
from .yamlio import parse_yaml

CONFIG_FILE = "decider.yml"
DEFAULT_DECISIONS = Path("docs") / "decisions"
STATE_DIR = Path(".decider")
DRAFT_FILE = STATE_DIR / "draft.yaml"
DIAGRAM_NAME = re.compile(r"^\d{4}-[^/]*\.(svg|dot)$")


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``path`` so that a reader (or a crash) sees the old content or the new, never half.

    The data goes to a temporary file in the same folder, is flushed to disk, and is then
    renamed over ``path``.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def exclusive_write(path: Path, data: str) -> None:
    """Write a new file at ``path`` atomically; fail with FileExistsError if it exists.

    The data is written to a temporary file first and then hard-linked into place, which
    fails rather than replaces when ``path`` already exists.
    """
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@contextlib.contextmanager
def locked(state: Path) -> Iterator[None]:
    """Hold the workspace's exclusive lock (the file ``lock`` in its ``.decider`` folder)."""
    import fcntl

    _state_folder(state)
    with open(state / "lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _state_folder(state: Path) -> None:
    """Create the workspace's ``.decider`` folder, telling git to ignore what is not shared."""
    state.mkdir(parents=True, exist_ok=True)
    ignore = state / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(OSError):
            atomic_write(
                ignore,
                "# decider's own state, not to commit (templates/ is yours to commit)\n"
                "draft.yaml\nlock\nmkdocs-build.yml\nrecords.cache\n",
            )


def _inside(root: Path, relative: str, origin: str) -> Path:
    candidate = (root / relative.strip()).resolve()
    if candidate != root and root not in candidate.parents:
        raise WorkspaceError(
            f"{origin}: the decisions folder {relative.strip()!r} is outside the workspace {root}"
        )
    return candidate


def _configured_folder(root: Path) -> tuple[Path, str]:
    """The decisions folder and what said so."""
    config = root / CONFIG_FILE
    if config.is_file():
        data = parse_yaml(config.read_text(encoding="utf-8"), str(config))
        if not isinstance(data, Mapping) or set(data) - {"decisions"}:
            raise InputError(
                f"{config}: expected a mapping with the key 'decisions' (the decisions folder)"
            )
        folder = data.get("decisions")
        if not isinstance(folder, str) or not folder.strip():
            raise InputError(f"{config}: decisions: expected a folder path")
        return _inside(root, folder, str(config)), CONFIG_FILE
    adr_dir = root / ".adr-dir"
    if adr_dir.is_file():
        folder = adr_dir.read_text(encoding="utf-8").strip()
        if folder:
            return _inside(root, folder, str(adr_dir)), ".adr-dir"
    log4brains = root / ".log4brains.yml"
    if log4brains.is_file():
        data = parse_yaml(log4brains.read_text(encoding="utf-8"), str(log4brains))
        project = data.get("project") if isinstance(data, Mapping) else None
        folder = project.get("adrFolder") if isinstance(project, Mapping) else None
        if isinstance(folder, str) and folder.strip():
            return _inside(root, folder, str(log4brains)), ".log4brains.yml"
    return root / DEFAULT_DECISIONS, "default"


@dataclass(frozen=True)
class Workspace:
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
        folder, found_by = _configured_folder(base)
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
            _state_folder(self.root / STATE_DIR)
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

    # --- decisions on disk ---------------------------------------------------------------

    def adr_files(self) -> list[Path]:
        """The record files (``NNNN-title.md``, or log4brains' ``YYYYMMDD-title.md``)."""
        return [self.decisions / name for name in self._listing() if RECORD_NAME.match(name)]

    def _listing(self) -> list[str]:
        """The names of the regular files in the decisions folder, sorted."""
        try:
            with os.scandir(self.decisions) as entries:
                return sorted(e.name for e in entries if e.is_file())
        except (FileNotFoundError, NotADirectoryError):
            return []

    def _remove_stale_temporaries(self) -> None:
        """Remove temporary files a killed writer left (call only while holding the lock:
        every writer of the decisions folder holds it, so none of them is still writing)."""
        for stale in self.decisions.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def next_number(self) -> int:
        """The number after the highest one in the decisions folder (1 when empty)."""
        numbers = [n for n in map(number_of, self.adr_files()) if n is not None]
        return max(numbers, default=0) + 1

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
        from .adr import render_adr
        from .decision import make_decision, slugify
        from .diagram import render_dot
        from .graphviz import svg_from_dot

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
                self._remove_stale_temporaries()
                older = self.find(*supersedes)
                number = self.next_number()
                stem = f"{number:04d}-{slug}"
                numbered = replace(decision, number=number)
                adr_text = render_adr(
                    numbered,
                    knowledge,
                    templates=self.templates,
                    diagram=f"{stem}.svg" if diagram else None,
                    supersedes=older,
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
                if older:
                    newer = read_record(self.decisions / f"{stem}.md")
                    for record in older:
                        text = record.path.read_text(encoding="utf-8")
                        atomic_write(record.path, supersede(text, record, [newer]))
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

    def find(self, *numbers: int) -> list[Record]:
        """The records with these numbers, or a one-line error naming the first missing one."""
        if not numbers:
            return []
        by_number: dict[int, list[Record]] = {}
        for record in self.records():
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

    def draw_landscape(self, knowledge: Knowledge) -> Path:
        """Draw every accepted integration (``landscape.dot`` and ``.svg``) and regenerate
        the log so its landscape page shows it; return the SVG."""
        from .graphviz import svg_from_dot
        from .landscape import render_landscape
        from .log import LANDSCAPE_SVG

        self.decisions.mkdir(parents=True, exist_ok=True)
        try:
            with locked(self.root / STATE_DIR):
                dot = render_landscape(self.records(), knowledge, self.templates)
                svg = svg_from_dot(dot)
                atomic_write(self.decisions / "landscape.dot", dot)
                atomic_write(self.decisions / LANDSCAPE_SVG, svg)
                self.write_index(knowledge)
        except OSError as exc:
            raise WorkspaceError(
                f"cannot write to {self.decisions}: {exc.strerror or exc}"
            ) from None
        return self.decisions / LANDSCAPE_SVG

    # --- the decision log -------------------------------------------------------------------

    def read_log(self, *, full: bool = False) -> tuple[list[Record], list[str], list[Path]]:
        """Every readable ADR as a log entry, and one line per problem found on the way.

        Unless ``full``, records are taken from a cache of what the log needs, kept in
        ``.decider/`` and keyed by each file's size and modification time; ``full``
        records also carry decider's front matter block (answers and ranking).

        Problems: a file that cannot be read or whose front matter is broken (with the
        line), two records with the same number (two branches merged), a Markdown file
        that is not a record, a diagram whose record is missing. Nothing is rewritten.
        The third list holds the files to leave out of the site: records that cannot be
        read at all, and Markdown files that are not records (a template, say).
        """
        entries: list[Record] = []
        problems: list[str] = []
        unreadable: list[Path] = []
        files = self.adr_files()
        cache = RecordCache(self.root / STATE_DIR / "records.cache", enabled=not full)
        for path in files:
            try:
                entries.append(cache.read(path))
            except UnicodeDecodeError:
                problems.append(f"{path.name}: not UTF-8 text; left out of the site")
                unreadable.append(path)
            except OSError as exc:
                problems.append(
                    f"{path.name}: cannot be read ({exc.strerror or exc}); left out of the site"
                )
                unreadable.append(path)
            except InputError as exc:
                problems.append(exc.message)
        by_number: dict[int, list[str]] = {}
        for path in files:
            number = number_of(path)
            if number is not None:
                by_number.setdefault(number, []).append(path.name)
        for number, names in sorted(by_number.items()):
            if len(names) > 1:
                problems.append(
                    f"number {number:04d} is used by {' and '.join(names)} "
                    f"(two branches merged?); renumber one of them"
                )
        stems = {p.stem for p in files}
        log_page = self.log_page.name
        for name in self._listing():
            path = self.decisions / name
            if name.startswith(".") or name in LOG_PAGES or name == log_page:
                continue
            if path.suffix == ".md" and not RECORD_NAME.match(name):
                problems.append(
                    f"{name}: not a decision record (expected NNNN-title.md); "
                    f"left out of the log and the site"
                )
                unreadable.append(path)
            elif (
                path.suffix in (".svg", ".dot")
                and DIAGRAM_NAME.match(name)
                and (path.stem not in stems)
            ):
                problems.append(f"{name}: a diagram without its record {path.stem}.md")
        cache.save()
        return entries, problems, unreadable

    def regenerate_log(self, knowledge: Knowledge) -> Log:
        """Regenerate the decision log under the workspace lock (see :meth:`write_index`)."""
        self.decisions.mkdir(parents=True, exist_ok=True)
        with locked(self.root / STATE_DIR):
            return self.write_index(knowledge)

    def write_index(self, knowledge: Knowledge) -> Log:
        """Regenerate the decision log (``index.md``, ``by-status.md``, ``by-pattern.md``)
        from the record files on disk.

        Call it while holding the workspace lock (:meth:`record` does).
        """
        from .log import LANDSCAPE_SVG, log_pages

        records, problems, unreadable = self.read_log()
        landscape = (self.decisions / LANDSCAPE_SVG).is_file()
        index = self.log_page.name
        pages = log_pages(
            records, knowledge, problems, self.templates, landscape=landscape, index=index
        )
        for name, text in pages.items():
            atomic_write(self.decisions / name, text)
        return Log(self.decisions / index, len(records), tuple(problems), tuple(unreadable))

    @property
    def log_page(self) -> Path:
        """The decision log: ``index.md``, unless the folder has an ``index.md`` of its own
        (log4brains writes one), which decider leaves alone and writes beside."""
        from .log import ALTERNATIVE_LOG, LOG_MARK

        index = self.decisions / "index.md"
        try:
            with index.open(encoding="utf-8") as handle:
                head = handle.read(4096)
        except (OSError, UnicodeDecodeError):
            return index if not index.exists() else self.decisions / ALTERNATIVE_LOG
        return index if LOG_MARK in head else self.decisions / ALTERNATIVE_LOG

    # --- the MkDocs site ----------------------------------------------------------------------

    def ensure_site(self) -> SiteSetup:
        """Create ``mkdocs.yml`` and a home page when missing; never rewrite existing ones.

        Returns what was created, and hints when an existing ``mkdocs.yml`` does not reach
        the decisions.
        """
        from .templates import render

        config = self.root / "mkdocs.yml"
        docs = self.docs_dir()
        log = self.log_page.relative_to(docs).as_posix()
        if config.exists():
            return SiteSetup(None, self._site_hints(config, docs, log))
        context = {
            "site_name": f"{self.root.name} decisions",
            "docs_dir": docs.relative_to(self.root).as_posix(),
            "log": log,
        }
        atomic_write(config, render("mkdocs.yml.j2", context, self.templates))
        home = docs / "index.md"
        if not home.exists():
            landscape = log.removesuffix(self.log_page.name) + "landscape.md"
            atomic_write(
                home, render("home.md.j2", {"log": log, "landscape": landscape}, self.templates)
            )
        return SiteSetup(config, ())

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

    def _site_hints(self, config: Path, docs: Path, log: str) -> tuple[str, ...]:
        if docs != self.decisions and docs not in self.decisions.parents:
            return (
                f"{config.name}: docs_dir is {docs.relative_to(self.root)}, but the "
                f"decisions are in {self.decisions.relative_to(self.root)}; set docs_dir "
                f"to a folder that holds them",
            )
        nav = read_mkdocs_config(config).get("nav")
        if nav is not None and log not in str(nav):
            return (
                f"{config.name}: add the decision log to nav, for example '- Decisions: {log}'",
            )
        return ()


class RecordCache:
    """What the log needs of each record, keyed by file name, size and modification time,
    so that a workspace of a thousand decisions is not parsed again on every write."""

    VERSION = 1

    def __init__(self, path: Path, *, enabled: bool = True) -> None:
        self.path = path
        self.enabled = enabled
        self.entries: dict[str, tuple[Any, ...]] = {}
        self.changed = False
        if enabled:
            import marshal

            try:
                data = marshal.loads(path.read_bytes())
                if isinstance(data, dict) and data.get("version") == self.VERSION:
                    self.entries = data["records"]
            except (OSError, ValueError, EOFError, TypeError, KeyError):
                pass

    def read(self, path: Path) -> Record:
        """The record at ``path``, from the cache when the file has not changed."""
        if not self.enabled:
            return read_record(path)
        stat = path.stat()
        key = (stat.st_size, stat.st_mtime_ns)
        cached = self.entries.get(path.name)
        if cached is not None and cached[0] == key:
            return _from_cache(cached[1], path)
        record = read_record(path)
        self.entries[path.name] = (key, _to_cache(record))
        self.changed = True
        return record

    def save(self) -> None:
        """Write the cache if it changed (atomically; a failure only costs speed)."""
        if not (self.enabled and self.changed):
            return
        import marshal

        with contextlib.suppress(OSError, ValueError):
            _state_folder(self.path.parent)
            atomic_write(
                self.path, marshal.dumps({"version": self.VERSION, "records": self.entries})
            )


def _to_cache(record: Record) -> tuple[Any, ...]:
    return (
        record.number,
        record.title,
        record.status,
        record.date,
        record.pattern,
        record.style,
        record.supersedes,
        record.superseded_by,
    )


def _from_cache(fields: tuple[Any, ...], path: Path) -> Record:
    number, title, status, date, pattern, style, supersedes, superseded_by = fields
    return Record(
        number=number,
        title=title,
        status=status,
        date=date,
        pattern=pattern,
        path=path,
        style=style,
        supersedes=tuple(supersedes),
        superseded_by=tuple(superseded_by),
    )


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


@dataclass(frozen=True)
class Log:
    """The decision log as written: its file, how many decisions it lists, and problems."""

    path: Path
    count: int
    problems: tuple[str, ...]
    unreadable: tuple[Path, ...] = ()


@dataclass(frozen=True)
class SiteSetup:
    """What :meth:`Workspace.ensure_site` did: the created ``mkdocs.yml`` and any hints."""

    created: Path | None
    hints: tuple[str, ...]


def read_mkdocs_config(config: Path) -> Mapping[str, Any]:
    """Read ``mkdocs.yml`` as plain data, ignoring the tags MkDocs configs use
    (``!!python/name:``, ``!ENV``)."""
    import yaml

    class Lenient(yaml.SafeLoader):
        pass

    def ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
        return None

    Lenient.add_multi_constructor("", ignore)
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=Lenient)  # a safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{config}: cannot read it: {exc}") from None
    return data if isinstance(data, Mapping) else {}
