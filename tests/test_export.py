"""Exports: every format deterministic, RDF formats round-trip graph by graph, GraphML
and GEXF read back with networkx, CSV tables per class of statement."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from relocgraph.analysis.export import FORMATS, export, serialize_graph, serialize_rdf
from relocgraph.cli import main
from relocgraph.model.errors import ExportError
from relocgraph.model.namespaces import GRAPH, PREFIXES
from relocgraph.pipeline.outputs import union_graph


def _graphs(ds: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


@pytest.mark.parametrize("fmt, parse_as", [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_named_graph_formats_round_trip(derived_dataset, fmt, parse_as):
    text = serialize_rdf(derived_dataset, fmt)
    assert text == serialize_rdf(derived_dataset, fmt)
    back = Dataset(default_union=True)
    back.parse(data=text, format=parse_as)
    before, after = _graphs(derived_dataset), _graphs(back)
    assert sorted(after) == sorted(before)
    assert str(GRAPH.derived) in after
    for name, graph in before.items():
        assert isomorphic(graph, after[name]), name


@pytest.mark.parametrize("fmt, parse_as", [("turtle", "turtle"), ("ntriples", "nt")])
def test_single_graph_formats_hold_the_union(derived_dataset, fmt, parse_as):
    text = serialize_rdf(derived_dataset, fmt)
    assert text == serialize_rdf(derived_dataset, fmt)
    back = Graph().parse(data=text, format=parse_as)
    assert isomorphic(back, union_graph(derived_dataset))


def test_jsonld_context_is_inline_and_readable(derived_dataset):
    doc = json.loads(serialize_rdf(derived_dataset, "jsonld"))
    assert doc["@context"] == PREFIXES
    ids = {g["@id"] for g in doc["@graph"]}
    assert {"graph:derived", "document:cp-2024-11-22", "graph:entities"} <= ids


def test_graphml_reads_back_with_networkx(network):
    text = serialize_graph(network, "graphml")
    assert text == serialize_graph(network, "graphml")
    back = nx.read_graphml(io.StringIO(text), force_multigraph=True)
    assert set(back.nodes) == set(network.nodes)
    assert back.number_of_edges() == network.number_of_edges()
    node = "https://w3id.org/relocgraph/id/statement/cp-2024-11-22/jobs-results"
    assert back.nodes[node]["kind"] == "figure"
    assert json.loads(back.nodes[node]["facts"])["value"] == 14000


def test_gexf_reads_back_and_has_no_date(network):
    text = serialize_graph(network, "gexf")
    assert "lastmodifieddate" not in text
    back = nx.read_gexf(io.StringIO(text))
    assert back.number_of_nodes() == network.number_of_nodes()
    assert back.number_of_edges() == network.number_of_edges()


def test_csv_folder_and_zip(derived_dataset, tmp_path):
    folder = export(derived_dataset, "csv", tmp_path / "tables")
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["derived-figures.csv", "facts.csv", "figures.csv", "posts.csv", "quotes.csv"]
    figures = pd.read_csv(folder / "figures.csv")
    assert len(figures) == 16 and "quote" in figures.columns
    assert len(pd.read_csv(folder / "derived-figures.csv")) == 6
    assert len(pd.read_csv(folder / "quotes.csv")) == 4
    first = export(derived_dataset, "csv", tmp_path / "a.zip").read_bytes()
    second = export(derived_dataset, "csv", tmp_path / "b.zip").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert sorted(zf.namelist()) == names
        assert zf.read("figures.csv").decode() == (folder / "figures.csv").read_text()


def test_unknown_format_lists_the_formats(derived_dataset, tmp_path):
    with pytest.raises(ExportError, match="choose one of: trig, nquads, jsonld"):
        export(derived_dataset, "xml", tmp_path / "x")
    assert set(FORMATS) == {"trig", "nquads", "jsonld", "turtle", "ntriples", "graphml", "gexf", "csv"}


def test_cli_export_writes_byte_identical_files(built_dir, tmp_path):
    runner = CliRunner()
    outputs = []
    for name in ("one.gexf", "two.gexf"):
        result = runner.invoke(
            main,
            [
                "export",
                "--format",
                "gexf",
                "--data",
                str(built_dir / "relocgraph.trig"),
                "-o",
                str(tmp_path / name),
            ],
        )
        assert result.exit_code == 0, result.output
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    result = runner.invoke(main, ["export", "--format", "yaml"])
    assert result.exit_code == 2
