"""The named queries: ``.rq`` files shipped in ``relocgraph/store/queries/``.

Each file opens with a header of ``# title:``, ``# description:`` and optional
``# param: NAME — text`` lines. This module lists, finds and reads them; running them is
:mod:`relocgraph.store.open`'s job. Every query is run with the project's prefixes
(:data:`relocgraph.model.prefixes.PREFIXES`) so it can say ``rg:``, ``org:``,
``person:`` and so on without declaring them.

>>> [q.name for q in list_queries()][:3]
['checks', 'class-counts', 'compare-facts']
>>> [p.name for p in get_query("figures").parameters]
['indicator']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relocgraph.model.errors import Location, QueryError
from relocgraph.pipeline.sparql import header_fields

_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Parameter:
    """A parameter a named query accepts (a SPARQL variable bound before running)."""

    name: str
    description: str

    @property
    def optional(self) -> bool:
        """A parameter whose description starts with "optional": left unbound, it means "any"."""
        return self.description.lower().startswith("optional")


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file with its header."""

    name: str
    title: str
    description: str
    text: str
    parameters: tuple[Parameter, ...] = field(default=())
    path: str = ""


def parse_query_file(name: str, text: str, path: str = "") -> NamedQuery:
    """Read a named query's header (title, description, parameters).

    >>> q = parse_query_file("x", "# title: T\\n# description: D\\n# param: who — a person\\nSELECT * {}")
    >>> (q.title, q.description, q.parameters[0].name)
    ('T', 'D', 'who')
    """
    meta: dict[str, str] = {}
    params: list[Parameter] = []
    for key, value in header_fields(text, _HEADER):
        if key == "param":
            parts = re.split(r"\s+[—-]\s+", value, maxsplit=1)
            pname = parts[0].strip().lstrip("?")
            pdesc = parts[1].strip() if len(parts) > 1 else ""
            params.append(Parameter(pname, pdesc))
        else:
            meta[key] = meta[key] + " " + value if key in meta else value
    if "title" not in meta:
        raise QueryError(f"{path or name}: named query has no '# title:' header line")
    return NamedQuery(name, meta["title"], meta.get("description", ""), text, tuple(params), path)


def _query_dir() -> Any:
    from importlib import resources

    return resources.files("relocgraph.store").joinpath("queries")


def list_queries() -> list[NamedQuery]:
    """Every named query shipped with relocgraph, sorted by name."""
    out = []
    for entry in sorted(_query_dir().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out.append(parse_query_file(name, entry.read_text("utf-8"), f"queries/{entry.name}"))
    return out


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; :class:`QueryError` listing the names if unknown."""
    if not _NAME.match(name):
        raise QueryError(f"not a query name: {name!r}")
    entry = _query_dir().joinpath(f"{name}.rq")
    if not entry.is_file():
        names = ", ".join(q.name for q in list_queries())
        raise QueryError(f"no named query {name!r}; known queries: {names}")
    return parse_query_file(name, entry.read_text("utf-8"), f"queries/{name}.rq")


def query_text(query: str) -> tuple[str, NamedQuery | None]:
    """The SPARQL text for a query name or a SPARQL string, and the named query if any."""
    if _NAME.match(query.strip()):
        named = get_query(query.strip())
        return named.text, named
    return query, None


def check_parameters(named: NamedQuery, params: Any) -> None:
    """Refuse parameters a named query does not declare, and a missing one it needs
    (:class:`QueryError` naming them).

    >>> check_parameters(get_query("figures"), {"indicatr": "x"})
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.QueryError: query 'figures' has no parameter 'indicatr' (parameters: indicator)
    >>> check_parameters(get_query("statements-about"), {})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.QueryError: query 'statements-about' needs the parameter 'entity': ...
    """
    given = {k.lstrip("?$") for k in params or {}}
    unknown = sorted(given - {p.name for p in named.parameters})
    if unknown:
        allowed = ", ".join(p.name for p in named.parameters) or "none"
        raise QueryError(f"query {named.name!r} has no parameter {unknown[0]!r} (parameters: {allowed})")
    missing = [p for p in named.parameters if not p.optional and p.name not in given]
    if missing:
        raise QueryError(
            f"query {named.name!r} needs the parameter {missing[0].name!r}: {missing[0].description}"
        )


def serve_query(name: str) -> str:
    """The text of one of the endpoint's own queries (``queries/serve/NAME.rq``)."""
    return _query_dir().joinpath("serve", f"{name}.rq").read_text("utf-8")


def serve_queries() -> list[str]:
    """The texts of every query the endpoint runs itself."""
    folder = _query_dir().joinpath("serve")
    return [
        e.read_text("utf-8") for e in sorted(folder.iterdir(), key=lambda e: e.name) if e.name.endswith(".rq")
    ]


#: Largest query file read (bytes): a query is text of at most a few pages.
MAX_QUERY_FILE = 1024 * 1024


def read_query_file(path: Path | str) -> str:
    """The text of the user's own ``.rq`` file: UTF-8 (a BOM is dropped), at most
    :data:`MAX_QUERY_FILE` bytes (reading stops there, so ``/dev/zero`` or a device
    cannot hang the command), no NUL byte.

    Raises :class:`~relocgraph.model.errors.QueryError` naming the file, line and column.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "q.rq"
    >>> _ = f.write_bytes(b'SELECT * { ?s ?p "\\xe9t\\xe9" }')
    >>> read_query_file(f)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.QueryError: ...q.rq:1:19: not UTF-8 (byte 0xe9); save the file as UTF-8
    """
    path = Path(path)
    try:
        with path.open("rb") as f:
            data = f.read(MAX_QUERY_FILE + 1)
    except IsADirectoryError as e:
        raise QueryError(f"{path}: is a folder, not a query file") from e
    except OSError as e:
        raise QueryError(f"{path}: cannot read it: {e.strerror or e}") from e
    if len(data) > MAX_QUERY_FILE:
        raise QueryError(f"{path}: larger than {MAX_QUERY_FILE // 1024} KB; a query file is text")
    data = data.removeprefix(b"\xef\xbb\xbf")
    if b"\0" in data:
        line = Location.at(path, data, data.index(b"\0")).line
        raise QueryError(f"{path}:{line}: a NUL byte; this is not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        where = Location.at(path, data, e.start)
        raise QueryError(f"{where}: not UTF-8 (byte 0x{data[e.start]:02x}); save the file as UTF-8") from e
