"""Namespaces used by relocgraph.

The project's own ontology namespace :data:`RG` is *closed*: a misspelt term raises
``AttributeError`` at import or call time instead of silently minting a new IRI. The
vocabularies that rdflib does not ship (Web Annotation, FaBiO, the EU Core Public
Organisation Vocabulary, SDMX, QUDT units) are declared here with only the terms this
project uses, each checked against its published vocabulary.

>>> str(RG.ReportedFigure)
'https://w3id.org/relocgraph/ontology#ReportedFigure'
>>> RG.ReportedFigur
Traceback (most recent call last):
...
AttributeError: term 'ReportedFigur' not in namespace 'https://w3id.org/relocgraph/ontology#'
"""

from __future__ import annotations

from typing import TypeVar

from rdflib import Graph, Namespace
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    VANN,
    XSD,
    DefinedNamespace,
)
from rdflib.term import URIRef

ONTOLOGY_IRI = URIRef("https://w3id.org/relocgraph/ontology")
ID = Namespace("https://w3id.org/relocgraph/id/")
GRAPH = Namespace("https://w3id.org/relocgraph/graph/")


class RG(DefinedNamespace):
    """relocgraph's own ontology terms (``ontology/relocgraph.ttl``)."""

    _fail = True
    _NS = Namespace("https://w3id.org/relocgraph/ontology#")

    # classes
    RegionalAuthority: URIRef
    PublicAgency: URIRef
    Company: URIRef
    IndustrialSite: URIRef
    Official: URIRef
    PublicPolicy: URIRef
    StrategicPlan: URIRef
    PolicyInstrument: URIRef
    Event: URIRef
    ExternalSource: URIRef
    Indicator: URIRef
    Statement: URIRef
    FactStatement: URIRef
    ReportedFigure: URIRef
    Quotation: URIRef
    DerivedFigure: URIRef
    # object properties
    statedIn: URIRef
    hasEvidence: URIRef
    indicator: URIRef
    creditedTo: URIRef
    carriedBy: URIRef
    carries: URIRef
    adoptedBy: URIRef
    supports: URIRef
    investsIn: URIRef
    partOf: URIRef
    hasPart: URIRef
    focusArea: URIRef
    sector: URIRef
    locatedIn: URIRef
    officialOf: URIRef
    eventAbout: URIRef
    after: URIRef
    derivedBy: URIRef
    derivedFrom: URIRef
    # datatype properties
    value: URIRef
    verbatimValue: URIRef
    periodAsStated: URIRef
    periodNotStated: URIRef
    scopeAsStated: URIRef
    wording: URIRef
    speakerTitle: URIRef
    quote: URIRef
    aim: URIRef
    sourceFile: URIRef
    sha256: URIRef
    inseeCode: URIRef
    caveat: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation Vocabulary (subset used here)."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    Annotation: URIRef
    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    hasTarget: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef


class FABIO(DefinedNamespace):
    """FRBR-aligned Bibliographic Ontology (subset used here)."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/fabio/")

    PressRelease: URIRef


class CV(DefinedNamespace):
    """EU Core Public Organisation / Core Vocabularies (subset used here)."""

    _fail = True
    _NS = Namespace("http://data.europa.eu/m8g/")

    PublicOrganisation: URIRef


class SDMX_DIMENSION(DefinedNamespace):  # noqa: N801 - the vocabulary's own prefix
    """SDMX dimensions used with the RDF Data Cube vocabulary (subset used here)."""

    _fail = True
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")

    refPeriod: URIRef
    refArea: URIRef


class SDMX_ATTRIBUTE(DefinedNamespace):  # noqa: N801 - the vocabulary's own prefix
    """SDMX attributes used with the RDF Data Cube vocabulary (subset used here)."""

    _fail = True
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")

    unitMeasure: URIRef


class UNIT(DefinedNamespace):
    """QUDT units (subset used here)."""

    _fail = True
    _NS = Namespace("http://qudt.org/vocab/unit/")

    CCY_EUR: URIRef
    NUM: URIRef
    PERCENT: URIRef


#: Prefixes bound in every output, in this order.
PREFIXES: dict[str, str] = {
    "rg": str(RG._NS),
    "id": str(ID),
    "graph": str(GRAPH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "foaf": str(FOAF),
    "org": str(ORG),
    "prov": str(PROV),
    "qb": str(QB),
    "time": str(TIME),
    "oa": str(OA._NS),
    "schema": str(SDO),
    "fabio": str(FABIO._NS),
    "cv": str(CV._NS),
    "sdmx-dimension": str(SDMX_DIMENSION._NS),
    "sdmx-attribute": str(SDMX_ATTRIBUTE._NS),
    "unit": str(UNIT._NS),
    "vann": str(VANN),
    "document": str(ID) + "document/",
    "organisation": str(ID) + "organisation/",
    "person": str(ID) + "person/",
    "post": str(ID) + "post/",
    "role": str(ID) + "role/",
    "policy": str(ID) + "policy/",
    "plan": str(ID) + "plan/",
    "instrument": str(ID) + "instrument/",
    "event": str(ID) + "event/",
    "site": str(ID) + "site/",
    "sector": str(ID) + "sector/",
    "focus": str(ID) + "focus/",
    "indicator": str(ID) + "indicator/",
    "period": str(ID) + "period/",
    "instant": str(ID) + "instant/",
    "place": str(ID) + "place/",
    "source": str(ID) + "source/",
    "scheme": str(ID) + "scheme/",
}

#: The statement classes a curator may use in a statements file.
STATEMENT_CLASSES = (RG.FactStatement, RG.ReportedFigure, RG.Quotation)


G = TypeVar("G", bound=Graph)


def bind_prefixes(graph: G) -> G:
    """Bind :data:`PREFIXES` on an rdflib graph or dataset and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def sparql_prefixes() -> str:
    """The ``PREFIX`` lines for every namespace in :data:`PREFIXES`.

    >>> 'PREFIX rg: <https://w3id.org/relocgraph/ontology#>' in sparql_prefixes()
    True
    """
    return "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items())
