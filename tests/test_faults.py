"""Fault injection: a build killed (SIGKILL) at every named point, a build out of disk
space, two builds at once. After each, the project's build is the old state or the new
one — never a mix — and the next command succeeds.

``RELOCGRAPH_KILL_AT`` names the point (``relocgraph.pipeline.faults``); a full disk is
an RLIMIT_FSIZE limit on the build process, which makes writes fail with EFBIG as a full
disk makes them fail with ENOSPC. Builds run with ``--no-reason`` except where the
reasoner is the point of the test.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relocgraph.pipeline.faults import ENV

pytestmark = pytest.mark.slow

KILL_POINTS = [
    "build:version-created",
    "build:files-written",
    "build:store-written",
    "build:switched",
]


def _build(root: Path, *extra: str, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "relocgraph.cli", "build", "--root", str(root), "-q", *extra],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        **kw,
    )


def _state(root: Path) -> tuple[str, int]:
    """(sha256 of the current TriG, quads in the current store) — and the store must agree
    with the N-Quads written beside it."""
    import pyoxigraph as ox

    build = root / "build"
    trig = (build / "relocgraph.trig").read_bytes()
    nquads = (build / "relocgraph.nq").read_text(encoding="utf-8").splitlines()
    store = ox.Store.read_only(str(build / "oxigraph"))
    named = sum(1 for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
    assert named == len([line for line in nquads if line.strip()]), "store and N-Quads disagree"
    assert (build / "current").resolve().parent.name == "versions"
    return hashlib.sha256(trig).hexdigest(), named


def _change_data(root: Path) -> None:
    """A small real change: the English label of the Region."""
    path = root / "data" / "entities.ttl"
    text = path.read_text(encoding="utf-8")
    assert '"Auvergne-Rhône-Alpes Region"@en' in text
    path.write_text(
        text.replace('"Auvergne-Rhône-Alpes Region"@en', '"Auvergne-Rhone-Alpes Region"@en'), "utf-8"
    )


def _leftovers(root: Path) -> list[str]:
    versions = root / "build" / "versions"
    return sorted(p.name for p in versions.iterdir()) if versions.is_dir() else []


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> dict[str, tuple[str, int]]:
    """The build of the seed data before and after :func:`_change_data`."""
    root = tmp_path_factory.mktemp("states")
    for folder in ("ontology", "data"):
        shutil.copytree(Path(__file__).parents[1] / folder, root / folder)
    assert _build(root, "--no-reason").returncode == 0
    old = _state(root)
    _change_data(root)
    assert _build(root, "--no-reason").returncode == 0
    return {"old": old, "new": _state(root)}


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_build_killed_at_any_point_leaves_the_old_build_or_the_new(project_copy, states, point):
    assert _build(project_copy, "--no-reason").returncode == 0
    assert _state(project_copy) == states["old"]
    _change_data(project_copy)
    killed = _build(project_copy, "--no-reason", env={ENV: point})
    assert killed.returncode == -signal.SIGKILL
    after = _state(project_copy)
    # Killed after the switch, the new build is in; before it, the old one still is.
    assert after == (states["new"] if point == "build:switched" else states["old"])
    again = _build(project_copy, "--no-reason")
    assert again.returncode == 0, again.stderr
    assert _state(project_copy) == states["new"]
    assert len(_leftovers(project_copy)) == 1  # the killed build's folder was cleared


def test_a_build_out_of_disk_space_fails_clearly_and_keeps_the_old_build(project_copy, states):
    assert _build(project_copy, "--no-reason").returncode == 0
    _change_data(project_copy)

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    full = _build(project_copy, "--no-reason", preexec_fn=small_disk)
    assert full.returncode == 1
    assert "Traceback" not in full.stderr
    assert "cannot write the build" in full.stderr and "previous build is unchanged" in full.stderr
    assert _state(project_copy) == states["old"]
    assert len(_leftovers(project_copy)) == 1
    assert _build(project_copy, "--no-reason").returncode == 0
    assert _state(project_copy) == states["new"]


def test_two_builds_at_once_both_succeed_and_leave_one_whole_build(project_copy, states):
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "relocgraph.cli",
                "build",
                "--root",
                str(project_copy),
                "-q",
                "--no-reason",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    assert _state(project_copy) == states["old"]
    assert len(_leftovers(project_copy)) == 1


@pytest.mark.java
def test_killing_a_build_stops_its_reasoner(project_copy):
    if shutil.which("java") is None or shutil.which("setpriv") is None:
        pytest.skip("needs Java and setpriv")
    proc = subprocess.Popen(
        [sys.executable, "-m", "relocgraph.cli", "build", "--root", str(project_copy), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if k != "RELOCGRAPH_REASONER_CACHE"},  # reason for real
    )
    java = _wait_for_child(proc.pid, "java", seconds=120)
    assert java is not None, "the build never started the reasoner"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    # HermiT runs for several seconds on the seed graph; without the parent-death signal
    # it went on for all of them after its build was killed.
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline and Path(f"/proc/{java}").exists():
        if _is_zombie(java):
            break
        time.sleep(0.1)
    assert not Path(f"/proc/{java}").exists() or _is_zombie(java), "the reasoner outlived its build"


def _descendants(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                out.append(int(entry.name))
    return out + [d for child in out for d in _descendants(child)]


def _wait_for_child(pid: int, name: str, *, seconds: float) -> int | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for child in _descendants(pid):
            try:
                if name in Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace"):
                    return child
            except OSError:
                continue
        time.sleep(0.05)
    return None


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_a_rebuild_under_a_serving_endpoint_serves_old_then_new_never_an_error(project_copy, states):
    """`relocgraph build` while `relocgraph serve` answers queries: every answer during the
    rebuild is the old label or the new one, never an error, and the new one is served
    within seconds of the switch, without a restart."""
    import threading
    import urllib.parse
    import urllib.request

    from test_serve import _start_server

    assert _build(project_copy, "--no-reason").returncode == 0
    proc, url = _start_server(project_copy / "build" / "relocgraph.trig", "--workers", "2")
    query = "SELECT ?l { organisation:region-auvergne-rhone-alpes rdfs:label ?l FILTER(LANG(?l) = 'en') }"
    ask = url + "sparql?" + urllib.parse.urlencode({"query": query, "format": "csv"})
    seen: list[tuple[int, str]] = []
    stop = threading.Event()

    def client() -> None:
        while not stop.is_set():
            try:
                with urllib.request.urlopen(ask, timeout=30) as response:
                    seen.append((response.status, response.read().decode().splitlines()[-1]))
            except Exception as e:  # any failure is a finding of this test
                seen.append((0, repr(e)))
            time.sleep(0.02)

    thread = threading.Thread(target=client)
    try:
        thread.start()
        time.sleep(1.0)
        _change_data(project_copy)
        rebuilt = _build(project_copy, "--no-reason")
        assert rebuilt.returncode == 0, rebuilt.stderr
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (not seen or "Rhone" not in seen[-1][1]):
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join(timeout=30)
        proc.terminate()
        proc.wait(timeout=10)
    old, new = "Auvergne-Rhône-Alpes Region", "Auvergne-Rhone-Alpes Region"
    assert seen and all(status == 200 for status, _ in seen), [s for s in seen if s[0] != 200][:3]
    assert {answer for _, answer in seen} <= {old, new}
    assert seen[0][1] == old and seen[-1][1] == new
    # once the new label is served, the old one never comes back
    first_new = next(i for i, (_, answer) in enumerate(seen) if answer == new)
    assert all(answer == new for _, answer in seen[first_new:])


def test_a_build_of_an_unchanged_project_rewrites_nothing_and_a_change_is_written(project_copy):
    """Outputs are deterministic: when the graph equals the current build's, the build
    keeps it (same version folder, same files) and only marks it as made now."""
    assert _build(project_copy, "--no-reason").returncode == 0
    build = project_copy / "build"
    version = (build / "current").resolve()
    manifest = build / "oxigraph" / "relocgraph-store.json"
    os.utime(manifest, ns=(0, 0))
    again = _build(project_copy, "--no-reason", "-q")
    assert again.returncode == 0, again.stderr
    assert (build / "current").resolve() == version
    assert manifest.stat().st_mtime_ns > 0  # readers comparing times see a build as new as its inputs
    loud = subprocess.run(
        [sys.executable, "-m", "relocgraph.cli", "build", "--root", str(project_copy), "--no-reason"],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    assert "up to date: " in loud.stdout and "wrote" not in loud.stdout
    old = _state(project_copy)
    _change_data(project_copy)
    assert _build(project_copy, "--no-reason").returncode == 0
    assert (build / "current").resolve() != version
    assert _state(project_copy)[0] != old[0]
