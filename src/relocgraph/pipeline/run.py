"""The one pipeline: sources → evidence → build → derive → reason → ``build/``.

Every entry point that makes the graph calls :func:`build_all` (``relocgraph build``,
``make run``, :func:`relocgraph.build` in notebooks); everything else reads what it
wrote — the RDF files and the Oxigraph store — and never builds again.

A build is written whole into a new folder ``build/versions/<stamp>/`` (the four RDF
files and the Oxigraph store) and switched in with one atomic rename of the symbolic link
``build/current``; ``build/relocgraph.trig``, ``.nq``, ``.ttl``, ``.nt`` and
``build/oxigraph`` are links through ``current``. A build that fails or is killed at any
point leaves the previous version in place; its half-written folder is removed by the
next build. Builds of one project take turns (a lock on ``build/.lock``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from relocgraph.model.errors import BuildError, BuildMissingError

if TYPE_CHECKING:  # pragma: no cover
    from relocgraph.pipeline.build import BuildResult
    from relocgraph.pipeline.reason import ReasoningResult

#: An environment variable naming a folder that holds the reasoner's results for every
#: project built while it is set (keyed by a hash of the inputs, so HermiT runs once per
#: distinct input); the test suite sets it. Unset, each build folder keeps its own.
REASONER_CACHE_ENV = "RELOCGRAPH_REASONER_CACHE"
#: Where a project's build is written, relative to the project folder.
BUILD_DIR = Path("build")
#: The built dataset readers open (the store sits beside it in ``oxigraph/``).
BUILT_TRIG = "relocgraph.trig"


@dataclass
class BuildOutcome:
    """What :func:`build_all` made: the build result, the reasoning (if any) and the
    paths it wrote, by format name (``trig``, ``nquads``, ``turtle``, ``ntriples``,
    ``oxigraph``)."""

    result: BuildResult | None
    reasoning: ReasoningResult | None
    paths: dict[str, Path] = field(default_factory=dict)
    #: True when the current build already held exactly this graph and nothing was rewritten
    unchanged: bool = False
    #: The lines the build that made the kept files printed, when no build ran at all
    #: (``skip_if_unchanged`` and inputs unchanged): ``summary`` and ``reasoning``.
    recorded: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for people: documents, statements, evidence spans, quads."""
        r = self.result
        if r is None:
            return self.recorded.get("summary", "")
        return (
            f"built {len(r.documents)} documents, {r.statement_count} statements, "
            f"{r.evidence_count} evidence spans, {len(r.dataset)} quads"
        )


def build_all(
    root: Path | str = ".",
    out_dir: Path | str | None = None,
    *,
    reason: bool = True,
    note: Callable[[str], None] | None = None,
    skip_if_unchanged: bool = False,
) -> BuildOutcome:
    """Build the graph of the project at ``root`` and write it to ``out_dir``
    (default ``<root>/build``): the dataset checked against every quote, the derived
    figures (``graph:derived``), the checks of claims against reference data
    (``graph:checks``), the reasoner's inferences (``graph:inferred``, unless
    ``reason=False``), the TriG/N-Quads/Turtle/N-Triples files and the Oxigraph store.

    ``note`` receives messages worth showing a person (for example that the reasoner
    fell back to owlrl). Raises a :class:`~relocgraph.model.errors.RelocgraphError`
    naming the file and line of any bad input; nothing is replaced then.

    With ``skip_if_unchanged`` (``relocgraph build``, so ``make run``), a build whose inputs
    — every file under ``data/`` and ``ontology/``, relocgraph's own code, queries and rules,
    the library versions and ``reason`` — hash as those of the current build is not run at
    all: the outcome has no ``result`` and repeats the lines that build printed.
    """
    from relocgraph.pipeline.build import build
    from relocgraph.pipeline.claims import check_claims
    from relocgraph.pipeline.derive import derive
    from relocgraph.pipeline.faults import checkpoint
    from relocgraph.pipeline.outputs import nquads_text, write_dataset
    from relocgraph.pipeline.persist import build_store
    from relocgraph.pipeline.versions import (
        build_lock,
        current_version,
        link_names,
        new_version,
        remove_stale,
        switch_to,
    )

    root = Path(root)
    out = Path(out_dir) if out_dir is not None else root / BUILD_DIR
    fingerprint = inputs_fingerprint(root, reason=reason)
    if skip_if_unchanged:
        kept = _kept_build(out, fingerprint)
        if kept is not None:
            return kept
    result = build(root)
    derive(result.dataset, cache_dir=out / ".cache")  # rule queries parsed once, kept between runs
    check_claims(result.dataset)  # graph:checks: claims against third-party reference data
    reasoning = None
    if reason:
        from relocgraph.pipeline.reason import add_inferred, build_files
        from relocgraph.pipeline.reason import reason as run_reasoner

        shared = os.environ.get(REASONER_CACHE_ENV)  # one cache for many projects (the test suite)
        reasoning = run_reasoner(
            result.dataset,
            cache_dir=Path(shared) if shared else out / ".cache",
            files=build_files(result),
            prune_cache=not shared,
        )
        if reasoning.notice and note is not None:
            note(reasoning.notice)
        add_inferred(result.dataset, reasoning)
        checkpoint("build:reasoned")
    nquads = nquads_text(result.dataset)
    try:
        with build_lock(out, note=note):
            if _same_build(out, nquads):  # outputs are deterministic: nothing to rewrite
                remove_stale(out)
                outcome = BuildOutcome(result, reasoning, {}, unchanged=True)
                _record_inputs(current_version(out), fingerprint, outcome)
                _touch_manifest(out)
                outcome.paths = {fmt: out / name for fmt, name in link_names().items()}
                return outcome
        with build_lock(out, note=note), new_version(out) as version:
            checkpoint("build:version-created")
            written = write_dataset(result.dataset, version, nquads=nquads)
            checkpoint("build:files-written")
            build_store(written["nquads"])
            checkpoint("build:store-written")
            _record_inputs(version, fingerprint, BuildOutcome(result, reasoning))
            switch_to(out, version)
    except OSError as e:
        raise BuildError(
            f"{out}: cannot write the build ({e.strerror or e}); the previous build is unchanged"
        ) from e
    paths = {fmt: out / name for fmt, name in link_names().items()}
    return BuildOutcome(result, reasoning, paths)


