"""decider's MkDocs plugin: a build remembers what it rendered, so the next one renders
only what changed, and writes a smaller site.

Reading front matter, converting Markdown and indexing each page for search are most of
a site build. The plugin keeps, in one file (``.decider/site.cache`` by default):

* each page's Markdown and front matter, keyed by its source text;
* each page's HTML, keyed by its Markdown (after every plugin has seen it), its address,
  the versions of MkDocs, Python-Markdown and the extensions, the extensions' settings and
  MkDocs' link validation, and the answer to every lookup of another file the page made
  (a link to a record that has since gone is looked up again, and warned about again);
* each page's search entries, keyed by its HTML, address, title, table of contents and
  the ``search``/``tags`` settings in its front matter.

A page whose rendering said anything (a warning about a link, say) is not kept, so every
build says it again; nor is any page's HTML when an extension outside a known list is in
use (one that reads other files, or tells another plugin what it saw, would go stale).
The file holds only the pages of the last build and is replaced atomically; a broken or
unreadable one only costs speed. The theme's compiled templates are kept with decider's
other caches (see :mod:`decider.cache`).

For a smaller site it leaves out the theme's source maps and the blank lines and
indentation the theme's templates leave in every page.

``decider site build`` and ``decider site serve`` add the plugin themselves; a team that
runs ``mkdocs`` directly can list ``decider`` under ``plugins`` in ``mkdocs.yml``.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import re
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import meta

from .cache import cache_dir
from .templates import bytecode_cache
from .workspace.files import atomic_write, state_folder

FORMAT = 1
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

VERSIONED = ("mkdocs", "markdown", "mkdocs-material", "pymdown-extensions", "decider")

Entry = tuple[Any, ...]
log = logging.getLogger("mkdocs.plugins.decider")


class DeciderPluginConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's settings in ``mkdocs.yml``."""

    cache = config_options.Type(str, default=".decider/site.cache")
    """Where the cache lives, relative to ``mkdocs.yml``; empty turns it off."""


class DeciderPlugin(BasePlugin[DeciderPluginConfig]):  # type: ignore[no-untyped-call]
    """Keeps each page's HTML and search entries between builds (see the module's doc)."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.html_key = ""
        self.search_key = ""
        self.previous: dict[str, Entry] = {}
        self.current: dict[str, Entry] = {}

    # --- MkDocs events ----------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.previous, self.current = {}, {}
        self.path = None
        if self.config.cache:
            folder = Path(config.config_file_path or ".").parent
            self.path = folder / self.config.cache
            self.previous = _load(self.path)
        versions = [_version(name) for name in VERSIONED]
        pure = all(isinstance(e, str) and e in PURE_EXTENSIONS for e in config.markdown_extensions)
        self.html_key = (
            _digest(
                versions,
                config.markdown_extensions,
                sorted((k, repr(v)) for k, v in (config.mdx_configs or {}).items()),
                config.use_directory_urls,
                repr(config.validation),
                logging.getLogger("mkdocs").getEffectiveLevel(),
            )
            if pure
            else ""
        )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Leave the theme's source maps (``*.js.map``, a megabyte for Material) out of the
        published site: they serve only someone debugging the theme's own scripts."""
        docs = Path(config.docs_dir)
        for file in list(files):
            source = file.abs_src_path
            if file.src_uri.endswith(".map") and source and docs not in Path(source).parents:
                files.remove(file)
        return files

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if self.path is not None:
            page.read_source = self._cached_read_source(page)  # type: ignore[method-assign,assignment]
            if self.html_key:
                page.render = self._cached_render(page)  # type: ignore[method-assign,assignment]
        return page

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        folder = cache_dir()
        if self.path is not None and folder is not None and env.bytecode_cache is None:
            env.bytecode_cache = bytecode_cache(folder / "site-templates")
        search = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(search, "search_index", None)
        if self.path is not None and isinstance(getattr(index, "entries", None), list):
            search_config = getattr(search, "config", {})
            self.search_key = _digest(
                [_version(name) for name in VERSIONED],
                sorted((k, repr(v)) for k, v in dict(search_config).items()),
            )
            index.add_entry_from_context = self._cached_indexing(index)  # type: ignore[union-attr]
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # an entry's key names everything it was made from: the same keys, the same cache
        if self.path is not None and self.current.keys() != self.previous.keys():
            _save(self.path, self.current)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return _without_blank_space(output)

    # --- the page's Markdown and front matter ----------------------------------------------

    def _cached_read_source(self, page: Page) -> Callable[[MkDocsConfig], None]:
        def cached_read_source(config: MkDocsConfig) -> None:
            source = config.plugins.on_page_read_source(page=page, config=config)
            if source is None:
                try:
                    source = page.file.content_string
                except OSError:
                    log.error(f"File not found: {page.file.src_path}")
                    raise
                except ValueError:
                    log.error(f"Encoding error reading file: {page.file.src_path}")
                    raise
            key = "source:" + _digest(source)
            entry = self.previous.get(key)
            if entry is None:
                markdown, front_matter = meta.get_data(source)
                try:
                    entry = (markdown, marshal.dumps(front_matter))
                except ValueError:  # a date, say: not plain data, so not kept
                    page.markdown, page.meta = markdown, front_matter
                    return
            page.markdown, page.meta = entry[0], marshal.loads(entry[1])
            self.current[key] = entry

        return cached_read_source

    # --- the page's HTML --------------------------------------------------------------------

    def _cached_render(self, page: Page) -> Callable[[MkDocsConfig, Files], None]:
        render = Page.render

        def cached_render(config: MkDocsConfig, files: Files) -> None:
            key = "html:" + _digest(self.html_key, page.file.src_uri, page.url, page.markdown)
            entry = self.previous.get(key)
            if entry is not None and _same_lookups(entry[0], files):
                _restore(page, entry, files)
                self.current[key] = entry
                return
            with _recorded_lookups(files) as lookups, _logged() as said:
                render(page, config, files)
            if not said.heard:
                self.current[key] = _entry(page, lookups)

        return cached_render

    # --- the page's search entries ------------------------------------------------------------

    def _cached_indexing(self, index: Any) -> Callable[[Page], None]:
        add_entry_from_context = index.add_entry_from_context

        def cached_indexing(page: Page) -> None:
            meta = page.meta or {}
            key = "search:" + _digest(
                self.search_key,
                page.url,
                page.content,
                str(page.title),
                repr([meta.get("title"), meta.get("search"), meta.get("tags")]),
                _toc(page.toc),
            )
            entries = self.previous.get(key)
            if entries is None:
                before = len(index.entries)
                add_entry_from_context(page)
                entries = (tuple(index.entries[before:]),)
                with contextlib.suppress(ValueError):
                    marshal.dumps(entries)  # only plain data is kept
                    self.current[key] = entries
            else:
                index.entries.extend(dict(e) for e in entries[0])
                self.current[key] = entries

        return cached_indexing


