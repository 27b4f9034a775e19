"""Make a reviewed draft part of the curated data.

:func:`accept` takes ``data/statements/<slug>.draft.ttl`` (and, if ingest proposed new
entities, ``data/entities.draft/<slug>.ttl``) and:

1. refuses if ``data/statements/<slug>.ttl`` exists (nothing curated is overwritten);
2. refuses if the proposed entities are not marked reviewed — the curator changes the
   line ``# reviewed: no`` to ``# reviewed: yes`` after checking them: the registry is
   shared by every document, so nothing enters it unseen;
3. runs the real build on a temporary copy of the project with the draft in place and the
   proposed entities merged, so every quote passes the same evidence check as curated
   statements (errors name the draft's own file and line), then ``relocgraph validate``
   (SHACL shapes and lint) on that copy: curated data must pass it;
4. only then switches the new files in through :mod:`~relocgraph.ingest.journal`: the
   curated file (the draft without its "DRAFT" header), the registry with the reviewed
   entities appended, the source text and its metadata record are written to one staging
   folder, a journal lists the renames, and the renames and the removal of the draft and
   the proposals follow. A crash at any point is rolled forward (journal written) or back
   (not yet) by the next ``accept``, ``build`` or ``ingest``: the project never holds half
   of an accept.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from relocgraph.model.errors import DraftError, DraftValidationError, InputError, Location
from relocgraph.pipeline.faults import checkpoint
from relocgraph.pipeline.metadata import META_SUFFIX
from relocgraph.pipeline.project import (
    DRAFT_SUFFIX,
    ENTITIES_FILE,
    ENTITY_DRAFTS_DIR,
    SOURCES_DIR,
    STATEMENTS_DIR,
)

from . import journal

_REVIEWED = re.compile(r"^#\s*reviewed:\s*yes\s*$", re.MULTILINE | re.IGNORECASE)


@dataclass
class AcceptResult:
    """What :func:`accept` did."""

    curated: Path
    entities_added: int
    statements: int


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


def merged_entities(registry_text: str, proposals_text: str, source: str) -> str:
    """The registry with the proposals' entity blocks appended (prefix lines dropped).

    >>> merged_entities("@prefix a: <x#> .\\na:b a a:C .\\n",
    ...                 "# reviewed: yes\\n@prefix a: <x#> .\\na:d a a:C .\\n", "p.ttl")
    '@prefix a: <x#> .\\na:b a a:C .\\n\\n# --- Added from p.ttl by relocgraph accept ---\\n\\na:d a a:C .\\n'
    """
    body = [
        line
        for line in proposals_text.splitlines()
        if not line.startswith("@prefix") and not line.startswith("#")
    ]
    text = "\n".join(body).strip("\n")
    return (
        registry_text.rstrip("\n")
        + "\n\n"
        + f"# --- Added from {source} by relocgraph accept ---\n\n"
        + text
        + "\n"
    )


def accept(draft: Path, root: Path = Path("."), *, check: bool = True) -> AcceptResult:
    """Validate ``draft`` with the real build, then make it curated (see the module docs).

    Raises :class:`~relocgraph.model.errors.DraftError` when the draft cannot be accepted, the
    build's own :class:`~relocgraph.model.errors.InputError` (pointing into the draft) when a
    statement fails its checks, and :class:`~relocgraph.model.errors.DraftValidationError` with
    the findings when ``check`` is on and ``relocgraph validate`` would report errors
    (``check=False`` stops after the build, for tests of this module only).
    """
    root = Path(root)
    draft = draft if draft.is_absolute() else (Path.cwd() / draft)
    with journal.locked(root):
        journal.recover(root, lock=False)
        return _accept(draft, root, check=check)


def _accept(draft: Path, root: Path, *, check: bool) -> AcceptResult:
    rel = _relative(draft, root)
    target = _curated_target(draft, rel, root)
    slug = target.name[: -len(".ttl")]
    proposals = root / ENTITY_DRAFTS_DIR / target.name
    registry = root / ENTITIES_FILE
    registry_text = _read_utf8(registry, root)
    merged = _reviewed_merge(registry_text, proposals, root)
    draft_text = _read_utf8(draft, root)
    staging = journal.new_staging(root)
    try:
        steps = _stage(root, staging, draft_text, target, merged, slug)
        checkpoint("accept:staged")
        statements = _trial_build(draft, rel, target, root, registry_text, proposals, merged, check=check)
        if target.exists():
            raise DraftError(
                "a curated statements file of that name appeared meanwhile", Location(_relative(target, root))
            )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    steps.append(journal.Step("remove", _posix(draft, root), point="accept:draft-removed"))
    if proposals.exists():
        steps.append(journal.Step("remove", _posix(proposals, root), point="accept:proposals-removed"))
    journal.commit(root, staging, steps)
    added = len(re.findall(r"^\S.* a \S", merged[len(registry_text) :], re.MULTILINE)) if merged else 0
    return AcceptResult(target, added, statements)


def _posix(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def _stage(
    root: Path, staging: Path, draft_text: str, target: Path, merged: str | None, slug: str
) -> list[journal.Step]:
    """Write every file the accept switches in to ``staging``; return the install steps."""
    files: list[tuple[Path, bytes, str]] = [
        (STATEMENTS_DIR / target.name, curated_text(draft_text, slug).encode("utf-8"), "statements-installed")
    ]
    if merged is not None:
        files.append((ENTITIES_FILE, merged.encode("utf-8"), "registry-installed"))
    for name, point in ((f"{slug}.txt", "source-installed"), (f"{slug}{META_SUFFIX}", "record-installed")):
        path = root / SOURCES_DIR / name
        if path.is_file():
            files.append((SOURCES_DIR / name, path.read_bytes(), point))
    steps = []
    for relative, content, point in files:
        staged = journal.stage(staging, relative, content)
        steps.append(
            journal.Step(
                "install",
                relative.as_posix(),
                _posix(staged, root),
                hashlib.sha256(content).hexdigest(),
                point=f"accept:{point}",
            )
        )
    return steps


_DRAFT_HEADER = re.compile(r"\A# DRAFT statements of .*?\n(?=@prefix)", re.DOTALL)


def curated_text(draft_text: str, slug: str) -> str:
    """The draft as a curated file: its "DRAFT… build refuses this file" header replaced.

    >>> print(curated_text("# DRAFT statements of x\\n# Nothing here\\n@prefix : <x> .\\n", "x"))
    # Statements of data/sources/x.txt: drafted by `relocgraph ingest`, reviewed by a
    # curator and accepted by `relocgraph accept`. Every statement quotes the text verbatim.
    @prefix : <x> .
    <BLANKLINE>
    """
    header = (
        f"# Statements of {SOURCES_DIR / (slug + '.txt')}: drafted by `relocgraph ingest`, reviewed by a\n"
        "# curator and accepted by `relocgraph accept`. Every statement quotes the text verbatim.\n"
    )
    return _DRAFT_HEADER.sub(lambda _m: header, draft_text, count=1)


def _curated_target(draft: Path, rel: Path, root: Path) -> Path:
    """The curated file ``draft`` becomes; raise :class:`DraftError` unless ``draft`` is an
    existing draft of this project whose curated file does not exist yet."""
    if not draft.name.endswith(DRAFT_SUFFIX):
        raise DraftError(
            f"not a draft: {rel}",
            Location(rel),
            hint=f"accept takes a data/statements/<name>{DRAFT_SUFFIX} file",
        )
    if not draft.exists():
        raise DraftError("draft not found", Location(rel), hint="run relocgraph ingest FILE first")
    if draft.resolve().parent != (root / STATEMENTS_DIR).resolve():
        raise DraftError(
            "the draft is not in this project's data/statements/",
            Location(rel),
            hint="pass --root for the project the draft belongs to",
        )
    slug = draft.name[: -len(DRAFT_SUFFIX)]
    target = root / STATEMENTS_DIR / f"{slug}.ttl"
    if target.exists():
        raise DraftError(
            "a curated statements file of that name exists already",
            Location(_relative(target, root)),
            hint="never overwritten: merge by hand, or delete the draft",
        )
    return target


def _read_utf8(path: Path, root: Path) -> str:
    """A curated or draft file's text; :class:`DraftError` naming the line and column of
    the first byte that is not UTF-8 (an editor that saved it as Latin-1)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DraftError(
            f"not UTF-8 (byte 0x{data[e.start]:02x})",
            Location.at(_relative(path, root), data, e.start),
            hint="save the file as UTF-8 (your editor's encoding setting), then run accept again",
        ) from e


