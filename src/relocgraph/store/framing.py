"""Length-prefixed frames (JSON requests, serialised answers) over a stream socket, between
the endpoint's pool and its sandboxed query workers (:mod:`relocgraph.store.sandbox`)."""

from __future__ import annotations

import socket
import struct
import time

LEN = struct.Struct("!I")  # a frame's length, and a forked worker's pid


def send_frame(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(LEN.pack(len(payload)) + payload)


def recv_exact(sock: socket.socket, size: int, deadline: float | None) -> bytes:
    chunks = []
    while size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            sock.settimeout(remaining)
        chunk = sock.recv(min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def recv_frame(sock: socket.socket, deadline: float | None = None) -> bytes:
    (size,) = LEN.unpack(recv_exact(sock, LEN.size, deadline))
    return recv_exact(sock, size, deadline)
