"""Documents with a metadata record: real texts from data/corpus/ built without a word changed.

Each test copies one real document of the corpus's *dev* set (never the blind set) and its
metadata record into a throw-away project as data/sources/<id>.txt and <id>.meta.toml,
writes a small statements file for it, and builds. The texts are compared byte for byte
with the corpus copy: the build must accept them as they are.
"""

from __future__ import annotations

import hashlib
import shutil
import tomllib
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from relocgraph.model.errors import EvidenceError, InputError
from relocgraph.model.namespaces import FABIO, OA, RG
from relocgraph.pipeline.build import build
from relocgraph.pipeline.metadata import read_metadata

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
DOC = "https://w3id.org/relocgraph/id/document/"
STATEMENT = "https://w3id.org/relocgraph/id/statement/"
PREFIXES = """@prefix rg: <https://w3id.org/relocgraph/ontology#> .
@prefix document: <https://w3id.org/relocgraph/id/document/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix fabio: <http://purl.org/spar/fabio/> .
"""
NO_DATELINE = "page-aura-prefecture-barometre-2025-03"  # prints no date at all
NUMERIC_DATE_TITLE_TWICE = "page-nouvelle-aquitaine-prefecture-fonds-acceleration-2021-07-21"
PUBLISHED_ON = "page-normandie-info-gouv-train-relance-2021-09-10"  # « Publié le 10/09/2021 »
TITLE_TWICE = "page-aura-prefecture-fonds-acceleration-2021-03-17"


def corpus_record(doc_id: str) -> dict:
    record = tomllib.loads((CORPUS / f"{doc_id}.meta.toml").read_text(encoding="utf-8"))
    assert record["set"] == "dev", "only dev-set documents are used in tests"
    return record


def add_document(root: Path, doc_id: str, statements: str = "", *, record: str | None = None) -> Path:
    """Copy a corpus text and its record into ``root``'s data/sources; write its statements."""
    corpus_record(doc_id)
    sources = root / "data" / "sources"
    shutil.copyfile(CORPUS / f"{doc_id}.txt", sources / f"{doc_id}.txt")
    meta = sources / f"{doc_id}.meta.toml"
    if record is None:
        shutil.copyfile(CORPUS / f"{doc_id}.meta.toml", meta)
    else:
        meta.write_text(record, encoding="utf-8")
    text = (
        PREFIXES
        + f"@prefix : <{STATEMENT}{doc_id}/> .\n"
        + f'\ndocument:{doc_id} rg:sourceFile "data/sources/{doc_id}.txt" .\n'
        + statements
    )
    (root / "data" / "statements" / f"{doc_id}.ttl").write_text(text, encoding="utf-8")
    return meta


def title_statement(doc_id: str, title: str) -> str:
    return (
        f":title a rg:FactStatement ; rg:statedIn document:{doc_id} ;\n"
        f"    rdf:subject document:{doc_id} ; rdf:predicate dcterms:title ;\n"
        f'    rdf:object "{title}"@fr ;\n'
        f'    rg:quote "{title}" .\n'
    )


