"""Scoring the patterns for one set of answers, without a UI.

Every pattern starts at the knowledge base's base score. Each rule whose conditions hold
adds its weight (the talk's "great for" and "sucks for", the within/between rule, other
guidance). Each concrete service of the pattern is then checked against the hard facts:
a hard limit knocks the service out, a soft one flags it and costs its penalty. A
pattern is viable while one of its services survives; the service with the smallest
penalty is the one to use. The explanation is the computation itself: every point comes
from a named knowledge entry.

:func:`decide` returns the ranking, warnings and what-if analysis; :func:`rank` is the
ranking alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .model import (
    ORDERING_LEVELS,
    REPLAY_LEVELS,
    Answers,
    Condition,
    Contribution,
    Fact,
    Knowledge,
    PatternId,
    Result,
    Rule,
    Score,
    Violation,
    WhatIf,
)

_LEVELS = {"ordering": ORDERING_LEVELS, "replay": REPLAY_LEVELS}


def fmt_number(value: float) -> str:
    """A number as people write it: ``20,000``, ``0.5``."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3g}" if value < 1 else f"{value:,.1f}".rstrip("0").rstrip(".")


# --- matching ----------------------------------------------------------------------------


def _holds(condition: Condition, answers: Answers) -> bool:
    value = getattr(answers, condition.key)
    if condition.values is not None:
        return value in condition.values
    if value is None:
        return False
    if condition.min is not None and value < condition.min:
        return False
    return condition.max is None or value <= condition.max


def _applies(rule: Rule, answers: Answers) -> bool:
    return all(_holds(c, answers) for c in rule.when)


LIMIT_ANSWERS = {
    "throughput": "throughput",
    "ordered_throughput": "ordering",
    "ordering": "ordering",
    "replay": "replay",
    "message_kb": "message_kb",
    "latency_p99_ms": "latency_ms",
    "consumers": "consumer_count",
    "protocols": "protocols",
    "sources": "sources",
}
"""The answer each kind of limit constrains."""


def _reads(fact: Fact, key: str) -> bool:
    """Whether checking ``fact``'s limit reads the answer ``key``."""
    if fact.limit == "ordered_throughput":
        return key in ("throughput", "ordering")
    return LIMIT_ANSWERS.get(str(fact.limit)) == key


def facts_limiting(knowledge: Knowledge, key: str) -> list[Fact]:
    """The facts whose limits the answer to question ``key`` is checked against, in file
    order (what the wizard shows beside the question)."""
    return [fact for fact in knowledge.facts.values() if fact.limit and _reads(fact, key)]


def _breaks(fact: Fact, a: Answers) -> bool:
    """Whether answers ``a`` ask for more than ``fact``'s limit allows."""
    limit, value = fact.limit, fact.value
    if limit in _LEVELS:
        wanted = getattr(a, limit)
        levels = _LEVELS[limit]
        return wanted is not None and levels.index(wanted) > levels.index(str(value))
    if limit in ("protocols", "sources"):
        assert isinstance(value, tuple)
        wanted = getattr(a, limit)
        return wanted not in (None, "none") and wanted not in value
    assert isinstance(value, int | float)
    if limit == "throughput":
        return a.throughput > value
    if limit == "ordered_throughput":
        return a.ordering == "global" and a.throughput > value
    if limit == "message_kb":
        return a.message_kb is not None and a.message_kb > value
    if limit == "latency_p99_ms":
        return a.latency_ms is not None and value > a.latency_ms
    if limit == "consumers":
        return a.consumer_count > value
    return False


def _need(fact: Fact, a: Answers) -> str:
    """What the team asked for that ``fact`` does not allow, in words."""
    limit = fact.limit
    if limit == "throughput":
        return f"you need {fmt_number(a.throughput)} msg/s"
    if limit == "ordered_throughput":
        return f"you need one global order at {fmt_number(a.throughput)} msg/s"
    if limit in _LEVELS:
        return f"you need {getattr(a, limit)} {limit}"
    if limit == "message_kb":
        return f"your largest message is {fmt_number(a.message_kb or 0)} KB"
    if limit == "latency_p99_ms":
        return f"your p99 budget is {fmt_number(a.latency_ms or 0)} ms"
    if limit == "consumers":
        return f"you have {a.consumer_count} consuming services"
    if limit == "protocols":
        return f"your clients speak {str(a.protocols).upper()}"
    return f"your events come from {a.sources} sources"


