"""Give every item its evidence: the shortest run of whole words around it that occurs
once in the document, as the build's evidence check requires."""

from __future__ import annotations

from relocgraph.pipeline.sources import normalise

from .document import Document
from .items import Item
from .spans import Span, containing


def evidence(doc: Document) -> None:
    """Set ``evidence`` on every item: for a quote, its words (or a unique run around
    them) and ``attribution_quote`` around its speaker's name; for a figure, eight words
    or more of its sentence; for other items, four words or more."""
    for it in doc.items:
        if it.type == "quote":
            _quote_evidence(doc, it)
        elif it.type == "figure":
            noun_end = it.end + len(it.attrs.get("indicator", "")) + 4
            sentence = containing(doc.sentences, it.start) or (it.start, it.end)
            it.evidence = unique_quote(
                doc, it.start, min(noun_end, sentence[1]), min_words=8, bounds=sentence
            )
        elif it.type == "dateline":
            it.evidence = unique_quote(doc, it.start, it.end, bounds=(0, len(doc.clean)))
        elif it.type == "title":
            # a title printed again in the body is located at its first occurrence by the build
            found = unique_quote(
                doc, it.start, it.end, min_words=4, bounds=containing(doc.sentences, it.start)
            )
            it.evidence = found or normalise(it.text)[0]
        else:
            it.evidence = unique_quote(
                doc, it.start, it.end, min_words=4, bounds=containing(doc.sentences, it.start)
            )


def _quote_evidence(doc: Document, it: Item) -> None:
    s, e = it.attrs.pop("attribution_start", None), it.attrs.pop("attribution_end", None)
    if s is not None:
        it.attrs["attribution_quote"] = unique_quote(doc, s, e)
    exact = normalise(it.text)[0]
    unique = occurs_once(doc.norm, exact)
    it.evidence = exact if unique else unique_quote(doc, it.start, it.end)


def unique_quote(
    doc: Document, start: int, end: int, *, min_words: int = 1, bounds: Span | None = None
) -> str | None:
    """The shortest run of whole words around ``start:end`` that occurs once in the text
    (and has at least ``min_words`` words, as far as ``bounds`` allow).

    >>> doc = Document("Un bilan. Un bilan positif.")
    >>> doc.segment(None)
    >>> unique_quote(doc, 13, 18)
    'Un bilan positif.'
    """
    para = containing(doc.paragraphs, start) or (0, len(doc.clean))
    if doc.repeated(para):  # every run of words in it occurs twice
        return None
    if bounds is not None and bounds[0] <= start and end <= bounds[1]:
        para = bounds
    s, e = start, end
    # snap to whole words
    while s > para[0] and not doc.clean[s - 1].isspace():
        s -= 1
    while e < para[1] and not doc.clean[e].isspace():
        e += 1
    grow_left = True
    while True:
        exact = normalise(doc.text[s:e])[0].strip(" ,;:")
        whole = s <= para[0] and e >= para[1]
        if exact and (len(exact.split()) >= min_words or whole) and occurs_once(doc.norm, exact):
            return exact
        if whole:
            if bounds is not None:  # the sentence is not enough: try its paragraph
                return unique_quote(doc, start, end, min_words=min_words)
            return None
        if (grow_left and s > para[0]) or e >= para[1]:
            s = _word_left(doc.clean, s, para[0])
        else:
            e = _word_right(doc.clean, e, para[1])
        grow_left = not grow_left


def occurs_once(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs exactly once in ``haystack`` (stops at the second hit).

    >>> occurs_once("abab", "ab"), occurs_once("abab", "ba")
    (False, True)
    """
    first = haystack.find(needle)
    return first != -1 and haystack.find(needle, first + 1) == -1


def _word_left(clean: str, s: int, floor: int) -> int:
    while s > floor and clean[s - 1].isspace():
        s -= 1
    while s > floor and not clean[s - 1].isspace():
        s -= 1
    return s


def _word_right(clean: str, e: int, ceiling: int) -> int:
    while e < ceiling and clean[e].isspace():
        e += 1
    while e < ceiling and not clean[e].isspace():
        e += 1
    return e
