"""The engine: the scenarios, unseen situations, the talk's trade-offs and the explanations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES

from decider.answers import load_answers
from decider.engine import decide, rank
from decider.knowledge import load_knowledge
from decider.model import Answers, Knowledge, Result

MakeAnswers = Callable[..., Answers]


# --- the worked scenarios ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("example", "pattern", "service"),
    [
        ("order-placed.yaml", "eventbridge", "eventbridge-bus"),
        ("thumbnail-jobs.yaml", "queue", "sqs-standard"),
        ("telemetry-fan-out.yaml", "topic", "sns-standard"),
        ("saas-support.yaml", "eventbridge", "eventbridge-bus"),
    ],
)
def test_scenarios(knowledge: Knowledge, example: str, pattern: str, service: str) -> None:
    result = decide(knowledge, load_answers(EXAMPLES / example))
    assert result.recommendation == pattern
    assert result.ranking[0].service == service
    assert result.warnings == ()


# --- situations the scenarios do not show -----------------------------------------------------


def test_global_order_at_a_million_fits_nothing(
    knowledge: Knowledge, make_answers: MakeAnswers
) -> None:
    result = decide(
        knowledge, make_answers(throughput=1_000_000, ordering="global", consumer_count=2)
    )
    assert result.recommendation is None
    assert any(w.startswith("Nothing fits") for w in result.warnings)
    stream = result.score_of("stream")
    assert not stream.viable
    assert any("1,000 records/s" in v.message for v in stream.knockouts)
    relaxing = {w.question: w.winner for w in result.what_if}
    assert relaxing["ordering"] == "stream"  # per-key ordering is what a stream does at scale


def test_sub_10ms_latency_warns_that_nothing_fits(
    knowledge: Knowledge, make_answers: MakeAnswers
) -> None:
    result = decide(knowledge, make_answers(latency_ms=5, consumer_count=2))
    assert any(w.startswith("Nothing fits well on latency_ms") for w in result.warnings)
    assert all(s.flags for s in result.ranking if s.viable)


def test_saas_sources_mean_event_bus_even_within_a_system(
    knowledge: Knowledge, make_answers: MakeAnswers
) -> None:
    result = decide(knowledge, make_answers(sources="saas"))
    assert result.recommendation == "eventbridge"
    for score in result.ranking[1:]:
        assert not score.viable
        assert any(v.requirement == "sources" for v in score.knockouts)


@pytest.mark.parametrize(
    ("protocol", "service"),
    [("jms", "mq-activemq"), ("amqp", "mq-rabbitmq"), ("mqtt", "mq-activemq")],
)
def test_legacy_protocols_mean_a_broker(
    knowledge: Knowledge, make_answers: MakeAnswers, protocol: str, service: str
) -> None:
    result = decide(knowledge, make_answers(protocols=protocol, consumer_count=3))
    assert result.recommendation == "broker"
    assert result.ranking[0].service == service


def test_ordering_between_systems_is_not_the_classic_bus(
    knowledge: Knowledge, make_answers: MakeAnswers
) -> None:
    result = decide(
        knowledge,
        make_answers(boundary="between", ordering="per-key", consumer_count=3, delivery="fan-out"),
    )
    assert result.recommendation == "topic"
    assert result.ranking[0].service == "sns-fifo"
    assert not result.score_of("eventbridge").viable
    assert any("the talk prefers EventBridge" in w and "no ordering" in w for w in result.warnings)


def test_huge_ordered_write_throughput_is_a_stream(
    knowledge: Knowledge, make_answers: MakeAnswers
) -> None:
    result = decide(
        knowledge, make_answers(throughput=200_000, ordering="per-key", consumer_count=2)
    )
    assert result.recommendation == "stream"


def test_between_systems_prefers_the_event_bus(
    knowledge: Knowledge, make_answers: MakeAnswers
) -> None:
    assert decide(knowledge, make_answers(boundary="between")).recommendation == "eventbridge"
    assert decide(knowledge, make_answers(boundary="within")).recommendation != "eventbridge"


def test_large_messages_are_flagged_with_the_figure(
    knowledge: Knowledge, make_answers: MakeAnswers
) -> None:
    result = decide(knowledge, make_answers(message_kb=5000, consumer_count=3))
    topic = result.score_of("topic")
    assert any("256 KB" in f.message and f.requirement == "message_kb" for f in topic.flags)


@pytest.mark.parametrize(
    ("overrides", "pattern", "service"),
    [
        ({"latency_ms": 500, "throughput": 50_000, "consumer_count": 3}, "stream", "kinesis-efo"),
        ({"ordering": "per-key"}, "queue", "sqs-fifo"),
        ({"ordering": "per-key", "throughput": 50_000}, "queue", "sqs-fifo-high-throughput"),
        ({"replay": "days", "consumer_count": 2}, "topic", "sns-fifo"),
    ],
)
def test_the_concrete_variant_follows_the_answers(
    knowledge: Knowledge,
    make_answers: MakeAnswers,
    overrides: dict[str, Any],
    pattern: str,
    service: str,
) -> None:
    score = decide(knowledge, make_answers(**overrides)).score_of(pattern)
    assert score.viable and score.service == service


# --- the talk's trade-offs, each by its effect -----------------------------------------------

# statement, pattern, answers before, answers after: the statement must apply after,
# and move the pattern's score in its direction (up for great, down for sucks).
EFFECTS: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    ("topic.great-throughput-latency", "topic", {}, {"throughput": 20_000}),
    ("topic.great-throughput-latency", "topic", {}, {"latency_ms": 250}),
    ("topic.sucks-refactoring", "topic", {}, {"boundary": "between"}),
    ("queue.great-work-items", "queue", {}, {"delivery": "work-queue"}),
    ("queue.great-ordering", "queue", {}, {"ordering": "per-key"}),
    ("queue.sucks-multiple-consumers", "queue", {}, {"consumer_count": 3}),
    ("queue.sucks-refactoring", "queue", {}, {"boundary": "between"}),
    ("stream.great-write-throughput", "stream", {}, {"throughput": 50_000}),
    ("stream.great-ordering", "stream", {}, {"ordering": "per-key"}),
    ("stream.sucks-many-consumers", "stream", {}, {"consumer_count": 4}),
    ("broker.great-general", "broker", {}, {"delivery": "work-queue"}),
    ("broker.sucks-ordering", "broker", {}, {"ordering": "per-key"}),
    ("broker.sucks-throughput-latency", "broker", {}, {"throughput": 5_000}),
    ("broker.sucks-throughput-latency", "broker", {}, {"latency_ms": 100}),
    ("eventbridge.saas-sources", "eventbridge", {}, {"sources": "saas"}),
    ("rule.between", "eventbridge", {}, {"boundary": "between"}),
    ("rule.within", "queue", {"boundary": "between"}, {"boundary": "within"}),
]


def test_every_great_and_sucks_statement_has_an_effect_test(knowledge: Knowledge) -> None:
    talk = {
        s.id
        for s in knowledge.statements.values()
        if s.kind in ("great", "sucks") and s.source == "talk"
    }
    assert talk <= {e[0] for e in EFFECTS}


@pytest.mark.parametrize(
    ("statement", "pattern", "before", "after"),
    EFFECTS,
    ids=[f"{e[0]}:{next(iter(e[3]))}" for e in EFFECTS],
)
def test_statement_moves_its_pattern(
    knowledge: Knowledge,
    make_answers: MakeAnswers,
    statement: str,
    pattern: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    old = decide(knowledge, make_answers(**before), what_if=False)
    new = decide(knowledge, make_answers(**{**before, **after}), what_if=False)
    says = knowledge.statements[statement].says
    applied = [c for c in new.score_of(pattern).contributions if c.says == says]
    assert applied, f"{statement} did not apply"
    kind = knowledge.statements[statement].kind
    up = kind == "great" or (kind == "guidance" and applied[0].points > 0)
    moved = new.score_of(pattern).score - old.score_of(pattern).score
    assert (applied[0].points > 0 and moved > 0) if up else (applied[0].points < 0 and moved < 0)


def test_great_for_work_items_puts_the_queue_first(
    knowledge: Knowledge, make_answers: MakeAnswers
) -> None:
    result = decide(knowledge, make_answers(delivery="work-queue", consumer_count=1))
    assert result.recommendation == "queue"


def test_sucks_for_multiple_consumers_demotes_the_queue(
    knowledge: Knowledge, make_answers: MakeAnswers
) -> None:
    assert decide(knowledge, make_answers(consumer_count=1)).recommendation == "queue"
    assert decide(knowledge, make_answers(consumer_count=3)).recommendation != "queue"


# --- explanations, determinism, what-if --------------------------------------------------------


def all_examples() -> list[Answers]:
    return [load_answers(p) for p in sorted(EXAMPLES.glob("*.yaml"))]


def test_each_score_is_its_contributions(knowledge: Knowledge) -> None:
    for answers in all_examples():
        for score in decide(knowledge, answers).ranking:
            total = knowledge.base_score + sum(c.points for c in score.contributions)
            assert score.score == max(0, min(100, total))
            for c in score.contributions:
                assert c.id in knowledge.rules or c.id in knowledge.facts
                assert c.source in knowledge.sources and c.says
            for v in score.knockouts:
                assert v.source in knowledge.sources and v.hard


def test_ranking_is_deterministic_and_ties_break_by_knowledge_order(knowledge: Knowledge) -> None:
    answers = load_answers(EXAMPLES / "order-placed.yaml")
    first = decide(knowledge, answers)
    assert decide(knowledge, answers) == first
    tied = [s.option for s in first.ranking if s.viable and s.score == 45]
    assert tied == ["topic", "stream"]


def test_what_if_answers_really_change_the_result(knowledge: Knowledge) -> None:
    for answers in all_examples():
        result = decide(knowledge, answers)
        assert result.what_if
        for what_if in result.what_if:
            changed = replace(answers, **{what_if.question: what_if.alternative})
            assert decide(knowledge, changed, what_if=False).recommendation == what_if.winner
            assert what_if.winner != result.recommendation


def test_what_if_finds_the_nearest_threshold(
    knowledge: Knowledge, make_answers: MakeAnswers
) -> None:
    result = decide(knowledge, load_answers(EXAMPLES / "order-placed.yaml"))
    by_question = {w.question: w for w in result.what_if}
    assert by_question["boundary"].alternative == "within"
    assert by_question["boundary"].winner == "topic"
    single = decide(knowledge, make_answers())
    assert single.recommendation == "queue"
    consumers = [w for w in single.what_if if w.question == "consumer_count"]
    assert [(w.alternative, w.winner) for w in consumers] == [(2, "topic")]


def test_an_extension_fact_changes_the_ranking(tmp_path: Path) -> None:
    answers = load_answers(EXAMPLES / "telemetry-fan-out.yaml")
    before = decide(load_knowledge(), answers).score_of("eventbridge")
    assert any(f.fact == "eventbridge.put-events" for f in before.flags)
    raised = tmp_path / "quota.yaml"
    raised.write_text("facts:\n  eventbridge.put-events:\n    value: 50000\n")
    after = decide(load_knowledge([raised]), answers).score_of("eventbridge")
    assert not after.flags and after.score > before.score


def test_switching_on_the_ordered_custom_bus(tmp_path: Path, make_answers: MakeAnswers) -> None:
    answers = make_answers(boundary="between", ordering="per-key", consumer_count=3)
    result = decide(load_knowledge(), answers)
    assert any("services.eventbridge-custom-bus.candidate: true" in w for w in result.warnings)
    on = tmp_path / "bus.yaml"
    on.write_text("services:\n  eventbridge-custom-bus:\n    candidate: true\n")
    switched = decide(load_knowledge([on]), answers)
    assert switched.recommendation == "eventbridge"
    assert switched.ranking[0].service == "eventbridge-custom-bus"


def test_rank_alone_matches_decide(knowledge: Knowledge) -> None:
    answers = load_answers(EXAMPLES / "saas-support.yaml")
    assert rank(knowledge, answers) == decide(knowledge, answers).ranking


def test_result_reports_the_knowledge_version(knowledge: Knowledge) -> None:
    result: Result = decide(knowledge, load_answers(EXAMPLES / "saas-support.yaml"))
    assert result.knowledge_version == knowledge.version
