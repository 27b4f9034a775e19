import subprocess
import sys

import pytest
from rdflib.namespace import RDF

from relocgraph.model.errors import EvidenceError
from relocgraph.model.namespaces import OA, RG
from relocgraph.pipeline.build import build
from relocgraph.pipeline.sources import normalise, normalise_quote


def test_normalise_maps_back_to_original_offsets():
    raw = "Le  **818** projets\u00a0soutenus, d’euros 1^{re}"
    text, offsets = normalise(raw)
    assert text == "Le 818 projets soutenus, d'euros 1re"
    assert len(offsets) == len(text)
    for i, ch in enumerate(text):
        original = raw[offsets[i]]
        assert ch == original or (ch == " " and original.isspace()) or (ch == "'" and original == "’")


def test_every_statement_has_evidence_located_in_its_source(build_result):
    spans = 0
    for doc in build_result.documents:
        g = doc.graph
        statements = set(g.subjects(RG.statedIn, doc.iri))
        assert statements, doc.iri
        for stmt in statements:
            evidence = list(g.objects(stmt, RG.hasEvidence))
            assert evidence, f"{stmt} has no evidence"
            for ev in evidence:
                assert g.value(ev, OA.hasSource) == doc.iri
                selectors = list(g.objects(ev, OA.hasSelector))
                exact = next(str(g.value(s, OA.exact)) for s in selectors if (s, OA.exact, None) in g)
                pos = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
                start, end = int(g.value(pos, OA.start)), int(g.value(pos, OA.end))
                # the offsets point at exactly the quoted words in the file as it is
                assert doc.source.text[start:end] == exact
                spans += 1
    assert spans == build_result.evidence_count > 80


def test_no_curation_shorthand_left_in_the_graph(build_result):
    assert not list(build_result.dataset.quads((None, RG.quote, None, None)))


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_wrong_quote_fails_the_build_naming_statement_file_line_and_quote(project_copy):
    ttl = project_copy / "data/statements/cp-2024-11-22.ttl"
    _replace(ttl, '"818 projets soutenus"', '"819 projets soutenus"')
    with pytest.raises(EvidenceError) as info:
        build(project_copy)
    message = str(info.value)
    assert "data/statements/cp-2024-11-22.ttl:" in message
    assert "supported-projects" in message
    assert "819 projets soutenus" in message
    assert "not found" in message
    line = info.value.location.line
    assert "819 projets soutenus" in ttl.read_text(encoding="utf-8").splitlines()[line - 1]


def test_an_ambiguous_quote_fails_the_build(project_copy):
    ttl = project_copy / "data/statements/cp-2024-11-22.ttl"
    _replace(
        ttl,
        'rg:quote "Lyon, le 22 novembre 2024 Page 1 / 2" .\n\n:place',
        'rg:quote "Lyon, le 22 novembre 2024" .\n\n:place',
    )
    with pytest.raises(EvidenceError, match=r"ambiguous: found 2 times .*lines 5, 30"):
        build(project_copy)


def test_wrong_quote_from_the_command_line_exits_2_without_traceback(project_copy):
    ttl = project_copy / "data/statements/cp-2024-11-07.ttl"
    _replace(
        ttl,
        'rg:quote "la fabrication de batteries (Symbio)" .',
        'rg:quote "la fabrication de piles (Symbio)" .',
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "relocgraph.cli",
            "build",
            "--root",
            str(project_copy),
            "--out",
            str(project_copy / "build"),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "data/statements/cp-2024-11-07.ttl:" in run.stderr
    assert "la fabrication de piles (Symbio)" in run.stderr
    assert not (project_copy / "build" / "relocgraph.trig").exists()


def test_a_source_with_a_bom_keeps_offsets_true_to_its_text(project_copy):
    """A UTF-8 byte-order mark is not a character of the document: offsets count without it."""
    plain = {str(s): o for s, o in _positions(build(project_copy))}
    path = project_copy / "data" / "sources" / "cp-2024-11-22.txt"
    data = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + data)

    result = build(project_copy)

    text = data.decode("utf-8")
    doc = next(d for d in result.documents if d.iri.endswith("cp-2024-11-22"))
    assert doc.source.text == text
    assert {str(s): o for s, o in _positions(result)} == plain
    for start, end, exact in _spans(doc.graph):
        assert text[start:end] == exact


