"""The draft and the metadata record (issue 12): TODOs for a missing title or date that point
at the record, `ingest --date/--publisher/--url/--kind/--retrieved`, accepted files without
the DRAFT header, and quotes without a printed speaker title kept by `query quotes`."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from relocgraph.cli import main
from relocgraph.ingest.draft import ingest_file

pytestmark = pytest.mark.slow  # spaCy

ROOT = Path(__file__).resolve().parents[1]
NO_DATELINE = ROOT / "data/corpus/art-aura-ecomnews-2022-11.txt"  # prints no date and no title


@pytest.fixture
def bare_text(tmp_path) -> Path:
    """The real text alone, without its metadata record beside it."""
    path = tmp_path / "in" / "ecomnews.txt"
    path.parent.mkdir()
    shutil.copyfile(NO_DATELINE, path)
    return path


def test_a_text_without_dateline_or_title_gets_todos_pointing_at_the_record(project_copy, bare_text):
    result = ingest_file(bare_text, project_copy)
    draft = result.draft_path.read_text()
    record = project_copy / "data/sources/ecomnews.meta.toml"
    assert result.record_path == record
    assert (
        "# TODO dcterms:issued: the text prints no dateline: write the date in data/sources/ecomnews.meta.toml"
        in draft
    )
    assert "# TODO dcterms:title: no title was found" in draft
    assert 'dcterms:issued "' not in draft  # no date invented
    text = record.read_text()
    assert '# TODO: the text prints no dateline: issued = "YYYY-MM-DD"' in text
    assert tomllib.loads(text) == {"id": "ecomnews", "language": "fr"}
    assert (project_copy / "data/sources/ecomnews.txt").read_bytes() == NO_DATELINE.read_bytes()


def test_ingest_options_fill_the_record(project_copy, bare_text):
    run = CliRunner().invoke(
        main,
        [
            "ingest",
            str(bare_text),
            "--root",
            str(project_copy),
            "--date",
            "2022-11",
            "--publisher",
            "EcomNews",
            "--url",
            "https://ecomnews.fr/?lang=en&p=56018",
            "--kind",
            "article",
            "--retrieved",
            "2026-12-02",
        ],
    )
    assert run.exit_code == 0, run.output
    record = tomllib.loads((project_copy / "data/sources/ecomnews.meta.toml").read_text())
    assert record == {
        "id": "ecomnews",
        "kind": "article",
        "publisher": "EcomNews",
        "issued": "2022-11",
        "language": "fr",
        "url": "https://ecomnews.fr/?lang=en&p=56018",
        "retrieved": "2026-12-02",
    }
    draft = (project_copy / "data/statements/ecomnews.draft.ttl").read_text()
    assert "document:ecomnews a fabio:Article" in draft
    assert 'dcterms:issued "2022-11"^^xsd:gYearMonth' in draft
    assert "TODO dcterms:issued" not in draft
    bad = CliRunner().invoke(
        main, ["ingest", str(bare_text), "--root", str(project_copy), "--date", "11/2022"]
    )
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_the_record_beside_a_corpus_text_is_carried_over(project_copy):
    for path in ("data/statements", "data/sources"):  # curated already in this project: curate it again
        for old in (project_copy / path).glob(NO_DATELINE.stem + ".*"):
            old.unlink()
    result = ingest_file(NO_DATELINE, project_copy)
    assert result.draft_path.name == "art-aura-ecomnews-2022-11.draft.ttl"
    record = tomllib.loads(result.record_path.read_text())
    corpus = tomllib.loads(NO_DATELINE.with_name(NO_DATELINE.stem + ".meta.toml").read_text())
    assert record == corpus


def test_a_quote_without_a_printed_title_stays_in_query_quotes(project_copy):
    from relocgraph.pipeline.build import build
    from relocgraph.store import run_query

    path = project_copy / "data/statements/cp-2024-11-07.ttl"
    text = path.read_text()
    line = '    rg:speakerTitle "conseiller spécial de la Région Auvergne-Rhône-Alpes" ;\n'
    assert line in text
    path.write_text(text.replace(line, "", 1))
    frame = run_query("quotes", store=build(project_copy).dataset)
    frame = frame[frame["document"].str.endswith("/cp-2024-11-07")].reset_index(drop=True)  # the seed's
    assert len(frame) == 2
    untitled = frame[frame["speaker_title"].isna() | (frame["speaker_title"] == "")]
    assert list(untitled["speaker_label"]) == ["Laurent Wauquiez"]