def test_a_text_that_prints_no_date_is_dated_by_its_record(project_copy: Path) -> None:
    add_document(project_copy, NO_DATELINE)
    record = corpus_record(NO_DATELINE)

    result = build(project_copy)

    (doc,) = [d for d in result.documents if d.iri == URIRef(DOC + NO_DATELINE)]
    g, iri = doc.graph, doc.iri
    assert (iri, RDF.type, FABIO.ReportDocument) in g
    assert g.value(iri, DCTERMS.issued) == Literal("2025-03", datatype=XSD.gYearMonth)  # no day invented
    assert g.value(iri, DCTERMS.source) == URIRef(record["url"])
    assert g.value(iri, FABIO.hasAccessDate) == Literal(record["retrieved"], datatype=XSD.date)
    assert g.value(iri, DCTERMS.language) == Literal("fr")
    assert g.value(iri, DCTERMS.type) == URIRef(
        "https://w3id.org/relocgraph/id/document-kind/barometer-report"
    )
    assert str(g.value(iri, DCTERMS.title)) == record["title"]
    # the prefecture is not in the registry: an agent of this document, named as the record names it
    publisher = g.value(iri, DCTERMS.publisher)
    assert publisher == URIRef(f"{iri}/publisher")
    assert str(g.value(publisher, FOAF.name)) == record["publisher"]
    # the region resolves to the registry's place
    assert g.value(iri, DCTERMS.spatial) == URIRef(
        "https://w3id.org/relocgraph/id/place/auvergne-rhone-alpes"
    )
    labels = {label.language: str(label) for label in g.objects(iri, RDFS.label)}
    assert labels == {
        "fr": "Baromètre de mars 2025 (Préfecture de la région Auvergne-Rhône-Alpes)",
        "en": "Barometer report of March 2025 (Préfecture de la région Auvergne-Rhône-Alpes)",
    }
    assert str(g.value(iri, SKOS.editorialNote)).startswith("NO dateline")
    # the text is the corpus's, byte for byte
    stored = (project_copy / "data" / "sources" / f"{NO_DATELINE}.txt").read_bytes()
    assert stored == (CORPUS / f"{NO_DATELINE}.txt").read_bytes()
    assert str(g.value(iri, RG.sha256)) == hashlib.sha256(stored).hexdigest()


def test_numeric_dateline_and_a_title_printed_twice(project_copy: Path) -> None:
    title = corpus_record(NUMERIC_DATE_TITLE_TWICE)["title"]
    add_document(project_copy, NUMERIC_DATE_TITLE_TWICE, title_statement(NUMERIC_DATE_TITLE_TWICE, title))

    result = build(project_copy)

    (doc,) = [d for d in result.documents if d.iri == URIRef(DOC + NUMERIC_DATE_TITLE_TWICE)]
    assert doc.graph.value(doc.iri, DCTERMS.issued) == Literal("2021-07-21", datatype=XSD.date)
    assert (doc.iri, RDF.type, FABIO.PressRelease) in doc.graph
    # the title statement's evidence is the first of the two printings (the mirror's header, line 1)
    stmt = URIRef(f"{STATEMENT}{NUMERIC_DATE_TITLE_TWICE}/title")
    (evidence,) = doc.graph.objects(stmt, RG.hasEvidence)
    starts = [
        doc.graph.value(sel, OA.start).toPython()
        for sel in doc.graph.objects(evidence, OA.hasSelector)
        if (sel, RDF.type, OA.TextPositionSelector) in doc.graph
    ]
    assert starts == [0]
    assert doc.source.text.count("27 nouveaux lauréats du fonds d") == 2


@pytest.mark.parametrize("doc_id", [PUBLISHED_ON, TITLE_TWICE])
def test_more_real_documents_build_unchanged(project_copy: Path, doc_id: str) -> None:
    record = corpus_record(doc_id)
    add_document(project_copy, doc_id, title_statement(doc_id, record["title"]))

    result = build(project_copy)

    (doc,) = [d for d in result.documents if d.iri == URIRef(DOC + doc_id)]
    assert str(doc.graph.value(doc.iri, DCTERMS.issued)) == record["issued"]


def test_the_real_documents_validate_clean(project_copy: Path) -> None:
    from click.testing import CliRunner

    from relocgraph.cli import main

    for doc_id in (NO_DATELINE, NUMERIC_DATE_TITLE_TWICE, PUBLISHED_ON, TITLE_TWICE):
        add_document(project_copy, doc_id, title_statement(doc_id, corpus_record(doc_id)["title"]))

    done = CliRunner().invoke(main, ["validate", "--root", str(project_copy)])

    assert done.exit_code == 0, done.output
    assert "no findings" in done.output.lower()


