"""The domain model: frozen dataclasses shared by every part of decider.

Nothing here does I/O or imports a user interface. The answers file, the wizard
and the ADR front matter all map to :class:`Answers`; the engine turns answers
and :class:`Knowledge` into a :class:`Result`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PatternId = str
"""One of the pattern ids of the knowledge base: ``topic``, ``queue``, ``stream``, ``broker``,
``eventbridge``, or one a team adds."""

ORDERING_LEVELS: tuple[str, ...] = ("none", "per-key", "global")
"""Ordering requirements from weakest to strongest."""

REPLAY_LEVELS: tuple[str, ...] = ("none", "days", "long-term")
"""Replay requirements from weakest to strongest."""

BOUNDARIES: tuple[str, ...] = ("within", "between")
DELIVERIES: tuple[str, ...] = ("fan-out", "work-queue")
SOURCES: tuple[str, ...] = ("own", "aws", "saas")
PROTOCOLS: tuple[str, ...] = ("none", "amqp", "jms", "mqtt")


@dataclass(frozen=True)
class Answers:
    """What a team says about one integration.

    Attributes:
        boundary: ``within`` one system (team, bounded context) or ``between`` systems.
        throughput: Peak messages per second.
        ordering: ``none``, ``per-key`` or ``global``.
        consumer_count: How many services consume the events (at least 1).
        consumers: The names of the consuming services, where known.
        title: The decision's title (needed to write an ADR).
        producer: The producing system.
        delivery: ``fan-out`` (every consumer gets every message) or ``work-queue``
            (workers share the items); ``None`` when not known.
        latency_ms: The p99 end-to-end latency budget in milliseconds.
        replay: ``none``, ``days`` or ``long-term``.
        sources: Where the events come from: ``own`` code, ``aws`` service events or
            ``saas`` partner events.
        message_kb: The largest message in KB.
        protocols: A protocol existing clients speak: ``none``, ``amqp``, ``jms``, ``mqtt``.
        context: Free text about the problem, for the ADR.
        decision_makers: Who takes the decision, for the ADR.
    """

    boundary: str
    throughput: float
    ordering: str
    consumer_count: int
    consumers: tuple[str, ...] = ()
    title: str | None = None
    producer: str | None = None
    delivery: str | None = None
    latency_ms: float | None = None
    replay: str | None = None
    sources: str | None = None
    message_kb: float | None = None
    protocols: str | None = None
    context: str | None = None
    decision_makers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """Where a statement or fact comes from.

    Attributes:
        id: Short key other entries refer to.
        title: The document's or talk's title.
        date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
        url: Where to read it, when public.
    """

    id: str
    title: str
    date: str
    url: str | None = None


@dataclass(frozen=True)
class Statement:
    """A sentence of guidance: the talk's "great for / sucks for", or another guide's advice.

    Attributes:
        id: Dotted key, such as ``topic.great-throughput-latency``.
        kind: ``owner``, ``coupling``, ``great``, ``sucks`` or ``guidance``.
        says: The words, quoted as closely as the source allows.
        source: A :class:`Source` id.
        pattern: The pattern it is about, if any.
    """

    id: str
    kind: str
    says: str
    source: str
    pattern: PatternId | None = None


@dataclass(frozen=True)
class Pattern:
    """One integration pattern of the talk.

    Attributes:
        id: ``topic``, ``queue``, ``stream``, ``broker``, ``eventbridge`` or a team's own.
        name: How people call it ("event bus").
        aws: The AWS service family ("EventBridge").
        owner: Who owns the channel: ``producer``, ``consumer`` or ``shared``.
        coupled_by: What the two sides are coupled by.
        services: The ids of its concrete services, in order of preference (the
            order of the knowledge files).
    """

    id: PatternId
    name: str
    aws: str
    owner: str
    coupled_by: str
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Service:
    """A concrete AWS service or variant that implements a pattern.

    Attributes:
        id: Key such as ``sqs-fifo``.
        pattern: The pattern it implements.
        name: Its name ("Amazon SQS FIFO queue").
        setup: How to use it for this kind of integration, in one sentence.
        candidate: False for a service the engine only mentions (for example one
            whose figures are not yet published); a team may switch it on.
    """

    id: str
    pattern: PatternId
    name: str
    setup: str
    candidate: bool = True


LIMIT_KINDS: tuple[str, ...] = (
    "throughput",
    "ordered_throughput",
    "ordering",
    "message_kb",
    "replay",
    "latency_p99_ms",
    "consumers",
    "protocols",
    "sources",
)


@dataclass(frozen=True)
class Fact:
    """A hard fact about one or more services, with its source.

    Attributes:
        id: Dotted key, such as ``kinesis.shard-write``.
        services: The services it applies to.
        says: The fact in words, with its figure.
        source: A :class:`Source` id.
        as_of: When the fact was last checked (``YYYY-MM`` or ``YYYY-MM-DD``).
        limit: What it limits, if anything (one of :data:`LIMIT_KINDS`).
        value: The limit's value: a number, a level, or a tuple of supported values.
        hard: A hard limit knocks the service out; a soft one flags it and costs ``penalty``.
        penalty: Points a soft violation costs.
        confirmed: False where the figure could not be confirmed.
    """

    id: str
    services: tuple[str, ...]
    says: str
    source: str
    as_of: str
    limit: str | None = None
    value: float | str | tuple[str, ...] | None = None
    hard: bool = True
    penalty: int = 0
    confirmed: bool = True


@dataclass(frozen=True)
class Condition:
    """One test on one answer.

    Attributes:
        key: An :class:`Answers` field (``consumer_count`` for the number of consumers).
        values: The answer must be one of these (``None`` stands for "not answered").
        min: The answer must be at least this.
        max: The answer must be at most this.
    """

    key: str
    values: tuple[str | None, ...] | None = None
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class Rule:
    """A scoring rule: when every condition holds, ``weight`` points go to ``pattern``.

    Attributes:
        id: Key such as ``queue.sucks-multiple-consumers``.
        pattern: The pattern it scores.
        statement: The :class:`Statement` behind it.
        when: Conditions that must all hold.
        weight: Points added (negative to subtract).
        reason: A short phrase for the explanation.
        preferred: The statement names ``pattern`` the one to use where the rule applies:
            when another pattern wins there, the result says so and why.
    """

    id: str
    pattern: PatternId
    statement: str
    when: tuple[Condition, ...]
    weight: int
    reason: str
    preferred: bool = False


@dataclass(frozen=True)
class Knowledge:
    """Everything the engine knows, loaded from YAML and validated.

    Attributes:
        version: Reported with every result and recorded in each ADR.
        base_score: Where every pattern starts.
        fit_threshold: Below this, nothing fits well enough to recommend.
        sources, statements, patterns, services, facts, rules: by id, in file order.
    """

    version: str
    base_score: int
    fit_threshold: int
    sources: Mapping[str, Source]
    statements: Mapping[str, Statement]
    patterns: Mapping[PatternId, Pattern]
    services: Mapping[str, Service]
    facts: Mapping[str, Fact]
    rules: Mapping[str, Rule]


@dataclass(frozen=True)
class Contribution:
    """Points one rule or fact gave one pattern, and the words behind them.

    Attributes:
        id: The rule or fact id.
        points: Points added (negative when subtracted).
        reason: A short phrase for tables.
        says: The statement or fact behind it.
        source: A :class:`Source` id.
    """

    id: str
    points: int
    reason: str
    says: str
    source: str


@dataclass(frozen=True)
class Violation:
    """A requirement a service cannot meet, by a fact.

    Attributes:
        fact: The fact id.
        service: The service id.
        requirement: The answer key it concerns (``throughput``, ``ordering`` ...).
        message: One sentence with the figure, such as "1,000 records/s per shard < 5,000 msg/s".
        source: A :class:`Source` id.
        hard: Whether it knocks the service out.
        confirmed: False where the figure could not be confirmed.
    """

    fact: str
    service: str
    requirement: str
    message: str
    source: str
    hard: bool
    confirmed: bool = True


@dataclass(frozen=True)
class Score:
    """How one pattern fares, and why.

    Attributes:
        option: The pattern id.
        score: 0 to 100: the base score plus every contribution, clamped.
        viable: False when every service of the pattern is knocked out.
        service: The service to use (the best viable one), or ``None``.
        contributions: Rule and soft-fact points, in the order they were applied.
        knockouts: For a pattern that is not viable: each service's first hard violation.
        flags: Soft violations of the chosen service.
    """

    option: PatternId
    score: int
    viable: bool
    service: str | None
    contributions: tuple[Contribution, ...]
    knockouts: tuple[Violation, ...] = ()
    flags: tuple[Violation, ...] = ()


@dataclass(frozen=True)
class WhatIf:
    """One answer that would change the recommendation.

    Attributes:
        question: The answer key.
        current: The current answer (``None`` when not answered).
        alternative: The nearest other answer that changes the result.
        winner: What would then be recommended (``None``: nothing would fit).
    """

    question: str
    current: object
    alternative: object
    winner: PatternId | None


@dataclass(frozen=True)
class Result:
    """The engine's verdict on one set of answers.

    Attributes:
        recommendation: The pattern to use, or ``None`` when nothing fits well.
        ranking: Every pattern, best first.
        warnings: What the recommendation does not meet, in words.
        what_if: The nearest answers that would change the recommendation.
        knowledge_version: The knowledge base that decided it.
    """

    recommendation: PatternId | None
    ranking: tuple[Score, ...]
    warnings: tuple[str, ...]
    what_if: tuple[WhatIf, ...]
    knowledge_version: str

    def score_of(self, option: PatternId) -> Score:
        """Return the :class:`Score` of one pattern."""
        for score in self.ranking:
            if score.option == option:
                return score
        raise KeyError(option)


DECISION_STATUSES: tuple[str, ...] = (
    "proposed",
    "accepted",
    "rejected",
    "deprecated",
    "superseded",
)
"""The lifecycle of an ADR (MADR 4)."""


@dataclass(frozen=True)
class Decision:
    """One decision record: what was asked, what the engine said, and where it stands.

    Attributes:
        number: Its number in the workspace (``None`` until the workspace allocates one).
        title: What was decided, in a few words.
        answers: The answers it was decided on.
        result: What the engine said.
        status: One of :data:`DECISION_STATUSES`.
        date: ``YYYY-MM-DD``.
    """

    number: int | None
    title: str
    answers: Answers
    result: Result
    status: str
    date: str

    @property
    def chosen(self) -> PatternId | None:
        """The recommended pattern, or ``None`` when nothing fitted."""
        return self.result.recommendation
