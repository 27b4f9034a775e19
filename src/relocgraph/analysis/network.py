"""Project the knowledge graph onto a networkx graph of entities, figures and quotes.

Nodes are the things a reader looks for: persons, organisations, posts, plans,
instruments, events, sites, sectors, indicators, documents, external sources, and
each reported figure and quotation (one node per document's statement, so that two
documents' versions of one indicator sit side by side). Edges are the facts between
them, labelled by property, each carrying the statements (document, date, wording,
quote) that state it. Literal facts become node attributes.

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
from functools import lru_cache
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SDO, SKOS, TIME
from rdflib.term import Node

from relocgraph.model.namespaces import FABIO, GRAPH, ID, OA, PREFIXES, RG, SDMX_ATTRIBUTE, SDMX_DIMENSION


@dataclass(frozen=True)
class Kind:
    """A coarse class of node, as the views colour and filter them."""

    key: str
    fr: str
    en: str

    def label(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


#: Node kinds, in legend order.
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

_CLASS_KIND: list[tuple[URIRef, str]] = [
    (RG.ReportedFigure, "figure"),
    (RG.DerivedFigure, "derived"),
    (RG.Quotation, "quotation"),
    (FABIO.PressRelease, "document"),
    (FOAF.Person, "person"),
    (ORG.Post, "post"),
    (ORG.Role, "role"),
    (RG.Company, "company"),
    (RG.RegionalAuthority, "organisation"),
    (RG.PublicAgency, "organisation"),
    (ORG.FormalOrganization, "organisation"),
    (RG.PublicPolicy, "policy"),
    (RG.StrategicPlan, "plan"),
    (RG.PolicyInstrument, "instrument"),
    (RG.Event, "event"),
    (RG.IndustrialSite, "site"),
    (RG.Indicator, "indicator"),
    (RG.ExternalSource, "source"),
    (SDO.Place, "place"),
    (TIME.ProperInterval, "period"),
]
_SCHEME_KIND: dict[Node, str] = {ID["scheme/sectors"]: "sector", ID["scheme/focus-areas"]: "focus"}

# Literal-valued facts shown as node attributes rather than edges.
_ATTRIBUTE_PROPERTIES = {RG.aim, SKOS.altLabel, DCTERMS.title}
# Registry triples between entities that are drawn as edges.
_REGISTRY_EDGES = {ORG.postIn, RG.locatedIn, SKOS.broader}


def curie(term: Node) -> str:
    """A compact name for an IRI using the project's prefixes.

    >>> curie(URIRef("https://w3id.org/relocgraph/id/person/laurent-wauquiez"))
    'person:laurent-wauquiez'
    """
    text = str(term)
    best = ("", "")
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(ns) > len(best[1]) and len(text) > len(ns):
            best = (prefix, ns)
    return f"{best[0]}:{text[len(best[1]) :]}" if best[1] else text


@lru_cache(maxsize=1)
def _display_labels() -> Graph:
    from relocgraph.pipeline.build import vocabulary_labels

    return vocabulary_labels()


def label_of(graph: Graph, term: Node, lang: str = "fr") -> str:
    """The best label of ``term`` in ``lang``: rdfs:label, skos:prefLabel, else its CURIE."""
    for source in (graph, _display_labels()):
        fallback = None
        for prop in (RDFS.label, SKOS.prefLabel):
            for value in source.objects(term, prop):
                if isinstance(value, Literal):
                    if value.language == lang:
                        return str(value)
                    fallback = fallback or str(value)
        if fallback:
            return fallback
    return curie(term)


def kind_of(graph: Graph, node: URIRef) -> str | None:
    """The :data:`KINDS` key of a node, or None when it is not drawn."""
    types = set(graph.objects(node, RDF.type))
    for cls, kind in _CLASS_KIND:
        if cls in types:
            return kind
    if SKOS.Concept in types:
        for scheme in graph.objects(node, SKOS.inScheme):
            if scheme in _SCHEME_KIND:
                return _SCHEME_KIND[scheme]
    return None


def _plain(value: Node) -> Any:
    if isinstance(value, Literal):
        py = value.toPython()
        if isinstance(py, Decimal):
            return int(py) if py == py.to_integral_value() else float(py)
        return py if isinstance(py, int | float | bool | str) else str(value)
    return str(value)


def _document_info(union: Graph, doc: URIRef) -> dict[str, Any]:
    issued = union.value(doc, DCTERMS.issued)
    return {
        "document": str(doc),
        "document_label": label_of(union, doc),
        "date": str(issued) if issued is not None else None,
    }


def _evidence(union: Graph, stmt: Node) -> list[dict[str, Any]]:
    spans = []
    for ev in union.objects(stmt, RG.hasEvidence):
        span: dict[str, Any] = {}
        for sel in union.objects(ev, OA.hasSelector):
            if (sel, OA.exact, None) in union:
                span["quote"] = str(union.value(sel, OA.exact))
            if (sel, OA.start, None) in union:
                span["start"] = int(union.value(sel, OA.start).toPython())  # type: ignore[union-attr]
                span["end"] = int(union.value(sel, OA.end).toPython())  # type: ignore[union-attr]
        spans.append(span)
    return sorted(spans, key=lambda s: s.get("start", 0))


def statement_record(union: Graph, stmt: Node, lang: str = "fr") -> dict[str, Any]:
    """Document, date, wording, note and evidence spans of one statement."""
    doc = union.value(stmt, RG.statedIn)
    record: dict[str, Any] = {"statement": str(stmt)}
    if isinstance(doc, URIRef):
        record.update(_document_info(union, doc))
    wording = union.value(stmt, RG.wording)
    if wording is not None:
        record["wording"] = str(wording)
    notes = [str(n) for n in union.objects(stmt, SKOS.editorialNote)]
    if notes:
        record["notes"] = notes
    record["evidence"] = _evidence(union, stmt)
    return record


def to_networkx(dataset: Dataset, *, lang: str = "fr") -> nx.MultiDiGraph:
    """Project ``dataset`` onto a :class:`networkx.MultiDiGraph` (see module docs).

    Node attributes: ``iri``, ``curie``, ``label`` (in ``lang``), ``label_fr``,
    ``label_en``, ``kind`` (a :data:`KINDS` key), ``kind_label``, ``facts`` (literal facts
    as a dict) and, for figures and quotations, ``statement`` (document, date, evidence).
    Edge attributes: ``property`` (IRI), ``label``, ``statements`` (list of statement
    records; empty for registry links such as a post's organisation).
    """
    union = Graph()
    for g in dataset.graphs():
        # inferred facts (graph:inferred) are not what the documents state: left out here
        if g.identifier not in (GRAPH.ontology, GRAPH.inferred):
            for triple in g:
                union.add(triple)
    ontology = dataset.graph(GRAPH.ontology)
    labels = Graph()
    for triple in ontology.triples((None, RDFS.label, None)):
        labels.add(triple)

    out = nx.MultiDiGraph(lang=lang)
    for entity in sorted({s for s in union.subjects(RDF.type, None) if isinstance(s, URIRef)}):
        kind = kind_of(union, entity)
        if kind is None:
            continue
        out.add_node(
            str(entity),
            iri=str(entity),
            curie=curie(entity),
            kind=kind,
            kind_label=KINDS[kind].label(lang),
            label=label_of(union, entity, lang),
            label_fr=label_of(union, entity, "fr"),
            label_en=label_of(union, entity, "en"),
            alt_labels=sorted({str(v) for v in union.objects(entity, SKOS.altLabel)}),
            facts={},
        )

    def prop_label(p: Node) -> str:
        return (
            label_of(labels, p, lang)
            if (p, RDFS.label, None) in labels
            else label_of(_display_labels(), p, lang)
        )

    edges: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)

    def add_edge(s: Node, p: Node, o: Node, record: dict[str, Any] | None) -> None:
        if str(s) in out and str(o) in out:
            key = (str(s), str(p), str(o))
            bucket = edges[key]
            if record is not None:
                bucket.append(record)

    # Fact statements: edges between entities, or attributes for literal objects.
    facts_by_node: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for stmt in sorted(union.subjects(RDF.type, RG.FactStatement), key=str):
        s, p, o = (union.value(stmt, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None:
            continue
        record = statement_record(union, stmt, lang)
        if isinstance(o, Literal):
            if str(s) in out:
                facts_by_node[str(s)][prop_label(p)].append(_plain(o))
            continue
        if p == TIME.hasTime and str(s) in out:
            facts_by_node[str(s)][prop_label(p)].append(
                f"{label_of(union, o, lang)} ({record.get('wording', '')})".strip()
            )
        add_edge(s, p, o, record)

    # Registry links.
    entities = dataset.graph(GRAPH.entities)
    for p in _REGISTRY_EDGES:
        for s, o in entities.subject_objects(p):
            add_edge(s, p, o, None)
            edges.setdefault((str(s), str(p), str(o)), [])

    # Figures and quotations: one node each, linked to what they are about.
    for stmt in sorted(union.subjects(RDF.type, RG.ReportedFigure), key=str):
        node = str(stmt)
        if node not in out:
            continue
        record = statement_record(union, stmt, lang)
        value = union.value(stmt, RG.value)
        unit = union.value(stmt, SDMX_ATTRIBUTE.unitMeasure)
        period = union.value(stmt, SDMX_DIMENSION.refPeriod)
        facts = {
            "value": _plain(value) if value is not None else None,
            "unit": curie(unit) if unit is not None else None,
            "verbatim": str(union.value(stmt, RG.verbatimValue) or ""),
            "period": (
                str(union.value(stmt, RG.periodAsStated))
                if (stmt, RG.periodAsStated, None) in union
                else "non précisée"
                if lang == "fr"
                else "not stated"
            ),
            "period_iri": str(period) if period is not None else None,
            "scope": str(union.value(stmt, RG.scopeAsStated) or ""),
            "credited_to": sorted(label_of(union, c, lang) for c in union.objects(stmt, RG.creditedTo)),
            "reported_by": sorted(
                label_of(union, a, lang) for a in union.objects(stmt, PROV.wasAttributedTo)
            ),
        }
        indicator = union.value(stmt, RG.indicator)
        out.nodes[node]["facts"] = facts
        out.nodes[node]["statement"] = record
        for key, lg in (("label_fr", "fr"), ("label_en", "en")):
            out.nodes[node][key] = _figure_label(
                facts, label_of(union, indicator, lg) if indicator is not None else ""
            )
        out.nodes[node]["label"] = out.nodes[node][f"label_{lang}"]
        for p in (RG.indicator, RG.creditedTo, PROV.wasAttributedTo, RG.statedIn):
            for o in union.objects(stmt, p):
                add_edge(stmt, p, o, record)
    for stmt in sorted(union.subjects(RDF.type, RG.Quotation), key=str):
        node = str(stmt)
        if node not in out:
            continue
        record = statement_record(union, stmt, lang)
        text = str(union.value(stmt, SDO.text) or "")
        out.nodes[node]["facts"] = {
            "text": text,
            "speaker_title": str(union.value(stmt, RG.speakerTitle) or ""),
        }
        out.nodes[node]["statement"] = record
        short = "« " + (text[:40] + "…" if len(text) > 40 else text) + " »"
        out.nodes[node].update(label=short, label_fr=short, label_en=short)
        for p in (SDO.spokenByCharacter, RG.statedIn):
            for o in union.objects(stmt, p):
                add_edge(stmt, p, o, record)

    # Derived figures (graph:derived): linked to their indicator, their reported inputs
    # and what they are credited to; never given a document or evidence of their own.
    for fig in sorted(union.subjects(RDF.type, RG.DerivedFigure), key=str):
        derived = str(fig)
        if derived not in out:
            continue
        value = union.value(fig, RG.value)
        unit = union.value(fig, SDMX_ATTRIBUTE.unitMeasure)
        rule = union.value(fig, RG.derivedBy)
        out.nodes[derived]["facts"] = {
            "value": _plain(value) if value is not None else None,
            "unit": curie(unit) if unit is not None else None,
            "rule": label_of(union, rule, lang) if rule is not None else None,
            "caveats": sorted(str(c) for c in union.objects(fig, RG.caveat)),
        }
        for p in (RG.indicator, RG.derivedFrom, RG.creditedTo):
            for o in union.objects(fig, p):
                add_edge(fig, p, o, None)

    for node_key, node_facts in facts_by_node.items():
        out.nodes[node_key]["facts"].update({k: sorted(set(map(str, v))) for k, v in node_facts.items()})
    for (s_key, p_key, o_key), records in sorted(edges.items()):
        out.add_edge(
            s_key,
            o_key,
            key=p_key,
            property=p_key,
            label=prop_label(URIRef(p_key)),
            statements=sorted(records, key=lambda r: (r.get("date") or "", r["statement"])),
        )
    return out


def _figure_label(facts: dict[str, Any], indicator: str) -> str:
    from relocgraph.pipeline.french import format_french

    value = facts.get("value")
    if value is None:
        return indicator
    unit = " €" if facts.get("unit") == "unit:CCY_EUR" else ""
    return f"{format_french(Decimal(str(value)))}{unit} {indicator}".strip()
