"""A typed report of findings, shared by validation (SHACL, evidence) and lint.

Each :class:`Finding` says how serious it is, which check found it, what it is about
(the focus node, with its label), the path (property) involved, a message and the file
to fix. A :class:`Report` renders as a terminal table, Markdown or JSON, and
:meth:`Report.raise_for_results` turns errors into an exception, as LinkML's reports do.

>>> report = Report([Finding(Severity.ERROR, "label-fr-en", "id:place/x", "no labels",
...                          label="x", path="rdfs:label", source="data/entities.ttl")])
>>> report.ok
False
>>> print(report.render("markdown").splitlines()[2])
| error | label-fr-en | x (id:place/x) | rdfs:label | no labels | data/entities.ttl |
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from relocgraph.model import prefixes
from relocgraph.model.errors import ValidationFailedError
from relocgraph.model.formats import REPORT_FORMATS


class Severity(StrEnum):
    """How serious a finding is: errors fail the command (exit 1), the rest inform."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found by a check."""

    severity: Severity
    check: str
    focus: str
    message: str
    label: str = ""
    path: str = ""
    source: str = ""

    @property
    def focus_shown(self) -> str:
        """The focus node for people: its label, then its CURIE."""
        if self.label and self.label != self.focus:
            return f"{self.label} ({self.focus})"
        return self.focus


@dataclass
class Report:
    """Findings of one or more checks, sorted for stable output."""

    findings: list[Finding] = field(default_factory=list)
    checks_run: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.findings = sorted(set(self.findings), key=_order)

    def extend(self, other: Report) -> Report:
        """Add another report's findings and checks to this one and return it."""
        self.findings = sorted(set(self.findings) | set(other.findings), key=_order)
        self.checks_run += [c for c in other.checks_run if c not in self.checks_run]
        return self

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not self.errors

    def raise_for_results(self) -> None:
        """Raise :class:`ValidationFailedError` when the report holds errors."""
        if not self.ok:
            raise ValidationFailedError(f"{len(self.errors)} error(s):\n" + self.render("terminal"))

    def summary(self) -> str:
        counts = {s: sum(1 for f in self.findings if f.severity is s) for s in Severity}
        return (
            f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
            f"{counts[Severity.INFO]} note(s) from {len(self.checks_run)} check(s)"
        )

    def render(self, fmt: str = "terminal") -> str:
        """The report as ``terminal`` text, ``markdown``, ``json`` or ``tsv``."""
        if fmt == "json":
            return (
                json.dumps(
                    {
                        "ok": self.ok,
                        "summary": self.summary(),
                        "checks": self.checks_run,
                        "findings": [{**asdict(f), "severity": f.severity.value} for f in self.findings],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
                + "\n"
            )
        rows = [
            [f.severity.value, f.check, f.focus_shown, f.path, f.message, f.source] for f in self.findings
        ]
        header = ["severity", "check", "focus", "path", "message", "source"]
        if fmt == "tsv":
            lines = ["\t".join(header)]
            lines += ["\t".join(c.replace("\t", " ").replace("\n", " ") for c in row) for row in rows]
            return "\n".join(lines) + "\n"
        if fmt == "markdown":
            lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
            return "\n".join(lines) + f"\n\n{self.summary()}\n"
        if fmt not in ("terminal", "table"):
            raise ValueError(f"unknown report format {fmt!r}; choose one of {REPORT_FORMATS}")
        if not rows:
            return f"no findings: {self.summary()}\n"
        blocks = []
        for f in self.findings:
            where = f" [{f.source}]" if f.source else ""
            path = f" {f.path}:" if f.path else ""
            blocks.append(
                f"{f.severity.value.upper():7} {f.check}  {f.focus_shown}{where}\n"
                f"        {path} {f.message}".rstrip()
            )
        return "\n".join(blocks) + f"\n\n{self.summary()}\n"


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _order(f: Finding) -> tuple:
    return (_RANK[f.severity], f.check, f.focus, f.path, f.message, f.source)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def curie(term: object) -> str:
    """A compact name for people: ``rg:Official``, ``person:laurent-wauquiez``
    (:func:`relocgraph.model.prefixes.curie` of the term's text).

    >>> curie("https://w3id.org/relocgraph/id/person/laurent-wauquiez")
    'person:laurent-wauquiez'
    """
    return prefixes.curie(str(term))
