"""Checks of claims against third-party reference data (issue 15): the reference documents
are documents like the others, and the check rules give each seed claim a verdict.

The project here is the seed project (:func:`conftest.make_seed_project`) plus the
reference documents of the repository (``data/sources/ref-*``), built by the one pipeline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from conftest import ROOT, make_seed_project
from relocgraph.model.namespaces import GRAPH, ID, OA, RG
from relocgraph.pipeline.sources import normalise_quote

STATEMENT = Namespace(str(ID) + "statement/")
REFERENCE_KIND = ID["document-kind/third-party-reference"]


def reference_ids() -> list[str]:
    return sorted(p.stem for p in (ROOT / "data" / "sources").glob("ref-*.txt"))


@pytest.fixture(scope="module")
def claims_root(tmp_path_factory) -> Path:
    root = make_seed_project(tmp_path_factory.mktemp("claims") / "project")
    for ref in reference_ids():
        for name in (f"{ref}.txt", f"{ref}.meta.toml"):
            shutil.copy2(ROOT / "data" / "sources" / name, root / "data" / "sources")
        shutil.copy2(ROOT / "data" / "statements" / f"{ref}.ttl", root / "data" / "statements")
    return root


@pytest.fixture(scope="module")
def built(claims_root):
    from relocgraph.pipeline.run import build_all

    return build_all(claims_root, reason=False)


@pytest.fixture(scope="module")
def ds(built):
    return built.result.dataset


def verdicts_of(ds, claim: str) -> dict[str, set[str]]:
    """verdict name → the local names of the references checked, for one claim."""
    checks = ds.graph(GRAPH.checks)
    out: dict[str, set[str]] = {}
    for check in checks.subjects(RG.checkedClaim, STATEMENT[claim]):
        verdict = str(checks.value(check, RG.verdict)).rsplit("/", 1)[1]
        refs = {str(r).removeprefix(str(STATEMENT)) for r in checks.objects(check, RG.checkedAgainst)}
        out.setdefault(verdict, set()).update(refs)
    return out


def reference_documents(ds) -> set[URIRef]:
    return {
        doc for doc, kind in ds.subject_objects(DCTERMS.type) if (kind, SKOS.broader, REFERENCE_KIND) in ds
    }


def test_reference_documents_are_documents_of_a_third_party_kind(ds):
    docs = reference_documents(ds)
    assert {str(d).rsplit("/", 1)[1] for d in docs} == set(reference_ids())
    publishers = {ds.value(d, DCTERMS.publisher) for d in docs}
    assert len(publishers) >= 2 and len(docs) >= 2  # independent origins: DGE, Trendeo, Symbio…
    assert all(ds.value(d, DCTERMS.source) is not None for d in docs)  # each with its URL


def test_at_least_twenty_reference_observations_each_with_its_quote_located(ds, claims_root):
    docs = reference_documents(ds)
    statements = [s for s, d in ds.subject_objects(RG.statedIn) if d in docs]
    figures = [s for s in statements if (s, RDF.type, RG.ReportedFigure) in ds]
    assert len(figures) >= 20
    assert len(statements) >= 24  # figures and company sectors
    for stmt in statements:
        evidence = list(ds.objects(stmt, RG.hasEvidence))
        assert evidence, stmt
        for annotation in evidence:
            selectors = list(ds.objects(annotation, OA.hasSelector))
            exact = next(str(ds.value(s, OA.exact)) for s in selectors if ds.value(s, OA.exact) is not None)
            start = next(
                ds.value(s, OA.start).toPython() for s in selectors if ds.value(s, OA.start) is not None
            )
            end = next(ds.value(s, OA.end).toPython() for s in selectors if ds.value(s, OA.end) is not None)
            doc = ds.value(stmt, RG.statedIn)
            text = (claims_root / str(ds.value(doc, RG.sourceFile))).read_text(encoding="utf-8")
            assert normalise_quote(text[start:end]) == normalise_quote(exact), stmt
    for fig in figures:  # Data Cube observations like the releases' figures
        for prop in (RG.indicator, RG.value, RG.periodAsStated, RG.creditedTo):
            assert ds.value(fig, prop) is not None, (fig, prop)
        period = ds.value(fig, URIRef("http://purl.org/linked-data/sdmx/2009/dimension#refPeriod"))
        assert ds.value(period, URIRef("http://www.w3.org/2006/time#hasBeginning")) is not None


def test_seed_figures_citing_the_barometer_get_their_verdicts(ds):
    seeds = {ID["document/cp-2024-11-07"], ID["document/cp-2024-11-22"]}
    citing = sorted(
        str(s).removeprefix(str(STATEMENT))
        for s in ds.subjects(
            URIRef("http://www.w3.org/ns/prov#wasAttributedTo"), ID["source/barometre-industriel-etat"]
        )
        if ds.value(s, RG.statedIn) in seeds and (s, RDF.type, RG.ReportedFigure) in ds
    )
    assert citing == ["cp-2024-11-07/net-site-openings"]
    # « 20 ouvertures au premier trimestre »: the barometer's +20 is for the first half-year.
    assert verdicts_of(ds, "cp-2024-11-07/net-site-openings") == {
        "period-differs": {
            "ref-barometre-2024-s1/net-openings-aura",
            "ref-barometre-2024-annual/net-openings-aura",
            "ref-lyoncapitale-2025-03/net-openings-aura-2024",
        }
    }
    checks = ds.graph(GRAPH.checks)
    check = ID["check/cp-2024-11-07/net-site-openings/ref-barometre-2024-s1--net-openings-aura"]
    reasons = [str(r) for r in checks.objects(check, RG.reason)]
    assert len(reasons) == 1
    assert "first quarter of 2024" in reasons[0] and "first half of 2024" in reasons[0]


def test_the_22_november_figure_agrees_with_the_half_year_barometer(ds):
    assert verdicts_of(ds, "cp-2024-11-22/net-site-openings") == {
        "agrees": {"ref-barometre-2024-s1/net-openings-aura"},
        "value-differs": {
            "ref-barometre-2024-annual/net-openings-aura",
            "ref-lyoncapitale-2025-03/net-openings-aura-2024",
        },
    }


def test_twenty_of_thirty_six_implantation_projects_are_net_openings_elsewhere(ds):
    verdicts = verdicts_of(ds, "cp-2024-11-07/implantation-projects-region")
    assert set(verdicts) == {"indicator-differs"}
    assert "ref-barometre-2024-s1/net-openings-aura" in verdicts["indicator-differs"]


def test_symbio_sector_claim_differs_from_the_company_description(ds):
    refs = {
        "ref-symbio-symphonhy-2023/sector-fuel-cells",
        "ref-symbio-symphonhy-2023/sector-fuel-cells-supplier",
        "ref-symbio-ceo-interview-2021/sector-fuel-cells",
        "ref-symbio-ceo-interview-2021/sector-automotive-equipment",
    }
    assert verdicts_of(ds, "cp-2024-11-07/symbio-site-sector") == {"value-differs": refs}
    checks = ds.graph(GRAPH.checks)
    reasons = {str(r) for r in checks.objects(ID["check/cp-2024-11-07/symbio-site-sector"], RG.reason)}
    assert any("batteries" in r and "hydrogen fuel cells" in r for r in reasons)
    # The electric-vehicle sites are not Symbio's: their sectors are not checked against it.
    assert verdicts_of(ds, "cp-2024-11-07/ev-site-sector") == {}


def test_an_echo_of_the_claimant_is_not_a_reference(ds):
    # Lyon Capitale repeats the Region's 14 000 jobs in the conditional: attributed to the Region.
    assert verdicts_of(ds, "cp-2024-11-22/jobs-results") == {"no-reference": set()}


def test_checks_live_in_their_own_graph_with_their_rule(ds):
    checks = ds.graph(GRAPH.checks)
    made = set(checks.subjects(RDF.type, RG.ClaimCheck))
    assert len(made) > 20
    for check in made:
        rule = checks.value(check, RG.checkedBy)
        assert (rule, RDF.type, URIRef("http://www.w3.org/ns/prov#Plan")) in checks
        assert str(checks.value(rule, DCTERMS.source)).endswith(".rq")
    for doc in reference_documents(ds) | {ID["document/cp-2024-11-07"]}:
        assert not set(ds.graph(doc).subjects(RDF.type, RG.ClaimCheck))


def test_checks_query_same_rows_on_rdflib_and_oxigraph(built, claims_root):
    from relocgraph.store import open_store, run_table

    trig = claims_root / "build" / "relocgraph.trig"
    ox = run_table("checks", {}, store=open_store(trig))
    rd = run_table("checks", {}, store=open_store(trig, backend="rdflib"))
    assert ox.columns == rd.columns and ox.rows == rd.rows
    assert len({row[ox.columns.index("check")] for row in ox.rows}) == len(
        set(built.result.dataset.graph(GRAPH.checks).subjects(RDF.type, RG.ClaimCheck))
    )


def test_check_command_exits_1_when_a_check_fails(built, claims_root, seed_root):
    from relocgraph.cli import main

    trig = str(claims_root / "build" / "relocgraph.trig")
    result = CliRunner().invoke(main, ["check", "--failing", "--format", "csv", "--data", trig])
    assert result.exit_code == 1, result.output
    assert "period differs" in result.output and "value differs" in result.output
    assert "agrees" not in result.output


def test_summary_has_a_section_on_checks(built, claims_root):
    from relocgraph.analysis.rows import open_built
    from relocgraph.analysis.summary import render_summary

    text = render_summary(open_built(claims_root / "build" / "relocgraph.trig"))
    section = text.split("\n4. ", 1)[1]
    assert "« 20 » (net industrial site openings): period differs ×3" in section
    assert "« la fabrication de batteries » (sector): value differs" in section


def test_graph_page_panel_carries_the_checks_with_both_quotes(built, claims_root):
    from relocgraph.analysis.network import to_networkx
    from relocgraph.analysis.rows import open_built
    from relocgraph.web.graph.data import to_pyvis

    net = to_pyvis(to_networkx(open_built(claims_root / "build" / "relocgraph.trig"), lang="en"))
    figure = net.details[str(STATEMENT["cp-2024-11-07/net-site-openings"])]["checks"]
    assert {c["verdict_label"] for c in figure} == {"period differs"}
    half_year = next(c for c in figure if c["reference_document"] == "document:ref-barometre-2024-s1")
    assert "au premier trimestre" in half_year["claim_quote"]
    assert "20 ouvertures de nouveaux sites industriels" in half_year["reference_quote"]
    site = net.details[str(ID["site/symbio-battery-production"])]["checks"]
    assert {c["outcome"] for c in site} == {"fails"}
    assert any("hydrogen fuel cells" in c["reference_quote"] for c in site)


def test_endpoint_statement_page_shows_its_checks(built, claims_root):
    from test_serve import _start_server, http

    proc, url = _start_server(claims_root / "build" / "relocgraph.trig", "--workers", "1")
    try:
        status, _, body = http(
            "GET", url + "id/statement/cp-2024-11-07/net-site-openings", headers={"Accept": "text/html"}
        )
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    page = body.decode()
    assert status == 200
    assert "Checked against reference data (3)" in page
    assert '<span class="badge fails">period differs</span>' in page
    assert 'href="/id/document/ref-barometre-2024-s1"' in page
    assert "la région Auvergne-Rhône-Alpes est la plus motrice avec 20 ouvertures" in page
