"""OWL reasoning: what HermiT and the owlrl fallback add, in graph:inferred only."""

from __future__ import annotations

import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, RDF

from relocgraph.model.errors import InconsistentGraphError, ReasonerUnavailableError
from relocgraph.model.namespaces import GRAPH, ID, RG
from relocgraph.pipeline.reason import HERMIT, INFERRED_GRAPH, OWLRL, add_inferred, build_files, reason

PERSON = ID["person/"]
PANNEKOUCKE = URIRef(PERSON + "fabrice-pannekoucke")
PERNOD = URIRef(PERSON + "stephanie-pernod")
WAUQUIEZ = URIRef(PERSON + "laurent-wauquiez")
REGION = ID["organisation/region-auvergne-rhone-alpes"]
POLICY = ID["policy/reindustrialisation"]
PLAN = ID["plan/relocalisation-strategique-2021"]
PACK = ID["instrument/pack-relocalisation"]
FIGURE = ID["statement/cp-2024-11-22/supported-projects"]

#: Inferences the ontology was designed to produce on the seed data.
DESIGNED = {
    (PANNEKOUCKE, RDF.type, RG.Official),
    (PERNOD, RDF.type, RG.Official),
    (WAUQUIEZ, RDF.type, RG.Official),
    (PERNOD, RG.officialOf, REGION),
    (PERNOD, ORG.memberOf, REGION),
    (REGION, ORG.hasMember, PERNOD),
    (PACK, RG.partOf, POLICY),
    (POLICY, RG.hasPart, PACK),
    (PLAN, RG.hasPart, PACK),
    (PERNOD, RG.carries, PLAN),
    (REGION, RDF.type, ORG.Organization),
}


