"""Run untrusted SPARQL queries in worker processes that can be killed.

pyoxigraph has no query timeout and no cancel (FINDINGS.md: a cartesian COUNT ran on
past ``--timeout-s`` even in Oxigraph's own server), so every query runs in a separate
process:

- a *zygote* process is forked once at start-up, checks the store, warms up every
  code path (parsing, each serialiser) and installs an audit hook that refuses
  network connections, subprocesses and file access outside Python's own folders;
- each *worker* is forked from the zygote on demand, opens the persisted Oxigraph
  store read-only (a file without a store is loaded once in the zygote and shared
  copy-on-write instead), sets its memory limit, and answers queries one at a time
  over a Unix socket;
- the :class:`WorkerPool` in the server hands each query to an idle worker and kills
  the worker (SIGKILL) when the wall-clock limit passes; a fresh one is forked for
  the next query.

The query engine itself is :class:`OxigraphEngine`, whose one method ``answer`` takes a
request (query text, Accept header, graphs, bindings) and returns serialised bytes.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relocgraph.model.errors import QueryError, ServeError
from relocgraph.store.framing import LEN, recv_exact
from relocgraph.store.framing import recv_frame as _recv_frame
from relocgraph.store.framing import send_frame as _send_frame

#: Default wall-clock limit for one query, in seconds.
DEFAULT_TIMEOUT = 10.0
#: Default cap on result rows (SELECT) or solutions (CONSTRUCT/DESCRIBE).
DEFAULT_MAX_ROWS = 10_000
#: Default extra address space a worker may use on top of the loaded dataset, in MiB.
DEFAULT_MEMORY_MB = 1024
#: A worker is replaced after this many queries, so memory growth stays bounded.
MAX_USES = 500


@dataclass
class Reply:
    """What a query produced: an HTTP status, a content type, the body and headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    #: The worker that made this reply should not be reused (it ran out of memory or
    #: failed unexpectedly, and may be left in a bad state).
    retire: bool = False

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


# ---------------------------------------------------------------------------
# The engine: Oxigraph over the built store
# ---------------------------------------------------------------------------


class OxigraphEngine:
    """Answers checked queries on Oxigraph: the persisted store (``build/oxigraph/``),
    opened read-only in each worker after the fork, or an in-memory store loaded from a
    built file in the zygote and inherited by the workers.

    Every query passes :func:`relocgraph.store.guard.check_query` (rdflib's parser and
    algebra: no update, no SERVICE, no foreign FROM) and a lexical check
    (:func:`relocgraph.store.guard.check_tokens`) before Oxigraph sees it: Oxigraph would
    run a SERVICE call itself, from Rust, where the audit hook cannot see it.
    """

    def __init__(self, data: Path | str) -> None:
        from relocgraph.pipeline.persist import MANIFEST, fresh_store

        path = Path(data)
        if (path / MANIFEST).is_file():
            self.store_dir: Path | None = path
        else:
            self.store_dir = fresh_store(path)
        self.backend: Any = None
        if self.store_dir is None:  # a file without a store: load it once, in the zygote
            from relocgraph.store.backends import OxigraphBackend

            self.backend = OxigraphBackend.load(path)
        self.graphs = sorted(g.value for g in self._store().named_graphs())
        # rdflib's parser costs 5 ms to 1 s a query on this machine: keep checked queries.
        self._check = functools.lru_cache(maxsize=512)(self._check_uncached)

    def _store(self) -> Any:
        if self.backend is None:
            from relocgraph.store.backends import OxigraphBackend

            assert self.store_dir is not None
            self.backend = OxigraphBackend.open(self.store_dir)
        return self.backend.store

    def after_fork(self) -> None:
        """In a fresh worker: open the persisted store read-only (never shared across a
        fork); the store may have been rebuilt since the zygote looked, so list its graphs
        again."""
        if self.store_dir is not None:
            self.backend = None
            graphs = sorted(g.value for g in self._store().named_graphs())
            if graphs != self.graphs:
                self.graphs = graphs
                self._check.cache_clear()

    def _check_uncached(
        self, text: str, default_graph_uris: tuple[str, ...], named_graph_uris: tuple[str, ...]
    ) -> Any:
        from relocgraph.store.guard import check_query, check_tokens

        check_tokens(text)
        return check_query(
            text,
            graphs=self.graphs,
            default_graph_uris=default_graph_uris,
            named_graph_uris=named_graph_uris,
        )

    def prepare(self, texts: list[str]) -> None:
        """Check (parse) these queries ahead, e.g. the named queries before forking."""
        for text in texts:
            self._check(text, (), ())

    def answer(self, request: dict[str, Any], *, max_rows: int) -> Reply:
        """Check, run and serialise one query.

        ``request`` keys: ``query`` (text), ``accept`` (Accept header), ``format`` (a
        short name overriding it), ``default_graph_uri``/``named_graph_uri`` (lists),
        ``bindings`` (variable → ``{"kind", "value", "datatype", "language"}``).
        """
        from relocgraph.model.formats import choose_format
        from relocgraph.store.terms import Term, coerce_all

        default_uris = tuple(request.get("default_graph_uri") or ())
        named_uris = tuple(request.get("named_graph_uri") or ())
        try:
            checked = self._check(request["query"], default_uris, named_uris)
            fmt = choose_format(request.get("format"), request.get("accept"), checked.form)
            bindings = coerce_all({k: Term(**v) for k, v in (request.get("bindings") or {}).items()})
        except QueryError as e:
            return Reply.error(getattr(e, "status", 400), str(e))
        options: dict[str, Any] = {}
        if default_uris or named_uris:
            import pyoxigraph as ox

            options["default_graph"] = [ox.NamedNode(u) for u in default_uris]
            options["named_graphs"] = [ox.NamedNode(u) for u in named_uris]
        self._store()
        try:
            result = self.backend.run(checked.text, bindings, origin="query", **options)
            return serialise(result, checked.form, fmt, max_rows)
        except QueryError as e:
            return Reply.error(400, str(e))
        except MemoryError:
            reply = Reply.error(503, "query stopped: it needed more memory than allowed")
            reply.retire = True
            return reply


