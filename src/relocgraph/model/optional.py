"""Optional dependencies: import one, or say which extra to install.

The core install (``pip install relocgraph``) builds, queries and exports. Reasoning,
SHACL validation, the browser graph, the endpoint, ontology docs and French extraction
need extras; a command whose extra is missing stops with a one-line message naming it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from relocgraph.model.errors import RelocgraphError


class MissingExtraError(RelocgraphError):
    """An optional dependency is not installed (exit 2, like any usage error).

    >>> str(MissingExtraError("nosuch", "viz"))
    "nosuch is not installed: pip install 'relocgraph[viz]'"
    """

    def __init__(self, module: str, extra: str) -> None:
        self.module = module
        self.extra = extra
        super().__init__(f"{module} is not installed: pip install 'relocgraph[{extra}]'")


def require(module: str, extra: str) -> ModuleType:
    """Import ``module``, or raise :class:`MissingExtraError` naming ``extra``.

    >>> require("json", "core").__name__
    'json'
    >>> require("nosuch", "viz")
    Traceback (most recent call last):
    ...
    relocgraph.model.optional.MissingExtraError: nosuch is not installed: pip install 'relocgraph[viz]'
    """
    try:
        return importlib.import_module(module)
    except ImportError as e:
        if e.name is not None and module != e.name and not module.startswith(e.name + "."):
            raise  # the module is there but one of *its* imports failed: not ours to explain
        raise MissingExtraError(module, extra) from e
