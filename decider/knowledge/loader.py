"""Loading and validating knowledge: the built-in base plus a team's extension files.

An extension file has the same sections as ``base.yaml``. An entry with a new id is
added whole; for an id that exists, the fields it gives replace those fields. The merged
result is validated as strictly as the base, and every error names the file that brought
the bad entry and the dotted path of the bad field.
"""

from __future__ import annotations

import datetime
import marshal
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from ..answers import QUESTIONS_BY_KEY, unknown_key_message
from ..cache import cache_dir
from ..errors import KnowledgeError
from ..model import (
    LIMIT_KINDS,
    ORDERING_LEVELS,
    PROTOCOLS,
    REPLAY_LEVELS,
    SOURCES,
    Condition,
    Fact,
    Knowledge,
    Pattern,
    Rule,
    Service,
    Source,
    Statement,
)
from ..yamlio import parse_yaml, read_yaml_file

BASE_FILE = Path(__file__).with_name("base.yaml")

SECTIONS = ("sources", "statements", "patterns", "services", "facts", "rules")
_TOP_KEYS = ("version", "scoring", *SECTIONS)
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_NUMERIC_ANSWERS = ("throughput", "consumer_count", "latency_ms", "message_kb")
_CHOICE_ANSWERS = ("boundary", "ordering", "delivery", "replay", "sources", "protocols")


class _Invalid(Exception):
    """A validation failure at ``path`` (dotted), raised inside this module only."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


# --- field checkers: each takes (value, path) and returns the clean value ---------------

Checker = Callable[[Any, str], Any]


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(path, f"expected non-empty text, got {value!r}")
    return value


def _date(value: Any, path: str) -> str:
    if isinstance(value, datetime.date):  # an unquoted YAML date
        return value.isoformat()
    value = str(value) if isinstance(value, int) else value
    if not isinstance(value, str) or not _DATE.match(value):
        raise _Invalid(path, f"expected a date YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(path, f"expected true or false, got {value!r}")
    return value


def _int_range(low: int, high: int) -> Checker:
    def check(value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Invalid(path, f"expected a whole number from {low} to {high}, got {value!r}")
        return value

    return check


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value) and abs(value) < 1e300
    except OverflowError:
        return False


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not _finite(value):
        raise _Invalid(path, f"expected a finite number, got {value!r}")
    if value < 0:
        raise _Invalid(path, f"expected a number ≥ 0, got {value!r}")
    return value


def _one_of(choices: Iterable[str]) -> Checker:
    allowed = tuple(choices)

    def check(value: Any, path: str) -> str:
        if value not in allowed:
            raise _Invalid(path, f"{value!r} is not allowed; expected one of {', '.join(allowed)}")
        return str(value)

    return check


def _list_of(item: Checker, *, allow_empty: bool = False) -> Checker:
    def check(value: Any, path: str) -> tuple[Any, ...]:
        if not isinstance(value, list) or (not value and not allow_empty):
            raise _Invalid(path, f"expected a list, got {value!r}")
        return tuple(item(v, f"{path}[{i}]") for i, v in enumerate(value))

    return check


def _ref(section: str, known: Mapping[str, Any]) -> Checker:
    def check(value: Any, path: str) -> str:
        if not isinstance(value, str) or value not in known:
            raise _Invalid(path, f"{value!r} is not a known {section[:-1]} id")
        return value

    return check


class _Field(NamedTuple):
    check: Checker
    required: bool = True


def _entry(data: Any, path: str, spec: Mapping[str, _Field]) -> dict[str, Any]:
    """Check one entry against its field spec; return its clean fields."""
    if not isinstance(data, Mapping):
        raise _Invalid(path, f"expected a mapping, got {type(data).__name__}")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in spec:
            raise _Invalid(f"{path}.{key}", unknown_key_message(key, list(spec)))
        out[key] = spec[key].check(value, f"{path}.{key}")
    for key, field in spec.items():
        if field.required and key not in out:
            raise _Invalid(f"{path}.{key}", "missing")
    return out


# --- conditions and limit values --------------------------------------------------------


def _condition(key: Any, value: Any, path: str) -> Condition:
    if key in _NUMERIC_ANSWERS:
        bounds = _entry(value, path, {"min": _Field(_number, False), "max": _Field(_number, False)})
        if not bounds:
            raise _Invalid(path, "expected min and/or max")
        return Condition(key, min=bounds.get("min"), max=bounds.get("max"))
    if key in _CHOICE_ANSWERS:
        choices = QUESTIONS_BY_KEY[key].choices
        values = value if isinstance(value, list) else [value]
        for i, v in enumerate(values):
            if v is not None and v not in choices:
                where = f"{path}[{i}]" if isinstance(value, list) else path
                raise _Invalid(
                    where, f"{v!r} is not allowed; expected one of {', '.join(choices)} or null"
                )
        return Condition(key, values=tuple(values))
    raise _Invalid(path, unknown_key_message(key, [*_NUMERIC_ANSWERS, *_CHOICE_ANSWERS]))


def _conditions(value: Any, path: str) -> tuple[Condition, ...]:
    if not isinstance(value, Mapping) or not value:
        raise _Invalid(path, "expected a mapping of answer keys to conditions")
    return tuple(_condition(k, v, f"{path}.{k}") for k, v in value.items())


_LIMIT_VALUE: Mapping[str, Checker] = {
    "throughput": _number,
    "ordered_throughput": _number,
    "message_kb": _number,
    "latency_p99_ms": _number,
    "consumers": _number,
    "ordering": _one_of(ORDERING_LEVELS),
    "replay": _one_of(REPLAY_LEVELS),
    "protocols": _list_of(_one_of(PROTOCOLS[1:]), allow_empty=True),
    "sources": _list_of(_one_of(SOURCES)),
}


# --- merging ------------------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class _Merged:
    """Raw merged sections, and which file each entry's last change came from."""

    version: str
    scoring: dict[str, Any]
    sections: dict[str, dict[str, dict[str, Any]]]
    origin: dict[tuple[str, str], str]


