"""Find persons (« Stéphanie PERNOD », « Marc Lefèvre ») and the titles printed after
their names (« 1re Vice-Présidente déléguée à l'économie »)."""

from __future__ import annotations

import re
from typing import Any

from .document import Document
from .items import Item, fold
from .lexicon import alternatives, mapping, words
from .nlp import is_stop
from .spans import LOWER, UPPER

TITLE_WORDS = (
    r"(?:(?:\d+\s*(?:re|er|e|ère|ème)|premi(?:er|ère)|première)\s+)?" + alternatives("titles") + r"\b"
)
_TITLE_RE = re.compile(TITLE_WORDS, re.IGNORECASE)
_HONORIFICS = frozenset(words("honorifics"))
_NOT_FIRST_NAMES = frozenset(words("not-first-names"))
GENERIC_ACRONYMS = frozenset(words("generic-acronyms"))

CAPW = rf"[{UPPER}][{LOWER}]+(?:-[ \u00a0]?[{UPPER}][{LOWER}]+)*"
UPW = rf"(?:(?:DE|DU|DES|LE|LA|VAN|VON|DI|DA|D['’])\s?)?[{UPPER}][{UPPER}'’-]*[{UPPER}]"
_PERSON_UPPER = re.compile(rf"\b(?P<first>{CAPW}(?:\s+{CAPW})?)\s+(?P<last>{UPW})(?![\w'’-])")
_PERSON_TITLE_CASE = re.compile(rf"\b(?P<name>{CAPW}\s+{CAPW}(?:\s+{CAPW})?)(?=\s*,\s*{TITLE_WORDS})")
_PERSON_CUE = re.compile(r"\b(?:(?i:par|selon|pour|avec)|M\.|Mme)\s+$")
#: A title printed before the name: « la ministre déléguée chargée de l'industrie, Agnès
#: Pannier-Runacher », « le ministre de l'Industrie Roland Lescure ».
_TITLE_BEFORE = re.compile(
    rf"\b(?:le|la|du|de\s+la|au|à\s+la)\s+{TITLE_WORDS}(?P<rest>[^.;:!?«»()\n]{{0,80}}?)"
    rf"(?:,\s*|\s+)(?P<name>(?-i:{CAPW}\s+{CAPW}(?:\s+{CAPW})?))(?![\w'’-])",
    re.IGNORECASE,
)
_TITLE_CONTINUES = re.compile(r"\s*(?:à|au|aux|de|du|des|d['’]|et|en charge)\b")

#: « l'usine Aluminium Dunkerque », « la société X »: a name after a company cue is no person.
_ORG_CUE_BEFORE = re.compile(
    r"\b(?i:" + "|".join(re.escape(c) for c in sorted(mapping("org-cues"), key=len, reverse=True)) + r")\s+$"
)

_NAME_AFTER_AND = re.compile(rf" et\s+(?:{CAPW}\s+(?:{CAPW}|{UPW})|M\.|Mme)")

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


def _titled_names(clean: str) -> list[Candidate]:
    """Names printed after a title (« le ministre de l'Industrie Roland Lescure »)."""
    found = []
    for m in _TITLE_BEFORE.finditer(clean):
        parts = m.group("name").split()
        start = m.start("name")
        if re.search(r"\b(?:de|d['’]|du|des|l['’])\s*$", clean[: m.start("name")][-6:]) and len(parts) == 3:
            start += clean[start:].find(parts[1])  # « de l'Industrie Roland Lescure »
            parts = parts[1:]
        elif re.search(r"\b(?:de|d['’]|du|des|l['’])\s*$", clean[: m.start("name")][-6:]):
            continue
        if not m.group("name")[:1].isupper() or is_stop(parts[0]) or parts[0].lower() in _NOT_FIRST_NAMES:
            continue
        if _TITLE_RE.fullmatch(parts[0]):
            continue
        found.append((start, m.end("name"), clean[start : m.end("name")], 0.85))
    return found