# --- what a page's rendering is made of ---------------------------------------------------


_UNTOUCHED = re.compile(r"(<(pre|textarea|script)[\s>].*?</\2>)", re.DOTALL | re.IGNORECASE)
_BLANK = re.compile(r"\n[ \t\n]+")


def _without_blank_space(html: str) -> str:
    """The page without the blank lines and indentation its templates leave (a tenth of
    every page), except inside ``<pre>``, ``<textarea>`` and ``<script>``."""
    parts = _UNTOUCHED.split(html)
    # split() gives: text, (whole untouched element, its tag name), text, ...
    return "".join(
        _BLANK.sub("\n", part) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 != 2
    )


def _entry(page: Page, lookups: dict[str, tuple[str, str, bool] | None]) -> Entry:
    links = page.links_to_anchors
    return (
        lookups,
        page.content,
        _toc(page.toc),
        page._title_from_render,
        sorted(page.present_anchor_ids or ()),
        None if links is None else {f.src_uri: dict(a) for f, a in links.items()},
    )


def _restore(page: Page, entry: Entry, files: Files) -> None:
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


def _toc(toc: TableOfContents | list[AnchorLink]) -> list[Any]:
    return [(a.title, a.id, a.level, _toc(a.children)) for a in toc]


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
def _recorded_lookups(files: Files) -> Iterator[dict[str, tuple[str, str, bool] | None]]:
    """Record every file the rendering looks up (links and images), and what it found."""
    lookups: dict[str, tuple[str, str, bool] | None] = {}
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


def _same_lookups(lookups: dict[str, tuple[str, str, bool] | None], files: Files) -> bool:
    return all(_found(files.get_file_from_path(p)) == found for p, found in lookups.items())


class _Listener(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.heard = False

    def emit(self, record: logging.LogRecord) -> None:
        self.heard = True


@contextlib.contextmanager
def _logged() -> Iterator[_Listener]:
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


# --- the cache file ---------------------------------------------------------------------


def _digest(*parts: Any) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _load(path: Path) -> dict[str, Entry]:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if isinstance(data, dict) and data.get("format") == FORMAT:
        pages = data.get("pages")
        return pages if isinstance(pages, dict) else {}
    return {}


def _save(path: Path, pages: dict[str, Entry]) -> None:
    """Replace the cache file atomically; failing to write it only costs the next build."""
    with contextlib.suppress(OSError, ValueError):
        state_folder(path.parent)
        atomic_write(path, marshal.dumps({"format": FORMAT, "pages": pages}), durable=False)