def test_a_seed_with_a_record_keeps_its_meaning(project_copy: Path) -> None:
    """The record may repeat what the statements file says; it then only adds what is new."""
    meta = project_copy / "data" / "sources" / "cp-2024-11-22.meta.toml"
    meta.write_text(
        'id = "cp-2024-11-22"\nkind = "press-release"\nissued = "2024-11-22"\n'
        'date_as_printed = "Lyon, le 22 novembre 2024"\n'
        'publisher = "Région Auvergne–Rhône–Alpes (auvergnerhonealpes.fr)"\nlanguage = "fr"\n'
        'url = "https://example.org/cp-2024-11-22"\nretrieved = "2024-11-23"\n',
        encoding="utf-8",
    )
    plain = {d.iri: set(d.graph) for d in build(ROOT).documents}

    result = build(project_copy)

    for doc in result.documents:
        added = set(doc.graph) - plain[doc.iri]
        assert plain[doc.iri] <= set(doc.graph)
        if doc.iri.endswith("cp-2024-11-22"):
            assert {p for _s, p, _o in added} == {DCTERMS.source, DCTERMS.type, FABIO.hasAccessDate}
        else:
            assert not added


def test_record_and_statements_file_disagreeing_name_both(project_copy: Path) -> None:
    meta = project_copy / "data" / "sources" / "cp-2024-11-22.meta.toml"
    meta.write_text('id = "cp-2024-11-22"\nkind = "press-release"\nissued = "2024-11-21"\n', encoding="utf-8")

    with pytest.raises(InputError) as e:
        build(project_copy)

    message = str(e.value)
    assert "data/sources/cp-2024-11-22.meta.toml:3" in message
    assert "data/statements/cp-2024-11-22.ttl:" in message
    assert "2024-11-21" in message and "2024-11-22" in message


def test_a_printed_date_that_disagrees_with_the_record(project_copy: Path) -> None:
    record = (CORPUS / f"{PUBLISHED_ON}.meta.toml").read_text(encoding="utf-8")
    add_document(
        project_copy, PUBLISHED_ON, record=record.replace('issued = "2021-09-10"', 'issued = "2021-09-11"')
    )

    with pytest.raises(InputError) as e:
        build(project_copy)

    message = str(e.value)
    assert f"data/sources/{PUBLISHED_ON}.meta.toml:6" in message  # date_as_printed
    assert f"data/sources/{PUBLISHED_ON}.txt:5" in message  # where the text prints it
    assert "2021-09-10" in message and "2021-09-11" in message


def test_a_statements_title_that_differs_from_the_record(project_copy: Path) -> None:
    add_document(project_copy, PUBLISHED_ON)
    statements = project_copy / "data" / "statements" / f"{PUBLISHED_ON}.ttl"
    statements.write_text(
        statements.read_text(encoding="utf-8").replace(
            '.txt" .\n', '.txt" ;\n    dcterms:title "Le Train de la relance"@fr .\n'
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="title") as e:
        build(project_copy)
    assert f"{PUBLISHED_ON}.meta.toml:2" in str(e.value)


def test_a_kind_that_contradicts_the_declared_class(project_copy: Path) -> None:
    meta = project_copy / "data" / "sources" / "cp-2024-11-22.meta.toml"
    meta.write_text('id = "cp-2024-11-22"\nkind = "article"\nissued = "2024-11-22"\n', encoding="utf-8")
    with pytest.raises(
        InputError, match=r"kind = 'article' \(fabio:Article\) at data/sources/cp-2024-11-22.meta.toml:2"
    ):
        build(project_copy)


def test_a_publisher_that_names_another_organisation(project_copy: Path) -> None:
    meta = project_copy / "data" / "sources" / "cp-2024-11-22.meta.toml"
    meta.write_text(
        'id = "cp-2024-11-22"\nkind = "press-release"\nissued = "2024-11-22"\npublisher = "EcomNews"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"publisher 'EcomNews' \(data/sources/cp-2024-11-22.meta.toml:4\)"):
        build(project_copy)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('id = "x"\nkind = "press-release\nissued = "2024"\n', 2, "TOML syntax error"),
        ('id = "x"\nkind = "tweet"\nissued = "2024"\n', 2, "unknown document kind 'tweet'"),
        ('id = "x"\nkind = "article"\nissued = "2024-11-31"\n', 3, "issued must be a date"),
        ('id = "x"\nkind = "article"\nissued = 2024-11-30\n', 3, "issued must be a string"),
        ('id = "x"\nkind = "article"\nissued = "2024"\nauthor = "me"\n', 4, "unknown key 'author'"),
        ('id = "y"\nkind = "article"\nissued = "2024"\n', 1, "the record's id is 'y'"),
        ('id = "x"\nkind = "article"\nissued = "2024"\nurl = "http://a b"\n', 4, "url must be"),
        (
            'id = "x"\nkind = "article"\nissued = "2024"\nretrieved = "2024-11"\n',
            4,
            "retrieved must be a day",
        ),
    ],
)
def test_bad_records_name_their_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "x.meta.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_metadata(path, shown=Path("data/sources/x.meta.toml"))
    assert message in str(e.value)
    assert f"data/sources/x.meta.toml:{line}" in str(e.value)


