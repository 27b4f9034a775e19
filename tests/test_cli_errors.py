"""Careless inputs to the CLI end with one clear line and exit status 2, never a
traceback (issue 16, finding 7): query files that are not UTF-8 text or never end, a
SERVICE that fails, an entities draft saved as Latin-1, a text too large to ingest."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "relocgraph.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_clean_failure(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines and lines[0].startswith("error: "), done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def test_query_file_in_latin1_names_line_and_column(built_dir: Path, tmp_path: Path) -> None:
    query = tmp_path / "latin1.rq"
    query.write_bytes('SELECT * {\n  ?s ?p "été" }\n'.encode("latin-1"))
    done = run_cli("query", "--file", str(query), "--data", str(built_dir / "relocgraph.trig"), cwd=tmp_path)
    assert_clean_failure(done, f"{query}:2:10:", "UTF-8")


def test_query_file_that_never_ends_is_read_bounded(built_dir: Path, tmp_path: Path) -> None:
    started = time.monotonic()
    done = run_cli(
        "query", "--file", "/dev/zero", "--data", str(built_dir / "relocgraph.trig"), cwd=tmp_path, timeout=60
    )
    assert_clean_failure(done, "/dev/zero", "KB")
    assert time.monotonic() - started < 60


def test_query_file_with_a_nul_byte(built_dir: Path, tmp_path: Path) -> None:
    query = tmp_path / "nul.rq"
    query.write_bytes(b"SELECT * {\n ?s ?p ?o \x00 }")
    done = run_cli("query", "--file", str(query), "--data", str(built_dir / "relocgraph.trig"), cwd=tmp_path)
    assert_clean_failure(done, f"{query}:2:", "NUL")


def test_query_file_whose_service_fails(built_dir: Path, built_store: Path, tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    query = tmp_path / "service.rq"
    query.write_text(f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}\n")
    done = run_cli("query", "--file", str(query), "--data", str(built_dir / "relocgraph.trig"), cwd=tmp_path)
    assert_clean_failure(done, str(query), "SERVICE")


def test_a_folder_named_like_a_query_file(built_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "q.rq"
    folder.mkdir()
    done = run_cli("query", "--file", str(folder), "--data", str(built_dir / "relocgraph.trig"), cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "q.rq" in done.stderr


def test_ten_megabytes_of_text_to_ingest(tmp_path: Path) -> None:
    for folder in ("ontology", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    text = (ROOT / "tests/ingest/docs/cp-occitanie-2025-03-01.txt").read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text((text * (10_000_000 // len(text) + 1))[:10_000_000], encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "data").rglob("*"))
    done = run_cli("ingest", str(big), "--root", str(tmp_path), cwd=tmp_path, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "big.txt" in done.stderr and "too large" in done.stderr
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "data").rglob("*")) == before


@pytest.mark.slow
def test_latin1_bytes_in_an_entities_draft(tmp_path: Path) -> None:
    from relocgraph.ingest.draft import ingest_file

    for folder in ("ontology", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    result = ingest_file(ROOT / "tests/ingest/docs/cp-occitanie-2025-03-01.txt", tmp_path)
    assert result.entities_path is not None
    text = result.entities_path.read_text(encoding="utf-8").replace("# reviewed: no", "# reviewed: yes")
    text = re.sub(r'(rdfs:label ("[^"\n]*")@fr)(?! ,)', r"\1 , \2@en", text)
    assert any(ord(c) > 127 for c in text)
    result.entities_path.write_bytes(text.encode("latin-1", "replace"))
    first = next(i for i, line in enumerate(text.splitlines(), 1) if any(127 < ord(c) < 256 for c in line))
    data_before = {p: p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file()}

    done = run_cli("accept", str(result.draft_path), "--root", str(tmp_path), cwd=tmp_path)

    assert_clean_failure(done, f"data/entities.draft/{result.entities_path.name}:{first}:", "UTF-8")
    assert {p: p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file()} == data_before