# --- an index of the knowledge, built once per decision -----------------------------------


@dataclass(eq=False, repr=False)
class _Index:
    knowledge: Knowledge
    order: tuple[PatternId, ...]
    rules: dict[PatternId, tuple[Rule, ...]]
    limits: dict[str, tuple[Fact, ...]]
    candidates: dict[PatternId, tuple[str, ...]]

    @classmethod
    def of(cls, knowledge: Knowledge) -> _Index:
        rules: dict[PatternId, list[Rule]] = {p: [] for p in knowledge.patterns}
        for rule in knowledge.rules.values():
            rules[rule.pattern].append(rule)
        limits: dict[str, list[Fact]] = {s: [] for s in knowledge.services}
        for fact in knowledge.facts.values():
            if fact.limit is not None:
                for service in fact.services:
                    limits[service].append(fact)
        return cls(
            knowledge,
            tuple(knowledge.patterns),
            {p: tuple(r) for p, r in rules.items()},
            {s: tuple(f) for s, f in limits.items()},
            {
                p.id: tuple(s for s in p.services if knowledge.services[s].candidate)
                for p in knowledge.patterns.values()
            },
        )

    def violations(self, service: str, answers: Answers) -> list[Violation]:
        name = self.knowledge.services[service].name
        found = []
        for fact in self.limits[service]:
            if _breaks(fact, answers):
                found.append(
                    Violation(
                        fact=fact.id,
                        service=service,
                        requirement=LIMIT_ANSWERS[str(fact.limit)],
                        message=f"{name}: {fact.says}, but {_need(fact, answers)}",
                        source=fact.source,
                        hard=fact.hard,
                        confirmed=fact.confirmed,
                    )
                )
        return found

    def assess(self, pattern: PatternId, answers: Answers, include: str | None = None) -> Score:
        """Score one pattern; ``include`` also considers a service that is not a candidate."""
        k = self.knowledge
        contributions = [
            Contribution(
                r.id,
                r.weight,
                r.reason,
                k.statements[r.statement].says,
                k.statements[r.statement].source,
            )
            for r in self.rules[pattern]
            if _applies(r, answers)
        ]
        knockouts: list[Violation] = []
        best: tuple[int, list[Violation], str] | None = None
        for service in k.patterns[pattern].services:
            if not k.services[service].candidate and service != include:
                continue
            found = self.violations(service, answers)
            hard = [v for v in found if v.hard]
            if hard:
                knockouts.append(hard[0])
                continue
            penalty = sum(k.facts[v.fact].penalty for v in found)
            if best is None or penalty < best[0]:
                best = (penalty, found, service)
        flags: list[Violation] = []
        if best is not None:
            flags = best[1]
            contributions += [
                Contribution(
                    v.fact,
                    -k.facts[v.fact].penalty,
                    v.message.split(": ", 1)[1],
                    k.facts[v.fact].says,
                    v.source,
                )
                for v in flags
            ]
        total = k.base_score + sum(c.points for c in contributions)
        if best is None:
            knockouts = self._merge_knockouts(pattern, knockouts)
        return Score(
            option=pattern,
            score=max(0, min(100, total)),
            viable=best is not None,
            service=best[2] if best else None,
            contributions=tuple(contributions),
            knockouts=() if best else tuple(knockouts),
            flags=tuple(flags),
        )

    def _merge_knockouts(self, pattern: PatternId, found: list[Violation]) -> list[Violation]:
        """One knockout per fact: a fact that rules out several services is said once."""
        by_fact: dict[str, list[Violation]] = {}
        for v in found:
            by_fact.setdefault(v.fact, []).append(v)
        merged = []
        for group in by_fact.values():
            first = group[0]
            if len(group) > 1:
                name = self.knowledge.services[first.service].name
                every = f"Every {self.knowledge.patterns[pattern].aws} variant"
                first = replace(first, message=every + first.message[len(name) :])
            merged.append(first)
        return merged

    def rank(self, answers: Answers) -> tuple[Score, ...]:
        scores = [self.assess(p, answers) for p in self.order]
        position = {p: i for i, p in enumerate(self.order)}
        return tuple(
            sorted(
                scores,
                key=lambda s: (not s.viable, -s.score, len(s.flags), position[s.option]),
            )
        )

    def recommend(self, ranking: Sequence[Score]) -> PatternId | None:
        """The top of a ranking, if it is viable and fits well enough."""
        top = ranking[0]
        if top.viable and top.score >= self.knowledge.fit_threshold:
            return top.option
        return None

    def winner(self, answers: Answers) -> PatternId | None:
        """``recommend(rank(answers))`` without building the explanations.

        It must order exactly as :meth:`rank` does; a property test holds it to that.
        (No rule or fact reads the title, so "vary the title" scores everything once.)
        """
        return self.winner_varying(answers, "title")(answers.title)

    def winner_varying(self, answers: Answers, key: str) -> Callable[[object], PatternId | None]:
        """:meth:`winner` for ``answers`` with only ``key`` changed, as a function of its value.

        Everything that does not read ``key`` (most rules and facts) is worked out once;
        each value then re-checks only what does. What-if tries dozens of values per
        question, so this is most of its speed.
        """
        k = self.knowledge
        fixed = []
        for position, pattern in enumerate(self.order):
            base = k.base_score
            varying = []
            for rule in self.rules[pattern]:
                if any(c.key == key for c in rule.when):
                    varying.append(rule)
                elif _applies(rule, answers):
                    base += rule.weight
            services = []
            for service in self.candidates[pattern]:
                penalty = flags = 0
                changing = []
                for fact in self.limits[service]:
                    if _reads(fact, key):
                        changing.append(fact)
                    elif _breaks(fact, answers):
                        if fact.hard:
                            break
                        penalty += fact.penalty
                        flags += 1
                else:
                    services.append((penalty, flags, changing))
            fixed.append((position, pattern, base, varying, services))

        def evaluate(value: object) -> PatternId | None:
            alternative = _with(answers, key, value)
            best: tuple[int, int, int] | None = None
            best_pattern = None
            for position, pattern, base, varying, services in fixed:
                points = base + sum(r.weight for r in varying if _applies(r, alternative))
                chosen: tuple[int, int] | None = None
                for penalty, flags, changing in services:
                    for fact in changing:
                        if _breaks(fact, alternative):
                            if fact.hard:
                                break
                            penalty += fact.penalty
                            flags += 1
                    else:
                        if chosen is None or penalty < chosen[0]:
                            chosen = (penalty, flags)
                if chosen is None:
                    continue
                rank = (-max(0, min(100, points - chosen[0])), chosen[1], position)
                if best is None or rank < best:
                    best, best_pattern = rank, pattern
            if best is None or -best[0] < k.fit_threshold:
                return None
            return best_pattern

        return evaluate


