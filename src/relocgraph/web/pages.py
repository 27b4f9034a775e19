"""What the endpoint shows people and RDF clients, apart from how it serves them: the
page templates (Jinja2, autoescaped), links and CURIEs in pages, the SPARQL Service
Description, content negotiation for entity pages, and the notes and labels of an entity
page. :mod:`relocgraph.web.routes` answers the requests."""

from __future__ import annotations

import json
import threading
from typing import Any

# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


class Pages:
    """Jinja2 templates (autoescaped) and the named queries, loaded once."""

    def __init__(self) -> None:
        import jinja2

        from relocgraph.model.namespaces import PREFIXES
        from relocgraph.store.catalogue import list_queries

        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("relocgraph.web", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters["curie"] = curie_or_text
        self.env.filters["local_link"] = local_link
        self.queries = list_queries()
        self.prefixes = PREFIXES
        self.lock = threading.Lock()

    def render(self, name: str, **context: Any) -> bytes:
        return self.env.get_template(name).render(**context).encode()


def curie_or_text(iri: str) -> str:
    from relocgraph.model.prefixes import curie

    return curie(iri) if iri.startswith(("http://", "https://")) else iri


def local_link(iri: str) -> str:
    """Where a page links an IRI: ``/id/…`` for the project's entities, else the IRI
    itself when it is http(s), else nothing."""
    from relocgraph.model.namespaces import ID

    if iri.startswith(str(ID)):
        return "/id/" + iri[len(str(ID)) :]
    return iri if iri.startswith(("http://", "https://")) else ""


def service_description(base: str, graphs: list[str]) -> bytes:
    """The endpoint's SPARQL 1.1 Service Description, in Turtle."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF

    from relocgraph.model.formats import Format

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    formats = Namespace("http://www.w3.org/ns/formats/")
    g = Graph()
    g.bind("sd", sd)
    g.bind("formats", formats)
    service = URIRef(base + "sparql")
    g.add((service, RDF.type, sd.Service))
    g.add((service, sd.endpoint, service))
    g.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    g.add((service, sd.feature, sd.UnionDefaultGraph))
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
    ):
        g.add((service, sd.resultFormat, formats[name]))
    dataset = BNode("dataset")
    g.add((service, sd.defaultDataset, dataset))
    g.add((dataset, RDF.type, sd.Dataset))
    default = BNode("default")
    g.add((dataset, sd.defaultGraph, default))
    g.add((default, RDF.type, sd.Graph))
    for index, name in enumerate(sorted(graphs)):
        node = BNode(f"graph{index}")
        g.add((dataset, sd.namedGraph, node))
        g.add((node, RDF.type, sd.NamedGraph))
        g.add((node, sd.name, URIRef(name)))
    g.add(
        (
            service,
            URIRef("http://purl.org/dc/terms/description"),
            Literal(
                "relocgraph: a read-only SPARQL endpoint over press-release statements "
                "with their verbatim evidence. The default graph is the union of the "
                "named graphs; SERVICE and external FROM are refused.",
                lang="en",
            ),
        )
    )
    assert Format.TURTLE  # the service description is always Turtle
    return g.serialize(format="turtle").encode()


def prefers_html(accept: str) -> bool:
    """True when a client ranks HTML at least as high as every RDF format."""
    from relocgraph.model.formats import Format, parse_accept

    if not accept:
        return False
    rdf = {f.media_type for f in Format if "CONSTRUCT" in f.forms}
    rdf |= {a for f in Format if "CONSTRUCT" in f.forms for a in f.aliases}
    for media, _ in parse_accept(accept):
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media in rdf:
            return False
    return False


def empty_graph(body: bytes, fmt: Any) -> bool:
    from relocgraph.model.formats import Format

    text = body.decode("utf-8").strip()
    if fmt is Format.JSONLD:
        data = json.loads(text) if text else []
        graph = data.get("@graph", data) if isinstance(data, dict) else data
        return not graph or graph == {} or (isinstance(data, dict) and set(data) <= {"@context"})
    return not any(
        line and not line.startswith("@prefix") and not line.startswith("PREFIX")
        for line in text.splitlines()
    )


def add_notes(statements: list[dict[str, Any]], notes: list[dict[str, str]]) -> None:
    """Give each statement row its curator's ``notes`` and ``interpretation`` flag."""
    by_statement: dict[str, dict[str, Any]] = {}
    for row in notes:
        entry = by_statement.setdefault(row["statement"], {"notes": [], "interpretation": False})
        if row.get("note") and row["note"] not in entry["notes"]:
            entry["notes"].append(row["note"])
        entry["interpretation"] |= row.get("interpretation") in ("true", "1")
    for statement in statements:
        statement.update(by_statement.get(statement["statement"], {"notes": [], "interpretation": False}))


def pick_label(triples: list[dict[str, str]]) -> str:
    """The entity's French label, else English, else any label."""
    labels = [
        t for t in triples if t["direction"] == "out" and t["property"].endswith(("#label", "#prefLabel"))
    ]
    for lang in ("fr", "en", None):
        for t in labels:
            if lang is None or t.get("other@lang") == lang:
                return t["other"]
    return ""
