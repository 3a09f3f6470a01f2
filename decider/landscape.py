"""The landscape: every integration the accepted decisions describe, as one diagram.

Systems are nodes; each integration is an edge from the producer to each consumer,
labelled with its pattern and decision number. Superseded, rejected and proposed
decisions are left out. Text in, DOT text out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .log import pattern_name
from .model import Knowledge
from .records import Record
from .templates import render


def landscape_context(records: Sequence[Record], knowledge: Knowledge) -> dict[str, object]:
    """Nodes and edges of the accepted decisions that name their systems."""
    systems: dict[str, str] = {}
    edges = []

    def node(name: str) -> str:
        return systems.setdefault(name, f"s{len(systems)}")

    for record in sorted(records, key=lambda r: (r.number or 0, r.path.name)):
        answers = record.decider.get("answers") if record.decider else None
        if record.status != "accepted" or not isinstance(answers, dict):
            continue
        producer = str(answers.get("producer") or f"producer of {record.label}")
        consumers = [str(c) for c in answers.get("consumers") or []] or [
            f"{answers.get('consumer_count', 1)} consumers of {record.label}"
        ]
        label = f"{pattern_name(knowledge, record.pattern)} #{record.label}"
        for consumer in consumers:
            edges.append(
                {
                    "tail": node(producer),
                    "head": node(consumer),
                    "label": label,
                    "url": record.path.stem + "/",
                }
            )
    nodes = [{"id": node_id, "label": name} for name, node_id in systems.items()]
    return {"nodes": nodes, "edges": edges}


def render_landscape(
    records: Sequence[Record], knowledge: Knowledge, templates: Path | None = None
) -> str:
    """The landscape's DOT source."""
    return render("landscape.dot.j2", landscape_context(records, knowledge), templates)
