"""Project the knowledge graph onto a networkx graph of entities, figures and quotes.

Nodes are the things a reader looks for: persons, organisations, posts, plans,
instruments, events, sites, sectors, indicators, documents, external sources, and
each reported figure and quotation (one node per document's statement, so that two
documents' versions of one indicator sit side by side). Edges are the facts between
them, labelled by property, each carrying the statements (document, date, wording,
quote) that state it. Literal facts become node attributes.

The projection is made from the rows of the analysis queries
(``analysis/queries/network-*.rq``), so it reads the same on every backend: the
persisted Oxigraph store of a build, or an rdflib ``Dataset``. Which figures are
versions of one another (reported by several documents) is what the named query
``compare-figures`` answers; the groups are kept in ``graph.graph["versions"]``.

>>> from relocgraph.pipeline.build import build
>>> g = to_networkx(build(".").dataset)
>>> g.nodes["https://w3id.org/relocgraph/id/person/stephanie-pernod"]["kind"]
'person'
>>> any(d["property"].endswith("carriedBy") for _, _, d in g.edges(data=True))
True
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import networkx as nx

from relocgraph.analysis.labels import Labels, curie
from relocgraph.analysis.rows import as_backend, records, select
from relocgraph.model.prefixes import PREFIXES

__all__ = ["KINDS", "Kind", "curie", "figure_label", "to_networkx"]


@dataclass(frozen=True)
class Kind:
    """A coarse class of node, as the views colour and filter them."""

    key: str
    fr: str
    en: str

    def label(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


#: Node kinds, in legend order (which class gives which kind: ``network-nodes.rq``).
KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind("person", "personne", "person"),
        Kind("organisation", "organisation", "organisation"),
        Kind("post", "poste", "post"),
        Kind("policy", "politique", "policy"),
        Kind("plan", "plan", "plan"),
        Kind("instrument", "dispositif", "instrument"),
        Kind("event", "événement", "event"),
        Kind("company", "entreprise", "company"),
        Kind("site", "site industriel", "industrial site"),
        Kind("sector", "secteur", "sector"),
        Kind("focus", "axe d'intervention", "focus area"),
        Kind("firm-category", "catégorie d'entreprises", "category of firms"),
        Kind("indicator", "indicateur", "indicator"),
        Kind("figure", "chiffre publié", "reported figure"),
        Kind("derived", "chiffre calculé", "derived figure"),
        Kind("quotation", "citation", "quotation"),
        Kind("document", "document", "document"),
        Kind("source", "source externe", "external source"),
        Kind("place", "lieu", "place"),
        Kind("period", "période", "period"),
        Kind("role", "rôle", "role"),
    )
}

_HAS_TIME = PREFIXES["time"] + "hasTime"
_NOT_STATED = {"fr": "non précisée", "en": "not stated"}
#: A result row of a named query, by column.
_Row = dict[str, Any]
#: The statement records (what a panel shows: evidence…), by statement or node IRI.
_Records = dict[str, _Row]


def to_networkx(source: Any, *, lang: str = "fr") -> nx.MultiDiGraph:
    """Project ``source`` onto a :class:`networkx.MultiDiGraph` (see module docs).

    ``source`` is a store backend (``select(text) -> Table``; for example the built
    Oxigraph store, :func:`relocgraph.analysis.rows.open_built`) or an rdflib Dataset.

    Node attributes: ``iri``, ``curie``, ``label`` (in ``lang``), ``label_fr``,
    ``label_en``, ``kind`` (a :data:`KINDS` key), ``kind_label``, ``alt_labels``,
    ``facts`` (literal facts as a dict) and, for figures and quotations, ``statement``
    (document, date, evidence). Edge attributes: ``property`` (IRI), ``label``,
    ``statements`` (list of statement records; empty for registry links such as a
    post's organisation). Graph attributes: ``lang`` and ``versions`` (groups of
    figures of one indicator and area reported by several documents).
    """
    backend = as_backend(source)
    labels = Labels(records(select(backend, "network-labels")))
    out = nx.MultiDiGraph(lang=lang)
    _add_nodes(out, records(select(backend, "network-nodes")), labels, lang)
    statements = _statement_records(backend, labels, lang)
    _add_figures(out, records(select(backend, "network-figures")), labels, statements, lang)
    _add_quotations(out, records(select(backend, "network-quotations")), statements)
    _add_edges(out, records(select(backend, "network-edges")), labels, statements, lang)
    out.graph["versions"] = versions(backend, out)
    _add_checks(out, backend)
    return out


def _add_checks(out: nx.MultiDiGraph, backend: Any) -> None:
    """Attach the checks of claims (named query ``checks``) to the figure they are about,
    or to the subject of the link whose statement they check (a site's sector): node
    attribute ``checks``, a list of verdicts with the claim's and the reference's quotes."""
    from relocgraph.store.catalogue import get_query

    query = get_query("checks")
    rows = records(backend.select(query.text, origin=query.path))
    if not rows:
        return
    owner = {node: node for node, data in out.nodes(data=True) if data.get("statement")}
    for u, _v, data in out.edges(data=True):
        for record in data.get("statements") or []:
            owner.setdefault(record["statement"], u)
    keys = (
        "outcome",
        "verdict_label",
        "claim_value",
        "claim_quote",
        "reference_document",
        "reference_value",
        "reference_quote",
        "reasons",
    )
    for row in rows:
        node = owner.get(row["claim"])
        if node is None:
            continue
        entry = {key: "" if row[key] is None else str(row[key]) for key in keys}
        entry["reference_document"] = (
            curie(entry["reference_document"]) if entry["reference_document"] else ""
        )
        out.nodes[node].setdefault("checks", []).append(entry)


def _add_nodes(out: nx.MultiDiGraph, rows: list[_Row], labels: Labels, lang: str) -> None:
    best: dict[str, tuple[int, str]] = {}
    for row in rows:
        rank = (int(row["rank"]), row["kind"])
        if row["node"] not in best or rank < best[row["node"]]:
            best[row["node"]] = rank
    for node in sorted(best):
        kind = best[node][1]
        out.add_node(
            node,
            iri=node,
            curie=curie(node),
            kind=kind,
            kind_label=KINDS[kind].label(lang),
            label=labels.entity(node, lang),
            label_fr=labels.entity(node, "fr"),
            label_en=labels.entity(node, "en"),
            alt_labels=labels.alternatives(node),
            facts={},
        )


def _statement_records(backend: Any, labels: Labels, lang: str) -> _Records:
    """Document, date, wording, notes, evidence spans of every statement, and
    ``interpretation: True`` on a curator's reading of its text (``rg:Interpretation``)."""
    out: _Records = {}
    for row in records(select(backend, "network-statements")):
        record = out.setdefault(row["statement"], {"statement": row["statement"]})
        if row["document"] is not None:
            record.update(
                document=row["document"],
                document_label=labels.entity(row["document"], lang),
                date=row["date"],
            )
        if row["wording"] is not None:
            record["wording"] = str(row["wording"])
        if row["note"] is not None:
            record.setdefault("notes", []).append(str(row["note"]))
        if row["interpretation"]:
            record["interpretation"] = True
    spans: dict[str, list[_Row]] = defaultdict(list)
    for row in records(select(backend, "network-evidence")):
        span: dict[str, Any] = {}
        if row["quote"] is not None:
            span["quote"] = str(row["quote"])
        if row["start"] is not None:
            span.update(start=int(row["start"]), end=int(row["end"]))
        spans[row["statement"]].append(span)
    for key, record in out.items():
        if "notes" in record:
            record["notes"] = sorted(set(record["notes"]))
        record["evidence"] = sorted(spans.get(key, []), key=lambda s: (s.get("start", 0), s.get("quote", "")))
    return out


def _figure_facts(row: dict[str, Any], labels: Labels, lang: str) -> dict[str, Any]:
    unit = curie(row["unit"]) if row["unit"] is not None else None
    if row["derived"]:
        return {
            "value": row["value"],
            "unit": unit,
            "rule": labels.entity(row["rule"], lang) if row["rule"] is not None else None,
            "caveats": [],
        }
    return {
        "value": row["value"],
        "unit": unit,
        "verbatim": str(row["verbatim"] or ""),
        "period": str(row["period"]) if row["period"] is not None else _NOT_STATED[lang],
        "period_iri": row["period_iri"],
        "scope": str(row["scope"] or ""),
        "credited_to": [],
        "reported_by": [],
    }


def _add_figures(
    out: nx.MultiDiGraph, rows: list[_Row], labels: Labels, statements: _Records, lang: str
) -> None:
    for row in rows:
        node = row["figure"]
        if node not in out:
            continue
        data = out.nodes[node]
        if not data["facts"]:
            data["facts"] = _figure_facts(row, labels, lang)
        if row["caveat"] is not None:
            data["facts"]["caveats"] = sorted({*data["facts"]["caveats"], str(row["caveat"])})
        if row["derived"]:
            continue
        data["statement"] = statements.get(node, {"statement": node, "evidence": []})
        indicator = row["indicator"]
        for key, lg in (("label_fr", "fr"), ("label_en", "en")):
            data[key] = figure_label(data["facts"], labels.entity(indicator, lg) if indicator else "")
        data["label"] = data[f"label_{lang}"]


def _add_quotations(out: nx.MultiDiGraph, rows: list[_Row], statements: _Records) -> None:
    for row in rows:
        node = row["quotation"]
        if node not in out:
            continue
        text = str(row["text"] or "")
        data = out.nodes[node]
        data["facts"] = {"text": text, "speaker_title": str(row["speaker_title"] or "")}
        data["statement"] = statements.get(node, {"statement": node, "evidence": []})
        short = "« " + (text[:40] + "…" if len(text) > 40 else text) + " »"
        data.update(label=short, label_fr=short, label_en=short)


def _add_edges(
    out: nx.MultiDiGraph, rows: list[_Row], labels: Labels, statements: _Records, lang: str
) -> None:
    edges: dict[tuple[str, str, str], list[_Row]] = defaultdict(list)
    literal_facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        s, p, o, stmt = row["subject"], row["property"], row["object"], row["statement"]
        record = statements.get(stmt) if stmt is not None else None
        if row["literal"]:
            if s in out:
                literal_facts[s][labels.property(p, lang)].add(str(o))
            continue
        if p == _HAS_TIME and s in out:
            wording = (record or {}).get("wording", "")
            literal_facts[s][labels.property(p, lang)].add(f"{labels.entity(o, lang)} ({wording})".strip())
        if s in out and o in out:
            bucket = edges[(s, p, o)]
            if record is not None and record not in bucket:
                bucket.append(record)
    _credit_figures(out, edges, labels, lang)
    for node, facts in literal_facts.items():
        out.nodes[node]["facts"].update({k: sorted(v) for k, v in facts.items()})
    for (s, p, o), bucket in sorted(edges.items()):
        out.add_edge(
            s,
            o,
            key=p,
            property=p,
            label=labels.property(p, lang),
            statements=sorted(bucket, key=lambda r: (r.get("date") or "", r["statement"])),
        )


_CREDITS = {"credited_to": PREFIXES["rg"] + "creditedTo", "reported_by": PREFIXES["prov"] + "wasAttributedTo"}


def _credit_figures(
    out: nx.MultiDiGraph, edges: dict[tuple[str, str, str], Any], labels: Labels, lang: str
) -> None:
    """A reported figure's ``credited_to`` and ``reported_by`` facts: its links' labels."""
    for s, p, o in edges:
        facts = out.nodes[s]["facts"]
        if out.nodes[s]["kind"] != "figure":
            continue
        for key, prop in _CREDITS.items():
            if p == prop:
                facts[key] = sorted([*facts[key], labels.entity(o, lang)])


def figure_label(facts: dict[str, Any], indicator: str) -> str:
    """A reported figure's label: its value in French typography, then its indicator.

    >>> figure_label({"value": 165000000, "unit": "unit:CCY_EUR"}, "investissement public")
    '165\\u202f000\\u202f000 € investissement public'
    """
    from relocgraph.pipeline.french import format_french

    value = facts.get("value")
    if value is None:
        return indicator
    unit = " €" if facts.get("unit") == "unit:CCY_EUR" else ""
    return f"{format_french(Decimal(str(value)))}{unit} {indicator}".strip()


def versions(source: Any, graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Figures of one indicator and area reported by several documents (the named query
    ``compare-figures``), as groups: ``indicator``, ``area`` and the sorted ``figures``
    that are nodes of ``graph``. A figure that is only the curator's reading of its text
    (``rg:Interpretation``) is no document's version of the indicator, so it is left out."""
    from relocgraph.store.catalogue import get_query

    query = get_query("compare-figures")
    rows = records(as_backend(source).select(query.text, origin=query.path))
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        if row["figure"] in graph and row["value_agreement"] != "interpretation":
            groups[(row["indicator"], str(row["area_label"] or ""))].add(row["figure"])
    return [
        {"indicator": indicator, "area": area, "figures": sorted(figures)}
        for (indicator, area), figures in sorted(groups.items())
        if len(figures) > 1
    ]
