"""Scoring recorded decisions again with today's knowledge: which would now differ, and why.

A record decider wrote keeps its answers and, per pattern, the score and the rule and
fact ids that made it. Re-scoring the answers and comparing those ids names the
statement or fact that changed the outcome. No I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .answers import parse_answers
from .engine import decide
from .errors import InputError
from .model import Knowledge, Score
from .records import Record


@dataclass(frozen=True)
class Revisited:
    """One record scored again.

    Attributes:
        record: The record.
        was: The pattern it chose then.
        now: The pattern the same answers give now.
        reasons: What changed, in words (empty when nothing that matters did).
        problem: Why it could not be scored again, if it could not.
    """

    record: Record
    was: str | None
    now: str | None
    reasons: tuple[str, ...] = ()
    problem: str | None = None

    @property
    def differs(self) -> bool:
        """Whether today's recommendation is not the recorded one."""
        return self.problem is None and self.was != self.now


def _describe(knowledge: Knowledge, entry_id: str) -> str:
    if entry_id in knowledge.rules:
        return knowledge.rules[entry_id].reason
    if entry_id in knowledge.facts:
        return knowledge.facts[entry_id].says
    return entry_id


def _changes(knowledge: Knowledge, name: str, then: Mapping[str, Any], now: Score) -> list[str]:
    found = []
    old = {str(k): v for k, v in (then.get("reasons") or {}).items()}
    new = {c.id: c.points for c in now.contributions}
    for entry_id, points in new.items():
        if entry_id not in old:
            found.append(
                f"{name}: now {points:+d} for {_describe(knowledge, entry_id)} ({entry_id})"
            )
        elif old[entry_id] != points:
            found.append(f"{name}: {entry_id} now gives {points:+d} (was {old[entry_id]:+d})")
    for entry_id, points in old.items():
        if entry_id not in new:
            found.append(
                f"{name}: no longer {points:+d} for {_describe(knowledge, entry_id)} ({entry_id})"
            )
    old_knockouts = set(then.get("knockouts") or [])
    for violation in now.knockouts:
        if violation.fact not in old_knockouts:
            found.append(f"{name}: now knocked out: {violation.message} ({violation.fact})")
    if old_knockouts and now.viable:
        found.append(f"{name}: no longer knocked out ({', '.join(sorted(old_knockouts))})")
    return found


def standing(records: Sequence[Record]) -> list[Record]:
    """The decisions still in force: what ``revisit`` scores again when given no numbers
    (a superseded or rejected decision is history, not something to revisit)."""
    return [r for r in records if r.status not in ("superseded", "rejected")]


def revisit(records: Sequence[Record], knowledge: Knowledge) -> list[Revisited]:
    """Score every record decider wrote again (adopted records have no answers to score)."""
    results = []
    for record in records:
        block = record.decider
        if not block:
            continue
        try:
            answers = parse_answers(block.get("answers"), f"{record.path.name}: decider.answers")
        except InputError as exc:
            results.append(Revisited(record, record.pattern, None, problem=exc.message))
            continue
        result = decide(knowledge, answers, what_if=False)
        ranking = {
            str(e.get("option")): e for e in block.get("ranking") or [] if isinstance(e, Mapping)
        }
        reasons: list[str] = []
        if result.recommendation != record.pattern:
            for option in dict.fromkeys(p for p in (record.pattern, result.recommendation) if p):
                if option in knowledge.patterns:
                    name = knowledge.patterns[option].name
                    reasons += _changes(
                        knowledge, name, ranking.get(option, {}), result.score_of(option)
                    )
            if block.get("knowledge") != knowledge.version:
                reasons.append(f"knowledge base {block.get('knowledge')} → {knowledge.version}")
        results.append(Revisited(record, record.pattern, result.recommendation, tuple(reasons)))
    return results
