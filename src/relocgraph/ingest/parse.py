"""Parse a document with spaCy in linear time: paragraph by paragraph, then one Doc.

spaCy's French pipeline is run with ``nlp.pipe`` over the document's pieces (its
paragraphs; a paragraph longer than :data:`PIECE_CHARS` is cut at sentence ends), so that
time grows with the length of the text and no piece reaches spaCy's ``max_length``. The
pieces' tokens, tags, lemmas, dependency arcs and entities are then copied into one
:class:`spacy.tokens.Doc` over the whole text — the white space between pieces becomes
space tokens — so every character offset of the Doc is an offset of the text.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Any

from .spans import Span

#: The longest piece of text handed to spaCy at once (characters).
PIECE_CHARS = 20_000


def pieces(clean: str, paragraphs: list[Span], sentences: list[Span]) -> list[Span]:
    """The spans parsed one at a time: paragraphs, long ones cut at sentence ends (and a
    sentence longer than :data:`PIECE_CHARS` at a space, or hard).

    >>> pieces("Un. Deux.\\n\\nTrois.", [(0, 9), (11, 17)], [(0, 3), (4, 9), (11, 17)])
    [(0, 9), (11, 17)]
    """
    out: list[Span] = []
    starts = [s for s, _ in sentences]
    for ps, pe in paragraphs:
        if pe - ps <= PIECE_CHARS:
            out.append((ps, pe))
            continue
        start = last_end = ps
        for _, se in sentences[bisect.bisect_left(starts, ps) : bisect.bisect_right(starts, pe)]:
            if se - start > PIECE_CHARS and last_end > start:
                out.append((start, last_end))
                start = _skip_space(clean, last_end, pe)
            last_end = se
            if se - start > PIECE_CHARS:  # one sentence longer than a piece
                out.extend(_hard_cut(clean, start, se))
                start = last_end = _skip_space(clean, se, pe)
        if start < pe:
            out.extend(_hard_cut(clean, start, pe))
    return [(s, e) for s, e in out if e > s]


def _skip_space(clean: str, pos: int, end: int) -> int:
    while pos < end and clean[pos].isspace():
        pos += 1
    return pos


def _hard_cut(clean: str, start: int, end: int) -> Iterator[Span]:
    """``start:end`` in pieces of at most :data:`PIECE_CHARS`, cut at a space when one is near."""
    while end - start > PIECE_CHARS:
        cut = clean.rfind(" ", start + PIECE_CHARS // 2, start + PIECE_CHARS)
        cut = cut if cut > start else start + PIECE_CHARS
        yield start, cut
        start = _skip_space(clean, cut, end)
    if start < end:
        yield start, end


def parse(nlp: Any, clean: str, paragraphs: list[Span], sentences: list[Span]) -> Any:
    """One spaCy Doc over ``clean``, parsed piece by piece (see the module docs).

    >>> import spacy
    >>> doc = parse(spacy.blank("fr"), "Un mot.\\n\\nDeux.", [(0, 7), (9, 14)], [(0, 7), (9, 14)])
    >>> doc.text == "Un mot.\\n\\nDeux.", [t.idx for t in doc]
    (True, [0, 3, 6, 7, 9, 13])
    """
    from spacy.tokens import Doc

    spans = pieces(clean, paragraphs, sentences)
    words: list[str] = []
    spaces: list[bool] = []
    fields: dict[str, list[Any]] = {
        k: [] for k in ("pos", "tags", "morphs", "lemmas", "heads", "deps", "ents")
    }
    parsed = True

    def gap(text: str) -> None:
        if not text:
            return
        words.append(text)
        spaces.append(False)
        for k, v in (("pos", "SPACE"), ("tags", "SPACE"), ("morphs", ""), ("lemmas", text), ("deps", "dep")):
            fields[k].append(v)
        fields["heads"].append(len(words) - 1)
        fields["ents"].append("O")

    prev = 0
    for (s, e), piece in zip(spans, nlp.pipe(clean[s:e] for s, e in spans), strict=True):
        gap(clean[prev:s])
        base = len(words)
        parsed = parsed and piece.has_annotation("DEP")
        for t in piece:
            words.append(t.text)
            spaces.append(bool(t.whitespace_))
            fields["pos"].append(t.pos_ or "X")
            fields["tags"].append(t.tag_ or "X")
            fields["morphs"].append(str(t.morph))
            fields["lemmas"].append(t.lemma_ or t.text)
            fields["heads"].append(base + t.head.i)
            fields["deps"].append(t.dep_ or "dep")
            fields["ents"].append(f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O")
        prev = e
    gap(clean[prev:])
    if not words:
        return Doc(nlp.vocab, words=[], spaces=[])
    if not parsed:  # a pipeline without a parser (tests): keep tokens and tags only
        for k in ("heads", "deps"):
            fields.pop(k)
    return Doc(nlp.vocab, words=words, spaces=spaces, **fields)
