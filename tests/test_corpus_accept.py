"""Acceptance (issue 12): real texts of the corpus that print no dateline, print their date as
« 21/07/2021 » or « le 17/05/2021 », or print their title twice are ingested and accepted without a character of
their text changed; their names link to the registry entities they name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("relocgraph.pipeline.metadata", reason="needs document metadata records (corpus-model)")

from relocgraph.ingest.accept import accept
from relocgraph.ingest.draft import ingest_file

pytestmark = pytest.mark.slow  # spaCy, and a build per accept

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data/corpus"

NO_DATELINE = "art-aura-ecomnews-2022-11"  # no date and no title printed at all
NUMERIC_DATE = "page-nouvelle-aquitaine-prefecture-fonds-acceleration-2021-07-21"  # « – 21/07/2021 »
LE_NUMERIC_DATE = "page-hauts-de-france-prefecture-nord-2021-05-17"  # « Mis à jour le 17/05/2021 »
TITLE_TWICE = "page-aura-prefecture-fonds-acceleration-2021-03-17"  # header and body


def _uncurate(root: Path, name: str) -> None:
    """Remove the document from the copy if the project has curated it already, to curate it again."""
    for path in (f"data/statements/{name}.ttl", f"data/sources/{name}.txt", f"data/sources/{name}.meta.toml"):
        (root / path).unlink(missing_ok=True)


def _review(result) -> None:
    """What a hurried but careful curator does: keep only what the build can check and
    the shapes accept — figures nobody is credited with, or that nobody is said to report,
    are deleted, not guessed — give
    every proposed entity an English label, and mark the proposals reviewed."""
    blocks = result.draft_path.read_text(encoding="utf-8").split("\n\n")
    kept = [
        b
        for b in blocks
        if not (
            "a rg:ReportedFigure" in b
            and ("    rg:creditedTo " not in b or "    prov:wasAttributedTo " not in b)
        )
    ]
    result.draft_path.write_text("\n\n".join(kept), encoding="utf-8")
    if result.entities_path is not None:
        text = result.entities_path.read_text(encoding="utf-8").replace("# reviewed: no", "# reviewed: yes")
        text = re.sub(r'(rdfs:label ("[^"\n]*")@fr)(?! ,)', r"\1 , \2@en", text)
        result.entities_path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", [NO_DATELINE, NUMERIC_DATE, LE_NUMERIC_DATE, TITLE_TWICE])
def test_a_real_text_is_accepted_without_changing_its_text(project_copy, name):
    from relocgraph.pipeline.build import build

    original = (CORPUS / f"{name}.txt").read_bytes()
    _uncurate(project_copy, name)
    result = ingest_file(CORPUS / f"{name}.txt", project_copy)
    assert result.draft_path.name == f"{name}.draft.ttl"
    assert result.record_path is not None  # the record travels with the text
    _review(result)
    accepted = accept(result.draft_path, project_copy)
    assert accepted.curated == project_copy / f"data/statements/{name}.ttl"
    curated = accepted.curated.read_text(encoding="utf-8")
    assert not curated.startswith("# DRAFT") and "build refuses this file" not in curated
    assert (project_copy / f"data/sources/{name}.txt").read_bytes() == original
    built = build(project_copy)
    doc = next(d for d in built.documents if d.file.path.name == f"{name}.ttl")
    assert doc.source.text.encode("utf-8") == original


def test_the_names_of_a_real_text_link_to_the_registry(project_copy):
    _uncurate(project_copy, NO_DATELINE)
    result = ingest_file(CORPUS / f"{NO_DATELINE}.txt", project_copy)
    links = {
        (i.type, i.text): result.draft.links[id(i)] for i in result.draft.items if id(i) in result.draft.links
    }
    assert links["person", "Stéphanie PERNOD"] == ("person:stephanie-pernod", "linked")
    post = next(k for k in links if k[0] == "post")
    assert post[1].startswith("1ère Vice-présidente de la Région déléguée")
    assert links[post] == ("post:region-first-vice-president-economy", "linked")
    assert links["plan", "Plan de relocalisation stratégique"] == (
        "plan:relocalisation-strategique-2021",
        "linked",
    )
    assert links["organisation", "Auvergne-Rhône-Alpes Entreprises"][1] == "linked"
    figures = {i.text: result.draft.links[id(i)][0] for i in result.draft.items if i.type == "figure"}
    assert figures["5 300"] == "indicator:jobs"  # « emplois » alone: the broader concept, never a guess
