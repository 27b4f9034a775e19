"""Commands shown in the docs, run for real: find them, run them, compare, refresh.

A ```` ```console ```` block of README.md or docs/*.md whose lines start with
``$ relocgraph …`` is an example that the tests execute: each ``$`` line is a command,
the lines after it (up to the next ``$`` line) its expected output, standard error
included. A line holding only ``…`` (or ``...``, or ``# output elided``) stands for any
number of lines, so a long or volatile output can be shown in part. Trailing spaces
are ignored. Other blocks (``text``, ``sh``) are illustrations and are not run.

Refresh the outputs in place after a change (``make docs-refresh``)::

    python -m tests.docs_examples --refresh README.md docs/*.md

The commands run in a built copy of the seed project (``ontology/``, ``data/``), with
the relocgraph of this checkout.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ELISIONS = {"…", "...", "# output elided"}
_MAIN = "import sys; from relocgraph.cli import main; sys.exit(main(prog_name='relocgraph'))"
_BLOCK = re.compile(r"^(?P<indent>[ \t]*)```console[ \t]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)


@dataclass
class Example:
    """One ``$ relocgraph …`` command of a console block and the output shown under it."""

    path: Path
    line: int  # of the command, counted from 1
    command: str
    expected: list[str]
    indent: str = ""  # of a block inside a list item

    @property
    def shown(self) -> list[str]:
        """The expected output without the blank lines that separate it from the next command."""
        lines = list(self.expected)
        while lines and not lines[-1]:
            lines.pop()
        return lines

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path}:{self.line}"


def examples(path: Path) -> list[Example]:
    """Every ``$ relocgraph`` command in the console blocks of ``path``, in order."""
    text = path.read_text(encoding="utf-8")
    found: list[Example] = []
    for block in _BLOCK.finditer(text):
        first_line = text.count("\n", 0, block.start("body")) + 1
        indent = block.group("indent")
        current: Example | None = None
        for offset, raw in enumerate(block.group("body").splitlines()):
            line = raw.removeprefix(indent)
            if line.startswith("$ "):
                current = Example(path, first_line + offset, line[2:], [], indent)
                found.append(current)
            elif current is not None:
                current.expected.append(line.rstrip())
    return [e for e in found if e.command.split()[:1] == ["relocgraph"]]


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` lines fit ``expected``, where an elision line stands for any lines.

    >>> matches(["a", "…", "d"], ["a", "b", "c", "d"]), matches(["a", "…"], ["b"])
    (True, False)
    """
    if not expected:
        return not actual
    head, *rest = expected
    if head.strip() in ELISIONS:
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == head and matches(rest, actual[1:])


def run(example: Example, project: Path) -> list[str]:
    """Run the example's command in ``project``; its output lines (stdout then stderr)."""
    args = shlex.split(example.command)
    if any(a in {"|", ">", "<", "&&", ";"} for a in args):
        raise ValueError(f"{example.name}: a console example runs one relocgraph command, no shell")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-c", _MAIN, *args[1:]],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    )
    lines = [line.rstrip() for line in done.stdout.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def refreshed(expected: list[str], actual: list[str]) -> list[str]:
    """``actual`` shown as ``expected`` showed it: as many lines before and after an elision.

    >>> refreshed(["a", "…", "z"], ["A", "B", "C", "Z"])
    ['A', '…', 'Z']
    """
    marks = [i for i, line in enumerate(expected) if line.strip() in ELISIONS]
    if not marks:
        return actual
    head, tail = marks[0], len(expected) - marks[-1] - 1
    if head + tail >= len(actual):
        return actual
    return [*actual[:head], expected[marks[0]], *(actual[len(actual) - tail :] if tail else [])]


def make_project(target: Path) -> Path:
    """A copy of the seed project with a complete ``relocgraph build`` (as ``make run`` does)."""
    for part in ("ontology", "data"):
        shutil.copytree(ROOT / part, target / part)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run(
        [sys.executable, "-m", "relocgraph.cli", "build", "--quiet"],
        cwd=target,
        env=env,
        check=True,
        timeout=600,
    )
    return target


def refresh(paths: list[Path], project: Path) -> int:
    """Rewrite the outputs of the examples of ``paths`` that no longer match; return how many.

    The commands run in document order (a later one may read what an earlier one wrote);
    the files are then rewritten from the bottom up, so line numbers stay valid.
    """
    changed = 0
    for path in paths:
        found = examples(path)
        outputs = [run(example, project) for example in found]
        lines = path.read_text(encoding="utf-8").split("\n")
        for example, output in reversed(list(zip(found, outputs, strict=True))):
            if matches(example.shown, output):
                continue
            start = example.line  # index of the first output line
            new = [example.indent + line if line else line for line in refreshed(example.shown, output)]
            lines[start : start + len(example.shown)] = new
            changed += 1
        path.write_text("\n".join(lines), encoding="utf-8")
    return changed


if __name__ == "__main__":
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--refresh", action="store_true", help="rewrite the outputs shown in the files")
    parser.add_argument("files", nargs="+", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="relocgraph-docs-") as tmp:
        project = make_project(Path(tmp) / "project")
        if options.refresh:
            print(f"refreshed {refresh([p.resolve() for p in options.files], project)} example(s)")
        else:
            failed = [
                e.name
                for p in options.files
                for e in examples(p.resolve())
                if not matches(e.shown, run(e, project))
            ]
            print("\n".join(f"differs: {name}" for name in failed) or "all examples match")
            sys.exit(1 if failed else 0)
