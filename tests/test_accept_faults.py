"""Fault injection for ``relocgraph accept`` (issue 16, finding 3): killed by SIGKILL at every
named point, the project holds the state before the accept or the state after it — never a
mix — and the next command (``build``, ``accept``, ``ingest``) finishes or undoes it by itself.

``RELOCGRAPH_KILL_AT=accept:<point>`` names the point (``relocgraph.pipeline.faults``).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from relocgraph.ingest.journal import STATE_DIR
from relocgraph.pipeline.faults import ENV

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "tests/ingest/docs/cp-occitanie-2025-03-01.txt"
DRAFT = "data/statements/cp-2025-03-01.draft.ttl"

#: Before the journal is written: rolled back. From the journal on: rolled forward.
BEFORE_JOURNAL = ["accept:staged"]
AFTER_JOURNAL = [
    "accept:journal-written",
    "accept:statements-installed",
    "accept:registry-installed",
    "accept:draft-removed",
    "accept:proposals-removed",
]


def _run(root: Path, *args: str, kill_at: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ}
    env.pop(ENV, None)
    if kill_at:
        env[ENV] = kill_at
    return subprocess.run(
        [sys.executable, "-m", "relocgraph.cli", *args, "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _snapshot(root: Path) -> dict[str, str]:
    """Every file of data/ with its digest (the accept's staging area excluded)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "data").rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def ready(tmp_path_factory) -> Path:
    """A project with the Occitanie release ingested and curated, ready to accept."""
    from relocgraph.ingest.draft import ingest_file

    root = tmp_path_factory.mktemp("ready")
    for folder in ("ontology", "data"):
        shutil.copytree(ROOT / folder, root / folder)
    result = ingest_file(DOC, root)
    entities = result.entities_path
    assert entities is not None
    text = entities.read_text().replace("# reviewed: no", "# reviewed: yes")
    entities.write_text(re.sub(r'(rdfs:label ("[^"\n]*")@fr)(?! ,)', r"\1 , \2@en", text))
    blocks = result.draft_path.read_text().split("\n\n")
    for i, block in enumerate(blocks):
        if "a rg:ReportedFigure" in block and "    rg:creditedTo " not in block:
            blocks[i] = block.replace(
                "    prov:wasAttributedTo",
                "    rg:creditedTo organisation:region-occitanie ;\n    prov:wasAttributedTo",
            )
    result.draft_path.write_text("\n\n".join(blocks))
    return root


@pytest.fixture(scope="module")
def states(ready, tmp_path_factory) -> dict[str, dict[str, str]]:
    """The project's data before the accept and after a clean one."""
    after = tmp_path_factory.mktemp("after")
    shutil.copytree(ready, after, dirs_exist_ok=True)
    done = _run(after, "accept", str(after / DRAFT))
    assert done.returncode == 0, done.stderr
    return {"old": _snapshot(ready), "new": _snapshot(after)}


@pytest.fixture
def project(ready, tmp_path) -> Path:
    shutil.copytree(ready, tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_the_states_differ_where_an_accept_acts(states):
    old, new = states["old"], states["new"]
    assert DRAFT in old and DRAFT not in new
    assert "data/statements/cp-2025-03-01.ttl" in new
    assert old["data/entities.ttl"] != new["data/entities.ttl"]
    assert "data/entities.draft/cp-2025-03-01.ttl" in old and not any("entities.draft" in p for p in new)


@pytest.mark.parametrize("point", BEFORE_JOURNAL + AFTER_JOURNAL)
def test_accept_killed_at_any_point_is_finished_or_undone_by_the_next_build(project, states, point):
    killed = _run(project, "accept", str(project / DRAFT), kill_at=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    build = _run(project, "build", "-q", "--no-reason")
    if point in AFTER_JOURNAL:
        assert build.returncode == 0, build.stderr
        assert "rolled forward" in build.stderr
        assert _snapshot(project) == states["new"]
    else:
        # Rolled back: the draft is back in review, which build refuses (exit 2, not a crash).
        assert build.returncode == 2 and "Traceback" not in build.stderr
        assert _snapshot(project) == states["old"]
        again = _run(project, "accept", str(project / DRAFT))
        assert again.returncode == 0, again.stderr
        assert _snapshot(project) == states["new"]
        assert _run(project, "build", "-q", "--no-reason").returncode == 0
    assert not any((project / STATE_DIR).glob("stage-*"))
    assert not (project / STATE_DIR / "journal.json").exists()


@pytest.mark.parametrize("point", ["accept:staged", "accept:registry-installed"])
def test_the_next_accept_recovers_first(project, states, point):
    assert _run(project, "accept", str(project / DRAFT), kill_at=point).returncode == -signal.SIGKILL
    again = _run(project, "accept", str(project / DRAFT))
    if point in AFTER_JOURNAL:
        # finished by the recovery: the draft is gone, and accept says so clearly
        assert again.returncode == 2
        assert "draft not found" in again.stderr + again.stdout
    else:
        assert again.returncode == 0, again.stderr
    assert _snapshot(project) == states["new"]


def test_the_next_ingest_recovers_first(project, states):
    assert (
        _run(project, "accept", str(project / DRAFT), kill_at="accept:statements-installed").returncode
        == -signal.SIGKILL
    )
    other = ROOT / "tests/ingest/docs/cp-nouvelle-aquitaine-2025-02-03.txt"
    ingest = _run(project, "ingest", str(other))
    assert ingest.returncode == 0, ingest.stderr
    snapshot = _snapshot(project)
    assert {k: v for k, v in snapshot.items() if k in states["new"]} == states["new"]