def serialise(result: Any, form: str, fmt: Any, max_rows: int) -> Reply:
    """A pyoxigraph result as a reply in ``fmt``, cut at ``max_rows`` rows or triples
    (the cut is said in an ``X-Relocgraph-Truncated`` header)."""
    import itertools

    import pyoxigraph as ox

    from relocgraph.model.prefixes import PREFIXES
    from relocgraph.store import results

    headers: dict[str, str] = {}
    if form == "ASK":
        return Reply(200, fmt.content_type, results.ask(bool(result), fmt.value), headers)
    items = list(itertools.islice(result, max_rows + 1))
    if len(items) > max_rows:
        items = items[:max_rows]
        headers["X-Relocgraph-Truncated"] = f"max-rows={max_rows}"
    if form == "SELECT":
        names = [v.value for v in result.variables]
        return Reply(200, fmt.content_type, results.solutions(names, items, fmt.value), headers)
    body = ox.serialize(items, format=fmt.rdf_format, prefixes=PREFIXES)
    return Reply(200, fmt.content_type, body or b"", headers)


# ---------------------------------------------------------------------------
# Inside the zygote and the workers
# ---------------------------------------------------------------------------


def _warm_up(engine: OxigraphEngine) -> None:
    """Run every code path once, so lazy imports happen before the audit hook."""
    from relocgraph.model.formats import Format
    from relocgraph.store.catalogue import list_queries, serve_queries

    binding = {"x": {"kind": "iri", "value": "urn:x"}}
    for fmt in Format:
        if fmt.is_table_output:
            continue
        for query in (
            "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2",
            "ASK { ?s ?p ?o }",
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2",
            "DESCRIBE ?s WHERE { ?s a rg:Quotation } LIMIT 1",
        ):
            engine.answer({"query": query, "format": fmt.value, "bindings": binding}, max_rows=1)
    for query in ("SELECT * { SERVICE <urn:x> {} }", "DROP ALL", "SELECT"):
        engine.answer({"query": query}, max_rows=1)
    engine.prepare([q.text for q in list_queries()] + serve_queries())
    if engine.store_dir is not None:
        engine.backend = None  # the zygote keeps no store open: each worker opens its own


_BLOCKED_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.sendto",
        "socket.sendmsg",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "urllib.Request",
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
        "os.forkpty",
        "ftplib.connect",
        "http.client.connect",
        "smtplib.connect",
        "webbrowser.open",
    }
)


def _install_audit_hook(allowed_roots: list[str], forking: list[bool]) -> None:
    """Second layer behind the query checks: refuse I/O a query must never cause.

    ``forking`` is a one-item list the zygote sets while it forks a worker.
    """
    roots = tuple(os.path.realpath(r) + os.sep for r in allowed_roots)

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event in _BLOCKED_EVENTS:
            if event == "os.fork" and forking[0]:
                return
            raise PermissionError(f"relocgraph query worker: {event} is not allowed")
        if event == "open":
            path, mode, flags = args
            if isinstance(path, int) or path is None or path == "/proc/self/statm":
                return  # descriptors already open; the worker's own size (memory limit)
            writing = (mode is not None and any(c in str(mode) for c in "wax+")) or (
                mode is None and isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            )
            real = os.path.realpath(os.fsdecode(path))
            if writing or not real.startswith(roots):
                raise PermissionError(f"relocgraph query worker: opening {real} is not allowed")

    sys.addaudithook(hook)


