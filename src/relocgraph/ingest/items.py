"""What the extractor finds: the :class:`Item` record, the item types, and :func:`fold`,
the name comparison every later step (linking, drafts, scoring) shares."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from relocgraph.pipeline.sources import normalise

#: Every item type, in the order items starting at the same offset are listed.
TYPES = (
    "dateline",
    "title",
    "publisher",
    "person",
    "post",
    "organisation",
    "company",
    "plan",
    "site",
    "sector",
    "figure",
    "date",
    "quote",
)
#: Types reported once per distinct name (first mention, with a ``mentions`` count).
ENTITY_TYPES = ("person", "organisation", "company", "plan", "site", "sector")
#: Types whose spans block a later name from claiming the same words.
NAME_TYPES = ("person", "organisation", "company", "plan", "site", "sector", "date")


def fold(text: str) -> str:
    """Fold a name for comparison: no accents, no case, plain apostrophes, single spaces,
    no leading article.

    >>> fold("  l’État ")
    'etat'
    >>> fold("Stéphanie PERNOD") == fold("stephanie pernod")
    True
    """
    text = normalise(text)[0]
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("œ", "oe").replace("’", "'")
    text = re.sub(r"\s+", " ", text).strip(" .,:;")
    return re.sub(r"^(?:la |le |les |l'|un |une |notre |nos |du |de la |des )", "", text)


@dataclass
class Item:
    """One extracted item: a span of the document's text and what it says.

    >>> Item("figure", "818", 10, 13, 0.9, value=Decimal("818"), unit="jobs").to_json()
    {'type': 'figure', 'text': '818', 'start': 10, 'end': 13, 'confidence': 0.9, 'value': 818, 'unit': 'jobs'}
    """

    type: str
    text: str
    start: int
    end: int
    confidence: float
    value: Any = None
    unit: str | None = None
    speaker: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    evidence: str | None = None

    @property
    def key(self) -> str:
        """The folded name under which entity items are deduplicated and scored."""
        return fold(self.attrs.get("name", self.text))

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: type, text, start, end, confidence, then the set fields."""
        out: dict[str, Any] = {
            "type": self.type,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "confidence": self.confidence,
        }
        if self.value is not None:
            value = self.value
            if isinstance(value, Decimal):
                value = int(value) if value == value.to_integral_value() else float(value)
            out["value"] = value
        if self.unit is not None:
            out["unit"] = self.unit
        if self.speaker is not None:
            out["speaker"] = self.speaker
        out.update(
            {k: v for k, v in sorted(self.attrs.items()) if v not in (None, "", []) and not k.startswith("_")}
        )
        if self.evidence is not None:
            out["evidence"] = self.evidence
        return out
