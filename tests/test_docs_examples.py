"""Docs that cannot drift: every command shown in README.md and docs/ runs and prints what
is shown (see tests/docs_examples.py), and the CLI reference is what ``--help`` says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from docs_examples import ROOT, examples, make_project, matches, run

DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
EXAMPLES = [e for path in DOC_FILES for e in examples(path)]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed project, built as `make run` builds it (reasoning included)."""
    return make_project(tmp_path_factory.mktemp("docs") / "project")


def test_the_docs_show_commands_that_are_run() -> None:
    files = {e.path.name for e in EXAMPLES}
    assert {"README.md", "getting-started.md"} <= files
    assert len(EXAMPLES) >= 10


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_example_prints_what_the_docs_show(example, project: Path) -> None:
    actual = run(example, project)
    assert matches(example.shown, actual), (
        f"{example.name}: `{example.command}` printed\n"
        + "\n".join(actual)
        + "\n(update the docs with `make docs-refresh`)"
    )


def test_cli_reference_is_generated_from_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "docs/cli.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr + "\n(regenerate with `make docs-refresh`)"


def test_every_command_has_a_section_in_the_cli_reference() -> None:
    from relocgraph.cli import main

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [name for name in sorted(main.commands) if f"\n## relocgraph {name}\n" not in text]
    assert not missing, f"commands missing from docs/cli.md: {missing}"


def test_docs_site_builds_strict_and_fetches_nothing(tmp_path: Path) -> None:
    import re

    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (site / "cli" / "index.html").is_file()
    remote = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"(https?:)?//", re.IGNORECASE)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not remote.search(text), f"{page.relative_to(site)} loads something from the network"
        assert "@import url(http" not in text
