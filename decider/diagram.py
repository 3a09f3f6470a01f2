"""A decision as a Graphviz diagram (DOT text): who produces, who consumes, and where the
channel lives.

The talk places each channel: a topic inside the producer's system, a queue inside the
consumer's, a stream and a broker as shared infrastructure, and the event bus between
systems with one rule per consumer. Systems are clusters; labels name the pattern and the
concrete service. The colours read on light and dark pages alike: filled nodes with dark
text, and mid-grey lines and cluster labels on a transparent background.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

from .model import Decision, Knowledge
from .templates import render

MAX_CONSUMERS = 8
"""Consumers drawn one by one; more are summed up in one node."""


class Node(TypedDict):
    """A box in the diagram."""

    id: str
    label: str
    kind: str  # service, channel, rule


class Cluster(TypedDict):
    """A system: a labelled frame around its nodes."""

    id: str
    label: str
    nodes: list[Node]


class Edge(TypedDict):
    """An arrow."""

    tail: str
    head: str
    label: str


class DiagramContext(TypedDict):
    """Everything ``diagram.dot.j2`` prints."""

    title: str
    clusters: list[Cluster]
    nodes: list[Node]
    edges: list[Edge]


def _consumer_names(decision: Decision) -> list[str]:
    answers = decision.answers
    names = list(answers.consumers) + [
        f"consumer {i}" for i in range(len(answers.consumers) + 1, answers.consumer_count + 1)
    ]
    if len(names) > MAX_CONSUMERS:
        hidden = len(names) - (MAX_CONSUMERS - 1)
        names = [*names[: MAX_CONSUMERS - 1], f"{hidden} more consumers"]
    return names


def diagram_context(decision: Decision, knowledge: Knowledge) -> DiagramContext:
    """Lay out producer, consumers and channel for one decision."""
    answers = decision.answers
    option = decision.result.recommendation
    top = decision.result.score_of(option) if option else None
    producer = Node(id="producer", label=answers.producer or "producer", kind="service")
    consumers = [
        Node(id=f"consumer{i}", label=name, kind="service")
        for i, name in enumerate(_consumer_names(decision))
    ]
    between = answers.boundary == "between"
    own = {"producer": [producer]} | {c["id"]: [c] for c in consumers}
    loose: list[Node] = []
    edges: list[Edge] = []

    if option is None:
        edges = [Edge(tail="producer", head=c["id"], label="no pattern fits") for c in consumers]
    else:
        pattern = knowledge.patterns[option]
        service = knowledge.services[top.service].name if top and top.service else pattern.aws
        channel = Node(id="channel", label=f"{pattern.name}\n{service}", kind="channel")
        if option == "eventbridge":  # the bus routes with one rule per consumer
            loose.append(channel)
            edges.append(Edge(tail="producer", head="channel", label="puts events"))
            for i, consumer in enumerate(consumers):
                rule = Node(id=f"rule{i}", label=f"rule for {consumer['label']}", kind="rule")
                loose.append(rule)
                edges.append(Edge(tail="channel", head=rule["id"], label=""))
                edges.append(Edge(tail=rule["id"], head=consumer["id"], label="target"))
        elif pattern.owner == "producer":  # a topic: inside the producer's system
            own["producer"].append(channel)
            edges.append(Edge(tail="producer", head="channel", label="publishes"))
            edges += [Edge(tail="channel", head=c["id"], label="subscribes") for c in consumers]
        elif pattern.owner == "consumer":  # a queue: inside each consumer's system
            for i, consumer in enumerate(consumers):
                queue = Node(id=f"queue{i}", label=f"{pattern.name}\n{service}", kind="channel")
                own[consumer["id"]].insert(0, queue)
                edges.append(Edge(tail="producer", head=queue["id"], label="sends"))
                edges.append(Edge(tail=queue["id"], head=consumer["id"], label="polls"))
        else:  # a stream, a broker, or a team's shared pattern: shared infrastructure
            loose.append(channel)
            verb = "reads" if option == "stream" else "consumes"
            edges.append(Edge(tail="producer", head="channel", label="writes"))
            edges += [Edge(tail="channel", head=c["id"], label=verb) for c in consumers]

    if between:
        clusters = [
            Cluster(
                id="system_producer", label=f"{producer['label']} system", nodes=own["producer"]
            )
        ]
        clusters += [
            Cluster(id=f"system_{c['id']}", label=f"{c['label']} system", nodes=own[c["id"]])
            for c in consumers
        ]
    else:
        inside = [n for nodes in own.values() for n in nodes]
        clusters = [Cluster(id="system", label="one system", nodes=inside)]
    return DiagramContext(title=decision.title, clusters=clusters, nodes=loose, edges=edges)


def render_dot(decision: Decision, knowledge: Knowledge, templates: Path | None = None) -> str:
    """The DOT source of a decision's diagram (``templates``: a workspace's overrides)."""
    return render("diagram.dot.j2", dict(diagram_context(decision, knowledge)), templates)