# --- warnings -------------------------------------------------------------------------------


def _warnings(
    index: _Index, answers: Answers, ranking: Sequence[Score], recommendation: PatternId | None
) -> list[str]:
    k = index.knowledge
    viable = [s for s in ranking if s.viable]
    out: list[str] = []
    if not viable:
        out.append(
            "Nothing fits: every pattern breaks a hard limit; see what would change the answer."
        )
    elif recommendation is None:
        top = viable[0]
        out.append(
            f"Nothing fits well: the best option, {k.patterns[top.option].name}, "
            f"scores {top.score}, below the fit threshold of {k.fit_threshold}."
        )
    if viable:
        best = viable[0]
        for flag in best.flags:
            unmet = all(any(f.requirement == flag.requirement for f in s.flags) for s in viable)
            lead = (
                f"Nothing fits well on {flag.requirement}: no pattern meets it"
                if unmet
                else f"The {k.patterns[best.option].name} is flagged"
            )
            mark = " (⚠ figure not confirmed)" if not flag.confirmed else ""
            out.append(f"{lead}. {flag.message}{mark}.")
    for rule in k.rules.values():
        if not rule.preferred or recommendation in (None, rule.pattern):
            continue
        if not _applies(rule, answers):
            continue
        passed = next(s for s in ranking if s.option == rule.pattern)
        why = (
            passed.knockouts[0].message
            if passed.knockouts
            else f"it scores {passed.score} against {viable[0].score}"
        )
        out.append(f"{rule.reason[:1].upper()}{rule.reason[1:]}, but {why}.")
    leader = viable[0].score if viable else -1
    for pattern in k.patterns.values():
        for service_id in pattern.services:
            if k.services[service_id].candidate:
                continue
            score = index.assess(pattern.id, answers, include=service_id)
            if score.service == service_id and score.score > leader:
                out.append(
                    f"{k.services[service_id].name} would lead with {score.score}, but it is "
                    f"not a candidate yet (its figures are not confirmed); a knowledge "
                    f"extension can switch it on (services.{service_id}.candidate: true)."
                )
    return out


