"""The answers contract: the questions, their allowed values, and strict validation.

The answers file, the wizard and the ADR front matter all go through
:func:`parse_answers`, so every front end accepts and rejects exactly the same input.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import AnswersError
from .model import (
    BOUNDARIES,
    DELIVERIES,
    ORDERING_LEVELS,
    PROTOCOLS,
    REPLAY_LEVELS,
    SOURCES,
    Answers,
)
from .yamlio import read_yaml_file


@dataclass(frozen=True)
class Question:
    """One question of the answers contract.

    Attributes:
        key: The answers-file key.
        kind: ``text``, ``names`` (a list of names), ``count`` (integer >= 1),
            ``number`` (finite, >= 0), ``positive`` (finite, > 0) or ``choice``.
        prompt: The question as the wizard asks it.
        help: A short help text, in the talk's words where it has some.
        choices: The allowed values of a ``choice``.
        required: Whether an answers file must give it.
    """

    key: str
    kind: str
    prompt: str
    help: str
    choices: tuple[str, ...] = ()
    required: bool = False


QUESTIONS: tuple[Question, ...] = (
    Question(
        "title",
        "text",
        "What is being decided?",
        "A short title for the decision record, such as 'Publish OrderPlaced to downstream "
        "systems'.",
    ),
    Question(
        "producer",
        "text",
        "Which system produces the events?",
        "The system that owns the events. Topics live in the producer's system.",
    ),
    Question(
        "consumers",
        "names",
        "Which services consume them?",
        "Queues live in the consumer's system; a queue sucks for multiple consuming services.",
    ),
    Question(
        "consumer_count",
        "count",
        "How many services consume them?",
        "Streams suck for many consumers; EventBridge pays off once three or more services "
        "react to the same event.",
    ),
    Question(
        "boundary",
        "choice",
        "Does the integration stay within one system or cross systems?",
        "Within a system, use whatever integration pattern is simplest. Between systems, "
        "prefer EventBridge.",
        BOUNDARIES,
        required=True,
    ),
    Question(
        "throughput",
        "number",
        "How many messages a second at peak?",
        "Topics are great for high throughput; streams for huge write throughput; brokers "
        "suck for high throughput. A Kinesis shard takes 1,000 records/s.",
        required=True,
    ),
    Question(
        "ordering",
        "choice",
        "Must messages arrive in order?",
        "Queues and streams are great for message ordering; brokers suck for it; an "
        "EventBridge bus does not order. 'per-key': in order per entity (a message group "
        "or partition key); 'global': one order for everything.",
        ORDERING_LEVELS,
        required=True,
    ),
    Question(
        "delivery",
        "choice",
        "Does every consumer get every message, or do workers share?",
        "'fan-out': every consumer gets every message (publish-subscribe). 'work-queue': "
        "workers share the items (queues are great for parallel processing of work items).",
        DELIVERIES,
    ),
    Question(
        "latency_ms",
        "positive",
        "What p99 end-to-end latency can you accept (ms)?",
        "Topics are great for low latency; brokers suck for it. Measured p99: SNS 225 ms, "
        "SQS 105 ms, EventBridge 387 ms, Kinesis 1,580 ms (109 ms with enhanced fan-out).",
    ),
    Question(
        "replay",
        "choice",
        "Must consumers be able to replay past events?",
        "Streams keep events after they are read; queues and brokers delete them. "
        "'days': up to about two weeks; 'long-term': months or more.",
        REPLAY_LEVELS,
    ),
    Question(
        "sources",
        "choice",
        "Where do the events come from?",
        "'own' code, 'aws' service events, or 'saas' partner events (Zendesk, Shopify ...); "
        "SaaS partner sources exist only on EventBridge.",
        SOURCES,
    ),
    Question(
        "message_kb",
        "positive",
        "How large is the largest message (KB)?",
        "SNS takes 256 KB; SQS, Kinesis and EventBridge 1 MB. Larger payloads need a claim "
        "check (payload in S3).",
    ),
    Question(
        "protocols",
        "choice",
        "Must existing clients keep a protocol?",
        "Amazon MQ speaks AMQP, MQTT, STOMP, OpenWire and JMS; the serverless services "
        "speak only their AWS APIs.",
        PROTOCOLS,
    ),
    Question(
        "context",
        "text",
        "Anything else the record should say about the problem?",
        "Free text for the ADR's context section.",
    ),
    Question("decision_makers", "names", "Who decides?", "Names for the ADR's decision-makers."),
)
"""Every question, in the order the wizard asks them."""

QUESTIONS_BY_KEY: Mapping[str, Question] = {q.key: q for q in QUESTIONS}

_FIELD_NAMES = frozenset(f.name for f in fields(Answers))
assert set(QUESTIONS_BY_KEY) == _FIELD_NAMES, "QUESTIONS and Answers must match"


def _fail(origin: str, message: str) -> AnswersError:
    return AnswersError(f"{origin}: {message}" if origin else message)


def _show(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def unknown_key_message(key: object, allowed: list[str]) -> str:
    """The message for an unknown key, with the closest allowed key where one is near."""
    import difflib  # only on this error path

    near = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    if near:
        return f"unknown key {_show(str(key))}; did you mean {near[0]!r}?"
    return f"unknown key {_show(str(key))}; allowed keys: {', '.join(allowed)}"


def _finite(value: float) -> bool:
    """Finite and within what a float holds (a 400-digit integer is not)."""
    try:
        return math.isfinite(value) and abs(value) < 1e300
    except OverflowError:
        return False


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace(",", "").replace("_", ""))
    except ValueError:
        return False
    return True


def _check_value(q: Question, value: Any, origin: str) -> Any:
    key = q.key
    if q.kind == "choice":
        if not isinstance(value, str) or value not in q.choices:
            raise _fail(
                origin,
                f"{key}: {_show(value)} is not allowed; expected one of {', '.join(q.choices)}",
            )
        return value
    if q.kind == "text":
        if not isinstance(value, str):
            raise _fail(origin, f"{key}: expected text, got {_show(value)} (quote it)")
        if not value.strip():
            raise _fail(origin, f"{key}: must not be empty")
        return value.strip()
    if q.kind == "names":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            raise _fail(origin, f"{key}: expected a list of names, got {_show(value)}")
        names: list[str] = []
        for item in items:
            if not isinstance(item, str) or not item.strip():
                raise _fail(origin, f"{key}: {_show(item)} is not a name; expected text")
            if item.strip() in names:
                raise _fail(origin, f"{key}: {_show(item.strip())} is listed twice")
            names.append(item.strip())
        return tuple(names)
    if q.kind == "count":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise _fail(
                origin, f"{key}: {_show(value)} is not allowed; expected a whole number ≥ 1"
            )
        return value
    # number / positive
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, str) and _looks_numeric(value):
            raise _fail(
                origin,
                f"{key}: {_show(value)} is text, not a number; write it as a "
                f"plain number such as 1000",
            )
        raise _fail(origin, f"{key}: {_show(value)} is not a number")
    if not _finite(value):
        raise _fail(origin, f"{key}: {_show(value)} is not allowed; expected a finite number")
    if q.kind == "positive" and value <= 0:
        raise _fail(origin, f"{key}: {_show(value)} is not allowed; expected a number > 0")
    if value < 0:
        raise _fail(origin, f"{key}: {_show(value)} is negative; expected a number ≥ 0")
    return value


def check_answer(key: str, value: object, origin: str = "") -> Any:
    """Validate one answer on its own (as the wizard gets them) and return its clean value.

    ``None`` ("don't know") stays ``None``; lists of names come back as tuples.

    Raises:
        AnswersError: naming the key, the value and what is allowed.
    """
    if key not in QUESTIONS_BY_KEY:
        raise _fail(origin, unknown_key_message(key, [q.key for q in QUESTIONS]))
    if value is None:
        return None
    return _check_value(QUESTIONS_BY_KEY[key], value, origin)


def missing_questions(answered: Mapping[str, Any]) -> tuple[Question, ...]:
    """The questions the engine still needs: consumers (or their count), then the other
    required ones (``answered`` holds the answers given, ``None`` meaning not given)."""
    needed = [q for q in QUESTIONS if q.required and answered.get(q.key) is None]
    if not answered.get("consumers") and answered.get("consumer_count") is None:
        needed.insert(0, QUESTIONS_BY_KEY["consumer_count"])
    return tuple(needed)


def parse_answers(data: object, origin: str = "") -> Answers:
    """Validate plain data (a mapping of answer keys) and build :class:`Answers`.

    Args:
        data: What the YAML file, the wizard or an ADR's front matter holds.
        origin: The file name (or other origin) that messages start with.

    Raises:
        AnswersError: naming the key, the value and what is allowed.
    """
    if data is None:
        raise _fail(origin, "empty; expected keys such as boundary, throughput, ordering")
    if not isinstance(data, Mapping):
        raise _fail(origin, f"expected a mapping of keys to values, got {type(data).__name__}")
    allowed = [q.key for q in QUESTIONS]
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in QUESTIONS_BY_KEY:
            raise _fail(origin, unknown_key_message(key, allowed))
        if value is None:
            continue  # "don't know": the same as leaving the key out
        values[key] = _check_value(QUESTIONS_BY_KEY[key], value, origin)
    for q in missing_questions(values):
        if q.key == "consumer_count":
            raise _fail(origin, "missing 'consumers' (a list of names) or 'consumer_count'")
        expected = "/".join(q.choices) or "a number"
        raise _fail(origin, f"missing required key {q.key!r} ({expected})")
    consumers: tuple[str, ...] = values.get("consumers", ())
    count = values.get("consumer_count")
    if count is None:
        values["consumer_count"] = len(consumers)
    elif count < len(consumers):
        raise _fail(
            origin, f"consumer_count: {count} is less than the {len(consumers)} consumers listed"
        )
    return Answers(**values)


def load_answers(path: Path) -> Answers:
    """Read an answers YAML file and validate it (see :func:`parse_answers`)."""
    return parse_answers(read_yaml_file(path, "answers file"), str(path))


def answers_to_dict(answers: Answers) -> dict[str, Any]:
    """The answers as plain data in question order, leaving out what was not answered."""
    out: dict[str, Any] = {}
    for q in QUESTIONS:
        value = getattr(answers, q.key)
        if value is None or value == ():
            continue
        out[q.key] = list(value) if isinstance(value, tuple) else value
    return out
