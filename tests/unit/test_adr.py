"""ADR Markdown and diagram DOT: pinned by golden files, and inert to hostile text."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES

from decider.adr import preview, render_adr
from decider.answers import load_answers, parse_answers
from decider.decision import decision_date, make_decision, slugify
from decider.diagram import render_dot
from decider.errors import InputError
from decider.model import Knowledge

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE = os.environ.get("DECIDER_UPDATE_GOLDEN") == "1"
MADR_SECTIONS = [
    "## Context and Problem Statement",
    "## Decision Drivers",
    "## Considered Options",
    "## Decision Outcome",
    "### Consequences",
    "## Pros and Cons of the Options",
    "## More Information",
]


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764806400")  # 2025-12-04


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote a new golden file {path.name}; check it and run again")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed; if on purpose, run with DECIDER_UPDATE_GOLDEN=1"
    )


@pytest.mark.parametrize("example", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_adr_and_dot_match_golden_files(knowledge: Knowledge, example: str) -> None:
    answers = load_answers(EXAMPLES / f"{example}.yaml")
    decision = make_decision(knowledge, answers, number=7)
    adr = render_adr(decision, knowledge, diagram=f"0007-{slugify(decision.title)}.svg")
    golden(f"{example}.md", adr)
    golden(f"{example}.dot", render_dot(decision, knowledge))


def test_adr_has_every_madr_section_in_order(knowledge: Knowledge) -> None:
    answers = load_answers(EXAMPLES / "order-placed.yaml")
    adr = render_adr(make_decision(knowledge, answers), knowledge, diagram="x.svg")
    positions = [adr.index(section) for section in MADR_SECTIONS]
    assert positions == sorted(positions)
    assert "![Diagram of the integration](x.svg)" in adr
    for pattern in knowledge.patterns.values():
        assert f"### {pattern.name} ({pattern.aws})" in adr


def test_front_matter_keeps_what_re_scoring_needs(knowledge: Knowledge) -> None:
    answers = load_answers(EXAMPLES / "order-placed.yaml")
    adr = render_adr(make_decision(knowledge, answers, status="accepted"), knowledge)
    meta = yaml.safe_load(adr.split("---\n")[1])
    assert meta["status"] == "accepted" and meta["date"] == "2025-12-04"
    block = meta["decider"]
    assert block["chosen"] == "eventbridge" and block["service"] == "eventbridge-bus"
    assert block["knowledge"] == knowledge.version
    assert parse_answers(block["answers"]) == answers
    assert next(r["option"] for r in block["ranking"]) == "eventbridge"


def test_nothing_fits_says_so(knowledge: Knowledge) -> None:
    answers = parse_answers(
        {
            "title": "Ordered firehose",
            "boundary": "within",
            "throughput": 10**6,
            "ordering": "global",
            "consumer_count": 2,
        }
    )
    adr = render_adr(make_decision(knowledge, answers), knowledge)
    assert "No option fits well enough to choose one" in adr
    assert "chosen: null" in adr
    dot = render_dot(make_decision(knowledge, answers), knowledge)
    assert "no pattern fits" in dot


HOSTILE = {
    "title": '<script>alert(1)</script> {{ 7*7 }} [x](javascript:alert(1)) | pipe "q" '
    '*x*{: onclick="alert(1)" }',
    "producer": 'shop"; evil [label="x',
    "consumers": ["a|b", "<img src=x onerror=alert(1)>", "‏מערכת‎", "{% raw %}"],
    "context": "# not a heading\n<iframe src=x>\n{{ 7*7 }}\n!!! danger\n{: onclick=alert(1) }",
    "boundary": "between",
    "throughput": 10,
    "ordering": "none",
}


def test_hostile_text_stays_inert_in_markdown(knowledge: Knowledge) -> None:
    answers = parse_answers(HOSTILE)
    adr = render_adr(make_decision(knowledge, answers), knowledge)
    body = adr.split("---\n", 2)[2]
    assert "<script>" not in body and "<img" not in body and "<iframe" not in body
    assert "&lt;script&gt;" in body
    assert "\\{\\{ 7*7 \\}\\}" in body and "49" not in body  # never evaluated, shown as is
    assert not re.search(r"(?<!\\)\{:", body) and "\\{: onclick" in body  # no attribute lists
    assert "\n!!! danger" not in body and "\n\\!!! danger" in body  # no admonition
    assert "\\[x\\](javascript:alert(1))" in body  # no link
    assert "\n# not a heading" not in body
    assert "‏מערכת‎" in body  # right-to-left marks survive
    for line in body.splitlines():
        if line.startswith("| "):
            assert line.count(" | ") == 4, line  # '|' in a name cannot add a column
    meta = yaml.safe_load(adr.split("---\n")[1])
    assert html.unescape(meta["title"]) == HOSTILE["title"]
    assert "<" not in meta["title"]  # MkDocs prints it into <title> unescaped


def test_hostile_text_stays_inside_dot_labels(knowledge: Knowledge) -> None:
    dot = render_dot(make_decision(knowledge, parse_answers(HOSTILE)), knowledge)
    assert 'label="shop\\"; evil [label=\\"x"' in dot
    statements = [line for line in dot.splitlines() if "->" in line]
    assert all(re.match(r"^\s+\w+ -> \w+( \[label=\"[^\"]*\"\])?;$", s) for s in statements)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Publish OrderPlaced to downstream systems", "publish-orderplaced-to-downstream-systems"),
        ("../../etc/passwd", "etc-passwd"),
        ("Über café: Ärger", "uber-cafe-arger"),
        ("<script>", "script"),
        ("日本語", "decision"),
        ("x" * 1200, "x" * 60),
        ("word " * 300, "-".join(["word"] * 12)),
    ],
)
def test_slugs_are_safe_and_bounded(title: str, slug: str) -> None:
    assert slugify(title) == slug
    assert len(slugify(title)) <= 60


def test_date_honours_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    assert decision_date() == "2025-12-04"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH"):
        decision_date()


def test_title_is_required_and_flattened(knowledge: Knowledge) -> None:
    answers = load_answers(EXAMPLES / "saas-support.yaml")
    untitled = parse_answers(
        {
            k: v
            for k, v in {
                "boundary": "within",
                "throughput": 1,
                "ordering": "none",
                "consumer_count": 1,
            }.items()
        }
    )
    with pytest.raises(InputError, match="needs a title"):
        make_decision(knowledge, untitled)
    assert make_decision(knowledge, answers, title="two\nlines").title == "two lines"


def test_preview_needs_no_number_or_title(knowledge: Knowledge) -> None:
    answers = parse_answers(
        {"boundary": "within", "throughput": 1, "ordering": "none", "consumer_count": 1}
    )
    assert "# Untitled decision" in preview(knowledge, answers)


def test_a_teams_own_pattern_is_drawn_where_its_owner_says(tmp_path: Path) -> None:
    from decider.knowledge import load_knowledge

    team = tmp_path / "team.yaml"
    team.write_text(
        "patterns:\n  log:\n    {name: log, aws: MSK, owner: producer, coupled_by: schema}\n"
        "services:\n  msk: {pattern: log, name: Amazon MSK, setup: an MSK topic}\n"
        "statements:\n  team.log: {kind: guidance, says: We run Kafka., source: talk}\n"
        "rules:\n  log.ours: {pattern: log, statement: team.log, when: {boundary: between},"
        " weight: 60, reason: we run Kafka}\n"
    )
    knowledge = load_knowledge([team])
    answers = parse_answers(
        {
            "title": "t",
            "producer": "shop",
            "consumers": ["crm"],
            "boundary": "between",
            "throughput": 5,
            "ordering": "none",
        }
    )
    decision = make_decision(knowledge, answers)
    assert decision.chosen == "log"
    dot = render_dot(decision, knowledge)
    producer_cluster = dot.split("subgraph cluster_system_producer")[1].split("}")[0]
    assert "channel [" in producer_cluster  # inside the producer's system, as a topic is
