"""Where documents disagree: the figures of one indicator that several documents report.

Which figures are versions of one another is what the named query ``compare-figures``
answers (one indicator, one area, two documents or more); the projection keeps its
groups in ``graph.graph["versions"]`` (:func:`relocgraph.analysis.network.versions`).
Here each pair of versions from different documents is compared field by field, on the
facts the page shows (value, unit, period, attribution, reporter).

>>> import networkx as nx
>>> g = nx.MultiDiGraph(versions=[{"indicator": "i", "area": "", "figures": ["a", "b"]}])
>>> g.add_node("i", label="jobs")
>>> for n, doc, value in (("a", "d1", 1), ("b", "d2", 2)):
...     g.add_node(n, facts={"value": value}, statement={"document": doc})
>>> found = compare(g)
>>> found.pairs, sorted(found.disagreeing)
([('a', 'b', ['value'])], ['a', 'b'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import networkx as nx

#: Fields compared between two documents' versions of one indicator, in display order.
COMPARED = ("value", "unit", "period", "credited_to", "reported_by")


@dataclass
class Comparison:
    """The versions of the graph's figures compared: ``groups`` (indicator, area and
    figures), ``pairs`` (figure, figure, differing fields) for every two versions from
    different documents, the ``disagreeing`` figures, and the ``fields`` each group's
    versions differ in."""

    groups: list[dict[str, Any]] = field(default_factory=list)
    pairs: list[tuple[str, str, list[str]]] = field(default_factory=list)
    disagreeing: set[str] = field(default_factory=set)
    fields: list[set[str]] = field(default_factory=list)


def comparable(data: dict[str, Any]) -> dict[str, Any]:
    """The compared facts of a figure node."""
    facts = data.get("facts") or {}
    return {
        "value": facts.get("value"),
        "unit": facts.get("unit"),
        "period": facts.get("period"),
        "credited_to": list(facts.get("credited_to") or []),
        "reported_by": list(facts.get("reported_by") or []),
    }


def _document(graph: nx.MultiDiGraph, node: str) -> Any:
    return (graph.nodes[node].get("statement") or {}).get("document")


def compare(graph: nx.MultiDiGraph) -> Comparison:
    """Compare every two versions from different documents in ``graph.graph["versions"]``
    (groups whose figures are not all in ``graph``, as in a focused view, keep those that are)."""
    out = Comparison()
    for group in graph.graph.get("versions") or []:
        figures = [f for f in group["figures"] if f in graph]
        if len(figures) < 2:
            continue
        differing: set[str] = set()
        for i, a in enumerate(figures):
            for b in figures[i + 1 :]:
                if _document(graph, a) == _document(graph, b):
                    continue
                ca, cb = comparable(graph.nodes[a]), comparable(graph.nodes[b])
                fields = [f for f in COMPARED if ca[f] != cb[f]]
                out.pairs.append((a, b, fields))
                if fields:
                    out.disagreeing.update((a, b))
                    differing.update(fields)
        out.groups.append({**group, "figures": figures})
        out.fields.append(differing)
    return out


def format_value(facts: dict[str, Any]) -> str:
    """A figure's value for people, in French typography (with € for euros).

    >>> format_value({"value": 165000000, "unit": "unit:CCY_EUR"})
    '165\\u202f000\\u202f000 €'
    """
    from relocgraph.pipeline.french import format_french

    value = facts.get("value")
    if value is None:
        return ""
    unit = {"unit:CCY_EUR": " €", "unit:NUM": ""}.get(str(facts.get("unit")), "")
    return f"{format_french(Decimal(str(value)))}{unit}"


def version_rows(graph: nx.MultiDiGraph, figures: list[str]) -> list[dict[str, Any]]:
    """The versions table of one group: each figure's document, date, value, period,
    attribution and reporter."""
    rows = []
    for f in figures:
        d = graph.nodes[f]
        facts = d.get("facts") or {}
        st = d.get("statement") or {}
        rows.append(
            {
                "id": f,
                "document": st.get("document_label", ""),
                "date": st.get("date") or "",
                "value": format_value(facts),
                "period": str(facts.get("period") or ""),
                "credited_to": ", ".join(facts.get("credited_to") or []),
                "reported_by": ", ".join(facts.get("reported_by") or []),
            }
        )
    return rows
