"""A project's layout: where its files are, the packaged ontology it falls back on, and
laying out a new project folder (``data/`` for the user's files, nothing else).

A project is ``data/sources/`` (the documents' texts), ``data/statements/`` (one
statements file per document) and ``data/entities.ttl`` (the entity registry), plus an
optional ``ontology/`` of its own; without one, the build uses the ontology and shapes
that ship with relocgraph (:func:`ontology_file`).
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from relocgraph.model.errors import InputError, Location

ONTOLOGY_DIR = Path("ontology")
ONTOLOGY_FILE = ONTOLOGY_DIR / "relocgraph.ttl"
ENTITIES_FILE = Path("data/entities.ttl")
STATEMENTS_DIR = Path("data/statements")
SOURCES_DIR = Path("data/sources")
#: Where ingest writes the entities a draft proposes, for review.
ENTITY_DRAFTS_DIR = Path("data/entities.draft")
DRAFT_SUFFIX = ".draft.ttl"

ENTITIES_TEMPLATE = """\
# Entity registry: every actor, plan, site, sector, indicator, period and place the
# statements refer to, with a stable IRI and labels in French and English.
@prefix rg: <https://w3id.org/relocgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix place: <https://w3id.org/relocgraph/id/place/> .
"""

README_TEMPLATE = """\
# {name}

A relocgraph project: put each document's text in `data/sources/`, its statements in
`data/statements/<document>.ttl` and the entities they name in `data/entities.ttl`,
then run `relocgraph build --root {name}` (add `ontology/` to use an ontology of your own).
"""


def init_project(target: Path | str, *, example: bool = False) -> list[Path]:
    """Create a project at ``target``; return the files and folders made, sorted.

    With ``example=True`` the seed documents that ship with relocgraph (two press
    releases, their statements and the entity registry) are copied in, so that
    ``relocgraph build --root target`` works at once. An existing ``data/`` is never
    overwritten.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp()) / "proj"
    >>> [str(p.relative_to(root)) for p in init_project(root)]
    ['README.md', 'data/entities.ttl', 'data/sources', 'data/statements']
    """
    root = Path(target)
    if (root / "data").exists():
        raise InputError(
            "a project is already there",
            Location(root / "data"),
            hint="choose another folder, or remove data/ first",
        )
    sources, statements = root / "data" / "sources", root / "data" / "statements"
    sources.mkdir(parents=True)
    statements.mkdir()
    entities = root / "data" / "entities.ttl"
    readme = root / "README.md"
    if example:
        seed = resources.files("relocgraph").joinpath("example")
        entities.write_text(seed.joinpath("entities.ttl").read_text("utf-8"), encoding="utf-8")
        for folder, dest in (("sources", sources), ("statements", statements)):
            for item in sorted(seed.joinpath(folder).iterdir(), key=lambda t: t.name):
                if item.is_file():
                    with resources.as_file(item) as path:
                        shutil.copyfile(path, dest / item.name)
    else:
        entities.write_text(ENTITIES_TEMPLATE, encoding="utf-8")
    if not readme.exists():
        readme.write_text(README_TEMPLATE.format(name=root.name), encoding="utf-8")
    return sorted([readme, entities, sources, statements], key=str)


def ontology_file(root: Path | str, name: str = "relocgraph.ttl") -> Path:
    """``root/ontology/name`` when the project has its own ``ontology/``, else the packaged one.

    A project made by ``relocgraph init`` holds only ``data/``; the ontology and shapes
    that ship with relocgraph then apply. A project with an ``ontology/`` folder uses
    its own files (and a file missing from it is an error, not a silent fallback).

    >>> ontology_file(".")
    PosixPath('ontology/relocgraph.ttl')
    >>> ontology_file("/nonexistent").name, ontology_file("/nonexistent").is_file()
    ('relocgraph.ttl', True)
    """
    own = Path(root) / ONTOLOGY_DIR
    if own.is_dir():
        return own / name
    return Path(str(resources.files("relocgraph").joinpath("ontology", name)))
