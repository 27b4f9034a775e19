"""Acceptance (issue 12, points 4 and 5): the repository's graph holds a real corpus — at least 15
public documents with their source URL and retrieval date, from at least three regions, issued
2021–2025 — and the timeline of jobs created lines up figures of several documents, each with its
quote, none of them a planned or potential figure."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import relocgraph


@pytest.fixture(scope="module")
def kg(project_root: Path):
    return relocgraph.open(project_root)


@pytest.fixture(scope="module")
def corpus(kg):
    return kg.query("corpus")


def test_the_graph_holds_at_least_15_real_documents_with_url_and_retrieval_date(project_root, corpus):
    sourced = corpus[corpus["url"].notna() & corpus["retrieved"].notna()]
    names = [str(d).rsplit("/", 1)[-1] for d in sourced["document"]]
    # third-party reference texts (ref-*, for the claim checks) are not the corpus
    assert len([n for n in names if not n.startswith("ref-")]) >= 15
    for row, name in zip(sourced.itertuples(), names, strict=True):
        record = tomllib.loads((project_root / f"data/sources/{name}.meta.toml").read_text(encoding="utf-8"))
        # the graph says what the record says, and a corpus text is the corpus's, byte for byte
        assert str(row.url) == record["url"] and str(row.retrieved)[:10] == str(record["retrieved"])
        if not name.startswith("ref-"):
            assert (project_root / f"data/sources/{name}.txt").read_bytes() == (
                project_root / f"data/corpus/{name}.txt"
            ).read_bytes()


def test_the_corpus_covers_three_regions_and_2021_to_2025(corpus):
    real = corpus[corpus["url"].notna()]
    regions = set(real["region_label"].dropna()) - {"France"}
    assert len(regions) >= 3, regions
    assert {"2021", "2022", "2023", "2024", "2025"} <= set(real["year"].astype(str))


def test_the_summary_says_what_the_corpus_holds(project_root, corpus):
    from relocgraph.analysis.summary import render_summary
    from relocgraph.pipeline.build import build

    text = render_summary(build(project_root).dataset)
    assert f"Corpus: {len(corpus)} documents" in text
    assert "by region:" in text and "Hauts-de-France" in text and "by year:   2021" in text


def test_jobs_created_timeline_has_quoted_points_from_several_documents(kg):
    points = kg.query("indicator-timeline", {"indicator": "indicator:jobs-created"})
    documents = set(points["document"])
    # the texts that say « emplois … créés » alone: the 2022 EcomNews article, the seed of 22 November
    # 2024 and Lyon Capitale's article of March 2025, a reference text (the others say « créés et
    # confortés », « créés ou maintenus », « possiblement créés », « devraient être créés »: other
    # indicators)
    assert len(documents) >= 3 and len(points) >= 3
    for row in points.itertuples():
        quote = str(row.quote)  # the build located it in the document's source text
        assert "emplois" in quote and str(row.verbatim) in quote
        assert not any(w in quote for w in ("potentiel", "prévu", "devraient", "possiblement", "maintenus"))


def test_jobs_that_are_not_created_are_never_jobs_created(kg):
    figures = kg.query("figures")
    created = figures[figures["indicator"].astype(str).str.endswith("/jobs-created")]
    for words in ("possiblement créés", "devraient être créés", "créés et confortés", "créés ou maintenus"):
        assert not created["quote"].astype(str).str.contains(words).any(), words
    others = set(figures["indicator"].astype(str))
    assert any(i.endswith("/jobs-created-or-safeguarded") for i in others)
    assert any(i.endswith("/jobs-planned") for i in others)


def test_an_indicator_chart_draws_each_documents_figures(kg, tmp_path):
    from relocgraph.analysis.charts import _day

    points = kg.query("indicator-timeline", {"indicator": "indicator:jobs-created"})
    fig = kg.indicator_chart("indicator:jobs-created", tmp_path / "a.svg")
    ax = fig.axes[0]
    drawn = {
        (line.get_xdata()[0].isoformat(), line.get_ydata()[0]) for line in ax.lines if len(line.get_xdata())
    }
    # one point per date and value: the same figure printed twice in a release is one point
    expected = {
        (_day(str(w)).isoformat(), float(v)) for w, v in zip(points["when"], points["value"], strict=True)
    }
    assert {(d, float(v)) for d, v in drawn} == expected and len(expected) >= 3
    legend = {t.get_text() for t in ax.get_legend().get_texts()}
    assert len(legend) == points["document"].nunique()
    kg.indicator_chart("indicator:jobs-created", tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()
    with pytest.raises(ValueError, match="no reported figure"):
        kg.indicator_chart("indicator:no-such-thing")
