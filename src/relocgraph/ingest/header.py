"""Find a press release's header: the dateline (« Lyon, le 22 novembre 2024 ») and the
title, and blank the dateline and page footers so that later passes do not read them."""

from __future__ import annotations

import re

from relocgraph.model.errors import NumberFormatError
from relocgraph.pipeline.french_dates import parse_french_date

from .dates import MONTH, YEAR
from .document import Document
from .spans import UPPER, blank

_DATELINE = re.compile(
    rf"^[ \t]*(?P<place>[{UPPER}][\w'’ -]*?),?[ \t]+(?:le[ \t]+)?(?P<date>(?:1er|\d{{1,2}})[ \t]+"
    rf"{MONTH}[ \t]+{YEAR})[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_PAGE = re.compile(r"^[ \t]*Page[ \t]+\d+[ \t]*/[ \t]*\d+[ \t]*$", re.MULTILINE | re.IGNORECASE)
_GENERIC_HEADER = re.compile(
    r"^(?:communiqué|communique|information|invitation|dossier)(?:\s+de\s+presse)?\s*:?$", re.IGNORECASE
)


def dateline(doc: Document) -> None:
    """Record the dateline found in the first 800 characters, then blank every copy of
    its line and every « Page n/m » line in ``doc.clean`` (call before segmenting).

    >>> doc = Document("Lyon, le 7 novembre 2024\\n\\nTexte")
    >>> dateline(doc)
    >>> doc.items[0].value, doc.clean.strip()
    ('2024-11-07', 'Texte')
    """
    m = _DATELINE.search(doc.clean[:800])
    if not m:
        return
    try:
        day = parse_french_date(m.group("date"))
    except NumberFormatError:
        return
    place = m.group("place").strip()
    doc.item(
        "dateline",
        m.start("place"),
        m.end("date"),
        0.95,
        value=day.isoformat(),
        attrs={"place": place, "date": m.group("date")},
    )
    line = m.group(0).strip()
    for hit in re.finditer(re.escape(line), doc.clean):
        doc.clean = blank(doc.clean, hit.start(), hit.end())
    for hit in _PAGE.finditer(doc.clean):
        doc.clean = blank(doc.clean, hit.start(), hit.end())


def title(doc: Document) -> None:
    """Record the title: the first one-line paragraph of three words or more that is not
    a generic header (« Communiqué de presse »)."""
    for s, e in doc.paragraphs:
        line = doc.clean[s:e]
        if "\n" in line or _GENERIC_HEADER.match(line) or len(line) > 250:
            continue
        if len(line.split()) < 3:
            continue
        doc.item("title", s, e, 0.85)
        return
