"""Named points where the fault-injection tests stop a process as a crash would.

``RELOCGRAPH_KILL_AT=<point>`` in the environment makes the process kill itself with
SIGKILL when it reaches that point — no clean-up handler runs, exactly as with a power
cut or ``kill -9``. Unset (always, outside the tests), :func:`checkpoint` does nothing.
"""

from __future__ import annotations

import os
import signal

ENV = "RELOCGRAPH_KILL_AT"


def checkpoint(point: str) -> None:
    """Die here, by SIGKILL, if the environment names this point."""
    if os.environ.get(ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)
