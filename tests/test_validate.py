"""SHACL validation: the real data conforms, and breaking each shape is reported."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SDO, SKOS, TIME, XSD

from relocgraph.check.validate import SHAPES_FILE, check_shapes
from relocgraph.cli import main
from relocgraph.model.errors import ValidationFailedError
from relocgraph.model.namespaces import ID, OA, RG, SDMX_ATTRIBUTE, SDMX_DIMENSION
from relocgraph.model.report import Report, Severity
from relocgraph.pipeline.reason import build_files

FIGURE = ID["statement/cp-2024-11-22/supported-projects"]
DOCUMENT = ID["document/cp-2024-11-22"]


@pytest.fixture(scope="module")
def shapes(project_root):
    from relocgraph.pipeline.turtle import parse_turtle

    return parse_turtle(project_root / SHAPES_FILE, root=project_root).graph


def copy_dataset(dataset: Dataset) -> Dataset:
    out = Dataset(default_union=True)
    for g in dataset.graphs():
        target = out.graph(g.identifier)
        for triple in g:
            target.add(triple)
    return out


def first(ds: Dataset, s=None, p=None, o=None) -> tuple:
    return sorted(ds.triples((s, p, o)))[0]


def remove(ds: Dataset, s=None, p=None, o=None) -> None:
    for g in ds.graphs():
        g.remove((s, p, o))


def put(ds: Dataset, triple: tuple, graph: URIRef = DOCUMENT) -> None:
    ds.graph(graph).add(triple)


def break_statement_evidence(ds: Dataset) -> URIRef:
    stmt = ID["statement/cp-2024-11-22/plan-carried-by"]
    remove(ds, stmt, RG.hasEvidence, None)
    return stmt


def break_fact_statement(ds: Dataset) -> URIRef:
    stmt = ID["statement/cp-2024-11-22/plan-aim"]
    remove(ds, stmt, RDF.object, None)
    return stmt


def break_interpretation_note(ds: Dataset) -> URIRef:
    stmt = ID["statement/cp-2024-11-22/rank-first-actor"]
    assert (stmt, RDF.type, RG.Interpretation) in ds
    remove(ds, stmt, SKOS.editorialNote, None)
    return stmt


def break_reported_figure(ds: Dataset) -> URIRef:
    remove(ds, FIGURE, RG.creditedTo, None)
    return FIGURE


def break_reported_figure_unit(ds: Dataset) -> URIRef:
    stmt = ID["statement/cp-2024-11-22/public-investment"]
    remove(ds, stmt, SDMX_ATTRIBUTE.unitMeasure, None)
    put(ds, (stmt, SDMX_ATTRIBUTE.unitMeasure, URIRef("http://qudt.org/vocab/unit/KiloGM")))
    return stmt


def break_figure_indicator_outside_the_scheme(ds: Dataset) -> URIRef:
    stmt = ID["statement/cp-2024-11-22/supported-projects"]
    remove(ds, stmt, RG.indicator, None)
    put(ds, (stmt, RG.indicator, ID["indicator/jobs-per-project"]))  # a derived indicator
    return stmt


def break_figure_unit_not_its_indicators(ds: Dataset) -> URIRef:
    stmt = ID["statement/cp-2024-11-22/jobs-lead"]
    remove(ds, stmt, SDMX_ATTRIBUTE.unitMeasure, None)
    put(ds, (stmt, SDMX_ATTRIBUTE.unitMeasure, URIRef("http://qudt.org/vocab/unit/PERCENT")))
    return stmt


def break_reported_figure_value(ds: Dataset) -> URIRef:
    stmt = ID["statement/cp-2024-11-22/private-investment"]
    remove(ds, stmt, RG.value, None)
    put(ds, (stmt, RG.value, Literal("3,164 milliards")))
    return stmt


def break_reported_figure_period(ds: Dataset) -> URIRef:
    stmt = ID["statement/cp-2024-11-22/plan-budget"]
    remove(ds, stmt, RG.periodNotStated, None)
    return stmt


def break_period_as_stated(ds: Dataset) -> URIRef:
    stmt = first(ds, None, SDMX_DIMENSION.refPeriod, None)[0]
    remove(ds, stmt, RG.periodAsStated, None)
    return stmt


def break_quotation(ds: Dataset) -> URIRef:
    stmt = ID["statement/cp-2024-11-22/quote-wauquiez"]
    remove(ds, stmt, SDO.spokenByCharacter, None)
    return stmt


def break_post_organisation(ds: Dataset) -> URIRef:
    remove(ds, ID["post/region-special-adviser"], ORG.postIn, None)
    return ID["person/laurent-wauquiez"]


def break_document(ds: Dataset) -> URIRef:
    remove(ds, DOCUMENT, DCTERMS.issued, None)
    put(ds, (DOCUMENT, DCTERMS.issued, Literal("22 novembre 2024")))
    return DOCUMENT


def break_evidence_span(ds: Dataset) -> URIRef:
    evidence = URIRef(f"{FIGURE}/evidence/1")
    remove(ds, evidence, OA.hasSource, None)
    return evidence


def break_evidence_position(ds: Dataset) -> URIRef:
    position = URIRef(f"{FIGURE}/evidence/2/position")
    start = ds.value(position, OA.start)
    remove(ds, position, OA.end, None)
    put(ds, (position, OA.end, Literal(int(start) - 1, datatype=XSD.nonNegativeInteger)))
    return position


def break_instant_date(ds: Dataset) -> URIRef:
    instant = ID["instant/2021-12-01"]
    remove(ds, instant, TIME.inXSDDate, None)
    put(ds, (instant, TIME.inXSDDate, Literal("décembre 2021")), ID["graph/entities"])
    return instant


def break_interval_bounds(ds: Dataset) -> URIRef:
    period = ID["period/2021"]
    put(ds, (period, TIME.hasBeginning, ID["instant/2016-01-01"]))
    return period


def break_insee_code(ds: Dataset) -> URIRef:
    place = ID["place/lyon"]
    remove(ds, place, RG.inseeCode, None)
    put(ds, (place, RG.inseeCode, Literal("Lyon")))
    return place


def break_labels(ds: Dataset) -> URIRef:
    person = ID["person/fabrice-pannekoucke"]
    remove(ds, person, RDFS.label, Literal("Fabrice Pannekoucke", lang="en"))
    return person


#: check name -> how to break it once (returns the node that must be reported)
BREAKS: dict[str, list[Callable[[Dataset], URIRef]]] = {
    "statement-evidence": [break_statement_evidence],
    "fact-statement": [break_fact_statement],
    "interpretation": [break_interpretation_note],
    "reported-figure": [
        break_reported_figure,
        break_reported_figure_unit,
        break_reported_figure_value,
        break_reported_figure_period,
    ],
    "period-as-stated": [break_period_as_stated],
    "quotation": [break_quotation],
    "post-organisation": [break_post_organisation],
    "document": [break_document],
    "figure-indicator-in-scheme": [
        break_figure_indicator_outside_the_scheme,
        break_figure_unit_not_its_indicators,
    ],
    "evidence-span": [break_evidence_span],
    "evidence-position": [break_evidence_position],
    "instant-date": [break_instant_date],
    "interval-bounds": [break_interval_bounds],
    "insee-code": [break_insee_code],
    "labels-fr-en": [break_labels],
}


def test_every_shape_has_a_break(shapes) -> None:
    from rdflib.namespace import SH

    names = {str(n) for s, n in shapes.subject_objects(SH.name) if isinstance(s, URIRef)}
    assert names == set(BREAKS)


def test_real_data_conforms(build_result, shapes) -> None:
    report = check_shapes(build_result.dataset, shapes)
    assert report.findings == [], report.render()


def test_breaking_each_shape_is_reported(build_result, shapes) -> None:
    dataset = copy_dataset(build_result.dataset)
    expected = {(check, str(breaker(dataset))) for check, breakers in BREAKS.items() for breaker in breakers}
    report = check_shapes(dataset, shapes, files=build_files(build_result))

    from relocgraph.model.report import curie

    found = {(f.check, f.focus) for f in report.findings}
    missing = {(c, curie(n)) for c, n in expected} - found
    assert not missing, report.render()
    assert all(f.severity is Severity.ERROR for f in report.findings)
    # findings are readable: label, path, message and the file to fix
    labels = next(f for f in report.findings if f.check == "labels-fr-en")
    assert labels.label == "Fabrice Pannekoucke" and labels.source == "data/entities.ttl"
    assert "English label" in labels.message and labels.path == "rdfs:label"
    credited = next(f for f in report.findings if f.path == "rg:creditedTo")
    assert credited.source == "data/statements/cp-2024-11-22.ttl"
    post = next(f for f in report.findings if f.check == "post-organisation")
    assert "region-special-adviser" in post.message


def test_report_formats_and_raise_for_results() -> None:
    from relocgraph.model.report import Finding

    report = Report(
        [
            Finding(
                Severity.ERROR,
                "labels-fr-en",
                "person:x",
                "no English label",
                label="X",
                path="rdfs:label",
                source="data/entities.ttl",
            )
        ]
    )
    assert json.loads(report.render("json"))["findings"][0]["severity"] == "error"
    assert "| error | labels-fr-en | X (person:x) |" in report.render("markdown")
    assert report.render("tsv").splitlines()[1].split("\t")[0] == "error"
    assert "X (person:x) [data/entities.ttl]" in report.render("terminal")
    with pytest.raises(ValidationFailedError, match="1 error"):
        report.raise_for_results()
    Report([]).raise_for_results()


def test_cli_validate_passes_on_the_real_project(project_root) -> None:
    done = CliRunner().invoke(main, ["validate", "--root", str(project_root)])
    assert done.exit_code == 0, done.output
    assert "no findings" in done.output


def test_cli_validate_reports_a_missing_label_with_its_file(project_copy) -> None:
    entities = project_copy / "data" / "entities.ttl"
    text = entities.read_text(encoding="utf-8")
    entities.write_text(text.replace(' , "Symbio"@en .', " ."), encoding="utf-8")
    done = CliRunner().invoke(main, ["validate", "--root", str(project_copy), "-f", "json"])
    assert done.exit_code == 1
    findings = json.loads(done.output)["findings"]
    assert [(f["check"], f["focus"], f["source"]) for f in findings] == [
        ("labels-fr-en", "organisation:symbio", "data/entities.ttl")
    ]


def test_cli_validate_reports_a_quote_missing_from_its_source(project_copy) -> None:
    path = project_copy / "data" / "statements" / "cp-2024-11-22.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('porté par Stéphanie PERNOD" .', 'porté par Mme PERNOD" .'), encoding="utf-8"
    )
    done = CliRunner().invoke(main, ["validate", "--root", str(project_copy), "--no-lint", "-f", "markdown"])
    assert done.exit_code == 1
    assert "| error | evidence |" in done.output
    assert "data/statements/cp-2024-11-22.ttl:" in done.output
