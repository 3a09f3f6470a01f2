"""A decision as an Architecture Decision Record: MADR 4 Markdown, text in and text out.

:func:`adr_context` builds everything the template ``adr.md.j2`` prints from a
:class:`~decider.model.Decision`; :func:`render_adr` renders it. The front matter is
YAML written by PyYAML (never by a template), and holds the answers, the ranking and the
knowledge version, so the decision can be read back and re-scored.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypedDict

import yaml

from . import __version__
from .answers import answers_to_dict
from .engine import fmt_number
from .lifecycle import link
from .model import Answers, Decision, Knowledge, Score
from .records import Record
from .render import pattern_title, what_if_sentence
from .templates import Markup, md_block, render


class OptionRow(TypedDict):
    """One row of the considered options."""

    rank: str
    title: str
    service: str
    score: str
    verdict: str


class ProsCons(TypedDict):
    """One option's pros and cons."""

    title: str
    summary: str
    good: list[str]
    bad: list[str]
    knocked_out: list[str]


class AdrContext(TypedDict):
    """Everything ``adr.md.j2`` prints."""

    front_matter: Markup
    supersedes: Markup
    search_exclude: Markup
    title: str
    status: str
    date: str
    decision_makers: str
    problem: str
    context: Markup | None
    drivers: list[str]
    options: list[OptionRow]
    chosen: str | None
    chosen_because: str
    setup: str
    diagram: str | None
    consequences_good: list[str]
    consequences_bad: list[str]
    warnings: list[str]
    pros_cons: list[ProsCons]
    what_if: list[str]
    facts: list[str]
    sources: list[str]
    decided_with: str


_ORDERING = {
    "none": "No ordering is needed",
    "per-key": "Messages must stay in order per key (per entity)",
    "global": "All messages must stay in one global order",
}
_DELIVERY = {
    "fan-out": "Every consumer gets every message (fan-out)",
    "work-queue": "Workers share the items (work queue)",
}
_REPLAY = {
    "none": "No replay is needed",
    "days": "Consumers must be able to replay the last days of events",
    "long-term": "Consumers must be able to replay months of events or more",
}
_SOURCES = {
    "own": "The events come from the team's own code",
    "aws": "The events come from AWS services",
    "saas": "The events come from SaaS partners",
}


def driver_lines(answers: Answers) -> list[str]:
    """The answers as decision drivers, in words."""
    consumers = f"{answers.consumer_count} consuming service" + (
        "s" if answers.consumer_count != 1 else ""
    )
    if answers.consumers:
        consumers += f": {', '.join(answers.consumers)}"
    lines = [
        "It crosses a system boundary: the systems belong to different teams or bounded contexts"
        if answers.boundary == "between"
        else "It stays within one system (one team, one bounded context)",
        f"Peak throughput: {fmt_number(answers.throughput)} messages per second",
        _ORDERING[answers.ordering],
        consumers,
    ]
    if answers.delivery:
        lines.append(_DELIVERY[answers.delivery])
    if answers.latency_ms is not None:
        lines.append(f"End-to-end latency budget: p99 {fmt_number(answers.latency_ms)} ms")
    if answers.replay:
        lines.append(_REPLAY[answers.replay])
    if answers.sources:
        lines.append(_SOURCES[answers.sources])
    if answers.message_kb is not None:
        lines.append(f"Largest message: {fmt_number(answers.message_kb)} KB")
    if answers.protocols and answers.protocols != "none":
        lines.append(f"Existing clients speak {answers.protocols.upper()}")
    return lines


def problem_statement(answers: Answers) -> str:
    """The generated context: who talks to whom, where, and how much."""
    producer = f"The {answers.producer} system" if answers.producer else "A producing system"
    names = f" ({', '.join(answers.consumers)})" if answers.consumers else ""
    plural = "s" if answers.consumer_count != 1 else ""
    where = "across system boundaries" if answers.boundary == "between" else "within one system"
    return (
        f"{producer} publishes events that {answers.consumer_count} consuming "
        f"service{plural}{names} react to, {where}, at up to "
        f"{fmt_number(answers.throughput)} messages per second. "
        f"How should they exchange these events?"
    )