def _whole_build(out: Path) -> Path | None:
    """The current build's version folder, if the build is whole (store and every file)."""
    from relocgraph.pipeline.persist import MANIFEST
    from relocgraph.pipeline.versions import current_version, link_names

    version = current_version(out)
    if version is None or not (out / "oxigraph" / MANIFEST).is_file():
        return None
    if not all((out / name).exists() for name in link_names().values()):
        return None
    return version


def _same_build(out: Path, nquads: str) -> bool:
    """Whether the current build is whole and holds exactly these N-Quads. Every output is
    a deterministic function of the dataset, so the other files and the store are then
    what this build would write (a run on an unchanged project rewrites nothing)."""
    from relocgraph.pipeline.versions import link_names

    if _whole_build(out) is None:
        return False
    path = out / link_names()["nquads"]
    return path.stat().st_size == len(nquads.encode("utf-8")) and path.read_text(encoding="utf-8") == nquads


#: In a build's version folder: the hash of the inputs it was made from and the lines it printed.
INPUTS_RECORD = "inputs.json"


def inputs_fingerprint(root: Path, *, reason: bool) -> str:
    """A hash of everything a build reads: the project's ``data/`` and ``ontology/`` files
    (paths and bytes), relocgraph's package files (code, queries, rules, shapes, the
    packaged ontology), the versions of Python and of the libraries that shape the output,
    and whether it reasons."""
    import hashlib
    import sys
    from importlib.metadata import PackageNotFoundError, version

    import relocgraph

    digest = hashlib.sha256()
    digest.update(f"reason={reason};python={sys.version}".encode())
    for name in ("rdflib", "pyoxigraph", "owlready2", "owlrl", "pyshacl"):
        try:
            digest.update(f";{name}={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f";{name}=-".encode())
    package = Path(relocgraph.__file__).resolve().parent
    folders = [("data", root / "data"), ("ontology", root / "ontology"), ("package", package)]
    for label, folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if "__pycache__" in path.parts:
                continue
            name = f"{label}/{path.relative_to(folder).as_posix()}"
            if path.is_file():
                digest.update(f"\0file {name}\0".encode())
                digest.update(path.read_bytes())
            else:  # a folder, or anything else a build would trip over (a folder named x.ttl)
                digest.update(f"\0other {name}\0".encode())
    return digest.hexdigest()


def _record_inputs(version: Path, fingerprint: str, outcome: BuildOutcome) -> None:
    import json

    from relocgraph.pipeline.outputs import write_text_atomic

    lines = {"inputs": fingerprint, "summary": outcome.summary()}
    if outcome.reasoning is not None:
        # what a later run that keeps this build repeats: its inferences, computed before
        lines["reasoning"] = outcome.reasoning.summary().removesuffix(", from cache") + ", from cache"
    write_text_atomic(version / INPUTS_RECORD, json.dumps(lines, indent=1, sort_keys=True) + "\n")


def _kept_build(out: Path, fingerprint: str) -> BuildOutcome | None:
    """The current build, if it is whole and was made from exactly these inputs."""
    import json

    from relocgraph.pipeline.versions import build_lock, link_names, remove_stale

    version = _whole_build(out)
    if version is None:
        return None
    try:
        recorded = json.loads((version / INPUTS_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict) or recorded.get("inputs") != fingerprint:
        return None
    with build_lock(out):
        remove_stale(out)  # what a killed build left behind
    _touch_manifest(out)
    paths = {fmt: out / name for fmt, name in link_names().items()}
    return BuildOutcome(None, None, paths, unchanged=True, recorded=recorded)


def _touch_manifest(out: Path) -> None:
    """Mark the kept build as made now (readers compare its time with their inputs')."""
    import os

    from relocgraph.pipeline.persist import MANIFEST

    os.utime(out / "oxigraph" / MANIFEST)


def built_dataset_path(root: Path | str = ".") -> Path:
    """The built TriG of the project at ``root``; raises
    :class:`~relocgraph.model.errors.BuildMissingError` (saying what to run) if there is none."""
    path = Path(root) / BUILD_DIR / BUILT_TRIG
    if not path.is_file():
        raise BuildMissingError(f"{path} does not exist; run `relocgraph build` first")
    return path