def _reviewed_merge(registry_text: str, proposals: Path, root: Path) -> str | None:
    """The registry with the proposed entities merged in (None without proposals); raise
    :class:`DraftError` when the proposals are not marked reviewed."""
    if not proposals.exists():
        return None
    proposals_text = _read_utf8(proposals, root)
    if not _REVIEWED.search(proposals_text):
        raise DraftError(
            "the proposed new entities have not been reviewed",
            Location(_relative(proposals, root)),
            hint="check each entity (delete the unwanted ones), then change the line "
            "'# reviewed: no' to '# reviewed: yes' and run accept again",
        )
    return merged_entities(registry_text, proposals_text, str(_relative(proposals, root)))


def _trial_build(
    draft: Path,
    rel: Path,
    target: Path,
    root: Path,
    registry_text: str,
    proposals: Path,
    merged: str | None,
    *,
    check: bool,
) -> int:
    """Build (and with ``check``, validate) a temporary copy of the project with the draft
    curated and the proposals merged; return the number of the draft's statements."""
    from relocgraph.pipeline.build import build

    with tempfile.TemporaryDirectory(prefix="relocgraph-accept-") as tmp:
        copy = Path(tmp)
        shutil.copytree(root / "ontology", copy / "ontology")
        shutil.copytree(
            root / "data", copy / "data", ignore=shutil.ignore_patterns("*" + DRAFT_SUFFIX, "entities.draft")
        )
        shutil.copyfile(draft, copy / STATEMENTS_DIR / target.name)
        if merged is not None:
            (copy / ENTITIES_FILE).write_text(merged, encoding="utf-8")
        try:
            result = build(copy)
        except InputError as e:
            _point_at_originals(e, target, rel, registry_text, proposals, root)
            raise
        if check:
            _validate_copy(copy, rel, target, proposals, root, merged=merged is not None)
    return next((d.statements for d in result.documents if d.file.path.name == target.name), 0)


