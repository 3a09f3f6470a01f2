"""Reading YAML safely: plain data only, duplicate keys refused, errors as one line.

Every YAML file decider reads (answers, knowledge, ADR front matter) goes through
:func:`parse_yaml`, so each gets the same safety: no tag that constructs objects,
no silently repeated key, and a message that names the file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _StrictLoader(_BaseLoader):
    """The safe loader (C-accelerated where available) that also refuses duplicate keys."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            ) from None
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def parse_yaml(text: str, origin: str) -> Any:
    """Parse YAML text into plain Python data.

    Args:
        text: The YAML document.
        origin: What to call it in messages (usually the file name).

    Raises:
        InputError: for invalid YAML, a tag that would construct an object, or a repeated key.
    """
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a safe loader: plain data only
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = exc.problem or exc.context or "not valid YAML"
        if "could not determine a constructor" in problem:
            tag = problem.rsplit(" ", 1)[-1]
            problem = f"the tag {tag} is not allowed; only plain data is read"
        raise InputError(f"{origin}: {where}{problem}") from None
    except yaml.reader.ReaderError as exc:
        raise InputError(
            f"{origin}: character {exc.position + 1}: {exc.reason} "
            f"(#x{ord(exc.character) if isinstance(exc.character, str) else exc.character:04x})"
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"{origin}: not valid YAML ({' '.join(str(exc).split())})") from None
    except RecursionError:
        raise InputError(f"{origin}: YAML nested too deeply") from None


def read_yaml_file(path: Path, what: str) -> Any:
    """Read and parse one YAML file; ``what`` names it in messages ("answers file")."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{what} not found: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{what} is a folder, not a file: {path}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror}") from None
    return parse_yaml(text, str(path))
