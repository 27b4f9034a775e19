"""Find dates and periods (« dès 2016 », « au premier trimestre 2024 ») and read each as
a period key (``2024-q1``) with its first and last day."""

from __future__ import annotations

import re

from relocgraph.model.errors import NumberFormatError
from relocgraph.pipeline.french_dates import MONTHS, parse_french_period

from .document import Document
from .items import Item
from .spans import containing

YEAR = r"(?:19|20)\d{2}"
MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
ORD = r"(?:premier|1er|deuxième|second|2e|troisième|3e|quatrième|4e)"
_DATES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:(?:dès le|depuis le|le|du|au|jusqu['’]au|à partir du)\s+)?"
        rf"(?:1er|\d{{1,2}})\s+{MONTH}\s+{YEAR}\b",
        rf"\b(?:(?:au cours du|au|du|le|lors du|pour le|sur le|dès le|depuis le)\s+)?{ORD}\s+"
        rf"(?:trimestre|semestre)(?:\s+(?:de\s+|d['’]\s*)?{YEAR})?\b",
        rf"\b(?:(?:sur|dans|pour|durant|pendant|au cours des|dès)\s+)?les\s+premiers\s+mois\s+"
        rf"(?:de\s+|d['’]\s*)?{YEAR}\b",
        rf"\b(?:entre\s+{YEAR}\s+et\s+{YEAR}|de\s+{YEAR}\s+à\s+{YEAR}|"
        rf"(?:(?:sur|pour) la période\s+)?{YEAR}\s*[-–]\s*{YEAR})\b",
        rf"(?:\b(?:en|dès|depuis|fin|début|courant|jusqu['’]en|d['’]ici)\s+|\bmi-)?{MONTH}\s+{YEAR}\b",
        rf"\b(?:dès|depuis|en|d['’]ici|jusqu['’]en|à partir de|avant|après|fin|début|courant)\s+{YEAR}\b",
        rf"\b(?:(?:à|de)\s+)?(?:la même période|l['’]année|l['’]exercice)\s+(?:de\s+)?{YEAR}\b",
    )
]


def _spans(clean: str) -> list[tuple[int, int]]:
    """Date expressions, earlier patterns first; a later pattern's overlapping hit is dropped."""
    hits: list[tuple[int, int]] = []
    for rx in _DATES:
        for m in rx.finditer(clean):
            if any(s < m.end() and m.start() < e for s, e in hits):
                continue
            hits.append((m.start(), m.end()))
    return sorted(hits)


def dates(doc: Document) -> list[Item]:
    """Record every date expression and return the date items.

    A period without a year (« au premier trimestre ») takes the last year printed earlier
    in its sentence, else the dateline's.

    >>> doc = Document("Bilan en 2023, puis au premier trimestre.")
    >>> doc.segment(None)
    >>> [(d.text, d.value) for d in dates(doc)]
    [('en 2023', '2023'), ('au premier trimestre', '2023-q1')]
    """
    year_default = None
    for it in doc.items:
        if it.type == "dateline":
            year_default = int(it.value[:4])
    found: list[Item] = []
    for s, e in _spans(doc.clean):
        sentence = containing(doc.sentences, s)
        year = year_default
        if sentence:
            years = re.findall(rf"\b{YEAR}\b", doc.clean[sentence[0] : s])
            if years:
                year = int(years[-1])
        try:
            period = parse_french_period(doc.clean[s:e], year=year)
            value = period.key
        except NumberFormatError:
            period, value = None, None
        it = doc.item("date", s, e, 0.9, value=value)
        if period is not None:
            it.attrs["period_start"] = period.start.isoformat() if period.start else None
            it.attrs["period_end"] = period.end.isoformat() if period.end else None
        found.append(it)
        doc.take(s, e, "date")
    return found