def _named_person(doc: Document, ent: Any) -> bool:
    """Whether spaCy's PER name ``ent`` reads as a person by its place in the sentence: the
    subject of a verb (« Laurent Wauquiez avait évoqué »), a line of its own or a
    signature (« Julien Tognola, Dreets Occitanie », « — Emmanuel Macron (@…) »)."""
    if ent.root.dep_ in ("nsubj", "nsubj:pass") and ent.root.head.pos_ in ("VERB", "AUX"):
        return True
    line_start = doc.clean.rfind("\n", 0, ent.start_char) + 1
    lead = doc.clean[line_start : ent.start_char]
    return not lead.strip(" \t—–-") and len(doc.clean[ent.end_char :].split("\n", 1)[0]) < 60


def _recognised_names(doc: Document, known: set[str]) -> list[Candidate]:
    """spaCy's PER entities of two or three capitalised words, kept when the name is
    ``known`` from a rule, follows « par », « selon », « M. »…, or its place in the
    sentence makes it a person (:func:`_named_person`)."""
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
        if fold(ent.text) in known or _PERSON_CUE.search(before) or _named_person(doc, ent):
            found.append((ent.start_char, ent.end_char, ent.text, 0.75))
    return found


def persons(
    doc: Document, known_persons: list[tuple[int, int, str]] | None = None
) -> list[tuple[int, int, str]]:
    """Record each person once (with a ``mentions`` count) and the title printed after
    each mention; return every candidate mention (start, end, name) for quote speakers.

    >>> doc = Document("Anne DUPONT, présidente de la Région, salue le bilan.")
    >>> doc.segment(None)
    >>> _ = persons(doc)
    >>> [(i.type, i.text) for i in doc.items]
    [('person', 'Anne DUPONT'), ('post', 'présidente de la Région')]
    """
    found = [(s, e, n, 0.95) for s, e, n in known_persons or []]
    found += _upper_case_names(doc.clean) + _title_case_names(doc.clean) + _titled_names(doc.clean)
    found += _recognised_names(doc, {fold(n) for _, _, n, _ in found})
    found.sort(key=lambda f: (f[0], -f[3]))
    known: dict[str, Item] = {}
    last_end = -1
    for start, end, name, conf in found:
        if start < last_end or doc.overlaps(start, end, ("plan", "organisation", "company")):
            continue
        if _ORG_CUE_BEFORE.search(doc.clean[max(0, start - 20) : start]):
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
        if ch == "," and (
            not _TITLE_CONTINUES.match(clean[pos + 1 : pos + 40])
            or re.match(r",\s*et\b", clean[pos : pos + 6])
        ):
            break  # « …, et de l'Agence » starts another member of the sentence
        if ch == " " and _NAME_AFTER_AND.match(clean, pos):
            break  # « président de Michelin et Laurent Wauquiez »: the title stops at « et »
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
    employer = _EMPLOYER.search(doc.clean, s, pos)
    if employer and fold(employer.group("org")) not in _NOT_EMPLOYERS:
        org = employer.group("org")
        doc.add_entity("company", employer.start("org"), employer.start("org") + len(org), org, 0.6)


#: « président de Michelin », « PDG du groupe X »: the firm a company title is held in.
_EMPLOYER = re.compile(
    rf"\b(?i:président(?:e)?(?:-directeur|-directrice)?(?:\s+général(?:e)?)?|pdg|directeur\s+général|"
    rf"directrice\s+générale|dirigeant(?:e)?|fondat(?:eur|rice)|ceo|gérant(?:e)?)\s+(?:de|d['’]|du)\s*"
    rf"(?:(?i:groupe|société|l['’]entreprise)\s+)?(?P<org>[{UPPER}][\w'’&-]+(?:\s+[{UPPER}][\w'’&-]+)?)"
)
_NOT_EMPLOYERS = frozenset(
    fold(w)
    for w in (
        "Région",
        "République",
        "Département",
        "Métropole",
        "État",
        "Etat",
        "France",
        "Conseil",
        *mapping("places"),
    )
)