def _merge(merged: _Merged, data: Any, origin: str, *, base: bool) -> None:
    if not isinstance(data, Mapping):
        raise KnowledgeError(f"{origin}: expected a mapping with sections such as facts, rules")
    for key in data:
        if key not in _TOP_KEYS:
            raise KnowledgeError(f"{origin}: {unknown_key_message(key, list(_TOP_KEYS))}")
    if "scoring" in data:
        if not isinstance(data["scoring"], Mapping):
            raise KnowledgeError(f"{origin}: scoring: expected a mapping")
        merged.scoring.update(data["scoring"])
        merged.origin[("scoring", "")] = origin
    for section in SECTIONS:
        entries = data.get(section) or {}
        if not isinstance(entries, Mapping):
            raise KnowledgeError(f"{origin}: {section}: expected a mapping of ids to entries")
        target = merged.sections[section]
        for entry_id, fields in entries.items():
            path = f"{section}.{entry_id}"
            if not isinstance(entry_id, str) or not _ID.match(entry_id):
                raise KnowledgeError(
                    f"{origin}: {path}: an id is lower-case letters, digits, '.', '-' or '_'"
                )
            if not isinstance(fields, Mapping):
                raise KnowledgeError(f"{origin}: {path}: expected a mapping of fields")
            if entry_id in target and not base:
                target[entry_id] = {**target[entry_id], **fields}
            else:
                target[entry_id] = dict(fields)
            merged.origin[(section, entry_id)] = origin


# --- building the validated model --------------------------------------------------------


def _build(merged: _Merged) -> Knowledge:
    raw = merged.sections

    def each(section: str, spec: Mapping[str, _Field]) -> Iterable[tuple[str, dict[str, Any]]]:
        for entry_id, data in raw[section].items():
            try:
                yield entry_id, _entry(data, f"{section}.{entry_id}", spec)
            except _Invalid as exc:
                raise KnowledgeError(
                    f"{merged.origin[(section, entry_id)]}: {exc.path}: {exc.message}"
                ) from None

    scoring = _entry_or_fail(
        merged,
        "scoring",
        merged.scoring,
        {
            "base": _Field(_int_range(0, 100)),
            "fit_threshold": _Field(_int_range(0, 100)),
        },
    )
    sources = {
        i: Source(i, **f)
        for i, f in each(
            "sources",
            {
                "title": _Field(_text),
                "date": _Field(_date),
                "url": _Field(_text, False),
            },
        )
    }
    pattern_fields = {
        i: f
        for i, f in each(
            "patterns",
            {
                "name": _Field(_text),
                "aws": _Field(_text),
                "owner": _Field(_one_of(("producer", "consumer", "shared"))),
                "coupled_by": _Field(_text),
            },
        )
    }
    statements = {
        i: Statement(i, **f)
        for i, f in each(
            "statements",
            {
                "kind": _Field(_one_of(("owner", "coupling", "great", "sucks", "guidance"))),
                "says": _Field(_text),
                "source": _Field(_ref("sources", sources)),
                "pattern": _Field(_ref("patterns", pattern_fields), False),
            },
        )
    }
    services = {
        i: Service(i, **f)
        for i, f in each(
            "services",
            {
                "pattern": _Field(_ref("patterns", pattern_fields)),
                "name": _Field(_text),
                "setup": _Field(_text),
                "candidate": _Field(_bool, False),
            },
        )
    }
    patterns = {
        i: Pattern(i, **f, services=tuple(s.id for s in services.values() if s.pattern == i))
        for i, f in pattern_fields.items()
    }
    facts: dict[str, Fact] = {}
    for i, f in each(
        "facts",
        {
            "services": _Field(_list_of(_ref("services", services))),
            "says": _Field(_text),
            "source": _Field(_ref("sources", sources)),
            "as_of": _Field(_date),
            "limit": _Field(_one_of(LIMIT_KINDS), False),
            "value": _Field(lambda v, p: v, False),
            "hard": _Field(_bool, False),
            "penalty": _Field(_int_range(0, 100), False),
            "confirmed": _Field(_bool, False),
        },
    ):
        where = f"{merged.origin[('facts', i)]}: facts.{i}"
        if ("limit" in f) != ("value" in f):
            raise KnowledgeError(f"{where}: a fact with a limit needs a value, and a value a limit")
        if "limit" in f:
            try:
                f["value"] = _LIMIT_VALUE[f["limit"]](f["value"], f"facts.{i}.value")
            except _Invalid as exc:
                raise KnowledgeError(
                    f"{merged.origin[('facts', i)]}: {exc.path}: {exc.message}"
                ) from None
        if f.get("hard") is False and not f.get("penalty"):
            raise KnowledgeError(f"{where}.penalty: a soft limit (hard: false) needs a penalty > 0")
        facts[i] = Fact(i, **f)
    rules = {
        i: Rule(i, **f)
        for i, f in each(
            "rules",
            {
                "pattern": _Field(_ref("patterns", patterns)),
                "statement": _Field(_ref("statements", statements)),
                "when": _Field(_conditions),
                "weight": _Field(_int_range(-100, 100)),
                "reason": _Field(_text),
                "preferred": _Field(_bool, False),
            },
        )
    }
    for pattern in patterns.values():
        if not pattern.services:
            origin = merged.origin[("patterns", pattern.id)]
            raise KnowledgeError(
                f"{origin}: patterns.{pattern.id}: no service implements it; "
                f"add one under services with pattern: {pattern.id}"
            )
    return Knowledge(
        version=merged.version,
        base_score=scoring["base"],
        fit_threshold=scoring["fit_threshold"],
        sources=sources,
        statements=statements,
        patterns=patterns,
        services=services,
        facts=facts,
        rules=rules,
    )


