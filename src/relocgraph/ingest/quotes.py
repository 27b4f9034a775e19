"""Find quotations (words in « … », “ … ” or "…"); :mod:`.attribution` finds who says each.

Short quoted words that are not a sentence are names of plans (« pack relocalisation »),
handed to :func:`relocgraph.ingest.plans.quoted_plan`.
"""

from __future__ import annotations

import re

from .document import Document
from .items import Item
from .plans import quoted_plan
from .spans import UPPER

#: A quotation item, the offset of its opening mark and the offset after its closing mark.
Quote = tuple[Item, int, int]


def _marks(doc: Document) -> list[tuple[int, int, int, int]]:
    """Quoted passages per paragraph: open, inner start, inner end, close end."""
    spans: list[tuple[int, int, int, int]] = []
    for ps, pe in doc.paragraphs:
        para = doc.clean[ps:pe]
        depth, opened = 0, -1
        for i, ch in enumerate(para):
            if ch == "«":
                if depth == 0:
                    opened = i
                depth += 1
            elif ch == "»" and depth:
                depth -= 1
                if depth == 0:
                    spans.append((ps + opened, ps + opened + 1, ps + i, ps + i + 1))
        for m in re.finditer(r"“([^”]*)”", para):
            spans.append((ps + m.start(), ps + m.start(1), ps + m.end(1), ps + m.end()))
        for m in re.finditer(r"\"([^\"\n]*)\"", para):
            spans.append((ps + m.start(), ps + m.start(1), ps + m.end(1), ps + m.end()))
    return sorted(spans)


def quotes(doc: Document) -> list[Quote]:
    """Record quotations (eight words or more, or a sentence of four or more) and the
    quoted names of plans; return the quotations with their marks' offsets.

    >>> doc = Document("Elle dit : « Nous irons plus loin. »")
    >>> doc.segment(None)
    >>> [q.text for q, _, _ in quotes(doc)]
    ['Nous irons plus loin.']
    """
    found: list[Quote] = []
    for open_, s, e, close in _marks(doc):
        inner = doc.clean[s:e].strip()
        words = len(inner.split())
        sentence_like = bool(re.search(r"[.!?…]\s*$|[.!?]\s+[" + UPPER + "]", inner))
        named = re.search(rf"\b[{UPPER}][\w'’-]+\s*$", doc.clean[max(0, open_ - 30) : open_])
        if named and not sentence_like and not re.search(r"[.!?…]\s*$", inner):
            continue  # a quoted name after a capitalised word: « Forum « Relocalisation, … » »
        if words >= 8 or (sentence_like and words >= 4):
            it = doc.item("quote", s, e, 0.9)
            found.append((it, open_, close))
            doc.take(s, e, "quote")
        elif words <= 8 and inner:
            quoted_plan(doc, open_, s, e, close)
    return found
