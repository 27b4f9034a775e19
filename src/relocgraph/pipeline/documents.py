"""Describe a document in the graph from its metadata record, with standard terms.

What a record gives becomes (see ``ontology/relocgraph.ttl`` for why these terms):

========================  =========================================================
record                    graph
========================  =========================================================
``kind``                  ``rdf:type`` (a FaBiO class, see :data:`~relocgraph.pipeline.metadata.KINDS`)
                          and ``dcterms:type`` ``document-kind:<kind>``
``title``                 ``dcterms:title`` (language-tagged), when printed
``issued``                ``dcterms:issued`` as ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``
``publisher``             ``dcterms:publisher``: the registry's organisation when the name
                          resolves (by ``rdfs:label``/``skos:prefLabel``/``skos:altLabel``,
                          ignoring case, dashes, apostrophes and a trailing « (…) » remark);
                          otherwise an agent of this document alone, ``<document>/publisher``
                          with ``foaf:name`` the name as written — never a new registry entity,
                          never a merge with a near name
``language``              ``dcterms:language``
``region``                ``dcterms:spatial`` when it resolves to a registry place
``url``                   ``dcterms:source <url>``
``retrieved``             ``fabio:hasAccessDate`` (``xsd:date``)
``notes``                 ``skos:editorialNote`` (English)
========================  =========================================================

and, when the statements file gives the document no labels, ``rdfs:label`` in French and
English made of the kind, the date and the publisher.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SDO, SKOS, XSD

from relocgraph.model.namespaces import CV, FABIO, ID, RG
from relocgraph.pipeline.french_dates import MONTH_NAMES, FrenchDate
from relocgraph.pipeline.metadata import KIND_LABELS, KINDS, DocumentMetadata

DOCUMENT_KIND = Namespace(str(ID) + "document-kind/")
#: The classes a statements file may type its document with.
DOCUMENT_CLASSES = frozenset({FABIO.PressRelease, FABIO.WebContent, FABIO.Article, FABIO.ReportDocument})
ORGANISATION_CLASSES = frozenset(
    {
        ORG.Organization,
        ORG.FormalOrganization,
        CV.PublicOrganisation,
        RG.RegionalAuthority,
        RG.PublicAgency,
        RG.Company,
    }
)
PLACE_CLASSES = frozenset({SDO.Place})
_EN_MONTHS = ("January February March April May June July August September October November December").split()
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u2032"), "'")


def document_class(kind: str) -> URIRef:
    """The FaBiO class of a kind of document.

    >>> document_class("agency-page")
    rdflib.term.URIRef('http://purl.org/spar/fabio/WebContent')
    """
    return FABIO[KINDS[kind]]


def name_key(name: str) -> str:
    """The form two names are compared in: case, dashes, apostrophes, spaces and a trailing
    parenthesised remark do not count; accents and words do.

    >>> name_key("Région Auvergne–Rhône–Alpes (auvergnerhonealpes.fr)")
    'région auvergne-rhône-alpes'
    >>> name_key("L’État") == name_key("l'État")
    True
    """
    text = unicodedata.normalize("NFC", name).translate(_DASHES).translate(_QUOTES)
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split()).casefold()


def resolve_name(registry: Graph, name: str, classes: frozenset[URIRef]) -> tuple[URIRef, ...]:
    """Registry entities of one of ``classes`` that carry ``name`` as a label (see :func:`name_key`).

    More than one match is returned as is: the caller must refuse to choose.
    """
    key = name_key(name)
    if not key:
        return ()
    found = set()
    for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
        for subject, label in registry.subject_objects(prop):
            if isinstance(subject, URIRef) and name_key(str(label)) == key:
                if set(registry.objects(subject, RDF.type)) & classes:
                    found.add(subject)
    return tuple(sorted(found))


def issued_literal(date: FrenchDate) -> Literal:
    """``dcterms:issued`` at the precision known: ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``.

    >>> from relocgraph.pipeline.french_dates import date_from_iso
    >>> issued_literal(date_from_iso("2022-11")).n3()
    '"2022-11"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    """
    if date.xsd_type is None:
        raise ValueError(f"an issue date is a day, a month or a year, not a {date.precision}")
    return Literal(date.lexical, datatype=XSD[date.xsd_type])


