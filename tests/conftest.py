"""Shared fixtures: the project root, a fresh build of the real seed data, and its dataset."""

from __future__ import annotations

import os
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
    from relocgraph.pipeline.build import build

    return build(ROOT)


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory, build_result) -> Path:
    """A build/ folder written from the real seed graph (TriG, N-Quads, Turtle, N-Triples)."""
    from relocgraph.pipeline.outputs import write_dataset

    out = tmp_path_factory.mktemp("build")
    write_dataset(build_result.dataset, out)
    return out


@pytest.fixture(scope="session")
def dataset(built_dir):
    """The built dataset loaded back from TriG, as users and the CLI load it."""
    from relocgraph.store import load_dataset

    return load_dataset(built_dir / "relocgraph.trig")


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throw-away copy of the project's inputs (ontology/ and data/) to break on purpose."""
    for folder in ("ontology", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


# --- Analysis (issue 5): the seed graph with its derived figures, and its network ------


@pytest.fixture(scope="session")
def derived_dataset():
    """A fresh in-memory build of the seed data with ``graph:derived`` added (as
    ``relocgraph build`` writes it); separate from ``build_result`` so that tests of the
    plain build never see derived figures."""
    from relocgraph.pipeline.build import build
    from relocgraph.pipeline.derive import derive

    dataset = build(ROOT).dataset
    derive(dataset)
    return dataset


@pytest.fixture(scope="session")
def network(derived_dataset):
    """The networkx projection of ``derived_dataset``."""
    from relocgraph.analysis.network import to_networkx

    return to_networkx(derived_dataset)


CHROMIUM_PATH = Path("/usr/bin/chromium")
#: Headless flags for Debian's Chromium in this sandbox (no background network traffic).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip a browser test on a developer machine without Debian's Chromium; fail in CI,
    where `.ci/run` installs it, so a missing browser never passes silently."""
    import os

    if CHROMIUM_PATH.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM_PATH} is missing in CI: .ci/run must apt-get install chromium")
    pytest.skip(f"{CHROMIUM_PATH} is not installed (apt-get install chromium)")


# --- Oxigraph store and Virtuoso (issue 7: backends) -------------------------------------


@pytest.fixture(scope="session")
def built_store(built_dir) -> Path:
    """The persisted Oxigraph store for ``built_dir``, as `relocgraph build` writes it."""
    from relocgraph.pipeline.persist import build_store

    return build_store(built_dir / "relocgraph.nq")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A throw-away Virtuoso on loopback (skipped if not installed; required when CI=true)."""
    import virtuoso_server

    why = virtuoso_server.missing()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Virtuoso is required in CI: {why}")
        pytest.skip(f"Virtuoso not available: {why}")
    server = virtuoso_server.start(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_loaded(virtuoso, built_dir):
    """The Virtuoso above with the seed dataset pushed by the Graph Store Protocol."""
    from unittest import mock

    from relocgraph.store.remote import PASSWORD_ENV, USER_ENV, push

    with mock.patch.dict(os.environ, {USER_ENV: virtuoso.user, PASSWORD_ENV: virtuoso.password}):
        push(built_dir / "relocgraph.nq", virtuoso.graph_store)
    return virtuoso
