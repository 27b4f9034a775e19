"""The document being extracted and the ledger the extraction passes share.

A :class:`Document` holds the text, its masked copy (Markdown markers and the dateline
blanked), its paragraphs and sentences, spaCy's parse, and what the passes have found so
far: the items, the spans names have claimed (a later name may not claim the same
words) and every mention of a name. The passes are plain functions in the modules of
:mod:`relocgraph.ingest`; they receive the document and add to its ledger.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from typing import Any

from relocgraph.pipeline.sources import normalise

from .items import NAME_TYPES, Item, fold
from .parse import parse
from .spans import Span, mask, paragraphs, sentences

#: Width of the buckets that index claimed spans (a name is far shorter).
_BUCKET = 256


class Document:
    """A document under extraction (see the module docs).

    >>> doc = Document("Un  mot ")
    >>> doc.item("title", 0, 8, 0.9).text
    'Un  mot'
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.clean = mask(text)
        self.norm, self.offsets = normalise(text)
        self.items: list[Item] = []
        self.taken: list[tuple[int, int, str]] = []  # spans already used by names
        self._taken_at: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        self._entities: dict[tuple[str, str], Item] = {}  # first item per (type, folded name)
        self._token_starts: list[int] = []
        self._paragraph_count: dict[str, int] = {}
        self.mentions: list[tuple[int, int, str, str]] = []  # every mention of a name
        self.paragraphs: list[Span] = []
        self.sentences: list[Span] = []
        self.doc: Any = None

    def segment(self, nlp: Any) -> None:
        """Cut the (final) masked text into paragraphs and sentences, and parse it with
        ``nlp`` unless it is None. Call once, after the dateline is blanked."""
        self.paragraphs = paragraphs(self.clean)
        self.sentences = sentences(self.clean, self.paragraphs)
        self._paragraph_count = {}
        for s, e in self.paragraphs:
            key = self.clean[s:e]
            self._paragraph_count[key] = self._paragraph_count.get(key, 0) + 1
        if nlp is not None:
            self.doc = parse(nlp, self.clean, self.paragraphs, self.sentences)
            self._token_starts = [t.idx for t in self.doc]

    def repeated(self, span: Span) -> bool:
        """Whether the paragraph at ``span`` is printed more than once, word for word."""
        return self._paragraph_count.get(self.clean[span[0] : span[1]], 0) > 1

    # -- the ledger ---------------------------------------------------------------

    def item(self, type_: str, start: int, end: int, confidence: float, **fields: Any) -> Item:
        """Record an item for ``start:end``, trimmed of surrounding white space."""
        while end > start and self.clean[end - 1] in " \u00a0\t\n":
            end -= 1
        while start < end and self.clean[start] in " \u00a0\t\n":
            start += 1
        attrs = fields.pop("attrs", {})
        it = Item(type_, self.text[start:end], start, end, confidence, attrs=attrs, **fields)
        self.items.append(it)
        return it

    def overlaps(self, start: int, end: int, types: tuple[str, ...] | None = None) -> bool:
        """Whether a claimed span (of one of ``types``, or any) overlaps ``start:end``."""
        for b in range(start // _BUCKET, (max(start, end - 1)) // _BUCKET + 1):
            for s, e, t in self._taken_at.get(b, ()):
                if s < end and start < e and (types is None or t in types):
                    return True
        return False

    def take(self, start: int, end: int, type_: str) -> None:
        """Claim ``start:end`` for a name of ``type_``."""
        self.taken.append((start, end, type_))
        for b in range(start // _BUCKET, (max(start, end - 1)) // _BUCKET + 1):
            self._taken_at[b].append((start, end, type_))

    def entity(self, type_: str, name: str) -> Item | None:
        """The item first recorded for entity ``name`` of ``type_`` by :meth:`add_entity`."""
        return self._entities.get((type_, fold(name)))

    def add_entity(
        self,
        type_: str,
        start: int,
        end: int,
        name: str,
        conf: float,
        *,
        blocking: tuple[str, ...] = NAME_TYPES,
        **attrs: Any,
    ) -> None:
        """Record a mention of entity ``name``: a new item on its first mention, else one
        more ``mentions`` on the first; nothing when a span of ``blocking`` types overlaps."""
        if self.overlaps(start, end, blocking):
            return
        key = fold(name)
        self.mentions.append((start, end, type_, name))
        first = self._entities.get((type_, key))
        if first is not None:
            first.attrs["mentions"] = first.attrs.get("mentions", 1) + 1
            self.take(start, end, type_)
            return
        self._entities[type_, key] = self.item(
            type_, start, end, conf, attrs={"name": name, "mentions": 1, **attrs}
        )
        self.take(start, end, type_)

    # -- spaCy tokens -------------------------------------------------------------

    def tokens(self, start: int, end: int) -> list[Any]:
        """spaCy's tokens covering ``start:end`` (none without a parse)."""
        if self.doc is None:
            return []
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return [t for t in span if not t.is_space] if span is not None else []

    def token_after(self, pos: int) -> Any:
        """The first token at or after ``pos`` (None without a parse)."""
        if self.doc is None:
            return None
        i = bisect.bisect_left(self._token_starts, pos)
        while i < len(self.doc):
            if not self.doc[i].is_space:
                return self.doc[i]
            i += 1
        return None
