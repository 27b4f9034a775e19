"""Ontology documentation: every term with both labels, definitions, domain and range,
the reused terms, and nothing fetched from the network."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from relocgraph.cli import main
from relocgraph.model.namespaces import RG
from relocgraph.model.report import curie


@pytest.fixture(scope="module")
def ontology(project_root) -> Graph:
    return Graph().parse(project_root / "ontology" / "relocgraph.ttl")


@pytest.fixture(scope="module")
def page(project_root, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("docs")
    done = CliRunner().invoke(main, ["docs", "--root", str(project_root), "--out", str(out)])
    assert done.exit_code == 0, done.output
    return (out / "docs" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def text(page) -> str:
    plain = html_lib.unescape(re.sub(r"<[^>]+>", " ", page))
    return re.sub(r"\s+", " ", plain)


def section(text: str, iri: str) -> tuple[str, str]:
    """(heading, body) of a term's section: the heading precedes its 'IRI <iri>' row."""
    marker = f"IRI {iri} "
    start = text.index(marker)
    end = text.find(" IRI http", start + len(marker))
    heading = text[max(0, start - 200) : start]
    return heading, text[start : end if end != -1 else len(text)]


def own_terms(ontology: Graph) -> list[URIRef]:
    return sorted(
        s
        for s in set(ontology.subjects(RDF.type, None))
        if isinstance(s, URIRef) and str(s).startswith(str(RG._NS))
    )


def labels(ontology: Graph, term: URIRef, prop: URIRef = RDFS.label) -> dict[str, str]:
    return {o.language: str(o) for o in ontology.objects(term, prop) if isinstance(o, Literal)}


def test_every_term_has_both_labels_and_both_definitions(ontology, text) -> None:
    terms = own_terms(ontology)
    assert len(terms) > 40
    for term in terms:
        heading, body = section(text, str(term))
        names = labels(ontology, term)
        assert f"{names['en']} · {names['fr']}" in heading, term
        for definition in labels(ontology, term, SKOS.definition).values():
            assert definition in body, (term, definition)


def html_section(page: str, iri: str) -> str:
    start = page.index(f"<code>{iri}</code>")
    end = page.find("<code>http", start + 10)
    return page[start : end if end != -1 else len(page)]


def test_every_property_shows_its_domain_and_range(ontology, page, text) -> None:
    checked = 0
    for term in own_terms(ontology):
        for prop, row in ((RDFS.domain, "Domain"), (RDFS.range, "Range")):
            value = ontology.value(term, prop)
            if value is None:
                continue
            body = html_section(page, str(term))
            assert f">{row}<" in body, (term, row)
            targets = (
                [value]
                if isinstance(value, URIRef)
                else list(ontology.items(ontology.value(value, OWL.unionOf)))
            )
            for target in targets:
                local = re.split(r"[#/]", str(target))[-1]
                if str(target).startswith(str(RG._NS)):  # linked by its bilingual label
                    names = labels(ontology, target)
                    assert f">{names['en']} · {names['fr']}<" in html_lib.unescape(body), (term, row, target)
                else:  # linked to its IRI, or within the page (#Quotation1 on a clash)
                    assert (
                        f'href="{target}"' in body
                        or curie(target) in body
                        or re.search(f'href="#{re.escape(local)}[0-9]*"', body)
                    ), (term, row, target)
                checked += 1
    assert checked > 60


def test_reused_standard_terms_are_listed(ontology, text) -> None:
    reused = [
        s
        for s in ontology.subjects(RDF.type, OWL.Class)
        if isinstance(s, URIRef) and not str(s).startswith(str(RG._NS))
    ]
    assert len(reused) > 20
    for term in reused:
        assert f"IRI {term} " in text, term


def test_page_needs_no_network(page) -> None:
    assert not re.search(r"<link\b[^>]*href=\"https?://", page, re.I)
    assert not re.search(r"<script\b[^>]*src=\"https?://", page, re.I)
    assert not re.search(r"@import\s+url\(\s*['\"]?https?://", page, re.I)
    assert "<style" in page  # the stylesheet is inline


def test_page_is_remade_only_when_the_ontology_changes(project_root, tmp_path) -> None:
    import shutil

    from relocgraph.check.docs import write_docs

    shutil.copytree(project_root / "ontology", tmp_path / "ontology")
    page = write_docs(tmp_path, tmp_path / "build")
    first = page.stat().st_mtime_ns
    assert write_docs(tmp_path, tmp_path / "build") == page
    assert page.stat().st_mtime_ns == first  # same inputs: left as it is
    ttl = tmp_path / "ontology" / "relocgraph.ttl"
    text = ttl.read_text(encoding="utf-8")
    assert '"official"@en' in text
    ttl.write_text(text.replace('"official"@en', '"elected official"@en', 1), encoding="utf-8")
    assert "elected official" in write_docs(tmp_path, tmp_path / "build").read_text(encoding="utf-8")