# --- what would change the answer -------------------------------------------------------------

_NUMERIC: dict[str, tuple[str, ...]] = {
    "throughput": ("throughput", "ordered_throughput"),
    "consumer_count": ("consumers",),
    "latency_ms": ("latency_p99_ms",),
    "message_kb": ("message_kb",),
}
_CHOICES: dict[str, tuple[object, ...]] = {
    "boundary": ("within", "between"),
    "ordering": ORDERING_LEVELS,
    "delivery": ("fan-out", "work-queue"),
    "replay": REPLAY_LEVELS,
    "sources": ("own", "aws", "saas"),
    "protocols": ("none", "amqp", "jms", "mqtt"),
}
_UNANSWERED_MEANS = {"replay": "none", "sources": "own", "protocols": "none"}
_FARTHEST = 10_000
"""What-if looks at most this factor above the current number: farther is not "nearest"."""
_UNANSWERED_NUMBER = {"latency_ms": float("inf"), "message_kb": 0.0}


def _thresholds(k: Knowledge, key: str) -> set[float]:
    found: set[float] = set()
    for rule in k.rules.values():
        for c in rule.when:
            if c.key == key:
                found.update(v for v in (c.min, c.max) if v is not None)
    for fact in k.facts.values():
        if fact.limit in _NUMERIC[key] and isinstance(fact.value, int | float):
            found.add(fact.value)
    return found


def _numeric_candidates(k: Knowledge, key: str, current: float) -> Iterable[list[float]]:
    """Candidate values below and above ``current``, nearest first."""
    low = 1 if key in ("consumer_count", "latency_ms", "message_kb") else 0
    values: set[float] = set()
    for t in _thresholds(k, key):
        values.update(v for v in (t - 1, t, t + 1) if v >= low)
    if key == "consumer_count":
        values = {float(int(v)) for v in values}
    far = max(current, 1) * _FARTHEST
    below = sorted((v for v in values if v < current), reverse=True)
    above = sorted(v for v in values if current < v <= far)
    return (below, above)


def _with(answers: Answers, key: str, value: object) -> Answers:
    changes: dict[str, Any] = {key: value}
    return replace(answers, **changes)


def _what_if(index: _Index, answers: Answers, winner: PatternId | None) -> list[WhatIf]:
    k = index.knowledge
    found: list[WhatIf] = []
    for key, choices in _CHOICES.items():
        outcome = index.winner_varying(answers, key)
        current = getattr(answers, key)
        same = {current, _UNANSWERED_MEANS.get(key, current)}
        ordered = sorted(
            (c for c in choices if c not in same),
            key=lambda c: (
                abs(choices.index(c) - choices.index(current)) if current in choices else 0
            ),
        )
        for choice in ordered:
            result = outcome(choice)
            if result != winner:
                found.append(WhatIf(key, current, choice, result))
                break
    for key in _NUMERIC:
        outcome = index.winner_varying(answers, key)
        current = getattr(answers, key)
        start = _UNANSWERED_NUMBER.get(key, 0.0) if current is None else float(current)
        for direction in _numeric_candidates(k, key, start):
            for value in direction:
                alt_value: float | int = int(value) if key == "consumer_count" else value
                result = outcome(alt_value)
                if result != winner:
                    found.append(WhatIf(key, current, alt_value, result))
                    break
    return found


# --- the public calls -------------------------------------------------------------------------


def rank(knowledge: Knowledge, answers: Answers) -> tuple[Score, ...]:
    """Score every pattern for ``answers``, best first (ties break by knowledge order)."""
    return _Index.of(knowledge).rank(answers)


def decide(knowledge: Knowledge, answers: Answers, *, what_if: bool = True) -> Result:
    """Rank the patterns, recommend one (or none), and say what would change it.

    Args:
        knowledge: The validated knowledge base.
        answers: The team's answers.
        what_if: Whether to run the sensitivity analysis (the wizard may skip it while
            the user is still typing).
    """
    index = _Index.of(knowledge)
    ranking = index.rank(answers)
    recommendation = index.recommend(ranking)
    return Result(
        recommendation=recommendation,
        ranking=ranking,
        warnings=tuple(_warnings(index, answers, ranking, recommendation)),
        what_if=tuple(_what_if(index, answers, recommendation)) if what_if else (),
        knowledge_version=knowledge.version,
    )