@pytest.fixture
def hide_java(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make owlready2 look for Java where there is none, as on a machine without it."""
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/bin/java")


@pytest.fixture(scope="module")
def fallback(build_result):
    """Reasoning with Java hidden: the owlrl fallback, as a machine without Java runs it."""
    import owlready2

    saved = owlready2.JAVA_EXE
    owlready2.JAVA_EXE = "/nonexistent/bin/java"
    try:
        return reason(build_result.dataset)
    finally:
        owlready2.JAVA_EXE = saved


def copy_dataset(dataset: Dataset) -> Dataset:
    out = Dataset(default_union=True)
    for g in dataset.graphs():
        target = out.graph(g.identifier)
        for triple in g:
            target.add(triple)
    return out


def test_without_java_it_says_so_and_falls_back_to_owlrl(fallback) -> None:
    assert fallback.reasoner == OWLRL
    assert "Java was not found" in fallback.notice
    assert str(fallback.graph.value(INFERRED_GRAPH, DCTERMS.creator)) == OWLRL


def test_inferences_designed_into_the_ontology_are_made(fallback) -> None:
    triples = set(fallback.inferred_triples())
    assert DESIGNED <= triples
    assert fallback.counts["rdf:type rg:Official"] == 3
    assert fallback.counts["rg:officialOf"] == 3


def test_inferred_graph_holds_only_new_non_trivial_facts(fallback, build_result) -> None:
    asserted = set()
    for g in build_result.dataset.graphs():
        asserted |= set(g)
    triples = fallback.inferred_triples()
    assert triples and not set(triples) & asserted
    assert not [t for t in triples if t[2] in (OWL.Thing, OWL.NamedIndividual)]
    assert not [t for t in triples if t[0] == t[2]]


def test_hermit_without_java_is_a_plain_error(build_result, hide_java) -> None:
    with pytest.raises(ReasonerUnavailableError, match="Java was not found"):
        reason(build_result.dataset, reasoner="hermit")


@pytest.mark.java
def test_hermit_agrees_with_the_fallback_on_the_seed_data(build_result, fallback) -> None:
    hermit = reason(build_result.dataset, reasoner="hermit")
    assert hermit.reasoner == HERMIT and not hermit.notice
    assert set(hermit.inferred_triples()) == set(fallback.inferred_triples())


def test_add_inferred_keeps_asserted_graphs_untouched(build_result, fallback) -> None:
    dataset = copy_dataset(build_result.dataset)
    sizes = {g.identifier: len(g) for g in dataset.graphs()}
    add_inferred(dataset, fallback)
    assert len(dataset.graph(INFERRED_GRAPH)) == len(fallback.graph)
    assert {g.identifier: len(g) for g in dataset.graphs() if g.identifier != INFERRED_GRAPH} == {
        k: v for k, v in sizes.items() if k != INFERRED_GRAPH
    }


@pytest.mark.parametrize(
    ("name", "without", "with_"),
    [
        ("officials-organisations", 0, 3),
        ("organisation-members", 0, 3),
        ("policy-parts", 1, 2),
    ],
)
def test_named_queries_return_more_rows_with_inference(
    name: str, without: int, with_: int, build_result, fallback
) -> None:
    from relocgraph.store import run_query

    plain = copy_dataset(build_result.dataset)
    inferred = add_inferred(copy_dataset(build_result.dataset), fallback)
    assert len(run_query(name, store=plain)) == without
    assert len(run_query(name, store=inferred)) == with_


def test_policy_parts_finds_the_pack_through_the_plan(build_result, fallback) -> None:
    from relocgraph.store import run_query

    frame = run_query("policy-parts", store=add_inferred(copy_dataset(build_result.dataset), fallback))
    assert sorted(frame["part"]) == [str(PACK), str(PLAN)]


def inconsistent_dataset(build_result) -> Dataset:
    dataset = copy_dataset(build_result.dataset)
    dataset.graph(ID["document/cp-2024-11-22"]).add((FIGURE, RDF.type, RG.DerivedFigure))
    return dataset


def test_inconsistency_names_the_entity_and_file_owlrl(build_result) -> None:
    with pytest.raises(InconsistentGraphError) as caught:
        reason(inconsistent_dataset(build_result), reasoner="owlrl", files=build_files(build_result))
    message = str(caught.value)
    assert "statement/cp-2024-11-22/supported-projects" in message
    assert "«reported figure»" in message and "«derived figure»" in message
    assert "data/statements/cp-2024-11-22.ttl" in message
    assert caught.value.exit_code == 1
    assert any("supported-projects" in e for e in caught.value.entities)


@pytest.mark.java
def test_inconsistency_names_the_entity_and_file_hermit(build_result) -> None:
    with pytest.raises(InconsistentGraphError, match="supported-projects") as caught:
        reason(inconsistent_dataset(build_result), reasoner="hermit", files=build_files(build_result))
    assert "HermiT" in str(caught.value)


def test_cache_is_reused_when_inputs_are_unchanged(build_result, fallback, tmp_path, monkeypatch) -> None:
    import relocgraph.pipeline.reason as reasoning

    calls = []
    monkeypatch.setattr(reasoning, "_owlrl", lambda *a: calls.append(1) or set(fallback.graph))
    first = reason(build_result.dataset, reasoner="owlrl", cache_dir=tmp_path)
    second = reason(build_result.dataset, reasoner="owlrl", cache_dir=tmp_path)
    assert calls == [1]
    assert not first.from_cache and second.from_cache
    assert set(second.graph) == set(first.graph)
    changed = copy_dataset(build_result.dataset)
    changed.graph(GRAPH.entities).add((PACK, RG.partOf, POLICY))
    reason(changed, reasoner="owlrl", cache_dir=tmp_path)
    assert calls == [1, 1]


def test_build_no_reason_leaves_out_the_inferred_graph(project_root, tmp_path) -> None:
    from click.testing import CliRunner

    from relocgraph.cli import main

    done = CliRunner().invoke(
        main, ["build", "--root", str(project_root), "--out", str(tmp_path), "--no-reason", "-q"]
    )
    assert done.exit_code == 0, done.output
    assert "graph:inferred" not in (tmp_path / "relocgraph.trig").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".cache/inferred-*"))  # the reasoner never ran (derive may cache its rules)


def test_builds_in_two_folders_share_one_reasoner_cache(seed_root, tmp_path, monkeypatch) -> None:
    """With RELOCGRAPH_REASONER_CACHE set (as the test suite sets it), a second build of the
    same inputs in another folder reuses the first one's reasoning instead of starting HermiT."""
    import relocgraph.pipeline.reason as reasoning
    from relocgraph.pipeline.run import REASONER_CACHE_ENV, build_all

    calls = []
    monkeypatch.setattr(reasoning, "_hermit", lambda union: calls.append(1) or set())
    monkeypatch.setenv(REASONER_CACHE_ENV, str(tmp_path / "shared"))
    first = build_all(seed_root, tmp_path / "a")
    second = build_all(seed_root, tmp_path / "b")
    assert calls == [1]
    assert not first.reasoning.from_cache and second.reasoning.from_cache
    assert not list((tmp_path / "a" / ".cache").glob("inferred-*"))
    assert len(list((tmp_path / "shared").glob("inferred-*.nt"))) == 1


def test_inferred_facts_never_name_an_iri_no_input_names() -> None:
    """owlready2 renames an individual whose IRI ends in "/" (a document's source URL) to
    ".../thing1"; such a fact is the bridge's artefact and is dropped, the others kept."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL, RDF

    from relocgraph.pipeline.reason import _select

    doc, url = URIRef("https://example.org/doc"), URIRef("https://example.org/news/")
    rel = URIRef("https://example.org/rel")
    union = Graph()
    union.add((rel, RDF.type, OWL.ObjectProperty))
    union.add((doc, URIRef("http://purl.org/dc/terms/source"), url))
    inferred = [(doc, rel, URIRef(str(url) + "thing1")), (doc, rel, url)]
    assert _select(inferred, union) == {(doc, rel, url)}
