"""Link extracted names to the entity registry (``data/entities.ttl``).

A name links to an entity when it equals one of the entity's ``rdfs:label`` or
``skos:altLabel`` values after folding (accents, case, apostrophes and a leading
article ignored, see :func:`relocgraph.ingest.items.fold`), and the entity's IRI is of
the kind the item calls for (a person name never links to a plan).

>>> from pathlib import Path
>>> registry = load_registry(Path("data/entities.ttl"))
>>> registry.find("l’ETAT", kinds=("organisation",))
rdflib.term.URIRef('https://w3id.org/relocgraph/id/organisation/etat')
>>> registry.find("Plan Relocalisation", kinds=("plan", "instrument")) is not None
True
>>> registry.find("Marc Lefèvre", kinds=("person",)) is None
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDFS, SKOS, Graph, URIRef

from relocgraph.model.namespaces import ID

from .items import fold

#: Registry prefixes an item type may link to.
KINDS: dict[str, tuple[str, ...]] = {
    "person": ("person",),
    "organisation": ("organisation",),
    "company": ("organisation",),
    "publisher": ("organisation",),
    "plan": ("plan", "instrument", "policy"),
    "site": ("site",),
    "sector": ("sector",),
    "place": ("place",),
    "indicator": ("indicator",),
    "post": ("post",),
    "source": ("source",),
}


@dataclass
class Registry:
    """Folded labels of the registry's entities, and every IRI it defines."""

    labels: dict[str, list[URIRef]] = field(default_factory=dict)
    subjects: set[URIRef] = field(default_factory=set)

    def add(self, iri: URIRef, label: str) -> None:
        bucket = self.labels.setdefault(fold(label), [])
        if iri not in bucket:
            bucket.append(iri)

    def find(self, name: str, *, kinds: tuple[str, ...]) -> URIRef | None:
        """The registry entity named ``name`` among ``kinds`` (IRI prefixes), if exactly one."""
        hits = [iri for iri in self.labels.get(fold(name), []) if kind_of(iri) in kinds]
        return hits[0] if len(hits) == 1 else None

    def has(self, iri: URIRef) -> bool:
        return iri in self.subjects


def kind_of(iri: URIRef) -> str:
    """The kind of an entity IRI: ``…/id/person/x`` → ``person``."""
    rest = str(iri)[len(str(ID)) :]
    return rest.split("/", 1)[0]


def load_registry(path: Path) -> Registry:
    """Read the entity registry's labels (an absent file gives an empty registry)."""
    registry = Registry()
    if not path.exists():
        return registry
    graph = Graph()
    graph.parse(path, format="turtle")
    for s, _p, _o in graph:
        if isinstance(s, URIRef) and str(s).startswith(str(ID)):
            registry.subjects.add(s)
    for prop in (RDFS.label, SKOS.altLabel):
        for s, label in graph.subject_objects(prop):
            if isinstance(s, URIRef) and str(s).startswith(str(ID)):
                registry.add(s, str(label))
    return registry


def slugify(text: str, *, limit: int = 60) -> str:
    """An ASCII slug for an IRI: ``« Plan Industrie Occitanie »`` → ``plan-industrie-occitanie``.

    >>> slugify("Hélène MARCHAND")
    'helene-marchand'
    >>> slugify("AD'OCC")
    'ad-occ'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("œ", "oe")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > limit:
        text = text[:limit].rsplit("-", 1)[0]
    return text or "x"
