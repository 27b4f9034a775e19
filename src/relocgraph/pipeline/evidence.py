"""Locate a curator's quotes in a source text.

Each quote must occur exactly once in the normalised text of its document (see
:mod:`relocgraph.pipeline.sources`), unless the caller says which occurrence to take:
``occurrence=n`` (a statement's ``rg:occurrence``) takes the n-th, and ``first=True`` takes
the first (for a document's title, which pages often print twice: header and body).
:func:`locate` returns where it is in the original text, with a little context on each side,
as Web Annotation needs for a
``TextQuoteSelector`` (exact, prefix, suffix) and a ``TextPositionSelector``
(start, end).

The quote is *matched* on the normalised text, but ``exact``, ``prefix`` and ``suffix`` are
the characters of the text as stored (``text[start:end]`` and its neighbours), so that any
Web Annotation client can re-anchor them; the matched form is kept in ``normalised``.

>>> from pathlib import Path
>>> from relocgraph.pipeline.sources import SourceText, normalise
>>> raw = "Bilan :\\n- **818** projets soutenus\\n"
>>> src = SourceText(Path("doc.txt"), raw, "", *normalise(raw))
>>> span = locate(src, "818 projets soutenus")
>>> (span.start, span.end, span.exact == raw[span.start:span.end])
(12, 34, True)
>>> span.exact, span.normalised, span.prefix
('818** projets soutenus', '818 projets soutenus', 'Bilan :\\n- **')
"""

from __future__ import annotations

from dataclasses import dataclass

from relocgraph.model.errors import EvidenceError, Location
from relocgraph.pipeline.sources import SourceText, normalise_quote

CONTEXT = 32


@dataclass(frozen=True)
class Span:
    """Where a quote is: offsets into the original text, the characters there and around.

    ``exact``, ``prefix`` and ``suffix`` are slices of the stored text; ``normalised`` is
    ``exact`` as the quote was matched (see :func:`relocgraph.pipeline.sources.normalise`).
    """

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str
    line: int
    normalised: str


def find_all(haystack: str, needle: str) -> list[int]:
    """Every start offset of ``needle`` in ``haystack``, overlapping matches included.

    >>> find_all("abab ab", "ab")
    [0, 2, 5]
    """
    found, i = [], haystack.find(needle)
    while i != -1:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def locate(
    source: SourceText,
    quote: str,
    *,
    where: Location | None = None,
    what: str = "",
    occurrence: int | None = None,
    first: bool = False,
) -> Span:
    """Find ``quote`` once in ``source``; raise :class:`EvidenceError` if absent or repeated.

    ``occurrence`` (from 1) picks one of several occurrences; ``first`` picks the first.

    >>> from pathlib import Path
    >>> from relocgraph.pipeline.sources import SourceText, normalise
    >>> raw = "Titre\\n\\nTitre\\nTexte"
    >>> src = SourceText(Path("d.txt"), raw, "", *normalise(raw))
    >>> locate(src, "Titre", first=True).start, locate(src, "Titre", occurrence=2).start
    (0, 7)
    >>> locate(src, "Titre", occurrence=3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.EvidenceError: occurrence 3 of the quote asked for, but it occurs 2 times ...
      hint: give rg:occurrence between 1 and 2
    """
    exact = normalise_quote(quote)
    label = f" of {what}" if what else ""
    if not exact:
        raise EvidenceError(f"empty quote{label}", where, hint="quote the words of the source")
    hits = find_all(source.normalised, exact)
    if not hits:
        raise EvidenceError(
            f"quote{label} not found in {source.path}: {_short(exact)!r}",
            where,
            hint=_closest_hint(source.normalised, exact),
        )
    lines = ", ".join(str(source.line_of(source.offsets[h])) for h in hits)
    if occurrence is not None:
        if not 1 <= occurrence <= len(hits):
            raise EvidenceError(
                f"occurrence {occurrence} of the quote{label} asked for, but it occurs "
                f"{len(hits)} times in {source.path} (lines {lines}): {_short(exact)!r}",
                where,
                hint=f"give rg:occurrence between 1 and {len(hits)}",
            )
        hits = [hits[occurrence - 1]]
    elif first:
        hits = hits[:1]
    if len(hits) > 1:
        lines = ", ".join(str(source.line_of(source.offsets[h])) for h in hits)
        raise EvidenceError(
            f"quote{label} is ambiguous: found {len(hits)} times in {source.path} "
            f"(lines {lines}): {_short(exact)!r}",
            where,
            hint="lengthen the quote until it occurs only once, or say which one with rg:occurrence n",
        )
    i = hits[0]
    start = source.offsets[i]
    end = source.offsets[i + len(exact) - 1] + 1
    text = source.text
    return Span(
        exact=text[start:end],
        start=start,
        end=end,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
        line=source.line_of(start),
        normalised=exact,
    )


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _closest_hint(haystack: str, needle: str) -> str:
    """Say how far the quote matches, so a typo is easy to spot."""
    best = 0
    for size in range(len(needle), 0, -1):
        if needle[:size] in haystack:
            best = size
            break
    if best == 0:
        return "copy the words exactly from the source file"
    return (
        f"the first {best} characters match ({_short(needle[:best], 60)!r}); "
        f"the source differs from {_short(needle[best : best + 30], 40)!r} on"
    )
