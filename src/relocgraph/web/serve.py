"""A local, read-only SPARQL 1.1 endpoint with a query page and entity pages.

:func:`make_server` starts the query workers and binds the server; :func:`serve` runs it.
The server and its options are in :mod:`relocgraph.web.server`, the HTTP plumbing in
:mod:`relocgraph.web.http_handler` and what each path answers in :mod:`relocgraph.web.routes`.

The server binds 127.0.0.1 by default, sends no CORS header unless asked, caps request
bodies, escapes every text it puts in a page, and answers errors as plain text with
the right 4xx/5xx status, never a stack trace.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from relocgraph.model.errors import ServeError
from relocgraph.store.sandbox import WorkerPool
from relocgraph.web.routes import ASSETS, Handler
from relocgraph.web.server import RelocgraphServer, ServerConfig


def find_assets_dir() -> Path | None:
    """The ``node_modules`` folder holding the editor's npm package, if installed.

    Looks in ``$RELOCGRAPH_WEBASSETS``, then ``web/node_modules`` of a source checkout,
    then ``relocgraph/web/vendor`` (the copy ``make web-assets`` puts in the wheel).
    Without any, the query page falls back to a plain text box.
    """

    candidates = [os.environ.get("RELOCGRAPH_WEBASSETS", "")]
    candidates.append(str(Path(__file__).resolve().parents[3] / "web" / "node_modules"))
    candidates.append(str(Path(__file__).resolve().parent / "vendor"))
    for candidate in candidates:
        if candidate and (Path(candidate) / ASSETS["codemirror.js"][0]).is_file():
            return Path(candidate)
    return None


def make_server(config: ServerConfig) -> RelocgraphServer:
    """Start the query workers and bind the server (not yet serving).

    ``config.data_path`` is the built ``.nq``/``.trig`` (its Oxigraph store beside it is
    what the workers query) or the store folder itself.

    >>> import tempfile
    >>> from relocgraph.pipeline.run import build_all
    >>> data = build_all(".", tempfile.mkdtemp(), reason=False).paths["nquads"]
    >>> server = make_server(ServerConfig(data_path=data, port=0, workers=1))
    >>> server.url.startswith("http://127.0.0.1:")
    True
    >>> server.server_close()
    """
    pool = WorkerPool(
        config.data_path,
        size=config.workers,
        timeout=config.timeout,
        max_rows=config.max_rows,
        memory_mb=config.memory_mb,
    ).start()
    try:
        return RelocgraphServer(config, pool, Handler)
    except OSError as e:
        pool.close()
        raise ServeError(
            f"cannot listen on {config.host}:{config.port}: {e.strerror}; choose another --port"
        ) from e


def serve(config: ServerConfig, *, ready: Any = None) -> None:
    """Serve until interrupted. ``ready(url)`` is called once the server listens."""
    server = make_server(config)
    try:
        if ready is not None:
            ready(server.url)
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()
