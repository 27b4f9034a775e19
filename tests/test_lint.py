"""Ontology lint: the real ontology is clean, and each check catches its pitfall."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from relocgraph.check.lint import CHECKS, lint, lint_turtle
from relocgraph.cli import main
from relocgraph.model.report import Severity

HEADER = """
@prefix ex: <https://example.org/onto#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix vann: <http://purl.org/vocab/vann/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
"""

GOOD = (
    HEADER
    + """
<https://example.org/onto> a owl:Ontology ;
    owl:versionIRI <https://example.org/onto/1.0> ;
    dcterms:title "Example"@en ; dcterms:description "An example ontology."@en ;
    dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;
    dcterms:creator "Someone" ; dcterms:created "2026-11-22"^^xsd:date ;
    vann:preferredNamespaceUri "https://example.org/onto#" .
dcterms:title a owl:AnnotationProperty .
dcterms:description a owl:AnnotationProperty .
dcterms:license a owl:AnnotationProperty .
dcterms:creator a owl:AnnotationProperty .
dcterms:created a owl:AnnotationProperty .
vann:preferredNamespaceUri a owl:AnnotationProperty .
skos:definition a owl:AnnotationProperty .
foaf:Person a owl:Class .

ex:Plan a owl:Class ;
    rdfs:label "plan"@en , "plan"@fr ;
    skos:definition "A plan."@en , "Un plan."@fr .
ex:Official a owl:Class ; rdfs:subClassOf foaf:Person ;
    rdfs:label "official"@en , "élu"@fr ;
    skos:definition "An official."@en , "Un élu."@fr .
ex:carries a owl:ObjectProperty ; owl:inverseOf ex:carriedBy ;
    rdfs:domain ex:Official ; rdfs:range ex:Plan ;
    rdfs:label "carries"@en , "porte"@fr ;
    skos:definition "Carries a plan."@en , "Porte un plan."@fr .
ex:carriedBy a owl:ObjectProperty ;
    rdfs:domain ex:Plan ; rdfs:range ex:Official ;
    rdfs:label "carried by"@en , "porté par"@fr ;
    skos:definition "Carried by an official."@en , "Porté par un élu."@fr .
ex:partOf a owl:ObjectProperty , owl:TransitiveProperty ;
    rdfs:domain ex:Plan ; rdfs:range ex:Plan ;
    rdfs:label "part of"@en , "fait partie de"@fr ;
    skos:definition "Part of a plan."@en , "Fait partie d'un plan."@fr .
ex:aim a owl:DatatypeProperty ;
    rdfs:domain ex:Plan ; rdfs:range xsd:string ;
    rdfs:label "aim"@en , "objectif"@fr ;
    skos:definition "What a plan aims at."@en , "Ce que vise un plan."@fr .
"""
)

DATA = (
    HEADER
    + """
