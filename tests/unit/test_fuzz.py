"""Fuzzing the three ways text gets in: answers files, knowledge extensions, ADR front matter.

Whatever the input, the result is a value or one clear InputError line (exit code 2 at
the CLI); never another exception, never a hang (Hypothesis' deadline catches those).
"""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decider.answers import QUESTIONS, load_answers
from decider.errors import InputError
from decider.knowledge import load_knowledge
from decider.knowledge.loader import SECTIONS
from decider.records import read_record

SETTINGS = settings(
    max_examples=150,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
)
plain = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
keys = st.sampled_from([q.key for q in QUESTIONS]) | st.text(max_size=12)
tricky_yaml = st.sampled_from(
    [
        "!!python/object/apply:os.system ['true']",
        "&a [*a]",
        "{a: 1, a: 2}",
        "? [1]\n: 2",
        "%YAML 1.1\n---\n",
        "---\n---\n",
        "\t- x",
        "'unterminated",
        "a: !!binary AAA",
        "[" * 200,
        "a: *undefined",
        "!!set {a, b}",
        "2026-12-04",
        "0o777",
        "~",
        ".inf",
        "\x00",
    ]
)
yaml_text = st.one_of(
    st.text(max_size=300),
    tricky_yaml,
    st.dictionaries(keys, plain, max_size=8).map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
)


def one_line(exc: InputError) -> None:
    assert exc.message and "\n" not in exc.message


@given(yaml_text)
@SETTINGS
def test_answers_files(text: str) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "answers.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_answers(path)
        except InputError as exc:
            one_line(exc)


section_entries = st.dictionaries(
    st.sampled_from(
        [
            "eventbridge.put-events",
            "topic.high-throughput",
            "talk",
            "topic",
            "sns-fifo",
            "new-entry",
        ]
    )
    | st.text(max_size=8),
    st.dictionaries(
        st.sampled_from(
            [
                "value",
                "weight",
                "when",
                "services",
                "says",
                "source",
                "limit",
                "hard",
                "penalty",
                "pattern",
                "name",
                "date",
                "candidate",
            ]
        )
        | st.text(max_size=6),
        plain,
        max_size=4,
    ),
    max_size=3,
)
extensions = st.one_of(
    yaml_text,
    st.dictionaries(
        st.sampled_from([*SECTIONS, "version", "scoring"]), section_entries, max_size=3
    ).map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
)


@given(extensions)
@SETTINGS
def test_knowledge_extensions(text: str) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "team.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_knowledge([path])
        except InputError as exc:
            one_line(exc)


@given(yaml_text, st.text(max_size=80))
@SETTINGS
def test_adr_front_matter(front: str, body: str) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "0001-fuzz.md"
        path.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8", errors="surrogatepass")
        try:
            entry = read_record(path)
        except InputError as exc:
            one_line(exc)
            return
        assert entry.number == 1 and isinstance(entry.title, str)
