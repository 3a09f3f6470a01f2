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
indentation the theme's templates leave around every page's content. When no other
plugin is in use, a rebuild leaves the files that did not change in place instead of
writing the whole site again (:mod:`decider.site_output`), and a ``mkdocs build`` that
finds little in the cache has helper processes convert a share of the pages on the
machine's other cores (:mod:`decider.page_helpers`).

``decider site build`` and ``decider site serve`` add the plugin themselves; a team that
runs ``mkdocs`` directly can list ``decider`` under ``plugins`` in ``mkdocs.yml``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import marshal
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from . import page_cache, site_output
from .cache import cache_dir
from .page_cache import PURE_EXTENSIONS, VERSIONED, Entry
from .page_helpers import Helpers, populate
from .site_output import UnchangedFilesKept
from .templates import bytecode_cache

log = logging.getLogger("mkdocs.plugins.decider")

QUIET_PLUGINS = frozenset({"search", "material/search", "decider"})
"""Plugins known to write the site only through MkDocs' own functions: with no other,
a rebuild leaves unchanged files in place (:mod:`decider.site_output`)."""


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
        self.renewed = False
        """Whether an entry was made afresh in this build (its key may be an old one)."""
        self.dirty = False
        self.output: UnchangedFilesKept | None = None
        self.helpers: Helpers | None = None
        self.command = ""

    # --- MkDocs events ----------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty  # a --dirty build renders some pages: the others stay kept

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.previous, self.current, self.renewed = {}, {}, False
        self.path = None
        if self.config.cache:
            folder = Path(config.config_file_path or ".").parent
            self.path = folder / self.config.cache
            self.previous = page_cache.load(self.path)
        return config

    @event_priority(-100)  # after every other plugin's (one may add a Markdown extension)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.path is not None and not self.dirty and set(config.plugins) <= QUIET_PLUGINS:
            self.output = UnchangedFilesKept(config.site_dir)
            self.output.install()
        pure = all(isinstance(e, str) and e in PURE_EXTENSIONS for e in config.markdown_extensions)
        self.html_key = (
            page_cache.digest(
                [page_cache.version(name) for name in VERSIONED],
                config.markdown_extensions,
                page_cache.stable(config.mdx_configs or {}),
                config.use_directory_urls,
                repr(config.validation),
                logging.getLogger("mkdocs").getEffectiveLevel(),
            )
            if pure
            else ""
        )

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Leave the theme's source maps (``*.js.map``, a megabyte for Material) out of the
        published site: they serve only someone debugging the theme's own scripts."""
        docs = Path(config.docs_dir)
        for file in list(files):
            source = file.abs_src_path
            if file.src_uri.endswith(".map") and source and docs not in Path(source).parents:
                files.remove(file)
        if self.output is not None:
            self.output.make_way(f.abs_dest_path for f in files)
        return files

    @event_priority(-100)  # the last word on the pages MkDocs is about to read
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        pages = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
        settings = "settings:" + self.html_key  # kept HTML was made with these settings
        kept = sum(1 for key in self.previous if key.startswith("html:"))
        kept = kept if settings in self.previous else 0
        if self.html_key:
            self.current[settings] = ()
        if (
            self.command == "build"
            and self.output is not None  # a plain build: only search and decider's plugin
            and self.html_key
            and kept < len(pages) / 2
        ):
            work = functools.partial(self._convert, config=config, files=files)
            self.helpers = Helpers.start(pages, work, self.path.parent if self.path else Path())
        return nav

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if self.helpers is not None and (converted := self.helpers.collect(page)):
            self.previous.update(converted)
            self.renewed = True  # made in this build: the cache file is to be written
        # only MkDocs' own pages: another plugin's (a blog post, say) read and render their way
        if self.path is not None and type(page).read_source is Page.read_source:
            page.read_source = self._cached_read_source(page)  # type: ignore[method-assign,assignment]
        if self.path is not None and self.html_key and type(page).render is Page.render:
            page.render = self._cached_render(page)  # type: ignore[method-assign,assignment]
        return page

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        folder = cache_dir()
        if self.path is not None and folder is not None and env.bytecode_cache is None:
            env.bytecode_cache = bytecode_cache(folder / "site-templates")
        index = self._search_index(config)
        if self.path is not None and index is not None:
            index.add_entry_from_context = self._cached_indexing(index)
        return env

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.helpers is not None:
            self.helpers.stop()
            self.helpers = None
        if self.output is not None:
            self.output.finish()
            self.output = None
        if self.path is None:
            return
        if self.dirty:
            self.current = {**self.previous, **self.current}
        if self.renewed or self.current.keys() != self.previous.keys():
            page_cache.save(self.path, self.current)

    def on_build_error(self, *, error: Exception) -> None:
        self.on_shutdown()

    def on_shutdown(self) -> None:
        """After a build that failed or was interrupted: MkDocs' own writing functions
        back, helpers waited for (their files removed)."""
        if self.helpers is not None:
            self.helpers.stop()
            self.helpers = None
        if self.output is not None:
            site_output.restore()
            self.output = None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The page without the blank lines and indentation the theme's templates leave
        (a tenth of every page), outside the page's own content, which is left as it is."""
        content = page.content or ""
        before, found, after = output.partition(content) if content else (output, "", "")
        if content and not found:
            return output  # another plugin changed the content on its way: leave it all
        return _without_blank_space(before) + found + _without_blank_space(after)

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
            key = "source:" + page_cache.digest(source)
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
            key = "html:" + page_cache.digest(
                self.html_key, page.file.src_uri, page.url, page.markdown, page.file.inclusion
            )
            entry = self.previous.get(key)
            if entry is not None and page_cache.same_lookups(entry[0], files):
                page_cache.restore(page, entry, files)
                self.current[key] = entry
                return
            with page_cache.recorded_lookups(files) as lookups, page_cache.logged() as said:
                render(page, config, files)
            if not said.heard:
                self.current[key] = page_cache.entry_of(page, lookups)
                self.renewed = True

        return cached_render

    # --- pages converted by helpers -----------------------------------------------------------

    def _convert(
        self, share: Sequence[File], *, config: MkDocsConfig, files: Files
    ) -> dict[str, Entry]:
        """In a helper (:mod:`decider.page_helpers`): read, convert and index ``share`` as
        the build would, and return what the cache would keep of them."""
        self.current = {}
        pages = [populate(file, config, files) for file in share]
        index = self._search_index(config)
        if index is not None:
            indexing = self._cached_indexing(index)
            for page in pages:
                indexing(page)
        return self.current

    # --- the page's search entries ------------------------------------------------------------

    def _search_index(self, config: MkDocsConfig) -> Any:
        """Material's search index (and the key of its settings), or ``None`` without it."""
        search = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(search, "search_index", None)
        if not isinstance(getattr(index, "entries", None), list):
            return None
        self.search_key = page_cache.digest(
            [page_cache.version(name) for name in VERSIONED],
            page_cache.stable(dict(getattr(search, "config", {}))),
        )
        return index

    def _cached_indexing(self, index: Any) -> Callable[[Page], None]:
        add_entry_from_context = index.add_entry_from_context

        def cached_indexing(page: Page) -> None:
            meta = page.meta or {}
            key = "search:" + page_cache.digest(
                self.search_key,
                page.url,
                page.content,
                str(page.title),
                repr([meta.get("title"), meta.get("search"), meta.get("tags")]),
                page_cache.toc_data(page.toc),
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
