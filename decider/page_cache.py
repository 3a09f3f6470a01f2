"""What one page's rendering is made of, and the file that keeps it between builds.

:mod:`decider.mkdocs_plugin` decides what to keep; this module turns a rendered MkDocs
page into plain data (its HTML, table of contents, title, anchors, the files its links
looked up) and back, and reads and writes the cache file: marshal, replaced atomically,
ignored when broken.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from .workspace.files import read_cache, write_cache

FORMAT = 2
"""The cache file's layout; a file of another layout is ignored."""

PURE_EXTENSIONS = frozenset(
    {
        *(
            f"{prefix}{name}"
            for prefix in ("", "markdown.extensions.")
            for name in (
                "abbr",
                "admonition",
                "attr_list",
                "codehilite",
                "def_list",
                "extra",
                "fenced_code",
                "footnotes",
                "legacy_attrs",
                "legacy_em",
                "md_in_html",
                "meta",
                "nl2br",
                "sane_lists",
                "smarty",
                "tables",
                "toc",
                "wikilinks",
            )
        ),
        *(
            f"pymdownx.{name}"
            for name in (
                "arithmatex",
                "betterem",
                "blocks.admonition",
                "blocks.details",
                "blocks.tab",
                "caret",
                "critic",
                "details",
                "emoji",
                "escapeall",
                "extra",
                "highlight",
                "inlinehilite",
                "keys",
                "magiclink",
                "mark",
                "progressbar",
                "saneheaders",
                "smartsymbols",
                "superfences",
                "tabbed",
                "tasklist",
                "tilde",
            )
        ),
        "material.extensions.emoji",
    }
)
"""Extensions whose output depends only on the page's Markdown and their settings. Any
other (``pymdownx.snippets`` reads other files; autorefs tells its plugin what it saw)
turns the HTML cache off."""

VERSIONED = ("mkdocs", "markdown", "mkdocs-material", "pymdown-extensions", "pygments", "decider")

Entry = tuple[Any, ...]
Lookups = dict[str, tuple[str, str, bool] | None]
"""Each path a page's links looked up, and the file found there (or ``None``)."""


def entry_of(page: Page, lookups: Lookups) -> Entry:
    links = page.links_to_anchors
    return (
        lookups,
        page.content,
        toc_data(page.toc),
        page._title_from_render,
        sorted(page.present_anchor_ids or ()),
        None if links is None else {f.src_uri: dict(a) for f, a in links.items()},
    )


def restore(page: Page, entry: Entry, files: Files) -> None:
    _, content, toc, title, anchors, links = entry
    page.content = content
    page.toc = TableOfContents([_anchor(item) for item in toc])
    page._title_from_render = title
    page.present_anchor_ids = set(anchors)
    if links is not None:
        page.links_to_anchors = {
            target: dict(a)
            for uri, a in links.items()
            if (target := files.get_file_from_path(uri)) is not None
        }


def toc_data(toc: TableOfContents | list[AnchorLink]) -> list[Any]:
    return [(a.title, a.id, a.level, toc_data(a.children)) for a in toc]


def _anchor(item: Any) -> AnchorLink:
    title, id_, level, children = item
    anchor = AnchorLink(title, id_, level)
    anchor.children = [_anchor(child) for child in children]
    return anchor


def _found(file: File | None) -> tuple[str, str, bool] | None:
    if file is None:
        return None
    excluded: bool = file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
    return (file.src_uri, file.url, excluded)


@contextlib.contextmanager
def recorded_lookups(files: Files) -> Iterator[Lookups]:
    """Record every file the rendering looks up (links and images), and what it found."""
    lookups: Lookups = {}
    lookup = files.get_file_from_path

    def recording(path: str) -> File | None:
        file = lookup(path)
        lookups[path] = _found(file)
        return file

    files.get_file_from_path = recording  # type: ignore[method-assign]
    try:
        yield lookups
    finally:
        del files.get_file_from_path


def same_lookups(lookups: Lookups, files: Files) -> bool:
    return all(_found(files.get_file_from_path(p)) == found for p, found in lookups.items())


class _Listener(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.heard = False

    def emit(self, record: logging.LogRecord) -> None:
        self.heard = True


@contextlib.contextmanager
def logged() -> Iterator[_Listener]:
    """Whether anything was logged at INFO or above (MkDocs' logger does not propagate)."""
    listener = _Listener()
    loggers = [logging.getLogger("mkdocs"), logging.getLogger()]
    for logger in loggers:
        logger.addHandler(listener)
    try:
        yield listener
    finally:
        for logger in loggers:
            logger.removeHandler(listener)


def stable(value: Any) -> Any:
    """``value`` (extension or plugin settings) as text that is the same in every build:
    a function (``!!python/name:`` in ``mkdocs.yml``) by its qualified name, a partial by
    its function and arguments, an object by its class and attributes, where ``repr``
    would print an address that changes with each run."""
    if isinstance(value, Mapping):
        return sorted((str(k), stable(v)) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        items = [stable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, functools.partial):
        return ("partial", stable(value.func), stable(value.args), stable(value.keywords))
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    text = repr(value)
    if " at 0x" in text:
        return (type(value).__qualname__, stable(getattr(value, "__dict__", {})))
    return text


def digest(*parts: Any) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def load(path: Path) -> dict[str, Entry]:
    return read_cache(path, FORMAT)


def save(path: Path, pages: dict[str, Entry]) -> None:
    """Replace the cache file; failing to write it only costs the next build."""
    write_cache(path, FORMAT, pages)
