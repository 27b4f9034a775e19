"""Turtle text as the curated statements files write it: prefixes, literals, CURIEs, labels."""

from __future__ import annotations

from rdflib import URIRef

from relocgraph.model.namespaces import ID

PREFIX_LINES = """\
@prefix rg: <https://w3id.org/relocgraph/ontology#> .
@prefix place: <https://w3id.org/relocgraph/id/place/> .
@prefix organisation: <https://w3id.org/relocgraph/id/organisation/> .
@prefix person: <https://w3id.org/relocgraph/id/person/> .
@prefix role: <https://w3id.org/relocgraph/id/role/> .
@prefix post: <https://w3id.org/relocgraph/id/post/> .
@prefix policy: <https://w3id.org/relocgraph/id/policy/> .
@prefix plan: <https://w3id.org/relocgraph/id/plan/> .
@prefix instrument: <https://w3id.org/relocgraph/id/instrument/> .
@prefix event: <https://w3id.org/relocgraph/id/event/> .
@prefix site: <https://w3id.org/relocgraph/id/site/> .
@prefix sector: <https://w3id.org/relocgraph/id/sector/> .
@prefix focus: <https://w3id.org/relocgraph/id/focus/> .
@prefix scheme: <https://w3id.org/relocgraph/id/scheme/> .
@prefix source: <https://w3id.org/relocgraph/id/source/> .
@prefix indicator: <https://w3id.org/relocgraph/id/indicator/> .
@prefix period: <https://w3id.org/relocgraph/id/period/> .
@prefix instant: <https://w3id.org/relocgraph/id/instant/> .
@prefix document: <https://w3id.org/relocgraph/id/document/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix schema: <https://schema.org/> .
@prefix fabio: <http://purl.org/spar/fabio/> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#> .
"""


def literal(text: str, lang: str | None = None) -> str:
    """A Turtle string literal.

    >>> literal('dit "oui"', "fr")
    '"dit \\\\"oui\\\\""@fr'
    """
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"' + (f"@{lang}" if lang else "")


def curie(iri: URIRef) -> str:
    """``…/id/person/x`` → ``person:x``."""
    rest = str(iri)[len(str(ID)) :]
    kind, _, local = rest.partition("/")
    return f"{kind}:{local}"


def english_date(iso: str) -> str:
    """``2025-03-01`` → ``1 March 2025``.

    >>> english_date("2024-11-22")
    '22 November 2024'
    """
    import datetime as dt

    day = dt.date.fromisoformat(iso)
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"  # not strftime: locale-free


_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def person_label(name: str) -> str:
    """« Hélène MARCHAND » → « Hélène Marchand »."""
    return " ".join(
        "-".join(p.capitalize() if p.isupper() and len(p) > 1 else p for p in w.split("-"))
        for w in name.split()
    )
