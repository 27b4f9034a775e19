"""Start a throw-away Virtuoso (Debian's virtuoso-opensource-7) on loopback for the tests.

The database lives in a temporary folder, built from a copy of the packaged
``virtuoso.ini`` with loopback ports, no admin UI (empty ``VADInstallDir``) and a fresh
``dba`` password set through ``isql-vt`` (the package's debconf password does not take).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PACKAGED_INI = Path("/usr/share/virtuoso-opensource-7/virtuoso.ini")


@dataclass
class Virtuoso:
    process: subprocess.Popen[bytes]
    base_url: str  # http://127.0.0.1:PORT
    user: str
    password: str
    folder: Path

    @property
    def sparql(self) -> str:
        return self.base_url + "/sparql"

    @property
    def graph_store(self) -> str:
        return self.base_url + "/sparql-graph-crud-auth"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def missing() -> str | None:
    """Why Virtuoso cannot run here, or None."""
    for tool in ("virtuoso-t", "isql-vt"):
        if shutil.which(tool) is None:
            return f"{tool} not found (apt-get install virtuoso-opensource-7)"
    if not PACKAGED_INI.is_file():
        return f"{PACKAGED_INI} not found"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _edit_ini(text: str, changes: dict[tuple[str, str], str]) -> str:
    out, section = [], ""
    for line in text.splitlines():
        m = re.match(r"^\[(.+)\]\s*$", line)
        if m:
            section = m.group(1)
        else:
            key = re.match(r"^\s*;?\s*([A-Za-z_0-9]+)\s*=", line)
            if key and (section, key.group(1)) in changes:
                line = f"{key.group(1)} = {changes.pop((section, key.group(1)))}"
        out.append(line)
    if changes:
        raise KeyError(f"keys not found in virtuoso.ini: {sorted(changes)}")
    return "\n".join(out) + "\n"


def start(
    folder: Path, *, timeout: float = 120.0, settings: dict[tuple[str, str], str] | None = None
) -> Virtuoso:
    """Start Virtuoso with its database in ``folder``; wait until it answers SPARQL.

    ``settings`` sets more keys of ``virtuoso.ini`` (``(section, key) → value``), e.g. the
    buffers a large benchmark needs."""
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = _free_port(), _free_port()
    db = folder / "db"
    db.mkdir(exist_ok=True)
    ini = _edit_ini(
        PACKAGED_INI.read_text(),
        {
            ("Database", "DatabaseFile"): str(db / "virtuoso.db"),
            ("Database", "ErrorLogFile"): str(db / "virtuoso.log"),
            ("Database", "LockFile"): str(db / "virtuoso.lck"),
            ("Database", "TransactionFile"): str(db / "virtuoso.trx"),
            ("Database", "xa_persistent_file"): str(db / "virtuoso.pxa"),
            ("TempDatabase", "DatabaseFile"): str(db / "virtuoso-temp.db"),
            ("TempDatabase", "TransactionFile"): str(db / "virtuoso-temp.trx"),
            ("Parameters", "ServerPort"): f"127.0.0.1:{sql_port}",
            ("Parameters", "DirsAllowed"): f"., {folder}",
            ("Parameters", "VADInstallDir"): "",
            ("HTTPServer", "ServerPort"): f"127.0.0.1:{http_port}",
            ("HTTPServer", "ServerRoot"): str(folder),
            ("SPARQL", "ResultSetMaxRows"): "100000",
            ("SPARQL", "MaxQueryExecutionTime"): "120",
            **(settings or {}),
        },
    )
    (folder / "virtuoso.ini").write_text(ini)
    log = (folder / "virtuoso.out").open("wb")
    process = subprocess.Popen(
        ["virtuoso-t", "+foreground", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{http_port}"
    password = secrets.token_urlsafe(12)
    server = Virtuoso(process, base, "dba", password, folder)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"virtuoso-t exited ({process.returncode}); "
                    f"see {folder / 'virtuoso.out'} and {db / 'virtuoso.log'}"
                )
            try:
                with urllib.request.urlopen(base + "/sparql?query=ASK%7B%7D", timeout=5) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Virtuoso not ready after {timeout} s; see {db}")
            time.sleep(0.5)
        subprocess.run(
            [
                "isql-vt",
                f"127.0.0.1:{sql_port}",
                "dba",
                "dba",
                f"EXEC=user_set_password('dba', '{password}');",
            ],
            check=True,
            capture_output=True,
            timeout=60,
            env={**os.environ, "HOME": str(folder)},
        )
    except BaseException:
        server.stop()
        raise
    return server
