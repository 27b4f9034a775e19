"""Find production sites and plants (« usine à Castelnaudary », « sites de production »)."""

from __future__ import annotations

import re

from .document import Document
from .lexicon import alternatives
from .spans import LOWER, UPPER

SITE_HEADS = alternatives("site-heads")
_SITE = re.compile(
    rf"\b(?P<head>{SITE_HEADS})(?P<of>\s+de\s+[{LOWER}]+"
    rf"(?:\s+à\s+[{LOWER}]+)?)?(?P<place>\s+(?:à|près de|en|au)\s+[{UPPER}][\w'’-]+)?"
)
_EVENT_BEFORE = re.compile(r"(?:ouvertures?|fermetures?|créations?|implantations?)\s+de\s+$")


def sites(doc: Document) -> None:
    """Record each site head word with its place (« usine à Castelnaudary »), except after
    an event noun (« ouverture de sites » counts events, not a site).

    >>> doc = Document("Une usine à Castelnaudary ouvre.")
    >>> sites(doc)
    >>> doc.items[0].text
    'usine à Castelnaudary'
    """
    for m in _SITE.finditer(doc.clean):
        if _EVENT_BEFORE.search(doc.clean[max(0, m.start() - 30) : m.start()]):
            continue
        end = m.end("place") if m.group("place") else m.end("head")
        doc.add_entity("site", m.start(), end, doc.clean[m.start() : end], 0.7)
