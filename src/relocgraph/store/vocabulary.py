"""Spot the terms of a query that the graph knows nothing about (a misspelt predicate).

A SPARQL query with a predicate or class that no vocabulary of the project holds runs
and returns nothing, which looks like an answer. :func:`unknown_terms` lists the
vocabulary terms of a query (predicates, classes, units…: every IRI outside the
project's entities and graphs) that appear nowhere in the store queried (not in the
ontology, whose declarations include the reused standard terms, nor in the registry, the
documents' graphs or the labels of reused terms); RDF, RDFS, OWL and XSD terms are
taken as known. The CLI warns about each and still runs the query.

The terms are read lexically (:mod:`relocgraph.store.terms`' tokens), so the check
imports no SPARQL parser and keeps ``relocgraph query`` light; graph names (after
``GRAPH``, ``FROM``, ``FROM NAMED``), ``PREFIX``/``BASE`` declarations and function
names (a term followed by ``(``) are not terms of the data and are skipped.

>>> from relocgraph.model.prefixes import curie
>>> [curie(t) for t in query_terms("SELECT ?x { ?x a rg:Quotation ; rg:statedIn/dcterms:issued ?d }")]
['dcterms:issued', 'rg:Quotation', 'rg:statedIn']
>>> query_terms('PREFIX ex: <http://example.org/> SELECT * FROM NAMED <http://g> '
...             '{ GRAPH graph:entities { ?s ex:p person:x } FILTER(xsd:integer(?s) > 1) }')
['http://example.org/p']
"""

from __future__ import annotations

from typing import Any

from relocgraph.model.prefixes import PREFIXES, PROJECT_IRI
from relocgraph.store.terms import _tokens

#: Namespaces whose terms are never looked up: the project's entities and graphs (not
#: vocabulary), and RDF, RDFS, OWL and XSD (known to every store).
_NOT_CHECKED = (
    PROJECT_IRI + "id/",
    PROJECT_IRI + "graph/",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2001/XMLSchema#",
)
#: Keywords after which the next IRI names a graph, a base or a service, not a term of the data.
_NAMES_A_GRAPH = {"GRAPH", "FROM", "NAMED", "BASE", "SERVICE", "SILENT"}


def query_terms(text: str) -> list[str]:
    """The vocabulary terms the SPARQL query ``text`` names, as sorted full IRIs (see the
    module docs for what is left out); the project's prefixes need not be declared, and a
    prefix nobody declares is left to the engine to report."""
    prefixes = {p + ":": iri for p, iri in PREFIXES.items()}
    tokens = list(_tokens(text))
    found: set[str] = set()
    skip: set[int] = set()
    for i, m in enumerate(tokens):
        kind, token = m.lastgroup, m.group(0)
        if kind == "word":
            word = token.upper()
            if word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2].lastgroup == "iri":
                prefixes[tokens[i + 1].group(0)] = tokens[i + 2].group(0)[1:-1]
                skip.update((i + 1, i + 2))
            elif word in _NAMES_A_GRAPH:
                skip.add(i + 1)
            continue
        if kind not in ("iri", "pname") or i in skip:
            continue
        if i + 1 < len(tokens) and tokens[i + 1].group(0) == "(":
            continue  # a function: xsd:integer(?x), <http://…#fn>(?x)
        if kind == "iri":
            iri = token[1:-1]
            if ":" not in iri:
                continue  # relative to a BASE: not a vocabulary term
        else:
            name = token.rstrip(".")
            prefix, local = name.split(":", 1)
            if prefix + ":" not in prefixes:
                continue
            iri = prefixes[prefix + ":"] + local
        if not iri.startswith(_NOT_CHECKED):
            found.add(iri)
    return sorted(found)


def unknown_terms(text: str, store: Any) -> list[str]:
    """The vocabulary terms of ``text`` that appear in no triple of ``store`` (a backend
    of :mod:`relocgraph.store.backends`), as sorted IRIs.

    Each term is looked up by index (as subject, predicate or object), so the check costs
    one small query whatever the size of the store.
    """
    terms = query_terms(text)
    if not terms:
        return []
    values = " ".join(f"<{t}>" for t in terms)
    probe = (
        f"SELECT ?term WHERE {{ VALUES ?term {{ {values} }} "
        "FILTER NOT EXISTS { ?term ?p1 ?o1 } FILTER NOT EXISTS { ?s2 ?term ?o2 } "
        "FILTER NOT EXISTS { ?s3 ?p3 ?term } }"
    )
    table = store.select(probe, origin="vocabulary check")
    return sorted(str(row[0]) for row in table.rows)
