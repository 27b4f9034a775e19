"""Bad input never half-builds: each malformed input in tests/bad_inputs/ is applied to a
copy of the project that already has a successful build; the real CLI must then fail
with a clear message naming the file (and line), no traceback, a non-zero exit, and
build/ left byte for byte as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CASES = sorted((Path(__file__).parent / "bad_inputs").glob("*.toml"))
PROJECT_PARTS = ("ontology", "data")


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-m", "relocgraph.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with a successful build (reasoning included)."""
    root = tmp_path_factory.mktemp("pristine")
    for part in PROJECT_PARTS:
        shutil.copytree(REPO / part, root / part)
    done = run_cli("build", "--root", str(root), "--out", str(root / "build"), cwd=root)
    assert done.returncode == 0, done.stderr
    return root


def apply_case(case: dict, root: Path) -> str:
    """Apply one malformed-input patch to the project at ``root``; return the file it names."""
    target = root / case["file"]
    if "replace" in case:
        old, new = case["replace"]
        text = target.read_text(encoding="utf-8")
        assert old in text, f"the case no longer matches {case['file']}: {old!r}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    elif "append" in case:
        with target.open("a", encoding="utf-8") as f:
            f.write("\n" + case["append"] + "\n")
    elif "write" in case:
        target.write_text(case["write"], encoding="utf-8")
    elif case.get("mkdir"):
        target.mkdir()
    elif "reencode" in case:
        target.write_bytes(target.read_text(encoding="utf-8").encode(case["reencode"]))
    elif "delete" in case:
        paths = case["delete"] if isinstance(case["delete"], list) else [case["file"]]
        for pattern in paths:  # a path or a glob pattern
            matches = sorted(root.glob(pattern))
            assert matches, f"the case no longer matches any file: {pattern}"
            for path in matches:
                path.unlink()
    else:  # pragma: no cover - a malformed case file
        raise AssertionError(f"unknown patch in {case}")
    return case.get("names", case["file"])


def test_there_are_at_least_25_bad_inputs() -> None:
    assert len(CASES) >= 25


@pytest.mark.slow
@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_bad_input_fails_cleanly_and_leaves_build_alone(
    case_file: Path, built_project: Path, tmp_path: Path
) -> None:
    case = tomllib.loads(case_file.read_text(encoding="utf-8"))
    root = tmp_path / "project"
    shutil.copytree(built_project, root, symlinks=True)  # build/current stays a link
    before = tree_digest(root / "build")
    named = apply_case(case, root)

    done = run_cli("build", "--root", str(root), "--out", str(root / "build"), cwd=root)

    message = done.stderr
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in message + done.stdout
    assert case["expect"] in message, message
    if case.get("line"):
        assert f"{named}:" in message, message  # file:line
    else:
        assert Path(named).name in message or named in message, message
    assert tree_digest(root / "build") == before


def test_pristine_build_has_a_separate_inferred_graph(built_project: Path) -> None:
    trig = (built_project / "build" / "relocgraph.trig").read_text(encoding="utf-8")
    assert "\ngraph:inferred {" in trig
    assert (
        'dcterms:creator "HermiT (owlready2)"' in trig or 'dcterms:creator "OWL 2 RL rules (owlrl)"' in trig
    )


@pytest.mark.slow
def test_named_query_with_a_sparql_syntax_error(built_project: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(built_project, root)
    before = tree_digest(root / "build")
    broken = root / "broken.rq"
    broken.write_text(
        "# title: Broken\n# description: a FILTER left open\n"
        "SELECT ?s WHERE {\n  ?s a rg:Official\n  FILTER (?s =\n}\n",
        encoding="utf-8",
    )

    done = run_cli(
        "query", "--file", str(broken), "--data", str(root / "build" / "relocgraph.trig"), cwd=root
    )

    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    assert f"{broken}:5:" in done.stderr and "SPARQL syntax error" in done.stderr
    assert tree_digest(root / "build") == before
