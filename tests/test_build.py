import hashlib
import os
import subprocess
import sys

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from relocgraph.model.namespaces import GRAPH, ID, RG


def test_one_named_graph_per_source_document(build_result):
    names = {str(g.identifier) for g in build_result.dataset.graphs() if len(g)}
    assert {
        str(ID["document/cp-2024-11-07"]),
        str(ID["document/cp-2024-11-22"]),
        str(GRAPH.ontology),
        str(GRAPH.entities),
    } <= names


def test_each_fact_statement_asserts_its_fact_in_its_documents_graph(build_result):
    for doc in build_result.documents:
        g = doc.graph
        facts = list(g.subjects(RDF.type, RG.FactStatement))
        assert len(facts) > 20
        for stmt in facts:
            triple = (g.value(stmt, RDF.subject), g.value(stmt, RDF.predicate), g.value(stmt, RDF.object))
            # a curator's reading (rg:Interpretation) stays a statement, not a fact of the document
            assert (triple in g) != ((stmt, RDF.type, RG.Interpretation) in g), stmt


def test_headline_figures_are_typed_values_in_full_units(build_result):
    values = {
        (str(fig).rsplit("/", 1)[-1], build_result.dataset.value(fig, RG.value))
        for fig in build_result.dataset.subjects(RDF.type, RG.ReportedFigure)
    }
    for name, value in [
        ("supported-projects", 818),
        ("public-investment", 165000000),
        ("private-investment", 3164000000),
        ("jobs-results", 14000),
        ("plan-budget", 1200000000),
        ("net-site-openings", 20),
        ("implantation-projects-region", 20),
        ("implantation-projects-france", 36),
    ]:
        assert (name, Literal(value, datatype=XSD.integer)) in values


def test_documents_carry_metadata_and_source_digest(build_result, project_root):
    for doc in build_result.documents:
        digest = hashlib.sha256((project_root / doc.source.path).read_bytes()).hexdigest()
        assert doc.graph.value(doc.iri, RG.sha256) == Literal(digest)
        assert (doc.iri, URIRef("http://purl.org/dc/terms/issued"), None) in doc.graph


def _build_in_subprocess(root, out, seed):
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    subprocess.run(
        [sys.executable, "-m", "relocgraph.cli", "build", "--root", str(root), "--out", str(out), "-q"],
        check=True,
        env=env,
    )
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path, project_root):
    first = _build_in_subprocess(project_root, tmp_path / "a", 1)
    second = _build_in_subprocess(project_root, tmp_path / "b", 2)
    assert set(first) >= {"relocgraph.trig", "relocgraph.nq", "relocgraph.ttl", "relocgraph.nt"}
    assert first == second


