"""relocgraph ingest: extraction from French press releases, drafts, accept, end to end."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from relocgraph.cli import main
from relocgraph.ingest.accept import accept
from relocgraph.ingest.draft import ingest_file
from relocgraph.ingest.extract import extract, load_nlp
from relocgraph.ingest.text import read_document
from relocgraph.model.errors import DraftError, DraftValidationError, InputError
from relocgraph.pipeline.evidence import locate
from relocgraph.pipeline.sources import SourceText, normalise

pytestmark = pytest.mark.slow  # loads spaCy's French pipeline (seconds)

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "tests/ingest/docs"
SEEDS = sorted((ROOT / "data/sources").glob("*.txt"))
TEST_DOCS = sorted(DOCS.glob("cp-*"))
OCCITANIE = DOCS / "cp-occitanie-2025-03-01.txt"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def extracted(nlp):
    """Every seed and test document with its extracted items."""
    out = {}
    for path in [*SEEDS, *TEST_DOCS]:
        text = read_document(path)
        out[path.name] = (text, extract(text, nlp=nlp))
    return out


def _items(extracted, name, type_):
    return [i for i in extracted[name][1] if i.type == type_]


def test_spacy_is_loaded_once_per_process(nlp):
    assert load_nlp() is nlp


@pytest.mark.parametrize("name", [p.name for p in [*SEEDS, *TEST_DOCS]])
def test_every_item_is_a_verbatim_span_with_checked_evidence(extracted, name):
    text, items = extracted[name]
    source = SourceText(Path(name), text, "", *normalise(text))
    assert items
    for item in items:
        assert text[item.start : item.end] == item.text
        assert item.evidence, item
        # the build's own evidence check (a title printed twice: its first occurrence, as the build does)
        span = locate(source, item.evidence, occurrence=1 if item.type == "title" else None)
        if item.type != "dateline":
            assert span.start <= item.end and item.start <= span.end


def test_dateline_title_and_publisher_of_a_seed(extracted):
    name = "cp-2024-11-22.txt"
    (dateline,) = _items(extracted, name, "dateline")
    assert (dateline.value, dateline.attrs["place"]) == ("2024-11-22", "Lyon")
    (title,) = _items(extracted, name, "title")
    assert title.text.startswith("14 000 emplois créés grâce au pack relocalisation")
    (publisher,) = _items(extracted, name, "publisher")
    assert publisher.attrs["name"] == "Région Auvergne-Rhône-Alpes"


def test_figures_in_full_units_with_their_unit(extracted):
    figures = {(i.text, i.value, i.unit) for i in _items(extracted, "cp-2024-11-22.txt", "figure")}
    assert ("165M€", Decimal("165000000"), "EUR") in figures
    assert ("3,164Mds €", Decimal("3164000000"), "EUR") in figures
    assert ("1,2 milliard d’euros", Decimal("1200000000"), "EUR") in figures
    assert ("818", Decimal("818"), "projects") in figures
    assert ("14 000", Decimal("14000"), "jobs") in figures
    occitanie = {
        (i.text, i.value, i.unit, i.attrs.get("qualifier"))
        for i in _items(extracted, OCCITANIE.name, "figure")
    }
    assert ("2,5 M€", Decimal("2500000"), "EUR", None) in occitanie
    assert ("12 %", Decimal("12"), "PERCENT", None) in occitanie
    assert ("300", Decimal("300"), "companies", "plus de") in occitanie


def test_a_ratio_is_two_figures(extracted):
    figures = _items(extracted, "cp-2024-11-07.txt", "figure")
    pair = [(f.text, f.unit) for f in figures if f.text in ("20", "36")][:2]
    assert pair == [("20", "projects"), ("36", "projects")]


def test_figure_period_credit_and_attribution(extracted):
    openings = [f for f in _items(extracted, "cp-2024-11-07.txt", "figure") if f.unit == "sites"]
    assert openings[0].attrs["period_key"] == "2024-q1"
    assert openings[0].attrs["attributed_to"] == "Baromètre industriel de l'État"
    listed = {f.text: f.attrs.get("credited_to") for f in _items(extracted, "cp-2024-11-22.txt", "figure")}
    assert listed["818"] == "plan relocalisation"  # from the line introducing the list


def test_dates_and_periods(extracted):
    dates = {d.text: d.value for d in _items(extracted, "cp-2024-11-07.txt", "date")}
    assert dates == {
        "En 2024": "2024",
        "au premier trimestre": "2024-q1",
        "dès 2016": "2016",
        "en décembre 2021": "2021-12",
    }


def test_persons_with_their_titles(extracted):
    posts = {
        (p.attrs["person"], normalise(p.text)[0]) for p in _items(extracted, "cp-2024-11-07.txt", "post")
    }
    assert (
        "Stéphanie PERNOD",
        "1re Vice-Présidente déléguée à l'économie, à la relocalisation, "
        "à la préférence régionale et numérique",
    ) in posts
    # title-case names (no capitals) come from the rules and spaCy's PER entities
    names = {p.text for p in _items(extracted, "cp-grand-est-2025-01-14.html", "person")}
    assert names == {"Marc Lefèvre", "Sophie Klein"}


def test_quoted_programme_names_are_names_not_quotes(extracted):
    plans = {p.attrs["name"] for p in _items(extracted, "cp-2024-11-07.txt", "plan")}
    assert plans == {"plan de relocalisation stratégique", "pack relocalisation"}
    quotes = _items(extracted, "cp-2024-11-07.txt", "quote")
    assert all("pack relocalisation" != q.text for q in quotes) and len(quotes) == 2


@pytest.mark.parametrize(
    ("name", "speaker", "where"),
    [
        ("cp-2024-11-22.txt", "Fabrice PANNEKOUCKE", "after"),  # « … » **Name, title.**
        ("cp-2024-11-07.txt", "Laurent WAUQUIEZ", "previous paragraph"),  # Name title : ¶ « … »
        ("cp-occitanie-2025-03-01.txt", "Hélène MARCHAND", "after"),  # “ … ”, a déclaré Name
        ("cp-occitanie-2025-03-01.txt", "Julien ROCHE", "before"),  # Pour Name, title : « … »
        ("cp-grand-est-2025-01-14.html", "Marc Lefèvre", "next paragraph"),  # "…" ¶ Name, title
    ],
)
def test_quote_speakers(extracted, name, speaker, where):
    quotes = [q for q in _items(extracted, name, "quote") if q.speaker == speaker]
    assert quotes and quotes[0].attrs["attribution"] == where


def test_html_is_read_as_paragraphs_without_navigation():
    text = read_document(DOCS / "cp-grand-est-2025-01-14.html")
    assert text.startswith("Strasbourg, le 14 janvier 2025\n\n")
    assert "Accueil" not in text and "Mentions légales" not in text
    assert "\n- 1 000 entreprises accompagnées\n- 240 M€" in text


def test_pdf_is_refused_with_a_hint(tmp_path):
    pdf = tmp_path / "cp.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    with pytest.raises(InputError, match="pdftotext"):
        read_document(pdf)


def test_ingest_json_lines(nlp):
    result = CliRunner().invoke(main, ["ingest", str(OCCITANIE), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert all({"type", "text", "start", "end"} <= set(r) for r in rows)
    text = read_document(OCCITANIE)
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    figure = next(r for r in rows if r["text"] == "45 millions d'euros")
    assert (figure["value"], figure["unit"]) == (45000000, "EUR")
    quote = next(r for r in rows if r["type"] == "quote")
    assert quote["speaker"] == "Hélène MARCHAND"
    region = next(r for r in rows if r["type"] == "organisation")
    assert region["entity_status"] == "new"


def test_ingest_is_idempotent_and_never_overwrites(project_copy, nlp):
    first = ingest_file(OCCITANIE, project_copy, nlp=nlp)
    draft = project_copy / "data/statements/cp-2025-03-01.draft.ttl"
    assert [p.name for p in first.written] == ["cp-2025-03-01.txt", draft.name, "cp-2025-03-01.ttl"]
    before = draft.read_bytes()
    second = ingest_file(OCCITANIE, project_copy, nlp=nlp)
    assert second.written == [] and draft.read_bytes() == before
    # a curator's edits are never overwritten silently
    draft.write_text(before.decode().replace("# [figure", "# edited\n# [figure", 1))
    with pytest.raises(InputError, match="--force"):
        ingest_file(OCCITANIE, project_copy, nlp=nlp)
    # another document under the same name
    other = project_copy / "other.txt"
    other.write_text(read_document(OCCITANIE).replace("Thermocap", "Thermocal"))
    with pytest.raises(InputError, match="--slug"):
        ingest_file(other, project_copy, nlp=nlp)
    # a curated document is never overwritten
    with pytest.raises(InputError, match="already curated"):
        ingest_file(SEEDS[1], project_copy, nlp=nlp)


def test_draft_follows_the_curated_conventions(project_copy, nlp):
    result = ingest_file(DOCS / "cp-grand-est-2025-01-14.html", project_copy, nlp=nlp)
    text = result.draft_path.read_text()
    assert "document:cp-2025-01-14 a fabio:PressRelease" in text
    assert 'rg:sourceFile "data/sources/cp-2025-01-14.txt"' in text
    assert "# [figure · confidence 0.95] 1,5 milliard d’euros" in text
    assert "rg:value 1500000000 ; sdmx-attribute:unitMeasure unit:CCY_EUR" in text
    assert "organisation:etat" in text  # linked to the registry (« l’État »)
    proposals = result.entities_path.read_text()
    assert "# reviewed: no" in proposals and "person:marc-lefevre a foaf:Person" in proposals
    # the build refuses drafts
    build_run = CliRunner().invoke(
        main, ["build", "--root", str(project_copy), "--out", str(project_copy / "build")]
    )
    assert build_run.exit_code == 2 and "relocgraph accept" in build_run.output


def test_accept_refuses_unreviewed_entities_and_existing_files(project_copy, nlp):
    result = ingest_file(OCCITANIE, project_copy, nlp=nlp)
    with pytest.raises(DraftError, match="not been reviewed"):
        accept(result.draft_path, project_copy)
    with pytest.raises(DraftError, match="not a draft"):
        accept(project_copy / "data/statements/cp-2024-11-07.ttl", project_copy)
    assert result.draft_path.exists()


def test_accept_points_build_errors_at_the_draft(project_copy, nlp):
    result = ingest_file(OCCITANIE, project_copy, nlp=nlp)
    _mark_reviewed(result.entities_path)
    draft = result.draft_path
    draft.write_text(draft.read_text().replace("1 500 emplois", "1 600 emplois"))  # in a quote
    with pytest.raises(InputError) as failure:
        accept(draft, project_copy)
    assert str(failure.value.location.path).endswith("cp-2025-03-01.draft.ttl")
    assert draft.exists() and not (project_copy / "data/statements/cp-2025-03-01.ttl").exists()


def test_accept_refuses_a_draft_that_would_fail_validation(project_copy, nlp):
    result = ingest_file(OCCITANIE, project_copy, nlp=nlp)
    _mark_reviewed(result.entities_path)
    registry_before = (project_copy / "data/entities.ttl").read_text()
    with pytest.raises(DraftValidationError) as failure:
        accept(result.draft_path, project_copy)
    message = str(failure.value)
    assert failure.value.exit_code == 1
    assert "reported-figure" in message and "rg:creditedTo" in message  # nothing credited
    assert "labels-fr-en" in message and "data/entities.draft/cp-2025-03-01.ttl" in message
    assert result.draft_path.exists()
    assert (project_copy / "data/entities.ttl").read_text() == registry_before


def test_ingest_accept_build_query_end_to_end(project_copy, nlp):
    """A new press release becomes part of the graph, and a named query returns its figures."""
    from relocgraph.check.validate import validate
    from relocgraph.pipeline.build import build
    from relocgraph.pipeline.outputs import write_dataset
    from relocgraph.store import load_dataset, run_query

    result = ingest_file(OCCITANIE, project_copy, nlp=nlp)
    _curate(result.draft_path, result.entities_path)
    registry_before = (project_copy / "data/entities.ttl").read_text()
    accepted = accept(result.draft_path, project_copy)
    assert accepted.curated == project_copy / "data/statements/cp-2025-03-01.ttl"
    assert not result.draft_path.exists() and not result.entities_path.exists()
    registry = (project_copy / "data/entities.ttl").read_text()
    assert registry.startswith(registry_before) and "person:helene-marchand a foaf:Person" in registry

    assert validate(project_copy).ok
    built = build(project_copy)
    assert len(built.documents) == len(list((ROOT / "data/statements").glob("*.ttl"))) + 1
    write_dataset(built.dataset, project_copy / "build")
    figures = run_query("figures", store=load_dataset(project_copy / "build/relocgraph.trig"))
    new = figures[figures["document"].str.endswith("cp-2025-03-01")]
    values = {(int(v), u.rsplit("/", 1)[-1]) for v, u in zip(new["value"], new["unit"], strict=True)}
    assert {(45000000, "CCY_EUR"), (1500, "NUM"), (2500000, "CCY_EUR"), (12, "PERCENT")} <= values
    jobs = new[new["verbatim"] == "1 500"]
    assert list(jobs["reported_by"]) == ["Région Occitanie"]


def _mark_reviewed(path: Path) -> None:
    path.write_text(path.read_text().replace("# reviewed: no", "# reviewed: yes"))


def _curate(draft: Path, entities: Path) -> None:
    """What a curator does before accepting: English labels (here, the French ones, fine for
    names), what each figure is credited to (here, the Region), then marks entities reviewed."""
    _mark_reviewed(entities)
    entities.write_text(re.sub(r'(rdfs:label ("[^"\n]*")@fr)(?! ,)', r"\1 , \2@en", entities.read_text()))
    blocks = draft.read_text().split("\n\n")
    for i, block in enumerate(blocks):
        if "a rg:ReportedFigure" in block and "    rg:creditedTo " not in block:
            blocks[i] = block.replace(
                "    prov:wasAttributedTo",
                "    rg:creditedTo organisation:region-occitanie ;\n    prov:wasAttributedTo",
            )
    draft.write_text("\n\n".join(blocks))


def test_seed_items_link_to_the_registry(extracted):
    from relocgraph.ingest.draft import make_draft
    from relocgraph.ingest.link import load_registry

    text, items = extracted["cp-2024-11-22.txt"]
    draft = make_draft(text, items, slug="cp-x", registry=load_registry(ROOT / "data/entities.ttl"))
    links = {(i.type, i.text): draft.links[id(i)] for i in items if id(i) in draft.links}
    assert links["person", "Stéphanie PERNOD"] == ("person:stephanie-pernod", "linked")
    assert links["plan", "plan relocalisation"] == ("plan:relocalisation-strategique-2021", "linked")
    assert links["plan", "pack relocalisation"] == ("instrument:pack-relocalisation", "linked")
    assert links["organisation", "Auvergne-Rhône-Alpes Entreprises"][1] == "linked"
    assert links["figure", "818"] == ("indicator:supported-projects", "linked")
    assert links["post", "Président de la Région Auvergne-Rhône-Alpes"] == ("post:region-president", "linked")