def test_every_corpus_record_reads(project_root: Path) -> None:
    """The records gathered with the corpus are valid records (kinds, dates, URLs)."""
    records = sorted((project_root / "data" / "corpus").glob("*.meta.toml"))
    assert len(records) >= 15
    kinds = {read_metadata(p).kind for p in records}
    assert {"press-release", "agency-page", "article", "barometer-report"} <= kinds


def test_a_quote_found_twice_still_needs_its_occurrence(project_copy: Path) -> None:
    """Only titles are taken at their first occurrence; other quotes must say which one."""
    doc_id = NUMERIC_DATE_TITLE_TWICE
    repeated = "21/07/2021"
    figure = (
        f":date-again a rg:FactStatement ; rg:statedIn document:{doc_id} ;\n"
        f"    rdf:subject document:{doc_id} ; rdf:predicate dcterms:issued ;\n"
        f'    rdf:object "2021-07-21"^^xsd:date ; rg:quote "{repeated}" .\n'
    )
    add_document(project_copy, doc_id, figure)
    with pytest.raises(EvidenceError, match="found 2 times"):
        build(project_copy)

    add_document(project_copy, doc_id, figure.replace(" .\n", " ; rg:occurrence 2 .\n"))
    (doc,) = [d for d in build(project_copy).documents if d.iri == URIRef(DOC + doc_id)]
    stmt = URIRef(f"{STATEMENT}{doc_id}/date-again")
    (evidence,) = doc.graph.objects(stmt, RG.hasEvidence)
    line = next(
        doc.source.line_of(doc.graph.value(sel, OA.start).toPython())
        for sel in doc.graph.objects(evidence, OA.hasSelector)
        if (sel, RDF.type, OA.TextPositionSelector) in doc.graph
    )
    assert line == 2
    assert (stmt, RG.occurrence, None) not in doc.graph  # curation shorthand, like rg:quote


def test_a_dateline_statement_must_state_the_records_date(project_copy: Path) -> None:
    doc_id = NUMERIC_DATE_TITLE_TWICE
    add_document(
        project_copy,
        doc_id,
        f":dateline a rg:FactStatement ; rg:statedIn document:{doc_id} ;\n"
        f"    rdf:subject document:{doc_id} ; rdf:predicate dcterms:issued ;\n"
        f'    rdf:object "2021-07-20"^^xsd:date ; rg:quote "Nouvelle-Aquitaine – 21/07/2021" .\n',
    )
    with pytest.raises(InputError, match=rf"dateline statement .* says 2021-07-20.*{doc_id}.meta.toml:5"):
        build(project_copy)
