"""The project's prefix table as plain strings, importable without rdflib.

:mod:`relocgraph.model.namespaces` builds rdflib namespaces on top of this table; the fast
query path (Oxigraph or a remote store, table output) uses it directly so that
``relocgraph query`` never pays for importing rdflib or pandas.

>>> PREFIXES["person"]
'https://w3id.org/relocgraph/id/person/'
>>> curie("https://w3id.org/relocgraph/id/person/laurent-wauquiez")
'person:laurent-wauquiez'
"""

from __future__ import annotations

from functools import lru_cache

_ID = "https://w3id.org/relocgraph/id/"

#: Prefixes bound in every output and every query, in this order.
PREFIXES: dict[str, str] = {
    "rg": "https://w3id.org/relocgraph/ontology#",
    "id": _ID,
    "graph": "https://w3id.org/relocgraph/graph/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "time": "http://www.w3.org/2006/time#",
    "oa": "http://www.w3.org/ns/oa#",
    "schema": "https://schema.org/",
    "fabio": "http://purl.org/spar/fabio/",
    "cv": "http://data.europa.eu/m8g/",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "unit": "http://qudt.org/vocab/unit/",
    "vann": "http://purl.org/vocab/vann/",
    "document": _ID + "document/",
    "document-kind": _ID + "document-kind/",
    "organisation": _ID + "organisation/",
    "person": _ID + "person/",
    "post": _ID + "post/",
    "role": _ID + "role/",
    "policy": _ID + "policy/",
    "plan": _ID + "plan/",
    "instrument": _ID + "instrument/",
    "event": _ID + "event/",
    "site": _ID + "site/",
    "sector": _ID + "sector/",
    "focus": _ID + "focus/",
    "firm-category": _ID + "firm-category/",
    "indicator": _ID + "indicator/",
    "period": _ID + "period/",
    "instant": _ID + "instant/",
    "place": _ID + "place/",
    "source": _ID + "source/",
    "scheme": _ID + "scheme/",
    "verdict": _ID + "verdict/",
}

#: Every IRI the project mints starts with this; a store may hold other graphs too.
PROJECT_IRI = "https://w3id.org/relocgraph/"


def sparql_prefixes() -> str:
    """The ``PREFIX`` lines for every namespace in :data:`PREFIXES`.

    >>> 'PREFIX rg: <https://w3id.org/relocgraph/ontology#>' in sparql_prefixes()
    True
    """
    return "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items())


@lru_cache(maxsize=1)
def _by_length() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(PREFIXES.items(), key=lambda item: -len(item[1])))


def curie(iri: str) -> str:
    """A compact name for an IRI using the longest matching prefix; the IRI if none.

    >>> curie("https://w3id.org/relocgraph/id/")
    'https://w3id.org/relocgraph/id/'
    >>> curie("http://example.org/x")
    'http://example.org/x'
    """
    for prefix, ns in _by_length():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri
