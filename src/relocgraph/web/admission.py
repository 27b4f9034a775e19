"""Fair admission of queries to the endpoint's worker processes.

Every query that needs a worker asks :class:`Admission` first. It keeps one client
(one remote address) from taking every worker, keeps clients whose recent queries were
costly from starving light ones, and answers at once when the server is full instead
of letting requests pile up:

- a client may run at most ``per_client`` queries at once; one more is answered
  **429** with ``Retry-After`` at once;
- a client's *cost* is the worker time its queries used beyond ``FREE_SECONDS`` each
  (running ones included), decaying with a half-life of ``HALF_LIFE`` seconds; a client
  above ``HEAVY_SECONDS`` is *heavy*: heavy clients together hold at most
  ``slots - reserve`` workers (the rest stay free for light clients), and their queries
  run at a lower CPU priority (see
  :meth:`relocgraph.store.sandbox.WorkerPool.run`);
- when a light client waits and a heavy client's query has run for ``PREEMPT_AFTER``
  seconds, that query is stopped (its worker killed; it is answered 503) so the light
  client gets the worker;
- when no worker can be given, the request waits in a short queue (at most ``queue``
  requests, lightest client first) for at most ``wait`` seconds; a request that finds
  the queue full, or waits too long, or comes from a heavy client that cannot run now,
  is answered **503** with ``Retry-After`` at once.

>>> gate = Admission(2, per_client=1, queue=0, wait=0.1)
>>> ticket = gate.enter("10.0.0.1")
>>> gate.enter("10.0.0.1")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
relocgraph.web.admission.Refused: 10.0.0.1 already runs 1 query and 1 may run at a time per client; ...
>>> gate.leave(ticket, seconds=0.01)
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: Seconds over which a client's past cost halves.
HALF_LIFE = 10.0
#: Worker-seconds of recent cost above which a client counts as heavy.
HEAVY_SECONDS = 1.0
#: Seconds of worker time a query may use for free: many quick queries never make a
#: client heavy, a few slow ones do.
FREE_SECONDS = 0.25
#: A heavy client's query that has run this long is stopped when a light client waits.
PREEMPT_AFTER = 1.0


class Refused(Exception):  # noqa: N818 - a refusal, not an error of the server
    """A request the server cannot take now: its HTTP status, message and Retry-After."""

    def __init__(self, status: int, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


@dataclass(eq=False)
class Ticket:
    """An admitted query: who sent it, whether it runs at low priority, since when; how to
    stop it (set once it runs) and whether it was stopped for another client."""

    client: str
    heavy: bool
    started: float
    stop: Callable[[], None] | None = None
    preempted: bool = False


@dataclass
class _Client:
    cost: float = 0.0
    stamp: float = 0.0
    active: int = 0
    started: list[float] = field(default_factory=list)  # queries running now

    def decayed(self, now: float) -> float:
        """Past cost, decayed, plus what its running queries have used so far (a client
        whose first query runs long turns heavy before it ends)."""
        return self.past(now) + sum(max(0.0, now - t - FREE_SECONDS) for t in self.started)

    def past(self, now: float) -> float:
        return self.cost * math.pow(0.5, (now - self.stamp) / HALF_LIFE)


class Admission:
    """Admits queries to ``slots`` workers fairly between clients (see the module)."""

    def __init__(
        self,
        slots: int,
        *,
        per_client: int = 2,
        queue: int | None = None,
        wait: float = 2.0,
        reserve: int | None = None,
    ) -> None:
        self.slots = slots
        self.per_client = per_client
        self.queue = 4 * slots if queue is None else queue
        self.wait = wait
        self.reserve = min(slots - 1, max(1, slots // 2)) if reserve is None else reserve
        self.running = 0
        self.heavy_running = 0
        self.stats = {"admitted": 0, "per_client": 0, "queue_full": 0, "waited_too_long": 0, "preempted": 0}
        self._clients: dict[str, _Client] = {}
        self._waiting: list[tuple[float, int, str]] = []
        self._running: list[Ticket] = []
        self._order = itertools.count()
        self._cond = threading.Condition()

    def _client(self, name: str) -> _Client:
        client = self._clients.get(name)
        if client is None:
            if len(self._clients) > 4096:  # forget idle clients whose cost has faded
                now = time.monotonic()
                for key in [k for k, c in self._clients.items() if not c.active and c.decayed(now) < 0.01]:
                    del self._clients[key]
            client = self._clients[name] = _Client()
        return client

    def _heavy(self, name: str, now: float) -> bool:
        return self._client(name).decayed(now) > HEAVY_SECONDS

    def _can_run(self, name: str, now: float) -> bool:
        if self.running >= self.slots:
            return False
        return not self._heavy(name, now) or self.heavy_running < self.slots - self.reserve

    def _first_runnable(self, now: float) -> tuple[float, int, str] | None:
        for entry in sorted(self._waiting):
            if self._can_run(entry[2], now):
                return entry
        return None

    def enter(self, name: str) -> Ticket:
        """Admit one query from client ``name`` or raise :class:`Refused`."""
        with self._cond:
            client = self._client(name)
            if client.active >= self.per_client:
                self.stats["per_client"] += 1
                raise Refused(
                    429,
                    f"{name} already runs {client.active} quer{'y' if client.active == 1 else 'ies'} "
                    f"and {self.per_client} may run at a time per client; wait for an answer "
                    "before sending more",
                    1,
                )
            now = time.monotonic()
            if not self._waiting and self._can_run(name, now):
                return self._admit(name, now)
            if len(self._waiting) >= self.queue or self._heavy(name, now):
                # a full queue, or a client whose recent queries were costly: no waiting
                self.stats["queue_full"] += 1
                raise Refused(503, self._busy(), 1)
            entry = (client.decayed(now), next(self._order), name)
            self._waiting.append(entry)
            client.active += 1  # a waiting query counts against the client's limit
            deadline = now + self.wait
            try:
                while True:
                    now = time.monotonic()
                    if self._first_runnable(now) == entry:
                        client.active -= 1
                        return self._admit(name, now)
                    if not self._heavy(name, now):
                        self._preempt(now)
                    if now >= deadline:
                        client.active -= 1
                        self.stats["waited_too_long"] += 1
                        raise Refused(503, self._busy(), max(1, math.ceil(self.wait)))
                    self._cond.wait(min(deadline - now, 0.1))
            finally:
                self._waiting.remove(entry)
                self._cond.notify_all()

    def _admit(self, name: str, now: float) -> Ticket:
        heavy = self._heavy(name, now)
        self.running += 1
        self.heavy_running += heavy
        self._clients[name].active += 1
        self._clients[name].started.append(now)
        self.stats["admitted"] += 1
        ticket = Ticket(name, heavy, now)
        self._running.append(ticket)
        return ticket

    def _preempt(self, now: float) -> None:
        """Stop the oldest query of a heavy client that has run ``PREEMPT_AFTER`` seconds."""
        for ticket in sorted(self._running, key=lambda t: t.started):
            if (
                not ticket.preempted
                and ticket.stop is not None
                and now - ticket.started >= PREEMPT_AFTER
                and self._heavy(ticket.client, now)
            ):
                ticket.preempted = True
                self.stats["preempted"] += 1
                ticket.stop()
                return

    def bind(self, ticket: Ticket, stop: Callable[[], None]) -> None:
        """The query of ``ticket`` now runs; ``stop()`` ends it."""
        with self._cond:
            ticket.stop = stop

    def _busy(self) -> str:
        return (
            f"server busy: all {self.slots} query workers are in use and {len(self._waiting)} "
            "queries wait; try again in a moment"
        )

    def leave(self, ticket: Ticket, *, seconds: float | None = None) -> None:
        """The query of ``ticket`` is done; it used ``seconds`` of worker time."""
        now = time.monotonic()
        used = now - ticket.started if seconds is None else seconds
        with self._cond:
            self.running -= 1
            self.heavy_running -= ticket.heavy
            self._running.remove(ticket)
            client = self._clients[ticket.client]
            client.active -= 1
            client.started.remove(ticket.started)
            client.cost = client.past(now) + max(0.0, used - FREE_SECONDS)
            client.stamp = now
            self._cond.notify_all()
