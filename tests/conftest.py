"""Shared fixtures: the project root, a fresh build of the two seed releases, and its dataset.

The project's ``data/`` holds the seed releases and the real documents curated since
(``data/corpus/CURATION.md``). Tests that pin the seeds' own answers (who carries the plan,
the 16 figures of November 2024…) read :func:`seed_root`: a copy of the project with the
registry and only the two seed releases. Tests of the whole corpus read ``ROOT``."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: One reasoner cache for the whole run, builds in subprocesses included (results are keyed by
#: a hash of the inputs): HermiT runs once per distinct input, not once per fresh build folder.
#: A test that needs the reasoner to really run removes the variable from its environment.
os.environ.setdefault("RELOCGRAPH_REASONER_CACHE", tempfile.mkdtemp(prefix="relocgraph-reasoner-"))


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


#: The two seed releases of the Région (Lyon, 7 and 22 November 2024).
SEEDS = ("cp-2024-11-07", "cp-2024-11-22")


def make_seed_project(target: Path) -> Path:
    """Lay out at ``target`` a project with the ontology, the registry and the seed releases only."""
    shutil.copytree(ROOT / "ontology", target / "ontology")
    (target / "data" / "statements").mkdir(parents=True)
    (target / "data" / "sources").mkdir()
    shutil.copy2(ROOT / "data" / "entities.ttl", target / "data" / "entities.ttl")
    for seed in SEEDS:
        shutil.copy2(ROOT / "data" / "statements" / f"{seed}.ttl", target / "data" / "statements")
        shutil.copy2(ROOT / "data" / "sources" / f"{seed}.txt", target / "data" / "sources")
    return target


@pytest.fixture(scope="session")
def seed_root(tmp_path_factory) -> Path:
    """A project holding the registry and the two seed releases (see the module docs)."""
    return make_seed_project(tmp_path_factory.mktemp("seed") / "project")


@pytest.fixture(scope="session")
def build_result(seed_root):
    """The seed graph, built in memory from the seed project."""
    from relocgraph.pipeline.build import build

    return build(seed_root)


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
def derived_dataset(seed_root):
    """A fresh in-memory build of the seed data with ``graph:derived`` added (as
    ``relocgraph build`` writes it); separate from ``build_result`` so that tests of the
    plain build never see derived figures."""
    from relocgraph.pipeline.build import build
    from relocgraph.pipeline.derive import derive

    dataset = build(seed_root).dataset
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


def _start_virtuoso(tmp_path_factory):
    """A throw-away Virtuoso on loopback (skipped if not installed; required when CI=true)."""
    import virtuoso_server

    why = virtuoso_server.missing()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Virtuoso is required in CI: {why}")
        pytest.skip(f"Virtuoso not available: {why}")
    return virtuoso_server.start(tmp_path_factory.mktemp("virtuoso"))


def _push(server, nquads: Path) -> None:
    """Load a built dataset into ``server`` by the Graph Store Protocol, as `relocgraph push` does."""
    from unittest import mock

    from relocgraph.store.remote import PASSWORD_ENV, USER_ENV, push

    with mock.patch.dict(os.environ, {USER_ENV: server.user, PASSWORD_ENV: server.password}):
        push(nquads, server.graph_store)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A throw-away Virtuoso on loopback (skipped if not installed; required when CI=true)."""
    server = _start_virtuoso(tmp_path_factory)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_loaded(virtuoso, built_dir):
    """The Virtuoso above with the seed dataset pushed by the Graph Store Protocol."""
    _push(virtuoso, built_dir / "relocgraph.nq")
    return virtuoso


@pytest.fixture(scope="session")
def synth_corpus(tmp_path_factory) -> Path:
    """A 40-document synthetic corpus (~10k quads, seed 1): many documents stating the same
    facts, which the seed graph does not have."""
    from relocgraph.analysis.synth import synthesize

    out = tmp_path_factory.mktemp("synth-10k")
    synthesize(40, seed=1, out=out, root=ROOT)
    return out / "relocgraph.nq"


@pytest.fixture(scope="session")
def virtuoso_synth(tmp_path_factory, synth_corpus):
    """A second throw-away Virtuoso holding the synthetic corpus (its graphs must not mix
    with the seed graph's)."""
    server = _start_virtuoso(tmp_path_factory)
    _push(server, synth_corpus)
    yield server
    server.stop()
