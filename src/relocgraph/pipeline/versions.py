"""Build versions switched in at once: ``build/versions/<stamp>/`` and the ``current`` link.

A reader opens ``build/relocgraph.trig`` or ``build/oxigraph``; both are symbolic links
through ``build/current``, which points at one complete version. Switching is one
``rename`` of a new link over ``current``, so a reader sees the old build or the new
one, never a mix. Folders of versions that never became current (a build that failed or
was killed) and versions replaced by a newer one are removed by the next build.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> with build_lock(out), new_version(out) as v:
...     _ = (v / "relocgraph.trig").write_text("x")
...     switch_to(out, v)
>>> (out / "relocgraph.trig").read_text(), (out / "current").is_symlink()
('x', True)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from relocgraph.model.errors import BuildError
from relocgraph.pipeline.faults import checkpoint

VERSIONS = "versions"
CURRENT = "current"
LOCK = ".lock"
#: Names a reader opens in the build folder → the format they hold.
_LINKS = {
    "trig": "relocgraph.trig",
    "nquads": "relocgraph.nq",
    "turtle": "relocgraph.ttl",
    "ntriples": "relocgraph.nt",
    "oxigraph": "oxigraph",
}


def link_names() -> dict[str, str]:
    """The names in the build folder that lead to the current version, by format."""
    return dict(_LINKS)


@contextlib.contextmanager
def build_lock(out: Path, *, note: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the build folder's lock: a second build of the same folder waits its turn."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / LOCK).open("a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if note is not None:
                note(f"another build is writing {out}; waiting for it to finish")
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@contextlib.contextmanager
def new_version(out: Path) -> Iterator[Path]:
    """A new, empty version folder; removed again if the block fails. Call with the lock
    held: it first removes every version folder that is not current."""
    versions = out / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    remove_stale(out)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    path = versions / f"{stamp}-{os.getpid()}"
    path.mkdir()
    try:
        yield path
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise


def switch_to(out: Path, version: Path) -> None:
    """Make ``version`` the current build in one step and remove the replaced one."""
    previous = current_version(out)
    _replace_link(out / CURRENT, Path(VERSIONS) / version.name)
    checkpoint("build:switched")
    for name in _LINKS.values():
        link = out / name
        target = Path(CURRENT) / name
        if link.is_symlink() and Path(os.readlink(link)) == target:
            continue
        if link.is_dir() and not link.is_symlink():  # a build folder from before versions
            shutil.rmtree(link)
        _replace_link(link, target)
    if previous is not None and previous != version.resolve():
        shutil.rmtree(previous, ignore_errors=True)


def current_version(out: Path) -> Path | None:
    """The folder ``build/current`` points at, if any."""
    link = out / CURRENT
    return link.resolve() if link.is_symlink() and link.exists() else None


def _replace_link(link: Path, target: Path) -> None:
    tmp = link.with_name(f".{link.name}.{os.getpid()}.link")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise BuildError(f"{link}: cannot switch the build in ({e})") from e


def remove_stale(out: Path) -> None:
    """Remove every version folder that is not current (a killed build's). Call with the lock held."""
    keep = current_version(out)
    for folder in (out / VERSIONS).iterdir():
        if folder.resolve() != keep:
            shutil.rmtree(folder, ignore_errors=True)
    for leftover in out.glob(".oxigraph.*"):  # temporary stores of builds before versions
        shutil.rmtree(leftover, ignore_errors=True)
