"""Find organisations — local authorities, the State, national agencies, companies named
after a cue word (« la société X ») or in parentheses — and the publisher."""

from __future__ import annotations

import re
from typing import Any

from .document import Document
from .gazetteer import Gazetteer, label_type
from .items import fold
from .lexicon import alternatives, mapping, words
from .people import GENERIC_ACRONYMS
from .spans import UPPER

NAME = rf"[{UPPER}0-9][\w'’&.-]*(?:[ \u00a0]+(?:de |d['’]|du |des |et |&\s)?[{UPPER}0-9][\w'’&-]*){{0,4}}"
_AUTHORITY = re.compile(
    rf"\b(?P<name>{alternatives('authority-heads')}"
    rf"(?:[ \u00a0]+(?:de la |de l['’]|du |des |de |d['’]|d’)?)[{UPPER}][\w'’-]*"
    rf"(?:[ \u00a0]+(?:de la |de |d['’])?[{UPPER}][\w'’-]*){{0,3}})"
)
_STATE = re.compile(r"\b(?:l['’]\s?)(?P<name>[ÉE]tat)\b")
ORG_CUES = mapping("org-cues")
_ORG_CUE = re.compile(
    r"\b(?P<cue>(?i:"
    + "|".join(re.escape(c) for c in sorted(ORG_CUES, key=len, reverse=True))
    + rf"))[ \u00a0]+(?P<name>{NAME})"
)
NATIONAL_BODIES = words("national-bodies")
_NATIONAL = re.compile(r"\b(?P<name>" + "|".join(re.escape(n) for n in NATIONAL_BODIES) + r")\b")
_PAREN_COMPANY = re.compile(rf"\((?P<name>[{UPPER}][\w'’&.-]*(?:\s+[{UPPER}][\w'’&.-]*){{0,2}})\)")


_PLACE_AFTER = re.compile(
    r"[ \u00a0]+(?P<place>"
    + "|".join(re.escape(n) for n in sorted(mapping("places"), key=len, reverse=True))
    + r")(?![\w-])"
)
#: Gazetteer types recorded as items here (persons go to :func:`people.persons`).
_KNOWN_TYPES = ("organisation", "authority", "company", "plan", "sector")
#: Names that are a bare authority word or a place: the rules read them in context.
_NOT_NAMES = frozenset(fold(w) for w in ("Région", "Département", "État", "Métropole", *mapping("places")))


def known_names(doc: Document, gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    """Record the organisations, companies, plans and sectors the gazetteer's ruler found
    (a public body followed by its place keeps it: « Dreets Occitanie »; an acronym in
    parentheses after a name is one more mention of it), claim the spans of known sources;
    return the known persons' mentions (start, end, name) for :func:`people.persons`.

    A name is skipped when printed in lower case although known capitalised (« la
    région Auvergne-Rhône-Alpes » is the territory), and when it is a bare authority word
    or a place name (« la Région », « Auvergne-Rhône-Alpes »), which the rules read.
    """
    persons: list[tuple[int, int, str]] = []
    if doc.doc is None:
        return persons
    for ent in doc.doc.ents:
        kind = label_type(ent.label_)
        if kind is None:
            continue
        written = gazetteer.written(ent.text) or ent.text
        if ent.text[:1].islower() and written[:1].isupper():
            continue
        if kind == "person":
            persons.append((ent.start_char, ent.end_char, ent.text))
        elif kind == "source":
            doc.take(ent.start_char, ent.end_char, "source")
        elif kind in _KNOWN_TYPES and fold(ent.text) not in _NOT_NAMES:
            _known(doc, ent, kind)
    return persons


def _known(doc: Document, ent: Any, kind: str) -> None:
    start, end = ent.start_char, ent.end_char
    if ent.text.isupper() and doc.clean[start - 1 : start] == "(":
        before = [
            m for m in doc.mentions if start - 3 <= m[1] <= start and m[2] in ("organisation", "company")
        ]
        if before:  # « Direction générale des Entreprises (DGE) »
            doc.add_entity(before[-1][2], start, end, before[-1][3], 0.9)
            return
    place = _PLACE_AFTER.match(doc.clean, end) if kind in ("organisation", "authority") else None
    if place:
        end = place.end()
    name = re.sub(r"\s+", " ", doc.clean[start:end])
    iri = ent.ent_id_ if not ent.ent_id_.startswith("lexicon:") else None
    extra = {"kind": "authority"} if kind == "authority" else {}
    item_type = "organisation" if kind == "authority" else kind
    doc.add_entity(item_type, start, end, name, 0.95, found_by="gazetteer", iri=iri, **extra)


def organisations(doc: Document) -> None:
    """Record the organisations the rules find, in this order: authorities (« Région
    Occitanie »), the State, national bodies, names after a cue word, names in
    parentheses (not acronyms).

    >>> doc = Document("La Région Occitanie et l’État aident la société Dupont Industries.")
    >>> organisations(doc)
    >>> [(i.type, i.attrs["name"]) for i in doc.items]
    [('organisation', 'Région Occitanie'), ('organisation', 'État'), ('company', 'Dupont Industries')]
    """
    for m in _AUTHORITY.finditer(doc.clean):
        name = re.sub(r"\s+", " ", m.group("name"))
        doc.add_entity("organisation", m.start("name"), m.end("name"), name, 0.9, kind="authority")
    for m in _STATE.finditer(doc.clean):
        if doc.overlaps(m.start(), m.end()) or re.search(
            r"\b(?:[Cc]hef|[Cc]hefs)\s+de\s*$", doc.clean[max(0, m.start() - 10) : m.start()]
        ):
            continue  # inside a known name, or « Chef de l'État » (a title)
        doc.add_entity("organisation", m.start(), m.end("name"), "État", 0.85, kind="state")
    for m in _NATIONAL.finditer(doc.clean):
        doc.add_entity("organisation", m.start(), m.end(), m.group("name"), 0.9, kind="agency")
    for m in _ORG_CUE.finditer(doc.clean):
        name = m.group("name").rstrip(".")
        kind = ORG_CUES.get(m.group("cue"), ORG_CUES.get(m.group("cue").lower(), "company"))
        doc.add_entity(kind, m.start("name"), m.start("name") + len(name), name, 0.85)
    for m in _PAREN_COMPANY.finditer(doc.clean):
        name = m.group("name")
        if name.isupper() and len(name) <= 5:
            continue  # an acronym spelling out the name before it
        doc.add_entity("company", m.start("name"), m.end("name"), name, 0.6)


def named_organisations(doc: Document) -> None:
    """Multi-word names spaCy tags ORG that no rule has claimed (low confidence)."""
    if doc.doc is None:
        return
    for ent in doc.doc.ents:
        if ent.label_ != "ORG" or ent.text in GENERIC_ACRONYMS or ent.text[:1].islower():
            continue
        parts = ent.text.split()
        if len(parts) < 2 or not all(w[:1].isupper() or w in ("de", "des", "du", "d'") for w in parts):
            continue
        doc.add_entity("organisation", ent.start_char, ent.end_char, ent.text, 0.5, kind="ner")


def publisher(doc: Document) -> None:
    """Record the publisher: the most-mentioned authority (the first on a tie)."""
    authorities = [i for i in doc.items if i.type == "organisation" and i.attrs.get("kind") == "authority"]
    if not authorities:
        return
    best = max(authorities, key=lambda i: (i.attrs.get("mentions", 1), -i.start))
    doc.item("publisher", best.start, best.end, 0.8, attrs={"name": best.attrs["name"]})
