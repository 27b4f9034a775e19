"""Everything downstream of the build reads what it wrote (the Oxigraph store with the
derived figures), never builds, and says what to run when there is no build; the
projection's queries give the same rows on every backend; unchanged charts and layouts
are not drawn again."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from relocgraph.analysis.network import to_networkx
from relocgraph.analysis.rows import analysis_queries, open_built, select
from relocgraph.cli import main
from relocgraph.model.errors import BuildMissingError
from relocgraph.store.backends import OxigraphBackend, RdflibBackend

ID = "https://w3id.org/relocgraph/id/"


@pytest.fixture(scope="module")
def derived_build(tmp_path_factory, derived_dataset) -> Path:
    """A build folder as `relocgraph build` writes it: files with graph:derived, and the store."""
    from relocgraph.pipeline.outputs import write_dataset
    from relocgraph.pipeline.persist import build_store

    out = tmp_path_factory.mktemp("derived-build")
    paths = write_dataset(derived_dataset, out)
    build_store(paths["nquads"])
    return out


def _sorted_rows(table) -> list[tuple]:
    return sorted(tuple(map(repr, row)) for row in table.rows)


@pytest.mark.parametrize("name", [q.name for q in analysis_queries()])
def test_analysis_queries_give_the_same_rows_on_every_backend(name, derived_dataset, derived_build):
    oxigraph = open_built(derived_build / "relocgraph.trig")
    assert isinstance(oxigraph, OxigraphBackend)
    on_store, on_rdflib = select(oxigraph, name), select(RdflibBackend(derived_dataset), name)
    assert on_store.columns == on_rdflib.columns
    assert on_store.rows, f"{name} answers nothing on the seed graph"
    assert _sorted_rows(on_store) == _sorted_rows(on_rdflib)


def test_projection_is_the_same_from_the_store_and_from_rdflib(derived_dataset, derived_build, network):
    from_store = to_networkx(open_built(derived_build / "relocgraph.trig"))
    assert list(from_store.nodes(data=True)) == list(network.nodes(data=True))
    assert list(from_store.edges(keys=True, data=True)) == list(network.edges(keys=True, data=True))
    assert from_store.graph == network.graph
    kinds = [d["kind"] for _, d in from_store.nodes(data=True)]
    # the seed releases and every registry entity (the registry also serves the real documents)
    # (+1 focus area and 4 categories of firms since issue 15: statements the releases make)
    # every node of the projection of the dataset itself (the seed releases and the whole
    # registry, which grows with the corpus), its 6 derived figures and 4 categories of firms
    assert len(kinds) == network.number_of_nodes() > 80
    assert kinds.count("derived") == 6 and kinds.count("firm-category") == 4
    openings = {ID + f"statement/cp-2024-11-{d}/net-site-openings" for d in ("07", "22")}
    assert any(set(g["figures"]) == openings for g in from_store.graph["versions"])


def test_viz_reads_the_build_with_its_derived_figures(derived_build, network, tmp_path):
    out = tmp_path / "graph.html"
    done = CliRunner().invoke(
        main, ["viz", "--input", str(derived_build / "relocgraph.trig"), "-o", str(out), "--no-charts"]
    )
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"{network.number_of_nodes()} nodes")
    assert '"group": "derived"' in out.read_text()


@pytest.mark.parametrize(
    "args",
    [["viz", "--no-charts"], ["summary", "--data", "build/relocgraph.trig"], ["export", "-f", "gexf"]],
)
def test_readers_without_a_build_say_what_to_run(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 2
    assert "run `relocgraph build` first" in done.output
    assert not (tmp_path / "build").exists()  # nothing was built


def test_open_built_never_builds(tmp_path):
    with pytest.raises(BuildMissingError, match="run `relocgraph build` first"):
        open_built(tmp_path / "build" / "relocgraph.trig")


def test_summary_answers_from_the_store(derived_build, derived_dataset):
    from relocgraph.analysis.summary import render_summary

    text = render_summary(open_built(derived_build / "relocgraph.trig"))
    assert text == render_summary(derived_dataset)
    assert "Stéphanie Pernod" in text and "values agree" in text


def test_export_of_a_build_copies_its_rdf_files(derived_build, network, tmp_path):
    from relocgraph.analysis.export import export, export_build

    for fmt, name in (("trig", "relocgraph.trig"), ("ntriples", "relocgraph.nt")):
        path = export_build(derived_build / "relocgraph.trig", fmt, tmp_path / name)
        assert path.read_bytes() == (derived_build / name).read_bytes()
    gexf = export_build(derived_build / "relocgraph.trig", "gexf", tmp_path / "a.gexf")
    assert (
        gexf.read_bytes()
        == export(open_built(derived_build / "relocgraph.trig"), "gexf", tmp_path / "b.gexf").read_bytes()
    )
    assert nx.read_gexf(gexf).number_of_nodes() == network.number_of_nodes()


def test_charts_are_not_redrawn_when_their_rows_do_not_change(derived_build, tmp_path, monkeypatch):
    from relocgraph.analysis import charts

    source = open_built(derived_build / "relocgraph.trig")
    first = {p.name: p.read_bytes() for p in charts.write_charts(source, tmp_path)}

    def no_drawing(*args, **kwargs):
        raise AssertionError("a chart was drawn again")

    monkeypatch.setattr(charts, "save_figure", no_drawing)
    assert {p.name: p.read_bytes() for p in charts.write_charts(source, tmp_path)} == first
    # A missing file, or other rows, and the chart is drawn again.
    (tmp_path / "figures.svg").unlink()
    with pytest.raises(AssertionError, match="drawn again"):
        charts.write_charts(source, tmp_path)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in charts.write_charts(source, tmp_path)} == first
    english = charts.write_charts(source, tmp_path, lang="en")
    assert (tmp_path / "timeline.png").read_bytes() != first["timeline.png"]
    assert len(english) == 4


def test_layout_positions_are_cached_per_graph_shape(tmp_path, monkeypatch):
    from relocgraph.web.graph import layout as layout_module

    g = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    first = layout_module.cached_layout(g, tmp_path)
    assert first == layout_module.layout(g) and len(list(tmp_path.glob("layout-*.json"))) == 1

    def no_layout(graph, **kwargs):
        raise AssertionError("laid out again")

    monkeypatch.setattr(layout_module, "layout", no_layout)
    assert layout_module.cached_layout(g, tmp_path) == first
    g.add_edge("c", "d")
    with pytest.raises(AssertionError, match="laid out again"):
        layout_module.cached_layout(g, tmp_path)