def front_matter(decision: Decision, knowledge: Knowledge, supersedes: Sequence[int] = ()) -> str:
    """The YAML front matter (without the ``---`` fences)."""
    result = decision.result
    top = result.score_of(result.recommendation) if result.recommendation else None
    data: dict[str, Any] = {
        # MkDocs puts the front matter title into pages (<title>, navigation) without
        # escaping it, so it is stored HTML-escaped; readers unescape it.
        "title": html.escape(decision.title, quote=False),
        "status": decision.status,
        "date": decision.date,
    }
    if supersedes:
        data["supersedes"] = list(supersedes)
    if decision.answers.decision_makers:
        data["decision-makers"] = list(decision.answers.decision_makers)
    data["decider"] = {
        "version": __version__,
        "knowledge": result.knowledge_version,
        "chosen": result.recommendation,
        "service": top.service if top else None,
        "answers": answers_to_dict(decision.answers),
        "ranking": [_ranked(s) for s in result.ranking],
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def _ranked(score: Score) -> dict[str, Any]:
    """One pattern's line of the recorded ranking: enough to say later what changed."""
    entry: dict[str, Any] = {
        "option": score.option,
        "score": score.score,
        "viable": score.viable,
        "service": score.service,
        "reasons": {c.id: c.points for c in score.contributions},
    }
    if score.knockouts:
        entry["knockouts"] = [v.fact for v in score.knockouts]
    return entry


def _source(knowledge: Knowledge, source_id: str) -> str:
    source = knowledge.sources[source_id]
    return f"{source.title} ({source.date})"


def _pros_cons(knowledge: Knowledge, score: Score) -> ProsCons:
    pattern = knowledge.patterns[score.option]
    owner = {"producer": "the producer", "consumer": "the consumer", "shared": "both sides"}
    good = [f"{c.reason}: “{c.says}”" for c in score.contributions if c.points > 0]
    bad = [f"{c.reason}: “{c.says}”" for c in score.contributions if c.points < 0]
    return ProsCons(
        title=pattern_title(knowledge, score.option),
        summary=(
            f"The channel is owned by {owner[pattern.owner]}; the systems are coupled by "
            f"{pattern.coupled_by}. "
            + (
                f"Score {score.score}, using {knowledge.services[score.service].name}."
                if score.service
                else "Knocked out."
            )
        ),
        good=good,
        bad=bad,
        knocked_out=[v.message for v in score.knockouts],
    )


def adr_context(
    decision: Decision,
    knowledge: Knowledge,
    diagram: str | None,
    supersedes: Sequence[Record] = (),
    search_exclude: bool = False,
) -> AdrContext:
    """Build the template context for one decision.

    Args:
        decision: The decision to record.
        knowledge: The knowledge that decided it (for names, statements and sources).
        diagram: The file name of the diagram beside the ADR, or ``None``.
        supersedes: The records this decision replaces.
        search_exclude: Mark the long reference sections (pros and cons of every option,
            more information) so the site's search skips them: a thousand decisions then
            build faster and ship a smaller index. Needs MkDocs' ``attr_list``.
    """
    result = decision.result
    chosen = result.score_of(result.recommendation) if result.recommendation else None
    options: list[OptionRow] = []
    for number, score in enumerate(result.ranking, start=1):
        service_name = knowledge.services[score.service].name if score.service else "-"
        verdict = "chosen" if chosen is score else ""
        if not score.viable:
            verdict = "knocked out: " + "; ".join(v.message for v in score.knockouts[:1])
        elif score.flags:
            verdict = (verdict + "; " if verdict else "") + "flagged: " + score.flags[0].message
        options.append(
            OptionRow(
                rank=str(number) if score.viable else "-",
                title=pattern_title(knowledge, score.option),
                service=service_name,
                score=str(score.score) if score.viable else "out",
                verdict=verdict,
            )
        )
    cited = {c.source for s in result.ranking for c in s.contributions}
    cited |= {v.source for s in result.ranking for v in (*s.knockouts, *s.flags)}
    facts: list[str] = []
    if chosen and chosen.service:
        for fact in knowledge.facts.values():
            if chosen.service in fact.services:
                mark = " ⚠ not confirmed" if not fact.confirmed else ""
                facts.append(
                    f"{fact.says} ({_source(knowledge, fact.source)}, as of {fact.as_of}{mark})"
                )
                cited.add(fact.source)
    pattern = knowledge.patterns[chosen.option] if chosen else None
    service = knowledge.services[chosen.service] if chosen and chosen.service else None
    good = [f"the systems are coupled only by {pattern.coupled_by}"] if pattern else []
    if chosen:
        good += [c.reason for c in chosen.contributions if c.points > 0]
    bad = [c.reason for c in chosen.contributions if c.points < 0] if chosen else []
    return AdrContext(
        front_matter=Markup(
            front_matter(decision, knowledge, [r.number for r in supersedes if r.number])
        ),
        supersedes=Markup(", ".join(link(r) for r in supersedes)),
        search_exclude=Markup(" { data-search-exclude }" if search_exclude else ""),
        title=decision.title,
        status=decision.status,
        date=decision.date,
        decision_makers=", ".join(decision.answers.decision_makers),
        problem=problem_statement(decision.answers),
        context=Markup(md_block(decision.answers.context)) if decision.answers.context else None,
        drivers=driver_lines(decision.answers),
        options=options,
        chosen=pattern_title(knowledge, chosen.option) if chosen else None,
        chosen_because="; ".join(c.reason for c in chosen.contributions if c.points > 0)
        if chosen
        else "",
        setup=service.setup if service else "",
        diagram=diagram,
        consequences_good=good,
        consequences_bad=bad,
        warnings=list(result.warnings),
        pros_cons=[_pros_cons(knowledge, s) for s in result.ranking],
        what_if=[what_if_sentence(knowledge, w) for w in result.what_if],
        facts=facts,
        sources=[f"{_source(knowledge, s)}" for s in knowledge.sources if s in cited],
        decided_with=f"decider {__version__}, knowledge base {result.knowledge_version}",
    )


def render_adr(
    decision: Decision,
    knowledge: Knowledge,
    *,
    diagram: str | None = None,
    templates: Path | None = None,
    supersedes: Sequence[Record] = (),
    search_exclude: bool = False,
) -> str:
    """The ADR Markdown of a decision (``templates`` is a workspace's override folder)."""
    context = adr_context(decision, knowledge, diagram, supersedes, search_exclude)
    return render("adr.md.j2", dict(context), templates)


def preview(knowledge: Knowledge, answers: Answers, *, status: str = "proposed") -> str:
    """The ADR Markdown the answers would give now, without a number or a diagram."""
    from .decision import make_decision

    title = answers.title or "Untitled decision"
    return render_adr(make_decision(knowledge, answers, title=title, status=status), knowledge)
