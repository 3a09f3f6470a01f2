"""The answers contract: what is accepted, and the one-line message for what is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from decider.answers import QUESTIONS, answers_to_dict, load_answers, parse_answers
from decider.errors import AnswersError, InputError
from decider.model import Answers

VALID = {"boundary": "between", "throughput": 50, "ordering": "none", "consumer_count": 5}


def error_of(data: object) -> str:
    with pytest.raises(AnswersError) as info:
        parse_answers(data, "answers.yaml")
    message = info.value.message
    assert "\n" not in message
    assert message.startswith("answers.yaml: ")
    return message


def test_minimal_answers_parse() -> None:
    answers = parse_answers(VALID)
    assert answers == Answers(boundary="between", throughput=50, ordering="none", consumer_count=5)


def test_consumers_list_gives_the_count() -> None:
    answers = parse_answers(
        {**{k: v for k, v in VALID.items() if k != "consumer_count"}, "consumers": ["crm", "email"]}
    )
    assert answers.consumer_count == 2
    assert answers.consumers == ("crm", "email")


def test_every_question_round_trips_through_a_dict() -> None:
    full = {
        "title": "Publish OrderPlaced",
        "producer": "checkout",
        "consumers": ["a", "b"],
        "consumer_count": 3,
        "boundary": "between",
        "throughput": 1.5,
        "ordering": "per-key",
        "delivery": "fan-out",
        "latency_ms": 250,
        "replay": "days",
        "sources": "saas",
        "message_kb": 64,
        "protocols": "amqp",
        "context": "Why we decide.",
        "decision_makers": ["Ana", "Bo"],
    }
    assert set(full) == {q.key for q in QUESTIONS}
    assert answers_to_dict(parse_answers(full)) == full


def test_null_means_not_answered() -> None:
    assert parse_answers({**VALID, "latency_ms": None, "replay": None}).latency_ms is None


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({**VALID, "throughpt": 5}, "unknown key 'throughpt'; did you mean 'throughput'?"),
        ({**VALID, "colour": 5}, "unknown key 'colour'; allowed keys: title, producer"),
        ({k: v for k, v in VALID.items() if k != "boundary"}, "missing required key 'boundary'"),
        (
            {k: v for k, v in VALID.items() if k != "throughput"},
            "missing required key 'throughput'",
        ),
        ({k: v for k, v in VALID.items() if k != "consumer_count"}, "'consumers'"),
        (
            {**VALID, "boundary": "inside"},
            "boundary: 'inside' is not allowed; expected one of within, between",
        ),
        ({**VALID, "ordering": True}, "ordering: True is not allowed"),
        ({**VALID, "throughput": -5}, "throughput: -5 is negative; expected a number ≥ 0"),
        (
            {**VALID, "throughput": float("nan")},
            "throughput: nan is not allowed; expected a finite",
        ),
        (
            {**VALID, "throughput": float("inf")},
            "throughput: inf is not allowed; expected a finite",
        ),
        ({**VALID, "throughput": "50"}, "throughput: '50' is text, not a number"),
        ({**VALID, "throughput": "lots"}, "throughput: 'lots' is not a number"),
        ({**VALID, "throughput": True}, "throughput: True is not a number"),
        ({**VALID, "latency_ms": 0}, "latency_ms: 0 is not allowed; expected a number > 0"),
        ({**VALID, "consumer_count": 0}, "consumer_count: 0 is not allowed; expected a whole"),
        ({**VALID, "consumer_count": 2.5}, "consumer_count: 2.5 is not allowed"),
        ({**VALID, "consumers": "crm"} | {"consumer_count": 1}, None),
        ({**VALID, "consumers": ["crm", "crm"]}, "consumers: 'crm' is listed twice"),
        ({**VALID, "consumers": [1]}, "consumers: 1 is not a name"),
        (
            {**VALID, "consumers": ["a", "b"], "consumer_count": 1},
            "consumer_count: 1 is less than the 2 consumers listed",
        ),
        ({**VALID, "title": 2024}, "title: expected text, got 2024 (quote it)"),
        ({**VALID, "title": "   "}, "title: must not be empty"),
        (
            {**VALID, "protocols": "kafka"},
            "protocols: 'kafka' is not allowed; expected one of none, amqp, jms, mqtt",
        ),
        (["boundary"], "expected a mapping of keys to values, got list"),
        (None, "empty"),
    ],
)
def test_bad_answers_name_key_value_and_what_is_allowed(data: object, expected: str | None) -> None:
    if expected is None:
        parse_answers(data)
        return
    assert expected in error_of(data)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_answers_file(tmp_path: Path) -> None:
    path = write(
        tmp_path, "boundary: within\nthroughput: 1.0e+3\nordering: none\nconsumer_count: 1\n"
    )
    assert load_answers(path).throughput == 1000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "boundary: !!python/object/apply:os.system ['true']\n",
            "line 1: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
        ),
        ("boundary: within\nboundary: between\n", "line 2: key 'boundary' appears twice"),
        ("boundary: [within\n", "answers.yaml: line"),
        ("", "empty"),
        ("- a\n- b\n", "expected a mapping"),
    ],
)
def test_bad_yaml_is_one_line(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        load_answers(write(tmp_path, text))
    assert expected in info.value.message
    assert "\n" not in info.value.message


def test_missing_file_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="answers file not found"):
        load_answers(tmp_path / "nope.yaml")


def test_binary_file_is_input_error(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xff\xfe\x00boundary")
    with pytest.raises(InputError, match="not UTF-8"):
        load_answers(path)
