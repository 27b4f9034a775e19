"""The one way to read a build: :func:`open_store`, then :func:`run_table`/:func:`run_query`.

The CLI, the notebook API and the endpoint all read through here. The default store is
the Oxigraph store that ``relocgraph build`` persists in ``build/oxigraph/`` (opened
read-only: nothing is parsed again); ``backend="rdflib"`` parses the built TriG into an
rdflib ``Dataset`` instead, and an ``http(s)://`` URL queries a remote SPARQL 1.1 store.

>>> import tempfile
>>> from relocgraph.pipeline.run import build_all
>>> build = build_all(".", tempfile.mkdtemp(), reason=False).paths["nquads"].parent
>>> store = open_store(build)                      # build/oxigraph/, read-only
>>> run_table("documents", store=store).columns[:2]
['document', 'date']
>>> run_query("figures", {"indicator": "indicator:jobs-created"}, store=store)["value"].tolist()
[5300, 5306, 14000, 14000, 14000, 14000]
>>> open_store(build, backend="rdflib").name
'rdflib'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relocgraph.model.errors import BuildMissingError, QueryError
from relocgraph.model.table import Table
from relocgraph.pipeline.persist import STORE_DIR, Progress, fresh_store
from relocgraph.store.backends import Backend, OxigraphBackend, RdflibBackend
from relocgraph.store.catalogue import check_parameters, query_text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The local engines; a remote store is named by its URL instead.
BACKENDS = ("oxigraph", "rdflib")
_DATA_FILES = ("relocgraph.nq", "relocgraph.trig")

#: Wraps loading a file that has no store built from it (the CLI shows a progress bar).
Loading = Callable[[Path], AbstractContextManager[Progress]]


def build_files(root_or_build_dir: Path | str = ".") -> Path:
    """The built data file (N-Quads, else TriG) that ``root_or_build_dir`` points at:
    a project folder (its ``build/``), a build folder, or the file itself.

    >>> build_files("no-such-folder")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.BuildMissingError: no build in no-such-folder ...
    """
    path = Path(root_or_build_dir)
    if path.is_file():
        return path
    if path.suffix in (".nq", ".trig"):
        raise BuildMissingError(f"{path} does not exist; run `relocgraph build` first")
    for folder in (path / "build", path):
        for name in _DATA_FILES:
            if (folder / name).is_file():
                return folder / name
    raise BuildMissingError(
        f"no build in {path} (looked for build/relocgraph.nq or relocgraph.nq); run `relocgraph build` first"
    )


def open_store(
    root_or_build_dir: Path | str = ".", *, backend: str = "oxigraph", loading: Loading | None = None
) -> Backend:
    """The store to query: the Oxigraph store a build persisted (default), rdflib over
    the built TriG, or a remote SPARQL 1.1 store.

    ``root_or_build_dir`` is a project folder, its ``build/`` folder, or a built
    ``.nq``/``.trig`` file. ``backend`` is ``"oxigraph"``, ``"rdflib"`` or an
    ``http(s)://`` endpoint URL (credentials come from the environment, see
    :mod:`relocgraph.store.remote`). When the persisted store is missing or older than
    the data file (a file from elsewhere), the file is loaded into an in-memory Oxigraph
    store, wrapped in ``loading`` if given.

    Raises :class:`~relocgraph.model.errors.BuildMissingError` when there is no build.

    >>> open_store(".", backend="sqlite")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.QueryError: unknown backend 'sqlite'; choose one of oxigraph, rdflib or ...
    """
    if backend.startswith(("http://", "https://")):
        from relocgraph.store.remote import RemoteBackend

        return RemoteBackend(backend)
    if backend not in BACKENDS:
        raise QueryError(
            f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)} or an endpoint URL"
        )
    data = build_files(root_or_build_dir)
    if backend == "rdflib":
        trig = data.with_name("relocgraph.trig")
        return RdflibBackend.load(trig if data.suffix == ".nq" and trig.is_file() else data)
    store = fresh_store(data)
    if store is not None:
        return OxigraphBackend.open(store)
    if loading is None:
        return OxigraphBackend.load(data)
    with loading(data) as progress:  # e.g. the CLI's progress bar
        return OxigraphBackend.load(data, progress=progress)


def as_store(store: Any) -> Backend:
    """A backend from what a caller holds: a backend, an rdflib ``Dataset`` (wrapped in
    :class:`RdflibBackend`), or a path for :func:`open_store`."""
    if isinstance(store, Backend):
        return store
    if isinstance(store, str | Path):
        return open_store(store)
    if hasattr(store, "quads") and hasattr(store, "query"):  # an rdflib Dataset or Graph
        return RdflibBackend(store)
    raise QueryError(f"not a store: {type(store).__name__}; open one with relocgraph.store.open_store()")


def run_table(query: str, params: Mapping[str, Any] | None = None, *, store: Any = None) -> Table:
    """Run a named query (by name) or SPARQL SELECT/ASK text; return a light :class:`Table`
    (no pandas). ``params`` binds variables by name to values — CURIEs, ``<IRI>``s,
    numbers or text, see :func:`relocgraph.store.terms.parse_param` — as RDF terms.
    ``store`` defaults to :func:`open_store` of the current folder.

    >>> import pyoxigraph
    >>> run_table("SELECT (?n + 1 AS ?next) {}", {"n": 41}, store=OxigraphBackend(pyoxigraph.Store())).rows
    [[42]]
    """
    text, named = query_text(query)
    if named is not None:
        check_parameters(named, params)
    backend = as_store(store if store is not None else ".")
    return backend.select(text, params, origin=named.path if named else "query")


def run_query(query: str, params: Mapping[str, Any] | None = None, *, store: Any = None) -> pd.DataFrame:
    """Like :func:`run_table`, as a typed pandas DataFrame: IRIs as strings, numbers as
    numbers, dates as ``datetime64``; every backend gives the same frame.

    >>> import pyoxigraph
    >>> run_query("SELECT (1 AS ?one) {}", store=OxigraphBackend(pyoxigraph.Store()))["one"].dtype
    Int64Dtype()
    """
    from relocgraph.model.table import table_frame

    return table_frame(run_table(query, params, store=store))


__all__ = ["BACKENDS", "STORE_DIR", "as_store", "build_files", "open_store", "run_query", "run_table"]
