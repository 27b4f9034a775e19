"""The seed graph says exactly what the two seed releases say (issue 15, first section).

Each test was written against a fault a fact-checker found by reading the texts in
``data/sources/`` beside the graph: a statement missing, a label not as printed, a reading
beyond the text recorded as a fact without a flag."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS

from relocgraph.model.errors import InputError
from relocgraph.model.namespaces import ID, OA, RG
from relocgraph.pipeline.build import build
from relocgraph.pipeline.sources import normalise_quote

REGION = ID["organisation/region-auvergne-rhone-alpes"]
TERRITORY = ID["place/auvergne-rhone-alpes"]
D07, D22 = ID["document/cp-2024-11-07"], ID["document/cp-2024-11-22"]


def _document(build_result, iri):
    return next(d for d in build_result.documents if d.iri == iri)


def _quotes(graph, stmt) -> list[str]:
    return sorted(
        str(graph.value(sel, RG.normalisedExact))
        for ev in graph.objects(stmt, RG.hasEvidence)
        for sel in graph.objects(ev, OA.hasSelector)
        if (sel, RG.normalisedExact, None) in graph
    )


def _statements(graph, subject, predicate, obj=None) -> list[URIRef]:
    return sorted(
        s
        for s in graph.subjects(RDF.predicate, predicate)
        if graph.value(s, RDF.subject) == subject and (obj is None or graph.value(s, RDF.object) == obj)
    )


def test_the_regions_priority_for_job_creating_low_carbon_projects_is_stated(build_result):
    doc = _document(build_result, D07)
    g = doc.graph
    focus = ID["focus/job-creating-low-carbon-industrial-projects"]
    (stmt,) = _statements(g, REGION, RG.supports, focus)
    assert (REGION, RG.supports, focus) in g  # stated, so the fact is asserted
    (quote,) = _quotes(g, stmt)
    assert "priorités de la Région qui soutient activement les projets industriels générateurs " in quote
    assert quote.endswith("tout en réduisant l'empreinte carbone")
    assert normalise_quote(doc.source.text).count(quote) == 1


def test_the_economic_fabric_is_four_statements_of_the_presidents_words(build_result):
    g = _document(build_result, D22).graph
    fabric = {
        str(g.value(s, RDF.object)).rsplit("/", 1)[-1]: s
        for s in _statements(g, TERRITORY, RG.economicFabric)
    }
    assert set(fabric) == {"craft-businesses", "shopkeepers", "smes", "mid-sized-companies"}
    labels = {
        key: {
            str(x)
            for x in build_result.dataset.objects(g.value(s, RDF.object), RDFS.label)
            if x.language == "fr"
        }
        for key, s in fabric.items()
    }
    assert labels == {
        "craft-businesses": {"artisans"},
        "shopkeepers": {"commerçants"},
        "smes": {"PME"},
        "mid-sized-companies": {"ETI"},
    }
    for stmt in fabric.values():
        assert g.value(stmt, PROV.wasAttributedTo) == ID["person/fabrice-pannekoucke"]
        (quote,) = _quotes(g, stmt)
        assert (
            "tissu économique composé d'artisans, de commerçants, de PME innovantes et d'ETI en plein essor"
            in quote
        )
    assert str(g.value(fabric["smes"], RG.wording)).endswith("de PME innovantes")


def test_every_post_label_is_a_title_as_printed(build_result):
    """The registry's label of a post is one of the titles the releases print for it (case aside)."""
    graph = build_result.dataset
    posts = {}
    for doc in build_result.documents:
        for stmt in doc.graph.subjects(RDF.predicate, ORG.holds):
            wording = doc.graph.value(stmt, RG.wording)
            posts.setdefault(doc.graph.value(stmt, RDF.object), set()).add(
                normalise_quote(str(wording)).casefold()
            )
    assert len(posts) == 3
    for post, printed in posts.items():
        label = next(str(x) for x in graph.objects(post, RDFS.label) if x.language == "fr")
        assert normalise_quote(label).casefold() in printed, (post, label, printed)


#: The readings beyond the text in the seed releases, and nothing else.
INTERPRETATIONS = {
    "cp-2024-11-07/region-invests-green-industry",
    "cp-2024-11-07/region-invests-decarbonised",
    "cp-2024-11-07/symbio-site-soft-mobility",
    "cp-2024-11-07/symbio-site-renewable",
    "cp-2024-11-07/ev-site-soft-mobility",
    "cp-2024-11-07/ev-site-renewable",
    "cp-2024-11-22/rank-first-actor",
}


def test_readings_beyond_the_text_are_interpretations_with_a_note(build_result):
    found = set()
    for doc in build_result.documents:
        g = doc.graph
        for stmt in g.subjects(RDF.type, RG.Interpretation):
            found.add(str(stmt).split("/statement/")[1])
            assert g.value(stmt, SKOS.editorialNote), stmt
            assert list(g.objects(stmt, RG.hasEvidence)), stmt
            fact = (g.value(stmt, RDF.subject), g.value(stmt, RDF.predicate), g.value(stmt, RDF.object))
            if None not in fact:  # a fact the text does not state is not asserted as one
                assert fact not in g, fact
    assert found == INTERPRETATIONS
    # who invests is not said: no document graph asserts that the Region invests
    assert not list(build_result.dataset.triples((REGION, RG.investsIn, None)))


def test_one_sentences_sectors_are_read_alike_for_both_sites(build_result):
    """« sites … dédiés aux mobilités douces et aux énergies renouvelables, tels que la
    fabrication de batteries (Symbio) et de véhicules électriques »: each site has its own
    product as stated, and the group's two sectors as the same interpretation."""
    g = _document(build_result, D07).graph
    sectors = {}
    for site in ("symbio-battery-production", "electric-vehicle-production"):
        for stmt in _statements(g, ID[f"site/{site}"], RG.sector):
            kind = "read" if (stmt, RDF.type, RG.Interpretation) in g else "stated"
            sectors.setdefault(site, {}).setdefault(kind, set()).add(
                str(g.value(stmt, RDF.object)).rsplit("/", 1)[1]
            )
    assert sectors["symbio-battery-production"]["stated"] == {"batteries"}
    assert sectors["electric-vehicle-production"]["stated"] == {"electric-vehicles"}
    assert (
        sectors["symbio-battery-production"]["read"]
        == sectors["electric-vehicle-production"]["read"]
        == {
            "soft-mobility",
            "renewable-energy",
        }
    )


def test_an_interpretation_without_a_note_fails_the_build(project_copy):
    path = project_copy / "data" / "statements" / "cp-2024-11-22.ttl"
    text = path.read_text(encoding="utf-8")
    start = text.index(":rank-first-actor a")
    note = text.index("    skos:editorialNote", start)
    path.write_text(text[:note] + text[text.index("\n", note) + 1 :], encoding="utf-8")
    with pytest.raises(InputError, match=r"interpretation .*rank-first-actor has no curator's note") as info:
        build(project_copy)
    assert str(info.value).startswith("data/statements/cp-2024-11-22.ttl:")
