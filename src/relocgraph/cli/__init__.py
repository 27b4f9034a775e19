"""The ``relocgraph`` command line.

This module only parses options and calls the public functions that notebooks use
too. Heavy libraries (rdflib, pandas, pyvis, owlready2…) are imported inside the
commands that need them, so ``relocgraph --help`` and ``relocgraph query`` start fast.

Exit codes: 0 success, 1 findings (validation failures, lint errors), 2 bad input or
usage.
"""

from relocgraph.cli import ingest, make, read, stores, web  # noqa: F401  (registers the commands)
from relocgraph.cli.app import main

__all__ = ["main"]
