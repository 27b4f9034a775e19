"""Derived figures: exact values against hand computation, inputs, rules, caveats, and
their separation from reported figures."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, RDF, RDFS

from relocgraph.model.errors import RuleError
from relocgraph.model.namespaces import GRAPH, ID, RG, SDMX_ATTRIBUTE, UNIT
from relocgraph.pipeline.derive import DERIVED_GRAPH, derive, list_rules, parse_rule
from relocgraph.store import run_query

S22 = "https://w3id.org/relocgraph/id/statement/cp-2024-11-22/"
S07 = "https://w3id.org/relocgraph/id/statement/cp-2024-11-07/"

#: indicator → (numerator, denominator from the press releases, unit, input statements)
EXPECTED = {
    "public-money-per-job": (
        165000000,
        14000,
        UNIT.CCY_EUR,
        {S22 + "public-investment", S22 + "jobs-results"},
    ),
    "private-investment-per-public-euro": (
        3164000000,
        165000000,
        UNIT.NUM,
        {S22 + "private-investment", S22 + "public-investment"},
    ),
    "public-money-per-project": (
        165000000,
        818,
        UNIT.CCY_EUR,
        {S22 + "public-investment", S22 + "supported-projects"},
    ),
    "jobs-per-project": (14000, 818, UNIT.NUM, {S22 + "jobs-results", S22 + "supported-projects"}),
    "public-money-share-of-plan-budget": (
        165000000,
        1200000000,
        UNIT.NUM,
        {S22 + "public-investment", S22 + "plan-budget"},
    ),
    "region-share-of-implantation-projects": (
        20,
        36,
        UNIT.NUM,
        {S07 + "implantation-projects-region", S07 + "implantation-projects-france"},
    ),
}


def _derived(dataset) -> Graph:
    return dataset.graph(DERIVED_GRAPH)


def _figure(dataset, indicator: str) -> URIRef:
    figures = list(_derived(dataset).subjects(RG.indicator, ID["indicator/" + indicator]))
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize("indicator", sorted(EXPECTED))
def test_derived_value_matches_hand_computation(derived_dataset, indicator):
    num, den, unit, inputs = EXPECTED[indicator]
    g = _derived(derived_dataset)
    fig = _figure(derived_dataset, indicator)
    value = g.value(fig, RG.value).toPython()
    assert isinstance(value, Decimal)
    assert abs(Fraction(value) - Fraction(num, den)) < Fraction(1, 10**20)
    assert g.value(fig, SDMX_ATTRIBUTE.unitMeasure) == unit
    assert {str(i) for i in g.objects(fig, RG.derivedFrom)} == inputs


def test_derived_values_as_printed(derived_dataset):
    g = _derived(derived_dataset)
    shown = {ind: str(g.value(_figure(derived_dataset, ind), RG.value)) for ind in EXPECTED}
    assert shown == {
        "public-money-per-job": "11785.71428571428571428571429",
        "private-investment-per-public-euro": "19.17575757575757575757575758",
        "public-money-per-project": "201711.4914425427872860635697",
        "jobs-per-project": "17.11491442542787286063569682",
        "public-money-share-of-plan-budget": "0.1375",
        "region-share-of-implantation-projects": "0.5555555555555555555555555556",
    }


def test_derived_figures_live_only_in_their_own_graph(derived_dataset):
    for g in derived_dataset.graphs():
        derived_here = set(g.subjects(RDF.type, RG.DerivedFigure))
        if g.identifier == GRAPH.derived:
            assert len(derived_here) == 6
            assert not set(g.subjects(RDF.type, RG.ReportedFigure))
        else:
            assert not derived_here, g.identifier


def test_ontology_keeps_derived_and_reported_disjoint(derived_dataset):
    assert (RG.ReportedFigure, OWL.disjointWith, RG.DerivedFigure) in derived_dataset


def test_each_figure_names_its_rule_and_inputs_are_reported(derived_dataset):
    g = _derived(derived_dataset)
    for fig in g.subjects(RDF.type, RG.DerivedFigure):
        rule = g.value(fig, RG.derivedBy)
        assert (rule, RDF.type, PROV.Plan) in g
        assert {lbl.language for lbl in g.objects(rule, RDFS.label)} == {"fr", "en"}
        for source in g.objects(fig, RG.derivedFrom):
            assert (source, RDF.type, RG.ReportedFigure) in derived_dataset
        indicator = g.value(fig, RG.indicator)
        assert {lbl.language for lbl in g.objects(indicator, RDFS.label)} == {"fr", "en"}
        assert list(g.objects(fig, RG.caveat)), fig


def test_jobs_credited_to_the_pack_elsewhere_is_a_caveat(derived_dataset):
    g = _derived(derived_dataset)
    caveats = sorted(str(c) for c in g.objects(_figure(derived_dataset, "public-money-per-job"), RG.caveat))
    elsewhere = [c for c in caveats if c.startswith("Input credited differently elsewhere")]
    assert len(elsewhere) == 2
    assert all("relocation pack" in c and "strategic relocation plan" in c for c in elsewhere)
    assert any("« 14 000 emplois créés grâce au pack relocalisation" in c for c in elsewhere)
    assert any("« Grâce au « pack relocalisation », 14 000 emplois" in c for c in elsewhere)
    assert any(
        c.startswith("Period not stated for jobs created (« 14 000 »), public investment") for c in caveats
    )


def test_implantation_share_notes_different_credits(derived_dataset):
    g = _derived(derived_dataset)
    caveats = [
        str(c)
        for c in g.objects(_figure(derived_dataset, "region-share-of-implantation-projects"), RG.caveat)
    ]
    assert (
        "Inputs credited to different things: « 36 » implantation projects is credited to "
        "France, « 20 » implantation projects to Auvergne-Rhône-Alpes Region."
    ) in caveats


def test_derive_is_idempotent(seed_root):
    from relocgraph.pipeline.build import build

    ds = build(seed_root).dataset
    first = Graph()
    for t in derive(ds):
        first.add(t)
    second = derive(ds)
    assert isomorphic(first, second)
    assert len(list(ds.graph(DERIVED_GRAPH).subjects(RDF.type, RG.DerivedFigure))) == 6


def test_figures_query_never_returns_derived_figures(derived_dataset):
    reported = run_query("figures", store=derived_dataset)
    assert not reported["figure"].str.contains("/derived/").any()
    assert len(reported) == 16
    derived = run_query("derived-figures", store=derived_dataset)
    assert derived["kind"].tolist() == ["derived"] * 6
    assert derived["figure"].str.contains("/derived/").all()
    per_job = derived[derived["indicator"].str.endswith("public-money-per-job")].iloc[0]
    assert per_job["inputs"] == (
        "« 14 000 » jobs created (Press release of 22 November 2024) ; "
        "« 165M€ » public investment (Press release of 22 November 2024)"
    )


def test_rule_headers_are_complete():
    rules = list_rules()
    assert [r.name for r in rules if r.kind == "derive"] == [
        "derive-jobs-per-project",
        "derive-private-investment-per-public-euro",
        "derive-public-money-per-job",
        "derive-public-money-per-project",
        "derive-public-money-share-of-plan-budget",
        "derive-region-share-of-implantation-projects",
    ]
    for rule in rules:
        assert rule.title and rule.label_fr and rule.description and rule.formula
        if rule.kind == "derive":
            assert rule.caveats and rule.unit


def test_rule_without_header_is_refused():
    with pytest.raises(RuleError, match=r"derive-x.rq:1: rule has no '# formula:'"):
        parse_rule("derive-x", "# title: X\n# label-fr: X\n# description: D\nCONSTRUCT {} WHERE {}")


def test_no_other_named_query_presents_a_derived_figure(derived_dataset):
    from relocgraph.store.catalogue import list_queries

    params = {"statements-about": {"entity": "plan:relocalisation-strategique-2021"}}
    for named in list_queries():
        if named.name == "derived-figures":
            continue
        frame = run_query(named.name, params.get(named.name), store=derived_dataset)
        cells = [str(v) for v in frame.to_numpy().ravel()]
        assert not [c for c in cells if "/id/derived/" in c], named.name


def test_a_rule_making_a_figure_without_unit_fails_and_leaves_no_derived_graph(project_root, monkeypatch):
    from relocgraph.pipeline import derive as derive_module
    from relocgraph.pipeline.build import build

    broken = parse_rule(
        "derive-broken",
        (
            "# title: Broken\n# label-fr: Cassé\n# description: D\n# formula: none\n"
            "CONSTRUCT { ?f a rg:DerivedFigure ; rg:value 1 ; rg:indicator indicator:jobs-created ;"
            " rg:derivedFrom ?f . } WHERE { ?f a rg:ReportedFigure ; rg:value 818 . }"
        ),
    )
    monkeypatch.setattr(derive_module, "list_rules", lambda: [broken])
    ds = build(project_root).dataset
    with pytest.raises(RuleError, match="has no unit"):
        derive(ds)
    assert len(ds.graph(DERIVED_GRAPH)) == 0


def test_parsed_rules_are_kept_between_runs(project_root, tmp_path, monkeypatch):
    """With a cache folder, a second run loads the parsed rules instead of parsing them
    (rdflib's parser was half of a build whose reasoning is cached)."""
    from relocgraph.pipeline import sparql
    from relocgraph.pipeline.build import build

    dataset = build(project_root).dataset
    first = set(derive(dataset, cache_dir=tmp_path))
    assert len(list(tmp_path.glob("prepared-*.pickle"))) == 1

    def no_parsing(text, *, origin="query"):
        raise AssertionError(f"{origin} parsed again")

    monkeypatch.setattr(sparql, "prepare", no_parsing)
    assert set(derive(dataset, cache_dir=tmp_path)) == first
    # A damaged cache file is ignored and rewritten, never trusted.
    monkeypatch.undo()
    for path in tmp_path.glob("prepared-*.pickle"):
        path.write_bytes(b"not a pickle")
    assert set(derive(dataset, cache_dir=tmp_path)) == first
