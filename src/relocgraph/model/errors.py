"""Exceptions raised by relocgraph.

Library code raises these narrow classes; only the CLI turns them into messages and
exit codes. Each error that concerns a file carries its path and, where one exists,
the line, so a curator can go straight to the mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class RelocgraphError(Exception):
    """Base class of every error relocgraph raises on purpose."""

    exit_code = 2


@dataclass
class Location:
    """A place in an input file: path, and line/column counted from 1 when known."""

    path: Path | str
    line: int | None = None
    column: int | None = None

    @classmethod
    def at(cls, path: Path | str, data: bytes, offset: int) -> Location:
        r"""The line and column of byte ``offset`` of ``data``, the bytes of the file ``path``.

        >>> str(Location.at("q.rq", b"ab\ncd", 4))
        'q.rq:2:2'
        """
        line = data.count(b"\n", 0, offset) + 1
        return cls(path, line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1)

    def __str__(self) -> str:
        text = str(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class InputError(RelocgraphError):
    """Bad input: a file that cannot be read, parsed or trusted.

    >>> str(InputError("quote not found", Location("data/x.ttl", 12), hint="check the spelling"))
    'data/x.ttl:12: quote not found\\n  hint: check the spelling'
    """

    def __init__(self, message: str, location: Location | None = None, *, hint: str = "") -> None:
        self.message = message
        self.location = location
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class EvidenceError(InputError):
    """A statement's quote is missing from its source, or found more than once."""


class NumberFormatError(InputError):
    """A figure's verbatim text cannot be read as a French number."""


class QueryError(RelocgraphError):
    """A SPARQL query is malformed, refused, or names an unknown query."""


class ParameterError(QueryError):
    """A query parameter is not a valid RDF term (a malformed IRI, an unknown prefix…)."""


class BuildMissingError(RelocgraphError):
    """An operation needs the built graph, and none exists yet."""


class BuildError(RelocgraphError):
    """The build's outputs could not be written or switched in (disk full, permissions);
    the previous build is left as it was."""

    exit_code = 1


class StoreError(RelocgraphError):
    """A persisted store cannot be built, opened or read."""


class RemoteError(RelocgraphError):
    """A remote SPARQL store refused a request, could not be reached, or truncated an answer.

    Messages never include credentials: endpoint URLs are shown without user information.
    """


class DraftError(InputError):
    """A draft statements file cannot be accepted as it is (unreviewed entities, a curated
    file in the way, not a draft)."""


class DraftValidationError(DraftError):
    """A draft builds, but the project would then fail ``relocgraph validate`` (findings)."""

    exit_code = 1


class InconsistentGraphError(RelocgraphError):
    """The ontology and data contradict each other under OWL reasoning.

    The message says, in a curator's words, which entities cannot hold together and
    why; ``entities`` lists them as CURIEs. Exit code 1: the inputs parse, but what
    they say is contradictory.
    """

    exit_code = 1

    def __init__(self, message: str, *, entities: list[str] | None = None) -> None:
        self.entities = entities or []
        super().__init__(message)


class ReasonerUnavailableError(RelocgraphError):
    """The reasoner asked for cannot run here (for example HermiT without Java)."""


class ValidationFailedError(RelocgraphError):
    """A validation or lint report holds errors (raised by ``raise_for_results()``)."""

    exit_code = 1


class RuleError(RelocgraphError):
    """A derivation rule (``relocgraph/rules/*.rq``) is malformed or made an invalid figure."""


class ExportError(RelocgraphError):
    """An export was asked for in an unknown format or to an unusable place."""


class FocusError(RelocgraphError):
    """A view was asked for a node that does not exist, or for an impossible option."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        self.message = message
        self.hint = hint
        super().__init__(message + (f"\n  hint: {hint}" if hint else ""))


class QueryRefusedError(QueryError):
    """A query the endpoint will not run: an update, a remote fetch, a bad request.

    ``status`` is the HTTP status the endpoint answers with.

    >>> QueryRefusedError("SPARQL Update is not allowed", status=403).status
    403
    """

    def __init__(self, message: str, *, status: int = 400) -> None:
        self.status = status
        super().__init__(message)


class ServeError(RelocgraphError):
    """The server cannot start (address in use, dataset missing, worker failure)."""
