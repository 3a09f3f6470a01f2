"""A decision result as text for people and as JSON for scripts: strings out, no I/O.

The sentences built here ("if boundary were "within", topic would win") are shared by
the CLI, the wizard and the ADR, so a reader sees the same words everywhere.
"""

from __future__ import annotations

import textwrap
from typing import Any

from .engine import fmt_number
from .model import Knowledge, Result, Score, WhatIf

UNITS = {"throughput": "msg/s", "latency_ms": "ms", "message_kb": "KB", "consumer_count": ""}
LABELS = {
    "consumer_count": "consumers",
    "latency_ms": "latency budget",
    "message_kb": "largest message",
}


def pattern_title(knowledge: Knowledge, option: str | None) -> str:
    """``event bus (EventBridge)``, or ``nothing`` for ``None``."""
    if option is None:
        return "nothing"
    pattern = knowledge.patterns[option]
    return f"{pattern.name} ({pattern.aws})"


def _value(question: str, value: object) -> str:
    if value is None:
        return "unanswered"
    if isinstance(value, int | float) and not isinstance(value, bool):
        unit = UNITS.get(question, "")
        return f"{fmt_number(value)} {unit}".rstrip()
    return f'"{value}"'


def what_if_sentence(knowledge: Knowledge, what_if: WhatIf) -> str:
    """One what-if as a sentence: 'if ordering were "global", nothing would fit'."""
    label = LABELS.get(what_if.question, what_if.question)
    winner = (
        "nothing would fit"
        if what_if.winner is None
        else f"{knowledge.patterns[what_if.winner].name} would win"
    )
    now = f" (now {_value(what_if.question, what_if.current)})"
    return f"if {label} were {_value(what_if.question, what_if.alternative)}{now}, {winner}"


def recommendation_line(knowledge: Knowledge, result: Result) -> str:
    """The headline: the pattern, its score and the concrete service to use."""
    if result.recommendation is None:
        return "Recommendation: none: nothing fits well (see the warnings)"
    top = result.score_of(result.recommendation)
    service = knowledge.services[top.service] if top.service else None
    use = f"; use {service.setup}" if service else ""
    return (
        f"Recommendation: {pattern_title(knowledge, result.recommendation)}, {top.score}/100{use}"
    )


def _reasons(score: Score) -> list[str]:
    lines = [
        f"{'+' if c.points >= 0 else '-'}{abs(c.points):>2}  {c.reason} ({c.source})"
        for c in score.contributions
    ]
    lines += [f"out  {v.message} ({v.source})" for v in score.knockouts]
    return lines or ["     nothing in the answers moves it from the base score"]


def result_text(knowledge: Knowledge, result: Result, width: int = 100) -> str:
    """The result as a readable ranked table with the reasons, wrapped to ``width``."""
    indent = " " * 40
    headline = recommendation_line(knowledge, result)
    out = [*textwrap.wrap(headline, width, subsequent_indent="  "), ""]
    out.append(f" #  {'pattern':<28} score  why")
    for number, score in enumerate(result.ranking, start=1):
        rank = f"{number:>2}" if score.viable else " -"
        shown = f"{score.score:>5}" if score.viable else "  out"
        lead = f"{rank}  {pattern_title(knowledge, score.option):<28} {shown}  "
        for i, reason in enumerate(_reasons(score)):
            out += textwrap.wrap(
                reason,
                width,
                initial_indent=lead if i == 0 else indent,
                subsequent_indent=indent + "     ",
            )
    if result.what_if:
        out += ["", "What would change it:"]
        for w in result.what_if:
            out += textwrap.wrap(
                what_if_sentence(knowledge, w),
                width,
                initial_indent="  - ",
                subsequent_indent="    ",
            )
    if result.warnings:
        out += ["", "Warnings:"]
        for warning in result.warnings:
            out += textwrap.wrap(warning, width, initial_indent="  ! ", subsequent_indent="    ")
    out += ["", f"Knowledge base {result.knowledge_version}"]
    return "\n".join(out)


def result_dict(knowledge: Knowledge, result: Result) -> dict[str, Any]:
    """The result as plain data (the ``--format json`` contract), best first."""

    def service(service_id: str | None) -> dict[str, str] | None:
        if service_id is None:
            return None
        s = knowledge.services[service_id]
        return {"id": s.id, "name": s.name, "setup": s.setup}

    def violation(v: Any) -> dict[str, Any]:
        return {
            "fact": v.fact,
            "service": v.service,
            "requirement": v.requirement,
            "message": v.message,
            "source": v.source,
            "confirmed": v.confirmed,
        }

    top = result.score_of(result.recommendation) if result.recommendation else None
    return {
        "recommendation": result.recommendation,
        "service": service(top.service) if top else None,
        "ranking": [
            {
                "option": s.option,
                "name": knowledge.patterns[s.option].name,
                "score": s.score,
                "viable": s.viable,
                "service": service(s.service),
                "reasons": [
                    {
                        "id": c.id,
                        "points": c.points,
                        "reason": c.reason,
                        "says": c.says,
                        "source": c.source,
                    }
                    for c in s.contributions
                ],
                "knockouts": [violation(v) for v in s.knockouts],
                "flags": [violation(v) for v in s.flags],
            }
            for s in result.ranking
        ],
        "warnings": list(result.warnings),
        "what_if": [
            {
                "question": w.question,
                "current": w.current,
                "alternative": w.alternative,
                "winner": w.winner,
                "text": what_if_sentence(knowledge, w),
            }
            for w in result.what_if
        ],
        "knowledge_version": result.knowledge_version,
    }


def result_json(knowledge: Knowledge, result: Result) -> str:
    """The result as indented JSON text."""
    import json  # only this output needs it

    return json.dumps(result_dict(knowledge, result), indent=2, ensure_ascii=False)
