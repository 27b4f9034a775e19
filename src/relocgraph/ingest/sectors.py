"""Find industries and technologies (« industrie verte », « hydrogène »): known sector
names, « fabrication de X », « spécialisée dans X », and enumerations after « filières »."""

from __future__ import annotations

import re

from .document import Document
from .items import NAME_TYPES, fold
from .lexicon import words
from .nlp import is_stop
from .spans import LOWER

SECTORS = words("sectors")
EVALUATIVE = frozenset(words("evaluative"))
_SECTOR = re.compile(
    r"(?<![\w-])(?P<name>"
    + "|".join(re.escape(s) for s in sorted(SECTORS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_SECTOR_PATTERNS = re.compile(
    r"\b(?:fabrication|production)\s+(?:de|d['’])\s*(?:(?:ses|leurs|des|nos)\s+)?"
    rf"(?P<a>[{LOWER}]+(?:\s+[{LOWER}]+)?)"
    r"|\b(?:spécialisée?s?|positionnée?s?)\s+dans\s+(?:les|la|le|l['’])\s*"
    rf"(?P<b>[{LOWER}]+(?:\s+[{LOWER}]+)?)"
    r"|\b(?:gigafactory|usine)\s+de\s+"
    rf"(?P<c>[{LOWER}]+(?:\s+à\s+[{LOWER}]+|\s+[{LOWER}]+)?)",
    re.IGNORECASE,
)
_ENUMERATION = re.compile(
    r"\b(?:filières?|secteurs?)\s+(?:de\s+la\s+|du\s+|de\s+l['’]|des\s+)?", re.IGNORECASE
)
_SECTOR_BLOCKING = tuple(t for t in NAME_TYPES if t != "site")


def sectors(doc: Document) -> None:
    """Record sectors: known names, words after « fabrication de », « spécialisée dans »,
    « usine de », and the words listed after « filières » / « secteurs ».

    >>> doc = Document("Les filières aéronautique, bois et chaudronnerie recrutent.")
    >>> sectors(doc)
    >>> [i.text for i in doc.items]
    ['aéronautique', 'bois', 'chaudronnerie']
    """
    for m in _SECTOR.finditer(doc.clean):
        _add_sector(doc, m.start("name"), m.end("name"), 0.85)
    for m in _SECTOR_PATTERNS.finditer(doc.clean):
        for g in ("a", "b", "c"):
            if m.group(g):
                _add_sector(doc, m.start(g), m.end(g), 0.6)
    # enumerations after « filières » / « secteurs »: « filières aéronautique, bois et X »
    for m in _ENUMERATION.finditer(doc.clean):
        window = doc.clean[m.end() : m.end() + 120]
        for part in re.finditer(rf"([{LOWER}-]+)(\s*,\s*|\s+et\s+|)", window):
            word = part.group(1)
            if is_stop(word) or len(word) < 4 or fold(word) in EVALUATIVE:
                break
            _add_sector(doc, m.end() + part.start(1), m.end() + part.end(1), 0.6)
            if not part.group(2):
                break


def _add_sector(doc: Document, start: int, end: int, conf: float) -> None:
    doc.add_entity("sector", start, end, doc.clean[start:end], conf, blocking=_SECTOR_BLOCKING)
