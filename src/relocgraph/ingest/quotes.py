"""Find quotations (words in « … », “ … ” or "…") and the person who says each one.

Short quoted words that are not a sentence are names of plans (« pack relocalisation »),
handed to :func:`relocgraph.ingest.plans.quoted_plan`.
"""

from __future__ import annotations

import re

from .document import Document
from .items import Item, fold
from .plans import quoted_plan
from .spans import UPPER, Span, containing

#: A quotation item, the offset of its opening mark and the offset after its closing mark.
Quote = tuple[Item, int, int]
#: A person's mention: start, end, name as printed.
PersonSpan = tuple[int, int, str]


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
        if words >= 8 or (sentence_like and words >= 4):
            it = doc.item("quote", s, e, 0.9)
            found.append((it, open_, close))
            doc.take(s, e, "quote")
        elif words <= 8 and inner:
            quoted_plan(doc, open_, s, e, close)
    return found


def _persons_in(persons: list[PersonSpan], s: int, e: int) -> list[PersonSpan]:
    return [p for p in persons if s <= p[0] < e]


def _around(
    doc: Document, persons: list[PersonSpan], para: Span
) -> tuple[PersonSpan | None, float, str | None]:
    """A speaker named in the paragraph before (ending with « : ») or alone in a short
    paragraph after the quotation's paragraph."""
    ps = para[0]
    i = doc.paragraphs.index(para)
    prev = doc.paragraphs[i - 1] if i > 0 else None
    nxt = doc.paragraphs[i + 1] if i + 1 < len(doc.paragraphs) else None
    if (
        prev
        and doc.clean[prev[0] : prev[1]].rstrip().endswith(":")
        and _persons_in(persons, *prev)
        and not ps - prev[1] > 400
    ):
        return _persons_in(persons, *prev)[-1], 0.85, "previous paragraph"
    if nxt and nxt[1] - nxt[0] < 250:
        lead = re.match(r"[\s—–-]*", doc.clean[nxt[0] : nxt[1]])
        start = nxt[0] + (lead.end() if lead else 0)
        hit = [p for p in persons if p[0] == start]
        if hit:
            return hit[0], 0.8, "next paragraph"
    return None, 0.4, None


def _speaker(
    doc: Document, persons: list[PersonSpan], opens: list[int], open_: int, close: int
) -> tuple[PersonSpan | None, float, str | None]:
    """Who says the quotation at ``open_:close``, how sure we are, and where the name is."""
    para = containing(doc.paragraphs, open_)
    assert para is not None
    ps, pe = para
    nxt_open = next((o for o in opens if o > close and o < pe), pe)
    after = _persons_in(persons, close, min(nxt_open, close + 250))
    if after:
        return after[0], 0.9, "after"
    if doc.clean[ps:open_].rstrip().endswith(":") and _persons_in(persons, ps, open_):
        return _persons_in(persons, ps, open_)[-1], 0.9, "before"
    return _around(doc, persons, para)


def attribute_quotes(doc: Document, quotations: list[Quote], person_spans: list[PersonSpan]) -> None:
    """Give each quotation its ``speaker`` (from ``person_spans``), a confidence, where
    the name was found, the speaker's title when printed, and the span of the attribution."""
    persons = sorted(person_spans)
    posts = [i for i in doc.items if i.type == "post"]
    opens = sorted(o for _, o, _ in quotations)
    for it, open_, close in quotations:
        speaker, conf, where = _speaker(doc, persons, opens, open_, close)
        it.confidence = conf
        if speaker is None:
            continue
        it.speaker = speaker[2]
        it.attrs["attribution"] = where
        name = fold(speaker[2])
        adjacent = next(
            (p for p in posts if fold(p.attrs["person"]) == name and speaker[1] <= p.start <= speaker[1] + 3),
            None,
        )
        post = adjacent or next((p for p in posts if fold(p.attrs["person"]) == name), None)
        if post is not None:
            it.attrs["speaker_title"] = post.text
        it.attrs["attribution_start"] = speaker[0]
        it.attrs["attribution_end"] = adjacent.end if adjacent is not None else speaker[1]