def _validate_copy(copy: Path, rel: Path, target: Path, proposals: Path, root: Path, *, merged: bool) -> None:
    """Raise :class:`DraftValidationError`, naming the curator's files, when
    ``relocgraph validate`` finds errors in the built copy."""
    from relocgraph.check.validate import validate

    report = validate(copy)
    if report.ok:
        return
    shown = report.render("terminal").replace(f"[{STATEMENTS_DIR / target.name}]", f"[{rel}]")
    if merged:
        shown = shown.replace(f"[{ENTITIES_FILE}]", f"[{ENTITIES_FILE} or {_relative(proposals, root)}]")
    raise DraftValidationError(
        f"the draft does not pass `relocgraph validate` ({report.summary()}):\n" + shown.rstrip(),
        Location(rel),
        hint=f"fix {rel} (and the proposed entities), then run accept again",
    )


def _point_at_originals(
    e: InputError, target: Path, draft_rel: Path, registry_text: str, proposals: Path, root: Path
) -> None:
    """Rewrite an error's location from the temporary copy to the curator's files."""
    loc = e.location
    if loc is None:
        return
    path = Path(str(loc.path))
    if path.name == target.name:
        e.location = Location(draft_rel, loc.line, loc.column)
    elif path == ENTITIES_FILE and loc.line is not None:
        lines = registry_text.count("\n") + 1
        if loc.line > lines and proposals.exists():
            e.location = Location(_relative(proposals, root), None)
    e.hint = (e.hint + "\n  " if e.hint else "") + f"fix {draft_rel}, then run accept again"
    e.args = (str(e),)
