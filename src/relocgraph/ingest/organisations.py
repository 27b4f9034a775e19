"""Find organisations — local authorities, the State, national agencies, companies named
after a cue word (« la société X ») or in parentheses — and the publisher."""

from __future__ import annotations

import re

from .document import Document
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
        if ent.label_ != "ORG" or ent.text in GENERIC_ACRONYMS:
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
