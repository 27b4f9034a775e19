"""relocgraph installs as a package and works outside the repository.

The slow test builds a wheel from a copy of the source, installs it with its *core*
dependencies only (from the package index, pinned by constraints.txt) into a fresh
virtual environment outside the repository — no ``--system-site-packages``, so a
missing dependency shows — and then, in an empty folder, lays out a project with
``relocgraph init``, builds it and queries it. The core install takes about 35 s
with a warm pip cache (``[all]`` about 100 s), hence the lean core here; the extras
are exercised by the rest of the suite in the development environment.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import threading
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Folders of a checkout that are not source: outputs, caches, environments.
_NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "node_modules", "__pycache__", "*.egg-info", ".*_cache", ".hypothesis"
)


#: The example project that ships in the wheel is the repository's own data/ (seeds and curated documents).
EXAMPLE_DOCUMENTS = sorted(p.stem for p in (ROOT / "data/statements").glob("*.ttl"))


def _run(*args: str | Path, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the source tree (the build leaves the checkout untouched)."""
    src = tmp_path_factory.mktemp("source") / "relocgraph"
    shutil.copytree(ROOT, src, symlinks=True, ignore=_NOT_SOURCE)
    out = tmp_path_factory.mktemp("wheelhouse")
    done = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, src, cwd=src)
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("relocgraph-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_ships_ontology_queries_rules_templates_and_example(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "relocgraph/ontology/relocgraph.ttl",
        "relocgraph/ontology/shapes.ttl",
        "relocgraph/store/queries/figures.rq",
        "relocgraph/pipeline/rules/derived-indicators.ttl",
        "relocgraph/model/vocab/labels.ttl",
        "relocgraph/web/templates/query.html",
        "relocgraph/web/static/query.js",
        "relocgraph/example/entities.ttl",
        "relocgraph/py.typed",
    }
    assert expected <= names, sorted(expected - names)
    # every named query, rule and seed file of the checkout is in the wheel
    for folder, pattern in (("store/queries", "*.rq"), ("pipeline/rules", "*"), ("example", "*/*")):
        for path in (ROOT / "src/relocgraph" / folder).glob(pattern):
            if path.is_file():
                assert str(path.relative_to(ROOT / "src")) in names
    # the editor ships with its licence when `make web-assets` has run (make setup does)
    vendored = ROOT / "src/relocgraph/web/vendor/codemirror"
    if vendored.is_dir():
        assert {
            "relocgraph/web/vendor/codemirror/LICENSE",
            "relocgraph/web/vendor/codemirror/lib/codemirror.js",
            "relocgraph/web/vendor/codemirror/mode/sparql/sparql.js",
        } <= names


@pytest.mark.slow
def test_installed_core_builds_and_queries_a_project_outside_the_repository(
    wheel: Path, tmp_path: Path
) -> None:
    from relocgraph.pipeline.build import build
    from relocgraph.store import run_query

    venv = tmp_path / "venv"
    assert _run(sys.executable, "-m", "venv", venv, cwd=tmp_path).returncode == 0
    bin_dir = venv / "bin"
    done = _run(
        bin_dir / "python", "-m", "pip", "install", "-q", "-c", ROOT / "constraints.txt", wheel, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    relocgraph = bin_dir / "relocgraph"
    work = tmp_path / "work"
    work.mkdir()

    done = _run(relocgraph, "init", "proj", "--example", cwd=work)
    assert done.returncode == 0, done.stderr
    proj = work / "proj"
    assert sorted(p.name for p in proj.iterdir()) == ["README.md", "data"]  # no ontology/: the packaged one

    done = _run(relocgraph, "build", "--root", "proj", "--no-reason", cwd=work)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"built {len(EXAMPLE_DOCUMENTS)} documents, "), done.stdout

    done = _run(relocgraph, "query", "figures", "--format", "csv", cwd=proj)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    in_repo = run_query("figures", store=build(ROOT).dataset)
    assert len(rows) == len(in_repo) > 10
    assert {r["document"] for r in rows} == set(in_repo["document"])

    # the notebook API imports with the core dependencies alone
    done = _run(
        bin_dir / "python", "-c", "import relocgraph as rg, relocgraph.api; print(rg.__name__)", cwd=proj
    )
    assert (done.returncode, done.stdout) == (0, "relocgraph\n"), done.stderr

    # a command whose extra is missing says which one to install, in one line, exit 2
    for args, extra in ((["viz"], "viz"), (["build"], "reason"), (["validate"], "check")):
        done = _run(relocgraph, *args, cwd=proj)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert f"pip install 'relocgraph[{extra}]'" in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr


