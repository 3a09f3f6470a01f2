"""The decision log: records in, Markdown pages out (the log, and the log by status and
by pattern). No I/O: the workspace reads the records and writes the pages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .lifecycle import href
from .model import Knowledge
from .records import Record

LOG_PAGES = {
    "index.md": "index.md.j2",
    "by-status.md": "by-status.md.j2",
    "by-pattern.md": "by-pattern.md.j2",
    "landscape.md": "landscape.md.j2",
}
"""The pages of the log, and the template of each. The log itself is ``index.md``, or
``decision-log.md`` where the folder already has an ``index.md`` that decider did not write."""
LOG_MARK = "<!-- written by decider from the records: edit them, not this page -->"
ALTERNATIVE_LOG = "decision-log.md"
LANDSCAPE_SVG = "landscape.svg"

STATUS_ORDER = ("proposed", "accepted", "rejected", "deprecated", "superseded")


def pattern_name(knowledge: Knowledge, pattern: str | None) -> str:
    """The pattern's name, the id of a pattern the knowledge does not know, or '-'."""
    if pattern is None:
        return "-"
    return knowledge.patterns[pattern].name if pattern in knowledge.patterns else pattern


def newest_first(records: Iterable[Record]) -> list[Record]:
    """Records by date, then number, newest first."""
    return sorted(records, key=lambda r: (r.date, r.number or 0, r.path.name), reverse=True)


def _links(numbers: Sequence[int], by_number: Mapping[int, Record]) -> str:
    """``[0003](0003-x.md)`` for each number that has a record, plain otherwise."""
    shown = []
    for number in numbers:
        record = by_number.get(number)
        shown.append(f"[{number:04d}]({href(record)})" if record else f"{number:04d}")
    return ", ".join(shown)


def rows(records: Sequence[Record], knowledge: Knowledge) -> list[dict[str, str]]:
    """One table row per record, newest first: the values, and ``line``, the row's
    Markdown with every value escaped for a table cell (formatted here, not in the
    pages' templates: with a thousand decisions, this is most of what ``new`` costs)."""
    from .templates import md_cell

    by_number = {r.number: r for r in records if r.number is not None}
    names: dict[str | None, tuple[str, str]] = {}
    cells: dict[str, str] = {}  # statuses and dates repeat: each is escaped once

    def cell(text: str) -> str:
        escaped = cells.get(text)
        if escaped is None:
            escaped = cells[text] = md_cell(text)
        return escaped

    table = []
    for record in newest_first(records):
        status = cell(record.status)
        if record.superseded_by:
            status += " by " + _links(record.superseded_by, by_number)
        if record.supersedes:
            status += "; supersedes " + _links(record.supersedes, by_number)
        if record.pattern not in names:
            name = pattern_name(knowledge, record.pattern)
            names[record.pattern] = (name, md_cell(name))
        pattern, pattern_cell = names[record.pattern]
        label = record.label
        number = label if label.isdigit() else md_cell(label)
        title = md_cell(record.title)
        table.append(
            {
                "title": record.title,
                "status": record.status,
                "pattern": pattern,
                "line": f"| {number} | [{title}]({href(record)}) | {status} | "
                f"{cell(record.date)} | {pattern_cell} |",
            }
        )
    return table


def _table(table: Sequence[dict[str, str]]) -> str:
    """The rows' Markdown lines, one per line (joined here: a template loop over a
    thousand rows three times is most of what writing the log costs)."""
    return "\n".join(row["line"] for row in table)


def _groups(table: list[dict[str, str]], key: str, order: Sequence[str]) -> list[dict[str, object]]:
    groups: dict[str, list[dict[str, str]]] = {}
    for row in table:
        groups.setdefault(row[key], []).append(row)
    names = [n for n in order if n in groups] + sorted(set(groups) - set(order))
    return [
        {"name": name, "count": len(groups[name]), "table": _safe(_table(groups[name]))}
        for name in names
    ]


def _safe(text: str) -> object:
    from .templates import Markup

    return Markup(text)


def log_pages(
    records: Sequence[Record],
    knowledge: Knowledge,
    problems: Sequence[str],
    templates: Path | None = None,
    *,
    landscape: bool = False,
    index: str = "index.md",
) -> dict[str, str]:
    """The log's pages by file name: the table, the same grouped by status and by pattern,
    and the landscape page (showing ``landscape.svg`` when ``landscape`` says it exists)."""
    from .templates import Markup, render

    table = rows(records, knowledge)
    patterns = [p.name for p in knowledge.patterns.values()]
    context = {
        "table": Markup(_table(table)),
        "count": len(table),
        "rows": table,
        "problems": list(problems),
        "by_status": _groups(table, "status", STATUS_ORDER),
        "by_pattern": _groups(table, "pattern", patterns),
        "svg": LANDSCAPE_SVG if landscape else None,
        "log": index,
    }
    pages = {
        (index if page == "index.md" else page): render(template, context, templates)
        for page, template in LOG_PAGES.items()
    }
    pages[index] = pages[index].rstrip("\n") + f"\n\n{LOG_MARK}\n"  # how decider knows its log
    return pages
