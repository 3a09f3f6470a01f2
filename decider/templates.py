"""The one place that builds Jinja2 environments, and the escaping of user text.

Templates live in ``templates/`` (shipped inside the wheel as ``decider/templates``); a
workspace overrides one by putting a file of the same name in its ``.decider/templates``
folder. Jinja runs with ``StrictUndefined``, and every value a template prints is escaped
for where it lands (Markdown, DOT or YAML) unless the code that built the context marked
it as already safe with :class:`markupsafe.Markup`. User text is only ever data: it is
never compiled as a template.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from .cache import cache_dir
from .errors import InputError

PACKAGE_DIR = Path(__file__).resolve().parent
OVERRIDES = Path(".decider") / "templates"

_MD_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "<": "&lt;",
        ">": "&gt;",
        "[": "\\[",
        "]": "\\]",
        "`": "\\`",
        # attribute lists ({: onclick=...}) would add HTML attributes
        "{": "\\{",
        "}": "\\}",
    }
)
_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_BLOCK_START = re.compile(r"^(\s*)([#>=+*:!~-]|\d+[.)]|\|)")


def builtin_templates() -> Path:
    """The templates shipped with decider (inside the wheel, or the source checkout's)."""
    inside = PACKAGE_DIR / "templates"
    return inside if inside.is_dir() else PACKAGE_DIR.parent / "templates"


_PLAIN = re.compile(r"(?:[^\s\\<>\[\]`{}&|]| (?=\S))*")
"""Text no Markdown escape changes: single spaces between words, no special character
(a title like most, checked in one step: a log of a thousand rows escapes three thousand)."""


def md_inline(text: object) -> str:
    """Text that stays text inside a Markdown line: no HTML, no links, no line breaks."""
    text = str(text)
    if _PLAIN.fullmatch(text) and not text.startswith(" "):
        return text
    flat = " ".join(text.split())
    return _ENTITY.sub("&amp;", flat).translate(_MD_SPECIAL)


def md_cell(text: object) -> str:
    """Like :func:`md_inline`, also safe inside a Markdown table cell."""
    return md_inline(text).replace("|", "\\|")


def md_block(text: object) -> str:
    """Free text of several lines, kept as paragraphs, that cannot start a Markdown block."""
    lines = []
    for line in str(text).splitlines():
        escaped = _ENTITY.sub("&amp;", line.rstrip()).translate(_MD_SPECIAL)
        lines.append(_MD_BLOCK_START.sub(r"\1\\\2", escaped))
    return "\n".join(lines).strip()


def dot_string(text: object) -> str:
    """Text for inside a double-quoted DOT string; line breaks become DOT's ``\\n``."""
    lines = [" ".join(line.split()) for line in str(text).splitlines()] or [""]
    return "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"') for line in lines)


def yaml_scalar(text: object) -> str:
    """Any value as a YAML scalar (a JSON string is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


_ESCAPES: dict[str, Callable[[object], str]] = {
    "md": md_inline,
    "dot": dot_string,
    "yml": yaml_scalar,
}


def _finalizer(escape: Callable[[object], str]) -> Callable[[object], object]:
    def finalize(value: object) -> object:
        if isinstance(value, Markup) or value is None:
            return value
        if isinstance(value, bool):
            return escape(str(value).lower())
        if isinstance(value, int | float):
            return str(value)
        return escape(value)

    return finalize


def bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (keyed by each template's source and name)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _safe(escape: Callable[[object], str]) -> Callable[[object], Markup]:
    """A filter: escape the value and mark it done, so the finalizer leaves it alone."""
    return lambda value: Markup(escape(value))


@cache
def environment(kind: str, overrides: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment for templates of one output ``kind``: ``md``, ``dot`` or ``yml``.

    Args:
        kind: Decides how printed values are escaped.
        overrides: A workspace's template folder; its files win over the built-in ones.
    """
    folders = [str(p) for p in (overrides, builtin_templates()) if p is not None and p.is_dir()]
    cache = cache_dir()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        bytecode_cache=bytecode_cache(cache / "templates") if cache else None,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalizer(_ESCAPES[kind]),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        {
            name: _safe(escape)
            for name, escape in {
                "md": md_inline,
                "cell": md_cell,
                "block": md_block,
                "dot": dot_string,
                "yml": yaml_scalar,
            }.items()
        }
    )
    return env


def render(template: str, context: Mapping[str, object], overrides: Path | None = None) -> str:
    """Render a template by name (its last suffix before ``.j2`` picks the escaping).

    Raises:
        InputError: for a template (a workspace's override, say) that does not render.
    """
    kind = template.removesuffix(".j2").rsplit(".", 1)[-1]
    folder = overrides if overrides is not None and overrides.is_dir() else None
    try:
        return environment(kind, folder).get_template(template).render(context)
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name or template}, line {exc.lineno}"
        raise InputError(f"template {where}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise InputError(f"template {template}: {exc.message or exc}") from None


__all__ = ["Markup", "builtin_templates", "environment", "render"]