def _entry_or_fail(
    merged: _Merged, path: str, data: Any, spec: Mapping[str, _Field]
) -> dict[str, Any]:
    try:
        return _entry(data, path, spec)
    except _Invalid as exc:
        origin = merged.origin.get(("scoring", ""), str(BASE_FILE))
        raise KnowledgeError(f"{origin}: {exc.path}: {exc.message}") from None


def _extension_label(path: Path, data: Any, text: bytes) -> str:
    if isinstance(data, Mapping) and "version" in data:
        version = data["version"]
        if not isinstance(version, str | int | float) or not str(version).strip():
            raise KnowledgeError(f"{path}: version: expected text")
        return str(version).strip()
    import hashlib  # only for extensions without a version

    return f"{path.name}@{hashlib.sha256(text).hexdigest()[:8]}"


def read_base(folder: Path | None) -> Any:
    """Parse ``base.yaml``, through a cached copy in ``folder`` when one is current.

    YAML parsing is most of the start-up time of ``decider decide``; the copy (in
    :mod:`marshal` format, which needs no import) is keyed by the Python version and the
    file's size and modification time, written atomically, and ignored when it cannot be
    read or written.
    """
    stat = BASE_FILE.stat()
    python = "".join(map(str, sys.version_info[:2]))
    key = f"base-py{python}-{stat.st_size}-{stat.st_mtime_ns}.marshal"
    if folder is not None:
        try:
            return marshal.loads((folder / key).read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass
    data = parse_yaml(BASE_FILE.read_text(encoding="utf-8"), str(BASE_FILE))
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for stale in folder.glob("base-*"):
                stale.unlink(missing_ok=True)
            temporary = folder / f".{key}.{os.getpid()}.tmp"
            temporary.write_bytes(marshal.dumps(data))
            os.replace(temporary, folder / key)
        except (OSError, TypeError, ValueError):
            pass
    return data


@cache
def _base_data() -> Any:
    return read_base(cache_dir())


def load_knowledge(extensions: Iterable[Path] = ()) -> Knowledge:
    """Load the built-in knowledge base, then each extension file in order.

    Args:
        extensions: A team's knowledge files (``--knowledge FILE``).

    Returns:
        The validated :class:`Knowledge`. Its version is the base version, followed by
        ``+label`` for each extension (the file's own ``version``, or its name and hash).

    Raises:
        KnowledgeError: naming the file and the dotted path of the first bad field.
    """
    base = _base_data()
    merged = _Merged(str(base["version"]), {}, {s: {} for s in SECTIONS}, {})
    _merge(merged, base, str(BASE_FILE), base=True)
    for path in extensions:
        path = Path(path)
        data = read_yaml_file(path, "knowledge file")
        if data is None:
            raise KnowledgeError(f"{path}: empty; expected sections such as facts or rules")
        _merge(merged, data, str(path), base=False)
        merged.version += "+" + _extension_label(path, data, path.read_bytes())
    return _build(merged)
