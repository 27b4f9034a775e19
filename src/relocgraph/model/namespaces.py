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
    DefinedNamespace,
)
from rdflib.term import URIRef

from relocgraph.model.prefixes import PREFIXES as _PREFIXES
from relocgraph.model.prefixes import sparql_prefixes as sparql_prefixes

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
    ClaimCheck: URIRef
    Interpretation: URIRef
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
    economicFabric: URIRef
    derivedBy: URIRef
    derivedFrom: URIRef
    checkedClaim: URIRef
    checkedAgainst: URIRef
    verdict: URIRef
    checkedBy: URIRef
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
    normalisedExact: URIRef
    sourceFile: URIRef
    sha256: URIRef
    inseeCode: URIRef
    occurrence: URIRef
    caveat: URIRef
    reason: URIRef


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

    Expression: URIRef
    PressRelease: URIRef
    WebContent: URIRef
    Article: URIRef
    ReportDocument: URIRef
    hasAccessDate: URIRef


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


#: Prefixes bound in every output, in this order (the table lives in the rdflib-free
#: :mod:`relocgraph.model.prefixes`; ``tests/test_store.py`` checks it against the namespaces here).
PREFIXES = _PREFIXES

#: The statement classes a curator may use in a statements file.
STATEMENT_CLASSES = (RG.FactStatement, RG.ReportedFigure, RG.Quotation)


G = TypeVar("G", bound=Graph)


def bind_prefixes(graph: G) -> G:
    """Bind :data:`PREFIXES` on an rdflib graph or dataset and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph
