"""Cut a document's text into spans: Markdown masking, paragraphs, sentences, list intros.

Every function works on character offsets into the original text, so an item found in
any span is still ``text[start:end]`` of the document.
"""

from __future__ import annotations

import bisect
import re

#: Upper- and lower-case letters of French, for character classes in patterns.
UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿœ"

Span = tuple[int, int]


def mask(text: str) -> str:
    """A copy of ``text`` of the same length, with Markdown markers blanked out.

    ``**`` becomes spaces and ``1^{re}`` becomes ``1re   ``, so that every offset still
    points into the original text.

    >>> mask("**818** et 1^{re} fois")
    '  818   et 1re    fois'
    """

    def sup(m: re.Match[str]) -> str:
        return m.group(1) + " " * (len(m.group(0)) - len(m.group(1)))

    return re.sub(r"\^\{([^}\n]*)\}", sup, text).replace("*", " ")


def blank(text: str, start: int, end: int) -> str:
    """``text`` with ``start:end`` turned into spaces (line breaks kept).

    >>> blank("ab\\ncd", 1, 4)
    'a \\n d'
    """
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def paragraphs(clean: str) -> list[Span]:
    """Paragraphs: runs of lines between blank lines, without surrounding white space.

    >>> paragraphs("Titre\\n\\n  Un texte\\nsuivi.\\n")
    [(0, 5), (9, 24)]
    """
    spans = []
    for m in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", clean):
        s, e = m.start(), m.end()
        while s < e and clean[s].isspace():
            s += 1
        while e > s and clean[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def sentences(clean: str, paragraphs: list[Span]) -> list[Span]:
    """Sentences inside paragraphs; each line of a list is its own sentence.

    >>> text = "M. Dupont parle. Il part.\\n- un point"
    >>> [text[s:e] for s, e in sentences(text, [(0, len(text))])]
    ['M. Dupont parle.', 'Il part.', 'un point']
    """
    out = []
    for ps, pe in paragraphs:
        for line in re.finditer(r"[^\n]+", clean[ps:pe]):
            ls, le = ps + line.start(), ps + line.end()
            bullet = re.match(r"\s*[-•–]\s+", clean[ls:le])
            if bullet:  # a list item: the sentence is its words, not the bullet
                ls += bullet.end()
            start = ls
            for m in re.finditer(r"(?<=[.!?…])[\s»”\"]*\s+(?=[«“\"]?\s*[" + UPPER + r"0-9])", clean[ls:le]):
                end = ls + m.start()
                if not re.search(r"\b(?:M|Mme|cf|etc)\.$", clean[start:end]):
                    out.append((start, end))
                    start = ls + m.end()
            out.append((start, le))
    return [(s, e) for s, e in out if clean[s:e].strip()]


def containing(spans: list[Span], pos: int) -> Span | None:
    """The span of sorted, disjoint ``spans`` that contains offset ``pos``, if any.

    >>> containing([(0, 5), (9, 24)], 10), containing([(0, 5), (9, 24)], 7)
    ((9, 24), None)
    """
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return None


def line_start(clean: str, pos: int) -> int:
    """The offset where the line holding ``pos`` starts."""
    return clean.rfind("\n", 0, pos) + 1


def list_intro(clean: str, sentences: list[Span], pos: int) -> Span | None:
    """The sentence that introduces a bulleted list (the line before its first item).

    >>> text = "Bilan :\\n- un\\n- deux"
    >>> list_intro(text, [(0, 7), (10, 12), (15, 19)], 15)
    (0, 7)
    """
    i = line_start(clean, pos)
    while i > 0:
        prev_end = i - 1
        prev_start = clean.rfind("\n", 0, prev_end) + 1
        line = clean[prev_start:prev_end]
        if not line.strip() or line.lstrip().startswith("-"):
            i = prev_start
            continue
        return containing(sentences, prev_end - 1) or (prev_start, prev_end)
    return None
