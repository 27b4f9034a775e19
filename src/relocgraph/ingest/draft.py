"""Write what ingest extracted as a draft statements file a curator reviews.

:func:`ingest_file` reads a press release, extracts its items, links them to the entity
registry and writes, all or nothing:

* ``data/sources/<slug>.txt`` — the document's text (the evidence every quote points into);
* ``data/statements/<slug>.draft.ttl`` — one statement block per item, in the curated
  files' conventions, each under a comment line giving the item's type and confidence;
* ``data/entities.draft/<slug>.ttl`` — the entities the draft needs that the registry
  lacks, for review (its ``# reviewed: no`` line must become ``# reviewed: yes``).

It never overwrites a curated file; running it again on the same document writes the
same bytes (and refuses to overwrite a draft the curator has edited, unless ``force``).
``relocgraph build`` refuses ``*.draft.ttl`` files; ``relocgraph accept`` makes them curated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relocgraph.model.errors import InputError, Location
from relocgraph.pipeline.metadata import KEYS as RECORD_KEYS
from relocgraph.pipeline.metadata import META_SUFFIX
from relocgraph.pipeline.project import (
    DRAFT_SUFFIX,
    ENTITIES_FILE,
    ENTITY_DRAFTS_DIR,
    SOURCES_DIR,
    STATEMENTS_DIR,
)
from relocgraph.pipeline.sources import SourceText, normalise

from .extract import extract
from .gazetteer import Gazetteer
from .items import Item
from .link import (
    Registry,
    load_registry,
    slugify,
)
from .render import Draft, Renderer
from .text import read_document


def make_draft(
    text: str, items: list[Item], *, slug: str, registry: Registry, meta: dict[str, str] | None = None
) -> Draft:
    """Render ``items`` of ``text`` as a draft for document ``slug``.

    >>> from relocgraph.ingest.link import Registry
    >>> text = "Lyon, le 7 novembre 2024\\n\\nUn bilan régional\\n\\n- **818** projets soutenus\\n"
    >>> draft = make_draft(text, extract(text, nlp=None), slug="cp-x", registry=Registry())
    >>> print("# [figure" + draft.statements.split("# [figure")[1].rstrip())
    # [figure · confidence 0.90] 818
    # proposes NEW entity indicator:projets (no registry entity of that name)
    # unit noun: projects
    # TODO rg:creditedTo: what does the document credit this figure to?
    # TODO prov:wasAttributedTo: who reports it (the publisher, or a source it cites)?
    :figure-projets a rg:ReportedFigure ; rg:statedIn document:cp-x ;
        rg:indicator indicator:projets ;
        rg:value 818 ; sdmx-attribute:unitMeasure unit:NUM ;
        rg:verbatimValue "818" ;
        rg:periodNotStated true ;
        rg:quote "818 projets soutenus" .
    """
    source = SourceText(Path(slug + ".txt"), text, "", *normalise(text))
    renderer = Renderer(slug, text, items, registry, source, meta)
    statements, _ = renderer.render()
    return Draft(
        slug, text, statements, list(renderer.proposals.values()), items, renderer.links, renderer.reasons
    )


@dataclass
class IngestResult:
    """What :func:`ingest_file` extracted and wrote."""

    draft: Draft
    source_path: Path
    draft_path: Path
    entities_path: Path | None
    written: list[Path]
    record_path: Path | None = None


#: Keys of a metadata record, in the order ingest writes them (the record's own order).
META_KEYS = RECORD_KEYS


def read_record(path: Path) -> dict[str, str]:
    """The metadata record beside a document (``<name>.meta.toml``), or an empty one."""
    import tomllib

    record = path.with_name(path.stem + META_SUFFIX)
    if not record.is_file():
        return {}
    try:
        data = tomllib.loads(record.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"the metadata record cannot be read: {e}", Location(record)) from e
    return {k: str(v) for k, v in data.items()}


def render_record(meta: dict[str, str], *, needs_date: bool) -> str:
    """A metadata record as TOML, keys in :data:`META_KEYS` order; a TODO line for a
    missing issue date when the text prints none.

    >>> print(render_record({"id": "x", "kind": "article", "issued": "2025-03"}, needs_date=False))
    # Metadata record of data/sources/x.txt (what is known apart from its words).
    id = "x"
    kind = "article"
    issued = "2025-03"
    <BLANKLINE>
    """
    import json

    lines = [
        f"# Metadata record of {SOURCES_DIR / (meta['id'] + '.txt')} (what is known apart from its words)."
    ]
    for key in META_KEYS + tuple(sorted(set(meta) - set(META_KEYS))):
        value = meta.get(key)
        if value is None:
            if key == "issued" and needs_date:
                lines.append(
                    '# TODO: the text prints no dateline: issued = "YYYY-MM-DD" (or "YYYY-MM", "YYYY")'
                )
            if key == "kind" and needs_date:
                lines.append('# TODO: kind = "press-release" (or agency-page, article, barometer-report…)')
            continue
        lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def default_slug(text: str, items: list[Item], path: Path, meta: dict[str, str] | None = None) -> str:
    """The record's ``id`` when the document has one, else ``cp-<date>`` from the dateline,
    else the file name as a slug."""
    if meta and meta.get("id"):
        return meta["id"]
    dateline = next((i for i in items if i.type == "dateline"), None)
    if dateline is not None:
        return f"cp-{dateline.value}"
    return slugify(path.stem)


def _planned_writes(
    root: Path, source: tuple[Path, str], drafts: list[tuple[Path, str | None]], *, force: bool
) -> list[tuple[Path, str]]:
    """The files to write: the source text (never replaced by another text), then drafts
    (never replacing a curator's edits unless ``force``); unchanged files are skipped."""
    planned: list[tuple[Path, str]] = []
    source_path, text = source
    if source_path.exists():
        if source_path.read_text(encoding="utf-8") != text:
            raise InputError(
                "another document already uses this name",
                Location(source_path.relative_to(root)),
                hint="pass --slug NAME to ingest this press release under another name",
            )
    else:
        planned.append(source)
    for target, content in drafts:
        if content is None:
            continue
        if target.exists():
            if target.read_text(encoding="utf-8") == content:
                continue
            if not force:
                raise InputError(
                    "a draft with other content exists (edited by a curator?)",
                    Location(target.relative_to(root)),
                    hint="review and accept it, delete it, or pass --force to replace it",
                )
        planned.append((target, content))
    return planned


def ingest_file(
    path: Path,
    root: Path = Path("."),
    *,
    slug: str | None = None,
    force: bool = False,
    nlp: Any = "default",
    write: bool = True,
    meta: dict[str, str] | None = None,
) -> IngestResult:
    """Extract ``path`` into a draft under ``root`` (see the module docs). Returns what it did.

    ``meta`` gives metadata-record values (``issued``, ``publisher``, ``url``, ``kind``,
    ``retrieved``…); they complete or override the record beside ``path`` if it has one. A
    record is written to ``data/sources/<slug>.meta.toml`` when there is one, when ``meta``
    gives anything, or when the text prints no dateline (then with a TODO for the date).

    Raises :class:`~relocgraph.model.errors.InputError` when a curated file would be overwritten.
    """
    text = read_document(path)
    registry_file = root / ENTITIES_FILE
    # the registry's own names (and altLabels) are found as names in the text
    gazetteer = Gazetteer.from_registry(registry_file) if registry_file.is_file() else None
    items = extract(text, nlp=nlp, gazetteer=gazetteer)
    record = {**read_record(path), **{k: v for k, v in (meta or {}).items() if v}}
    slug = slug or default_slug(text, items, path, record)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise InputError(f"bad document slug {slug!r}", hint="use lower-case letters, digits and -")
    has_dateline = any(i.type == "dateline" for i in items)
    record_text = None
    if record or not has_dateline:
        record = {"language": "fr", **record, "id": slug}
        record_text = render_record(record, needs_date=not has_dateline)
    registry = load_registry(registry_file)
    draft = make_draft(text, items, slug=slug, registry=registry, meta=record)
    source_path = root / SOURCES_DIR / f"{slug}.txt"
    curated = root / STATEMENTS_DIR / f"{slug}.ttl"
    draft_path = root / STATEMENTS_DIR / f"{slug}{DRAFT_SUFFIX}"
    entities_path = root / ENTITY_DRAFTS_DIR / f"{slug}.ttl"
    record_path = root / SOURCES_DIR / f"{slug}{META_SUFFIX}"
    entities_text = draft.entities_text
    if curated.exists():
        raise InputError(
            "this document is already curated",
            Location(curated.relative_to(root)),
            hint="edit the curated file, or ingest under another name with --slug",
        )
    planned = _planned_writes(
        root,
        (source_path, text),
        [(draft_path, draft.statements), (entities_path, entities_text), (record_path, record_text)],
        force=force,
    )
    written: list[Path] = []
    if write:
        from relocgraph.pipeline.outputs import write_text_atomic

        for target, content in planned:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(target, content)
            written.append(target)
    return IngestResult(
        draft,
        source_path,
        draft_path,
        entities_path if entities_text is not None else None,
        written,
        record_path if record_text is not None else None,
    )
