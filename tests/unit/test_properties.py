"""Property tests: any input ends in Answers or one clear error; the engine never breaks."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decider.answers import QUESTIONS, parse_answers
from decider.engine import decide
from decider.errors import AnswersError
from decider.knowledge import load_knowledge
from decider.model import Answers

KNOWLEDGE = load_knowledge()
KEYS = [q.key for q in QUESTIONS]

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**9),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
value_for = {q.key: (st.sampled_from(q.choices) | junk) if q.choices else junk for q in QUESTIONS}
raw_answers = st.dictionaries(
    st.sampled_from(KEYS) | st.text(max_size=12), junk, max_size=10
).flatmap(lambda d: st.fixed_dictionaries({k: value_for.get(k, junk) for k in d}))

valid_answers = st.builds(
    Answers,
    boundary=st.sampled_from(("within", "between")),
    throughput=st.floats(0, 5e7, allow_nan=False) | st.integers(0, 10**8),
    ordering=st.sampled_from(("none", "per-key", "global")),
    consumer_count=st.integers(1, 20_000_000),
    delivery=st.sampled_from((None, "fan-out", "work-queue")),
    latency_ms=st.none() | st.floats(0.01, 1e6, allow_nan=False),
    replay=st.sampled_from((None, "none", "days", "long-term")),
    sources=st.sampled_from((None, "own", "aws", "saas")),
    message_kb=st.none() | st.floats(0.01, 1e7, allow_nan=False),
    protocols=st.sampled_from((None, "none", "amqp", "jms", "mqtt")),
)


@given(raw_answers)
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_any_mapping_parses_or_fails_with_one_line(data: dict[Any, Any]) -> None:
    try:
        answers = parse_answers(data, "fuzz.yaml")
    except AnswersError as exc:
        assert exc.message.startswith("fuzz.yaml: ")
        assert "\n" not in exc.message
        return
    assert answers.boundary in ("within", "between")
    assert math.isfinite(answers.throughput) and answers.throughput >= 0
    assert answers.consumer_count >= 1


@given(valid_answers)
@settings(max_examples=150, deadline=None)
def test_engine_scores_in_range_and_deterministic(answers: Answers) -> None:
    result = decide(KNOWLEDGE, answers)
    assert {s.option for s in result.ranking} == set(KNOWLEDGE.patterns)
    for score in result.ranking:
        assert 0 <= score.score <= 100
        assert score.viable == (score.service is not None)
        assert score.viable or score.knockouts
    viable = [s.viable for s in result.ranking]
    assert viable == sorted(viable, reverse=True)
    if result.recommendation is not None:
        top = result.ranking[0]
        assert top.option == result.recommendation and top.viable
        assert top.score >= KNOWLEDGE.fit_threshold
    else:
        assert result.warnings
    assert decide(KNOWLEDGE, answers) == result


@given(valid_answers)
@settings(max_examples=300, deadline=None)
def test_fast_winner_agrees_with_the_full_ranking(answers: Answers) -> None:
    from decider.engine import _Index

    index = _Index.of(KNOWLEDGE)
    assert index.winner(answers) == index.recommend(index.rank(answers))


@given(
    valid_answers,
    st.sampled_from(["boundary", "ordering", "delivery", "replay", "sources", "protocols"]),
    st.data(),
)
@settings(max_examples=200, deadline=None)
def test_varying_one_answer_agrees_with_the_fast_winner(
    answers: Answers, key: str, data: st.DataObject
) -> None:
    from dataclasses import replace

    from decider.engine import _Index
    from decider.model import DELIVERIES, ORDERING_LEVELS, PROTOCOLS, REPLAY_LEVELS, SOURCES

    choices = {
        "boundary": ("within", "between"),
        "ordering": ORDERING_LEVELS,
        "delivery": DELIVERIES,
        "replay": REPLAY_LEVELS,
        "sources": SOURCES,
        "protocols": PROTOCOLS,
    }[key]
    value = data.draw(st.sampled_from(choices))
    index = _Index.of(KNOWLEDGE)
    assert index.winner_varying(answers, key)(value) == index.winner(
        replace(answers, **{key: value})
    )


@given(
    valid_answers,
    st.sampled_from(["throughput", "consumer_count", "latency_ms", "message_kb"]),
    st.integers(1, 10**7),
)
@settings(max_examples=200, deadline=None)
def test_varying_one_number_agrees_with_the_fast_winner(
    answers: Answers, key: str, value: int
) -> None:
    from dataclasses import replace

    from decider.engine import _Index

    index = _Index.of(KNOWLEDGE)
    assert index.winner_varying(answers, key)(value) == index.winner(
        replace(answers, **{key: value})
    )


def _escaped_the_long_way(text: str) -> str:
    """md_inline's general path: flatten whitespace, escape entities, translate specials."""
    from decider import templates

    flat = " ".join(text.split())
    return templates._ENTITY.sub("&amp;", flat).translate(templates._MD_SPECIAL)


markdownish = st.text(alphabet=st.sampled_from(list("ab1 -|&;#<>[]`{}\\*_:\t\n\xa0\u2003")))


@given(markdownish | st.text())
def test_plain_text_shortcut_escapes_like_the_general_path(text: str) -> None:
    from decider.templates import md_cell, md_inline

    assert md_inline(text) == _escaped_the_long_way(text)
    assert md_cell(text) == _escaped_the_long_way(text).replace("|", "\\|")
