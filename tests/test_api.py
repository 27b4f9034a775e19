"""The notebook API: cheap import, real signatures, open (building a fresh clone's
missing build/ with the one pipeline), query with parameters as values, and the readers."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import relocgraph
from relocgraph.model.errors import BuildMissingError, ParameterError


def test_import_is_cheap():
    code = (
        "import sys, relocgraph; print(sorted({'rdflib', 'pandas', 'networkx', 'pyvis'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_and_real_signatures():
    assert set(relocgraph.__all__) == {"open", "build", "find_root", "KnowledgeGraph"}
    with pytest.raises(AttributeError):
        relocgraph.load  # noqa: B018
    assert (
        str(inspect.signature(relocgraph.open))
        == "(root: 'Path | str | None' = None, *, backend: 'str' = 'oxigraph') -> 'KnowledgeGraph'"
    )
    assert list(inspect.signature(relocgraph.build).parameters) == ["root", "reason", "backend"]
    methods = {"query", "queries", "dataset", "to_networkx", "show", "export"}
    for name in methods:
        method = getattr(relocgraph.KnowledgeGraph, name)
        assert ">>>" in (method.__doc__ or ""), name
    assert list(inspect.signature(relocgraph.KnowledgeGraph.query).parameters) == ["self", "query", "params"]


def test_open_builds_a_fresh_clone_with_the_one_pipeline(project_copy, capfd):
    assert not (project_copy / "build").exists()
    kg = relocgraph.open(project_copy)
    assert "building" in capfd.readouterr().err
    assert (project_copy / "build" / "oxigraph" / "relocgraph-store.json").is_file()
    assert kg.store.name == "oxigraph"
    assert (
        len(kg.query("derived-figures")) == 14
    )  # 6 of the seeds, 4 of the 2022 article, 4 of Occitanie 2023
    assert len(kg.query("SELECT * { GRAPH graph:inferred { ?s ?p ?o } } LIMIT 1")) == 1  # reasoned
    again = relocgraph.open(project_copy)  # fresh now: nothing is built
    assert "building" not in capfd.readouterr().err
    assert again.query("figures")["figure"].tolist() == kg.query("figures")["figure"].tolist()
    (project_copy / "data" / "entities.ttl").touch()  # an input changed: build again
    relocgraph.open(project_copy)
    assert "building" in capfd.readouterr().err


def test_backends_give_the_same_frames(project_root):
    oxigraph = relocgraph.open(project_root)
    rdflib = relocgraph.open(project_root, backend="rdflib")
    for name, params in [("figures", {"indicator": "indicator:jobs-created"}), ("quotes", None)]:
        a, b = oxigraph.query(name, params), rdflib.query(name, params)
        assert a.equals(b), name
    frame = oxigraph.query("figures", {"indicator": "indicator:jobs-created"})
    assert frame["value"].tolist() == [
        5300,
        5306,
        14000,
        14000,
        14000,
        14000,
    ]  # 2022 article, 22 Nov 2024, a 2025 article repeating it
    assert str(frame["value"].dtype) == "Int64"
    with pytest.raises(ParameterError):
        oxigraph.query("figures", {"indicator": "<x> } SERVICE <http://127.0.0.1:9/> { <y>"})


def test_find_root_outside_a_project_says_what_to_do(tmp_path):
    with pytest.raises(BuildMissingError, match="no relocgraph project"):
        relocgraph.find_root(tmp_path)


def test_to_networkx_and_show_read_the_build(project_root):
    kg = relocgraph.open(project_root)
    g = kg.to_networkx(lang="en")
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"person", "figure", "derived", "quotation"} <= kinds
    view = kg.show(focus="pack relocalisation", depth=1)
    assert view.data.startswith("<iframe srcdoc=")
    assert "pack relocalisation" in view.data
    assert "src=&quot;http" not in view.data
