"""Switch the files of an accepted draft in all at once, or not at all, even across a crash.

``relocgraph accept`` writes every new file (the curated statements, the merged registry,
the source text and its metadata record) into one staging folder,
``.relocgraph/accept/stage-*``, checks them there, and then writes a **journal**
(``.relocgraph/accept/journal.json``, written whole and renamed into place: it exists
complete or not at all) listing the renames and removals that switch them in. Only then
does it apply them, one by one, each a single ``os.replace`` or unlink that can be done
again without harm.

Whatever the moment a crash (``kill -9``, power cut) stops it, the next ``accept``,
``build`` or ``ingest`` calls :func:`recover`, which

* **rolls forward** when the journal exists: the remaining steps are applied, so the project
  holds the new state whole;
* **rolls back** otherwise: staging folders without a journal are removed, and the project
  holds the old state whole (the draft is still there to accept again).

One lock (``.relocgraph/accept/lock``, :func:`fcntl.flock`) keeps two accepts, or an accept
and a recovery, from interleaving.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from relocgraph.model.errors import InputError, Location
from relocgraph.pipeline.faults import checkpoint

STATE_DIR = Path(".relocgraph/accept")
JOURNAL = "journal.json"
_STAGE_PREFIX = "stage-"


@dataclass(frozen=True)
class Step:
    """One step of a journal: put a staged file in place (``install``) or remove one (``remove``).

    Paths are relative to the project root. ``sha256`` is the staged content's digest: a
    step whose staged file is gone is done only if the target holds that content.
    """

    action: str
    target: str
    staged: str = ""
    sha256: str = ""
    point: str = ""  # the fault-injection checkpoint reached after this step


def sha256_of(path: Path) -> str:
    """The SHA-256 digest of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the project's accept lock (blocking) for the ``with`` block."""
    state = root / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    with (state / "lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def new_staging(root: Path) -> Path:
    """A fresh, empty staging folder under ``.relocgraph/accept/``."""
    state = root / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=_STAGE_PREFIX, dir=state))


def stage(staging: Path, relative: Path, content: bytes) -> Path:
    """Write ``content`` as ``staging/relative`` (flushed to disk); return its path."""
    path = staging / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    return path


def commit(root: Path, staging: Path, steps: list[Step]) -> None:
    """Write the journal for ``steps`` (the point of no return), then apply it."""
    journal = root / STATE_DIR / JOURNAL
    record = {"staging": staging.name, "steps": [asdict(s) for s in steps]}
    tmp = journal.with_name(JOURNAL + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(record, handle, ensure_ascii=False, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, journal)
    _fsync_dir(journal.parent)
    checkpoint("accept:journal-written")
    _apply(root, record)


def recover(root: Path, *, lock: bool = True) -> str | None:
    """Finish or undo an interrupted accept (see the module docs); return what was done
    ("rolled forward", "rolled back") or None when there was nothing to do."""
    state = Path(root) / STATE_DIR
    if not state.is_dir():
        return None
    if lock:
        with locked(Path(root)):
            return recover(root, lock=False)
    journal = state / JOURNAL
    done = None
    if journal.is_file():
        try:
            record = json.loads(journal.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise InputError(
                "the accept journal is damaged", Location(journal), hint="restore the files by hand"
            ) from e
        _apply(Path(root), record)
        done = "rolled forward"
    with contextlib.suppress(FileNotFoundError):
        (state / (JOURNAL + ".tmp")).unlink()  # a journal never completed: nothing was switched
    for leftover in sorted(state.glob(_STAGE_PREFIX + "*")):
        shutil.rmtree(leftover, ignore_errors=True)
        done = done or "rolled back"
    return done


def _apply(root: Path, record: dict[str, object]) -> None:
    steps = [Step(**s) for s in record["steps"]]  # type: ignore[attr-defined]
    for step in steps:
        target = root / step.target
        if step.action == "install":
            _install(root, step, target)
        elif step.action == "remove":
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            parent = target.parent
            if parent.name == "entities.draft" and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
        if step.point:
            checkpoint(step.point)
    (root / STATE_DIR / JOURNAL).unlink()
    _fsync_dir(root / STATE_DIR)
    shutil.rmtree(root / STATE_DIR / str(record["staging"]), ignore_errors=True)


def _install(root: Path, step: Step, target: Path) -> None:
    staged = root / step.staged
    if staged.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, target)
        _fsync_dir(target.parent)
    elif not (target.is_file() and sha256_of(target) == step.sha256):
        raise InputError(
            f"cannot finish an interrupted accept: {step.target} should hold the staged file, which is gone",
            Location(Path(step.target)),
            hint=f"restore it by hand, then delete {STATE_DIR / JOURNAL}",
        )


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