# --- the query page without its editor --------------------------------------------------


@pytest.fixture(scope="module")
def page_server(built_dir, built_store) -> Iterator[tuple[object, object]]:
    """Two servers over the seed graph: one with the editor's assets, one without."""
    from relocgraph.web.serve import find_assets_dir, make_server
    from relocgraph.web.server import ServerConfig

    assets = find_assets_dir()
    if assets is None:
        pytest.skip("the editor is not installed (make setup)")
    servers = [
        make_server(ServerConfig(data_path=built_dir / "relocgraph.nq", port=0, workers=1, assets_dir=d))
        for d in (assets, None)
    ]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield servers[0], servers[1]
    for server in servers:
        server.shutdown()
        server.server_close()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_query_page_falls_back_to_a_plain_text_box_without_the_editor(page_server) -> None:
    with_editor, without = page_server
    status, html = _get(with_editor.url)
    assert status == 200
    assert '<script src="/assets/codemirror.js"' in html
    assert _get(with_editor.url + "assets/codemirror.js")[0] == 200

    status, html = _get(without.url)
    assert status == 200
    assert "/assets/" not in html
    assert '<textarea id="query"' in html
    assert "a plain text box is used" in html
    assert _get(without.url + "assets/codemirror.js")[0] == 404
    # the page's own script still loads and runs the query without CodeMirror
    assert _get(without.url + "static/query.js")[0] == 200


def test_editor_assets_are_found_in_the_package_when_vendored(monkeypatch, tmp_path) -> None:
    from relocgraph.web import serve

    fake = tmp_path / "web" / "serve.py"  # a module file whose checkout has no web/node_modules
    (tmp_path / "web" / "vendor" / "codemirror" / "lib").mkdir(parents=True)
    fake.touch()
    monkeypatch.delenv("RELOCGRAPH_WEB_ASSETS", raising=False)
    monkeypatch.setattr(serve, "__file__", str(fake))
    assert serve.find_assets_dir() is None  # vendor/ without codemirror.js: nothing to serve
    (tmp_path / "web" / "vendor" / "codemirror" / "lib" / "codemirror.js").write_text("//")
    assert serve.find_assets_dir() == tmp_path / "web" / "vendor"


# --- relocgraph init ---------------------------------------------------------------------


def test_init_lays_out_a_project_that_builds_with_the_packaged_ontology(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from relocgraph.cli import main

    runner = CliRunner()
    proj = tmp_path / "proj"
    done = runner.invoke(main, ["init", str(proj), "--example"])
    assert done.exit_code == 0, done.output
    assert not (proj / "ontology").exists()
    assert sorted(p.name for p in (proj / "data" / "statements").iterdir()) == sorted(
        p.name for p in (ROOT / "data" / "statements").glob("*.ttl")
    )
    done = runner.invoke(main, ["build", "--root", str(proj), "--no-reason"])
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"built {len(EXAMPLE_DOCUMENTS)} documents, "), done.output
    assert (proj / "build" / "oxigraph").is_dir()

    # never over an existing project
    done = runner.invoke(main, ["init", str(proj)])
    assert done.exit_code == 2
    assert "a project is already there" in done.output


def test_an_empty_project_says_what_to_add(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from relocgraph.cli import main

    runner = CliRunner()
    proj = tmp_path / "empty"
    assert runner.invoke(main, ["init", str(proj)]).exit_code == 0
    assert (proj / "README.md").read_text(encoding="utf-8").startswith("# empty\n")
    done = runner.invoke(main, ["build", "--root", str(proj), "--no-reason"])
    assert done.exit_code == 2
    assert "no statements files" in done.output
    assert "data/statements/<document>.ttl" in done.output


def test_a_project_with_its_own_ontology_folder_uses_it(tmp_path: Path) -> None:
    from relocgraph.pipeline.project import ontology_file

    assert ontology_file(tmp_path).parent.name == "ontology"
    assert ontology_file(tmp_path).read_bytes() == (ROOT / "ontology" / "relocgraph.ttl").read_bytes()
    (tmp_path / "ontology").mkdir()
    assert ontology_file(tmp_path) == tmp_path / "ontology" / "relocgraph.ttl"
    assert ontology_file(tmp_path, "shapes.ttl") == tmp_path / "ontology" / "shapes.ttl"
