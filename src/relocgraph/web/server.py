"""The endpoint's server: its options, and what it keeps between requests.

:class:`RelocgraphServer` is the standard library's threading HTTP server (a thread per
connection) holding the worker pool, the admission gate, the page templates and a cache
of named-query and entity answers per data version; it notices when the build is
rewritten under it. The requests themselves are handled by :mod:`relocgraph.web.routes`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from relocgraph.store.sandbox import (
    DEFAULT_MAX_ROWS,
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    Reply,
    WorkerPool,
)
from relocgraph.web.pages import Pages

#: Largest request body accepted (bytes); larger ones get 413.
DEFAULT_MAX_BODY = 256 * 1024
#: Default wall-clock limit for ad-hoc queries on /sparql, in seconds (lower than the
#: named queries' limit: anyone can send a costly ad-hoc query).
DEFAULT_QUERY_TIMEOUT = 5.0


@dataclass
class ServerConfig:
    """Options of :func:`make_server` (the CLI's ``serve`` options)."""

    data_path: Path = Path("build/relocgraph.trig")
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    memory_mb: int = DEFAULT_MEMORY_MB
    workers: int = 4
    max_body: int = DEFAULT_MAX_BODY
    cors_origin: str | None = None
    graph_page: Path | None = None
    assets_dir: Path | None = None
    #: Host names served besides localhost, 127.0.0.1 and [::1] (``--allowed-host``).
    allowed_hosts: tuple[str, ...] = ()
    #: Wall-clock limit for ad-hoc queries on /sparql (named queries and pages get ``timeout``).
    query_timeout: float = DEFAULT_QUERY_TIMEOUT
    #: Queries one client (remote address) may run at once.
    per_client: int = 2
    #: Requests that may wait for a worker (None: four times the workers); more get 503 at once.
    queue: int | None = None
    #: Seconds a request may wait in the queue before it gets 503.
    queue_wait: float = 2.0
    #: Seconds a client may take to send the body it announced (then 408).
    body_timeout: float = 5.0

    def served_names(self) -> frozenset[str]:
        """Host names (lower case, IPv6 in brackets) this server answers to."""
        names = {"localhost", "127.0.0.1", "[::1]"}
        names |= {_bracket(h.lower()) for h in self.allowed_hosts}
        if self.host not in ("0.0.0.0", "::", ""):
            names.add(_bracket(self.host.lower()))
        return frozenset(names)


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


#: Named-query and entity answers kept per data version (entries).
CACHE_SIZE = 512
#: How often (seconds) the server looks whether the build changed under it.
RELOAD_CHECK = 1.0


def data_version(data_path: Path) -> tuple[int, ...]:
    """What changes when the build is rewritten: the store manifest's identity and time
    (the store folder is replaced as a whole), else the data file's."""
    from relocgraph.pipeline.persist import MANIFEST, STORE_DIR

    store = data_path if (data_path / MANIFEST).is_file() else data_path.parent / STORE_DIR
    # The build writes its files first and switches the store in last: its manifest
    # changing is the moment the new data is whole.
    target = store / MANIFEST if (store / MANIFEST).is_file() else data_path
    try:
        st = target.stat()
    except OSError:
        return (0,)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class RelocgraphServer(ThreadingHTTPServer):
    """The HTTP server: a thread per connection, queries in the worker pool, answers of
    named queries and entity pages cached per data version."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # the stdlib's 5 overflowed under 64 clients

    def __init__(self, config: ServerConfig, pool: WorkerPool, handler: type[BaseHTTPRequestHandler]) -> None:
        from relocgraph.web.admission import Admission

        self.config = config
        self.pool = pool
        self.names = config.served_names()
        self.admission = Admission(
            pool.size, per_client=config.per_client, queue=config.queue, wait=config.queue_wait
        )
        self.pages = Pages()
        self.version = data_version(config.data_path)
        self.stale = ""  # why the server can no longer answer (the build changed), if it cannot
        self._checked = time.monotonic()
        self._cache: OrderedDict[Any, Reply] = OrderedDict()
        self._cache_lock = threading.Lock()
        super().__init__((config.host, config.port), handler)

    def check_data(self) -> None:
        """At most once a second: when the build changed, drop the cache and let fresh
        workers open the new store; if the data was loaded in memory (no store), refuse."""
        now = time.monotonic()
        if now - self._checked < RELOAD_CHECK:
            return
        self._checked = now
        version = data_version(self.config.data_path)
        if version == self.version:
            return
        with self._cache_lock:
            if version == self.version:
                return
            self.version = version
            self._cache.clear()
        if self.pool.reload():
            self.stale = ""
        else:
            self.stale = (
                f"the build changed under the server ({self.config.data_path}) and it holds the "
                "old data in memory; restart `relocgraph serve` (a build with its Oxigraph store "
                "reloads by itself)"
            )

    def cached_run(self, key: Any, request: dict[str, Any], run: Any) -> Reply:
        """Answer ``request`` with ``run`` (the pool, behind admission), or from the cache
        for this data version."""
        key = (self.version, key)
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return Reply(hit.status, hit.content_type, hit.body, dict(hit.headers))
        reply = run(request)
        if reply.status == 200:
            with self._cache_lock:
                self._cache[key] = Reply(reply.status, reply.content_type, reply.body, dict(reply.headers))
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return reply

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()
