"""The public Python API: cheap import, load (built, by building, or building a fresh
clone's missing build/), query, and the callable module names."""

from __future__ import annotations

import subprocess
import sys

import pytest

import relocgraph
from relocgraph.model.errors import BuildMissingError


def test_import_is_cheap():
    code = (
        "import sys, relocgraph; print(sorted({'rdflib', 'pandas', 'networkx', 'pyvis'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names():
    assert set(relocgraph.__all__) == {
        "load",
        "query",
        "queries",
        "to_networkx",
        "derive",
        "export",
        "show",
        "find_root",
    }
    with pytest.raises(AttributeError):
        relocgraph.no_such_function  # noqa: B018


def test_load_builds_a_fresh_clone(project_copy):
    assert not (project_copy / "build").exists()
    ds = relocgraph.load(root=project_copy)
    assert (project_copy / "build" / "relocgraph.trig").is_file()
    derived = relocgraph.query("derived-figures", graph=ds)
    assert len(derived) == 6


def test_load_from_a_file_and_by_building_agree(built_dir):
    from_file = relocgraph.load(built_dir / "relocgraph.trig")
    built = relocgraph.load(build=True)
    figures = relocgraph.query("figures", graph=from_file)
    assert figures["figure"].tolist() == relocgraph.query("figures", graph=built)["figure"].tolist()


def test_query_module_is_callable_and_still_a_module(derived_dataset):
    import relocgraph.store.catalogue as module

    assert callable(module.run_query)
    frame = relocgraph.query("figures", graph=derived_dataset, params={"indicator": "indicator:jobs-created"})
    assert frame["value"].tolist() == [14000, 14000, 14000]
    assert str(frame["value"].dtype) == "Int64"


def test_find_root_outside_a_project_says_what_to_do(tmp_path):
    with pytest.raises(BuildMissingError, match="no relocgraph project"):
        relocgraph.find_root(tmp_path)


def test_to_networkx_includes_derived_figures(derived_dataset):
    g = relocgraph.to_networkx(derived_dataset, lang="en")
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"person", "figure", "derived", "quotation"} <= kinds


def test_show_gives_the_offline_page_inline(derived_dataset):
    view = relocgraph.show(derived_dataset, focus="pack relocalisation", depth=1)
    assert view.data.startswith("<iframe srcdoc=")
    assert "pack relocalisation" in view.data
    assert "src=&quot;http" not in view.data