def test_a_failed_build_leaves_previous_outputs_untouched(project_copy):
    out = project_copy / "build"
    before = _build_in_subprocess(project_copy, out, 0)
    ttl = project_copy / "data/entities.ttl"
    ttl.write_text(
        ttl.read_text(encoding="utf-8").replace("rg:inseeCode", "rg:inseeCod", 1), encoding="utf-8"
    )
    run = subprocess.run(
        [sys.executable, "-m", "relocgraph.cli", "build", "--root", str(project_copy), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "data/entities.ttl:" in run.stderr and "rg:inseeCod" in run.stderr
    after = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}
    assert after == before


# --- The indicator vocabulary (SKOS) in data/entities.ttl ---------------------------------


def _indicators(dataset):
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    scheme = URIRef("https://w3id.org/relocgraph/id/scheme/indicators")
    return scheme, sorted(dataset.subjects(SKOS.inScheme, scheme))


def _labels(dataset, concept):
    from rdflib.namespace import SKOS

    return {str(label) for p in (SKOS.prefLabel, SKOS.altLabel) for label in dataset.objects(concept, p)}


def test_wordings_of_jobs_created_are_labels_of_one_indicator(build_result):
    from rdflib import URIRef

    from relocgraph.pipeline.documents import name_key

    dataset = build_result.dataset
    _scheme, concepts = _indicators(dataset)
    by_label = {}
    for concept in concepts:
        for label in _labels(dataset, concept):
            assert name_key(label) not in by_label, f"{label!r} names two indicators"
            by_label[name_key(label)] = concept
    created = URIRef("https://w3id.org/relocgraph/id/indicator/jobs-created")
    for wording in ("emplois créés", "emplois industriels", "créations d'emplois"):
        assert by_label[name_key(wording)] == created
    planned, safeguarded = by_label["emplois potentiels"], by_label["emplois sauvegardés"]
    assert by_label["emplois prévus"] == planned
    assert len({created, planned, safeguarded}) == 3
    assert by_label["ouvertures nettes"] != by_label["ouvertures de sites industriels"]
    assert by_label["fermetures de sites industriels"] != by_label["ouvertures nettes"]
    assert by_label["projets soutenus"] != by_label["projets d'implantation"]
    assert (
        len({by_label["argent public"], by_label["dotation du plan"], by_label["investissements privés"]})
        == 3
    )


def test_indicator_concepts_are_complete_and_consistent(build_result):
    from rdflib.namespace import RDF, SKOS

    from relocgraph.model.namespaces import RG, SDMX_ATTRIBUTE

    dataset = build_result.dataset
    scheme, concepts = _indicators(dataset)
    assert len(concepts) == 20  # 17 of the scheme as designed, 3 added by the curation of real documents
    for concept in concepts:
        assert (concept, RDF.type, RG.Indicator) in dataset
        langs = sorted(label.language for label in dataset.objects(concept, SKOS.prefLabel))
        assert langs == ["en", "fr"], concept
        assert {d.language for d in dataset.objects(concept, SKOS.definition)} == {"fr", "en"}, concept
        assert len(list(dataset.objects(concept, SDMX_ATTRIBUTE.unitMeasure))) == 1, concept
        for broader in dataset.objects(concept, SKOS.broader):
            assert (broader, SKOS.narrower, concept) in dataset
            assert dataset.value(broader, SDMX_ATTRIBUTE.unitMeasure) == dataset.value(
                concept, SDMX_ATTRIBUTE.unitMeasure
            )
        for narrower in dataset.objects(concept, SKOS.narrower):
            assert (narrower, SKOS.broader, concept) in dataset
        related = set(dataset.objects(concept, SKOS.related))
        assert not related & set(dataset.transitive_objects(concept, SKOS.broader))  # SKOS S27
        assert (concept, SKOS.exactMatch, None) not in dataset
    tops = set(dataset.objects(scheme, SKOS.hasTopConcept))
    assert tops == {c for c in concepts if (c, SKOS.broader, None) not in dataset}
    # the seeds' indicator IRIs are kept, and every figure measures a concept of the scheme
    used = set(dataset.objects(None, RG.indicator))
    assert used <= set(concepts)
    assert {str(u).rsplit("/", 1)[-1] for u in used} >= {"jobs-created", "supported-projects", "plan-budget"}


def test_a_statements_file_with_a_byte_order_mark_builds_the_same_graph(tmp_path, build_result):
    """Some editors start UTF-8 files with a BOM; the file means the same without it."""
    from conftest import make_seed_project
    from relocgraph.pipeline.build import build

    root = make_seed_project(tmp_path / "project")
    path = root / "data" / "statements" / "cp-2024-11-22.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(build(root).dataset) == len(build_result.dataset)


def test_an_unchanged_project_is_not_built_again_and_any_changed_input_is(tmp_path, monkeypatch):
    """`relocgraph build` (so `make run`) keeps the current build without running the pipeline
    when every input hashes as that build's; one changed byte of data runs it again."""
    from click.testing import CliRunner

    from conftest import make_seed_project
    from relocgraph.cli import main
    from relocgraph.pipeline import build as build_module

    root = make_seed_project(tmp_path / "project")
    args = ["build", "--root", str(root), "--no-reason"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    calls = []
    real = build_module.build
    monkeypatch.setattr(build_module, "build", lambda *a, **k: calls.append(a) or real(*a, **k))
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0 and calls == []
    assert second.output.splitlines()[0] == first.output.splitlines()[0]  # "built 2 documents, …"
    assert "up to date: " in second.output
    entities = root / "data" / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8") + "\n# a curator's note\n", encoding="utf-8")
    third = CliRunner().invoke(main, args)
    assert third.exit_code == 0 and len(calls) == 1  # inputs changed: the pipeline ran
