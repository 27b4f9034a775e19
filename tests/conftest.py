"""Shared fixtures: the project root, a fresh build of the real seed data, and its dataset."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def build_result():
    """The real seed graph, built in memory from ontology/ and data/."""
    from relocgraph.build import build

    return build(ROOT)


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory, build_result) -> Path:
    """A build/ folder written from the real seed graph (TriG, N-Quads, Turtle, N-Triples)."""
    from relocgraph.outputs import write_dataset

    out = tmp_path_factory.mktemp("build")
    write_dataset(build_result.dataset, out)
    return out


@pytest.fixture(scope="session")
def dataset(built_dir):
    """The built dataset loaded back from TriG, as users and the CLI load it."""
    from relocgraph.query import load_dataset

    return load_dataset(built_dir / "relocgraph.trig")


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throw-away copy of the project's inputs (ontology/ and data/) to break on purpose."""
    for folder in ("ontology", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path