def _address_space() -> int:
    """This process's current virtual memory size in bytes (Linux), or 0."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _worker_main(conn: socket.socket, engine: OxigraphEngine, *, max_rows: int, memory_mb: int) -> None:
    import resource

    engine.after_fork()
    base = _address_space()
    if base and memory_mb > 0:
        limit = base + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            request = json.loads(_recv_frame(conn))
        except (EOFError, OSError):
            return
        try:
            reply = engine.answer(request, max_rows=max_rows)
        except MemoryError:
            reply = Reply.error(503, "query stopped: it needed more memory than allowed")
            reply.retire = True
        except Exception as e:
            reply = Reply.error(500, f"query failed in the engine: {type(e).__name__}: {e}")
            reply.retire = True
        head = json.dumps(
            {
                "status": reply.status,
                "content_type": reply.content_type,
                "headers": reply.headers,
                "retire": reply.retire,
            }
        ).encode()
        try:
            _send_frame(conn, head)
            _send_frame(conn, reply.body)
        except OSError:
            return


def _zygote_main(control: socket.socket, data: Path, *, max_rows: int, memory_mb: int) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped automatically
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    try:
        engine = OxigraphEngine(data)
        _warm_up(engine)
    except Exception as e:
        _send_frame(control, json.dumps({"error": f"{type(e).__name__}: {e}"}).encode())
        return
    import relocgraph

    roots = sorted(
        {
            sys.prefix,
            sys.base_prefix,
            sys.exec_prefix,
            *sys.path[1:],
            str(Path(relocgraph.__file__).parent),
        }
        - {""}
    )
    forking = [False]
    _install_audit_hook([r for r in roots if os.path.isdir(r)], forking)
    _send_frame(
        control, json.dumps({"graphs": engine.graphs, "store": engine.store_dir is not None}).encode()
    )
    while True:
        try:
            _, fds, _, _ = socket.recv_fds(control, 16, 1)
        except OSError:
            return
        if not fds:
            return  # the server went away
        forking[0] = True
        pid = os.fork()
        forking[0] = False
        if pid == 0:
            control.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            conn = socket.socket(fileno=fds[0])
            try:
                _worker_main(conn, engine, max_rows=max_rows, memory_mb=memory_mb)
            finally:
                os._exit(0)
        os.close(fds[0])
        control.sendall(LEN.pack(pid))


# ---------------------------------------------------------------------------
# The pool, in the server process
# ---------------------------------------------------------------------------


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@dataclass
class _Worker:
    pid: int
    conn: socket.socket
    uses: int = 0
    generation: int = 0
    low_priority: bool = False


#: Niceness of workers that run queries of heavy clients (the server's threads keep theirs).
LOW_PRIORITY_NICE = 10


class WorkerPool:
    """Runs queries in killable worker processes forked from a zygote.

    ``data`` is a persisted Oxigraph store folder, or a built dataset file (N-Quads or
    TriG): its store when one was built from it, else the file loaded in memory.

    >>> import tempfile
    >>> from relocgraph.pipeline.run import build_all
    >>> store = build_all(".", tempfile.mkdtemp(), reason=False).paths["oxigraph"]
    >>> pool = WorkerPool(store, size=1, timeout=5).start()
    >>> reply = pool.run({"query": "ASK { ?s a rg:Quotation }", "format": "json"})
    >>> reply.status, json.loads(reply.body)["boolean"]
    (200, True)
    >>> pool.close()
    """

    def __init__(
        self,
        data: Path | str,
        *,
        size: int = 4,
        timeout: float = DEFAULT_TIMEOUT,
        max_rows: int = DEFAULT_MAX_ROWS,
        memory_mb: int = DEFAULT_MEMORY_MB,
    ) -> None:
        self.data = Path(data)
        self.size = size
        self.timeout = timeout
        self.max_rows = max_rows
        self.memory_mb = memory_mb
        self.graphs: list[str] = []
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[_Worker] = []  # at normal CPU priority
        self._idle_low: list[_Worker] = []  # niced: only ever reused for low-priority queries
        self._lock = threading.Lock()
        self._control: socket.socket | None = None
        self._zygote_pid = 0
        self._persisted = False
        self.generation = 0
        self.stats = {"spawned": 0, "killed": 0}

    def start(self) -> WorkerPool:
        """Fork the zygote and wait until it has checked the store.

        Call before starting threads (the zygote is forked from this process).
        """
        where = self.data
        if not self.data.exists():
            raise ServeError(f"{self.data} does not exist; run `relocgraph build` first")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the zygote
            ours.close()
            try:
                _zygote_main(theirs, self.data, max_rows=self.max_rows, memory_mb=self.memory_mb)
            finally:
                os._exit(0)
        theirs.close()
        self._control, self._zygote_pid = ours, pid
        try:
            hello = json.loads(_recv_frame(ours, time.monotonic() + 300))
        except (EOFError, TimeoutError, OSError) as e:
            self.close()
            raise ServeError(f"the query process failed to load {where}") from e
        if "error" in hello:
            self.close()
            raise ServeError(f"cannot load {where}: {hello['error']}")
        self.graphs = hello["graphs"]
        self._persisted = hello["store"]
        return self

    def reload(self) -> bool:
        """The build changed: workers forked from now on open the new store (idle ones are
        stopped, busy ones finish their query on the old one). False when the data was
        loaded in memory from a file, which only a restart can replace."""
        if not self._persisted:
            return False
        from relocgraph.pipeline.persist import MANIFEST, STORE_DIR

        store = self.data if (self.data / MANIFEST).is_file() else self.data.parent / STORE_DIR
        import pyoxigraph as ox

        try:
            graphs = sorted(g.value for g in ox.Store.read_only(str(store)).named_graphs())
        except OSError:
            return False
        with self._lock:
            self.generation += 1
            idle, self._idle, self._idle_low = self._idle + self._idle_low, [], []
            self.graphs = graphs
        for worker in idle:
            self._discard(worker, kill=True)
        return True

    def _spawn(self) -> _Worker:
        assert self._control is not None, "start() the pool first"
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with self._lock:
            socket.send_fds(self._control, [b"w"], [theirs.fileno()])
            (pid,) = LEN.unpack(recv_exact(self._control, LEN.size, None))
            self.stats["spawned"] += 1
        theirs.close()
        return _Worker(pid, ours, generation=self.generation)

    def _discard(self, worker: _Worker, *, kill: bool) -> None:
        if kill:
            try:
                os.kill(worker.pid, signal.SIGKILL)
                self.stats["killed"] += 1
            except ProcessLookupError:
                pass
        worker.conn.close()

    def run(
        self,
        request: dict[str, Any],
        *,
        timeout: float | None = None,
        low_priority: bool = False,
        on_start: Any = None,
    ) -> Reply:
        """Answer one request within the time limit (``timeout``, else the pool's); never
        raises for a bad query. ``low_priority`` runs it in a niced worker, so the
        server's own threads and other queries keep the CPU first. ``on_start(stop)`` is
        called once a worker has the query; ``stop()`` kills that worker."""
        limit = self.timeout if timeout is None else min(timeout, self.timeout)
        if not self._slots.acquire(timeout=limit):
            return Reply.error(
                503,
                f"server busy: every query worker stayed busy for {limit:g} s; try again",
            )
        try:
            idle = self._idle_low if low_priority else self._idle
            with self._lock:
                worker = idle.pop() if idle else None
            if worker is None:
                worker = self._spawn()
                if low_priority:
                    try:
                        os.setpriority(os.PRIO_PROCESS, worker.pid, LOW_PRIORITY_NICE)
                        worker.low_priority = True
                    except OSError:
                        pass
            deadline = time.monotonic() + limit
            if on_start is not None:
                pid = worker.pid
                on_start(lambda: _kill(pid))
            try:
                _send_frame(worker.conn, json.dumps(request).encode())
                head = json.loads(_recv_frame(worker.conn, deadline))
                body = _recv_frame(worker.conn, deadline)
            except TimeoutError:
                self._discard(worker, kill=True)
                return Reply.error(
                    503,
                    f"query stopped after {limit:g} s (the time limit); simplify it or add a LIMIT",
                )
            except (EOFError, OSError, ValueError):
                self._discard(worker, kill=True)
                return Reply.error(503, "query stopped: its worker process died (out of memory?)")
            worker.uses += 1
            if worker.uses >= MAX_USES or head.get("retire") or worker.generation != self.generation:
                self._discard(worker, kill=True)
            else:
                with self._lock:
                    (self._idle_low if worker.low_priority else self._idle).append(worker)
            return Reply(head["status"], head["content_type"], body, head["headers"])
        finally:
            self._slots.release()

    def close(self) -> None:
        """Kill every worker and the zygote."""
        with self._lock:
            idle, self._idle, self._idle_low = self._idle + self._idle_low, [], []
        for worker in idle:
            self._discard(worker, kill=True)
        if self._control is not None:
            self._control.close()
            self._control = None
        if self._zygote_pid:
            try:
                os.kill(self._zygote_pid, signal.SIGKILL)
                os.waitpid(self._zygote_pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self._zygote_pid = 0