def test_a_source_with_a_nul_byte_is_refused_with_its_line(project_copy):
    from relocgraph.model.errors import InputError

    path = project_copy / "data" / "sources" / "cp-2024-11-22.txt"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[6] = lines[6][:3] + "\x00" + lines[6][3:]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match="NUL byte") as e:
        build(project_copy)
    assert str(e.value).startswith("data/sources/cp-2024-11-22.txt:7:4: ")


def test_occurrence_picks_one_of_a_repeated_quote(project_copy):
    path = project_copy / "data" / "statements" / "cp-2024-11-22.ttl"
    text = path.read_text(encoding="utf-8")
    old = 'rg:quote "porté par Stéphanie PERNOD" .'
    assert old in text
    path.write_text(text.replace(old, 'rg:quote "pack relocalisation" ; rg:occurrence 2 .'), encoding="utf-8")
    doc = next(d for d in build(project_copy).documents if d.iri.endswith("cp-2024-11-22"))
    source = doc.source.text
    starts = sorted(start for start, _end, exact in _spans(doc.graph) if exact == "pack relocalisation")
    second = source.find("pack relocalisation", source.find("pack relocalisation") + 1)
    assert second in starts and source.find("pack relocalisation") not in starts

    path.write_text(
        text.replace(old, 'rg:quote "pack relocalisation" ; rg:occurrence 99 .'), encoding="utf-8"
    )
    with pytest.raises(EvidenceError, match=r"occurrence 99 .* asked for"):
        build(project_copy)


def _positions(result):
    for doc in result.documents:
        for sel in doc.graph.subjects(RDF.type, OA.TextPositionSelector):
            yield sel, (doc.graph.value(sel, OA.start).toPython(), doc.graph.value(sel, OA.end).toPython())


def _spans(g):
    for ev in g.subjects(RDF.type, OA.SpecificResource):
        selectors = list(g.objects(ev, OA.hasSelector))
        pos = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
        yield (
            g.value(pos, OA.start).toPython(),
            g.value(pos, OA.end).toPython(),
            str(g.value(quote, OA.exact)),
        )


def _anchors(union):
    """Every evidence span of a dataset whose default graph is the union: document, offsets, texts."""
    for ev in set(union.subjects(RDF.type, OA.SpecificResource)):
        selectors = set(union.objects(ev, OA.hasSelector))
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in union)
        pos = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in union)
        yield (
            union.value(ev, OA.hasSource),
            int(union.value(pos, OA.start)),
            int(union.value(pos, OA.end)),
            {p: str(union.value(quote, p)) for p in (OA.exact, OA.prefix, OA.suffix, RG.normalisedExact)},
        )


def test_every_anchor_of_the_whole_corpus_is_byte_true_in_the_written_files(project_root, tmp_path):
    """oa:exact, oa:prefix and oa:suffix are the stored text's characters at and around
    [start, end), as any Web Annotation client re-anchors them, after a round trip through
    the TriG and N-Quads files; the matched form is rg:normalisedExact."""
    from relocgraph.pipeline.evidence import CONTEXT
    from relocgraph.pipeline.outputs import write_dataset
    from relocgraph.store import load_dataset

    result = build(project_root)
    texts = {doc.iri: doc.source.text for doc in result.documents}
    write_dataset(result.dataset, tmp_path)
    for name in ("relocgraph.trig", "relocgraph.nq"):
        anchors = list(_anchors(load_dataset(tmp_path / name)))
        assert len(anchors) == result.evidence_count > 100, name
        normalised = 0
        for doc, start, end, sel in anchors:
            text = texts[doc]
            where = f"{name}: {doc} [{start}:{end}]"
            assert sel[OA.exact] == text[start:end], where
            assert sel[OA.prefix] == text[max(0, start - CONTEXT) : start], where
            assert sel[OA.suffix] == text[end : end + CONTEXT], where
            assert sel[RG.normalisedExact] == normalise_quote(sel[OA.exact]), where
            normalised += sel[OA.exact] != sel[RG.normalisedExact]
        # the corpus has quotes with ’, ** and line breaks: the test covers them
        assert normalised >= 20, name
