"""The knowledge base: complete, sourced, and extensible with validated team files."""

from __future__ import annotations

from pathlib import Path

import pytest

from decider.errors import InputError, KnowledgeError
from decider.knowledge import load_knowledge
from decider.model import Knowledge

PATTERNS = {"topic", "queue", "stream", "broker", "eventbridge"}


def test_five_patterns_with_the_talks_statements(knowledge: Knowledge) -> None:
    assert set(knowledge.patterns) == PATTERNS
    for pattern in PATTERNS:
        kinds = {s.kind for s in knowledge.statements.values() if s.pattern == pattern}
        assert {"owner", "coupling", "great"} <= kinds, pattern
    for pattern in PATTERNS - {"eventbridge"}:
        kinds = {s.kind for s in knowledge.statements.values() if s.pattern == pattern}
        assert "sucks" in kinds, pattern


def test_concrete_services_of_the_issue(knowledge: Knowledge) -> None:
    expected = {
        "topic": {"sns-standard", "sns-fifo"},
        "queue": {"sqs-standard", "sqs-fifo"},
        "stream": {"kinesis-provisioned", "kinesis-on-demand", "kinesis-efo"},
        "broker": {"mq-rabbitmq", "mq-activemq"},
        "eventbridge": {"eventbridge-bus"},
    }
    for pattern, services in expected.items():
        assert services <= set(knowledge.patterns[pattern].services)


def test_every_fact_and_statement_is_sourced_and_dated(knowledge: Knowledge) -> None:
    for fact in knowledge.facts.values():
        assert fact.source in knowledge.sources and fact.as_of
    for statement in knowledge.statements.values():
        assert statement.source in knowledge.sources
    talk = [s for s in knowledge.statements.values() if s.source == "talk"]
    assert len(talk) >= 20


def test_every_great_and_sucks_statement_drives_a_rule(knowledge: Knowledge) -> None:
    used = {r.statement for r in knowledge.rules.values()}
    for statement in knowledge.statements.values():
        if statement.kind in ("great", "sucks"):
            assert statement.id in used, statement.id


def test_version_is_reported(knowledge: Knowledge) -> None:
    assert knowledge.version.count(".") == 2


def extension(tmp_path: Path, text: str, name: str = "team.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_extension_overrides_one_field_of_a_fact(tmp_path: Path) -> None:
    path = extension(tmp_path, "facts:\n  eventbridge.put-events:\n    value: 50000\n")
    knowledge = load_knowledge([path])
    fact = knowledge.facts["eventbridge.put-events"]
    assert fact.value == 50000
    assert fact.says.startswith("PutEvents")  # the other fields are kept
    assert knowledge.version.startswith("2026.12.0+team.yaml@")


def test_extension_adds_a_pattern_with_its_service_and_version(tmp_path: Path) -> None:
    path = extension(
        tmp_path,
        """
version: acme-3
sources:
  acme-wiki: {title: "ACME platform wiki", date: "2026-11"}
patterns:
  kafka: {name: log, aws: MSK, owner: shared, coupled_by: message schema and topic name}
services:
  msk: {pattern: kafka, name: Amazon MSK, setup: "an MSK topic per event type"}
statements:
  acme.kafka:
    kind: guidance
    says: "We already run Kafka for analytics."
    source: acme-wiki
rules:
  kafka.we-run-it: {pattern: kafka, statement: acme.kafka, when: {boundary: within}, weight: 30,
                    reason: "we already run Kafka"}
""",
    )
    knowledge = load_knowledge([path])
    assert knowledge.version == "2026.12.0+acme-3"
    assert knowledge.patterns["kafka"].services == ("msk",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "facts:\n  eventbridge.put-events:\n    value: -1\n",
            "facts.eventbridge.put-events.value: expected a number ≥ 0",
        ),
        (
            "facts:\n  eventbridge.put-events:\n    sorce: x\n",
            "facts.eventbridge.put-events.sorce: unknown key 'sorce'; did you mean 'source'?",
        ),
        (
            "facts:\n  new.fact:\n    services: [sns-standard]\n    says: x\n",
            "facts.new.fact.source: missing",
        ),
        (
            "facts:\n  new.fact: {services: [nope], says: x, source: talk, as_of: '2026'}\n",
            "facts.new.fact.services[0]: 'nope' is not a known service id",
        ),
        (
            "rules:\n  topic.high-throughput:\n    when: {throughput: {minimum: 5}}\n",
            "rules.topic.high-throughput.when.throughput.minimum: unknown key 'minimum'; did",
        ),
        (
            "rules:\n  topic.high-throughput:\n    when: {ordering: sorted}\n",
            "rules.topic.high-throughput.when.ordering: 'sorted' is not allowed",
        ),
        (
            "rules:\n  topic.high-throughput:\n    weight: 500\n",
            "rules.topic.high-throughput.weight: expected a whole number from -100 to 100",
        ),
        ("scoring: {base: 150}\n", "scoring.base: expected a whole number from 0 to 100"),
        (
            "patterns:\n  kafka: {name: log, aws: MSK, owner: shared, coupled_by: x}\n",
            "patterns.kafka: no service implements it",
        ),
        ("factz: {}\n", "unknown key 'factz'; did you mean 'facts'?"),
        (
            "facts:\n  eventbridge.ordering: {value: sorted}\n",
            "facts.eventbridge.ordering.value: 'sorted' is not allowed",
        ),
        (
            "facts:\n  x: {services: [sqs-fifo], says: x, source: talk, as_of: '2026',"
            " limit: throughput, value: 5, hard: false}\n",
            "facts.x.penalty: a soft limit (hard: false) needs a penalty > 0",
        ),
        ("sources:\n  s: {title: t, date: last year}\n", "sources.s.date: expected a date"),
        ("facts:\n  Bad Id: {}\n", "facts.Bad Id: an id is lower-case"),
        ("- a list\n", "expected a mapping"),
        ("", "empty"),
    ],
)
def test_bad_extension_names_file_and_dotted_path(tmp_path: Path, text: str, expected: str) -> None:
    path = extension(tmp_path, text)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge([path])
    assert info.value.message.startswith(str(path) + ": ")
    assert expected in info.value.message
    assert "\n" not in info.value.message


def test_missing_extension_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="knowledge file not found"):
        load_knowledge([tmp_path / "nope.yaml"])


def test_base_is_cached_and_a_broken_cache_is_ignored(tmp_path: Path) -> None:
    from decider.knowledge.loader import BASE_FILE, read_base
    from decider.yamlio import parse_yaml

    parsed = parse_yaml(BASE_FILE.read_text(encoding="utf-8"), "base")
    assert read_base(tmp_path) == parsed
    (copy,) = tmp_path.glob("base-*.marshal")
    assert read_base(tmp_path) == parsed
    copy.write_bytes(b"\x00broken")
    assert read_base(tmp_path) == parsed
    assert read_base(None) == parsed


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from decider.cache import cache_dir

    monkeypatch.setenv("DECIDER_CACHE_DIR", "off")
    assert cache_dir() is None
    monkeypatch.setenv("DECIDER_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.delenv("DECIDER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "decider"