ex:plan-a a ex:Plan ; ex:aim "grow" ; ex:partOf ex:plan-b ; ex:carriedBy ex:someone .
ex:plan-b a ex:Plan .
ex:someone a ex:Official .
"""
)


def checks(report) -> set[tuple[str, str]]:
    return {(f.check.removeprefix("lint:"), f.focus) for f in report.findings}


def test_the_faultless_example_is_clean() -> None:
    report = lint_turtle(GOOD, DATA)
    assert report.findings == [], report.render()


def test_the_real_ontology_has_no_error(project_root) -> None:
    report = lint(project_root)
    assert report.ok, report.render()
    assert report.findings == [], report.render()


FAULTS = {
    "label-definition": (GOOD.replace(', "Un plan."@fr', ""), DATA, "https://example.org/onto#Plan"),
    "label-per-language": (
        GOOD.replace('"plan"@en , "plan"@fr', '"plan"@en , "scheme"@en , "plan"@fr'),
        DATA,
        "https://example.org/onto#Plan",
    ),
    "label-duplicate": (
        GOOD.replace('"official"@en', '"plan"@en'),
        DATA,
        "https://example.org/onto#Official",
    ),
    "domain-range": (
        GOOD.replace("rdfs:domain ex:Plan ; rdfs:range xsd:string ;", "rdfs:domain ex:Plan ;"),
        DATA,
        "https://example.org/onto#aim",
    ),
    "undeclared-term": (GOOD, DATA + "ex:plan-c a ex:Projet .\n", "https://example.org/onto#Projet"),
    "namespace-hijack": (GOOD + "org:Organisation a owl:Class .\n", DATA, "org:Organisation"),
    "subclass-cycle": (
        GOOD.replace("rdfs:subClassOf foaf:Person", "rdfs:subClassOf ex:Official"),
        DATA,
        "https://example.org/onto#Official",
    ),
    "unconnected": (
        GOOD + 'ex:Orphan a owl:Class ; rdfs:label "orphan"@en , "orphelin"@fr ; '
        'skos:definition "Alone."@en , "Seul."@fr .\n',
        DATA,
        "https://example.org/onto#Orphan",
    ),
    "inverse-domain-range": (
        GOOD.replace(
            "rdfs:domain ex:Plan ; rdfs:range ex:Official ;", "rdfs:domain ex:Plan ; rdfs:range foaf:Person ;"
        ),
        DATA,
        "https://example.org/onto#carries",
    ),
    "transitive-symmetric-domain-range": (
        GOOD.replace(
            "rdfs:domain ex:Plan ; rdfs:range ex:Plan ;", "rdfs:domain ex:Plan ; rdfs:range ex:Official ;"
        ),
        DATA,
        "https://example.org/onto#partOf",
    ),
    "literal-object-misuse": (
        GOOD,
        DATA.replace("ex:partOf ex:plan-b", 'ex:partOf "the other plan"'),
        "https://example.org/onto#plan-a",
    ),
    "ontology-metadata": (
        GOOD.replace("dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;", ""),
        DATA,
        "https://example.org/onto",
    ),
    "ontology-iri": (
        GOOD.replace(
            "owl:versionIRI <https://example.org/onto/1.0>",
            "owl:versionIRI <https://example.org/onto/1.0/onto.owl>",
        ),
        DATA,
        "https://example.org/onto",
    ),
}


def test_every_check_has_a_faulty_example() -> None:
    assert set(FAULTS) == set(CHECKS)


@pytest.mark.parametrize("check", sorted(FAULTS))
def test_each_check_catches_its_pitfall(check: str) -> None:
    ontology, data, focus = FAULTS[check]
    report = lint_turtle(ontology, data)
    assert (check, focus) in checks(report), report.render()
    assert {c for c, _ in checks(report)} == {check}, report.render()
    assert report.ok is (CHECKS[check] is not Severity.ERROR)


def test_literal_misuse_also_catches_a_language_tag_on_a_string_range() -> None:
    report = lint_turtle(GOOD, DATA.replace('ex:aim "grow"', 'ex:aim "croître"@fr'))
    assert [f.message for f in report.findings if "xsd:string" in f.message]


def test_literal_misuse_reads_reified_facts_as_the_facts_they_state() -> None:
    data = (
        DATA
        + """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
ex:statement rdf:subject ex:plan-b ; rdf:predicate ex:carriedBy ; rdf:object "Jane Doe" .
"""
    )
    report = lint_turtle(GOOD, data)
    assert ("literal-object-misuse", "https://example.org/onto#plan-b") in checks(report)


def test_cli_lint_points_at_the_file_and_line(project_copy) -> None:
    path = project_copy / "ontology" / "relocgraph.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"measured indicator"@en', '"indicator"@en'), encoding="utf-8")
    done = CliRunner().invoke(main, ["lint", "--root", str(project_copy), "-f", "json"])
    assert done.exit_code == 1
    findings = json.loads(done.output)["findings"]
    assert {f["focus"] for f in findings} == {"rg:Indicator", "rg:indicator"}
    assert all(f["source"].startswith("ontology/relocgraph.ttl:") for f in findings)