def date_words(date: FrenchDate) -> tuple[str, str]:
    """A date at its precision in French and English words.

    >>> from relocgraph.pipeline.french_dates import date_from_iso
    >>> date_words(date_from_iso("2021-04-01")), date_words(date_from_iso("2025-03"))
    (('1er avril 2021', '1 April 2021'), ('mars 2025', 'March 2025'))
    """
    d = date.start
    if date.precision == "day":
        day = "1er" if d.day == 1 else str(d.day)
        return f"{day} {MONTH_NAMES[d.month - 1]} {d.year}", f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}"
    if date.precision == "month":
        return f"{MONTH_NAMES[d.month - 1]} {d.year}", f"{_EN_MONTHS[d.month - 1]} {d.year}"
    return str(d.year), str(d.year)


def describe(out: Graph, doc: URIRef, meta: DocumentMetadata, registry: Graph) -> None:
    """Add what ``meta`` says about ``doc`` to ``out`` (the document's graph).

    Values the statements file already gives are kept (the build has checked that they
    agree with the record); the record adds what is missing.
    """
    out.add((doc, RDF.type, document_class(meta.kind)))
    out.add((doc, DCTERMS.type, DOCUMENT_KIND[meta.kind]))
    out.set((doc, DCTERMS.issued, issued_literal(meta.issued)))
    if meta.title and (doc, DCTERMS.title, None) not in out:
        out.add((doc, DCTERMS.title, Literal(meta.title, lang=meta.language or None)))
    if meta.language and (doc, DCTERMS.language, None) not in out:
        out.add((doc, DCTERMS.language, Literal(meta.language)))
    if meta.publisher and (doc, DCTERMS.publisher, None) not in out:
        out.add((doc, DCTERMS.publisher, _publisher(out, doc, meta.publisher, registry)))
    if meta.region:
        places = resolve_name(registry, meta.region, PLACE_CLASSES)
        if len(places) == 1:
            out.add((doc, DCTERMS.spatial, places[0]))
    if meta.url:
        out.add((doc, DCTERMS.source, URIRef(meta.url)))
    if meta.retrieved:
        out.add((doc, FABIO.hasAccessDate, Literal(meta.retrieved.isoformat(), datatype=XSD.date)))
    if meta.notes:
        out.add((doc, SKOS.editorialNote, Literal(meta.notes, lang="en")))
    if (doc, RDFS.label, None) not in out:
        fr, en = labels(meta, _publisher_name(out, doc, registry))
        out.add((doc, RDFS.label, Literal(fr, lang="fr")))
        out.add((doc, RDFS.label, Literal(en, lang="en")))


def labels(meta: DocumentMetadata, publisher: str = "") -> tuple[str, str]:
    """French and English labels for a document that has none: kind, date, publisher."""
    kind_fr, kind_en = KIND_LABELS[meta.kind]
    date_fr, date_en = date_words(meta.issued)
    of_fr = "du" if meta.issued.precision == "day" else "de"
    fr, en = f"{kind_fr} {of_fr} {date_fr}", f"{kind_en} of {date_en}"
    if publisher:
        fr, en = f"{fr} ({publisher})", f"{en} ({publisher})"
    return fr, en


def _publisher(out: Graph, doc: URIRef, name: str, registry: Graph) -> URIRef:
    found = resolve_name(registry, name, ORGANISATION_CLASSES)
    if len(found) == 1:
        return found[0]
    agent = URIRef(f"{doc}/publisher")
    out.add((agent, RDF.type, FOAF.Agent))
    out.add((agent, FOAF.name, Literal(name)))
    return agent


def _publisher_name(out: Graph, doc: URIRef, registry: Graph) -> str:
    publisher = out.value(doc, DCTERMS.publisher)
    if publisher is None:
        return ""
    for graph in (out, registry):
        for prop in (FOAF.name, RDFS.label):
            for value in graph.objects(publisher, prop):
                if isinstance(value, Literal) and value.language in (None, "fr"):
                    return name_key_display(str(value))
    return ""


def name_key_display(name: str) -> str:
    """A publisher's name for a label: the name without its trailing « (…) » remark.

    >>> name_key_display("EcomNews (ecomnews.fr)")
    'EcomNews'
    """
    return re.sub(r"\s*\([^()]*\)\s*$", "", name).strip()
