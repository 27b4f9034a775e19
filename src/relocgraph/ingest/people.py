"""Find persons (« Stéphanie PERNOD », « Marc Lefèvre ») and the titles printed after
their names (« 1re Vice-Présidente déléguée à l'économie »)."""

from __future__ import annotations

import re

from .document import Document
from .items import Item, fold
from .lexicon import alternatives, words
from .nlp import is_stop
from .spans import LOWER, UPPER

TITLE_WORDS = (
    r"(?:(?:\d+\s*(?:re|er|e|ère|ème)|premi(?:er|ère)|première)\s+)?" + alternatives("titles") + r"\b"
)
_TITLE_RE = re.compile(TITLE_WORDS, re.IGNORECASE)
_HONORIFICS = frozenset(words("honorifics"))
_NOT_FIRST_NAMES = frozenset(words("not-first-names"))
GENERIC_ACRONYMS = frozenset(words("generic-acronyms"))

CAPW = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)*"
UPW = rf"(?:(?:DE|DU|DES|LE|LA|VAN|VON|DI|DA|D['’])\s?)?[{UPPER}][{UPPER}'’-]*[{UPPER}]"
_PERSON_UPPER = re.compile(rf"\b(?P<first>{CAPW}(?:\s+{CAPW})?)\s+(?P<last>{UPW})(?![\w'’-])")
_PERSON_TITLE_CASE = re.compile(rf"\b(?P<name>{CAPW}\s+{CAPW}(?:\s+{CAPW})?)(?=\s*,\s*{TITLE_WORDS})")
_PERSON_CUE = re.compile(r"\b(?:par|selon|pour|avec|M\.|Mme)\s+$")
_TITLE_CONTINUES = re.compile(r"\s*(?:à|au|aux|de|du|des|d['’]|et|en charge)\b")

#: A candidate person: start, end, name as printed, confidence.
Candidate = tuple[int, int, str, float]


def _upper_case_names(clean: str) -> list[Candidate]:
    """« Stéphanie PERNOD »: capitalised first names, family name in capitals."""
    found = []
    for m in _PERSON_UPPER.finditer(clean):
        first = m.group("first").split()
        while first and (first[0].lower() in _HONORIFICS or _TITLE_RE.fullmatch(first[0])):
            first = first[1:]
        if not first or first[0].lower() in _NOT_FIRST_NAMES or is_stop(first[0]):
            continue
        if m.group("last") in GENERIC_ACRONYMS:
            continue
        start = m.start("first") + m.group("first").find(first[0])
        found.append((start, m.end(), clean[start : m.end()], 0.95))
    return found


def _title_case_names(clean: str) -> list[Candidate]:
    """« Marc Lefèvre, directeur »: capitalised words followed by a title."""
    found = []
    for m in _PERSON_TITLE_CASE.finditer(clean):
        first = m.group("name").split()[0]
        if is_stop(first) or first.lower() in _NOT_FIRST_NAMES:
            continue
        found.append((m.start(), m.end(), m.group("name"), 0.85))
    return found


def _recognised_names(doc: Document, known: set[str]) -> list[Candidate]:
    """spaCy's PER entities of two or three capitalised words, kept when the name is
    ``known`` from a rule or follows « par », « selon », « M. »…"""
    found: list[Candidate] = []
    if doc.doc is None:
        return found
    for ent in doc.doc.ents:
        if ent.label_ != "PER":
            continue
        parts = ent.text.split()
        if not 2 <= len(parts) <= 3 or not all(w[:1].isupper() for w in parts):
            continue
        if is_stop(parts[0]) or any(w.lower() in _NOT_FIRST_NAMES or _TITLE_RE.match(w) for w in parts):
            continue
        before = doc.clean[max(0, ent.start_char - 12) : ent.start_char]
        if fold(ent.text) in known or _PERSON_CUE.search(before):
            found.append((ent.start_char, ent.end_char, ent.text, 0.75))
    return found


def persons(doc: Document) -> list[tuple[int, int, str]]:
    """Record each person once (with a ``mentions`` count) and the title printed after
    each mention; return every candidate mention (start, end, name) for quote speakers.

    >>> doc = Document("Anne DUPONT, présidente de la Région, salue le bilan.")
    >>> doc.segment(None)
    >>> _ = persons(doc)
    >>> [(i.type, i.text) for i in doc.items]
    [('person', 'Anne DUPONT'), ('post', 'présidente de la Région')]
    """
    found = _upper_case_names(doc.clean) + _title_case_names(doc.clean)
    found += _recognised_names(doc, {fold(n) for _, _, n, _ in found})
    found.sort(key=lambda f: (f[0], -f[3]))
    known: dict[str, Item] = {}
    last_end = -1
    for start, end, name, conf in found:
        if start < last_end or doc.overlaps(start, end, ("plan",)):
            continue
        last_end = end
        key = fold(name)
        if key in known:
            known[key].attrs["mentions"] += 1
        else:
            known[key] = doc.item("person", start, end, conf, attrs={"name": name, "mentions": 1})
        doc.take(start, end, "person")
        post_after(doc, start, end, name)
    return [(s, e, n) for s, e, n, _ in found]


def _title_end(clean: str, pos: int) -> int:
    """Where a title starting at ``pos`` ends: at a sentence mark, or a comma that no
    « à », « de », « et »… continues."""
    while pos < len(clean):
        ch = clean[pos]
        if ch in '.:;\n«»“”"()':
            break
        if ch == "," and not _TITLE_CONTINUES.match(clean[pos + 1 : pos + 40]):
            break
        pos += 1
    return pos


def post_after(doc: Document, start: int, end: int, name: str) -> None:
    """Record the title printed right after the person's name at ``start:end``, if any
    (once per person and title, with a ``mentions`` count)."""
    rest = doc.clean[end : end + 400]
    m = re.match(r"(?:\s*,\s*|[ \u00a0]+)(?=" + TITLE_WORDS + ")", rest, re.IGNORECASE)
    if not m:
        return
    s = end + m.end()
    pos = _title_end(doc.clean, s)
    title = doc.clean[s:pos].strip()
    if len(title.split()) > 25:
        return
    key = (fold(name), fold(title))
    existing = [i for i in doc.items if i.type == "post" and (fold(i.attrs["person"]), fold(i.text)) == key]
    if existing:
        existing[0].attrs["mentions"] += 1
    else:
        doc.item("post", s, pos, 0.85, attrs={"person": name, "mentions": 1, "_person_start": start})
